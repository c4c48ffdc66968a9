/**
 * Math, bitwise and hash functions. Results follow the call site's result type (chosen by the binder):
 * long results are bigint, int/real results are numbers.
 */
import { createHash } from 'node:crypto';
import { toKustoString } from '../data/format-value.js';
import { unsupported } from '../errors.js';
import { convertTo, DOTNET_EPOCH_TICKS } from './conversion.js';
const M64 = (1n << 64n) - 1n;
function arg(args, i) {
    const v = args[i];
    return v === undefined ? null : v;
}
/** A numeric argument as a double (null stays null). */
function num(v) {
    if (v === null)
        return null;
    if (typeof v === 'number')
        return v;
    if (typeof v === 'bigint')
        return Number(v);
    if (typeof v === 'boolean')
        return v ? 1 : 0;
    return null;
}
/** A numeric argument as a 64-bit integer (reals truncate). */
function big(v) {
    if (v === null)
        return null;
    if (typeof v === 'bigint')
        return v;
    if (typeof v === 'number')
        return Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
    return null;
}
/** Boxes a double result in the site's result type. */
function boxNumber(x, type) {
    if (x === null)
        return null;
    if (type === 'long' || type === 'timespan' || type === 'datetime')
        return Number.isFinite(x) ? BigInt(Math.trunc(x)) : null;
    if (type === 'int')
        return Number.isFinite(x) ? Math.trunc(x) | 0 : null;
    return x;
}
/** A real-valued function of one real argument. `nullIf` marks the domain where Kusto returns null. */
function real1(name, f, nullIf) {
    return {
        name,
        bind: () => (args) => {
            const x = num(arg(args, 0));
            if (x === null || (nullIf && nullIf(x)))
                return null;
            return f(x);
        },
    };
}
function real2(name, f) {
    return {
        name,
        bind: () => (args) => {
            const x = num(arg(args, 0));
            const y = num(arg(args, 1));
            return x === null || y === null ? null : f(x, y);
        },
    };
}
/** Rounds half away from zero (C++/SQL style); round(2.15, 1) is 2.2 in the docs and here. */
function roundHalfAway(x) {
    const r = Math.round(Math.abs(x));
    // Math.round rounds .5 up; for |x| that is exactly what "away from zero" means.
    return x < 0 ? -r : r;
}
function roundTo(x, p) {
    if (!Number.isFinite(x))
        return x;
    if (p >= 0) {
        const f = 10 ** p;
        const y = x * f;
        if (!Number.isFinite(y) || Math.abs(y) >= 2 ** 52)
            return x; // already exact at this precision
        return roundHalfAway(y) / f;
    }
    const f = 10 ** -p;
    return roundHalfAway(x / f) * f;
}
function roundBig(v, p) {
    if (p >= 0)
        return v;
    const f = 10n ** BigInt(-p);
    const q = v / f;
    const r = v % f;
    const twice = (r < 0n ? -r : r) * 2n;
    if (twice >= f)
        return v < 0n ? (q - 1n) * f : (q + 1n) * f;
    return q * f;
}
function round(site) {
    const out = site.resultType;
    return (args) => {
        const v = arg(args, 0);
        const pv = args.length > 1 ? arg(args, 1) : 0;
        if (v === null || pv === null)
            return null;
        const p = Number(pv);
        if (typeof v === 'bigint' && (out === 'long' || out === 'timespan' || out === 'datetime'))
            return roundBig(v, p);
        return boxNumber(roundTo(num(v), p), out);
    };
}
function abs(site) {
    const out = site.resultType;
    return (args) => {
        const v = arg(args, 0);
        if (v === null)
            return null;
        if (typeof v === 'bigint')
            return BigInt.asIntN(64, v < 0n ? -v : v);
        return boxNumber(Math.abs(v), out);
    };
}
function sign(site) {
    const out = site.resultType;
    return (args) => {
        const v = arg(args, 0);
        if (v === null)
            return null;
        if (typeof v === 'bigint')
            return boxNumber(v < 0n ? -1 : v > 0n ? 1 : 0, out);
        const x = v;
        return boxNumber(Number.isNaN(x) ? NaN : Math.sign(x), out);
    };
}
function ceiling(site) {
    const out = site.resultType;
    return (args) => {
        const v = arg(args, 0);
        if (v === null)
            return null;
        if (typeof v === 'bigint')
            return out === 'real' ? Number(v) : v;
        return boxNumber(Math.ceil(v), out);
    };
}
/** min_of / max_of: nulls are ignored; all-null gives null (max-of-function.md examples). */
function extremum(name, wantMax) {
    return {
        name,
        bind(site) {
            const out = site.resultType;
            const types = site.argTypes;
            return (args) => {
                let best = null;
                for (let i = 0; i < args.length; i++) {
                    let v = arg(args, i);
                    if (v === null)
                        continue;
                    const from = types[i] ?? out;
                    if (from !== out)
                        v = convertTo(v, from, out);
                    if (v === null)
                        continue;
                    if (best === null) {
                        best = v;
                        continue;
                    }
                    const c = typeof v === 'bigint' && typeof best === 'bigint' ? (v < best ? -1 : v > best ? 1 : 0)
                        : typeof v === 'string' ? (v < best ? -1 : v > best ? 1 : 0)
                            : Number(v) < Number(best) ? -1 : Number(v) > Number(best) ? 1 : 0;
                    if (wantMax ? c > 0 : c < 0)
                        best = v;
                }
                return best;
            };
        },
    };
}
function bin2(name, f) {
    return {
        name,
        bind(site) {
            const out = site.resultType;
            return (args) => {
                const a = big(arg(args, 0));
                const b = big(arg(args, 1));
                if (a === null || b === null)
                    return null;
                const r = BigInt.asIntN(64, f(a, b));
                return out === 'int' ? Number(BigInt.asIntN(32, r)) : r;
            };
        },
    };
}
/** Shift by (shift % 64); a negative shift gives null (binary-shift-left-function.md). */
function shiftFn(name, left) {
    return {
        name,
        bind(site) {
            const out = site.resultType;
            return (args) => {
                const a = big(arg(args, 0));
                const b = big(arg(args, 1));
                if (a === null || b === null || b < 0n)
                    return null;
                const s = b % 64n;
                const r = left ? BigInt.asIntN(64, a << s) : a >> s;
                return out === 'int' ? Number(BigInt.asIntN(32, r)) : r;
            };
        },
    };
}
function binaryNot(site) {
    const out = site.resultType;
    return (args) => {
        const a = big(arg(args, 0));
        if (a === null)
            return null;
        const r = BigInt.asIntN(64, ~a);
        return out === 'int' ? Number(BigInt.asIntN(32, r)) : r;
    };
}
function bitsetCountOnes(args) {
    const a = big(arg(args, 0));
    if (a === null)
        return null;
    let u = BigInt.asUintN(64, a);
    let c = 0n;
    while (u) {
        c += u & 1n;
        u >>= 1n;
    }
    return c;
}
// ---------------------------------------------------------------------------------------------------------
// Hashes
/** hash_md5/sha1/sha256 hash the UTF-8 bytes of tostring(value) (checked: hash_md5(datetime(2020-01-01))). */
function digest(name, algo) {
    return {
        name,
        bind(site) {
            const t = site.argTypes[0] ?? 'string';
            return (args) => createHash(algo).update(toKustoString(arg(args, 0), t), 'utf8').digest('hex');
        },
    };
}
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;
const rotl = (x, r) => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a, b) => (a * b) & M64;
function xxRound(acc, input) {
    return mul(rotl((acc + mul(input, P2)) & M64, 31n), P1);
}
function xxMerge(acc, val) {
    return (mul(acc ^ xxRound(0n, val), P1) + P4) & M64;
}
/** XXH64 with seed 0, returned as an unsigned 64-bit bigint. */
export function xxhash64(buf) {
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const len = b.length;
    let i = 0;
    let h;
    if (len >= 32) {
        let v1 = (P1 + P2) & M64;
        let v2 = P2;
        let v3 = 0n;
        let v4 = (-P1) & M64;
        while (i <= len - 32) {
            v1 = xxRound(v1, b.readBigUInt64LE(i));
            v2 = xxRound(v2, b.readBigUInt64LE(i + 8));
            v3 = xxRound(v3, b.readBigUInt64LE(i + 16));
            v4 = xxRound(v4, b.readBigUInt64LE(i + 24));
            i += 32;
        }
        h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
        h = xxMerge(xxMerge(xxMerge(xxMerge(h, v1), v2), v3), v4);
    }
    else {
        h = P5;
    }
    h = (h + BigInt(len)) & M64;
    for (; i + 8 <= len; i += 8) {
        h ^= xxRound(0n, b.readBigUInt64LE(i));
        h = (mul(rotl(h, 27n), P1) + P4) & M64;
    }
    if (i + 4 <= len) {
        h ^= mul(BigInt(b.readUInt32LE(i)), P1);
        h = (mul(rotl(h, 23n), P2) + P3) & M64;
        i += 4;
    }
    for (; i < len; i++) {
        h ^= mul(BigInt(b[i]), P5);
        h = mul(rotl(h, 11n), P1);
    }
    h ^= h >> 33n;
    h = mul(h, P2);
    h ^= h >> 29n;
    h = mul(h, P3);
    h ^= h >> 32n;
    return h;
}
/**
 * hash(value [, mod]) is xxhash64. Byte encodings verified against the docs' examples: strings hash their
 * UTF-8 bytes, datetimes the 8 little-endian bytes of .NET ticks (since 0001-01-01). Other types: unsupported.
 */
function hashFn(name) {
    return {
        name,
        bind(site) {
            const t = site.argTypes[0];
            let bytes;
            if (t === 'string')
                bytes = (v) => Buffer.from(v, 'utf8');
            else if (t === 'datetime') {
                bytes = (v) => {
                    const b = Buffer.alloc(8);
                    b.writeBigInt64LE(v + DOTNET_EPOCH_TICKS);
                    return b;
                };
            }
            else
                throw unsupported(`${name}() of a ${t} value`);
            return (args) => {
                const v = arg(args, 0);
                if (v === null)
                    return null;
                const h = xxhash64(bytes(v));
                if (args.length > 1) {
                    const m = big(arg(args, 1));
                    if (m === null || m <= 0n)
                        return null;
                    return h % m; // the hash as unsigned, so the result is in [0, mod-1] as documented
                }
                return BigInt.asIntN(64, h);
            };
        },
    };
}
function rand() {
    return {
        name: 'rand',
        volatile: true,
        bind(site) {
            if (site.argTypes.length === 0)
                return () => Math.random();
            return (args) => {
                const n = big(arg(args, 0));
                if (n === null || n <= 0n)
                    return null;
                return BigInt(Math.floor(Math.random() * Number(n)));
            };
        },
    };
}
function withSite(name, bind) {
    return { name, bind };
}
const isNeg = (x) => x < 0;
const outside1 = (x) => x < -1 || x > 1;
export const functions = [
    withSite('abs', abs),
    withSite('ceiling', ceiling),
    withSite('round', round),
    withSite('sign', sign),
    real1('exp', Math.exp),
    real1('exp2', (x) => 2 ** x),
    real1('exp10', (x) => 10 ** x),
    real1('log', Math.log, isNeg),
    real1('log2', Math.log2, isNeg),
    real1('log10', Math.log10, isNeg),
    real1('sqrt', Math.sqrt, isNeg),
    real2('pow', (x, y) => x ** y),
    real1('cos', Math.cos),
    real1('sin', Math.sin),
    real1('tan', Math.tan),
    real1('cot', (x) => 1 / Math.tan(x)),
    real1('acos', Math.acos, outside1),
    real1('asin', Math.asin, outside1),
    real1('atan', Math.atan),
    real2('atan2', Math.atan2),
    real1('degrees', (x) => (x * 180) / Math.PI),
    real1('radians', (x) => (x * Math.PI) / 180),
    { name: 'pi', bind: () => () => Math.PI },
    {
        name: 'isnan',
        bind: () => (args) => {
            const x = num(arg(args, 0));
            return x === null ? null : Number.isNaN(x);
        },
    },
    {
        name: 'isinf',
        bind: () => (args) => {
            const x = num(arg(args, 0));
            return x === null ? null : x === Infinity || x === -Infinity;
        },
    },
    {
        name: 'isfinite',
        bind: () => (args) => {
            const x = num(arg(args, 0));
            return x === null ? null : Number.isFinite(x);
        },
    },
    rand(),
    extremum('min_of', false),
    extremum('max_of', true),
    bin2('binary_and', (a, b) => a & b),
    bin2('binary_or', (a, b) => a | b),
    bin2('binary_xor', (a, b) => a ^ b),
    withSite('binary_not', binaryNot),
    shiftFn('binary_shift_left', true),
    shiftFn('binary_shift_right', false),
    { name: 'bitset_count_ones', bind: () => bitsetCountOnes },
    digest('hash_md5', 'md5'),
    digest('hash_sha1', 'sha1'),
    digest('hash_sha256', 'sha256'),
    hashFn('hash'),
    hashFn('hash_xxhash64'),
];
