import { compileKustoRegex } from './regex.js';
import { kustoToString } from './string.js';
import { asciiLower, hasPrefixTerm, hasSuffixTerm, hasTerm, makeTermMatcher } from './terms.js';
function fold(c) {
    return c >= 65 && c <= 90 ? c | 32 : c;
}
function hasAsciiLetter(s) {
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i) | 32;
        if (c >= 97 && c <= 122)
            return true;
    }
    return false;
}
/** Compares h[at..at+n.length) with n, folding ASCII case on both sides. */
function regionEqualsCI(h, at, n) {
    for (let j = 0; j < n.length; j++)
        if (fold(h.charCodeAt(at + j)) !== fold(n.charCodeAt(j)))
            return false;
    return true;
}
export function equalsCI(a, b) {
    return a.length === b.length && regionEqualsCI(a, 0, b);
}
export function containsCI(h, n) {
    const last = h.length - n.length;
    if (last < 0)
        return false;
    if (n.length === 0)
        return true;
    const f0 = fold(n.charCodeAt(0));
    for (let i = 0; i <= last; i++)
        if (fold(h.charCodeAt(i)) === f0 && regionEqualsCI(h, i, n))
            return true;
    return false;
}
export function startsWithCI(h, n) {
    return h.length >= n.length && regionEqualsCI(h, 0, n);
}
export function endsWithCI(h, n) {
    return h.length >= n.length && regionEqualsCI(h, h.length - n.length, n);
}
/** A converter for operand i: identity for strings, tostring rules otherwise. */
function operand(site, i) {
    const t = site.argTypes[i] ?? 'string';
    if (t === 'string')
        return (v) => (v === null ? '' : v);
    return (v) => kustoToString(v, t);
}
/**
 * Defines an operator and its negation. `specialize` may return a faster predicate for a constant right
 * operand (pre-folded needle, precompiled matcher); otherwise `pred` runs per row.
 */
function op(name, pred, specialize) {
    const make = (negate) => ({
        name: `op:${negate ? '!' : ''}${name}`,
        bind(site) {
            const left = operand(site, 0);
            const right = operand(site, 1);
            const c = site.constArgs[1];
            if (c !== undefined) {
                const needle = right(c);
                const f = specialize ? specialize(needle) : (h) => pred(h, needle);
                return negate ? (args) => !f(left(args[0])) : (args) => f(left(args[0]));
            }
            return negate ? (args) => !pred(left(args[0]), right(args[1])) : (args) => pred(left(args[0]), right(args[1]));
        },
    });
    return [make(false), make(true)];
}
/** Case-insensitive operator whose needle is folded once; needles without ASCII letters use the exact form. */
function ciSpecialize(ci, exact) {
    return (needle) => {
        if (!hasAsciiLetter(needle))
            return (h) => exact(h, needle);
        const n = asciiLower(needle);
        return (h) => ci(h, n);
    };
}
function termOp(name, mode, cs, pred) {
    return op(name, pred, (needle) => makeTermMatcher(needle, cs, mode));
}
const contains = (h, n) => h.includes(n);
const startsWith = (h, n) => h.startsWith(n);
const endsWith = (h, n) => h.endsWith(n);
export const functions = [
    ...op('=~', equalsCI, ciSpecialize(equalsCI, (h, n) => h === n)),
    ...termOp('has', 'has', false, (h, n) => hasTerm(h, n, false)),
    ...termOp('has_cs', 'has', true, (h, n) => hasTerm(h, n, true)),
    ...termOp('hasprefix', 'hasprefix', false, (h, n) => hasPrefixTerm(h, n, false)),
    ...termOp('hasprefix_cs', 'hasprefix', true, (h, n) => hasPrefixTerm(h, n, true)),
    ...termOp('hassuffix', 'hassuffix', false, (h, n) => hasSuffixTerm(h, n, false)),
    ...termOp('hassuffix_cs', 'hassuffix', true, (h, n) => hasSuffixTerm(h, n, true)),
    ...op('contains', containsCI, ciSpecialize(containsCI, contains)),
    ...op('contains_cs', contains),
    ...op('startswith', startsWithCI, ciSpecialize(startsWithCI, startsWith)),
    ...op('startswith_cs', startsWith),
    ...op('endswith', endsWithCI, ciSpecialize(endsWithCI, endsWith)),
    ...op('endswith_cs', endsWith),
    // matches regex is an unanchored search (semantics.md §17).
    ...op('matches regex', (h, p) => compileKustoRegex(p).test(h), (p) => {
        const re = compileKustoRegex(p);
        return (h) => re.test(h);
    }),
]
    // The negation of `=~` is spelled `!~`; Kusto has no `!matches regex`.
    .map((f) => (f.name === 'op:!=~' ? { ...f, name: 'op:!~' } : f))
    .filter((f) => f.name !== 'op:!matches regex');
