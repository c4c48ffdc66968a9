import { formatIPv4, formatIPv6Full, isPrivateV4, newV6, parseIPv4, parseIPv4Range, parseIPv4TextPrefix, parseIPv6, someIPv4InText, v4Address, v4Mask, v4Masked, v4Prefix, v6Compare, v6Mask, } from './ip-address.js';
// ------------------------------------------------------------------------------------------- helpers
/** The text of a string argument, or null for any other value. */
function str(v) {
    if (typeof v === 'string')
        return v;
    return null;
}
/** An integer prefix argument (long arrives as bigint, int as number), or null. */
function intArg(v) {
    if (typeof v === 'bigint')
        return v >= -1000000n && v <= 1000000n ? Number(v) : v < 0n ? -1 : 1_000_000;
    if (typeof v === 'number' && Number.isFinite(v))
        return Math.trunc(v);
    return null;
}
/** parseIPv4 of a boxed value, or -1. */
function v4(v) {
    return typeof v === 'string' ? parseIPv4(v) : -1;
}
/** The masked address of a parsed IPv4 value. */
function v4Net(packed) {
    return v4Masked(v4Address(packed), v4Prefix(packed));
}
const cmp = (a, b) => (a === b ? 0n : a < b ? -1n : 1n);
/** Flattens variadic arguments and dynamic arrays into a list of items (the `..., r1, r2` or `dynamic([..])` forms). */
function flatten(args, from) {
    const out = [];
    for (let i = from; i < args.length; i++) {
        const a = args[i];
        if (Array.isArray(a))
            out.push(...a);
        else
            out.push(a);
    }
    return out;
}
/** True when every argument from `from` on is a constant at this call site. */
function constFrom(site, from) {
    if (site.constArgs.length <= from)
        return false;
    for (let i = from; i < site.constArgs.length; i++)
        if (site.constArgs[i] === undefined)
            return false;
    return true;
}
function parseV4Ranges(items) {
    const base = new Uint32Array(items.length);
    const mask = new Uint32Array(items.length);
    for (let i = 0; i < items.length; i++) {
        const it = items[i];
        // A range that does not parse makes the result null, like a bad range in ipv4_is_in_range.
        const p = typeof it === 'string' ? parseIPv4(it) : -1;
        if (p < 0)
            return null;
        mask[i] = v4Mask(v4Prefix(p));
        base[i] = v4Net(p);
    }
    return { base, mask };
}
function inAnyV4(ipPacked, r) {
    const ip = v4Net(ipPacked);
    for (let i = 0; i < r.base.length; i++) {
        if (((ip & r.mask[i]) >>> 0) === r.base[i])
            return true;
    }
    return false;
}
/** The masks of two parsed IPv4 values and an optional prefix argument combined; -1 when the argument is bad. */
function combinedV4Prefix(p1, p2, args, prefixIndex) {
    let p = Math.min(v4Prefix(p1), v4Prefix(p2));
    if (args.length > prefixIndex) {
        const q = intArg(args[prefixIndex]);
        if (q === null || q < 0 || q > 32)
            return -1;
        if (q < p)
            p = q;
    }
    return p;
}
/** format_ipv4's input: IPv4 text (with optional suffix) or a number in big-endian order. Returns packed or -1. */
function formatInput(v) {
    if (typeof v === 'string')
        return parseIPv4(v);
    if (typeof v === 'bigint')
        return v >= 0n && v <= 0xffffffffn ? Number(v) * 64 + 32 : -1;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff)
        return v * 64 + 32;
    return -1;
}
function formatV4(args, withMask) {
    const p = formatInput(args[0]);
    if (p < 0)
        return '';
    let prefix = v4Prefix(p);
    if (args.length > 1) {
        const q = intArg(args[1]);
        if (q === null || q < 0 || q > 32)
            return '';
        if (q < prefix)
            prefix = q;
    }
    const text = formatIPv4(v4Masked(v4Address(p), prefix));
    return withMask ? `${text}/${prefix}` : text;
}
/** ipv4_range_to_cidr_list: the fewest CIDR blocks that exactly cover [start, end]. */
function rangeToCidrs(start, end) {
    const out = [];
    let cur = start;
    while (cur <= end) {
        // The largest block aligned at `cur` (number arithmetic: cur can reach 2^32).
        let size = 1;
        let bits = 0;
        while (bits < 32 && cur % (size * 2) === 0 && cur + size * 2 - 1 <= end) {
            size *= 2;
            bits++;
        }
        out.push(`${formatIPv4(cur)}/${32 - bits}`);
        cur += size;
    }
    return out;
}
const ipv4Functions = [
    {
        name: 'ipv4_is_private',
        bind: () => (args) => {
            const p = v4(args[0]);
            return p < 0 ? null : isPrivateV4(v4Net(p));
        },
    },
    {
        name: 'ipv4_is_in_range',
        bind(site) {
            const test = (ip, range) => {
                if (ip < 0 || range < 0)
                    return null;
                const m = v4Mask(v4Prefix(range));
                return ((v4Net(ip) & m) >>> 0) === ((v4Address(range) & m) >>> 0);
            };
            const c = site.constArgs[1];
            if (c !== undefined) {
                const range = v4(c);
                return (args) => test(v4(args[0]), range);
            }
            return (args) => test(v4(args[0]), v4(args[1]));
        },
    },
    {
        name: 'ipv4_is_in_any_range',
        bind(site) {
            if (constFrom(site, 1)) {
                const ranges = parseV4Ranges(flatten(site.constArgs, 1));
                return (args) => {
                    const ip = v4(args[0]);
                    return ip < 0 || ranges === null ? null : inAnyV4(ip, ranges);
                };
            }
            return (args) => {
                const ip = v4(args[0]);
                const ranges = parseV4Ranges(flatten(args, 1));
                return ip < 0 || ranges === null ? null : inAnyV4(ip, ranges);
            };
        },
    },
    {
        name: 'ipv4_is_match',
        bind: () => (args) => {
            const a = v4(args[0]);
            const b = v4(args[1]);
            if (a < 0 || b < 0)
                return null;
            const p = combinedV4Prefix(a, b, args, 2);
            return p < 0 ? null : v4Masked(v4Address(a), p) === v4Masked(v4Address(b), p);
        },
    },
    {
        name: 'ipv4_compare',
        bind: () => (args) => {
            const a = v4(args[0]);
            const b = v4(args[1]);
            if (a < 0 || b < 0)
                return null;
            const p = combinedV4Prefix(a, b, args, 2);
            return p < 0 ? null : cmp(v4Masked(v4Address(a), p), v4Masked(v4Address(b), p));
        },
    },
    {
        name: 'ipv4_netmask_suffix',
        bind: () => (args) => {
            const p = v4(args[0]);
            return p < 0 ? null : BigInt(v4Prefix(p));
        },
    },
    {
        name: 'parse_ipv4',
        bind: () => (args) => {
            const p = v4(args[0]);
            return p < 0 ? null : BigInt(v4Net(p));
        },
    },
    {
        name: 'parse_ipv4_mask',
        bind: () => (args) => {
            const p = v4(args[0]);
            const q = intArg(args[1] ?? null);
            if (p < 0 || q === null || q < 0 || q > 32)
                return null;
            return BigInt(v4Masked(v4Address(p), Math.min(q, v4Prefix(p))));
        },
    },
    { name: 'format_ipv4', bind: () => (args) => formatV4(args, false) },
    { name: 'format_ipv4_mask', bind: () => (args) => formatV4(args, true) },
    {
        name: 'ipv4_range_to_cidr_list',
        bind: () => (args) => {
            const s = v4(args[0]);
            const e = v4(args[1]);
            if (s < 0 || e < 0)
                return null;
            // An end given as a block (`/N`) means the block's last address.
            const end = (v4Address(e) | ~v4Mask(v4Prefix(e))) >>> 0;
            return rangeToCidrs(v4Net(s), end);
        },
    },
];
// ------------------------------------------------------------------------------------------------ IPv6
// Scratch buffers: row functions never run re-entrantly.
const A = newV6();
const B = newV6();
/** Parses a boxed value into `out`; the prefix (0..128) or -1. */
function v6(v, out) {
    return typeof v === 'string' ? parseIPv6(v, out) : -1;
}
/** Compares A and B after parsing args[0], args[1] under the combined mask; null when something fails. */
function compareV6Args(args) {
    const pa = v6(args[0], A);
    const pb = v6(args[1], B);
    if (pa < 0 || pb < 0)
        return null;
    let p = Math.min(pa, pb);
    if (args.length > 2) {
        const q = intArg(args[2]);
        if (q === null || q < 0 || q > 128)
            return null;
        if (q < p)
            p = q;
    }
    v6Mask(A, p);
    v6Mask(B, p);
    return v6Compare(A, B);
}
function parseV6Ranges(items) {
    const out = [];
    for (const it of items) {
        const base = newV6();
        const prefix = typeof it === 'string' ? parseIPv6(it, base) : -1;
        if (prefix < 0)
            return null;
        v6Mask(base, prefix);
        out.push({ base, prefix });
    }
    return out;
}
const T = newV6();
/** Is `ip` (already parsed into A with its prefix `ipPrefix`) inside one of `ranges`? */
function inAnyV6(ipPrefix, ranges) {
    v6Mask(A, ipPrefix);
    for (const r of ranges) {
        T.set(A);
        v6Mask(T, r.prefix);
        if (v6Compare(T, r.base) === 0)
            return true;
    }
    return false;
}
const ipv6Functions = [
    {
        name: 'ipv6_compare',
        bind: () => (args) => {
            const c = compareV6Args(args);
            return c === null ? null : BigInt(c);
        },
    },
    {
        name: 'ipv6_is_match',
        bind: () => (args) => {
            const c = compareV6Args(args);
            return c === null ? null : c === 0;
        },
    },
    {
        name: 'ipv6_is_in_range',
        bind(site) {
            const c = site.constArgs[1];
            const constRanges = c !== undefined ? parseV6Ranges([c]) : undefined;
            return (args) => {
                const p = v6(args[0], A);
                const ranges = constRanges !== undefined ? constRanges : parseV6Ranges([args[1]]);
                return p < 0 || ranges === null ? null : inAnyV6(p, ranges);
            };
        },
    },
    {
        name: 'ipv6_is_in_any_range',
        bind(site) {
            const constRanges = constFrom(site, 1) ? parseV6Ranges(flatten(site.constArgs, 1)) : undefined;
            return (args) => {
                const p = v6(args[0], A);
                const ranges = constRanges !== undefined ? constRanges : parseV6Ranges(flatten(args, 1));
                return p < 0 || ranges === null ? null : inAnyV6(p, ranges);
            };
        },
    },
    {
        name: 'parse_ipv6',
        bind: () => (args) => {
            const p = v6(args[0], A);
            if (p < 0)
                return '';
            v6Mask(A, p);
            return formatIPv6Full(A);
        },
    },
    {
        name: 'parse_ipv6_mask',
        bind: () => (args) => {
            const p = v6(args[0], A);
            const q = intArg(args[1] ?? null);
            if (p < 0 || q === null || q < 0 || q > 128)
                return '';
            v6Mask(A, Math.min(p, q));
            return formatIPv6Full(A);
        },
    },
];
// -------------------------------------------------------------------------------- IPv4 text matching
/** A searched address for has_ipv4/has_any_ipv4: a plain IPv4 address (no suffix), or -1. */
function searchedAddress(v) {
    if (typeof v !== 'string')
        return -1;
    const p = parseIPv4Range(v, 0, v.length, false);
    return p < 0 ? -1 : v4Address(p);
}
function addressSet(items) {
    const set = new Set();
    for (const it of items) {
        const a = searchedAddress(it);
        if (a >= 0)
            set.add(a); // invalid entries can never be found
    }
    return set;
}
function prefixList(items) {
    const out = [];
    for (const it of items) {
        if (typeof it !== 'string')
            continue;
        const p = parseIPv4TextPrefix(it);
        if (p)
            out.push({ value: p.value, shift: 8 * (4 - p.octets) });
    }
    return out;
}
function hasPrefix(text, prefixes) {
    if (prefixes.length === 0)
        return false;
    return someIPv4InText(text, (addr) => {
        for (const p of prefixes) {
            if (p.shift === 0 ? addr === p.value : addr >>> p.shift === p.value >>> p.shift)
                return true;
        }
        return false;
    });
}
function hasAddress(text, set) {
    if (set.size === 0)
        return false;
    return someIPv4InText(text, (addr) => set.has(addr));
}
/** Builds a has_* function whose searched items (args 1..n) are parsed once when they are constant. */
function textMatcher(name, build, run) {
    return {
        name,
        bind(site) {
            if (constFrom(site, 1)) {
                const t = build(flatten(site.constArgs, 1));
                return (args) => run(str(args[0]) ?? '', t);
            }
            return (args) => run(str(args[0]) ?? '', build(flatten(args, 1)));
        },
    };
}
const textFunctions = [
    textMatcher('has_ipv4', addressSet, hasAddress),
    textMatcher('has_any_ipv4', addressSet, hasAddress),
    textMatcher('has_ipv4_prefix', prefixList, hasPrefix),
    textMatcher('has_any_ipv4_prefix', prefixList, hasPrefix),
];
export const functions = [...ipv4Functions, ...ipv6Functions, ...textFunctions];
