/**
 * variance, varianceif, variancep, variancepif, stdev, stdevif, stdevp, and covariance, covarianceif,
 * covariancep, covariancepif. Nulls are ignored (for covariance: rows where either value is null).
 *
 * State per group: count, sum and sum of squares (sum of products for covariance), the mergeable form. The
 * oracle shows Kusto rounding variance/covariance results to 10 decimal places (variance 7.8674285714 in case
 * welch-test-function-00, covariancepif 2077.0909090909), while stdev keeps full precision; so variance and
 * covariance are rounded here, and stdev is the square root of the rounded variance. With that, integer inputs
 * reproduce the oracle exactly (stdevif 29.154759474226502 = sqrt(850)).
 * Sample statistics of fewer than two values, and every statistic of no value, are 0 (summarize-operator.md
 * lists 0 as the empty-input default of variance and stdev; covariance is assumed to follow).
 */
import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, grow, phys, trueRows } from './common.js';
/** Rounds to 10 decimal places (decimal rounding via toFixed where it applies). */
export function round10(v) {
    if (!Number.isFinite(v) || Math.abs(v) >= 1e21)
        return v;
    return Number(v.toFixed(10));
}
/** Reads logical row k of a numeric vector as a double, or null. */
function reader(v) {
    if (v.enc === 'const') {
        const c = v.value === null ? null : Number(v.value);
        return () => c;
    }
    const p = phys(v);
    const { nulls, idx } = p;
    if (p.data instanceof Float64Array || p.data instanceof Int32Array) {
        const data = p.data;
        return (k) => {
            const i = idx === null ? k : idx[k];
            return nulls !== null && nulls[i] === 1 ? null : data[i];
        };
    }
    if (p.data instanceof BigInt64Array) {
        const data = p.data;
        return (k) => {
            const i = idx === null ? k : idx[k];
            return nulls !== null && nulls[i] === 1 ? null : Number(data[i]);
        };
    }
    throw unsupported(`variance/stdev/covariance over ${v.type} values`);
}
class MomentsAcc {
    stat;
    population;
    predicateArg;
    n = new Float64Array(16);
    sx = new Float64Array(16);
    sy = new Float64Array(16);
    /** Sum of x*x (variance) or x*y (covariance). */
    sxy = new Float64Array(16);
    constructor(stat, population, predicateArg) {
        this.stat = stat;
        this.population = population;
        this.predicateArg = predicateArg;
    }
    ensure(numGroups) {
        this.n = grow(this.n, numGroups);
        this.sx = grow(this.sx, numGroups);
        this.sy = grow(this.sy, numGroups);
        this.sxy = grow(this.sxy, numGroups);
    }
    update(groups, n, args, _r, numGroups) {
        this.ensure(numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const { n: cnt, sx, sy, sxy } = this;
        const rx = reader(args[0]);
        if (this.stat !== 'covariance') {
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const x = rx(k);
                if (x === null)
                    continue;
                const g = groups[k];
                cnt[g]++;
                sx[g] += x;
                sxy[g] += x * x;
            }
            return;
        }
        const ry = reader(args[1]);
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const x = rx(k);
            const y = ry(k);
            if (x === null || y === null)
                continue;
            const g = groups[k];
            cnt[g]++;
            sx[g] += x;
            sy[g] += y;
            sxy[g] += x * y;
        }
    }
    finish(numGroups) {
        this.ensure(numGroups);
        const out = new Float64Array(numGroups);
        const isCov = this.stat === 'covariance';
        for (let g = 0; g < numGroups; g++) {
            const c = this.n[g];
            const denom = this.population ? c : c - 1;
            if (denom <= 0)
                continue; // 0
            const other = isCov ? this.sy[g] : this.sx[g];
            let m = round10((this.sxy[g] - (this.sx[g] * other) / c) / denom);
            if (!isCov && m < 0)
                m = 0; // cancellation noise in sum-of-squares
            out[g] = this.stat === 'stdev' ? Math.sqrt(m) : m;
        }
        return [new FlatVector('real', out, null)];
    }
}
function create(site, fn, stat, population, predicateArg) {
    const nArgs = stat === 'covariance' ? 2 : 1;
    for (let i = 0; i < nArgs; i++) {
        const t = site.argTypes[i];
        if (t !== 'int' && t !== 'long' && t !== 'real')
            throw unsupported(`${fn}: ${t} values`);
    }
    return new MomentsAcc(stat, population, predicateArg);
}
export const variance = agg('variance', (s) => create(s, 'variance', 'variance', false, -1));
export const varianceif = agg('varianceif', (s) => create(s, 'varianceif', 'variance', false, 1));
export const variancep = agg('variancep', (s) => create(s, 'variancep', 'variance', true, -1));
export const variancepif = agg('variancepif', (s) => create(s, 'variancepif', 'variance', true, 1));
export const stdev = agg('stdev', (s) => create(s, 'stdev', 'stdev', false, -1));
export const stdevif = agg('stdevif', (s) => create(s, 'stdevif', 'stdev', false, 1));
export const stdevp = agg('stdevp', (s) => create(s, 'stdevp', 'stdev', true, -1));
export const covariance = agg('covariance', (s) => create(s, 'covariance', 'covariance', false, -1));
export const covarianceif = agg('covarianceif', (s) => create(s, 'covarianceif', 'covariance', false, 2));
export const covariancep = agg('covariancep', (s) => create(s, 'covariancep', 'covariance', true, -1));
export const covariancepif = agg('covariancepif', (s) => create(s, 'covariancepif', 'covariance', true, 2));
