/**
 * sliding_window_counts (query/sliding-window-counts-plugin.md): for each Bin-wide period from Start to End
 * (inclusive) and each combination of the dimensions, the number of records (Count) and of distinct non-null ids
 * (Dcount) in the LookbackWindow that ends with that period: the period itself and the periods before it, as many
 * as LookbackWindow holds Bins (rounded down, as the doc says). The doc example (3d window, 1d bins) checks this:
 * 2017-08-03 counts the records of 08-01, 08-02 and 08-03.
 *
 * Choices where the doc is silent: periods are aligned on Start (bin_at(Timeline, Bin, Start)); a period whose
 * window holds no record gives no row (as the doc's underlying technique, a summarize, would); Dcount is exact.
 */
import type { Batch, Schema } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { runtimeError } from '../../../errors.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';

function constant(e: PhysicalExpr, what: string): bigint {
  const c = e.constant;
  if (!c || c.value === null) throw runtimeError(`sliding_window_counts: ${what} is not a constant`);
  return typeof c.value === 'bigint' ? c.value : BigInt(Math.trunc(Number(c.value)));
}

function keyOf(v: Boxed): string {
  return typeof v === 'bigint' ? `n${v}` : typeof v === 'object' && v !== null ? `o${JSON.stringify(v)}` : `${typeof v}:${String(v)}`;
}

class SlidingWindowCountsOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly schema: Schema,
  ) {
    this.children = [input];
  }
  describe(): string {
    return `SlidingWindowCountsExec id=${this.exprs[0].describe} timeline=${this.exprs[1].describe}`;
  }
  *execute(): Iterable<Batch> {
    const [, , startE, endE, lookbackE, binE] = this.exprs;
    const start = constant(startE, 'Start');
    const end = constant(endE, 'End');
    const bin = constant(binE, 'Bin');
    if (bin <= 0n) throw runtimeError('sliding_window_counts: Bin must be positive');
    const periods = constant(lookbackE, 'LookbackWindow') / bin;
    const dims = this.exprs.slice(6);
    // group key -> { dims, period index -> { count, ids } }
    const groups = new Map<string, { dims: Boxed[]; cells: Map<bigint, { count: number; ids: Set<string> }> }>();
    const last = end < start ? -1n : (end - start) / bin;
    for (const b of this.input.execute()) {
      const ids = this.exprs[0].eval(b);
      const times = this.exprs[1].eval(b);
      const dvs = dims.map((d) => d.eval(b));
      for (let k = 0; k < b.length; k++) {
        const t = times.get(k);
        if (t === null) continue;
        const tt = typeof t === 'bigint' ? t : BigInt(Math.trunc(Number(t)));
        const diff = tt - start;
        // floor division, so that records before Start fall in the periods before it
        const p = diff >= 0n ? diff / bin : -((-diff + bin - 1n) / bin);
        const first = p < 0n ? 0n : p;
        const lastCovered = p + periods - 1n < last ? p + periods - 1n : last;
        if (first > lastCovered) continue;
        const dv = dvs.map((v) => v.get(k));
        const gk = dv.map(keyOf).join('\u0001');
        let g = groups.get(gk);
        if (!g) groups.set(gk, (g = { dims: dv, cells: new Map() }));
        const id = ids.get(k);
        for (let q = first; q <= lastCovered; q++) {
          let cell = g.cells.get(q);
          if (!cell) g.cells.set(q, (cell = { count: 0, ids: new Set() }));
          cell.count++;
          if (id !== null) cell.ids.add(keyOf(id)); // as dcount: nulls ignored, "" is a value
        }
      }
    }
    const rows: Boxed[][] = [];
    for (const g of groups.values()) {
      for (const q of [...g.cells.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const cell = g.cells.get(q)!;
        rows.push([start + q * bin, ...g.dims, BigInt(cell.count), BigInt(cell.ids.size)]);
      }
    }
    rows.sort((a, b) => ((a[0] as bigint) < (b[0] as bigint) ? -1 : (a[0] as bigint) > (b[0] as bigint) ? 1 : 0));
    const t = tableFromRows(this.schema, rows.map((r) => (this.schema[0].type === 'int' ? [Number(r[0]), ...r.slice(1)] : r)));
    yield* t.batches();
  }
}

registerExtension('evaluate-sliding_window_counts', (node, inputs, exprs) => new SlidingWindowCountsOp(inputs[0], exprs, node.schema));
