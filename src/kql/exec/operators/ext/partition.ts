/**
 * partition: the input's rows grouped by the key (groups in order of first appearance, rows in input order), the
 * subquery run over each group, the results concatenated.
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import { type Vector, concatVectors } from '../../../data/vector.js';
import type { PartitionParams } from '../../../language/operators/partition.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import { KeyColumn } from '../group-keys.js';
import type { PhysicalOp } from '../physical-op.js';
import { type SubqueryRunner, subqueryRunner } from './mv-apply.js';

class PartitionOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly key: PhysicalExpr,
    readonly runner: SubqueryRunner,
    readonly schema: Schema,
  ) {
    this.children = [input, runner.op];
  }

  describe(): string {
    return `PartitionExec by ${this.key.describe} (subquery per partition)`;
  }

  *execute(): Iterable<Batch> {
    const inSchema = this.input.schema;
    const batches = [...this.input.execute()].filter((b) => b.length > 0);
    const t = Table.fromBatches(inSchema, batches);
    if (t.length === 0) return;
    const whole: Batch = { columns: t.columns, length: t.length };
    const ids = new Int32Array(t.length);
    const keys = new KeyColumn(this.key.type);
    keys.assign(this.key.eval(whole), t.length, ids);
    const members: number[][] = Array.from({ length: keys.size }, () => []);
    for (let r = 0; r < t.length; r++) members[ids[r]].push(r);
    const results: Batch[] = [];
    for (const rows of members) {
      const pos = Uint32Array.from(rows);
      const cols: Vector[] = t.columns.map((c, i) => concatVectors(inSchema[i].type, [c.select(pos, pos.length)]));
      const r = this.runner.run(new Table(inSchema, cols, pos.length));
      if (r.length > 0) results.push({ columns: r.columns, length: r.length });
    }
    yield* Table.fromBatches(this.schema, results).batches();
  }
}

registerExtension('partition', (node, inputs, exprs, ctx) => {
  const p = node.params as PartitionParams;
  return new PartitionOp(inputs[0], exprs[0], subqueryRunner(p.rowsNode, p.subplan, ctx), node.schema);
});
