/**
 * `evaluate sliding_window_counts(IdColumn, TimelineColumn, Start, End, LookbackWindow, Bin [, Dim, ...])`
 * (query/sliding-window-counts-plugin.md). exprs: [id, timeline, start, end, lookback, bin, ...dims]; the output
 * columns are the binder's (Timeline, dims..., Count, Dcount).
 */
import { KqlError, unsupported } from '../../errors.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import { registerPlugin } from './index.js';

const TIME_TYPES = new Set(['datetime', 'timespan', 'long', 'int']);

registerPlugin('sliding_window_counts', (_op, input, pipe, api, args) => {
  if (args.length < 6) throw new KqlError('semantic', 'sliding_window_counts takes IdColumn, TimelineColumn, Start, End, LookbackWindow, Bin [, Dimensions]');
  const exprs = args.map((a) => api.scalar(a));
  const [id, timeline, , , , bin] = exprs;
  if (!TIME_TYPES.has(timeline.type)) throw unsupported(`sliding_window_counts: a ${timeline.type} timeline (only datetime, timespan, long, int)`);
  if (bin.type === 'string') throw unsupported("sliding_window_counts: a calendar Bin ('week', 'month', 'year')");
  for (const e of exprs.slice(2, 6)) {
    if (!TIME_TYPES.has(e.type)) throw unsupported(`sliding_window_counts: a ${e.type} Start, End, LookbackWindow or Bin`);
  }
  for (const d of exprs.slice(6)) if (d.kind !== 'column') throw unsupported('sliding_window_counts: a dimension that is not a column');
  const schema = api.resultSchema(pipe);
  if (schema.length !== exprs.length - 6 + 3) throw unsupported(`sliding_window_counts output shape (${schema.length} columns)`);
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'evaluate-sliding_window_counts',
    inputs: [input],
    exprs,
    params: null,
    describe: `Evaluate sliding_window_counts(${id.kind === 'column' ? id.name : '…'}, ${timeline.kind === 'column' ? timeline.name : '…'}, …)`,
    schema: [{ ...schema[0], type: timeline.type }, ...schema.slice(1)],
  };
  return Object.freeze(node);
});
