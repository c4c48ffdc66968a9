/** True if the UTF-16 unit `c` is part of a term. */
export declare function isTermChar(c: number): boolean;
/** Lower-cases ASCII letters only; returns `s` itself when nothing changes. */
export declare function asciiLower(s: string): string;
/** `haystack has needle` (case-insensitive) or `has_cs` (caseSensitive). */
export declare function hasTerm(haystack: string, needle: string, caseSensitive: boolean): boolean;
/** `haystack hasprefix needle`: the needle starts at a term start. */
export declare function hasPrefixTerm(haystack: string, needle: string, caseSensitive: boolean): boolean;
/** `haystack hassuffix needle`: the needle ends at a term end. */
export declare function hasSuffixTerm(haystack: string, needle: string, caseSensitive: boolean): boolean;
export type TermMode = 'has' | 'hasprefix' | 'hassuffix';
/**
 * A matcher for one constant needle, validated once. For the case-insensitive form the needle is folded once;
 * a needle without ASCII letters takes the native indexOf path.
 */
export declare function makeTermMatcher(needle: string, caseSensitive: boolean, mode?: TermMode): (s: string) => boolean;
/**
 * `has_any`: pre-processes the needle list once. Needles that are single terms go into a Set (lower-cased for
 * the case-insensitive form) and the haystack is split into terms and looked up, which makes the common case
 * (a list of hex device ids against a device-id column) one Set lookup per value. Other needles are scanned.
 * An empty list matches nothing (DOC-SILENT; `has_any_index` with an empty array returns -1).
 */
export declare function makeHasAny(needles: readonly string[], caseSensitive: boolean): (s: string) => boolean;
/**
 * `has_all`: every needle must be found. An empty list matches everything (DOC-SILENT; this is the
 * dossier's unverified recommendation).
 */
export declare function makeHasAll(needles: readonly string[], caseSensitive: boolean): (s: string) => boolean;
/** No row functions here (the `op:has*` functions live in string-operators.ts); exported for a uniform registry. */
export declare const functions: import('./scalar-function.js').ScalarFunction[];
