/**
 * make-series (query/make-series-operator.md): per group of the `by` keys, one dynamic array per aggregate with a
 * value per bin of the axis, empty bins holding `default` (0 unless given), and the axis itself as an array.
 *
 * - `from a to b step s`: bins start + k*s for every value < b (end exclusive), rows outside [a, b) ignored. A missing
 *   `from` is the first bin (bin(min, s)) holding data, a missing `to` the end of the last bin holding data; the
 *   axis is one for all series.
 * - `in range(a, b, s)`: bins bin(a, s) + k*s up to b inclusive; a row falls in bin(x, s).
 * - Empty input gives no row, unless kind=nonempty (one row of defaults).
 *
 * One accumulator per aggregate over dense ids group * bins + bin (the HashAggregate contract).
 */
import { type Batch, type Schema, selectBatch } from '../../../data/batch.js';
import { floorDivBig } from '../../../data/datetime.js';
import type { Boxed, Dyn, KType } from '../../../data/types.js';
import { type Vector, VectorBuilder } from '../../../data/vector.js';
import { runtimeError, unsupported } from '../../../errors.js';
import { boxToDyn } from '../../../functions/conversion.js';
import type { Accumulator } from '../../../functions/aggregate-function.js';
import { getAggregate } from '../../../functions/aggregates/index.js';
import type { MakeSeriesParams } from '../../../language/operators/make-series.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import { GroupIndex, KeyColumn } from '../group-keys.js';
import type { PhysicalOp } from '../physical-op.js';

/** make-series arrays are capped at 2^20 values (make-series-operator.md). */
const MAX_BINS = 1 << 20;

type Num = bigint | number;

/** The axis arithmetic: exact bigint ticks for datetime/timespan/long axes, doubles otherwise. */
interface Axis {
  readonly big: boolean;
  /** Bin index of a value relative to `start` (floor), or null for a null value. */
  index(v: Boxed, start: Num, step: Num): number | null;
  /** bin(v, step): v rounded down to a multiple of step. */
  floorTo(v: Num, step: Num): Num;
  at(start: Num, step: Num, k: number): Num;
  /** Number of bins of [start, end) (exclusive) or [start, end] (inclusive). */
  count(start: Num, end: Num, step: Num, inclusive: boolean): number;
  less(a: Num, b: Num): boolean;
}

const bigAxis: Axis = {
  big: true,
  index(v, start, step) {
    if (v === null) return null;
    const q = floorDivBig((v as bigint) - (start as bigint), step as bigint);
    return q < -1n || q > BigInt(MAX_BINS) ? (q < 0n ? -1 : MAX_BINS + 1) : Number(q);
  },
  floorTo: (v, step) => floorDivBig(v as bigint, step as bigint) * (step as bigint),
  at: (start, step, k) => (start as bigint) + BigInt(k) * (step as bigint),
  count(start, end, step, inclusive) {
    const s = start as bigint;
    const e = end as bigint;
    const st = step as bigint;
    if (inclusive) return e < s ? 0 : Number((e - s) / st) + 1;
    return e <= s ? 0 : Number((e - s + st - 1n) / st);
  },
  less: (a, b) => (a as bigint) < (b as bigint),
};

const numAxis: Axis = {
  big: false,
  index(v, start, step) {
    if (v === null) return null;
    const q = Math.floor((Number(v) - (start as number)) / (step as number));
    return Number.isFinite(q) ? Math.max(-1, Math.min(q, MAX_BINS + 1)) : null;
  },
  floorTo: (v, step) => Math.floor((v as number) / (step as number)) * (step as number),
  at: (start, step, k) => (start as number) + k * (step as number),
  count(start, end, step, inclusive) {
    const s = start as number;
    const e = end as number;
    const st = step as number;
    if (inclusive) return e < s ? 0 : Math.floor((e - s) / st + 1e-9) + 1;
    return e <= s ? 0 : Math.ceil((e - s) / st - 1e-9);
  },
  less: (a, b) => (a as number) < (b as number),
};

function isBigType(t: KType): boolean {
  return t === 'long' || t === 'datetime' || t === 'timespan';
}

class MakeSeriesOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly p: MakeSeriesParams,
    readonly schema: Schema,
    readonly label: string,
  ) {
    this.children = [input];
  }

  describe(): string {
    return `MakeSeriesExec ${this.label}`;
  }

  private constant(i: number, what: string): Boxed {
    const e = this.exprs[i];
    if (!e.constant) throw unsupported(`make-series ${what} that is not a constant`);
    return e.constant.value;
  }

  *execute(): Iterable<Batch> {
    const p = this.p;
    const axisExpr = this.exprs[0];
    const stepType = this.exprs[1].type;
    const axis = isBigType(axisExpr.type) && isBigType(stepType) ? bigAxis : numAxis;
    const toNum = (v: Boxed): Num => (axis.big ? BigInt(v as bigint) : Number(v));
    const stepV = this.constant(1, 'step');
    if (stepV === null) throw runtimeError('make-series: step is null');
    const step = toNum(stepV);
    if (axis.big ? (step as bigint) <= 0n : !((step as number) > 0)) throw runtimeError('make-series: step must be positive');
    const fromV = this.constant(2, 'start');
    const toV = this.constant(3, 'end');
    if ((p.hasFrom && fromV === null) || (p.hasTo && toV === null)) throw runtimeError('make-series: start or end is null');

    const batches: Batch[] = [];
    for (const b of this.input.execute()) if (b.length > 0) batches.push(b);

    // The axis range: given, or taken from the data's first and last bins.
    let start: Num | null = p.hasFrom ? toNum(fromV) : null;
    let end: Num | null = p.hasTo ? toNum(toV) : null;
    const inclusive = p.range === 'inrange';
    if (inclusive) start = axis.floorTo(start!, step);
    if (start === null || end === null) {
      let min: Num | null = null;
      let max: Num | null = null;
      for (const b of batches) {
        const v = axisExpr.eval(b);
        for (let k = 0; k < b.length; k++) {
          const x = v.get(k);
          if (x === null) continue;
          const n = toNum(x);
          if (p.hasFrom && axis.less(n, start!)) continue;
          if (p.hasTo && !axis.less(n, end!)) continue;
          if (min === null || axis.less(n, min)) min = n;
          if (max === null || axis.less(max, n)) max = n;
        }
      }
      if (start === null) start = min === null ? null : axis.floorTo(min, step);
      if (end === null && max !== null && start !== null) end = axis.at(start, step, axis.index(max, start, step)! + 1);
    }
    const bins = start === null || end === null ? 0 : axis.count(start, end, step, inclusive);
    if (bins > MAX_BINS) throw runtimeError(`make-series: ${bins} bins exceed the limit of ${MAX_BINS}`);

    const keyExprs = this.exprs.slice(4, 4 + p.keyCount);
    const keyCols = keyExprs.map((k) => new KeyColumn(k.type));
    const index = new GroupIndex(p.keyCount);
    const accs: (Accumulator | null)[] = p.aggs.map((a) => {
      if (a.fn === null) return null;
      const fn = getAggregate(a.fn);
      if (!fn) throw unsupported(`aggregate '${a.fn}'`);
      const args = this.exprs.slice(a.argAt, a.argAt + a.argCount);
      return fn.create({
        name: a.fn,
        argTypes: args.map((x) => x.type),
        outputTypes: [a.type],
        constArgs: args.map((x) => (x.constant ? x.constant.value : undefined)),
      });
    });
    let hasData = new Uint8Array(0);
    let sawRows = false;
    if (bins > 0) {
      for (const b of batches) {
        const v = axisExpr.eval(b);
        const pos = new Uint32Array(b.length);
        const binOf = new Int32Array(b.length);
        let n = 0;
        for (let k = 0; k < b.length; k++) {
          const x = v.get(k);
          let i: number | null;
          if (x === null) i = null;
          else if (inclusive) i = axis.index(axis.floorTo(toNum(x), step), start!, step);
          else i = axis.index(x, start!, step);
          if (i === null || i < 0 || i >= bins) continue;
          if (!inclusive && p.hasTo && !axis.less(toNum(x), end!)) continue;
          pos[n] = k;
          binOf[n++] = i;
        }
        if (n === 0) continue;
        sawRows = true;
        const sb = selectBatch(b, pos, n);
        const keyIds = keyExprs.map(() => new Int32Array(n));
        keyExprs.forEach((k, i) => keyCols[i].assign(k.eval(sb), n, keyIds[i]));
        const gids = new Int32Array(n);
        index.assign(keyIds, n, gids);
        const ids = new Int32Array(n);
        for (let k = 0; k < n; k++) ids[k] = gids[k] * bins + binOf[k];
        const need = index.numGroups * bins;
        if (hasData.length < need) {
          const h = new Uint8Array(Math.max(need, hasData.length * 2));
          h.set(hasData);
          hasData = h;
        }
        for (let k = 0; k < n; k++) hasData[ids[k]] = 1;
        p.aggs.forEach((a, i) => {
          const acc = accs[i];
          if (!acc) return;
          const args: Vector[] = this.exprs.slice(a.argAt, a.argAt + a.argCount).map((x) => x.eval(sb));
          acc.update(ids, n, args, [], need);
        });
      }
    }

    let groups = sawRows ? index.numGroups : 0;
    const emptyRow = groups === 0 && p.nonempty;
    if (groups === 0 && !p.nonempty) return;
    if (emptyRow) groups = 1;
    const total = sawRows ? groups * bins : 0;
    const finished = accs.map((acc) => (acc && total > 0 ? acc.finish(total)[0] : null));
    const defaults: Dyn[] = p.aggs.map((a) => {
      const d = this.exprs[a.defaultAt];
      if (!d.constant) throw unsupported('make-series default that is not a constant');
      return boxToDyn(d.constant.value, d.type);
    });
    const axisValues: Dyn[] = [];
    for (let k = 0; k < bins; k++) axisValues.push(boxToDyn(axis.big ? axis.at(start!, step, k) : axis.at(start!, step, k), axisExpr.type));

    const columns: Vector[] = [];
    keyCols.forEach((kc, i) => {
      if (emptyRow) {
        const vb = new VectorBuilder(kc.type, 1);
        vb.set(0, null);
        columns.push(vb.finish());
      } else {
        columns.push(kc.output(index.keyIdsByGroup[i], groups));
      }
    });
    p.aggs.forEach((a, i) => {
      const vb = new VectorBuilder('dynamic', groups);
      const constVal = a.fn === null ? this.exprs[a.argAt] : null;
      if (constVal && !constVal.constant) throw unsupported('make-series: a series expression that is neither an aggregate nor a constant');
      const cv = constVal ? boxToDyn(constVal.constant!.value, constVal.type) : null;
      const vec = finished[i];
      for (let g = 0; g < groups; g++) {
        const arr: Dyn[] = new Array(bins);
        for (let k = 0; k < bins; k++) {
          const id = g * bins + k;
          if (emptyRow || hasData[id] !== 1) arr[k] = defaults[i];
          else arr[k] = constVal ? cv : boxToDyn(vec!.get(id), a.type);
        }
        vb.set(g, arr);
      }
      columns.push(vb.finish());
    });
    const ab = new VectorBuilder('dynamic', groups);
    for (let g = 0; g < groups; g++) ab.set(g, axisValues.slice());
    columns.push(ab.finish());
    yield { columns, length: groups };
  }
}

registerExtension('make-series', (node, inputs, exprs) => {
  const p = node.params as MakeSeriesParams;
  return new MakeSeriesOp(inputs[0], exprs, p, node.schema, node.describe.replace(/^MakeSeries ?/, ''));
});
