/**
 * mv-apply: per input row, expand the arrays into a small table, run the subquery over it, and join its rows with
 * the row's columns. Also the 'subquery-rows' leaf and the per-run subquery machinery partition shares.
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import type { Boxed, Dyn, KType } from '../../../data/types.js';
import { type Vector, VectorBuilder } from '../../../data/vector.js';
import { KqlError, runtimeError } from '../../../errors.js';
import { convertTo } from '../../../functions/conversion.js';
import type { MvApplyParams } from '../../../language/operators/mv-apply.js';
import type { ExtensionNode, LogicalPlan } from '../../../plan/logical-plan.js';
import { planPhysical } from '../../../plan/physical-planner.js';
import type { ExecContext } from '../../context.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { TableSourceOp } from '../table-source.js';

interface Slot {
  table: Table | null;
}

/** Slots of the subquery-rows leaves being planned right now (a leaf captures its slot when it is planned). */
const planning = new Map<ExtensionNode, Slot>();

registerExtension('subquery-rows', (node) => {
  const slot = planning.get(node);
  if (!slot) throw new KqlError('semantic', 'a subquery row set outside its operator');
  return new TableSourceOp(
    `SubqueryRowsExec (${(node.params as { origin: string }).origin})`,
    () => {
      if (!slot.table) throw runtimeError('subquery rows read outside a run');
      return slot.table;
    },
    node.schema,
  );
});

/** Plans a subquery once; each call runs it over the given rows. */
export interface SubqueryRunner {
  readonly op: PhysicalOp;
  run(rows: Table): Table;
}

export function subqueryRunner(rowsNode: ExtensionNode, subplan: LogicalPlan, ctx: ExecContext): SubqueryRunner {
  const slot: Slot = { table: null };
  planning.set(rowsNode, slot);
  let op: PhysicalOp;
  try {
    op = planPhysical(subplan, ctx);
  } finally {
    planning.delete(rowsNode);
  }
  return {
    op,
    run(rows: Table): Table {
      const saved = slot.table;
      slot.table = rows;
      try {
        return Table.fromBatches(op.schema, [...op.execute()]);
      } finally {
        slot.table = saved;
      }
    },
  };
}

/** mv-expand's element list of a value: an array's elements, a bag's {key: value} pairs, a scalar alone. */
export function expansionOf(v: Dyn): Dyn[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && typeof v !== 'bigint') return Object.entries(v).map(([k, x]) => ({ [k]: x }));
  return [v];
}

/** The row's value of column `slot`, repeated n times (dictionary encoding kept). */
export function repeatRow(col: Vector, k: number, n: number): Vector {
  const pos = new Uint32Array(n).fill(k);
  return col.select(pos, n);
}

class MvApplyOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly p: MvApplyParams,
    readonly runner: SubqueryRunner,
    readonly schema: Schema,
  ) {
    this.children = [input, runner.op];
  }

  describe(): string {
    const e = this.p.expand.map((x, i) => `${x.name}=${this.exprs[i].describe} to ${x.type}`).join(', ');
    return `MvApplyExec ${e}${this.p.itemIndex ? ` with_itemindex=${this.p.itemIndex}` : ''} (subquery per row)`;
  }

  *execute(): Iterable<Batch> {
    const p = this.p;
    const rowsSchema = p.rowsNode.schema;
    const inSchema = this.input.schema;
    let limit = Infinity;
    if (p.hasLimit) {
      const c = this.exprs[p.expand.length].constant;
      if (!c || c.value === null) throw runtimeError('mv-apply limit is not a constant');
      limit = Math.max(0, Number(c.value));
    }
    // For each row-set column: the input slot it copies, or the expanded column / item index it is.
    const plan = rowsSchema.map((f) => {
      const e = p.expand.findIndex((x) => x.name === f.name);
      if (e >= 0) return { kind: 'expand' as const, at: e };
      if (f.name === p.itemIndex) return { kind: 'index' as const, at: -1 };
      return { kind: 'input' as const, at: inSchema.findIndex((c) => c.name === f.name) };
    });
    for (const b of this.input.execute()) {
      const vs = p.expand.map((_x, i) => this.exprs[i].eval(b));
      const parts: Batch[] = [];
      for (let k = 0; k < b.length; k++) {
        const lists = vs.map((v) => expansionOf(v.get(k) as Dyn));
        let n = 0;
        for (const l of lists) n = Math.max(n, l.length);
        n = Math.min(n, limit);
        const cols: Vector[] = plan.map((c, j) => {
          if (c.kind === 'input') return repeatRow(b.columns[c.at], k, n);
          const vb = new VectorBuilder(rowsSchema[j].type, n);
          if (c.kind === 'index') for (let i = 0; i < n; i++) vb.set(i, BigInt(i));
          else {
            const l = lists[c.at];
            const t: KType = p.expand[c.at].type;
            for (let i = 0; i < n; i++) vb.set(i, i < l.length ? convertTo(l[i] as Boxed, 'dynamic', t) : null);
          }
          return vb.finish();
        });
        const r = this.runner.run(new Table(rowsSchema, cols, n));
        if (r.length === 0) continue;
        parts.push({
          columns: p.output.map((o) => (o.from === 'sub' ? r.columns[o.slot] : repeatRow(b.columns[o.slot], k, r.length))),
          length: r.length,
        });
      }
      if (parts.length > 0) yield* Table.fromBatches(this.schema, parts).batches();
    }
  }
}

registerExtension('mv-apply', (node, inputs, exprs, ctx) => {
  const p = node.params as MvApplyParams;
  return new MvApplyOp(inputs[0], exprs, p, subqueryRunner(p.rowsNode, p.subplan, ctx), node.schema);
});
