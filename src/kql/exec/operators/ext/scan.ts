/**
 * scan's state machine (query/scan-operator.md, "Scan logic"). Step k's state holds one record per step 1..k (the
 * row that matched it, extended by the step's assignments) and the sequence's match id. Each input row is checked
 * against the steps from last to first:
 *
 * - Check 1 (k > 1): if step k-1's state is non-empty and the row meets step k's condition, step k-1's state moves
 *   to step k (step k-1 becomes empty), the extended row joins it as step k's record, and the row is output.
 *   Check 2 is then skipped.
 * - Check 2: if step k's state is non-empty, or k is the first step, and the row meets the condition, the extended
 *   row replaces step k's record and is output. An empty first step starts a new sequence (match id + 1).
 *
 * `output=none` steps match without output. Conditions and assignments read the row and `Step.Col` values: of the
 * state being checked (check 1: step k-1's state; check 2: step k's own). A step with no record there reads nulls,
 * and declared columns read their defaults, as does every declared column a step does not assign.
 */
import type { Batch, Schema } from '../../../data/batch.js';
import type { Boxed, KType } from '../../../data/types.js';
import { ConstVector, type Vector } from '../../../data/vector.js';
import { runtimeError, unsupported } from '../../../errors.js';
import { convertTo } from '../../../functions/conversion.js';
import type { ScanParams } from '../../../language/operators/scan.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { ExecContext } from '../../context.js';
import { type PhysicalExpr, compileExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';

interface Rec {
  readonly row: readonly Boxed[];
  readonly decl: readonly Boxed[];
}

interface StepState {
  records: (Rec | null)[];
  readonly id: number;
}

class ScanExecOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly p: ScanParams,
    readonly ctx: ExecContext,
    readonly schema: Schema,
    readonly label: string,
  ) {
    this.children = [input];
  }

  describe(): string {
    return `ScanExec ${this.label}`;
  }

  *execute(): Iterable<Batch> {
    const p = this.p;
    const inSchema = this.input.schema;
    const evalSchema: Schema = [...inSchema, ...p.refs.map((r) => ({ name: r.name, type: r.type }))];
    const compile = (e: Parameters<typeof compileExpr>[0]): PhysicalExpr => compileExpr(e, evalSchema, this.ctx);
    const conds = p.steps.map((s) => compile(s.condition));
    const assigns = p.steps.map((s) => s.assignments.map((a) => ({ column: a.column, expr: compile(a.expr) })));
    const defaults: Boxed[] = p.declared.map((d) => {
      if (!d.default) return null;
      const c = compileExpr(d.default, [], this.ctx);
      if (!c.constant) throw unsupported(`scan: default of '${d.name}' that is not a constant`);
      return convertTo(c.constant.value, c.type, d.type);
    });
    const declIndex = new Map(p.declared.map((d, i) => [d.name, i]));
    // Where each Step.Col reference reads from a record: a declared column, or an input column.
    const refSources = p.refs.map((r) => {
      const di = declIndex.get(r.column);
      if (di !== undefined) return { step: r.step, decl: di, input: -1, type: r.type };
      const ii = inSchema.findIndex((f) => f.name === r.column);
      if (ii < 0) throw runtimeError(`scan: ${r.name} is neither a declared nor an input column`);
      return { step: r.step, decl: -1, input: ii, type: r.type };
    });
    const declTypes: KType[] = p.declared.map((d) => d.type);
    const n = p.steps.length;
    const state: (StepState | null)[] = new Array(n).fill(null);
    let nextId = 0;
    const out: Boxed[][] = [];

    const rowBatch = (row: readonly Boxed[], recs: readonly (Rec | null)[]): Batch => {
      const cols: Vector[] = inSchema.map((f, i) => new ConstVector(f.type, row[i], 1));
      for (const s of refSources) {
        const rec = recs[s.step] ?? null;
        let v: Boxed;
        if (s.decl >= 0) v = rec ? rec.decl[s.decl] : defaults[s.decl];
        else v = rec ? rec.row[s.input] : null;
        cols.push(new ConstVector(s.type, v, 1));
      }
      return { columns: cols, length: 1 };
    };
    const extend = (k: number, b: Batch, row: readonly Boxed[]): Rec => {
      const decl = defaults.slice();
      for (const a of assigns[k]) decl[a.column] = convertTo(a.expr.eval(b).get(0), a.expr.type, declTypes[a.column]);
      return { row, decl };
    };
    const emit = (k: number, rec: Rec, id: number) => {
      if (p.steps[k].output === 'none') return;
      const r: Boxed[] = [...rec.row, ...rec.decl];
      if (p.matchId !== null) r.push(BigInt(id));
      out.push(r);
    };

    for (const b of this.input.execute()) {
      for (let r = 0; r < b.length; r++) {
        const row = inSchema.map((_f, i) => b.columns[i].get(r));
        for (let k = n - 1; k >= 0; k--) {
          const prev = k > 0 ? state[k - 1] : null;
          if (prev) {
            const recs = prev.records.slice(0, k);
            const eb = rowBatch(row, recs);
            if (conds[k].eval(eb).get(0) === true) {
              const rec = extend(k, eb, row);
              state[k] = { records: [...recs, rec], id: prev.id };
              state[k - 1] = null;
              emit(k, rec, prev.id);
              continue;
            }
          }
          const own = state[k];
          if (own || k === 0) {
            const recs = own ? own.records : [];
            const eb = rowBatch(row, recs);
            if (conds[k].eval(eb).get(0) === true) {
              const rec = extend(k, eb, row);
              let st = own;
              if (st) st.records[k] = rec;
              else st = state[0] = { records: [rec], id: nextId++ };
              emit(k, rec, st.id);
            }
          }
        }
      }
    }
    if (out.length > 0) yield* tableFromRows(this.schema, out).batches();
  }
}

registerExtension('scan', (node, inputs, _exprs, ctx) => {
  return new ScanExecOp(inputs[0], node.params as ScanParams, ctx, node.schema, node.describe.replace(/^Scan ?/, ''));
});
