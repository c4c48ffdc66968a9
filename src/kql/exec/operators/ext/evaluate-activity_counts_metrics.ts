/**
 * `evaluate activity_counts_metrics(...)` (query/activity-counts-metrics-plugin.md): per time window (and dims),
 * the row count, the distinct IDs, the distinct IDs not seen in any earlier window, and the distinct IDs seen from
 * the first window up to this one.
 *
 * Windows are Step-long from Start (bin_at(Timeline, Step, Start)). The docs do not say which rows the analysis
 * period keeps; we keep rows whose window starts within [Start, End] (so the window starting at End counts whole,
 * as in the documented example), and emit only windows that hold rows. Null IDs count as rows but not as IDs,
 * as in count()/dcount() ("" is a value). Distinct counts are exact.
 */
import { Table } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { runtimeError } from '../../../errors.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { constantTicks, valueKey, windowStart } from './activity-windows.js';
import { WholeTableOp } from './evaluate-open.js';

const PLUGIN = 'activity_counts_metrics';

interface Window {
  readonly at: bigint;
  readonly dims: Boxed[];
  count: number;
  readonly ids: Set<string>;
}

function compute(t: Table, exprs: readonly PhysicalExpr[], schema: import('../../../data/batch.js').Schema): Table {
  const start = constantTicks(exprs[2], PLUGIN, 'Start');
  const end = constantTicks(exprs[3], PLUGIN, 'End');
  const step = constantTicks(exprs[4], PLUGIN, 'Step');
  if (step <= 0n) throw runtimeError('activity_counts_metrics: Step must be positive');
  const batch = { columns: t.columns, length: t.length };
  const id = exprs[0].eval(batch);
  const time = exprs[1].eval(batch);
  const dims = exprs.slice(5).map((e) => e.eval(batch));
  // Per dims, the windows in time order.
  const groups = new Map<string, Map<bigint, Window>>();
  for (let r = 0; r < t.length; r++) {
    const ts = time.get(r) as bigint | null;
    if (ts === null) continue;
    const at = windowStart(ts, start, step);
    if (at < start || at > end) continue;
    const dv = dims.map((d) => d.get(r));
    const gk = JSON.stringify(dv.map(valueKey));
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = new Map()));
    let win = g.get(at);
    if (!win) g.set(at, (win = { at, dims: dv, count: 0, ids: new Set() }));
    win.count++;
    const v = id.get(r);
    if (v !== null) win.ids.add(valueKey(v));
  }
  const rows: Boxed[][] = [];
  for (const g of groups.values()) {
    const seen = new Set<string>();
    for (const win of [...g.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
      let fresh = 0;
      for (const k of win.ids) {
        if (!seen.has(k)) {
          seen.add(k);
          fresh++;
        }
      }
      rows.push([win.at, ...win.dims, BigInt(win.count), BigInt(win.ids.size), BigInt(fresh), BigInt(seen.size)]);
    }
  }
  return tableFromRows(schema, rows);
}

registerExtension('evaluate-activity_counts_metrics', (node, inputs, exprs): PhysicalOp =>
  new WholeTableOp(inputs[0], (t) => compute(t, exprs, node.schema), 'ActivityCountsMetricsExec', node.schema),
);
