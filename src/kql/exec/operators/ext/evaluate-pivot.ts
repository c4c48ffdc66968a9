/**
 * `evaluate pivot(PivotColumn [, Aggregate(args)] [, GroupColumn ...]) [: (OutputSchema)]` (query/pivot-plugin.md).
 *
 * One output row per distinct tuple of the group columns (default: every column but the pivot column and the
 * aggregate's argument columns), one output column per distinct value of the pivot column (named by its text;
 * first-seen order: the doc's outputs are not alphabetical), each cell the aggregate (default count()) over the
 * rows of that group and value. A cell with no rows is 0 for count/countif/dcount/dcountif/sum/sumif (the doc's
 * outputs) and the aggregate's empty value otherwise. With an output schema, cells go to the declared columns by
 * name, a declared value that never occurs is an empty cell, and a value that is not declared is an error (the doc:
 * "an error is raised if the run-time schema doesn't match").
 */
import { type Field, Table } from '../../../data/batch.js';
import type { Boxed, KType } from '../../../data/types.js';
import { type Vector, VectorBuilder } from '../../../data/vector.js';
import { KqlError, runtimeError, unsupported } from '../../../errors.js';
import { toKustoString } from '../../../functions/conversion.js';
import { getAggregate } from '../../../functions/aggregates/index.js';
import type { PivotParams } from '../../../language/operators/evaluate.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { WholeTableOp, requireOpenSchemaSupport } from './evaluate-open.js';

const ZERO_WHEN_EMPTY = new Set(['count', 'countif', 'dcount', 'dcountif', 'sum', 'sumif']);

function keyText(v: Boxed): string {
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
}

function zero(t: KType): Boxed {
  if (t === 'long' || t === 'datetime' || t === 'timespan') return 0n;
  if (t === 'int' || t === 'real') return 0;
  return null;
}

function pivotTable(p: PivotParams, exprs: readonly PhysicalExpr[], input: Table): Table {
  const n = input.length;
  const batch = { columns: input.columns, length: n };
  const pivotVec = exprs[0].eval(batch);
  const args = exprs.slice(1).map((e) => e.eval(batch));
  const groupSlots = p.groups.map((g) => {
    const i = input.schema.findIndex((f) => f.name === g.name);
    if (i < 0) throw new KqlError('semantic', `pivot: no column '${g.name}'`);
    return i;
  });
  // Group ids (first-seen order) and pivot value ids.
  const groupIds = new Map<string, number>();
  const groupRow: number[] = [];
  const valueIds = new Map<string, number>();
  const values: string[] = [];
  const rowGroup = new Int32Array(n);
  const rowValue = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const key = groupSlots.map((s) => keyText(input.columns[s].get(k))).join('\u0001');
    let g = groupIds.get(key);
    if (g === undefined) {
      g = groupRow.length;
      groupIds.set(key, g);
      groupRow.push(k);
    }
    rowGroup[k] = g;
    const text = toKustoString(pivotVec.get(k), pivotVec.type) as string;
    let v = valueIds.get(text);
    if (v === undefined) {
      v = values.length;
      valueIds.set(text, v);
      values.push(text);
    }
    rowValue[k] = v;
  }
  const G = groupRow.length;
  const V = values.length;
  const fn = getAggregate(p.aggregate.fn);
  if (!fn) throw unsupported(`pivot aggregate '${p.aggregate.fn}'`);
  const acc = fn.create({
    name: p.aggregate.fn,
    argTypes: exprs.slice(1).map((e) => e.type),
    outputTypes: [p.aggregate.type],
    constArgs: exprs.slice(1).map((e) => (e.constant ? e.constant.value : undefined)),
  });
  const cells = new Int32Array(n);
  const seen = new Uint8Array(G * V);
  for (let k = 0; k < n; k++) {
    cells[k] = rowGroup[k] * V + rowValue[k];
    seen[cells[k]] = 1;
  }
  acc.update(cells, n, args, [], G * V);
  const out = acc.finish(G * V)[0];
  const empty = ZERO_WHEN_EMPTY.has(p.aggregate.fn) ? zero(p.aggregate.type) : null;
  const cellValue = (g: number, v: number): Boxed => (seen[g * V + v] ? out.get(g * V + v) : empty);

  const groupCols: Vector[] = groupSlots.map((s) => input.columns[s].select(Uint32Array.from(groupRow), G));
  const valueCol = (v: number | undefined, t: KType): Vector => {
    const vb = new VectorBuilder(t, G);
    for (let g = 0; g < G; g++) vb.set(g, v === undefined ? empty : cellValue(g, v));
    return vb.finish();
  };
  if (p.outputSchema) {
    const declared = new Set(p.outputSchema.map((f) => f.name));
    for (const g of p.groups) if (!declared.has(g.name)) throw runtimeError(`pivot: the group column '${g.name}' is not in the declared output schema`);
    for (const v of values) if (!declared.has(v)) throw runtimeError(`pivot: the value '${v}' has no column in the declared output schema`);
    const columns = p.outputSchema.map((f) => {
      const gi = p.groups.findIndex((g) => g.name === f.name);
      if (gi >= 0) return groupCols[gi];
      return valueCol(valueIds.get(f.name), f.type);
    });
    return new Table(p.outputSchema, columns, G);
  }
  const fields: Field[] = [...p.groups];
  for (const v of values) {
    if (fields.some((f) => f.name === v)) throw unsupported(`pivot value '${v}' that is also a group column name`);
    fields.push({ name: v, type: p.aggregate.type });
  }
  return new Table(fields, [...groupCols, ...values.map((_, v) => valueCol(v, p.aggregate.type))], G);
}

registerExtension('evaluate-pivot', (node, inputs, exprs, ctx): PhysicalOp => {
  const p = node.params as PivotParams;
  if (!p.outputSchema) requireOpenSchemaSupport(ctx, 'evaluate pivot');
  return new WholeTableOp(
    inputs[0],
    (t) => pivotTable(p, exprs, t),
    `PivotExec ${p.pivotColumn} ${p.aggregate.fn}(${exprs.slice(1).map((e) => e.describe).join(', ')}) by ${p.groups.map((g) => g.name).join(', ')}${p.outputSchema ? '' : ' (columns from the data)'}`,
    p.outputSchema,
  );
});
