/**
 * The values of each group kept in full, for the aggregates that need the whole population (percentiles, the
 * exact tdigest sketch). Nulls are skipped, and so are rows whose weight is null or not positive.
 */
import type { Vector } from '../../data/vector.js';
import { growArray } from './common.js';

export interface Samples {
  values: (number | bigint)[];
  /** Per-value weights; null when the aggregate is unweighted (every weight 1). */
  weights: number[] | null;
}

/** Appends the rows' values (and weights, when `w` is given) to their groups' samples. */
export function addSamples(into: (Samples | undefined)[], groups: Int32Array, n: number, x: Vector, w: Vector | null, numGroups: number): void {
  growArray(into, numGroups);
  for (let k = 0; k < n; k++) {
    const v = x.get(k);
    if (v === null) continue;
    let weight = 1;
    if (w !== null) {
      const wv = w.get(k);
      if (wv === null) continue;
      weight = Number(wv as number | bigint);
      if (!(weight > 0)) continue;
    }
    const s = (into[groups[k]!] ??= { values: [], weights: w !== null ? [] : null });
    s.values.push(v as number | bigint);
    if (s.weights !== null) s.weights.push(weight);
  }
}
