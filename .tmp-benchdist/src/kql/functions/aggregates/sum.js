import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, grow, growArray, phys, trueRows } from './common.js';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
class ExactSumAcc {
    outType;
    predicateArg;
    f = new Float64Array(16);
    /** Spilled part of each group's sum, once it left the safe range. */
    big = [];
    constructor(outType, predicateArg) {
        this.outType = outType;
        this.predicateArg = predicateArg;
    }
    spill(g, v) {
        this.big[g] = (this.big[g] ?? 0n) + BigInt(this.f[g]) + v;
        this.f[g] = 0;
    }
    update(groups, n, args, _r, numGroups) {
        const f = (this.f = grow(this.f, numGroups));
        growArray(this.big, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        if (v.enc === 'const') {
            if (v.value === null)
                return;
            const c = BigInt(v.value);
            for (let k = 0; k < n; k++)
                if (mask === null || mask[k] === 1)
                    this.add(groups[k], c, Number(c));
            return;
        }
        const p = phys(v);
        const { nulls, idx } = p;
        if (p.data instanceof BigInt64Array) {
            const data = p.data;
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const i = idx === null ? k : idx[k];
                if (nulls !== null && nulls[i] === 1)
                    continue;
                const g = groups[k];
                const b = data[i];
                const x = Number(b);
                const s = f[g] + x;
                if (Math.abs(x) <= MAX_SAFE && Math.abs(s) <= MAX_SAFE)
                    f[g] = s;
                else
                    this.spill(g, b);
            }
            return;
        }
        if (p.data instanceof Int32Array || p.data instanceof Float64Array) {
            // int input (or an integral real the binder typed as long): doubles, spilling past 2^53.
            const data = p.data;
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const i = idx === null ? k : idx[k];
                if (nulls !== null && nulls[i] === 1)
                    continue;
                const g = groups[k];
                const x = data[i];
                const s = f[g] + x;
                if (Math.abs(s) <= MAX_SAFE)
                    f[g] = s;
                else
                    this.spill(g, BigInt(Math.trunc(x)));
            }
            return;
        }
        throw unsupported(`sum: ${v.type} values`);
    }
    add(g, b, x) {
        const s = this.f[g] + x;
        if (Math.abs(x) <= MAX_SAFE && Math.abs(s) <= MAX_SAFE)
            this.f[g] = s;
        else
            this.spill(g, b);
    }
    finish(numGroups) {
        this.f = grow(this.f, numGroups);
        growArray(this.big, numGroups);
        if (this.outType === 'int') {
            const out = new Int32Array(numGroups);
            for (let g = 0; g < numGroups; g++)
                out[g] = Number(BigInt.asIntN(32, BigInt(this.f[g]) + (this.big[g] ?? 0n)));
            return [new FlatVector('int', out, null)];
        }
        const out = new BigInt64Array(numGroups);
        for (let g = 0; g < numGroups; g++) {
            const b = this.big[g];
            out[g] = b === undefined ? BigInt(this.f[g]) : BigInt.asIntN(64, b + BigInt(this.f[g]));
        }
        return [new FlatVector(this.outType, out, null)];
    }
}
class RealSumAcc {
    predicateArg;
    s = new Float64Array(16);
    constructor(predicateArg) {
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        const s = (this.s = grow(this.s, numGroups));
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        addReals(s, null, groups, n, args[0], mask);
    }
    finish(numGroups) {
        this.s = grow(this.s, numGroups);
        return [new FlatVector('real', this.s.slice(0, numGroups), null)];
    }
}
/**
 * Adds each non-null value (as a double) into `sums[group]`, counting it in `counts` when given. Shared by sum,
 * avg and the variance family's first pass.
 */
export function addReals(sums, counts, groups, n, v, mask) {
    if (v.enc === 'const') {
        if (v.value === null)
            return;
        const c = Number(v.value);
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            sums[groups[k]] += c;
            if (counts !== null)
                counts[groups[k]]++;
        }
        return;
    }
    const p = phys(v);
    const { nulls, idx } = p;
    if (p.data instanceof Float64Array || p.data instanceof Int32Array) {
        const data = p.data;
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            if (nulls !== null && nulls[i] === 1)
                continue;
            sums[groups[k]] += data[i];
            if (counts !== null)
                counts[groups[k]]++;
        }
        return;
    }
    if (p.data instanceof BigInt64Array) {
        const data = p.data;
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            if (nulls !== null && nulls[i] === 1)
                continue;
            sums[groups[k]] += Number(data[i]);
            if (counts !== null)
                counts[groups[k]]++;
        }
        return;
    }
    throw unsupported(`numeric aggregate over ${v.type} values`);
}
function createSum(site, predicateArg) {
    const out = site.outputTypes[0];
    const fn = predicateArg < 0 ? 'sum' : 'sumif';
    if (site.argTypes[0] === 'decimal' || out === 'decimal')
        throw unsupported(`${fn}: decimal values`);
    if (out === 'real')
        return new RealSumAcc(predicateArg);
    if (out === 'long' || out === 'int' || out === 'timespan' || out === 'datetime')
        return new ExactSumAcc(out, predicateArg);
    throw unsupported(`${fn}: result type ${out}`);
}
export const sum = agg('sum', (site) => createSum(site, -1));
export const sumif = agg('sumif', (site) => createSum(site, 1));
