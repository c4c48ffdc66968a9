/**
 * sample-distinct N of Expr: up to N distinct values of Expr. Kusto promises no particular values; this takes the
 * first N distinct values in input order and stops reading once it has them.
 */
import type { Batch, Schema } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { runtimeError } from '../../../errors.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import { KeyColumn } from '../group-keys.js';
import type { PhysicalOp } from '../physical-op.js';

class SampleDistinctOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly schema: Schema,
  ) {
    this.children = [input];
  }
  describe(): string {
    return `SampleDistinctExec of ${this.exprs[1].describe}`;
  }
  *execute(): Iterable<Batch> {
    const c = this.exprs[0].constant;
    if (!c || c.value === null) throw runtimeError('sample-distinct: the number of values is not a constant');
    const limit = Math.max(0, Number(c.value));
    const keys = new KeyColumn(this.exprs[1].type);
    let ids = new Int32Array(0);
    if (limit > 0) {
      for (const b of this.input.execute()) {
        if (ids.length < b.length) ids = new Int32Array(b.length);
        keys.assign(this.exprs[1].eval(b), b.length, ids);
        if (keys.size >= limit) break;
      }
    }
    const rows: Boxed[][] = keys.values.slice(0, limit).map((v) => [v]);
    if (rows.length > 0) yield* tableFromRows(this.schema, rows).batches();
  }
}

registerExtension('sample-distinct', (node, inputs, exprs) => new SampleDistinctOp(inputs[0], exprs, node.schema));
