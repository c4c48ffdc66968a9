/**
 * Hand-written IPv4/IPv6 parsers for the Kusto IP functions.
 *
 * They run once per distinct address over millions of rows, so they avoid regexes and allocation:
 * an IPv4 parse returns one number that packs the address and its prefix, and an IPv6 parse fills a
 * caller-owned Uint32Array.
 *
 * Accepted forms (Kusto's IP-prefix notation, `includes/ip-prefix-notation.md`):
 * - IPv4: four dot-separated decimal octets of 1 to 3 digits, each <= 255, optionally `/N` with N in 0..32.
 * - IPv6: RFC 4291 text (hex groups, one `::`, optionally a dotted IPv4 tail), optionally `/N` with N in 0..128.
 *   Plain IPv4 text is accepted too and becomes the IPv4-mapped address `::ffff:a.b.c.d` with prefix 96+N;
 *   so is `::a.b.c.d` (all-zero head, dotted tail), which the parse_ipv6_mask doc example maps the same way.
 * No whitespace, zone ids (`%eth0`) or other shorthand: anything else fails, and the functions give null.
 */
/** Failure marker of {@link parseIPv4}. */
export const IPV4_INVALID = -1;
/**
 * Parses IPv4 text with an optional `/prefix`.
 * Returns `address * 64 + prefix` (address as an unsigned 32-bit value, prefix 0..32; at most 2^38, so exact
 * in a double), or {@link IPV4_INVALID}. The address is NOT masked; use {@link v4Masked}.
 */
export function parseIPv4(s) {
    return parseIPv4Range(s, 0, s.length, true);
}
/** Parses `s[start, end)` as IPv4; `allowPrefix` false rejects a `/N` suffix. Same result as {@link parseIPv4}. */
export function parseIPv4Range(s, start, end, allowPrefix) {
    let i = start;
    let addr = 0;
    for (let octet = 0; octet < 4; octet++) {
        if (octet > 0) {
            if (i >= end || s.charCodeAt(i) !== 46 /* . */)
                return IPV4_INVALID;
            i++;
        }
        let v = 0;
        let digits = 0;
        while (i < end) {
            const c = s.charCodeAt(i) - 48;
            if (c < 0 || c > 9)
                break;
            v = v * 10 + c;
            digits++;
            i++;
            if (digits > 3)
                return IPV4_INVALID;
        }
        if (digits === 0 || v > 255)
            return IPV4_INVALID;
        addr = addr * 256 + v;
    }
    let prefix = 32;
    if (i < end) {
        if (!allowPrefix || s.charCodeAt(i) !== 47 /* / */)
            return IPV4_INVALID;
        i++;
        prefix = parsePrefix(s, i, end, 32);
        if (prefix < 0)
            return IPV4_INVALID;
    }
    return addr * 64 + prefix;
}
/** Decimal prefix length in `s[i, end)`, 1 to 3 digits, at most `max`; -1 if it is not one. */
function parsePrefix(s, i, end, max) {
    if (i >= end || end - i > 3)
        return -1;
    let v = 0;
    for (; i < end; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            return -1;
        v = v * 10 + c;
    }
    return v <= max ? v : -1;
}
/** The address part of a {@link parseIPv4} result (unsigned 32-bit). */
export function v4Address(packed) {
    return Math.floor(packed / 64);
}
/** The prefix part of a {@link parseIPv4} result (0..32). */
export function v4Prefix(packed) {
    return packed % 64;
}
/** The network mask of a prefix length, as an unsigned 32-bit value. */
export function v4Mask(prefix) {
    return prefix <= 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}
/** `addr` with the host bits beyond `prefix` cleared (unsigned). */
export function v4Masked(addr, prefix) {
    return (addr & v4Mask(prefix)) >>> 0;
}
/** Dotted-quad text of an unsigned 32-bit address. */
export function formatIPv4(addr) {
    return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}
/** True for 10/8, 172.16/12 and 192.168/16 (RFC 1918), the only ranges ipv4_is_private accepts. */
export function isPrivateV4(addr) {
    const a = addr >>> 24;
    if (a === 10)
        return true;
    const b = (addr >>> 16) & 255;
    return (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
export function newV6() {
    return new Uint32Array(4);
}
const groups = new Uint16Array(8); // scratch for parseIPv6 (single-threaded, never re-entered)
/**
 * Parses IPv6 (or IPv4, see the module comment) text with an optional `/prefix` into `out`.
 * Returns the prefix length in IPv6 bits (0..128), or -1 when the text does not parse (then `out` is garbage).
 * The address is NOT masked; use {@link v6Mask}.
 */
export function parseIPv6(s, out) {
    const n = s.length;
    let slash = -1;
    let sawColon = false;
    for (let k = 0; k < n; k++) {
        const c = s.charCodeAt(k);
        if (c === 47 /* / */) {
            slash = k;
            break;
        }
        if (c === 58 /* : */)
            sawColon = true;
    }
    const end = slash < 0 ? n : slash;
    if (!sawColon) {
        // Plain IPv4: IPv4-mapped, its prefix counted from bit 96.
        const p = parseIPv4Range(s, 0, end, false);
        if (p < 0)
            return -1;
        let prefix = 128;
        if (slash >= 0) {
            const q = parsePrefix(s, slash + 1, n, 32);
            if (q < 0)
                return -1;
            prefix = 96 + q;
        }
        out[0] = 0;
        out[1] = 0;
        out[2] = 0xffff;
        out[3] = v4Address(p);
        return prefix;
    }
    // Hex groups, with at most one "::" (recorded as the group index where the zeros go).
    let count = 0;
    let gap = -1;
    let i = 0;
    let dottedTail = false;
    if (end >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
        gap = 0;
        i = 2;
    }
    else if (end >= 1 && s.charCodeAt(0) === 58) {
        return -1; // a single leading ':'
    }
    while (i < end) {
        // One group: hex digits, or a dotted IPv4 tail that fills two groups.
        const groupStart = i;
        let v = 0;
        let digits = 0;
        while (i < end) {
            const c = s.charCodeAt(i);
            let h;
            if (c >= 48 && c <= 57)
                h = c - 48;
            else if (c >= 97 && c <= 102)
                h = c - 87;
            else if (c >= 65 && c <= 70)
                h = c - 55;
            else
                break;
            v = v * 16 + h;
            digits++;
            i++;
        }
        if (i < end && s.charCodeAt(i) === 46 /* . */) {
            if (count > 6)
                return -1;
            const p = parseIPv4Range(s, groupStart, end, false);
            if (p < 0)
                return -1;
            const a = v4Address(p);
            groups[count++] = a >>> 16;
            groups[count++] = a & 0xffff;
            dottedTail = true;
            i = end;
            break;
        }
        if (digits === 0 || digits > 4 || count >= 8)
            return -1;
        groups[count++] = v;
        if (i >= end)
            break;
        if (s.charCodeAt(i) !== 58)
            return -1;
        i++;
        if (i < end && s.charCodeAt(i) === 58) {
            if (gap >= 0)
                return -1; // a second "::"
            gap = count;
            i++;
        }
        else if (i >= end) {
            return -1; // a trailing single ':'
        }
    }
    if (gap < 0 ? count !== 8 : count > 7)
        return -1;
    // Expand into 8 groups.
    const zeros = 8 - count;
    let w = 0;
    let hi = 0;
    for (let g = 0; g < 8; g++) {
        let val;
        if (gap < 0 || g < gap)
            val = groups[g];
        else if (g < gap + zeros)
            val = 0;
        else
            val = groups[g - zeros];
        if ((g & 1) === 0)
            hi = val;
        else
            out[w++] = ((hi << 16) | val) >>> 0;
    }
    let prefix = 128;
    // "::a.b.c.d" (all-zero head, dotted tail) is read as IPv4, like the parse_ipv6_mask doc example shows.
    const v4Compatible = dottedTail && out[0] === 0 && out[1] === 0 && out[2] === 0;
    if (v4Compatible)
        out[2] = 0xffff;
    if (slash >= 0) {
        const q = parsePrefix(s, slash + 1, n, v4Compatible ? 32 : 128);
        if (q < 0)
            return -1;
        prefix = v4Compatible ? 96 + q : q;
    }
    return prefix;
}
/** Clears the bits of `a` beyond `prefix` (0..128), in place. */
export function v6Mask(a, prefix) {
    for (let w = 0; w < 4; w++) {
        const bits = prefix - w * 32;
        if (bits >= 32)
            continue;
        a[w] = bits <= 0 ? 0 : (a[w] & ((0xffffffff << (32 - bits)) >>> 0)) >>> 0;
    }
}
/** -1, 0 or 1: unsigned comparison of two 128-bit values. */
export function v6Compare(a, b) {
    for (let w = 0; w < 4; w++) {
        const x = a[w];
        const y = b[w];
        if (x !== y)
            return x < y ? -1 : 1;
    }
    return 0;
}
/** Full, zero-padded, lower-case text: `0000:0000:0000:0000:0000:ffff:c0a8:ffff` (parse_ipv6's output form). */
export function formatIPv6Full(a) {
    let s = '';
    for (let w = 0; w < 4; w++) {
        const x = a[w];
        if (w > 0)
            s += ':';
        s += hex4(x >>> 16) + ':' + hex4(x & 0xffff);
    }
    return s;
}
function hex4(v) {
    return v.toString(16).padStart(4, '0');
}
/** True when the address is IPv4-mapped (`::ffff:0:0/96`); then `a[3]` is the IPv4 address. */
export function isV4Mapped(a) {
    return a[0] === 0 && a[1] === 0 && a[2] === 0xffff;
}
// ------------------------------------------------------------------------------ IPv4 inside free text
function isAlnum(c) {
    if (c < 128)
        return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
    return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}
/**
 * Calls `visit(address)` for each properly delimited IPv4 address in `text` (has_ipv4's rule: the address must
 * not touch a letter or digit on either side), until `visit` returns true. Returns whether one did.
 * `127.0.0.256` and `54127.0.0.1` are not addresses, so they are skipped whole.
 */
export function someIPv4InText(text, visit) {
    const n = text.length;
    let i = 0;
    while (i < n) {
        const c = text.charCodeAt(i);
        if (c < 48 || c > 57) {
            i++;
            continue;
        }
        // Start of a digit run; it is a candidate only if the previous character is not alphanumeric.
        const candidate = i === 0 || !isAlnum(text.charCodeAt(i - 1));
        if (candidate) {
            let j = i;
            let addr = 0;
            let ok = true;
            for (let octet = 0; octet < 4 && ok; octet++) {
                if (octet > 0) {
                    if (j < n && text.charCodeAt(j) === 46)
                        j++;
                    else {
                        ok = false;
                        break;
                    }
                }
                let v = 0;
                let digits = 0;
                while (j < n) {
                    const d = text.charCodeAt(j) - 48;
                    if (d < 0 || d > 9)
                        break;
                    v = v * 10 + d;
                    digits++;
                    j++;
                }
                if (digits === 0 || digits > 3 || v > 255)
                    ok = false;
                addr = addr * 256 + v;
            }
            if (ok && (j >= n || !isAlnum(text.charCodeAt(j)))) {
                if (visit(addr))
                    return true;
            }
        }
        // Skip the rest of this digit run: an address cannot start inside it.
        while (i < n) {
            const d = text.charCodeAt(i);
            if (d < 48 || d > 57)
                break;
            i++;
        }
    }
    return false;
}
/**
 * Parses an has_ipv4_prefix prefix: a full IPv4 address, or 1 to 3 octets each followed by a dot (`192.168.`).
 * Returns `{ value, octets }` where `value` holds the given octets in the high bytes, or null when invalid.
 */
export function parseIPv4TextPrefix(s) {
    const full = parseIPv4Range(s, 0, s.length, false);
    if (full >= 0)
        return { value: v4Address(full), octets: 4 };
    let i = 0;
    let value = 0;
    let octets = 0;
    const n = s.length;
    while (i < n) {
        let v = 0;
        let digits = 0;
        while (i < n) {
            const d = s.charCodeAt(i) - 48;
            if (d < 0 || d > 9)
                break;
            v = v * 10 + d;
            digits++;
            i++;
        }
        if (digits === 0 || digits > 3 || v > 255)
            return null;
        if (i >= n || s.charCodeAt(i) !== 46)
            return null;
        i++;
        value = value * 256 + v;
        octets++;
        if (octets > 3)
            return null;
    }
    if (octets === 0)
        return null;
    return { value: value * 2 ** (8 * (4 - octets)), octets };
}
