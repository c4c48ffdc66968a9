/**
 * `evaluate activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Step [, Dim, ...])`
 * (query/activity-counts-metrics-plugin.md). exprs: [id, timeline, start, end, step, ...dims]; the output columns
 * are the binder's (Timeline, dims..., count, dcount, new_dcount, aggregated_dcount).
 */
import { KqlError, unsupported } from '../../errors.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import { registerPlugin } from './index.js';

registerPlugin('activity_counts_metrics', (_op, input, pipe, api, args) => {
  if (args.length < 5) throw new KqlError('semantic', 'activity_counts_metrics takes IdColumn, TimelineColumn, Start, End, Step [, Dimensions]');
  const exprs = args.map((a) => api.scalar(a));
  const [id, timeline, start, end, step] = exprs;
  if (timeline.type !== 'datetime') throw unsupported(`activity_counts_metrics: a ${timeline.type} timeline (only datetime)`);
  if (start.type !== 'datetime' || end.type !== 'datetime') throw new KqlError('semantic', 'activity_counts_metrics: Start and End must be datetimes');
  if (step.type !== 'timespan') throw unsupported(`activity_counts_metrics: a ${step.type} step (only a timespan)`);
  for (const d of exprs.slice(5)) if (d.kind !== 'column') throw unsupported('activity_counts_metrics: a dimension that is not a column');
  const schema = api.resultSchema(pipe);
  if (schema.length !== exprs.length) throw unsupported(`activity_counts_metrics output shape (${schema.length} columns)`);
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'evaluate-activity_counts_metrics',
    inputs: [input],
    exprs,
    params: null,
    describe: `Evaluate activity_counts_metrics(${id.kind === 'column' ? id.name : '…'}, ${timeline.kind === 'column' ? timeline.name : '…'}, …)`,
    schema,
  };
  return Object.freeze(node);
});
