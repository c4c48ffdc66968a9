import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { functions, tupleFunctions } from '../../src/kql/functions/series.js';
import { KqlError } from '../../src/kql/errors.js';
import { getTupleFunction } from '../../src/kql/functions/tuple.js';
import { KqlEngine } from '../../src/kql/engine.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';

function call(name: string, argTypes: KType[], args: Boxed[], resultType: KType = 'dynamic'): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: args.map(() => undefined), now: 0n });
  return row(args);
}

/** Deep equality with a relative tolerance for reals (results computed by a different formula may differ in the last bits). */
function close(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${path}: ${actual} is not NaN`);
    const tol = 1e-12 * Math.max(1, Math.abs(expected));
    return assert.ok(Math.abs(actual - expected) <= tol, `${path}: ${actual} != ${expected}`);
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array: ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const [k, v] of Object.entries(expected)) close((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

const D: KType = 'dynamic';

test('range(): numbers, reals, datetimes, timespans, limits (range-function.md)', () => {
  const cases: [KType[], Boxed[], Boxed][] = [
    [['long', 'long', 'long'], [1n, 8n, 3n], [1, 4, 7]],
    [['long', 'long'], [1n, 3n], [1, 2, 3]],
    [['long', 'long', 'long'], [5n, 1n, -2n], [5, 3, 1]],
    [['long', 'long', 'long'], [5n, 1n, 1n], []],
    [['long', 'long', 'long'], [1n, 5n, 0n], null],
    [['long', 'long'], [null, 5n], null],
    [['real', 'long', 'long'], [1.0, 3n, 1n], [1, 2, 3]],
    [['real', 'real', 'real'], [0, 0.3, 0.1], [0, 0.1, 0.2, 0.30000000000000004].filter((x) => x <= 0.3)],
    [['int', 'int'], [48, 50], [48, 49, 50]],
    [['timespan', 'timespan'], [36_000_000_000n, 5n * 36_000_000_000n], ['01:00:00', '02:00:00', '03:00:00', '04:00:00', '05:00:00']],
  ];
  for (const [types, args, want] of cases) assert.deepEqual(call('range', types, args), want, `range(${args.join(', ')})`);
  const days = call('range', ['datetime', 'datetime', 'timespan'], [parseDatetime('2007-01-01')!, parseDatetime('2007-12-31')!, 864_000_000_000n]) as string[];
  assert.equal(days.length, 365); // range-function-01: every day of 2007
  assert.equal(days[0], '2007-01-01T00:00:00.0000000Z');
  assert.equal(days[364], '2007-12-31T00:00:00.0000000Z');
  const big = call('range', ['long', 'long'], [1n, 1_000_000_000n]) as unknown[];
  assert.equal(big.length, 1_048_576); // truncated at 2^20
  assert.throws(() => call('range', ['string', 'string'], ['a', 'b']), KqlError);
});

test('element-wise arithmetic and comparisons (series-*-function.md examples)', () => {
  const cases: [string, KType[], Boxed[], Boxed][] = [
    ['series_add', [D, D], [[1, 2, 4], [4, 2, 1]], [5, 4, 5]],
    ['series_subtract', [D, D], [[1, 2, 4], [4, 2, 1]], [-3, 0, 3]],
    ['series_multiply', [D, D], [[3, 6, 12], [12, 6, 3]], [36, 36, 36]],
    ['series_divide', [D, D], [[1, 2, 4], [4, 2, 1]], [0.25, 1, 4]],
    ['series_pow', [D, D], [[1, 2, 3, 4], [1, 2, 3, 0.5]], [1, 4, 27, 2]],
    ['series_greater', [D, D], [[1, 2, 4], [4, 2, 1]], [false, false, true]],
    ['series_greater_equals', [D, D], [[1, 2, 4], [4, 2, 1]], [false, true, true]],
    ['series_less', [D, D], [[1, 2, 4], [4, 2, 1]], [true, false, false]],
    ['series_less_equals', [D, D], [[1, 2, 4], [4, 2, 1]], [true, true, false]],
    ['series_equals', [D, D], [[1, 2, 4], [4, 2, 1]], [false, true, false]],
    ['series_not_equals', [D, D], [[1, 2, 4], [4, 2, 1]], [true, false, true]],
    // Different lengths and non-numeric elements give null elements.
    ['series_add', [D, D], [[1, 'x', 3], [1, 1]], [2, null, null]],
    // Scalar on either side is broadcast.
    ['series_multiply', ['long', D], [10n, [0, 1, 2]], [0, 10, 20]],
    ['series_add', [D, 'real'], [[1, 2], 0.5], [1.5, 2.5]],
    ['series_add', [D, D], [null, [1]], null],
    // Integer overflow past 2^53 stays exact (long arithmetic).
    ['series_multiply', [D, D], [[4294967296], [4294967297]], [4294967296]], // 2^64 + 2^32 wraps to 2^32
  ];
  for (const [name, types, args, want] of cases) close(call(name, types, args), want, `${name}(${JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? String(v) : v))})`);
});

test('element-wise math (doc examples)', () => {
  const cases: [string, Boxed, Boxed][] = [
    ['series_abs', [-6.5, 0, 8.2], [6.5, 0, 8.2]],
    ['series_ceiling', [-1.5, 1, 2.5], [-1, 1, 3]],
    ['series_floor', [-1.5, 1, 2.5], [-2, 1, 2]],
    ['series_sin', [-1, 0, 1], [-0.8414709848078965, 0, 0.8414709848078965]],
    ['series_tan', [-1, 0, 1], [-1.5574077246549023, 0, 1.5574077246549023]],
    ['series_sign', [-3, 0, 2.5, null], [-1, 0, 1, null]],
    ['series_log', [1, -1], [0, null]],
    ['series_exp', [0, 'a'], [1, null]],
  ];
  for (const [name, input, want] of cases) close(call(name, [D], [input]), want, name);
});

test('fill functions (series-fill-*-function.md examples)', () => {
  const arr = [111, null, 36, 41, 23, null, 16, 61, 33, null, null];
  close(call('series_fill_const', [D, 'real'], [arr, 0.0]), [111, 0, 36, 41, 23, 0, 16, 61, 33, 0, 0]);
  close(call('series_fill_const', [D, 'long'], [arr, -1n]), [111, -1, 36, 41, 23, -1, 16, 61, 33, -1, -1]);
  const fwd = [null, null, 36, 41, null, null, 16, 61, 33, null, null];
  close(call('series_fill_forward', [D], [fwd]), [null, null, 36, 41, 41, 41, 16, 61, 33, 33, 33]);
  close(call('series_fill_backward', [D], [fwd]), [36, 36, 36, 41, 16, 16, 16, 61, 33, null, null]);
  // A placeholder other than null marks the missing values.
  close(call('series_fill_forward', [D, 'long'], [[1, -1, 3, -1], -1n]), [1, 1, 3, 3]);
  const lin = [null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null];
  const filled = [111.0, 111.0, 73.5, 36.0, 41.0, 32.66666666666667, 24.333333333333336, 16.0, 61.0, 33.0, 33.0, 33.0];
  close(call('series_fill_linear', [D], [lin]), filled);
  close(call('series_fill_linear', [D, 'real', 'bool'], [lin, null, true]), filled);
  close(call('series_fill_linear', [D, 'real', 'bool'], [lin, null, false]), [null, ...filled.slice(1, 10), null, null]);
  close(call('series_fill_linear', [D], [[null, null, null, null]]), [0, 0, 0, 0]);
  close(call('series_fill_linear', [D, 'real', 'bool', 'real'], [[null, null, null, null], null, true, 3.14159]), [3.14159, 3.14159, 3.14159, 3.14159]);
});

test('reductions and pairwise statistics', () => {
  close(call('series_sum', [D], [[1, 2, 3, 4]], 'real'), 10);
  close(call('series_product', [D], [[1, 2, 3, 4]], 'real'), 24);
  close(call('series_magnitude', [D], [[3, 4]], 'real'), 5);
  close(call('series_pearson_correlation', [D, D], [[1, 2, 3, 4, 5], [2, 4, 6, 8, 10]], 'real'), 0.9999999999999998);
  close(call('series_dot_product', [D, D], [[1, 2, 3], [4, 5, 6]], 'real'), 32);
  close(call('series_dot_product', [D, 'long'], [[1, 2, 3], 2n], 'real'), 12);
  close(call('series_cosine_similarity', [D, D], [[1, 0], [0, 1]], 'real'), 0);
  close(call('series_cosine_similarity', [D, D], [[1, 2], [2, 4]], 'real'), 1);
  close(call('series_stats_dynamic', [D], [[2, 5, 1, 5]]), { min: 1, min_idx: 2, max: 5, max_idx: 1, avg: 3.25, stdev: Math.sqrt(4.25), variance: 4.25 });
  close(call('series_stats_dynamic', [D], [[1, null, 3]]), { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null });
  close(call('series_stats_dynamic', [D, 'bool'], [[1, null, 3], true]), { min: 1, min_idx: 0, max: 3, max_idx: 2, avg: 2, stdev: Math.SQRT2, variance: 2 });
});

test('filters: series_iir (doc example: cumulative sum) and series_fir', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  close(call('series_iir', [D, D, D], [x, [1], [1, -1]]), [1, 3, 6, 10, 15, 21, 28, 36, 45, 55]);
  const val = [0, 0, 0, 10, 20, 40, 100, 40, 20, 10, 0, 0];
  close(call('series_fir', [D, D], [val, [1, 1, 1]]), [0, 0, 0, 10 / 3, 10, 70 / 3, 160 / 3, 60, 160 / 3, 70 / 3, 10, 10 / 3]);
  close(call('series_fir', [D, D, 'bool', 'bool'], [val, [1, 1, 1], true, true]), [0, 0, 10 / 3, 10, 70 / 3, 160 / 3, 60, 160 / 3, 70 / 3, 10, 10 / 3, 0]);
  // A filter with negative coefficients is not normalized by default (a difference filter).
  close(call('series_fir', [D, D], [[1, 4, 9], [1, -1]]), [1, 3, 5]);
  assert.equal(call('series_fir', [D, D, 'bool'], [[1, 4, 9], [1, -1], true]), null);
});

test('series_fit_line_dynamic and series_fit_2lines_dynamic match the oracle', () => {
  const y = [2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30];
  close(call('series_fit_line_dynamic', [D], [y]), {
    slope: 2.730769230769231, interception: -1.6666666666666716, rsquare: 0.982900730884447, variance: 98.62878787878789,
    rvariance: 1.686480186480187,
    line_fit: [1.0641025641025592, 3.7948717948717903, 6.525641025641022, 9.256410256410252, 11.987179487179482, 14.717948717948715,
      17.448717948717945, 20.179487179487175, 22.910256410256405, 25.641025641025635, 28.37179487179487, 31.102564102564102],
  });
  const two = call('series_fit_2lines_dynamic', [D], [[1, 2.2, 2.5, 4.7, 5.0, 12, 10.3, 10.3, 9, 8.3, 6.2]]) as Record<string, unknown>;
  close(two.line_fit, [0.979999999999999, 2.029999999999999, 3.079999999999999, 4.129999999999999, 5.179999999999999, 11.942857142857143,
    10.905714285714286, 9.868571428571428, 8.831428571428573, 7.794285714285716, 6.75714285714286]);
  // The tuple form has the columns Kusto.Language declares, in order.
  const tuple = tupleFunctions.series_fit_line!([y])!;
  assert.equal(tuple.length, 6);
  close(tuple.slice(0, 5), [0.982900730884447, 2.730769230769231, 98.62878787878789, 1.686480186480187, -1.6666666666666716]);
  assert.equal(tupleFunctions.series_fit_2lines!([[1, 2, 3, 4, 9, 8, 7]])!.length, 15);
  assert.equal(tupleFunctions.series_stats!([[1, 2, 3]])!.length, 7);
});

test('series_fft / series_ifft round trip (tuple functions)', () => {
  const [re, im] = tupleFunctions.series_fft!([[1, 2, 3, 4]]) as number[][];
  close(re, [10, -2, -2, -2]);
  close(im, [0, 2, 0, -2]);
  const [r2, i2] = tupleFunctions.series_ifft!([re, im]) as number[][];
  close(r2, [1, 2, 3, 4]);
  close(i2, [0, 0, 0, 0]);
});

test('series_seasonal with an explicit period: the median of each phase', () => {
  const s = [2, 5, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1];
  close(call('series_seasonal', [D, 'long'], [s, 6n]), s.map((_, i) => [1, 2, 3, 4, 3, 2][i % 6]));
  assert.throws(() => call('series_seasonal', [D], [s]), /automatic period detection/);
});

test('functions not implemented fail loudly', () => {
  const unsupportedError = (e: unknown) => e instanceof KqlError && e.code === 'unsupported';
  assert.throws(() => call('series_outliers', [D], [[1, 2, 3]]), unsupportedError);
  // Tuple-valued: binding the call (functions/tuple.ts) reports why.
  for (const name of ['series_periods_detect', 'series_periods_validate', 'series_decompose_anomalies', 'series_decompose_forecast']) {
    const f = getTupleFunction(name);
    assert.ok(f, name);
    assert.throws(() => f.bind({ name, argTypes: [D], resultType: D, constArgs: [undefined], now: 0n }), unsupportedError, name);
  }
  // series_decompose without an explicit period needs period detection.
  assert.throws(() => tupleFunctions.series_decompose!([[1, 2, 3]]), unsupportedError);
  assert.throws(() => tupleFunctions.series_decompose!([[1, 2, 3], -1n]), unsupportedError);
  assert.throws(() => tupleFunctions.series_decompose!([[1, 2, 3], 0n, 'avg', 1n]), unsupportedError);
});

test('series_fit_poly: exact polynomial, default x = 1..n, degree 1 equals series_fit_line (series-fit-poly-function.md)', () => {
  // y = 2x^3 - x + 4 at x = -2..3: degree 3 recovers the coefficients, highest power first.
  const xs = [-2, -1, 0, 1, 2, 3];
  const ys = xs.map((x) => 2 * x ** 3 - x + 4);
  const [rsquare, coef, , rvariance, fit] = tupleFunctions.series_fit_poly!([ys, xs, 3n])!;
  close(coef, [2, 0, -1, 4]);
  close(rsquare, 1);
  assert.ok(Math.abs(rvariance as number) < 1e-9);
  close(fit, ys);
  const y = [2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30];
  const line = tupleFunctions.series_fit_line!([y])!;
  const poly = tupleFunctions.series_fit_poly!([y])!;
  close(poly[0], line[0]);
  close(poly[1], [line[1], line[4]]);
  close(poly[2], line[2]);
  close(poly[3], line[3]);
  close(poly[4], line[5]);
  assert.equal(tupleFunctions.series_fit_poly!([null]), null);
  assert.equal(tupleFunctions.series_fit_poly!([[1, 'a', 3]]), null);
});

test('series_decompose with a period: seasonal medians, linefit trend on the deseasoned series (series-decompose-function.md)', () => {
  // Phase medians 12 / 23 (the median is taken before any detrending, as the docs order the steps); the deseasoned
  // series -2,-2,0,0,2,2 has the least squares line 32/35 x - 3.2 over x = 1..6.
  const y = [10, 21, 12, 23, 14, 25];
  const [baseline, seasonal, trend, residual] = tupleFunctions.series_decompose!([y, 2n, 'linefit'])!;
  const s = [12, 23, 12, 23, 12, 23];
  const t = [1, 2, 3, 4, 5, 6].map((x) => (32 / 35) * x - 3.2);
  close(seasonal, s);
  close(trend, t);
  close(baseline, s.map((v, i) => v + t[i]!));
  close(residual, y.map((v, i) => v - s[i]! - t[i]!));
  const avg = tupleFunctions.series_decompose!([y, 2n])!;
  close(avg[2], [0, 0, 0, 0, 0, 0]);
  close(avg[0], s);
  const none = tupleFunctions.series_decompose!([y, 0n, 'none'])!;
  close(none[0], [0, 0, 0, 0, 0, 0]);
  close(none[3], y);
});

test('through the engine: doc queries', () => {
  const e = new KqlEngine();
  const rows = (q: string) => {
    const t = e.run(q).table;
    return Array.from({ length: t.length }, (_, i) => t.columns.map((c) => c.get(i)));
  };
  assert.deepEqual(rows('print r = range(1, 8, 3)'), [[[1, 4, 7]]]);
  assert.deepEqual(rows('print r = range(1h, 3h)'), [[['01:00:00', '02:00:00', '03:00:00']]]);
  assert.deepEqual(rows('print s1 = dynamic([1,2,4]), s2 = dynamic([4,2,1]) | extend r = series_greater(s1, s2)'), [[[1, 2, 4], [4, 2, 1], [false, false, true]]]);
  assert.deepEqual(rows('print x = series_sum(dynamic([1,2,3,4]))'), [[10]]);
  assert.deepEqual(rows('let x = range(1.0, 4, 1); print y = series_iir(x, dynamic([1]), dynamic([1,-1]))'), [[[1, 3, 6, 10]]]);
});
