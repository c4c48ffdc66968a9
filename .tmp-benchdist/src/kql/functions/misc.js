/**
 * Logical and miscellaneous functions: iff/iif, case, coalesce, isnull/isnotnull/notnull,
 * isempty/isnotempty/notempty, not, new_guid.
 * Branch values may have different (compatible) types; they are converted to the call's result type.
 */
import { randomUUID } from 'node:crypto';
import { convertTo } from './conversion.js';
function arg(args, i) {
    const v = args[i];
    return v === undefined ? null : v;
}
/** A converter from the i-th argument's type to the result type (identity when they agree). */
function coercer(site, i) {
    const from = site.argTypes[i] ?? site.resultType;
    const to = site.resultType;
    if (from === to)
        return (v) => v;
    return (v) => convertTo(v, from, to);
}
/** iff(cond, then, else): only a true condition takes `then`; null takes `else` (iff-function.md). */
function iff(site) {
    const a = coercer(site, 1);
    const b = coercer(site, 2);
    return (args) => (arg(args, 0) === true ? a(arg(args, 1)) : b(arg(args, 2)));
}
/** case(p1, v1, p2, v2, ..., else): the first true predicate's value. */
function caseFn(site) {
    const n = site.argTypes.length;
    const conv = site.argTypes.map((_, i) => coercer(site, i));
    return (args) => {
        for (let i = 0; i + 1 < n; i += 2) {
            if (arg(args, i) === true)
                return conv[i + 1](arg(args, i + 1));
        }
        return conv[n - 1](arg(args, n - 1));
    };
}
function isEmptyValue(v, t) {
    if (v === null)
        return true;
    return (t === 'string' || t === 'dynamic') && v === '';
}
/** coalesce(a, b, ...): the first non-null value, or for strings the first non-empty one. */
function coalesce(site) {
    const conv = site.argTypes.map((_, i) => coercer(site, i));
    const types = site.argTypes;
    const empty = site.resultType === 'string' ? '' : null;
    return (args) => {
        for (let i = 0; i < args.length; i++) {
            const v = arg(args, i);
            if (v === null)
                continue;
            if (types[i] === 'string' && v === '')
                continue;
            return conv[i](v);
        }
        return empty;
    };
}
function isnull(site) {
    // Strings are never null (null-values.md): isnull("") is false.
    if (site.argTypes[0] === 'string')
        return () => false;
    return (args) => arg(args, 0) === null;
}
function isnotnull(site) {
    if (site.argTypes[0] === 'string')
        return () => true;
    return (args) => arg(args, 0) !== null;
}
function isempty(site) {
    const t = site.argTypes[0] ?? 'dynamic';
    return (args) => isEmptyValue(arg(args, 0), t);
}
function isnotempty(site) {
    const t = site.argTypes[0] ?? 'dynamic';
    return (args) => !isEmptyValue(arg(args, 0), t);
}
/** not(b): not(null) is null (not-function.md). */
function not(args) {
    const v = arg(args, 0);
    return typeof v === 'boolean' ? !v : null;
}
function withSite(name, bind) {
    return { name, bind };
}
export const functions = [
    withSite('iff', iff),
    withSite('iif', iff),
    withSite('case', caseFn),
    withSite('coalesce', coalesce),
    withSite('isnull', isnull),
    withSite('isnotnull', isnotnull),
    withSite('notnull', isnotnull),
    withSite('isempty', isempty),
    withSite('isnotempty', isnotempty),
    withSite('notempty', isnotempty),
    { name: 'not', bind: () => not },
    { name: 'new_guid', volatile: true, bind: () => () => randomUUID() },
];
