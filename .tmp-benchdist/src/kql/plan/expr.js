export const Exprs = {
    column(name, type) {
        return Object.freeze({ kind: 'column', name, type });
    },
    literal(type, value) {
        return Object.freeze({ kind: 'literal', type, value });
    },
    call(name, args, type) {
        return Object.freeze({ kind: 'call', name, args: Object.freeze([...args]), type });
    },
};
/** A short text for `explain`. */
export function describeExpr(e) {
    switch (e.kind) {
        case 'column':
            return e.name;
        case 'literal':
            return describeLiteral(e);
        case 'call': {
            if (e.name.startsWith('op:')) {
                const op = e.name.slice(3);
                if (op === 'member')
                    return `${describeExpr(e.args[0])}.${String(e.args[1].value)}`;
                if (op === 'index')
                    return `${describeExpr(e.args[0])}[${describeExpr(e.args[1])}]`;
                if (e.args.length === 1)
                    return `${op}(${describeExpr(e.args[0])})`;
                return `(${e.args.map(describeExpr).join(` ${op} `)})`;
            }
            return `${e.name}(${e.args.map(describeExpr).join(', ')})`;
        }
        case 'listMatch': {
            const parts = [...e.values.map(describeExpr), ...e.tables.map(() => '<table>')];
            return `${describeExpr(e.target)} ${e.op} (${parts.join(', ')})`;
        }
        case 'scalarQuery':
            return 'toscalar(<table>)';
    }
}
function describeLiteral(e) {
    const v = e.value;
    if (v === null)
        return `${e.type}(null)`;
    if (e.type === 'string')
        return JSON.stringify(v);
    if (typeof v === 'bigint')
        return `${e.type}(${v})`;
    if (typeof v === 'object')
        return `dynamic(${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))})`;
    return String(v);
}
