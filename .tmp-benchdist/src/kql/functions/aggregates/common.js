import { FlatVector, VectorBuilder } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
/** Capacity for `need` groups: doubles, so growth costs O(1) amortized per group. */
export function capacityFor(current, need) {
    let c = Math.max(current, 16);
    while (c < need)
        c *= 2;
    return c;
}
/** Returns `a` when it covers `need` entries, else a larger copy (new entries zero). */
export function grow(a, need) {
    if (a.length >= need)
        return a;
    const b = new a.constructor(capacityFor(a.length, need));
    b.set(a);
    return b;
}
/** Growable array of per-group objects (sets, lists, bags), created on first use. */
export function growArray(a, need) {
    while (a.length < need)
        a.push(undefined);
}
export function phys(v) {
    if (v.enc === 'const')
        return null;
    if (v.enc === 'flat')
        return { data: v.data, nulls: v.nulls, idx: v.sel };
    const d = v.dict;
    if (!v.sel && !d.sel)
        return { data: d.data, nulls: d.nulls, idx: v.codes };
    // The contract says a dictionary has no selection; compose one anyway rather than misread.
    const idx = new Int32Array(v.length);
    for (let k = 0; k < v.length; k++) {
        const c = v.codes[v.sel ? v.sel[k] : k];
        idx[k] = d.sel ? d.sel[c] : c;
    }
    return { data: d.data, nulls: d.nulls, idx };
}
/** Boxed value of physical entry i (as vector.get does, without the selection step). */
export function boxPhys(type, p, i) {
    if (p.nulls !== null && p.nulls[i] === 1)
        return null;
    const v = p.data[i];
    if (type === 'bool')
        return v === 1;
    if (v === undefined)
        return type === 'string' ? '' : null;
    return v;
}
/**
 * Rows where a predicate is true (null and false count as false): a 0/1 mask, `null` when every row passes, or
 * `false` when none does (the caller can skip the batch).
 */
export function trueRows(pred, n) {
    if (pred.enc === 'const')
        return pred.value === true ? null : false;
    if (pred.enc === 'flat' && pred.data instanceof Uint8Array && !pred.sel && !pred.nulls)
        return pred.data;
    const mask = new Uint8Array(n);
    if (pred.enc === 'flat' && pred.data instanceof Uint8Array) {
        const { data, nulls, sel } = pred;
        for (let k = 0; k < n; k++) {
            const i = sel ? sel[k] : k;
            mask[k] = nulls !== null && nulls[i] === 1 ? 0 : data[i];
        }
        return mask;
    }
    if (pred.enc === 'dict' && pred.dict.data instanceof Uint8Array && !pred.dict.sel) {
        // A predicate computed once per dictionary entry (e.g. `ActionType == "x"` over a string column).
        const { data, nulls } = pred.dict;
        const truth = new Uint8Array(data.length);
        for (let c = 0; c < data.length; c++)
            truth[c] = nulls !== null && nulls[c] === 1 ? 0 : data[c];
        const { codes, sel } = pred;
        for (let k = 0; k < n; k++)
            mask[k] = truth[codes[sel ? sel[k] : k]];
        return mask;
    }
    for (let k = 0; k < n; k++)
        mask[k] = pred.get(k) === true ? 1 : 0;
    return mask;
}
/** A long vector from per-group counts held in doubles (exact below 2^53). */
export function countsToLong(counts, numGroups) {
    const out = new BigInt64Array(numGroups);
    for (let g = 0; g < numGroups; g++)
        out[g] = BigInt(counts[g]);
    return new FlatVector('long', out, null);
}
/** Builds an output vector of `type` with one boxed value per group. */
export function buildVector(type, numGroups, value) {
    const b = new VectorBuilder(type, numGroups);
    for (let g = 0; g < numGroups; g++)
        b.set(g, value(g));
    return b.finish();
}
/** Ordering of two non-null orderable boxed values of one type (number, bigint, string, boolean). */
export function compareBoxed(a, b) {
    // Ordinal comparison for strings (UTF-16 code units), numeric for the rest; booleans as false < true.
    return a < b ? -1 : a > b ? 1 : 0;
}
/** The types min/max/arg_min/arg_max/percentile order (Kusto's "orderable": number, timespan, datetime, string, bool). */
export function checkOrderable(fn, t) {
    if (t === 'decimal')
        throw unsupported(`${fn}: decimal arguments`);
    if (t === 'dynamic' || t === 'guid')
        throw unsupported(`${fn}: ${t} arguments`);
}
/** A constant integer argument (make_set's maxSize and the like) or its default. */
export function constInt(site, i, dflt, fn) {
    if (i >= site.argTypes.length)
        return dflt;
    const v = site.constArgs[i];
    if (v === undefined || v === null)
        throw unsupported(`${fn}: non-constant argument ${i + 1}`);
    const n = Number(v);
    if (!Number.isFinite(n))
        throw unsupported(`${fn}: argument ${i + 1} must be a number`);
    return Math.trunc(n);
}
/** Key that identifies a dynamic value for set semantics: primitives stand for themselves, the rest by JSON text. */
export function dynKeyIsPrimitive(v) {
    return v === null || typeof v !== 'object';
}
/**
 * Shorthand for an aggregate whose `create` takes the site. The accumulator is wrapped so that finish() fails
 * loudly if an output's type ever differs from the binder's (a planner/aggregate mismatch), instead of handing
 * mistyped columns downstream.
 */
export function agg(name, create) {
    return {
        name,
        create: (site) => {
            const acc = create(site);
            return {
                update: (groups, n, args, returned, numGroups) => acc.update(groups, n, args, returned, numGroups),
                finish: (numGroups) => {
                    const out = acc.finish(numGroups);
                    const want = site.outputTypes;
                    if (out.length !== want.length || out.some((v, j) => v.type !== want[j])) {
                        throw unsupported(`${name}: produces (${out.map((v) => v.type).join(', ')}) where the binder expects (${want.join(', ')})`);
                    }
                    return out;
                },
            };
        },
    };
}
/** An aggregate Kusto has but this engine does not implement: fails loudly when the plan is built. */
export function notImplemented(name, why) {
    return {
        name,
        create: () => {
            throw unsupported(`${name}: ${why}`);
        },
    };
}
