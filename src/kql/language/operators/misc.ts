/**
 * Small operators: top-hitters (query/top-hitters-operator.md) and sample-distinct
 * (query/sample-distinct-operator.md). reduce is not here: its pattern mining is not implemented (the core reports
 * the operator as unsupported).
 */
import type { Schema } from '../../data/batch.js';
import { KqlError, unsupported } from '../../errors.js';
import type { Expr } from '../../plan/expr.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import { registerOperator } from './index.js';

// top-hitters N of Expr [by Sum]: exprs [N, Expr, Sum?]; two output columns, the value and approximate_count_/sum_.
registerOperator('TopHittersOperator', (op, input, pipe, api) => {
  const out: Schema = api.resultSchema(pipe);
  if (out.length !== 2) throw new KqlError('semantic', `top-hitters output has ${out.length} columns`);
  const exprs: Expr[] = [api.scalar(op.Expression), api.scalar(op.OfExpression)];
  if (op.ByClause) exprs.push(api.scalar(op.ByClause.Expression));
  const sumType = op.ByClause ? exprs[2].type : 'long';
  if (sumType !== 'long' && sumType !== 'int' && sumType !== 'real') throw unsupported(`top-hitters by a ${sumType} value`);
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'top-hitters',
    inputs: [input],
    exprs,
    params: { sum: !!op.ByClause },
    describe: `TopHitters of ${out[0].name}${op.ByClause ? ' by sum' : ''}`,
    schema: [{ name: out[0].name, type: exprs[1].type }, { name: out[1].name, type: sumType === 'real' ? 'real' : 'long' }],
  };
  return Object.freeze(node);
});

// sample-distinct N of Expr: up to N distinct values of Expr.
registerOperator('SampleDistinctOperator', (op, input, pipe, api) => {
  const out: Schema = api.resultSchema(pipe);
  if (out.length !== 1) throw new KqlError('semantic', `sample-distinct output has ${out.length} columns`);
  for (const [name] of api.params(op)) if (!name.startsWith('hint.')) throw unsupported(`sample-distinct parameter ${name}`);
  const exprs: Expr[] = [api.scalar(op.Expression), api.scalar(op.OfExpression)];
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'sample-distinct',
    inputs: [input],
    exprs,
    params: {},
    describe: `SampleDistinct of ${out[0].name}`,
    schema: [{ name: out[0].name, type: exprs[1].type }],
  };
  return Object.freeze(node);
});

