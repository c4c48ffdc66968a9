import { VectorBuilder } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, checkOrderable, grow, growArray, phys } from './common.js';
const COMPACT_EVERY = 64;
export class ArgExtremeAcc {
    mode;
    isMax;
    outTypes;
    bestNum = new Float64Array(16);
    bestBig = new BigInt64Array(16);
    bestStr = [];
    /** 1 when the group's winner has a non-null x. */
    has = new Uint8Array(16);
    /** Winning row: index into `batches` (-1: no row yet) and row within that batch. */
    winBatch = new Int32Array(16).fill(-1);
    winRow = new Int32Array(16);
    batches = [];
    sinceCompact = 0;
    constructor(mode, isMax, outTypes) {
        this.mode = mode;
        this.isMax = isMax;
        this.outTypes = outTypes;
    }
    ensure(numGroups) {
        if (this.winBatch.length < numGroups) {
            const old = this.winBatch.length;
            this.winBatch = grow(this.winBatch, numGroups);
            this.winBatch.fill(-1, old);
        }
        this.winRow = grow(this.winRow, numGroups);
        this.has = grow(this.has, numGroups);
        if (this.mode === 'num')
            this.bestNum = grow(this.bestNum, numGroups);
        else if (this.mode === 'big')
            this.bestBig = grow(this.bestBig, numGroups);
        else
            growArray(this.bestStr, numGroups);
    }
    update(groups, n, args, returned, numGroups) {
        this.ensure(numGroups);
        const bi = this.batches.length;
        const changed = this.mode === 'num' ? this.scanNum(groups, n, args[0], bi) : this.mode === 'big' ? this.scanBig(groups, n, args[0], bi) : this.scanStr(groups, n, args[0], bi);
        if (!changed)
            return;
        this.batches.push(returned.slice()); // the caller may reuse its array
        if (++this.sinceCompact >= COMPACT_EVERY)
            this.compact();
    }
    /** Takes row k when its x is null and the group has no row yet. */
    takeNullRow(g, bi, k) {
        if (this.winBatch[g] !== -1)
            return false;
        this.winBatch[g] = bi;
        this.winRow[g] = k;
        return true;
    }
    scanNum(groups, n, x, bi) {
        const best = this.bestNum;
        const { has, winBatch, winRow, isMax } = this;
        let changed = false;
        const p = phys(x);
        const cv = x.enc === 'const' ? (x.value === null ? null : typeof x.value === 'boolean' ? (x.value ? 1 : 0) : Number(x.value)) : null;
        const data = p === null ? null : p.data;
        const nulls = p === null ? null : p.nulls;
        const idx = p === null ? null : p.idx;
        for (let k = 0; k < n; k++) {
            const g = groups[k];
            let v;
            if (data === null) {
                if (cv === null) {
                    changed = this.takeNullRow(g, bi, k) || changed;
                    continue;
                }
                v = cv;
            }
            else {
                const i = idx === null ? k : idx[k];
                if (nulls !== null && nulls[i] === 1) {
                    changed = this.takeNullRow(g, bi, k) || changed;
                    continue;
                }
                v = data[i];
            }
            if (has[g] === 0 || (isMax ? v > best[g] : v < best[g])) {
                best[g] = v;
                has[g] = 1;
                winBatch[g] = bi;
                winRow[g] = k;
                changed = true;
            }
        }
        return changed;
    }
    scanBig(groups, n, x, bi) {
        const best = this.bestBig;
        const { has, winBatch, winRow, isMax } = this;
        let changed = false;
        const p = phys(x);
        if (p !== null && !(p.data instanceof BigInt64Array))
            throw unsupported(`arg_max/arg_min: ${x.type} values`);
        const cv = x.enc === 'const' ? x.value : null;
        const data = p === null ? null : p.data;
        const nulls = p === null ? null : p.nulls;
        const idx = p === null ? null : p.idx;
        for (let k = 0; k < n; k++) {
            const g = groups[k];
            let v;
            if (data === null) {
                if (cv === null) {
                    changed = this.takeNullRow(g, bi, k) || changed;
                    continue;
                }
                v = cv;
            }
            else {
                const i = idx === null ? k : idx[k];
                if (nulls !== null && nulls[i] === 1) {
                    changed = this.takeNullRow(g, bi, k) || changed;
                    continue;
                }
                v = data[i];
            }
            if (has[g] === 0 || (isMax ? v > best[g] : v < best[g])) {
                best[g] = v;
                has[g] = 1;
                winBatch[g] = bi;
                winRow[g] = k;
                changed = true;
            }
        }
        return changed;
    }
    scanStr(groups, n, x, bi) {
        const best = this.bestStr;
        const { has, winBatch, winRow, isMax } = this;
        let changed = false;
        const p = phys(x);
        const cv = x.enc === 'const' ? (x.value ?? '') : '';
        const data = p === null ? null : p.data;
        const idx = p === null ? null : p.idx;
        for (let k = 0; k < n; k++) {
            const g = groups[k];
            // Strings are never null: "" is an ordinary (smallest) value.
            const v = data === null ? cv : (data[idx === null ? k : idx[k]] ?? '');
            if (has[g] === 0 || (isMax ? v > best[g] : v < best[g])) {
                best[g] = v;
                has[g] = 1;
                winBatch[g] = bi;
                winRow[g] = k;
                changed = true;
            }
        }
        return changed;
    }
    /** Drops the batches no group's winner points to. */
    compact() {
        this.sinceCompact = 0;
        const live = new Uint8Array(this.batches.length);
        const wb = this.winBatch;
        for (let g = 0; g < wb.length; g++)
            if (wb[g] >= 0)
                live[wb[g]] = 1;
        for (let b = 0; b < live.length; b++)
            if (live[b] === 0)
                this.batches[b] = null;
    }
    finish(numGroups) {
        this.ensure(numGroups);
        const out = [];
        const t0 = this.outTypes[0];
        const first = new VectorBuilder(t0, numGroups);
        for (let g = 0; g < numGroups; g++) {
            if (this.has[g] === 0) {
                first.set(g, null);
                continue;
            }
            const v = this.mode === 'num' ? (t0 === 'bool' ? this.bestNum[g] === 1 : this.bestNum[g]) : this.mode === 'big' ? this.bestBig[g] : this.bestStr[g];
            first.set(g, v);
        }
        out.push(first.finish());
        for (let j = 1; j < this.outTypes.length; j++) {
            const b = new VectorBuilder(this.outTypes[j], numGroups);
            for (let g = 0; g < numGroups; g++) {
                const wb = this.winBatch[g];
                b.set(g, wb < 0 ? null : this.batches[wb][j - 1].get(this.winRow[g]));
            }
            out.push(b.finish());
        }
        return out;
    }
}
function createArg(site, isMax, fn) {
    const t = site.argTypes[0];
    checkOrderable(fn, t);
    if (site.outputTypes.some((o) => o === 'decimal'))
        throw unsupported(`${fn}: decimal columns`);
    const mode = t === 'int' || t === 'real' || t === 'bool' ? 'num' : t === 'long' || t === 'datetime' || t === 'timespan' ? 'big' : t === 'string' ? 'str' : (() => {
        throw unsupported(`${fn}: ${t} values`);
    })();
    return new ArgExtremeAcc(mode, isMax, site.outputTypes);
}
export const argMax = agg('arg_max', (site) => createArg(site, true, 'arg_max'));
export const argMin = agg('arg_min', (site) => createArg(site, false, 'arg_min'));
