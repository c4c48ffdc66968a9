import { FlatVector, VectorBuilder } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { boxToDyn } from '../conversion.js';
import { agg, growArray } from './common.js';
/** Nearest-rank pick over sorted values with cumulative weights (all weights 1 when unweighted). */
export function nearestRank(sorted, cumWeights, p) {
    const n = sorted.length;
    const total = cumWeights === null ? n : cumWeights[n - 1];
    // p * total / 100 rather than p / 100 * total: exact for integer p and counts.
    const target = (Math.min(Math.max(p, 0), 100) * total) / 100;
    if (cumWeights === null) {
        const rank = Math.max(1, Math.ceil(target));
        return sorted[Math.min(rank, n) - 1];
    }
    for (let i = 0; i < n; i++)
        if (cumWeights[i] >= target && cumWeights[i] > 0)
            return sorted[i];
    return sorted[n - 1];
}
class PercentileAcc {
    argType;
    outTypes;
    percents;
    weighted;
    asArray;
    samples = [];
    constructor(argType, outTypes, percents, weighted, asArray) {
        this.argType = argType;
        this.outTypes = outTypes;
        this.percents = percents;
        this.weighted = weighted;
        this.asArray = asArray;
    }
    update(groups, n, args, _r, numGroups) {
        growArray(this.samples, numGroups);
        const x = args[0];
        const w = this.weighted ? args[1] : null;
        const isBig = this.argType === 'long' || this.argType === 'datetime' || this.argType === 'timespan';
        for (let k = 0; k < n; k++) {
            const v = x.get(k);
            if (v === null)
                continue;
            let weight = 1;
            if (w !== null) {
                const wv = w.get(k);
                if (wv === null)
                    continue;
                weight = Number(wv);
                if (!(weight > 0))
                    continue;
            }
            const s = (this.samples[groups[k]] ??= { values: [], weights: this.weighted ? [] : null });
            s.values.push(isBig ? v : v);
            if (s.weights !== null)
                s.weights.push(weight);
        }
    }
    /** The requested percentiles of one group, or null when it has no value. */
    compute(s) {
        if (!s || s.values.length === 0)
            return null;
        const n = s.values.length;
        const order = Array.from({ length: n }, (_, i) => i);
        const vals = s.values;
        // A stable sort keeps the input order of equal values (so equal-valued weights stay together either way).
        order.sort((a, b) => (vals[a] < vals[b] ? -1 : vals[a] > vals[b] ? 1 : a - b));
        const sorted = order.map((i) => vals[i]);
        let cum = null;
        if (s.weights !== null) {
            cum = new Float64Array(n);
            let acc = 0;
            for (let i = 0; i < n; i++)
                cum[i] = acc += s.weights[order[i]];
        }
        return this.percents.map((p) => nearestRank(sorted, cum, p));
    }
    finish(numGroups) {
        growArray(this.samples, numGroups);
        const results = this.samples.slice(0, numGroups).map((s) => this.compute(s));
        if (this.asArray) {
            const out = results.map((r) => (r === null ? null : r.map((v) => boxToDyn(v, this.argType))));
            return [new FlatVector('dynamic', out, null)];
        }
        return this.outTypes.map((t, j) => {
            const b = new VectorBuilder(t, numGroups);
            for (let g = 0; g < numGroups; g++) {
                const r = results[g];
                b.set(g, r === null ? null : convert(r[j], t));
            }
            return b.finish();
        });
    }
}
function convert(v, t) {
    if (t === 'real')
        return Number(v);
    if (t === 'long' || t === 'datetime' || t === 'timespan')
        return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
    return v;
}
/** Percent constants from argument `first` on: numbers, or one dynamic array of numbers. */
function percentsOf(site, first, fn, allowArray) {
    const out = [];
    for (let i = first; i < site.argTypes.length; i++) {
        const c = site.constArgs[i];
        if (c === undefined || c === null)
            throw unsupported(`${fn}: non-constant percentile`);
        if (Array.isArray(c)) {
            if (!allowArray)
                throw unsupported(`${fn}: array of percentiles`);
            for (const e of c) {
                if (typeof e !== 'number' && typeof e !== 'bigint')
                    throw unsupported(`${fn}: non-numeric percentile`);
                out.push(Number(e));
            }
            continue;
        }
        if (typeof c !== 'number' && typeof c !== 'bigint')
            throw unsupported(`${fn}: non-numeric percentile`);
        out.push(Number(c));
    }
    if (out.length === 0)
        throw unsupported(`${fn}: no percentile given`);
    return out;
}
function create(site, fn, weighted, asArray) {
    const t = site.argTypes[0];
    if (t !== 'int' && t !== 'long' && t !== 'real' && t !== 'datetime' && t !== 'timespan')
        throw unsupported(`${fn}: ${t} values`);
    if (weighted && site.argTypes[1] !== 'int' && site.argTypes[1] !== 'long')
        throw unsupported(`${fn}: ${site.argTypes[1]} weights`);
    const percents = percentsOf(site, weighted ? 2 : 1, fn, asArray);
    if (!asArray && percents.length !== site.outputTypes.length) {
        throw unsupported(`${fn}: ${percents.length} percentiles for ${site.outputTypes.length} output columns`);
    }
    return new PercentileAcc(t, site.outputTypes, percents, weighted, asArray);
}
export const percentile = agg('percentile', (s) => create(s, 'percentile', false, false));
export const percentiles = agg('percentiles', (s) => create(s, 'percentiles', false, false));
export const percentilesArray = agg('percentiles_array', (s) => create(s, 'percentiles_array', false, true));
export const percentilew = agg('percentilew', (s) => create(s, 'percentilew', true, false));
export const percentilesw = agg('percentilesw', (s) => create(s, 'percentilesw', true, false));
export const percentileswArray = agg('percentilesw_array', (s) => create(s, 'percentilesw_array', true, true));
