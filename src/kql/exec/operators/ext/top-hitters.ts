/**
 * top-hitters N of Expr [by Sum]: the N values with the highest row count (or sum of Sum), highest first. Kusto
 * computes an approximation (a space-saving sketch); this computes the exact counts, which any approximation
 * aims at. Null sums are skipped, as sum() does.
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { runtimeError } from '../../../errors.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import { KeyColumn } from '../group-keys.js';
import type { PhysicalOp } from '../physical-op.js';

class TopHittersOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly sum: boolean,
    readonly schema: Schema,
  ) {
    this.children = [input];
  }
  describe(): string {
    return `TopHittersExec of ${this.exprs[1].describe}${this.sum ? ` by sum(${this.exprs[2].describe})` : ''} (exact)`;
  }
  *execute(): Iterable<Batch> {
    const c = this.exprs[0].constant;
    if (!c || c.value === null) throw runtimeError('top-hitters: the number of values is not a constant');
    const limit = Math.max(0, Number(c.value));
    const keys = new KeyColumn(this.exprs[1].type);
    const totals: number[] = [];
    const real = this.schema[1].type === 'real';
    let ids = new Int32Array(0);
    for (const b of this.input.execute()) {
      if (ids.length < b.length) ids = new Int32Array(b.length);
      keys.assign(this.exprs[1].eval(b), b.length, ids);
      const s = this.sum ? this.exprs[2].eval(b) : null;
      for (let k = 0; k < b.length; k++) {
        const g = ids[k];
        while (totals.length <= g) totals.push(0);
        if (!s) totals[g] += 1;
        else {
          const v = s.get(k);
          if (v !== null) totals[g] += Number(v);
        }
      }
    }
    const order = totals.map((_t, g) => g).sort((a, b) => totals[b] - totals[a] || a - b).slice(0, limit);
    const rows: Boxed[][] = order.map((g) => [keys.values[g], real ? totals[g] : BigInt(Math.round(totals[g]))]);
    if (rows.length > 0) yield* tableFromRows(this.schema, rows).batches();
    else yield* Table.fromBatches(this.schema, []).batches();
  }
}

registerExtension('top-hitters', (node, inputs, exprs) => new TopHittersOp(inputs[0], exprs, (node.params as { sum: boolean }).sum, node.schema));
