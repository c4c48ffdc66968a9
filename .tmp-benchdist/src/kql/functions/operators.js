import { unsupported } from '../errors.js';
const isTicks = (t) => t === 'long' || t === 'datetime' || t === 'timespan';
export function compareBoxed(a, b) {
    if (typeof a === 'string' && typeof b === 'string')
        return a < b ? -1 : a > b ? 1 : 0;
    if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
        // Mixed bigint/number comparisons are exact in JS.
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (typeof a === 'boolean' && typeof b === 'boolean')
        return a === b ? 0 : a ? 1 : -1;
    const sa = typeof a === 'string' ? a : JSON.stringify(a, bigintReplacer);
    const sb = typeof b === 'string' ? b : JSON.stringify(b, bigintReplacer);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
}
export function bigintReplacer(_k, v) {
    return typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v;
}
export function equalBoxed(a, b) {
    if (a === b)
        return true;
    if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
        // eslint-disable-next-line eqeqeq
        return a == b;
    }
    if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
        return JSON.stringify(a, bigintReplacer) === JSON.stringify(b, bigintReplacer);
    }
    return false;
}
function eq(site) {
    const strictString = site.argTypes[0] === 'string' && site.argTypes[1] === 'string';
    if (strictString)
        return ([a, b]) => a === b;
    return ([a, b]) => {
        if (a === null || b === null)
            return a === null && b === null ? null : false;
        return equalBoxed(a, b);
    };
}
function ne(site) {
    const f = eq(site);
    return (args) => {
        const r = f(args);
        return r === null ? null : !r;
    };
}
function cmp(test) {
    return () => ([a, b]) => {
        if (a === null || b === null)
            return null;
        return test(compareBoxed(a, b));
    };
}
function toBig(v) {
    if (typeof v === 'bigint')
        return v;
    if (typeof v === 'number')
        return BigInt(Math.trunc(v));
    if (typeof v === 'boolean')
        return v ? 1n : 0n;
    throw unsupported(`arithmetic on ${typeof v}`);
}
function toNum(v) {
    if (typeof v === 'number')
        return v;
    if (typeof v === 'bigint')
        return Number(v);
    if (typeof v === 'boolean')
        return v ? 1 : 0;
    throw unsupported(`arithmetic on ${typeof v}`);
}
const MIN_LONG = -(2n ** 63n);
const wrap64 = (x) => BigInt.asIntN(64, x);
function arith(op) {
    return (site) => {
        const [ta, tb] = site.argTypes;
        const rt = site.resultType;
        if (ta === 'dynamic' || tb === 'dynamic') {
            // dynamic operands: numbers inside dynamic behave as real or long by value.
            return ([a, b]) => {
                if (a === null || b === null || typeof a === 'object' || typeof b === 'object' || typeof a === 'string' || typeof b === 'string')
                    return null;
                const x = toNum(a);
                const y = toNum(b);
                switch (op) {
                    case '+': return x + y;
                    case '-': return x - y;
                    case '*': return x * y;
                    case '/': return x / y;
                    case '%': return x % y;
                }
            };
        }
        if (rt === 'real') {
            return ([a, b]) => {
                if (a === null || b === null)
                    return null;
                const x = toNum(a);
                const y = toNum(b);
                switch (op) {
                    case '+': return x + y;
                    case '-': return x - y;
                    case '*': return x * y;
                    case '/': return x / y;
                    case '%': return realMod(x, y);
                }
            };
        }
        if (rt === 'long' || rt === 'int' || rt === 'datetime' || (rt === 'timespan' && isTicks(ta) && isTicks(tb))) {
            return ([a, b]) => {
                if (a === null || b === null)
                    return null;
                const x = toBig(a);
                const y = toBig(b);
                switch (op) {
                    case '+': return wrap64(x + y);
                    case '-': return wrap64(x - y);
                    case '*': return wrap64(x * y);
                    case '/':
                        if (y === 0n)
                            return null;
                        if (x === MIN_LONG && y === -1n)
                            return null;
                        return x / y;
                    case '%': {
                        if (y === 0n)
                            return null;
                        return x % y;
                    }
                }
            };
        }
        if (rt === 'timespan') {
            // timespan * number, number * timespan, timespan / number.
            return ([a, b]) => {
                if (a === null || b === null)
                    return null;
                if (op === '*') {
                    const [span, k] = ta === 'timespan' ? [a, b] : [b, a];
                    return typeof k === 'bigint' ? toBig(span) * k : BigInt(Math.round(Number(span) * toNum(k)));
                }
                if (op === '/') {
                    if (typeof b === 'bigint')
                        return b === 0n ? null : toBig(a) / b;
                    const y = toNum(b);
                    if (y === 0)
                        return null;
                    return BigInt(Math.round(Number(a) / y));
                }
                if (op === '%')
                    return toBig(b) === 0n ? null : toBig(a) % toBig(b);
                throw unsupported(`timespan ${op} ${tb}`);
            };
        }
        throw unsupported(`operator ${op} on ${ta} and ${tb}`);
    };
}
function realMod(x, y) {
    return x % y;
}
function and() {
    return ([a, b]) => {
        if (a === false || b === false)
            return false;
        if (a === null || b === null)
            return null;
        return true;
    };
}
function or() {
    return ([a, b]) => {
        if (a === true || b === true)
            return true;
        if (a === null || b === null)
            return null;
        return false;
    };
}
export function getMember(v, key) {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
        return null;
    const r = v[key];
    return r === undefined ? null : r;
}
export function getIndex(v, index) {
    if (v === null || typeof v !== 'object')
        return null;
    if (Array.isArray(v)) {
        if (typeof index !== 'number' && typeof index !== 'bigint')
            return null;
        let i = Number(index);
        if (i < 0)
            i += v.length;
        const r = v[i];
        return r === undefined ? null : r;
    }
    if (typeof index === 'string')
        return getMember(v, index);
    return null;
}
/** Values of dynamic type coming back from a member access may be any JSON value; a typed result needs conversion. */
function member(site) {
    const key = site.constArgs[1];
    if (typeof key === 'string')
        return ([v]) => getMember(v, key);
    return ([v, k]) => getMember(v, String(k));
}
function between(negate) {
    return (site) => {
        const spanUpper = site.argTypes[0] === 'datetime' && site.argTypes[2] === 'timespan';
        return ([x, lo, hi]) => {
            if (x === null || lo === null || hi === null)
                return null;
            const upper = spanUpper ? lo + hi : hi;
            const inside = compareBoxed(x, lo) >= 0 && compareBoxed(x, upper) <= 0;
            return negate ? !inside : inside;
        };
    };
}
function neg(site) {
    if (site.resultType === 'real' || site.resultType === 'int')
        return ([a]) => (a === null ? null : -toNum(a));
    return ([a]) => (a === null ? null : wrap64(-toBig(a)));
}
const op = (name, bind) => ({ name, bind });
export const functions = [
    op('op:==', eq),
    op('op:!=', ne),
    op('op:<', cmp((c) => c < 0)),
    op('op:<=', cmp((c) => c <= 0)),
    op('op:>', cmp((c) => c > 0)),
    op('op:>=', cmp((c) => c >= 0)),
    op('op:+', arith('+')),
    op('op:-', arith('-')),
    op('op:*', arith('*')),
    op('op:/', arith('/')),
    op('op:%', arith('%')),
    op('op:neg', neg),
    op('op:and', and),
    op('op:or', or),
    op('op:member', member),
    op('op:index', () => ([v, i]) => getIndex(v, i)),
    op('op:between', between(false)),
    op('op:!between', between(true)),
    op('not', () => ([a]) => (a === null ? null : !a)),
];
