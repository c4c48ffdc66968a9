import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, checkOrderable, grow, growArray, phys, trueRows } from './common.js';
/** int, real and bool values, held as doubles. */
class NumMinMaxAcc {
    type;
    isMax;
    predicateArg;
    best = new Float64Array(16);
    has = new Uint8Array(16);
    constructor(type, isMax, predicateArg) {
        this.type = type;
        this.isMax = isMax;
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        const best = (this.best = grow(this.best, numGroups));
        const has = (this.has = grow(this.has, numGroups));
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const isMax = this.isMax;
        if (v.enc === 'const') {
            if (v.value === null)
                return;
            const x = typeof v.value === 'boolean' ? (v.value ? 1 : 0) : Number(v.value);
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const g = groups[k];
                if (has[g] === 0 || (isMax ? x > best[g] : x < best[g])) {
                    best[g] = x;
                    has[g] = 1;
                }
            }
            return;
        }
        const p = phys(v);
        if (!(p.data instanceof Float64Array || p.data instanceof Int32Array || p.data instanceof Uint8Array)) {
            throw unsupported(`min/max: ${v.type} values`);
        }
        const { data, nulls, idx } = p;
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            if (nulls !== null && nulls[i] === 1)
                continue;
            const g = groups[k];
            const x = data[i];
            if (has[g] === 0 || (isMax ? x > best[g] : x < best[g])) {
                best[g] = x;
                has[g] = 1;
            }
        }
    }
    finish(numGroups) {
        this.best = grow(this.best, numGroups);
        this.has = grow(this.has, numGroups);
        const nulls = new Uint8Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            nulls[g] = 1 - this.has[g];
        const src = this.best.subarray(0, numGroups);
        const data = this.type === 'int' ? Int32Array.from(src) : this.type === 'bool' ? Uint8Array.from(src) : src.slice();
        return [new FlatVector(this.type, data, nulls)];
    }
}
/** long, datetime and timespan values (BigInt64Array storage). */
class BigMinMaxAcc {
    type;
    isMax;
    predicateArg;
    best = new BigInt64Array(16);
    has = new Uint8Array(16);
    constructor(type, isMax, predicateArg) {
        this.type = type;
        this.isMax = isMax;
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        const best = (this.best = grow(this.best, numGroups));
        const has = (this.has = grow(this.has, numGroups));
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const isMax = this.isMax;
        if (v.enc === 'const') {
            if (v.value === null)
                return;
            const x = v.value;
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const g = groups[k];
                if (has[g] === 0 || (isMax ? x > best[g] : x < best[g])) {
                    best[g] = x;
                    has[g] = 1;
                }
            }
            return;
        }
        const p = phys(v);
        if (!(p.data instanceof BigInt64Array))
            throw unsupported(`min/max: ${v.type} values`);
        const { data, nulls, idx } = p;
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            if (nulls !== null && nulls[i] === 1)
                continue;
            const g = groups[k];
            const x = data[i];
            if (has[g] === 0 || (isMax ? x > best[g] : x < best[g])) {
                best[g] = x;
                has[g] = 1;
            }
        }
    }
    finish(numGroups) {
        this.best = grow(this.best, numGroups);
        this.has = grow(this.has, numGroups);
        const nulls = new Uint8Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            nulls[g] = 1 - this.has[g];
        return [new FlatVector(this.type, this.best.slice(0, numGroups), nulls)];
    }
}
class StringMinMaxAcc {
    isMax;
    predicateArg;
    best = [];
    constructor(isMax, predicateArg) {
        this.isMax = isMax;
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        const best = this.best;
        growArray(best, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const isMax = this.isMax;
        const p = phys(v);
        const data = p === null ? null : p.data;
        const idx = p === null ? null : p.idx;
        const c = v.enc === 'const' ? (v.value ?? '') : '';
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const x = data === null ? c : (data[idx === null ? k : idx[k]] ?? '');
            const g = groups[k];
            const b = best[g];
            if (b === undefined || (isMax ? x > b : x < b))
                best[g] = x;
        }
    }
    finish(numGroups) {
        growArray(this.best, numGroups);
        // A group that saw no row gives "" (the string type's null).
        const out = new Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            out[g] = this.best[g] ?? '';
        return [new FlatVector('string', out, null)];
    }
}
function createMinMax(site, isMax, predicateArg) {
    const fn = (isMax ? 'max' : 'min') + (predicateArg < 0 ? '' : 'if');
    const t = site.argTypes[0];
    checkOrderable(fn, t);
    switch (t) {
        case 'int':
        case 'real':
        case 'bool':
            return new NumMinMaxAcc(t, isMax, predicateArg);
        case 'long':
        case 'datetime':
        case 'timespan':
            return new BigMinMaxAcc(t, isMax, predicateArg);
        case 'string':
            return new StringMinMaxAcc(isMax, predicateArg);
        default:
            throw unsupported(`${fn}: ${t} values`);
    }
}
export const min = agg('min', (site) => createMinMax(site, false, -1));
export const max = agg('max', (site) => createMinMax(site, true, -1));
export const minif = agg('minif', (site) => createMinMax(site, false, 1));
export const maxif = agg('maxif', (site) => createMinMax(site, true, 1));
