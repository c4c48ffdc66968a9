/**
 * Logical plan -> physical plan: resolves column names to slots, compiles expressions into kernels, picks the
 * operator implementations. Built per execution (it binds the query's `now`); the logical plan is what gets cached.
 */
import { type Schema, Table } from '../data/batch.js';
import type { Boxed, KType } from '../data/types.js';
import { VectorBuilder, dictEncodeStrings, vectorFromBoxed } from '../data/vector.js';
import { KqlError, runtimeError, unsupported } from '../errors.js';
import type { ExecContext } from '../exec/context.js';
import { compileExpr, type PhysicalExpr } from '../exec/evaluate.js';
import { getAggregate } from '../functions/aggregates/index.js';
import { FilterOp } from '../exec/operators/filter.js';
import { HashAggregateOp, type PhysicalAggregate } from '../exec/operators/hash-aggregate.js';
import { HashJoinOp } from '../exec/operators/hash-join.js';
import { MvExpandOp } from '../exec/operators/mv-expand.js';
import { PassthroughOp } from '../exec/operators/passthrough.js';
import type { PhysicalOp } from '../exec/operators/physical-op.js';
import { ProjectOp } from '../exec/operators/project.js';
import { ScanOp } from '../exec/operators/scan.js';
import { SortOp } from '../exec/operators/sort.js';
import { TableSourceOp } from '../exec/operators/table-source.js';
import { TakeOp } from '../exec/operators/take.js';
import { UnionOp } from '../exec/operators/union.js';
import { getExtension } from '../exec/extensions.js';
import { usesWindow } from '../exec/window.js';
import '../exec/operators/ext/index.js';
import type { Expr } from './expr.js';
import type { LogicalPlan, SortKey } from './logical-plan.js';

export function planPhysical(p: LogicalPlan, ctx: ExecContext): PhysicalOp {
  const expr = (e: Expr, schema: Schema): PhysicalExpr => compileExpr(e, schema, ctx);
  const constant = (e: Expr, what: string): Boxed => {
    const c = expr(e, []);
    if (!c.constant) throw unsupported(`${what} that is not a constant`);
    return c.constant.value;
  };
  const sortKeys = (keys: readonly SortKey[], schema: Schema) =>
    keys.map((k) => ({ expr: expr(k.expr, schema), ascending: k.ascending, nullsFirst: k.nullsFirst }));

  switch (p.kind) {
    case 'scan': {
      const t = ctx.tables.get(p.table);
      if (!t) throw new KqlError('semantic', `table '${p.table}' is not loaded`);
      return new ScanOp(p.table, t, p.schema);
    }
    case 'values':
      return new TableSourceOp(`ValuesExec rows=${p.rows.length}`, () => tableFromRows(p.schema, p.rows), p.schema);
    case 'range': {
      // Bounds read no row; one that is not a literal (e.g. a toscalar()) is evaluated once, when the range runs.
      const bounds = [p.from, p.to, p.step].map((e) => expr(e, []));
      const value = (c: PhysicalExpr): Boxed => (c.constant ? c.constant.value : c.eval({ columns: [], length: 1 }).get(0));
      const shown = bounds.map((c) => (c.constant ? String(c.constant.value) : c.describe));
      return new TableSourceOp(`RangeExec ${shown[0]}..${shown[1]} step ${shown[2]}`, () => rangeTable(p.schema, value(bounds[0]), value(bounds[1]), value(bounds[2])), p.schema);
    }
    case 'filter': {
      const input = wholeIf(planPhysical(p.input, ctx), usesWindow(p.predicate));
      return new FilterOp(input, expr(p.predicate, input.schema));
    }
    case 'project': {
      const input = wholeIf(planPhysical(p.input, ctx), p.columns.some((c) => usesWindow(c.expr)));
      return new ProjectOp(input, p.columns.map((c) => expr(c.expr, input.schema)), p.schema, p.origin);
    }
    case 'summarize': {
      const input = planPhysical(p.input, ctx);
      const keys = p.keys.map((k) => expr(k.expr, input.schema));
      const aggs: PhysicalAggregate[] = p.aggregates.map((a) => {
        const fn = getAggregate(a.fn);
        if (!fn) throw unsupported(`aggregate '${a.fn}'`);
        const args = a.args.map((x) => expr(x, input.schema));
        const returned = (a.returned ?? []).map((x) => expr(x, input.schema));
        const site = {
          name: a.fn,
          argTypes: args.map((x) => x.type),
          outputTypes: a.outputs.map((o) => o.type),
          constArgs: args.map((x) => (x.constant ? x.constant.value : undefined)),
        };
        fn.create(site); // validates arguments now, so an unsupported form fails before any row is read
        return { fn: a.fn, args, returned, accumulator: () => fn.create(site), outputs: a.outputs.length };
      });
      return new HashAggregateOp(input, keys, aggs, p.schema, p.origin);
    }
    case 'sort': {
      const input = planPhysical(p.input, ctx);
      return new SortOp(input, sortKeys(p.keys, input.schema), null);
    }
    case 'top': {
      const input = planPhysical(p.input, ctx);
      return new SortOp(input, sortKeys(p.keys, input.schema), toCount(constant(p.count, 'top count')));
    }
    case 'take':
    case 'sample': {
      const input = planPhysical(p.input, ctx);
      return new TakeOp(input, toCount(constant(p.count, `${p.kind} count`)));
    }
    case 'union': {
      const legs = p.inputs.map((i) => planPhysical(i, ctx));
      const at = p.source ? p.schema.findIndex((f) => f.name === p.source!.name) : -1;
      const mapping = p.mapping.map((m, i) => m.map((name) => (name === null ? null : legs[i].schema.findIndex((f) => f.name === name))));
      return new UnionOp(legs, mapping, p.source ? { ...p.source, at } : undefined, p.schema);
    }
    case 'join': {
      const left = planPhysical(p.left, ctx);
      const right = planPhysical(p.right, ctx);
      const output = p.output.map((o) => {
        const side = o.side === 'left' ? left : right;
        const slot = side.schema.findIndex((f) => f.name === o.column);
        if (slot < 0) throw new KqlError('semantic', `join column ${o.column} missing on the ${o.side} side`);
        return { side: o.side, slot };
      });
      return new HashJoinOp(
        p.joinKind,
        left,
        right,
        p.leftKeys.map((k) => expr(k, left.schema)),
        p.rightKeys.map((k) => expr(k, right.schema)),
        output,
        p.schema,
        p.origin,
      );
    }
    case 'mvexpand': {
      const input = planPhysical(p.input, ctx);
      const expand = p.expand.map((e) => ({ slot: p.schema.findIndex((f) => f.name === e.name), expr: expr(e.expr, input.schema), type: e.type }));
      if (expand.some((e) => e.slot < 0)) throw new KqlError('semantic', 'mv-expand column not in output');
      const itemIndexSlot = p.itemIndex ? p.schema.findIndex((f) => f.name === p.itemIndex) : null;
      const passSlots = p.schema.map((f) => {
        const i = input.schema.findIndex((c) => c.name === f.name);
        return i >= 0 ? i : null;
      });
      return new MvExpandOp(input, expand, p.limit, itemIndexSlot, p.schema, passSlots, p.bagAsArray ?? false);
    }
    case 'getschema': {
      const input = planPhysical(p.input, ctx);
      return new TableSourceOp('GetSchemaExec', () => getSchemaTable(p.schema, p.inputSchema), p.schema);
    }
    case 'shared': {
      const inner = p.input;
      return new TableSourceOp(
        `SharedExec #${p.id} ${p.name} (computed once per query)`,
        () => {
          let t = ctx.shared.get(p.id);
          if (!t) {
            t = ctx.runSubplan(inner);
            ctx.shared.set(p.id, t);
          }
          return t;
        },
        p.schema,
      );
    }
    case 'render':
      return new PassthroughOp(planPhysical(p.input, ctx), `RenderExec ${p.visualization} (not drawn)`);
    case 'serialize':
      return new PassthroughOp(planPhysical(p.input, ctx), 'SerializeExec');
    case 'extension': {
      const planner = getExtension(p.name);
      if (!planner) throw unsupported(`operator '${p.name}'`);
      const inputs = p.inputs.map((i) => planPhysical(i, ctx));
      const schema = inputs.length > 0 ? inputs[0].schema : [];
      return planner(p, inputs, p.exprs.map((e) => expr(e, schema)), ctx);
    }
  }
}

/** Window functions see the whole serialized row set as one batch. */
function wholeIf(input: PhysicalOp, needed: boolean): PhysicalOp {
  if (!needed) return input;
  return new TableSourceOp(`ConcatExec (one batch for window functions)`, () => Table.fromBatches(input.schema, [...input.execute()]), input.schema, [input], true);
}

function toCount(v: Boxed): number {
  if (v === null) throw runtimeError('row count is null');
  const n = Number(v);
  if (!Number.isFinite(n)) throw runtimeError('row count is not a number');
  return Math.max(0, Math.trunc(n));
}

export function tableFromRows(schema: Schema, rows: readonly (readonly Boxed[])[]): Table {
  const cols = schema.map((f, i) => {
    const vals = rows.map((r) => r[i] ?? null);
    return f.type === 'string' ? dictEncodeStrings(vals.map((v) => (v === null ? '' : String(v)))) : vectorFromBoxed(f.type, vals);
  });
  return new Table(schema, cols, rows.length);
}

function rangeTable(schema: Schema, from: Boxed, to: Boxed, step: Boxed): Table {
  const t: KType = schema[0].type;
  if (from === null || to === null || step === null) return new Table(schema, [vectorFromBoxed(t, [])], 0);
  const MAX = 100_000_000;
  if (typeof from === 'bigint' || typeof to === 'bigint' || typeof step === 'bigint') {
    const f = BigInt(from as bigint);
    const e = BigInt(to as bigint);
    const s = typeof step === 'bigint' ? step : BigInt(Math.trunc(Number(step)));
    if (s === 0n) throw runtimeError('range step is zero');
    const count = s > 0n ? (e >= f ? (e - f) / s + 1n : 0n) : f >= e ? (f - e) / -s + 1n : 0n;
    if (count > BigInt(MAX)) throw runtimeError(`range would produce ${count} rows (limit ${MAX})`);
    const b = new VectorBuilder(t, Number(count));
    for (let i = 0n; i < count; i++) b.set(Number(i), t === 'real' || t === 'int' ? Number(f + i * s) : f + i * s);
    return new Table(schema, [b.finish()], Number(count));
  }
  const f = Number(from);
  const e = Number(to);
  const s = Number(step);
  if (s === 0) throw runtimeError('range step is zero');
  const out: number[] = [];
  for (let x = f, i = 0; s > 0 ? x <= e : x >= e; i++, x = f + i * s) {
    out.push(x);
    if (out.length > MAX) throw runtimeError(`range would produce more than ${MAX} rows`);
  }
  return new Table(schema, [vectorFromBoxed(t, out)], out.length);
}

const DOTNET: Record<KType, string> = {
  bool: 'System.Boolean',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  dynamic: 'System.Object',
  guid: 'System.Guid',
};

function getSchemaTable(schema: Schema, input: Schema): Table {
  const rows = input.map((f, i) => [f.name, BigInt(i), DOTNET[f.type], f.type] as Boxed[]);
  // getschema's own columns: ColumnName, ColumnOrdinal, DataType, ColumnType
  return tableFromRows(schema, rows.map((r) => r.slice(0, schema.length)));
}
