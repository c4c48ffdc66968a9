/**
 * series_* functions (dynamic numeric arrays) and the scalar `range()` function.
 *
 * Elements are read as doubles: a non-numeric element (string, bool, bag, null) is a missing value, which the
 * element-wise functions turn into a null element ("Any non-numeric element or non-existing element yields a null
 * element value", series-add-function.md). We cannot tell 1 from 1.0 inside a dynamic value (see data/types.ts),
 * so results that Kusto keeps as long (series_add of two long arrays) are JS numbers here, which compare and
 * print the same.
 *
 * Functions whose result is a tuple (series_stats, series_fit_line, ...) are exported in `tupleFunctions`, columns
 * in Kusto.Language's order; functions/tuple.ts turns them into the hidden carrier columns the translator uses.
 */
import type { Boxed, Dyn } from '../data/types.js';
import { TICKS_PER_HOUR } from '../data/types.js';
import { formatDatetimeTostring, isDatetimeInRange } from '../data/datetime.js';
import { formatTimespan } from '../data/timespan.js';
import { unsupported } from '../errors.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';

function arg(args: Boxed[], i: number): Boxed {
  const v = args[i];
  return v === undefined ? null : v;
}

/** The array inside a dynamic value, or null when it is not an array. */
function asArray(v: Boxed): Dyn[] | null {
  return Array.isArray(v) ? (v as Dyn[]) : null;
}

/** An element as a double; null for anything non-numeric. */
export function elemNum(d: Dyn | Boxed | undefined): number | null {
  if (typeof d === 'number') return d;
  if (typeof d === 'bigint') return Number(d);
  return null;
}

/** A scalar argument as a double (bool counts as non-numeric). */
function scalarNum(v: Boxed): number | null {
  return elemNum(v);
}

/** A JS number as a dynamic element (NaN and infinities are kept: Kusto keeps them as doubles). */
function out(x: number | null): Dyn {
  return x;
}

const ARRAY_LIMIT = 1_048_576; // range(): "supports a maximum of 1,048,576 (2^20) results" (range-function.md)

// ---------------------------------------------------------------------------------------------------------------
// range()

function rangeFn(site: CallSite): RowFn {
  const [t0, t1, t2] = site.argTypes;
  const hasStep = site.argTypes.length > 2;
  if (t0 === 'datetime' || t0 === 'timespan') {
    const fmt = t0 === 'datetime' ? formatDatetimeTostring : formatTimespan;
    if (t1 !== t0) throw unsupported(`range(): ${t0} start with a ${t1} stop`);
    if (hasStep && t2 !== 'timespan') throw unsupported(`range(): ${t0} range with a ${t2} step`);
    return (args) => {
      const a = arg(args, 0);
      const b = arg(args, 1);
      const s = hasStep ? arg(args, 2) : TICKS_PER_HOUR; // default step for time values is 1h
      if (typeof a !== 'bigint' || typeof b !== 'bigint' || typeof s !== 'bigint') return null;
      if (s === 0n) return null;
      const res: Dyn[] = [];
      for (let x = a; (s > 0n ? x <= b : x >= b) && res.length < ARRAY_LIMIT; x += s) {
        if (t0 === 'datetime' && !isDatetimeInRange(x)) break;
        res.push(fmt(x));
      }
      return res;
    };
  }
  const types = site.argTypes.slice(0, 3);
  if (!types.every((t) => t === 'int' || t === 'long' || t === 'real')) throw unsupported(`range() over ${types.join(', ')}`);
  const isReal = types.includes('real');
  if (!isReal) {
    return (args) => {
      const a = arg(args, 0);
      const b = arg(args, 1);
      const s = hasStep ? arg(args, 2) : 1;
      if (a === null || b === null || s === null) return null;
      const A = BigInt(a as number | bigint);
      const B = BigInt(b as number | bigint);
      const S = BigInt(s as number | bigint);
      if (S === 0n) return null;
      const res: Dyn[] = [];
      for (let x = A; (S > 0n ? x <= B : x >= B) && res.length < ARRAY_LIMIT; x += S) {
        res.push(Number.isSafeInteger(Number(x)) ? Number(x) : x);
      }
      return res;
    };
  }
  return (args) => {
    const a = scalarNum(arg(args, 0));
    const b = scalarNum(arg(args, 1));
    const s = hasStep ? scalarNum(arg(args, 2)) : 1;
    if (a === null || b === null || s === null || s === 0 || !Number.isFinite(a + b + s)) return null;
    const res: Dyn[] = [];
    // start + i*step, not repeated addition, so 0.1 steps do not drift.
    for (let i = 0; res.length < ARRAY_LIMIT; i++) {
      const x = a + i * s;
      if (s > 0 ? x > b : x < b) break;
      res.push(x);
    }
    return res;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Element-wise binary functions: (array, array), (array, scalar), (scalar, array).

type Bin = (x: number, y: number) => Dyn;

/** Adds/subtracts/multiplies integers exactly when both operands are integers (Kusto does long arithmetic). */
function intAware(f: (x: number, y: number) => number, fb: (x: bigint, y: bigint) => bigint): Bin {
  return (x, y) => {
    const r = f(x, y);
    if (Number.isInteger(x) && Number.isInteger(y) && !Number.isSafeInteger(r) && Number.isFinite(r)) {
      const b = BigInt.asIntN(64, fb(BigInt(x), BigInt(y)));
      return Number.isSafeInteger(Number(b)) ? Number(b) : b;
    }
    return r;
  };
}

function cmp(f: (x: number, y: number) => boolean): Bin {
  return (x, y) => f(x, y);
}

function elementwise(name: string, op: Bin): ScalarFunction {
  return {
    name,
    bind: (site) => {
      const [ta, tb] = site.argTypes;
      const aIsArr = ta === 'dynamic';
      const bIsArr = tb === 'dynamic';
      return (args) => {
        const a = arg(args, 0);
        const b = arg(args, 1);
        const A = aIsArr ? asArray(a) : null;
        const B = bIsArr ? asArray(b) : null;
        if ((aIsArr && !A) || (bIsArr && !B)) return null;
        const sa = aIsArr ? null : scalarNum(a);
        const sb = bIsArr ? null : scalarNum(b);
        const n = Math.max(A ? A.length : 0, B ? B.length : 0);
        const res: Dyn[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const x = A ? (i < A.length ? elemNum(A[i]) : null) : sa;
          const y = B ? (i < B.length ? elemNum(B[i]) : null) : sb;
          res[i] = x === null || y === null ? null : op(x, y);
        }
        return res;
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Element-wise unary functions.

function unary(name: string, f: (x: number) => number | null): ScalarFunction {
  return {
    name,
    bind: () => (args) => {
      const a = asArray(arg(args, 0));
      if (!a) return null;
      return a.map((d) => {
        const x = elemNum(d);
        return x === null ? null : out(f(x));
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Fill functions. A missing element is one equal to the placeholder; with a null placeholder (the default), null
// and non-numeric elements are missing.

function isMissingFn(placeholder: Boxed): (d: Dyn) => boolean {
  const p = scalarNum(placeholder);
  if (p === null) return (d) => elemNum(d) === null;
  return (d) => elemNum(d) === p;
}

/** A fill value as a dynamic element; typed values keep their number form. */
function fillValue(v: Boxed): Dyn {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return v as Dyn;
}

function fillConst(args: Boxed[]): Boxed {
  const a = asArray(arg(args, 0));
  if (!a) return null;
  const c = args.length > 1 ? fillValue(arg(args, 1)) : 0;
  const missing = isMissingFn(args.length > 2 ? arg(args, 2) : null);
  return a.map((d) => (missing(d) ? c : d));
}

function fillForward(args: Boxed[]): Boxed {
  const a = asArray(arg(args, 0));
  if (!a) return null;
  const missing = isMissingFn(args.length > 1 ? arg(args, 1) : null);
  const res = a.slice();
  let last: Dyn | undefined;
  for (let i = 0; i < res.length; i++) {
    if (missing(res[i]!)) {
      if (last !== undefined) res[i] = last;
    } else last = res[i]!;
  }
  return res;
}

function fillBackward(args: Boxed[]): Boxed {
  const a = asArray(arg(args, 0));
  if (!a) return null;
  const missing = isMissingFn(args.length > 1 ? arg(args, 1) : null);
  const res = a.slice();
  let next: Dyn | undefined;
  for (let i = res.length - 1; i >= 0; i--) {
    if (missing(res[i]!)) {
      if (next !== undefined) res[i] = next;
    } else next = res[i]!;
  }
  return res;
}

/**
 * series_fill_linear(series [, placeholder [, fill_edges [, constant_value]]]). Kusto rounds interpolated values
 * when the series holds only int/long elements; we cannot tell 111 from 111.0 in a dynamic value, so interpolated
 * values stay exact doubles (the documented double-array behaviour).
 */
function fillLinear(args: Boxed[]): Boxed {
  const a = asArray(arg(args, 0));
  if (!a) return null;
  const missing = isMissingFn(args.length > 1 ? arg(args, 1) : null);
  const fe = args.length > 2 ? arg(args, 2) : true;
  const fillEdges = fe === null ? true : fe === true;
  const constant = args.length > 3 ? fillValue(arg(args, 3)) : 0;
  const known: number[] = [];
  for (let i = 0; i < a.length; i++) if (!missing(a[i]!)) known.push(i);
  if (known.length === 0) return a.map(() => constant);
  const res = a.slice();
  for (let k = 0; k + 1 < known.length; k++) {
    const i = known[k]!;
    const j = known[k + 1]!;
    if (j === i + 1) continue;
    const yi = elemNum(a[i]!)!;
    const yj = elemNum(a[j]!)!;
    for (let m = i + 1; m < j; m++) res[m] = yi + ((yj - yi) * (m - i)) / (j - i);
  }
  if (fillEdges) {
    const first = known[0]!;
    const last = known[known.length - 1]!;
    for (let m = 0; m < first; m++) res[m] = a[first]!;
    for (let m = last + 1; m < a.length; m++) res[m] = a[last]!;
  }
  return res;
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics.

/** The numeric values of an array; null when any element is non-numeric and `skipBad` is false. */
function numbers(a: Dyn[], skipNonFinite: boolean): number[] | null {
  const xs: number[] = [];
  for (const d of a) {
    const x = elemNum(d);
    if (x === null || !Number.isFinite(x)) {
      if (skipNonFinite) continue;
      return null;
    }
    xs.push(x);
  }
  return xs;
}

export interface SeriesStats {
  min: number | null;
  min_idx: bigint | null;
  max: number | null;
  max_idx: bigint | null;
  avg: number | null;
  stdev: number | null;
  variance: number | null;
}

/** series_stats: min/max with their first index, mean, sample variance and stdev (series-stats-function.md). */
export function seriesStats(v: Boxed, ignoreNonFinite: Boxed): SeriesStats | null {
  const a = asArray(v);
  if (!a) return null;
  const skip = ignoreNonFinite === true;
  const empty: SeriesStats = { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null };
  let min = Infinity;
  let max = -Infinity;
  let minIdx = -1;
  let maxIdx = -1;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = elemNum(a[i]!);
    if (x === null || !Number.isFinite(x)) {
      if (skip) continue;
      return empty;
    }
    if (x < min) { min = x; minIdx = i; }
    if (x > max) { max = x; maxIdx = i; }
    sum += x;
    n++;
  }
  if (n === 0) return empty;
  const avg = sum / n;
  let ss = 0;
  for (const d of a) {
    const x = elemNum(d);
    if (x !== null && Number.isFinite(x)) ss += (x - avg) * (x - avg);
  }
  const variance = n > 1 ? ss / (n - 1) : 0;
  return { min, min_idx: BigInt(minIdx), max, max_idx: BigInt(maxIdx), avg, stdev: Math.sqrt(variance), variance };
}

function statsDynamic(args: Boxed[]): Boxed {
  const s = seriesStats(arg(args, 0), args.length > 1 ? arg(args, 1) : false);
  if (!s) return null;
  const idx = (b: bigint | null): Dyn => (b === null ? null : Number(b));
  return { min: s.min, min_idx: idx(s.min_idx), max: s.max, max_idx: idx(s.max_idx), avg: s.avg, stdev: s.stdev, variance: s.variance };
}

/** A reduction over the numeric elements; non-numeric elements are skipped. */
function reduce(name: string, init: number, f: (acc: number, x: number) => number, fin: (acc: number) => number = (x) => x): ScalarFunction {
  return {
    name,
    bind: () => (args) => {
      const a = asArray(arg(args, 0));
      if (!a) return null;
      let acc = init;
      for (const d of a) {
        const x = elemNum(d);
        if (x !== null) acc = f(acc, x);
      }
      return fin(acc);
    },
  };
}

/** Pairs of numeric elements at the same index (pairs with a non-numeric side are dropped). */
function pairs(a: Dyn[], b: Dyn[]): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = elemNum(a[i]!);
    const y = elemNum(b[i]!);
    if (x === null || y === null) continue;
    xs.push(x);
    ys.push(y);
  }
  return [xs, ys];
}

function pearson(args: Boxed[]): Boxed {
  const a = asArray(arg(args, 0));
  const b = asArray(arg(args, 1));
  if (!a || !b || a.length !== b.length) return null;
  const [xs, ys] = pairs(a, b);
  const n = xs.length;
  if (n === 0) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]!; my += ys[i]!; }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** The series for dot product / cosine similarity: a scalar argument is broadcast to the other's length. */
function vectorPair(site: CallSite, args: Boxed[]): [number[], number[]] | null {
  const [ta, tb] = site.argTypes;
  const a = ta === 'dynamic' ? asArray(arg(args, 0)) : null;
  const b = tb === 'dynamic' ? asArray(arg(args, 1)) : null;
  if ((ta === 'dynamic' && !a) || (tb === 'dynamic' && !b)) return null;
  const n = Math.max(a ? a.length : 0, b ? b.length : 0);
  const sa = a ? null : scalarNum(arg(args, 0));
  const sb = b ? null : scalarNum(arg(args, 1));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a ? (i < a.length ? elemNum(a[i]!) : 0) : sa;
    const y = b ? (i < b.length ? elemNum(b[i]!) : 0) : sb;
    // Missing elements count as 0 (a shorter series is padded), which only drops the term from the sums.
    xs.push(x ?? 0);
    ys.push(y ?? 0);
  }
  return [xs, ys];
}

function dot(xs: number[], ys: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * ys[i]!;
  return s;
}

function dotProduct(site: CallSite): RowFn {
  return (args) => {
    const p = vectorPair(site, args);
    return p ? dot(p[0], p[1]) : null;
  };
}

function cosineSimilarity(site: CallSite): RowFn {
  return (args) => {
    const p = vectorPair(site, args);
    if (!p) return null;
    const m1 = args.length > 2 && arg(args, 2) !== null ? scalarNum(arg(args, 2))! : Math.sqrt(dot(p[0], p[0]));
    const m2 = args.length > 3 && arg(args, 3) !== null ? scalarNum(arg(args, 3))! : Math.sqrt(dot(p[1], p[1]));
    return dot(p[0], p[1]) / (m1 * m2);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Filters.

function numArray(v: Boxed): (number | null)[] | null {
  const a = asArray(v);
  return a ? a.map((d) => elemNum(d)) : null;
}

/**
 * series_iir(x, b, a): y[n] = (sum_i b[i] x[n-i] - sum_{j>=1} a[j] y[n-j]) / a[0] (series-iir-function.md).
 * Missing input elements count as 0.
 */
function iir(args: Boxed[]): Boxed {
  const x = numArray(arg(args, 0));
  const b = numArray(arg(args, 1));
  const a = numArray(arg(args, 2));
  if (!x || !b || !a || a.length === 0 || b.length === 0) return null;
  if (b.some((v) => v === null) || a.some((v) => v === null)) return null;
  const a0 = a[0]!;
  if (a0 === 0) return null;
  const y: number[] = new Array(x.length);
  for (let n = 0; n < x.length; n++) {
    let s = 0;
    for (let i = 0; i < b.length && i <= n; i++) s += b[i]! * (x[n - i] ?? 0);
    for (let j = 1; j < a.length && j <= n; j++) s -= a[j]! * y[n - j]!;
    y[n] = s / a0;
  }
  return y;
}

/**
 * series_fir(x, filter [, normalize [, center]]): y[n] = sum_j f[j] x[n-j] (points before the start count as 0);
 * center shifts the window by (len-1)/2 so the output stays aligned with the input (series-fir-function.md).
 */
function fir(args: Boxed[]): Boxed {
  const x = numArray(arg(args, 0));
  const f = numArray(arg(args, 1));
  if (!x || !f || f.length === 0 || f.some((v) => v === null)) return null;
  const hasNeg = f.some((v) => v! < 0);
  const nv = args.length > 2 ? arg(args, 2) : null;
  const normalize = nv === null ? !hasNeg : nv === true;
  let coef = f as number[];
  if (normalize) {
    // "If filter contains negative values, then normalize must be specified as false, otherwise result will be null."
    if (hasNeg) return null;
    const sum = coef.reduce((s, c) => s + c, 0);
    if (sum === 0) return null;
    coef = coef.map((c) => c / sum);
  }
  const center = args.length > 3 && arg(args, 3) === true;
  const shift = center ? Math.floor((coef.length - 1) / 2) : 0;
  const y: number[] = new Array(x.length);
  for (let n = 0; n < x.length; n++) {
    let s = 0;
    for (let j = 0; j < coef.length; j++) {
      const k = n + shift - j;
      if (k >= 0 && k < x.length) s += coef[j]! * (x[k] ?? 0);
    }
    y[n] = s;
  }
  return y;
}

// ---------------------------------------------------------------------------------------------------------------
// Regression (x = 1..n, as the series_fit_line doc example shows: line_fit[0] = interception + slope).

export interface LineFit {
  rsquare: number;
  slope: number;
  variance: number;
  rvariance: number;
  interception: number;
  line_fit: number[];
}

function fitLineOn(ys: number[], x0: number): LineFit & { sse: number } {
  const n = ys.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += x0 + i; my += ys[i]!; }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x0 + i - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const line: number[] = new Array(n);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    line[i] = interception + slope * (x0 + i);
    sse += (ys[i]! - line[i]!) ** 2;
  }
  const variance = n > 1 ? syy / (n - 1) : 0;
  const rvariance = n > 1 ? sse / (n - 1) : 0;
  const rsquare = syy === 0 ? 1 : 1 - sse / syy;
  return { rsquare, slope, variance, rvariance, interception, line_fit: line, sse };
}

export function fitLine(v: Boxed): LineFit | null {
  const a = asArray(v);
  if (!a || a.length === 0) return null;
  const ys = numbers(a, false);
  if (!ys) return null;
  const { sse: _sse, ...fit } = fitLineOn(ys, 1);
  return fit;
}

function fitLineDynamic(args: Boxed[]): Boxed {
  const f = fitLine(arg(args, 0));
  if (!f) return null;
  return { slope: f.slope, interception: f.interception, rsquare: f.rsquare, variance: f.variance, rvariance: f.rvariance, line_fit: f.line_fit };
}

export interface TwoLinesFit {
  rsquare: number;
  split_idx: number;
  variance: number;
  rvariance: number;
  line_fit: number[];
  right: LineFit;
  left: LineFit;
}

/**
 * series_fit_2lines: the split into a left and a right segment with the smallest total squared error (the largest
 * total r-square). Verified against the doc example's line_fit; split_idx (taken as the index of the first point of
 * the right segment), the minimum segment length (2) and the right line's x origin are not covered by an example.
 */
export function fitTwoLines(v: Boxed): TwoLinesFit | null {
  const a = asArray(v);
  if (!a || a.length < 4) return null;
  const ys = numbers(a, false);
  if (!ys) return null;
  const n = ys.length;
  let best: { k: number; l: ReturnType<typeof fitLineOn>; r: ReturnType<typeof fitLineOn> } | null = null;
  for (let k = 2; k <= n - 2; k++) {
    const l = fitLineOn(ys.slice(0, k), 1);
    // Each part is fitted as series_fit_line() fits a series (x = 1..m): the docs say the function "fits a
    // separate line (using series_fit_line()) to each part", so right.interception is relative to the split.
    const r = fitLineOn(ys.slice(k), 1);
    if (!best || l.sse + r.sse < best.l.sse + best.r.sse) best = { k, l, r };
  }
  if (!best) return null;
  let my = 0;
  for (const y of ys) my += y;
  my /= n;
  let syy = 0;
  for (const y of ys) syy += (y - my) ** 2;
  const sse = best.l.sse + best.r.sse;
  const strip = (f: ReturnType<typeof fitLineOn>): LineFit => {
    const { sse: _s, ...rest } = f;
    return rest;
  };
  return {
    rsquare: syy === 0 ? 1 : 1 - sse / syy,
    split_idx: best.k,
    variance: n > 1 ? syy / (n - 1) : 0,
    rvariance: n > 1 ? sse / (n - 1) : 0,
    line_fit: [...best.l.line_fit, ...best.r.line_fit],
    right: strip(best.r),
    left: strip(best.l),
  };
}

function fitTwoLinesDynamic(args: Boxed[]): Boxed {
  const f = fitTwoLines(arg(args, 0));
  if (!f) return null;
  return {
    rsquare: f.rsquare,
    split_idx: f.split_idx,
    variance: f.variance,
    rvariance: f.rvariance,
    line_fit: f.line_fit,
    right: { rsquare: f.right.rsquare, slope: f.right.slope, interception: f.right.interception, variance: f.right.variance, rvariance: f.right.rvariance },
    left: { rsquare: f.left.rsquare, slope: f.left.slope, interception: f.left.interception, variance: f.left.variance, rvariance: f.left.rvariance },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// series_seasonal with an explicit period: the median of each phase (series-seasonal-function.md example: phase
// values 2,1,1,1,1 give 1). Automatic period detection (no period, or a negative one) is not implemented.

function median(xs: number[]): number {
  const s = xs.slice().sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function seasonal(args: Boxed[]): Boxed {
  const a = asArray(arg(args, 0));
  if (!a) return null;
  const pv = args.length > 1 ? arg(args, 1) : null;
  const p = pv === null ? -1 : Number(pv);
  if (p < 0) throw unsupported('series_seasonal with automatic period detection');
  const testPoints = args.length > 2 && arg(args, 2) !== null ? Number(arg(args, 2)) : 0;
  if (testPoints !== 0) throw unsupported('series_seasonal with test_points');
  const period = Math.trunc(p);
  if (period <= 1) return a.map(() => 0);
  const phases: number[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < a.length; i++) {
    const x = elemNum(a[i]!);
    if (x !== null) phases[i % period]!.push(x);
  }
  const med = phases.map((xs) => (xs.length ? median(xs) : null));
  return a.map((_, i) => med[i % period]!);
}

// ---------------------------------------------------------------------------------------------------------------
// FFT (series_fft / series_ifft return (real, imag) tuples): a plain O(n^2) DFT for any length.

export function dft(re: number[], im: number[], inverse: boolean): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = new Array(n).fill(0);
  const outIm: number[] = new Array(n).fill(0);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const ang = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(ang);
      const s = Math.sin(ang);
      sr += re[t]! * c - im[t]! * s;
      si += re[t]! * s + im[t]! * c;
    }
    outRe[k] = inverse ? sr / n : sr;
    outIm[k] = inverse ? si / n : si;
  }
  return [outRe, outIm];
}

// ---------------------------------------------------------------------------------------------------------------
// Tuple-valued functions (see functions/tuple.ts). Each returns the values of the tuple's columns in
// Kusto.Language's order (see the comment on each), or null for a null/invalid input.

export const tupleFunctions: Readonly<Record<string, (args: Boxed[]) => Boxed[] | null>> = {
  // (min, min_idx, max, max_idx, avg, stdev, variance)
  series_stats: (args) => {
    const s = seriesStats(arg(args, 0), args.length > 1 ? arg(args, 1) : false);
    return s && [s.min, s.min_idx, s.max, s.max_idx, s.avg, s.stdev, s.variance];
  },
  // (rsquare, slope, variance, rvariance, interception, line_fit)
  series_fit_line: (args) => {
    const f = fitLine(arg(args, 0));
    return f && [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, f.line_fit];
  },
  // (rsquare, split_idx, variance, rvariance, line_fit, right_rsquare, right_slope, right_interception,
  //  right_variance, right_rvariance, left_rsquare, left_slope, left_interception, left_variance, left_rvariance)
  series_fit_2lines: (args) => {
    const f = fitTwoLines(arg(args, 0));
    return f && [
      f.rsquare, BigInt(f.split_idx), f.variance, f.rvariance, f.line_fit,
      f.right.rsquare, f.right.slope, f.right.interception, f.right.variance, f.right.rvariance,
      f.left.rsquare, f.left.slope, f.left.interception, f.left.variance, f.left.rvariance,
    ];
  },
  // (real, imag)
  series_fft: (args) => fftTuple(args, false),
  series_ifft: (args) => fftTuple(args, true),
  // (rsquare, coefficients, variance, rvariance, poly_fit)
  series_fit_poly: (args) => {
    const f = fitPoly(arg(args, 0), args.length > 1 ? arg(args, 1) : null, args.length > 2 ? arg(args, 2) : 1n);
    return f && [f.rsquare, f.coefficients, f.variance, f.rvariance, f.poly_fit];
  },
  // (baseline, seasonal, trend, residual)
  series_decompose: (args) => {
    const d = decompose(args);
    return d && [d.baseline, d.seasonal, d.trend, d.residual];
  },
};

/** Tuple-valued functions not implemented, with the reason (the translator reports it). */
export const tupleFunctionsNotYet: Readonly<Record<string, string>> = {
  series_decompose_anomalies: 'anomaly scoring uses Kusto\'s Tukey-fence percentiles, which are not documented precisely enough to match',
  // Kusto.Language types it as a 4-column tuple; the engine's docs show a single forecast column.
  series_decompose_forecast: 'its output shape differs between the docs and Kusto.Language',
  series_periods_detect: 'period detection is not documented precisely enough to match',
  series_periods_validate: 'period scoring is not documented precisely enough to match',
};

// ---------------------------------------------------------------------------------------------------------------
// series_fit_poly(y [, x [, degree]]) (series-fit-poly-function.md): least squares polynomial of the given degree;
// x defaults to 1..n; coefficients run from the highest power to the lowest. variance and rvariance are computed
// as series_fit_line computes them (the docs' example 2 checks that degree 1 equals series_fit_line).

export interface PolyFit {
  rsquare: number;
  coefficients: number[];
  variance: number;
  rvariance: number;
  poly_fit: number[];
}

export function fitPoly(yv: Boxed, xv: Boxed, degreeV: Boxed): PolyFit | null {
  const ya = asArray(yv);
  if (!ya || ya.length === 0 || degreeV === null) return null;
  const ys = numbers(ya, false);
  if (!ys) return null;
  const n = ys.length;
  let xs: number[];
  if (xv === null) xs = ys.map((_y, i) => i + 1);
  else {
    const xa = asArray(xv);
    if (!xa) return null;
    const xn = numbers(xa, false);
    if (!xn) return null;
    if (xn.length !== n) throw unsupported('series_fit_poly: x_series and y_series of different lengths');
    xs = xn;
  }
  const degree = Number(degreeV);
  if (!Number.isInteger(degree) || degree < 1) throw unsupported(`series_fit_poly: degree ${String(degreeV)}`);
  if (n <= degree) throw unsupported('series_fit_poly: fewer points than the degree + 1 coefficients');
  // Columns x^degree .. x^0, solved by Householder QR (better conditioned than the normal equations).
  const m = degree + 1;
  const a: number[][] = xs.map((x) => Array.from({ length: m }, (_c, j) => x ** (degree - j)));
  const coef = leastSquares(a, ys.slice(), m);
  const fit = xs.map((x) => coef.reduce((s, c) => s * x + c, 0));
  let my = 0;
  for (const y of ys) my += y;
  my /= n;
  let syy = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    syy += (ys[i]! - my) ** 2;
    sse += (ys[i]! - fit[i]!) ** 2;
  }
  return {
    rsquare: syy === 0 ? 1 : 1 - sse / syy,
    coefficients: coef,
    variance: n > 1 ? syy / (n - 1) : 0,
    rvariance: n > 1 ? sse / (n - 1) : 0,
    poly_fit: fit,
  };
}

/** Least squares solution of a·c = b (a: rows × m, full column rank) by Householder QR; a and b are overwritten. */
function leastSquares(a: number[][], b: number[], m: number): number[] {
  const rows = a.length;
  for (let k = 0; k < m; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm += a[i]![k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) throw unsupported('series_fit_poly: x_series has too few distinct values for the degree');
    const alpha = a[k]![k]! > 0 ? -norm : norm;
    const v: number[] = new Array(rows).fill(0);
    for (let i = k; i < rows; i++) v[i] = a[i]![k]!;
    v[k]! -= alpha;
    let vv = 0;
    for (let i = k; i < rows; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    for (let j = k; j < m; j++) {
      let d = 0;
      for (let i = k; i < rows; i++) d += v[i]! * a[i]![j]!;
      const f = (2 * d) / vv;
      for (let i = k; i < rows; i++) a[i]![j]! -= f * v[i]!;
    }
    let d = 0;
    for (let i = k; i < rows; i++) d += v[i]! * b[i]!;
    const f = (2 * d) / vv;
    for (let i = k; i < rows; i++) b[i]! -= f * v[i]!;
  }
  const c: number[] = new Array(m).fill(0);
  for (let k = m - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let j = k + 1; j < m; j++) s -= a[k]![j]! * c[j]!;
    c[k] = s / a[k]![k]!;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// series_decompose(y [, seasonality [, trend [, test_points [, threshold]]]]) (series-decompose-function.md):
// seasonal = the median of the points of the same phase (as series_seasonal), trend from y - seasonal ('avg': its
// average; 'linefit': its least squares line, as series_fit_line; 'none': 0), baseline = seasonal + trend,
// residual = y - baseline. Seasonality autodetection (-1, the default) needs series_periods_detect, whose scoring
// the docs do not define: not implemented; neither are test points (what the learning excludes is not precise
// enough in the docs).

interface Decomposition {
  baseline: number[];
  seasonal: number[];
  trend: number[];
  residual: number[];
}

function decompose(args: Boxed[]): Decomposition | null {
  const a = asArray(arg(args, 0));
  if (!a) return null;
  const ys = numbers(a, false);
  if (!ys) throw unsupported('series_decompose: a series with missing or non-finite elements');
  const pv = args.length > 1 ? arg(args, 1) : -1n;
  const period = pv === null ? -1 : Number(pv);
  if (period < 0) throw unsupported('series_decompose: seasonality autodetection (series_periods_detect)');
  const trendKind = args.length > 2 && arg(args, 2) !== null ? String(arg(args, 2)) : 'avg';
  const testPoints = args.length > 3 && arg(args, 3) !== null ? Number(arg(args, 3)) : 0;
  if (testPoints !== 0) throw unsupported('series_decompose: test_points');
  const n = ys.length;
  let seasonal: number[] = ys.map(() => 0);
  if (period > 0) {
    const p = Math.trunc(period);
    const phases: number[][] = Array.from({ length: p }, () => []);
    ys.forEach((y, i) => phases[i % p]!.push(y));
    const med = phases.map((xs) => (xs.length ? median(xs) : 0));
    seasonal = ys.map((_y, i) => med[i % p]!);
  }
  const deseasoned = ys.map((y, i) => y - seasonal[i]!);
  let trend: number[];
  if (trendKind === 'avg') {
    const avg = n ? deseasoned.reduce((s, x) => s + x, 0) / n : 0;
    trend = deseasoned.map(() => avg);
  } else if (trendKind === 'linefit') {
    trend = n ? fitLineOn(deseasoned, 1).line_fit : [];
  } else if (trendKind === 'none') {
    trend = deseasoned.map(() => 0);
  } else {
    throw unsupported(`series_decompose: trend '${trendKind}'`);
  }
  const baseline = seasonal.map((s, i) => s + trend[i]!);
  return { baseline, seasonal, trend, residual: ys.map((y, i) => y - baseline[i]!) };
}

function fftTuple(args: Boxed[], inverse: boolean): Boxed[] | null {
  const re = numArray(arg(args, 0));
  if (!re) return null;
  const imArg = args.length > 1 ? arg(args, 1) : null;
  const im = imArg === null ? re.map(() => 0) : numArray(imArg);
  if (!im || im.length !== re.length) return null;
  const [r, i] = dft(re.map((x) => x ?? 0), im.map((x) => x ?? 0), inverse);
  return [r, i];
}

// ---------------------------------------------------------------------------------------------------------------

function plain(name: string, row: RowFn): ScalarFunction {
  return { name, bind: () => row };
}

function notYet(name: string, why: string): ScalarFunction {
  return { name, notImplemented: why, bind: () => { throw unsupported(`${name}: ${why}`); } };
}

/** log() of the scalar library returns null outside the domain; the series form does the same. */
const logOrNull = (x: number): number | null => (x < 0 ? null : Math.log(x));

export const functions: ScalarFunction[] = [
  { name: 'range', bind: rangeFn },

  elementwise('series_add', intAware((x, y) => x + y, (x, y) => x + y)),
  elementwise('series_subtract', intAware((x, y) => x - y, (x, y) => x - y)),
  elementwise('series_multiply', intAware((x, y) => x * y, (x, y) => x * y)),
  elementwise('series_divide', (x, y) => x / y),
  elementwise('series_pow', (x, y) => x ** y),
  elementwise('series_greater', cmp((x, y) => x > y)),
  elementwise('series_greater_equals', cmp((x, y) => x >= y)),
  elementwise('series_less', cmp((x, y) => x < y)),
  elementwise('series_less_equals', cmp((x, y) => x <= y)),
  elementwise('series_equals', cmp((x, y) => x === y)),
  elementwise('series_not_equals', cmp((x, y) => x !== y)),

  unary('series_abs', Math.abs),
  unary('series_ceiling', Math.ceil),
  unary('series_floor', Math.floor),
  unary('series_sign', (x) => (Number.isNaN(x) ? NaN : Math.sign(x) + 0)),
  unary('series_exp', Math.exp),
  unary('series_log', logOrNull),
  unary('series_sin', Math.sin),
  unary('series_cos', Math.cos),
  unary('series_tan', Math.tan),
  unary('series_asin', Math.asin),
  unary('series_acos', Math.acos),
  unary('series_atan', Math.atan),

  plain('series_fill_const', fillConst),
  plain('series_fill_forward', fillForward),
  plain('series_fill_backward', fillBackward),
  plain('series_fill_linear', fillLinear),

  reduce('series_sum', 0, (s, x) => s + x),
  reduce('series_product', 1, (s, x) => s * x),
  reduce('series_magnitude', 0, (s, x) => s + x * x, Math.sqrt),
  plain('series_pearson_correlation', pearson),
  { name: 'series_dot_product', bind: dotProduct },
  { name: 'series_cosine_similarity', bind: cosineSimilarity },
  plain('series_stats_dynamic', statsDynamic),
  plain('series_iir', iir),
  plain('series_fir', fir),
  plain('series_fit_line_dynamic', fitLineDynamic),
  plain('series_fit_2lines_dynamic', fitTwoLinesDynamic),
  plain('series_seasonal', seasonal),

  notYet('series_outliers', 'Kusto\'s exact Tukey-fence percentiles are not documented precisely enough to match'),
];
