import { VectorBuilder } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, grow, trueRows } from './common.js';
function isGood(v) {
    return v !== null && v !== '';
}
class TakeAnyAcc {
    outTypes;
    valueArgs;
    predicateArg;
    winBatch = new Int32Array(16).fill(-1);
    winRow = new Int32Array(16);
    /** 1 once the group's pick is final (a good value, or any row when goodness does not matter). */
    done = new Uint8Array(16);
    batches = [];
    constructor(outTypes, 
    /** Number of leading arguments that are outputs (the predicate, if any, follows them). */
    valueArgs, predicateArg) {
        this.outTypes = outTypes;
        this.valueArgs = valueArgs;
        this.predicateArg = predicateArg;
    }
    ensure(numGroups) {
        if (this.winBatch.length < numGroups) {
            const old = this.winBatch.length;
            this.winBatch = grow(this.winBatch, numGroups);
            this.winBatch.fill(-1, old);
        }
        this.winRow = grow(this.winRow, numGroups);
        this.done = grow(this.done, numGroups);
    }
    update(groups, n, args, returned, numGroups) {
        this.ensure(numGroups);
        const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
        if (mask === false)
            return;
        const vals = returned.length > 0 ? returned.slice() : args.slice(0, this.valueArgs);
        if (vals.length !== this.outTypes.length)
            throw unsupported(`take_any: ${vals.length} values for ${this.outTypes.length} outputs`);
        const single = vals.length === 1 ? vals[0] : null;
        const { winBatch, winRow, done } = this;
        const bi = this.batches.length;
        let changed = false;
        for (let k = 0; k < n; k++) {
            const g = groups[k];
            if (done[g] === 1 || (mask !== null && mask[k] === 0))
                continue;
            if (single === null || isGood(single.get(k))) {
                done[g] = 1;
            }
            else if (winBatch[g] !== -1) {
                continue; // keep the first row until a good one appears
            }
            winBatch[g] = bi;
            winRow[g] = k;
            changed = true;
        }
        if (changed)
            this.batches.push(vals);
    }
    finish(numGroups) {
        this.ensure(numGroups);
        return this.outTypes.map((t, j) => {
            const b = new VectorBuilder(t, numGroups);
            for (let g = 0; g < numGroups; g++) {
                const wb = this.winBatch[g];
                b.set(g, wb < 0 ? null : this.batches[wb][j].get(this.winRow[g]));
            }
            return b.finish();
        });
    }
}
function createTakeAny(site, isIf) {
    const fn = isIf ? 'take_anyif' : 'take_any';
    if (site.outputTypes.some((t) => t === 'decimal'))
        throw unsupported(`${fn}: decimal columns`);
    if (isIf)
        return new TakeAnyAcc(site.outputTypes, 1, 1);
    return new TakeAnyAcc(site.outputTypes, site.argTypes.length, -1);
}
export const takeAny = agg('take_any', (site) => createTakeAny(site, false));
export const takeAnyIf = agg('take_anyif', (site) => createTakeAny(site, true));
