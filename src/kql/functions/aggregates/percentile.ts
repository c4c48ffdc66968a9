/**
 * percentile(x, p), percentiles(x, p1, ...), percentiles_array(x, p1, ... | dynamic([...])), and the weighted
 * percentilew(x, w, p), percentilesw(x, w, p1, ...), percentilesw_array(x, w, p1, ... | dynamic([...])).
 *
 * Exact nearest-rank percentiles, the definition percentiles-aggregation-function.md states: the P-th percentile
 * is the smallest value such that at least P percent of the data (by weight, for the weighted forms) is less than
 * or equal to it; the 0th is the minimum. Kusto computes an estimate of the same quantity with T-Digest, so on
 * large populations its answer may differ from ours within its documented rank error (and may even not be a
 * member of the population); on small ones both agree (oracle cases invoke-operator-00 and
 * percentilesw-aggregation-function-02 match). Nulls are ignored, as are rows with a null or non-positive weight.
 * A group without values gives null.
 */
import type { Boxed, Dyn, KType } from '../../data/types.js';
import { FlatVector, VectorBuilder, type Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { Accumulator, AggregateSite } from '../aggregate-function.js';
import { boxToDyn } from '../conversion.js';
import { agg, growArray } from './common.js';
import { addSamples, type Samples } from './samples.js';


/** Nearest-rank pick over sorted values with cumulative weights (all weights 1 when unweighted). */
export function nearestRank(sorted: readonly (number | bigint)[], cumWeights: Float64Array | null, p: number): number | bigint {
  const n = sorted.length;
  const total = cumWeights === null ? n : cumWeights[n - 1];
  // p * total / 100 rather than p / 100 * total: exact for integer p and counts.
  const target = (Math.min(Math.max(p, 0), 100) * total) / 100;
  if (cumWeights === null) {
    const rank = Math.max(1, Math.ceil(target));
    return sorted[Math.min(rank, n) - 1];
  }
  for (let i = 0; i < n; i++) if (cumWeights[i] >= target && cumWeights[i] > 0) return sorted[i];
  return sorted[n - 1];
}

class PercentileAcc implements Accumulator {
  private samples: (Samples | undefined)[] = [];
  constructor(
    private readonly argType: KType,
    private readonly outTypes: readonly KType[],
    private readonly percents: readonly number[],
    private readonly weighted: boolean,
    private readonly asArray: boolean,
  ) {}

  update(groups: Int32Array, n: number, args: readonly Vector[], _r: readonly Vector[], numGroups: number): void {
    addSamples(this.samples, groups, n, args[0], this.weighted ? args[1] : null, numGroups);
  }

  /** The requested percentiles of one group, or null when it has no value. */
  private compute(s: Samples | undefined): (number | bigint)[] | null {
    if (!s || s.values.length === 0) return null;
    const n = s.values.length;
    const order = Array.from({ length: n }, (_, i) => i);
    const vals = s.values;
    // A stable sort keeps the input order of equal values (so equal-valued weights stay together either way).
    order.sort((a, b) => (vals[a] < vals[b] ? -1 : vals[a] > vals[b] ? 1 : a - b));
    const sorted = order.map((i) => vals[i]);
    let cum: Float64Array | null = null;
    if (s.weights !== null) {
      cum = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) cum[i] = acc += s.weights[order[i]];
    }
    return this.percents.map((p) => nearestRank(sorted, cum, p));
  }

  finish(numGroups: number): FlatVector[] {
    growArray(this.samples, numGroups);
    const results = this.samples.slice(0, numGroups).map((s) => this.compute(s));
    if (this.asArray) {
      const out: Dyn[] = results.map((r) => (r === null ? null : r.map((v) => boxToDyn(v as Boxed, this.argType))));
      return [new FlatVector('dynamic', out, null)];
    }
    return this.outTypes.map((t, j) => {
      const b = new VectorBuilder(t, numGroups);
      for (let g = 0; g < numGroups; g++) {
        const r = results[g];
        b.set(g, r === null ? null : convert(r[j], t));
      }
      return b.finish();
    });
  }
}

function convert(v: number | bigint, t: KType): Boxed {
  if (t === 'real') return Number(v);
  if (t === 'long' || t === 'datetime' || t === 'timespan') return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return v;
}

/** Percent constants from argument `first` on: numbers, or one dynamic array of numbers. */
function percentsOf(site: AggregateSite, first: number, fn: string, allowArray: boolean): number[] {
  const out: number[] = [];
  for (let i = first; i < site.argTypes.length; i++) {
    const c = site.constArgs[i];
    if (c === undefined || c === null) throw unsupported(`${fn}: non-constant percentile`);
    if (Array.isArray(c)) {
      if (!allowArray) throw unsupported(`${fn}: array of percentiles`);
      for (const e of c) {
        if (typeof e !== 'number' && typeof e !== 'bigint') throw unsupported(`${fn}: non-numeric percentile`);
        out.push(Number(e));
      }
      continue;
    }
    if (typeof c !== 'number' && typeof c !== 'bigint') throw unsupported(`${fn}: non-numeric percentile`);
    out.push(Number(c));
  }
  if (out.length === 0) throw unsupported(`${fn}: no percentile given`);
  return out;
}

function create(site: AggregateSite, fn: string, weighted: boolean, asArray: boolean): Accumulator {
  const t = site.argTypes[0];
  if (t !== 'int' && t !== 'long' && t !== 'real' && t !== 'datetime' && t !== 'timespan') throw unsupported(`${fn}: ${t} values`);
  if (weighted && site.argTypes[1] !== 'int' && site.argTypes[1] !== 'long') throw unsupported(`${fn}: ${site.argTypes[1]} weights`);
  const percents = percentsOf(site, weighted ? 2 : 1, fn, asArray);
  if (!asArray && percents.length !== site.outputTypes.length) {
    throw unsupported(`${fn}: ${percents.length} percentiles for ${site.outputTypes.length} output columns`);
  }
  return new PercentileAcc(t, site.outputTypes, percents, weighted, asArray);
}

export const percentile = agg('percentile', (s) => create(s, 'percentile', false, false));
export const percentiles = agg('percentiles', (s) => create(s, 'percentiles', false, false));
export const percentilesArray = agg('percentiles_array', (s) => create(s, 'percentiles_array', false, true));
export const percentilew = agg('percentilew', (s) => create(s, 'percentilew', true, false));
export const percentilesw = agg('percentilesw', (s) => create(s, 'percentilesw', true, false));
export const percentileswArray = agg('percentilesw_array', (s) => create(s, 'percentilesw_array', true, true));
