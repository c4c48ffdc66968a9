/**
 * make-series: `make-series [kind=nonempty] [Col=]Agg [default=v], ... on Axis (from a to b step s | in range(a, b, s))
 * [by [Col=]Key, ...]` (query/make-series-operator.md). Also holds the aggregate-call helpers top-nested shares.
 */
import type { Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import { type Expr, Exprs } from '../../plan/expr.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import { type KNode, kusto } from '../kusto.js';
import { toKType } from '../translate.js';
import type { TranslatorApi } from './api.js';
import { registerOperator } from './index.js';

/** The expression inside `name = expr`. */
export function unnamed(api: TranslatorApi, x: KNode): KNode {
  return api.kindName(x) === 'SimpleNamedExpression' ? x.Expression : x;
}

export function isAggregateCall(api: TranslatorApi, node: KNode): boolean {
  if (api.kindName(node) !== 'FunctionCallExpression') return false;
  const sym = node.ReferencedSymbol;
  return !!sym && kusto().K.Aggregates.All.includes(sym);
}

/** True when an aggregate call appears anywhere under node (an expression over aggregates). */
export function containsAggregate(api: TranslatorApi, node: KNode): boolean {
  if (!node || node.IsToken) return false;
  if (isAggregateCall(api, node)) return true;
  for (let i = 0; i < node.ChildCount; i++) if (containsAggregate(api, node.GetChild(i))) return true;
  return false;
}

export interface AggCall {
  /** Kusto aggregate name. */
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly type: KType;
}

/** A single aggregate call (count(), sum(x), dcount(x, 2)...). Several-output aggregates are not accepted. */
export function aggregateCall(api: TranslatorApi, call: KNode, what: string): AggCall {
  const fn = String(call.ReferencedSymbol.Name);
  const argNodes = api.elements(call.ArgumentList.Expressions);
  if (argNodes.some((a: KNode) => api.kindName(a) === 'StarExpression')) throw unsupported(`${what}: ${fn} with *`);
  if (fn === 'arg_max' || fn === 'arg_min') throw unsupported(`${what}: ${fn}`);
  const rt = call.ResultType;
  if (rt && rt.Kind === kusto().K.Symbols.SymbolKind.Tuple) throw unsupported(`${what}: ${fn} with several outputs`);
  return { fn, args: argNodes.map((a: KNode) => api.scalar(a)), type: toKType(rt) };
}

/** Text of a name-like parameter value (`with_itemindex=ix`, `hint.strategy=native`). */
export function nameText(node: KNode): string {
  return String(node?.SimpleName ?? node?.toString?.() ?? '').trim();
}

export interface MakeSeriesAgg {
  /** Aggregate name, or null for a constant expression (its value in every bin that has rows). */
  readonly fn: string | null;
  /** Index of the first argument in the node's exprs, and the argument count. */
  readonly argAt: number;
  readonly argCount: number;
  /** Index of the default value in exprs. */
  readonly defaultAt: number;
  /** The aggregate's own result type (the element type of the array). */
  readonly type: KType;
}

export interface MakeSeriesParams {
  /** `from..to step` (end exclusive, bins aligned at start) or `in range(start, stop, step)` (stop inclusive, bin()). */
  readonly range: 'fromto' | 'inrange';
  readonly nonempty: boolean;
  /** exprs[0] axis, [1] step, [2] start (null literal when absent), [3] end (null literal when absent). */
  readonly hasFrom: boolean;
  readonly hasTo: boolean;
  /** exprs[4 .. 4 + keyCount) are the by keys. */
  readonly keyCount: number;
  readonly aggs: readonly MakeSeriesAgg[];
}

registerOperator('MakeSeriesOperator', (op, input, pipe, api) => {
  const schema: Schema = api.resultSchema(pipe);
  const params = api.params(op);
  let nonempty = false;
  for (const [name, value] of params) {
    if (name === 'kind') {
      const k = nameText(value).toLowerCase();
      if (k !== 'nonempty') throw unsupported(`make-series kind=${k}`);
      nonempty = true;
    } else if (!name.startsWith('hint.')) throw unsupported(`make-series parameter ${name}`);
  }
  const axisNode = op.OnClause.Expression;
  const axis = api.scalar(axisNode);
  const rc = op.RangeClause;
  const rk = api.kindName(rc);
  let range: 'fromto' | 'inrange';
  let from: Expr | null = null;
  let to: Expr | null = null;
  let step: Expr;
  if (rk === 'MakeSeriesInRangeClause') {
    const args = api.elements(rc.Arguments.Expressions);
    if (args.length !== 3) throw new KqlError('semantic', 'make-series in range() needs start, stop and step');
    range = 'inrange';
    from = api.scalar(args[0]);
    to = api.scalar(args[1]);
    step = api.scalar(args[2]);
  } else if (rk === 'MakeSeriesFromToStepClause') {
    range = 'fromto';
    if (rc.MakeSeriesFromClause) from = api.scalar(rc.MakeSeriesFromClause.Expression);
    if (rc.MakeSeriesToClause) to = api.scalar(rc.MakeSeriesToClause.Expression);
    step = api.scalar(rc.MakeSeriesStepClause.Expression);
  } else {
    throw unsupported(`make-series range clause ${rk}`);
  }
  const nullOf = (t: KType): Expr => Exprs.literal(t, null);
  const exprs: Expr[] = [axis, step, from ?? nullOf(axis.type), to ?? nullOf(axis.type)];
  const keyNodes = op.ByClause ? api.elements(op.ByClause.Expressions) : [];
  for (const k of keyNodes) exprs.push(api.scalar(unnamed(api, k)));
  const aggs: MakeSeriesAgg[] = [];
  for (const m of api.elements(op.Aggregates)) {
    const inner = unnamed(api, m.Expression);
    const argAt = exprs.length;
    let agg: { fn: string | null; argCount: number; type: KType };
    if (isAggregateCall(api, inner)) {
      const c = aggregateCall(api, inner, 'make-series');
      exprs.push(...c.args);
      agg = { fn: c.fn, argCount: c.args.length, type: c.type };
    } else {
      if (containsAggregate(api, inner)) throw unsupported('make-series: an expression over aggregates');
      const e = api.scalar(inner);
      exprs.push(e);
      agg = { fn: null, argCount: 1, type: e.type };
    }
    const defaultAt = exprs.length;
    exprs.push(m.DefaultExpression ? api.scalar(m.DefaultExpression.Expression) : Exprs.literal('long', 0n));
    aggs.push({ ...agg, argAt, defaultAt });
  }
  if (schema.length !== keyNodes.length + aggs.length + 1) {
    throw new KqlError('semantic', `make-series output has ${schema.length} columns, expected ${keyNodes.length + aggs.length + 1}`);
  }
  // Keys keep the types their expressions compute; the series and the axis are dynamic arrays.
  const outSchema: Schema = schema.map((f, i) => (i < keyNodes.length ? { name: f.name, type: exprs[4 + i].type } : { name: f.name, type: 'dynamic' as KType }));
  const p: MakeSeriesParams = { range, nonempty, hasFrom: from !== null, hasTo: to !== null, keyCount: keyNodes.length, aggs };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'make-series',
    inputs: [input],
    exprs,
    params: p,
    describe: `MakeSeries${nonempty ? ' kind=nonempty' : ''} ${aggs.map((a, i) => `${outSchema[keyNodes.length + i].name}=${a.fn ?? 'const'}`).join(', ')} on ${outSchema[outSchema.length - 1].name} (${range})${keyNodes.length ? ` by ${outSchema.slice(0, keyNodes.length).map((f) => f.name).join(', ')}` : ''}`,
    schema: outSchema,
  };
  return Object.freeze(node);
});
