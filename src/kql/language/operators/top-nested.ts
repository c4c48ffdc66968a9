/**
 * top-nested (query/top-nested-operator.md): `top-nested [N] of [Name=]Expr [with others=Const] by [Name=]Agg
 * [asc|desc], ...`. Each clause partitions the rows of the previous clause's selected values by Expr, aggregates
 * each partition and keeps the top N (all values without N). Two output columns per clause: the value and the
 * aggregate. Only a single aggregate call is accepted per clause (not an expression combining several).
 */
import type { Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import { type Expr, Exprs } from '../../plan/expr.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';
import { registerOperator } from './index.js';
import { aggregateCall, isAggregateCall, unnamed } from './make-series.js';

export interface TopNestedLevel {
  /** exprs indexes: the partition value, N (null literal when absent), the others value (null literal when absent). */
  readonly ofAt: number;
  readonly nAt: number;
  readonly othersAt: number;
  readonly hasN: boolean;
  readonly hasOthers: boolean;
  readonly fn: string;
  readonly argAt: number;
  readonly argCount: number;
  readonly aggType: KType;
  readonly ascending: boolean;
}

export interface TopNestedParams {
  readonly levels: readonly TopNestedLevel[];
}

registerOperator('TopNestedOperator', (op, input, pipe, api) => {
  const out: Schema = api.resultSchema(pipe);
  const clauses: KNode[] = api.elements(op.Clauses);
  if (out.length !== clauses.length * 2) throw new KqlError('semantic', `top-nested output has ${out.length} columns for ${clauses.length} clauses`);
  const exprs: Expr[] = [];
  const levels: TopNestedLevel[] = clauses.map((c, i) => {
    const ofAt = exprs.length;
    exprs.push(api.scalar(unnamed(api, c.OfExpression)));
    const nAt = exprs.length;
    exprs.push(c.Expression ? api.scalar(c.Expression) : Exprs.literal('long', null));
    const othersAt = exprs.length;
    exprs.push(c.WithOthersClause ? api.scalar(c.WithOthersClause.Expression) : Exprs.literal(exprs[ofAt].type, null));
    if (c.WithOthersClause && i < clauses.length - 1) throw unsupported('top-nested: with others on a clause that is not the last');
    let by = c.ByExpression;
    let ascending = false;
    // `by Name = Agg asc`: the ordering wraps the (possibly named) aggregate.
    if (api.kindName(by) === 'OrderedExpression') {
      const ord = by.Ordering;
      if (ord?.NullsClause) throw unsupported('top-nested: nulls first/last');
      if (ord?.AscOrDescKeyword) ascending = String(ord.AscOrDescKeyword.Text).toLowerCase() === 'asc';
      by = by.Expression;
    }
    by = unnamed(api, by);
    if (api.kindName(by) === 'OrderedExpression') {
      const ord = by.Ordering;
      if (ord?.AscOrDescKeyword) ascending = String(ord.AscOrDescKeyword.Text).toLowerCase() === 'asc';
      by = by.Expression;
    }
    if (!isAggregateCall(api, by)) throw unsupported('top-nested: an aggregation that is not a single aggregate call');
    const agg = aggregateCall(api, by, 'top-nested');
    const argAt = exprs.length;
    exprs.push(...agg.args);
    return {
      ofAt, nAt, othersAt,
      hasN: !!c.Expression,
      hasOthers: !!c.WithOthersClause,
      fn: agg.fn,
      argAt,
      argCount: agg.args.length,
      aggType: agg.type,
      ascending,
    };
  });
  const schema: Schema = out.map((f, i) => {
    const l = levels[i >> 1];
    return { name: f.name, type: i % 2 === 0 ? exprs[l.ofAt].type : l.aggType };
  });
  const params: TopNestedParams = { levels };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'top-nested',
    inputs: [input],
    exprs,
    params,
    describe: `TopNested ${levels.map((l, i) => `of ${schema[2 * i].name} by ${schema[2 * i + 1].name}=${l.fn}${l.ascending ? ' asc' : ''}`).join(', ')}`,
    schema,
  };
  return Object.freeze(node);
});
