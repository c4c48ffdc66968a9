/**
 * take_any(expr [, ...]) / take_any(*) (deprecated any()), take_anyif(expr, pred) (deprecated anyif()).
 *
 * Kusto picks an arbitrary row; this engine picks deterministically (take-any-aggregation-function.md):
 * - one expression: the first row whose value is non-null and non-empty ("it will attempt to return a
 *   non-null/non-empty value"), else the group's first row;
 * - several expressions or `*`: the group's first row, so all outputs come from one row.
 * take_anyif only considers rows whose predicate is true.
 *
 * The outputs are the `returned` vectors when the planner passes them (take_any(*)), else the arguments.
 */
import type { Boxed, KType } from '../../data/types.js';
import { VectorBuilder, type FlatVector, type Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { Accumulator, AggregateSite } from '../aggregate-function.js';
import { agg, grow, trueRows } from './common.js';

function isGood(v: Boxed): boolean {
  return v !== null && v !== '';
}

class TakeAnyAcc implements Accumulator {
  private winBatch = new Int32Array(16).fill(-1);
  private winRow = new Int32Array(16);
  /** 1 once the group's pick is final (a good value, or any row when goodness does not matter). */
  private done = new Uint8Array(16);
  private batches: (readonly Vector[])[] = [];

  constructor(
    private readonly outTypes: readonly KType[],
    /** Number of leading arguments that are outputs (the predicate, if any, follows them). */
    private readonly valueArgs: number,
    private readonly predicateArg: number,
  ) {}

  private ensure(numGroups: number): void {
    if (this.winBatch.length < numGroups) {
      const old = this.winBatch.length;
      this.winBatch = grow(this.winBatch, numGroups);
      this.winBatch.fill(-1, old);
    }
    this.winRow = grow(this.winRow, numGroups);
    this.done = grow(this.done, numGroups);
  }

  update(groups: Int32Array, n: number, args: readonly Vector[], returned: readonly Vector[], numGroups: number): void {
    this.ensure(numGroups);
    const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
    if (mask === false) return;
    const vals = returned.length > 0 ? returned.slice() : args.slice(0, this.valueArgs);
    if (vals.length !== this.outTypes.length) throw unsupported(`take_any: ${vals.length} values for ${this.outTypes.length} outputs`);
    const single = vals.length === 1 ? vals[0] : null;
    const { winBatch, winRow, done } = this;
    const bi = this.batches.length;
    let changed = false;
    for (let k = 0; k < n; k++) {
      const g = groups[k];
      if (done[g] === 1 || (mask !== null && mask[k] === 0)) continue;
      if (single === null || isGood(single.get(k))) {
        done[g] = 1;
      } else if (winBatch[g] !== -1) {
        continue; // keep the first row until a good one appears
      }
      winBatch[g] = bi;
      winRow[g] = k;
      changed = true;
    }
    if (changed) this.batches.push(vals);
  }

  finish(numGroups: number): FlatVector[] {
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

function createTakeAny(site: AggregateSite, isIf: boolean): Accumulator {
  const fn = isIf ? 'take_anyif' : 'take_any';
  if (site.outputTypes.some((t) => t === 'decimal')) throw unsupported(`${fn}: decimal columns`);
  if (isIf) return new TakeAnyAcc(site.outputTypes, 1, 1);
  return new TakeAnyAcc(site.outputTypes, site.argTypes.length, -1);
}

export const takeAny = agg('take_any', (site) => createTakeAny(site, false));
export const takeAnyIf = agg('take_anyif', (site) => createTakeAny(site, true));
