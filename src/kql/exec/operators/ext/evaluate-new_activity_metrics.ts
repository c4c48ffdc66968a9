/**
 * `evaluate new_activity_metrics(...)` (query/new-activity-metrics-plugin.md). Windows are Window-long from Start,
 * the last one starting at or before End; rows whose window falls outside are ignored. Per dims:
 * - the cohort of window F: the IDs first seen in F (over all windows of the analysis period);
 * - for each window T >= F: dcount_new_values, the IDs seen in T and in no window W with W <= F and W < T (for
 *   T = F that is the cohort itself); dcount_retained_values, the cohort's IDs seen in T; dcount_churn_values, the
 *   rest of the cohort; retention_rate and churn_rate, those two over the cohort's size.
 * This reproduces every row of the documented example (2019-11 users). Where the docs are silent: a window whose
 * cohort is empty gives no rows (its rates would be 0/0), windows T without any row do give rows (the example's
 * 2019-11-06), and distinct counts are exact. With Cohort, only the rows whose from-window starts at it.
 */
import { Table, type Schema } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { runtimeError } from '../../../errors.js';
import type { NewActivityMetricsParams } from '../../../language/operators/new-activity-metrics.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { constantTicks, valueKey, windowStart } from './activity-windows.js';
import { WholeTableOp } from './evaluate-open.js';

const PLUGIN = 'new_activity_metrics';
/** More windows than this is almost certainly a unit mistake (and the output grows with its square). */
const MAX_WINDOWS = 100_000;

interface Group {
  readonly dims: Boxed[];
  /** Window index -> IDs seen in it. */
  readonly seen: Map<number, Set<string>>;
}

function compute(t: Table, exprs: readonly PhysicalExpr[], params: NewActivityMetricsParams, schema: Schema): Table {
  const start = constantTicks(exprs[2], PLUGIN, 'Start');
  const end = constantTicks(exprs[3], PLUGIN, 'End');
  const step = constantTicks(exprs[4], PLUGIN, 'Window');
  if (step <= 0n) throw runtimeError(`${PLUGIN}: Window must be positive`);
  if (end < start) return tableFromRows(schema, []);
  const nWindows = Number((end - start) / step) + 1;
  if (nWindows > MAX_WINDOWS) throw runtimeError(`${PLUGIN}: ${nWindows} windows between Start and End`);
  let cohortIndex: number | null = null;
  if (params.hasCohort) {
    const c = exprs[5].constant;
    if (!c) throw runtimeError(`${PLUGIN}: Cohort is not a constant`);
    if (c.value === null) return tableFromRows(schema, []);
    const at = c.value as bigint;
    if (at < start || at > end || windowStart(at, start, step) !== at) return tableFromRows(schema, []);
    cohortIndex = Number((at - start) / step);
  }
  const batch = { columns: t.columns, length: t.length };
  const id = exprs[0].eval(batch);
  const time = exprs[1].eval(batch);
  const dims = exprs.slice(6).map((e) => e.eval(batch));
  const groups = new Map<string, Group>();
  for (let r = 0; r < t.length; r++) {
    const ts = time.get(r) as bigint | null;
    const v = id.get(r);
    if (ts === null || v === null) continue;
    const at = windowStart(ts, start, step);
    if (at < start || at > end) continue;
    const w = Number((at - start) / step);
    const dv = dims.map((d) => d.get(r));
    const gk = JSON.stringify(dv.map(valueKey));
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { dims: dv, seen: new Map() }));
    let s = g.seen.get(w);
    if (!s) g.seen.set(w, (s = new Set()));
    s.add(valueKey(v));
  }
  const col = (name: string): number => {
    const i = schema.findIndex((f) => f.name === name);
    if (i < 0) throw runtimeError(`${PLUGIN}: no output column '${name}'`);
    return i;
  };
  const timelineName = schema[0].name.replace(/^from_/, '');
  const at = {
    from: col(`from_${timelineName}`),
    to: col(`to_${timelineName}`),
    fresh: col('dcount_new_values'),
    retained: col('dcount_retained_values'),
    churn: col('dcount_churn_values'),
    retention: col('retention_rate'),
    churnRate: col('churn_rate'),
    dims: params.dims.map(col),
  };
  const num = (i: number, v: number): Boxed => (schema[i].type === 'real' ? v : BigInt(v));
  const rows: Boxed[][] = [];
  const empty = new Set<string>();
  for (const g of groups.values()) {
    // firstSeen[k]: the window an ID first appears in; cohorts[f]: the IDs first seen in f.
    const firstSeen = new Map<string, number>();
    const windows = [...g.seen.keys()].sort((a, b) => a - b);
    for (const w of windows) for (const k of g.seen.get(w)!) if (!firstSeen.has(k)) firstSeen.set(k, w);
    const cohorts = new Map<number, string[]>();
    for (const [k, w] of firstSeen) {
      const c = cohorts.get(w);
      if (c) c.push(k);
      else cohorts.set(w, [k]);
    }
    for (let f = 0; f < nWindows; f++) {
      if (cohortIndex !== null && f !== cohortIndex) continue;
      const cohort = cohorts.get(f);
      if (!cohort) continue;
      for (let to = f; to < nWindows; to++) {
        const inTo = g.seen.get(to) ?? empty;
        let fresh = 0;
        // New in `to`: first seen at `to`, or (to > f) first seen after f.
        for (const k of inTo) {
          const first = firstSeen.get(k)!;
          if (to === f ? first === f : first > f) fresh++;
        }
        let retained = 0;
        for (const k of cohort) if (inTo.has(k)) retained++;
        const churned = cohort.length - retained;
        const row: Boxed[] = new Array(schema.length).fill(null);
        row[at.from] = start + BigInt(f) * step;
        row[at.to] = start + BigInt(to) * step;
        row[at.fresh] = num(at.fresh, fresh);
        row[at.retained] = num(at.retained, retained);
        row[at.churn] = num(at.churn, churned);
        row[at.retention] = retained / cohort.length;
        row[at.churnRate] = churned / cohort.length;
        at.dims.forEach((c, j) => (row[c] = g.dims[j]));
        rows.push(row);
      }
    }
  }
  return tableFromRows(schema, rows);
}

registerExtension('evaluate-new_activity_metrics', (node, inputs, exprs): PhysicalOp =>
  new WholeTableOp(inputs[0], (t) => compute(t, exprs, node.params as NewActivityMetricsParams, node.schema), 'NewActivityMetricsExec', node.schema),
);
