import { unsupported } from '../errors.js';
import { formatDatetime, formatDatetimeTostring } from './datetime.js';
import { formatTimespan } from './timespan.js';
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const TWO_63 = 9223372036854775808; // 2^63 as a double
/**
 * Formats a double the way .NET Core 3.0+ `double.ToString()` does (Kusto's `tostring(real)`):
 * shortest round-trip digits, fixed notation unless the decimal exponent is beyond the
 * max(digit count, 15) window or below 1e-4, then `d.dddE+XX` with at least two exponent digits.
 */
export function formatReal(x) {
    if (Number.isNaN(x))
        return 'NaN';
    if (x === Infinity)
        return 'Infinity';
    if (x === -Infinity)
        return '-Infinity';
    if (x === 0)
        return Object.is(x, -0) ? '-0' : '0';
    // JS toExponential() without an argument yields the shortest round-trip digits, like .NET Core.
    const [mant, expText] = Math.abs(x).toExponential().split('e');
    const digits = mant.replace('.', '');
    const exp = Number(expText);
    const scale = exp + 1; // position of the decimal point relative to the first digit
    const maxDigits = Math.max(digits.length, 15);
    let body;
    if (scale > maxDigits || scale < -3) {
        const e = Math.abs(exp);
        body = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'E' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
    }
    else if (scale <= 0) {
        body = '0.' + '0'.repeat(-scale) + digits;
    }
    else if (scale >= digits.length) {
        body = digits + '0'.repeat(scale - digits.length);
    }
    else {
        body = digits.slice(0, scale) + '.' + digits.slice(scale);
    }
    return x < 0 ? '-' + body : body;
}
/** A JS number held in a dynamic value: integral values print as integers (we cannot tell 1 from 1.0). */
function formatDynNumber(n) {
    if (Number.isInteger(n) && Math.abs(n) < TWO_63)
        return BigInt(n).toString();
    if (!Number.isFinite(n))
        return JSON.stringify(formatReal(n)); // JSON has no NaN/Infinity literal
    return formatReal(n);
}
/** Compact JSON text of a dynamic value, as Kusto's `tostring(dynamic)` writes it (property order kept). */
export function dynamicToJsonText(d) {
    if (d === null)
        return 'null';
    switch (typeof d) {
        case 'boolean': return d ? 'true' : 'false';
        case 'number': return formatDynNumber(d);
        case 'bigint': return d.toString();
        case 'string': return JSON.stringify(d);
        default: break;
    }
    if (Array.isArray(d))
        return '[' + d.map(dynamicToJsonText).join(',') + ']';
    const parts = [];
    for (const k of Object.keys(d))
        parts.push(JSON.stringify(k) + ':' + dynamicToJsonText(d[k]));
    return '{' + parts.join(',') + '}';
}
/** Kusto's `tostring()` of a value of the given type. Null gives "" (strings cannot be null in Kusto). */
export function toKustoString(v, type) {
    if (v === null)
        return '';
    switch (type) {
        case 'string':
        case 'guid': return v;
        case 'bool': return v ? 'true' : 'false';
        case 'int': return String(v);
        case 'long': return v.toString();
        case 'real': return formatReal(v);
        case 'datetime': return formatDatetimeTostring(v);
        case 'timespan': return formatTimespan(v);
        case 'dynamic': return typeof v === 'string' ? v : dynamicToJsonText(v);
        case 'decimal': throw unsupported('decimal');
    }
}
function dynToJson(d) {
    if (d === null || typeof d === 'boolean' || typeof d === 'string')
        return d;
    if (typeof d === 'bigint')
        return d >= MIN_SAFE && d <= MAX_SAFE ? Number(d) : d.toString();
    if (typeof d === 'number')
        return Number.isFinite(d) ? d : formatReal(d);
    if (Array.isArray(d))
        return d.map(dynToJson);
    const out = {};
    for (const k of Object.keys(d)) {
        const v = dynToJson(d[k]);
        if (k === '__proto__')
            Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else
            out[k] = v;
    }
    return out;
}
/**
 * A value encoded for JSON output, as Kusto's REST API does: datetime as ISO-8601 UTC (fraction trimmed),
 * timespan in Kusto text form, longs beyond 2^53 as decimal strings, NaN/Infinity as strings.
 */
export function toJsonValue(v, type) {
    if (v === null)
        return type === 'string' ? '' : null;
    switch (type) {
        case 'string':
        case 'guid':
        case 'bool':
        case 'int': return v;
        case 'long': {
            const b = v;
            return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b.toString();
        }
        case 'real': {
            const n = v;
            return Number.isFinite(n) ? n : formatReal(n);
        }
        case 'datetime': return formatDatetime(v);
        case 'timespan': return formatTimespan(v);
        case 'dynamic': return dynToJson(v);
        case 'decimal': throw unsupported('decimal');
    }
}
/** Text for a table cell: null is shown empty; datetimes in the short ISO form, the rest as tostring(). */
export function toDisplayString(v, type) {
    if (v === null)
        return '';
    if (type === 'datetime')
        return formatDatetime(v);
    return toKustoString(v, type);
}
