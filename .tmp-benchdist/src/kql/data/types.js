export const ALL_TYPES = ['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid'];
export const TICKS_PER_MS = 10000n;
export const TICKS_PER_SECOND = 10000000n;
export const TICKS_PER_MINUTE = 600000000n;
export const TICKS_PER_HOUR = 36000000000n;
export const TICKS_PER_DAY = 864000000000n;
/** Normalises the aliases Kusto accepts in type names (`boolean`, `date`, `double`, `uuid`, ...). */
export function normalizeTypeName(name) {
    switch (name.toLowerCase()) {
        case 'bool':
        case 'boolean': return 'bool';
        case 'int':
        case 'int32': return 'int';
        case 'long':
        case 'int64': return 'long';
        case 'real':
        case 'double': return 'real';
        case 'decimal': return 'decimal';
        case 'string': return 'string';
        case 'datetime':
        case 'date': return 'datetime';
        case 'timespan':
        case 'time': return 'timespan';
        case 'dynamic': return 'dynamic';
        case 'guid':
        case 'uuid':
        case 'uniqueid': return 'guid';
        default: return undefined;
    }
}
export function isNumericType(t) {
    return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}
