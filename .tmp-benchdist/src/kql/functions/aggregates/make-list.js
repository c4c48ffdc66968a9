import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { boxToDyn } from '../conversion.js';
import { agg, constInt, growArray, phys, trueRows } from './common.js';
import { MAX_SIZE } from './make-set.js';
class MakeListAcc {
    type;
    predicateArg;
    maxSize;
    keepNulls;
    lists = [];
    constructor(type, predicateArg, maxSize, keepNulls) {
        this.type = type;
        this.predicateArg = predicateArg;
        this.maxSize = maxSize;
        this.keepNulls = keepNulls;
    }
    push(g, d) {
        const list = (this.lists[g] ??= []);
        if (Array.isArray(d)) {
            for (const e of d) {
                if (list.length >= this.maxSize)
                    return;
                list.push(e);
            }
            return;
        }
        if (list.length < this.maxSize)
            list.push(d);
    }
    update(groups, n, args, _r, numGroups) {
        growArray(this.lists, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const { type, keepNulls } = this;
        const p = type === 'dynamic' ? null : phys(v);
        if (p === null) {
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const x = v.get(k);
                if (x === null && !keepNulls)
                    continue;
                this.push(groups[k], type === 'dynamic' ? x : boxToDyn(x, type));
            }
            return;
        }
        const data = p.data;
        const { nulls, idx } = p;
        const plain = type === 'string' || type === 'int' || type === 'real';
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const i = idx === null ? k : idx[k];
            const isNull = (nulls !== null && nulls[i] === 1) || data[i] === null || data[i] === undefined;
            if (isNull) {
                if (keepNulls)
                    this.push(groups[k], null);
                continue;
            }
            const x = data[i];
            this.push(groups[k], plain ? x : type === 'bool' ? x === 1 : boxToDyn(x, type));
        }
    }
    finish(numGroups) {
        growArray(this.lists, numGroups);
        const out = new Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            out[g] = this.lists[g] ?? [];
        return [new FlatVector('dynamic', out, null)];
    }
}
function create(site, fn, predicateArg, sizeArg, defaultSize, keepNulls) {
    if (site.argTypes[0] === 'decimal')
        throw unsupported(`${fn}: decimal values`);
    const maxSize = Math.min(constInt(site, sizeArg, defaultSize, fn), MAX_SIZE);
    return new MakeListAcc(site.argTypes[0], predicateArg, maxSize, keepNulls);
}
export const makeList = agg('make_list', (site) => create(site, 'make_list', -1, 1, MAX_SIZE, false));
export const makeListIf = agg('make_list_if', (site) => create(site, 'make_list_if', 1, 2, MAX_SIZE, false));
export const makeListWithNulls = agg('make_list_with_nulls', (site) => create(site, 'make_list_with_nulls', -1, 1, MAX_SIZE, true));
export const makelist = agg('makelist', (site) => create(site, 'makelist', -1, 1, 128, false));
