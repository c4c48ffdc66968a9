/**
 * dcount(expr [, accuracy]), dcountif(expr, pred [, accuracy]), count_distinct(expr), count_distinctif(expr, pred).
 *
 * Kusto's dcount is a HyperLogLog estimate; this engine counts exactly. The two agree on small cardinalities:
 * dcount-aggregation-function.md / estimation-accuracy.md give a perfect count up to about 1000 distinct values
 * at the default accuracy (8000 at accuracy 2); above that Kusto's answer carries its documented estimation error
 * and may differ from ours. count_distinct is exact in Kusto too. The accuracy argument is accepted and ignored.
 * Nulls are ignored; "" is a value (Kusto strings are never null).
 */
import type { Dyn } from '../../data/types.js';
import { dynamicToJsonText } from '../../data/format-value.js';
import type { Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { Accumulator, AggregateSite } from '../aggregate-function.js';
import { agg, countsToLong, growArray, phys, trueRows } from './common.js';

/** A Set key for a dynamic value: numbers/booleans/bigints as themselves, strings and structures tagged. */
export function dynSetKey(v: Dyn): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? 's' + v : v;
  return 'o' + dynamicToJsonText(v);
}

class DistinctCountAcc implements Accumulator {
  private sets: (Set<unknown> | undefined)[] = [];
  constructor(private readonly predicateArg: number) {}

  update(groups: Int32Array, n: number, args: readonly Vector[], _r: readonly Vector[], numGroups: number): void {
    const sets = this.sets;
    growArray(sets, numGroups);
    const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
    if (mask === false) return;
    const v = args[0];
    const isDyn = v.type === 'dynamic';
    const p = phys(v);
    if (p === null || isDyn) {
      for (let k = 0; k < n; k++) {
        if (mask !== null && mask[k] === 0) continue;
        const x = v.get(k);
        if (x === null) continue;
        const g = groups[k];
        (sets[g] ??= new Set()).add(isDyn ? dynSetKey(x as Dyn) : x);
      }
      return;
    }
    // Typed arrays yield numbers/bigints, string tables yield strings: both are exact Set keys.
    const data = p.data as ArrayLike<unknown>;
    const { nulls, idx } = p;
    for (let k = 0; k < n; k++) {
      if (mask !== null && mask[k] === 0) continue;
      const i = idx === null ? k : idx[k];
      if (nulls !== null && nulls[i] === 1) continue;
      const x = data[i];
      if (x === null || x === undefined) continue; // guid nulls
      const g = groups[k];
      (sets[g] ??= new Set()).add(x);
    }
  }

  finish(numGroups: number) {
    growArray(this.sets, numGroups);
    const counts = new Float64Array(numGroups);
    for (let g = 0; g < numGroups; g++) counts[g] = this.sets[g]?.size ?? 0;
    return [countsToLong(counts, numGroups)];
  }
}

function create(site: AggregateSite, predicateArg: number, fn: string): Accumulator {
  if (site.argTypes[0] === 'decimal') throw unsupported(`${fn}: decimal values`);
  return new DistinctCountAcc(predicateArg);
}

export const dcount = agg('dcount', (site) => create(site, -1, 'dcount'));
export const dcountif = agg('dcountif', (site) => create(site, 1, 'dcountif'));
export const countDistinct = agg('count_distinct', (site) => create(site, -1, 'count_distinct'));
export const countDistinctIf = agg('count_distinctif', (site) => create(site, 1, 'count_distinctif'));
