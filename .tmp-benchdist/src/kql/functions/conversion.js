import { toKustoString } from '../data/format-value.js';
import { parseDatetime } from '../data/datetime.js';
import { parseTimespan } from '../data/timespan.js';
import { unsupported } from '../errors.js';
export { toKustoString };
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
/** .NET ticks of 1970-01-01: tolong(datetime) returns ticks counted from 0001-01-01. */
export const DOTNET_EPOCH_TICKS = 621355968000000000n;
const INT_RE = /^\s*[+-]?\d+\s*$/;
const REAL_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
/** Parses an integer literal (optional sign, surrounding whitespace) to a bigint, or null. */
export function parseIntegerText(s) {
    if (!INT_RE.test(s))
        return null;
    return BigInt(s.trim());
}
/** Parses a string as .NET `double.TryParse` does for the common forms (no thousands separators), or null. */
export function parseRealText(s) {
    if (REAL_RE.test(s))
        return Number(s.trim());
    switch (s.trim().toLowerCase()) {
        case 'nan': return NaN;
        case 'infinity':
        case '+infinity': return Infinity;
        case '-infinity': return -Infinity;
        default: return null;
    }
}
/** Truncates a double toward zero into a signed range; null when NaN, infinite or out of range. */
function truncToBig(x, min, max) {
    if (!Number.isFinite(x))
        return null;
    const t = BigInt(Math.trunc(x));
    return t < min || t > max ? null : t;
}
function stringToLong(s) {
    const i = parseIntegerText(s);
    if (i !== null)
        return i < INT64_MIN || i > INT64_MAX ? null : i;
    // A decimal string truncates like a real (toint docs: "the result truncates to the integer portion").
    const r = parseRealText(s);
    return r === null ? null : truncToBig(r, INT64_MIN, INT64_MAX);
}
function dynToLong(d) {
    if (d === null)
        return null;
    switch (typeof d) {
        case 'bigint': return d;
        case 'number': return truncToBig(d, INT64_MIN, INT64_MAX);
        case 'boolean': return d ? 1n : 0n;
        case 'string': return stringToLong(d);
        default: return null;
    }
}
function toLongValue(v, from) {
    if (v === null)
        return null;
    switch (from) {
        case 'long': return v;
        case 'int': return BigInt(v);
        case 'real': return truncToBig(v, INT64_MIN, INT64_MAX);
        case 'bool': return v ? 1n : 0n;
        case 'string': return stringToLong(v);
        case 'dynamic': return dynToLong(v);
        case 'timespan': return v;
        case 'datetime': return v + DOTNET_EPOCH_TICKS;
        case 'guid': return null;
        case 'decimal': throw unsupported('decimal');
    }
}
function toIntValue(v, from) {
    if (v === null)
        return null;
    switch (from) {
        case 'int': return v;
        // A long narrows like a C# unchecked cast (wraps to 32 bits).
        case 'long': return Number(BigInt.asIntN(32, v));
        default: {
            const l = toLongValue(v, from);
            if (l === null)
                return null;
            if (from === 'datetime' || from === 'timespan')
                return Number(BigInt.asIntN(32, l));
            return l < BigInt(INT32_MIN) || l > BigInt(INT32_MAX) ? null : Number(l);
        }
    }
}
function dynToReal(d) {
    if (d === null)
        return null;
    switch (typeof d) {
        case 'number': return d;
        case 'bigint': return Number(d);
        case 'boolean': return d ? 1 : 0;
        case 'string': return parseRealText(d);
        default: return null;
    }
}
function toRealValue(v, from) {
    if (v === null)
        return null;
    switch (from) {
        case 'real':
        case 'int': return v;
        case 'long':
        case 'timespan': return Number(v);
        case 'datetime': return Number(v + DOTNET_EPOCH_TICKS);
        case 'bool': return v ? 1 : 0;
        case 'string': return parseRealText(v);
        case 'dynamic': return dynToReal(v);
        case 'guid': return null;
        case 'decimal': throw unsupported('decimal');
    }
}
function stringToBool(s) {
    const t = s.trim().toLowerCase();
    if (t === 'true')
        return true;
    if (t === 'false')
        return false;
    const i = parseIntegerText(s);
    return i === null ? null : i !== 0n;
}
function toBoolValue(v, from) {
    if (v === null)
        return null;
    switch (from) {
        case 'bool': return v;
        case 'int':
        case 'real': return v !== 0;
        case 'long': return v !== 0n;
        case 'string': return stringToBool(v);
        case 'dynamic': {
            const d = v;
            if (typeof d === 'boolean')
                return d;
            if (typeof d === 'number')
                return d !== 0;
            if (typeof d === 'bigint')
                return d !== 0n;
            if (typeof d === 'string')
                return stringToBool(d);
            return null;
        }
        case 'decimal': throw unsupported('decimal');
        default: return null;
    }
}
const GUID_D = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;
const GUID_N = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/i;
/** Parses the .NET Guid text forms N, D, B ({...}) and P ((...)) to the canonical lower-case D form, or null. */
export function parseGuidText(s) {
    let t = s.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('(') && t.endsWith(')'))) {
        t = t.slice(1, -1);
        if (!GUID_D.test(t))
            return null;
    }
    const m = GUID_D.exec(t) ?? GUID_N.exec(t);
    if (!m)
        return null;
    return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase();
}
function toGuidValue(v, from) {
    if (v === null)
        return null;
    if (from === 'guid')
        return v;
    if (from === 'string' || (from === 'dynamic' && typeof v === 'string'))
        return parseGuidText(v);
    return null;
}
/** The JS value that stands for a typed value inside a dynamic (datetime/timespan become their text forms). */
export function boxToDyn(v, type) {
    if (v === null)
        return null;
    switch (type) {
        case 'long': {
            const b = v;
            return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
        }
        case 'datetime':
        case 'timespan': return toKustoString(v, type);
        case 'decimal': throw unsupported('decimal');
        default: return v;
    }
}
/** Text to datetime/timespan, as todatetime()/totimespan() do (the datetime helper's parsers). */
function toTimeValue(v, from, to) {
    if (from === 'string' || (from === 'dynamic' && typeof v === 'string')) {
        return to === 'datetime' ? parseDatetime(v) : parseTimespan(v);
    }
    if (from === 'dynamic' && (v === null || typeof v === 'boolean'))
        return null;
    throw unsupported(`conversion from ${from === 'dynamic' ? 'a dynamic non-string value' : from} to ${to}`);
}
/** Converts a value of type `from` to type `to` with Kusto's to*() rules (null on failure). */
export function convertTo(v, from, to) {
    if (v === null)
        return to === 'string' ? '' : null;
    if (from === to)
        return v;
    switch (to) {
        case 'string': return toKustoString(v, from);
        case 'int': return toIntValue(v, from);
        case 'long': return toLongValue(v, from);
        case 'real': return toRealValue(v, from);
        case 'bool': return toBoolValue(v, from);
        case 'guid': return toGuidValue(v, from);
        case 'dynamic': return boxToDyn(v, from);
        case 'decimal': throw unsupported('decimal');
        case 'datetime':
        case 'timespan': return toTimeValue(v, from, to);
    }
}
/** tohex(value [, minLength]): two's complement at the value's own width (32 bits for int, 64 for long). */
function tohex(site) {
    const t = site.argTypes[0];
    return (args) => {
        const v = args[0];
        if (v === null || v === undefined)
            return null;
        let n;
        let width;
        if (t === 'int') {
            n = BigInt(v);
            width = 32;
        }
        else if (t === 'long') {
            n = v;
            width = 64;
        }
        else if (t === 'dynamic' && (typeof v === 'number' || typeof v === 'bigint')) {
            if (typeof v === 'number' && !Number.isInteger(v))
                return null;
            n = BigInt(v);
            width = 64;
        }
        else
            return null;
        let s = BigInt.asUintN(width, n).toString(16);
        const ml = args[1];
        if (ml !== undefined && ml !== null) {
            const len = Math.min(16, Number(ml));
            if (s.length < len)
                s = s.padStart(len, '0');
        }
        return s;
    };
}
function conv(name, to) {
    return {
        name,
        bind(site) {
            const from = site.argTypes[0] ?? 'dynamic';
            if (from === 'decimal' || to === 'decimal')
                throw unsupported('decimal');
            return (args) => convertTo(args[0] ?? null, from, to);
        },
    };
}
export const functions = [
    conv('tostring', 'string'),
    conv('toint', 'int'),
    conv('tolong', 'long'),
    conv('toreal', 'real'),
    conv('todouble', 'real'),
    conv('tobool', 'bool'),
    conv('toboolean', 'bool'),
    conv('toguid', 'guid'),
    { name: 'todecimal', bind() { throw unsupported('decimal'); } },
    { name: 'tohex', bind: tohex },
];
