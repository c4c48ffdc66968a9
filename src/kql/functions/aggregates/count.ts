/**
 * count(), count(expr), countif(pred).
 * count(expr) counts every row, nulls included (summarize-operator.md: `count(y)` over one null and one
 * non-null row is 2), so it never reads its argument. countif counts rows whose predicate is true; null is not.
 */
import type { Accumulator } from '../aggregate-function.js';
import type { Vector } from '../../data/vector.js';
import { agg, countsToLong, grow, trueRows } from './common.js';

class CountAcc implements Accumulator {
  // Doubles count exactly to 2^53 and increment as fast as Int32Array without overflowing at 2^31.
  private counts = new Float64Array(16);
  constructor(private readonly predicateArg: number) {}

  update(groups: Int32Array, n: number, args: readonly Vector[], _returned: readonly Vector[], numGroups: number): void {
    const c = (this.counts = grow(this.counts, numGroups));
    if (this.predicateArg < 0) {
      for (let k = 0; k < n; k++) c[groups[k]]++;
      return;
    }
    const mask = trueRows(args[this.predicateArg], n);
    if (mask === false) return;
    if (mask === null) {
      for (let k = 0; k < n; k++) c[groups[k]]++;
      return;
    }
    for (let k = 0; k < n; k++) c[groups[k]] += mask[k];
  }

  finish(numGroups: number) {
    this.counts = grow(this.counts, numGroups);
    return [countsToLong(this.counts, numGroups)];
  }
}

export const count = agg('count', () => new CountAcc(-1));
export const countif = agg('countif', () => new CountAcc(0));
