import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { boxToDyn } from '../conversion.js';
import { agg, constInt, growArray, phys, trueRows } from './common.js';
import { dynSetKey } from './dcount.js';
export const MAX_SIZE = 1048576;
class MakeSetAcc {
    type;
    predicateArg;
    maxSize;
    state = [];
    constructor(type, predicateArg, maxSize) {
        this.type = type;
        this.predicateArg = predicateArg;
        this.maxSize = maxSize;
    }
    /** Adds a value unless its key is present; `raw` is boxed (typed values) only when it is new. */
    add(g, key, raw, boxed) {
        const s = (this.state[g] ??= { keys: new Set(), items: [] });
        if (s.items.length >= this.maxSize || s.keys.has(key))
            return;
        s.keys.add(key);
        s.items.push(boxed ? raw : this.type === 'bool' ? raw === 1 || raw === true : boxToDyn(raw, this.type));
    }
    addDyn(g, d) {
        if (d === null)
            return;
        if (Array.isArray(d)) {
            for (const e of d)
                if (e !== null)
                    this.add(g, dynSetKey(e), e, true);
            return;
        }
        this.add(g, dynSetKey(d), d, true);
    }
    update(groups, n, args, _r, numGroups) {
        growArray(this.state, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const type = this.type;
        const p = type === 'dynamic' ? null : phys(v);
        if (p === null) {
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const x = v.get(k);
                if (x === null)
                    continue;
                if (type === 'dynamic')
                    this.addDyn(groups[k], x);
                else
                    this.add(groups[k], x, x, false);
            }
            return;
        }
        // Raw typed values (numbers, bigint ticks, strings) are exact keys; boxing happens once per distinct value.
        const data = p.data;
        const { nulls, idx } = p;
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            if (nulls !== null && nulls[i] === 1)
                continue;
            const x = data[i];
            if (x === null || x === undefined)
                continue;
            this.add(groups[k], x, x, false);
        }
    }
    finish(numGroups) {
        growArray(this.state, numGroups);
        const out = new Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            out[g] = this.state[g]?.items ?? [];
        return [new FlatVector('dynamic', out, null)];
    }
}
export function createMakeSet(site, fn, predicateArg, sizeArg, defaultSize) {
    const t = site.argTypes[0];
    if (t === 'decimal')
        throw unsupported(`${fn}: decimal values`);
    const maxSize = Math.min(constInt(site, sizeArg, defaultSize, fn), MAX_SIZE);
    return new MakeSetAcc(t, predicateArg, maxSize);
}
export const makeSet = agg('make_set', (site) => createMakeSet(site, 'make_set', -1, 1, MAX_SIZE));
export const makeSetIf = agg('make_set_if', (site) => createMakeSet(site, 'make_set_if', 1, 2, MAX_SIZE));
export const makeset = agg('makeset', (site) => createMakeSet(site, 'makeset', -1, 1, 128));
