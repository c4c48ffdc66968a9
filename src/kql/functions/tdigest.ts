/**
 * The T-Digest sketch functions: the sketch value shared with the tdigest()/tdigest_merge() aggregates
 * (aggregates/tdigest.ts), and the scalars percentile_tdigest, percentiles_array_tdigest, rank_tdigest and
 * merge_tdigest.
 *
 * Kusto's sketch is an approximate T-Digest whose layout is undocumented. Ours is exact: every distinct value with
 * its total weight, so percentile_tdigest gives the exact nearest-rank percentile that percentile() gives (the
 * two agree with Kusto on small populations, e.g. oracle cases tdigest-aggregation-function-01 and
 * merge-tdigest-function-00), and rank_tdigest the exact weight of the values <= v (rank-tdigest-function-00).
 * On large populations Kusto's estimate may differ within its documented error. The sketch's size grows with the
 * number of distinct values rather than staying bounded.
 *
 * Layout (engine-specific, not Kusto's): dynamic `["tdigest", type, [values ascending], [weights]]`, datetime and
 * timespan values as ticks.
 */
import type { Boxed, Dyn, KType } from '../data/types.js';
import { runtimeError, unsupported } from '../errors.js';
import { boxToDyn } from './conversion.js';
import { nearestRank } from './aggregates/percentile.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';

const TAG = 'tdigest';
const SKETCH_TYPES: readonly KType[] = ['int', 'long', 'real', 'datetime', 'timespan'];

export interface Sketch {
  readonly type: KType;
  /** Ascending, distinct. */
  readonly values: (number | bigint)[];
  readonly weights: number[];
}

function isBig(t: KType): boolean {
  return t === 'long' || t === 'datetime' || t === 'timespan';
}

export function sketchTypeSupported(t: KType): boolean {
  return SKETCH_TYPES.includes(t);
}

/** A sketch from (value, weight) pairs in any order; equal values merge. */
export function makeSketch(type: KType, values: (number | bigint)[], weights: number[]): Sketch {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
  const vs: (number | bigint)[] = [];
  const ws: number[] = [];
  for (const i of order) {
    if (vs.length > 0 && vs[vs.length - 1] === values[i]) ws[ws.length - 1] += weights[i];
    else {
      vs.push(values[i]);
      ws.push(weights[i]);
    }
  }
  return { type, values: vs, weights: ws };
}

export function sketchToDyn(s: Sketch): Dyn {
  return [TAG, s.type, s.values.map((v) => (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v)), s.weights];
}

/** The sketch in a dynamic value; null for null; an error for anything that is not one of our sketches. */
export function sketchFromDyn(d: Boxed, fn: string): Sketch | null {
  if (d === null) return null;
  if (!Array.isArray(d) || d.length !== 4 || d[0] !== TAG || typeof d[1] !== 'string' || !Array.isArray(d[2]) || !Array.isArray(d[3])) {
    throw runtimeError(`${fn}: the argument is not a tdigest() sketch`);
  }
  const type = d[1] as KType;
  if (!sketchTypeSupported(type)) throw runtimeError(`${fn}: the argument is not a tdigest() sketch`);
  const big = isBig(type);
  const values = (d[2] as Dyn[]).map((v) => (big ? BigInt(v as number | bigint) : Number(v)));
  return { type, values, weights: (d[3] as Dyn[]).map((w) => Number(w)) };
}

/** Merges sketches of one value type (Kusto requires one type too). */
export function mergeSketches(sketches: readonly Sketch[], fn: string): Sketch | null {
  if (sketches.length === 0) return null;
  const type = sketches[0].type;
  const values: (number | bigint)[] = [];
  const weights: number[] = [];
  for (const s of sketches) {
    if (s.type !== type) throw runtimeError(`${fn}: sketches of different types (${type}, ${s.type})`);
    values.push(...s.values);
    weights.push(...s.weights);
  }
  return makeSketch(type, values, weights);
}

function percentileOf(s: Sketch, p: number): number | bigint | null {
  if (s.values.length === 0) return null;
  const cum = new Float64Array(s.weights.length);
  let acc = 0;
  s.weights.forEach((w, i) => (cum[i] = acc += w));
  return nearestRank(s.values, cum, p);
}

/** A sketch value converted to the call site's result type (dynamic: the value as its own type). */
function convertTo(v: number | bigint | null, from: KType, to: KType): Boxed {
  if (v === null) return null;
  if (to === 'dynamic') return boxToDyn(from === 'int' || from === 'real' ? Number(v) : v, from);
  if (to === 'real') return Number(v);
  if (to === 'int') return Math.trunc(Number(v));
  if (to === 'long' || to === 'datetime' || to === 'timespan') return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  throw unsupported(`percentile_tdigest to ${to}`);
}

function num(v: Boxed, fn: string): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw runtimeError(`${fn}: a percentile must be a number`);
}

const percentileTdigest: ScalarFunction = {
  name: 'percentile_tdigest',
  bind(site: CallSite): RowFn {
    return (args) => {
      const s = sketchFromDyn(args[0] ?? null, 'percentile_tdigest');
      const p = num(args[1] ?? null, 'percentile_tdigest');
      if (s === null || p === null) return null;
      return convertTo(percentileOf(s, p), s.type, site.resultType);
    };
  },
};

const percentilesArrayTdigest: ScalarFunction = {
  name: 'percentiles_array_tdigest',
  bind(): RowFn {
    return (args) => {
      const s = sketchFromDyn(args[0] ?? null, 'percentiles_array_tdigest');
      if (s === null) return null;
      const ps: Boxed[] = [];
      for (const a of args.slice(1)) {
        if (Array.isArray(a)) ps.push(...(a as Boxed[]));
        else ps.push(a ?? null);
      }
      return ps.map((p) => {
        const x = num(p, 'percentiles_array_tdigest');
        return x === null ? null : (convertTo(percentileOf(s, x), s.type, 'dynamic') as Dyn);
      });
    };
  },
};

const rankTdigest: ScalarFunction = {
  name: 'rank_tdigest',
  bind(site: CallSite): RowFn {
    if (site.argTypes[1] === 'dynamic') throw unsupported('rank_tdigest of a dynamic value');
    return (args) => {
      const s = sketchFromDyn(args[0] ?? null, 'rank_tdigest');
      const v = args[1] ?? null;
      if (s === null || v === null) return null;
      const x = isBig(s.type) ? (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))) : Number(v);
      let rank = 0;
      for (let i = 0; i < s.values.length && s.values[i] <= x; i++) rank += s.weights[i];
      return site.resultType === 'long' ? BigInt(rank) : rank;
    };
  },
};

const mergeTdigest: ScalarFunction = {
  name: 'merge_tdigest',
  bind(): RowFn {
    return (args) => {
      const sketches = args.map((a) => sketchFromDyn(a ?? null, 'merge_tdigest')).filter((s): s is Sketch => s !== null);
      const m = mergeSketches(sketches, 'merge_tdigest');
      return m === null ? null : sketchToDyn(m);
    };
  },
};

export const functions: ScalarFunction[] = [percentileTdigest, percentilesArrayTdigest, rankTdigest, mergeTdigest];
