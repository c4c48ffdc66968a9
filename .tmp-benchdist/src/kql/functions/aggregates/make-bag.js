import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, constInt, growArray, trueRows } from './common.js';
import { MAX_SIZE } from './make-set.js';
class MakeBagAcc {
    predicateArg;
    maxSize;
    // Maps, not objects, while accumulating: no prototype keys to trip over and cheap membership tests.
    bags = [];
    constructor(predicateArg, maxSize) {
        this.predicateArg = predicateArg;
        this.maxSize = maxSize;
    }
    update(groups, n, args, _r, numGroups) {
        const bags = this.bags;
        growArray(bags, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        for (let k = 0; k < n; k++) {
            if (mask !== null && mask[k] === 0)
                continue;
            const d = v.get(k);
            if (d === null || typeof d !== 'object' || Array.isArray(d))
                continue;
            const bag = (bags[groups[k]] ??= new Map());
            for (const key of Object.keys(d)) {
                if (bag.size >= this.maxSize)
                    break;
                if (!bag.has(key))
                    bag.set(key, d[key]);
            }
        }
    }
    finish(numGroups) {
        growArray(this.bags, numGroups);
        const out = new Array(numGroups);
        for (let g = 0; g < numGroups; g++) {
            const obj = {};
            const m = this.bags[g];
            if (m) {
                for (const [key, val] of m) {
                    // defineProperty so a "__proto__" key stays an ordinary key.
                    Object.defineProperty(obj, key, { value: val, enumerable: true, writable: true, configurable: true });
                }
            }
            out[g] = obj;
        }
        return [new FlatVector('dynamic', out, null)];
    }
}
function create(site, fn, predicateArg, sizeArg, defaultSize) {
    if (site.argTypes[0] !== 'dynamic')
        throw unsupported(`${fn}: ${site.argTypes[0]} argument (expects a dynamic bag)`);
    const maxSize = Math.min(constInt(site, sizeArg, defaultSize, fn), MAX_SIZE);
    return new MakeBagAcc(predicateArg, maxSize);
}
export const makeBag = agg('make_bag', (site) => create(site, 'make_bag', -1, 1, MAX_SIZE));
export const makeBagIf = agg('make_bag_if', (site) => create(site, 'make_bag_if', 1, 2, MAX_SIZE));
export const makeDictionary = agg('make_dictionary', (site) => create(site, 'make_dictionary', -1, 1, 128));
