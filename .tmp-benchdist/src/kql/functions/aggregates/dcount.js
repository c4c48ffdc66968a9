import { dynamicToJsonText } from '../../data/format-value.js';
import { unsupported } from '../../errors.js';
import { agg, countsToLong, growArray, phys, trueRows } from './common.js';
/** A Set key for a dynamic value: numbers/booleans/bigints as themselves, strings and structures tagged. */
export function dynSetKey(v) {
    if (v === null || typeof v !== 'object')
        return typeof v === 'string' ? 's' + v : v;
    return 'o' + dynamicToJsonText(v);
}
class DistinctCountAcc {
    predicateArg;
    sets = [];
    constructor(predicateArg) {
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _r, numGroups) {
        const sets = this.sets;
        growArray(sets, numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const v = args[0];
        const isDyn = v.type === 'dynamic';
        const p = phys(v);
        if (p === null || isDyn) {
            for (let k = 0; k < n; k++) {
                if (mask !== null && mask[k] === 0)
                    continue;
                const x = v.get(k);
                if (x === null)
                    continue;
                const g = groups[k];
                (sets[g] ??= new Set()).add(isDyn ? dynSetKey(x) : x);
            }
            return;
        }
        // Typed arrays yield numbers/bigints, string tables yield strings: both are exact Set keys.
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
                continue; // guid nulls
            const g = groups[k];
            (sets[g] ??= new Set()).add(x);
        }
    }
    finish(numGroups) {
        growArray(this.sets, numGroups);
        const counts = new Float64Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            counts[g] = this.sets[g]?.size ?? 0;
        return [countsToLong(counts, numGroups)];
    }
}
function create(site, predicateArg, fn) {
    if (site.argTypes[0] === 'decimal')
        throw unsupported(`${fn}: decimal values`);
    return new DistinctCountAcc(predicateArg);
}
export const dcount = agg('dcount', (site) => create(site, -1, 'dcount'));
export const dcountif = agg('dcountif', (site) => create(site, 1, 'dcountif'));
export const countDistinct = agg('count_distinct', (site) => create(site, -1, 'count_distinct'));
export const countDistinctIf = agg('count_distinctif', (site) => create(site, 1, 'count_distinctif'));
