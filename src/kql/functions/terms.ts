/**
 * Kusto term matching (`has`, `hasprefix`, `hassuffix`, `has_any`, `has_all`; semantics.md §14-15).
 *
 * A term is a maximal run of alphanumeric characters. A needle that is itself one term must equal (has), start
 * (hasprefix) or end (hassuffix) a term of the haystack. A needle with non-alphanumerics is a contiguous run of
 * whole terms: it must occur as a substring whose neighbours are not alphanumeric, checked only at an edge
 * where the needle's own character is alphanumeric (a needle edge such as "-" is a delimiter already).
 * The same rule covers a needle with no alphanumerics at all ('://', '\\', '*'): neither edge needs a
 * boundary, so it is a plain substring test (DOC-SILENT, semantics.md §14 recommendation applied
 * consistently). Examples: "a://b" has "://" (true), "x-y" has "-y" (true), "x-yz" has "-y" (false),
 * "ab" hasprefix "*" (false). An empty needle stays unsupported: what Kusto returns for `has ""` is not
 * documented, and the "whole terms" rule gives no answer for zero terms.
 *
 * Alphanumeric means a UTF-16 unit that is a Unicode letter or decimal digit (\p{L} or \p{Nd}), like .NET's
 * char.IsLetterOrDigit, so a surrogate half is a delimiter. The case-insensitive forms fold ASCII letters only
 * ("Case-insensitive operators are currently supported only for ASCII-text").
 *
 * These functions run over millions of distinct values: no regex and no allocation per call.
 */
import { unsupported } from '../errors.js';

/** 1 where an ASCII code is [0-9A-Za-z]. */
const ASCII_ALNUM = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_ALNUM[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_ALNUM[c] = 1;

/** Built on first use: 1 where a UTF-16 unit >= 128 is \p{L} or \p{Nd}. */
let BMP_ALNUM: Uint8Array | undefined;
function buildBmpTable(): Uint8Array {
  const t = new Uint8Array(65536);
  const re = /[\p{L}\p{Nd}]/u;
  for (let c = 128; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (re.test(String.fromCharCode(c))) t[c] = 1;
  }
  return t;
}

/** True if the UTF-16 unit `c` is part of a term. */
export function isTermChar(c: number): boolean {
  if (c < 128) return ASCII_ALNUM[c] === 1;
  return (BMP_ALNUM ??= buildBmpTable())[c] === 1;
}

/** ASCII-only case folding of one UTF-16 unit. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** Lower-cases ASCII letters only; returns `s` itself when nothing changes. */
export function asciiLower(s: string): string {
  let i = 0;
  let nonAscii = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) break;
    if (c >= 128) nonAscii = true;
  }
  if (i === s.length) return s;
  if (!nonAscii) {
    for (let j = i + 1; j < s.length; j++) if (s.charCodeAt(j) >= 128) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) return s.toLowerCase(); // same as ASCII folding for pure-ASCII text, and native
  let out = s.slice(0, i);
  for (; i < s.length; i++) out += String.fromCharCode(fold(s.charCodeAt(i)));
  return out;
}

/** Which ends of an occurrence must be term boundaries (bit flags). */
type Edge = number;
const EDGE_START = 1;
const EDGE_END = 2;
const EDGE_BOTH = 3;

function checkNeedle(needle: string): void {
  if (needle.length === 0) {
    throw unsupported('has: an empty needle (what Kusto returns for has "" / !has "" is not documented; use isnotempty())');
  }
}

/**
 * Core scan: is there an occurrence of `n` in `h` whose start (EDGE_START) and/or end (EDGE_END) is a term
 * boundary? Case folding applies to both sides when !cs, so the needle need not be pre-folded.
 */
function scan(h: string, n: string, cs: boolean, edges: Edge): boolean {
  const nl = n.length;
  const hl = h.length;
  if (nl > hl) return false;
  const n0 = n.charCodeAt(0);
  const needStart = (edges & EDGE_START) !== 0 && isTermChar(n0);
  const needEnd = (edges & EDGE_END) !== 0 && isTermChar(n.charCodeAt(nl - 1));
  if (cs) {
    let i = h.indexOf(n);
    while (i >= 0) {
      if ((!needStart || i === 0 || !isTermChar(h.charCodeAt(i - 1))) && (!needEnd || i + nl === hl || !isTermChar(h.charCodeAt(i + nl)))) {
        return true;
      }
      i = h.indexOf(n, i + 1);
    }
    return false;
  }
  const f0 = fold(n0);
  const last = hl - nl;
  outer: for (let i = 0; i <= last; i++) {
    if (fold(h.charCodeAt(i)) !== f0) continue;
    if (needStart && i > 0 && isTermChar(h.charCodeAt(i - 1))) continue;
    if (needEnd && i + nl < hl && isTermChar(h.charCodeAt(i + nl))) continue;
    for (let j = 1; j < nl; j++) if (fold(h.charCodeAt(i + j)) !== fold(n.charCodeAt(j))) continue outer;
    return true;
  }
  return false;
}

/** `haystack has needle` (case-insensitive) or `has_cs` (caseSensitive). */
export function hasTerm(haystack: string, needle: string, caseSensitive: boolean): boolean {
  checkNeedle(needle);
  return scan(haystack, needle, caseSensitive, EDGE_BOTH);
}

/** `haystack hasprefix needle`: the needle starts at a term start. */
export function hasPrefixTerm(haystack: string, needle: string, caseSensitive: boolean): boolean {
  checkNeedle(needle);
  return scan(haystack, needle, caseSensitive, EDGE_START);
}

/** `haystack hassuffix needle`: the needle ends at a term end. */
export function hasSuffixTerm(haystack: string, needle: string, caseSensitive: boolean): boolean {
  checkNeedle(needle);
  return scan(haystack, needle, caseSensitive, EDGE_END);
}

export type TermMode = 'has' | 'hasprefix' | 'hassuffix';

/**
 * A matcher for one constant needle, validated once. For the case-insensitive form the needle is folded once;
 * a needle without ASCII letters takes the native indexOf path.
 */
export function makeTermMatcher(needle: string, caseSensitive: boolean, mode: TermMode = 'has'): (s: string) => boolean {
  checkNeedle(needle);
  const edges = mode === 'has' ? EDGE_BOTH : mode === 'hasprefix' ? EDGE_START : EDGE_END;
  let cs = caseSensitive;
  let n = needle;
  if (!cs) {
    n = asciiLower(needle);
    // Folding cannot matter if the needle has no ASCII letters: fall through to the indexOf path.
    if (!/[a-z]/.test(n)) cs = true;
  }
  return (s) => scan(s, n, cs, edges);
}

/** True if every character of `s` is a term character (so `s` is exactly one term). */
function isSingleTerm(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isTermChar(s.charCodeAt(i))) return false;
  return s.length > 0;
}

/**
 * `has_any`: pre-processes the needle list once. Needles that are single terms go into a Set (lower-cased for
 * the case-insensitive form) and the haystack is split into terms and looked up, which makes the common case
 * (a list of hex device ids against a device-id column) one Set lookup per value. Other needles are scanned.
 * An empty list matches nothing (DOC-SILENT; `has_any_index` with an empty array returns -1).
 */
export function makeHasAny(needles: readonly string[], caseSensitive: boolean): (s: string) => boolean {
  const terms = new Set<string>();
  const others: ((s: string) => boolean)[] = [];
  let minLen = Infinity;
  let maxLen = 0;
  for (const n of new Set(needles)) {
    if (isSingleTerm(n)) {
      terms.add(caseSensitive ? n : asciiLower(n));
      minLen = Math.min(minLen, n.length);
      maxLen = Math.max(maxLen, n.length);
    } else others.push(makeTermMatcher(n, caseSensitive, 'has'));
  }
  if (terms.size === 0 && others.length === 0) return () => false;
  const lookupTerms = (h: string): boolean => {
    // A value equal to a single-term needle is that term (the usual device-id hit): one Set probe.
    if (terms.has(h)) return true;
    const hl = h.length;
    let i = 0;
    while (i < hl) {
      let c = h.charCodeAt(i);
      while (!isTermChar(c)) {
        if (++i >= hl) return false;
        c = h.charCodeAt(i);
      }
      const start = i;
      let upper = false;
      do {
        if (c >= 65 && c <= 90) upper = true;
        if (++i >= hl) break;
        c = h.charCodeAt(i);
      } while (isTermChar(c));
      const len = i - start;
      if (len >= minLen && len <= maxLen) {
        const whole = start === 0 && i === hl;
        if (whole && (caseSensitive || !upper)) return false; // the only term, already probed above
        let t = whole ? h : h.substring(start, i);
        if (!caseSensitive && upper) t = asciiLower(t);
        if (terms.has(t)) return true;
      }
    }
    return false;
  };
  if (others.length === 0) return lookupTerms;
  if (terms.size === 0) return (s) => others.some((m) => m(s));
  return (s) => lookupTerms(s) || others.some((m) => m(s));
}

/**
 * `has_all`: every needle must be found. An empty list matches everything (DOC-SILENT; this is the
 * dossier's unverified recommendation).
 */
export function makeHasAll(needles: readonly string[], caseSensitive: boolean): (s: string) => boolean {
  const matchers = [...new Set(needles)].map((n) => makeTermMatcher(n, caseSensitive, 'has'));
  if (matchers.length === 0) return () => true;
  return (s) => {
    for (const m of matchers) if (!m(s)) return false;
    return true;
  };
}

/** No row functions here (the `op:has*` functions live in string-operators.ts); exported for a uniform registry. */
export const functions: import('./scalar-function.js').ScalarFunction[] = [];
