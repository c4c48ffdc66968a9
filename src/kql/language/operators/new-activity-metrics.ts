/**
 * `evaluate new_activity_metrics(IdColumn, TimelineColumn, Start, End, Window [, Cohort] [, dim, ...] [, Lookback])`
 * (query/new-activity-metrics-plugin.md). exprs: [id, timeline, start, end, window, cohort (null literal when
 * absent), ...dims]; the output columns are the binder's. The Lookback table is unsupported.
 */
import { KqlError, unsupported } from '../../errors.js';
import { type Expr, Exprs } from '../../plan/expr.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import { registerPlugin } from './index.js';

export interface NewActivityMetricsParams {
  readonly hasCohort: boolean;
  /** The dims' column names, in argument order. */
  readonly dims: readonly string[];
}

registerPlugin('new_activity_metrics', (_op, input, pipe, api, args) => {
  const plugin = 'new_activity_metrics';
  if (args.length < 5) throw new KqlError('semantic', `${plugin} takes IdColumn, TimelineColumn, Start, End, Window [, Cohort] [, dims] [, Lookback]`);
  const [id, timeline, start, end, step] = args.slice(0, 5).map((a) => api.scalar(a));
  if (timeline.type !== 'datetime') throw unsupported(`${plugin}: a ${timeline.type} timeline (only datetime)`);
  if (start.type !== 'datetime' || end.type !== 'datetime') throw new KqlError('semantic', `${plugin}: Start and End must be datetimes`);
  if (step.type !== 'timespan') throw unsupported(`${plugin}: a ${step.type} window (only a timespan)`);
  let cohort: Expr = Exprs.literal('datetime', null);
  let hasCohort = false;
  const dims: string[] = [];
  const dimExprs: Expr[] = [];
  for (const [i, a] of args.slice(5).entries()) {
    if (api.isTabular(a)) throw unsupported(`${plugin}: a Lookback table`);
    const e = api.scalar(a);
    if (e.kind === 'column') {
      dims.push(e.name);
      dimExprs.push(e);
    } else if (i === 0) {
      if (e.type !== 'datetime') throw new KqlError('semantic', `${plugin}: Cohort must be a datetime`);
      cohort = e;
      hasCohort = true;
    } else throw unsupported(`${plugin}: a dimension that is not a column`);
  }
  const schema = api.resultSchema(pipe);
  const params: NewActivityMetricsParams = { hasCohort, dims };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'evaluate-new_activity_metrics',
    inputs: [input],
    exprs: [id, timeline, start, end, step, cohort, ...dimExprs],
    params,
    describe: `Evaluate new_activity_metrics(${id.kind === 'column' ? id.name : '…'}, ${timeline.kind === 'column' ? timeline.name : '…'}, …${dims.length ? `, by ${dims.join(', ')}` : ''})`,
    schema,
  };
  return Object.freeze(node);
});
