import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { formatReal, toDisplayString, toJsonValue, dynamicToJsonText } from '../../src/kql/data/format-value.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';

test('formatReal matches .NET Core double.ToString()', () => {
  const cases: [number, string][] = [
    [1, '1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e20, '1E+20'],
    [123.45, '123.45'],
    [1e15, '1E+15'], // exponent beyond the 15-digit window
    [1e14, '100000000000000'],
    [123456789012345678, '1.2345678901234568E+17'],
    [1234567890123456.8, '1234567890123456.8'], // 17 significant digits widen the window
    [0.0001, '0.0001'],
    [0.00001, '1E-05'],
    [-1.5e-7, '-1.5E-07'],
    [1.7976931348623157e308, '1.7976931348623157E+308'],
    [5e-324, '5E-324'],
    [-0, '-0'],
    [0, '0'],
    [-60, '-60'],
    [7.38905609893065, '7.38905609893065'], // exp-function-00
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ];
  for (const [x, want] of cases) assert.equal(formatReal(x), want, `formatReal(${x})`);
});

test('toJsonValue encodes like Kusto REST output', () => {
  const dt = (s: string) => parseDatetime(s)!;
  const cases: [KType, Boxed, unknown][] = [
    ['long', null, null],
    ['string', '', ''],
    ['bool', true, true],
    ['int', -5, -5],
    ['long', 42n, 42],
    ['long', 9007199254740993n, '9007199254740993'],
    ['long', -9223372036854775808n, '-9223372036854775808'],
    ['real', 1.5, 1.5],
    ['real', NaN, 'NaN'],
    ['real', Infinity, 'Infinity'],
    ['real', -Infinity, '-Infinity'],
    ['datetime', dt('2017-08-01'), '2017-08-01T00:00:00Z'],
    ['datetime', dt('2016-12-31 23:59:59.9999999'), '2016-12-31T23:59:59.9999999Z'],
    ['datetime', dt('2026-08-01 04:32:02.4'), '2026-08-01T04:32:02.4Z'],
    ['timespan', 864_000_000_000n, '1.00:00:00'],
    ['timespan', -432_000_000_000n, '-12:00:00'],
    ['timespan', 200_000_000n, '00:00:20'],
    ['timespan', 1n, '00:00:00.0000001'],
    ['guid', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb'],
    ['dynamic', { a: [1, 9007199254740993n, 2n], b: NaN }, { a: [1, '9007199254740993', 2], b: 'NaN' }],
    ['dynamic', 'x', 'x'],
    ['dynamic', null, null],
  ];
  for (const [t, v, want] of cases) assert.deepEqual(toJsonValue(v, t), want, `toJsonValue(${t} ${String(v)})`);
});

test('toDisplayString shows null as empty', () => {
  assert.equal(toDisplayString(null, 'long'), '');
  assert.equal(toDisplayString(null, 'dynamic'), '');
  assert.equal(toDisplayString(3n, 'long'), '3');
  assert.equal(toDisplayString(0.5, 'real'), '0.5');
  assert.equal(toDisplayString(parseDatetime('2024-01-01 10:00')!, 'datetime'), '2024-01-01T10:00:00Z');
  assert.equal(toDisplayString({ k: 'v' }, 'dynamic'), '{"k":"v"}');
});

test('dynamicToJsonText is compact and keeps property order', () => {
  assert.equal(dynamicToJsonText({ z: 1, a: { y: [] }, m: {} }), '{"z":1,"a":{"y":[]},"m":{}}');
  assert.equal(dynamicToJsonText([0.25, 1e21, -3]), '[0.25,1E+21,-3]');
  assert.equal(dynamicToJsonText('é\n'), '"é\\n"');
});
