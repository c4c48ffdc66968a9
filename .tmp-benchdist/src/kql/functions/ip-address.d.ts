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
export declare const IPV4_INVALID = -1;
/**
 * Parses IPv4 text with an optional `/prefix`.
 * Returns `address * 64 + prefix` (address as an unsigned 32-bit value, prefix 0..32; at most 2^38, so exact
 * in a double), or {@link IPV4_INVALID}. The address is NOT masked; use {@link v4Masked}.
 */
export declare function parseIPv4(s: string): number;
/** Parses `s[start, end)` as IPv4; `allowPrefix` false rejects a `/N` suffix. Same result as {@link parseIPv4}. */
export declare function parseIPv4Range(s: string, start: number, end: number, allowPrefix: boolean): number;
/** The address part of a {@link parseIPv4} result (unsigned 32-bit). */
export declare function v4Address(packed: number): number;
/** The prefix part of a {@link parseIPv4} result (0..32). */
export declare function v4Prefix(packed: number): number;
/** The network mask of a prefix length, as an unsigned 32-bit value. */
export declare function v4Mask(prefix: number): number;
/** `addr` with the host bits beyond `prefix` cleared (unsigned). */
export declare function v4Masked(addr: number, prefix: number): number;
/** Dotted-quad text of an unsigned 32-bit address. */
export declare function formatIPv4(addr: number): string;
/** True for 10/8, 172.16/12 and 192.168/16 (RFC 1918), the only ranges ipv4_is_private accepts. */
export declare function isPrivateV4(addr: number): boolean;
/** A 128-bit address as four unsigned 32-bit words, most significant first. */
export type V6 = Uint32Array;
export declare function newV6(): V6;
/**
 * Parses IPv6 (or IPv4, see the module comment) text with an optional `/prefix` into `out`.
 * Returns the prefix length in IPv6 bits (0..128), or -1 when the text does not parse (then `out` is garbage).
 * The address is NOT masked; use {@link v6Mask}.
 */
export declare function parseIPv6(s: string, out: V6): number;
/** Clears the bits of `a` beyond `prefix` (0..128), in place. */
export declare function v6Mask(a: V6, prefix: number): void;
/** -1, 0 or 1: unsigned comparison of two 128-bit values. */
export declare function v6Compare(a: V6, b: V6): number;
/** Full, zero-padded, lower-case text: `0000:0000:0000:0000:0000:ffff:c0a8:ffff` (parse_ipv6's output form). */
export declare function formatIPv6Full(a: V6): string;
/** True when the address is IPv4-mapped (`::ffff:0:0/96`); then `a[3]` is the IPv4 address. */
export declare function isV4Mapped(a: V6): boolean;
/**
 * Calls `visit(address)` for each properly delimited IPv4 address in `text` (has_ipv4's rule: the address must
 * not touch a letter or digit on either side), until `visit` returns true. Returns whether one did.
 * `127.0.0.256` and `54127.0.0.1` are not addresses, so they are skipped whole.
 */
export declare function someIPv4InText(text: string, visit: (addr: number) => boolean): boolean;
/**
 * Parses an has_ipv4_prefix prefix: a full IPv4 address, or 1 to 3 octets each followed by a dot (`192.168.`).
 * Returns `{ value, octets }` where `value` holds the given octets in the high bytes, or null when invalid.
 */
export declare function parseIPv4TextPrefix(s: string): {
    value: number;
    octets: number;
} | null;
