import { agg, countsToLong, grow, trueRows } from './common.js';
class CountAcc {
    predicateArg;
    // Doubles count exactly to 2^53 and increment as fast as Int32Array without overflowing at 2^31.
    counts = new Float64Array(16);
    constructor(predicateArg) {
        this.predicateArg = predicateArg;
    }
    update(groups, n, args, _returned, numGroups) {
        const c = (this.counts = grow(this.counts, numGroups));
        if (this.predicateArg < 0) {
            for (let k = 0; k < n; k++)
                c[groups[k]]++;
            return;
        }
        const mask = trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        if (mask === null) {
            for (let k = 0; k < n; k++)
                c[groups[k]]++;
            return;
        }
        for (let k = 0; k < n; k++)
            c[groups[k]] += mask[k];
    }
    finish(numGroups) {
        this.counts = grow(this.counts, numGroups);
        return [countsToLong(this.counts, numGroups)];
    }
}
export const count = agg('count', () => new CountAcc(-1));
export const countif = agg('countif', () => new CountAcc(0));
