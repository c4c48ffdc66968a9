import { ConstVector, FlatVector } from '../data/vector.js';
const CMP = new Set(['op:==', 'op:!=', 'op:<', 'op:<=', 'op:>', 'op:>=']);
const BIG = new Set(['long', 'datetime', 'timespan']);
const NUM = new Set(['int', 'real']);
export function binaryKernel(name, site) {
    if (CMP.has(name)) {
        const [a, b] = site.argTypes;
        const big = BIG.has(a) && BIG.has(b);
        const num = NUM.has(a) && NUM.has(b);
        if (!big && !num)
            return null;
        const op = name.slice(3);
        return (vs, n) => compareKernel(op, vs[0], vs[1], n);
    }
    if (name === 'op:and' || name === 'op:or') {
        const isAnd = name === 'op:and';
        return (vs, n) => logicKernel(isAnd, vs[0], vs[1], n);
    }
    if (name === 'not')
        return (vs, n) => notKernel(vs[0], n);
    return null;
}
function compareKernel(op, a, b, n) {
    if (a.enc === 'flat' && b.enc === 'const')
        return compareConst(op, a, b.value, n, false);
    if (a.enc === 'const' && b.enc === 'flat')
        return compareConst(op, b, a.value, n, true);
    if (a.enc === 'flat' && b.enc === 'flat')
        return compareFlat(op, a, b, n);
    return null;
}
/** Kusto's null rules for comparisons: `==` with one null is false, `!=` with one null is true, others null. */
function nullResult(op, bothNull) {
    if (bothNull && (op === '==' || op === '!='))
        return -1;
    if (op === '==')
        return 0;
    if (op === '!=')
        return 1;
    return -1;
}
function compareConst(op, v, c, n, swapped) {
    if (v.data instanceof Array || v.data instanceof Uint8Array)
        return null;
    const data = v.data;
    const sel = v.sel;
    const nulls = v.nulls;
    const out = new Uint8Array(n);
    let outNulls = null;
    if (c === null) {
        for (let k = 0; k < n; k++) {
            const isNull = nulls !== null && nulls[sel ? sel[k] : k] === 1;
            const r = nullResult(op, isNull);
            if (r === -1)
                (outNulls ??= new Uint8Array(n))[k] = 1;
            else
                out[k] = r;
        }
        return new FlatVector('bool', out, outNulls);
    }
    let x;
    if (data instanceof BigInt64Array) {
        if (typeof c === 'bigint')
            x = c;
        else if (typeof c === 'number') {
            if (!Number.isInteger(c))
                return null; // long vs real: the row path compares exactly
            x = BigInt(c);
        }
        else
            return null;
    }
    else {
        if (typeof c === 'number')
            x = c;
        else if (typeof c === 'bigint')
            x = Number(c);
        else
            return null;
    }
    const eff = swapped ? flip(op) : op;
    // One tight loop per operator keeps the comparison monomorphic.
    switch (eff) {
        case '==':
            for (let k = 0; k < n; k++)
                out[k] = data[sel ? sel[k] : k] === x ? 1 : 0;
            break;
        case '!=':
            for (let k = 0; k < n; k++)
                out[k] = data[sel ? sel[k] : k] !== x ? 1 : 0;
            break;
        case '<':
            for (let k = 0; k < n; k++)
                out[k] = data[sel ? sel[k] : k] < x ? 1 : 0;
            break;
        case '<=':
            for (let k = 0; k < n; k++)
                out[k] = data[sel ? sel[k] : k] <= x ? 1 : 0;
            break;
        case '>':
            for (let k = 0; k < n; k++)
                out[k] = data[sel ? sel[k] : k] > x ? 1 : 0;
            break;
        case '>=':
            for (let k = 0; k < n; k++)
                out[k] = data[sel ? sel[k] : k] >= x ? 1 : 0;
            break;
    }
    if (nulls) {
        const r = nullResult(op, false);
        for (let k = 0; k < n; k++) {
            if (nulls[sel ? sel[k] : k] === 1) {
                if (r === -1)
                    (outNulls ??= new Uint8Array(n))[k] = 1;
                else
                    out[k] = r;
            }
        }
    }
    return new FlatVector('bool', out, outNulls);
}
function flip(op) {
    switch (op) {
        case '<': return '>';
        case '<=': return '>=';
        case '>': return '<';
        case '>=': return '<=';
        default: return op;
    }
}
function compareFlat(op, a, b, n) {
    if (a.data instanceof Array || b.data instanceof Array || a.data instanceof Uint8Array || b.data instanceof Uint8Array)
        return null;
    if (a.data instanceof BigInt64Array !== b.data instanceof BigInt64Array)
        return null;
    const da = a.data;
    const db = b.data;
    const out = new Uint8Array(n);
    let outNulls = null;
    for (let k = 0; k < n; k++) {
        const i = a.sel ? a.sel[k] : k;
        const j = b.sel ? b.sel[k] : k;
        const na = a.nulls !== null && a.nulls[i] === 1;
        const nb = b.nulls !== null && b.nulls[j] === 1;
        if (na || nb) {
            const r = nullResult(op, na && nb);
            if (r === -1)
                (outNulls ??= new Uint8Array(n))[k] = 1;
            else
                out[k] = r;
            continue;
        }
        const x = da[i];
        const y = db[j];
        let r;
        switch (op) {
            case '==':
                r = x === y;
                break;
            case '!=':
                r = x !== y;
                break;
            case '<':
                r = x < y;
                break;
            case '<=':
                r = x <= y;
                break;
            case '>':
                r = x > y;
                break;
            case '>=':
                r = x >= y;
                break;
        }
        out[k] = r ? 1 : 0;
    }
    return new FlatVector('bool', out, outNulls);
}
/** 0 false, 1 true, 2 null. */
function tri(v, k) {
    const x = v.get(k);
    return x === null ? 2 : x ? 1 : 0;
}
function logicKernel(isAnd, a, b, n) {
    if (a.enc === 'const' && b.enc === 'const') {
        const r = combine(isAnd, a.value === null ? 2 : a.value ? 1 : 0, b.value === null ? 2 : b.value ? 1 : 0);
        return new ConstVector('bool', r === 2 ? null : r === 1, n);
    }
    const out = new Uint8Array(n);
    let outNulls = null;
    for (let k = 0; k < n; k++) {
        const r = combine(isAnd, tri(a, k), tri(b, k));
        if (r === 2)
            (outNulls ??= new Uint8Array(n))[k] = 1;
        else
            out[k] = r;
    }
    return new FlatVector('bool', out, outNulls);
}
function combine(isAnd, x, y) {
    if (isAnd) {
        if (x === 0 || y === 0)
            return 0;
        if (x === 2 || y === 2)
            return 2;
        return 1;
    }
    if (x === 1 || y === 1)
        return 1;
    if (x === 2 || y === 2)
        return 2;
    return 0;
}
function notKernel(a, n) {
    if (a.enc !== 'flat' || !(a.data instanceof Uint8Array))
        return null;
    const data = a.data;
    const out = new Uint8Array(n);
    let outNulls = null;
    for (let k = 0; k < n; k++) {
        const i = a.sel ? a.sel[k] : k;
        if (a.nulls && a.nulls[i] === 1)
            (outNulls ??= new Uint8Array(n))[k] = 1;
        else
            out[k] = data[i] === 1 ? 0 : 1;
    }
    return new FlatVector('bool', out, outNulls);
}
