import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, grow, growArray, phys, trueRows } from './common.js';
import { addReals } from './sum.js';
class RealAvgAcc {
    predicateArg;
    sums = new Float64Array(16);
    counts = new Float64Array(16);
    constructor(predicateArg) {
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        this.sums = grow(this.sums, numGroups);
        this.counts = grow(this.counts, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        addReals(this.sums, this.counts, groups, n, args[0], mask);
    }
    finish(numGroups) {
        this.sums = grow(this.sums, numGroups);
        this.counts = grow(this.counts, numGroups);
        const out = new Float64Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            out[g] = this.sums[g] / this.counts[g]; // 0/0 is NaN
        return [new FlatVector('real', out, null)];
    }
}
class TicksAvgAcc {
    outType;
    predicateArg;
    sums = [];
    counts = new Float64Array(16);
    constructor(outType, predicateArg) {
        this.outType = outType;
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        growArray(this.sums, numGroups);
        const counts = (this.counts = grow(this.counts, numGroups));
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const sums = this.sums;
        if (v.enc === 'const') {
            if (v.value === null)
                return;
            const c = v.value;
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                sums[groups[k]] = (sums[groups[k]] ?? 0n) + c;
                counts[groups[k]]++;
            }
            return;
        }
        const p = phys(v);
        if (!(p.data instanceof BigInt64Array))
            throw unsupported(`avg: ${v.type} values`);
        const { data, nulls, idx } = p;
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            if (nulls !== null && nulls[i] === 1)
                continue;
            const g = groups[k];
            sums[g] = (sums[g] ?? 0n) + data[i];
            counts[g]++;
        }
    }
    finish(numGroups) {
        growArray(this.sums, numGroups);
        this.counts = grow(this.counts, numGroups);
        const out = new BigInt64Array(numGroups);
        const nulls = new Uint8Array(numGroups);
        for (let g = 0; g < numGroups; g++) {
            const c = this.counts[g];
            if (c === 0)
                nulls[g] = 1;
            else
                out[g] = this.sums[g] / BigInt(c);
        }
        return [new FlatVector(this.outType, out, nulls)];
    }
}
function createAvg(site, predicateArg) {
    const out = site.outputTypes[0];
    const fn = predicateArg < 0 ? 'avg' : 'avgif';
    if (site.argTypes[0] === 'decimal' || out === 'decimal')
        throw unsupported(`${fn}: decimal values`);
    if (out === 'real')
        return new RealAvgAcc(predicateArg);
    if (out === 'timespan' || out === 'datetime')
        return new TicksAvgAcc(out, predicateArg);
    throw unsupported(`${fn}: result type ${out}`);
}
export const avg = agg('avg', (site) => createAvg(site, -1));
export const avgif = agg('avgif', (site) => createAvg(site, 1));
