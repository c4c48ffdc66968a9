import { type Batch, type Schema, Table } from '../../data/batch.js';
import type { Vector } from '../../data/vector.js';
import type { Accumulator } from '../../functions/aggregate-function.js';
import type { PhysicalExpr } from '../evaluate.js';
import { GroupIndex, KeyColumn } from './group-keys.js';
import type { PhysicalOp } from './physical-op.js';

export interface PhysicalAggregate {
  readonly fn: string;
  readonly args: readonly PhysicalExpr[];
  readonly returned: readonly PhysicalExpr[];
  readonly accumulator: () => Accumulator;
  readonly outputs: number;
}

/** summarize: dense group ids from the keys, typed accumulators per aggregate, one output row per group. */
export class HashAggregateOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly keys: readonly PhysicalExpr[],
    readonly aggregates: readonly PhysicalAggregate[],
    readonly schema: Schema,
    readonly origin: string,
  ) {
    this.children = [input];
  }
  describe(): string {
    const aggs = this.aggregates.map((a) => `${a.fn}(${[...a.args, ...a.returned].map((x) => x.describe).join(', ')})`);
    return `HashAggregateExec[${this.origin}] keys=[${this.keys.map((k) => k.describe).join(', ')}] aggs=[${aggs.join(', ')}]`;
  }
  *execute(): Iterable<Batch> {
    const keyCols = this.keys.map((k) => new KeyColumn(k.type));
    const index = new GroupIndex(this.keys.length);
    const accs = this.aggregates.map((a) => a.accumulator());
    let keyIds: Int32Array[] = this.keys.map(() => new Int32Array(0));
    let gids = new Int32Array(0);
    for (const b of this.input.execute()) {
      const n = b.length;
      if (gids.length < n) {
        gids = new Int32Array(n);
        keyIds = this.keys.map(() => new Int32Array(n));
      }
      for (let i = 0; i < this.keys.length; i++) keyCols[i].assign(this.keys[i].eval(b), n, keyIds[i]);
      index.assign(keyIds, n, gids);
      for (let i = 0; i < accs.length; i++) {
        const a = this.aggregates[i];
        const args: Vector[] = a.args.map((x) => x.eval(b));
        const ret: Vector[] = a.returned.map((x) => x.eval(b));
        accs[i].update(gids, n, args, ret, index.numGroups);
      }
    }
    if (this.keys.length === 0 && index.numGroups === 0) index.numGroups = 1; // one row even over no input
    const g = index.numGroups;
    const columns: Vector[] = keyCols.map((kc, i) => kc.output(index.keyIdsByGroup[i], g));
    for (const acc of accs) columns.push(...acc.finish(g));
    yield* new Table(this.schema, columns, g).batches();
  }
}
