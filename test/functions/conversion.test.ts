import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { functions, convertTo, toKustoString, parseGuidText } from '../../src/kql/functions/conversion.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';
import { KqlError } from '../../src/kql/errors.js';

function call(name: string, argTypes: KType[], args: Boxed[], resultType: KType = 'string'): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: args.map(() => undefined), now: 0n });
  return row(args);
}

const dt = (s: string) => parseDatetime(s)!;

test('tostring of every type', () => {
  const cases: [KType, Boxed, string][] = [
    ['int', null, ''], // derived-tostring-null: tostring(int(null)) is ""
    ['long', null, ''],
    ['dynamic', null, ''],
    ['int', 42, '42'],
    ['long', -9223372036854775808n, '-9223372036854775808'],
    ['bool', true, 'true'],
    ['bool', false, 'false'],
    ['real', 123.45, '123.45'], // semantics.md §7
    ['real', 1, '1'],
    ['real', 0.1 + 0.2, '0.30000000000000004'],
    ['real', 1e20, '1E+20'],
    ['real', NaN, 'NaN'],
    ['real', -Infinity, '-Infinity'],
    ['string', 'abc', 'abc'],
    ['guid', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb'],
    ['datetime', dt('2017-10-15 12:00'), '2017-10-15T12:00:00.0000000Z'], // reverse-non-string
    ['timespan', 3n * 36_000_000_000n, '03:00:00'], // tostring(3h)
    ['timespan', 1n * 864_000_000_000n + 45_055_123_0000n, '1.12:30:55.1230000'],
    ['dynamic', 'plain', 'plain'], // dynamic strings print without quotes (semantics §25)
    ['dynamic', { a: 1, b: 'x', c: [true, null] }, '{"a":1,"b":"x","c":[true,null]}'],
    ['dynamic', [1, 2.5, 'q"'], '[1,2.5,"q\\""]'],
    ['dynamic', 9007199254740993n, '9007199254740993'],
    ['dynamic', 456, '456'],
  ];
  for (const [t, v, want] of cases) {
    assert.equal(call('tostring', [t], [v]), want, `tostring(${t} ${String(v)})`);
    if (v !== null) assert.equal(toKustoString(v, t), want);
  }
});

test('toint / tolong: truncation and failures give null', () => {
  const cases: [KType, Boxed, number | null][] = [
    ['string', '123', 123], // toint-function-00
    ['real', 2.3, 2], // toint docs: toint(2.3) == 2
    ['real', 2.7, 2],
    ['real', -2.7, -2],
    ['string', '2.7', 2],
    ['string', ' 42 ', 42],
    ['string', '-17', -17],
    ['string', '1e3', 1000],
    ['string', 'abc', null],
    ['string', '', null],
    ['string', '99999999999', null], // beyond int32
    ['real', NaN, null],
    ['real', Infinity, null],
    ['bool', true, 1],
    ['int', null, null],
    ['long', 5n, 5],
    ['dynamic', 101, 101], // toint(parse_json('[100,101,102]')[1])
    ['dynamic', '7', 7],
    ['dynamic', [1], null],
    ['dynamic', null, null],
  ];
  for (const [t, v, want] of cases) assert.equal(call('toint', [t], [v], 'int'), want, `toint(${t} ${String(v)})`);

  const longs: [KType, Boxed, bigint | null][] = [
    ['string', '123', 123n],
    ['string', '9223372036854775807', 9223372036854775807n],
    ['string', '9223372036854775808', null],
    ['string', 'not a number', null], // coalesce example: tolong("not a number") is null
    ['real', 1e10 + 0.5, 10000000000n],
    ['int', -3, -3n],
    ['timespan', 10_000_000n, 10_000_000n],
    ['datetime', dt('1970-01-01'), 621355968000000000n],
    ['dynamic', 9007199254740993n, 9007199254740993n],
    ['guid', '00000000-0000-0000-0000-000000000000', null],
  ];
  for (const [t, v, want] of longs) assert.equal(call('tolong', [t], [v], 'long'), want, `tolong(${t} ${String(v)})`);
});

test('toreal / todouble', () => {
  const cases: [KType, Boxed, number | null][] = [
    ['string', '123.45', 123.45],
    ['string', '1e-3', 0.001],
    ['string', '.5', 0.5],
    ['string', 'NaN', NaN],
    ['string', '-Infinity', -Infinity],
    ['string', '1,5', null],
    ['string', 'x', null],
    ['long', 3n, 3],
    ['int', 7, 7],
    ['bool', false, 0],
    ['dynamic', 2.5, 2.5],
    ['dynamic', '4', 4],
    ['dynamic', { a: 1 }, null],
  ];
  for (const [t, v, want] of cases) {
    assert.deepEqual(call('toreal', [t], [v], 'real'), want, `toreal(${t} ${String(v)})`);
    assert.deepEqual(call('todouble', [t], [v], 'real'), want);
  }
});

test('tobool / toboolean', () => {
  const cases: [KType, Boxed, boolean | null][] = [
    ['string', 'true', true], // semantics §7
    ['string', 'false', false],
    ['string', 'TRUE', true],
    ['string', '1', true],
    ['string', '0', false],
    ['string', 'yes', null],
    ['long', 1n, true], // tobool(1)
    ['long', 123n, true], // tobool(123)
    ['long', 0n, false],
    ['int', 0, false],
    ['real', 0.5, true],
    ['dynamic', true, true],
    ['dynamic', 'false', false],
    ['dynamic', null, null],
  ];
  for (const [t, v, want] of cases) {
    assert.equal(call('tobool', [t], [v], 'bool'), want, `tobool(${t} ${String(v)})`);
    assert.equal(call('toboolean', [t], [v], 'bool'), want);
  }
});

test('toguid accepts 32-hex and dashed forms, else null', () => {
  const cases: [string, string | null][] = [
    ['0123456789abcdef0123456789abcdef', '01234567-89ab-cdef-0123-456789abcdef'],
    ['ae3133f2-6e22-49ae-b06a-16e6a9b212eb', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb'],
    ['AE3133F2-6E22-49AE-B06A-16E6A9B212EB', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb'],
    ['{ae3133f2-6e22-49ae-b06a-16e6a9b212eb}', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb'],
    ['ae3133f2-6e22-49ae-b06a-16e6a9b212e', null],
    ['0123456789abcdef0123456789abcdeg', null],
    ['', null],
  ];
  for (const [s, want] of cases) {
    assert.equal(call('toguid', ['string'], [s], 'guid'), want, `toguid(${s})`);
    assert.equal(parseGuidText(s), want);
  }
});

test('tohex (tohex-function.md examples)', () => {
  assert.equal(call('tohex', ['long'], [256n]), '100');
  assert.equal(call('tohex', ['long'], [-256n]), 'ffffffffffffff00');
  assert.equal(call('tohex', ['int', 'long'], [-256, 8n]), 'ffffff00');
  assert.equal(call('tohex', ['long', 'long'], [256n, 8n]), '00000100');
  assert.equal(call('tohex', ['long', 'long'], [256n, 2n]), '100');
  assert.equal(call('tohex', ['long', 'long'], [1n, 20n]), '0000000000000001'); // minLength capped at 16
  assert.equal(call('tohex', ['long'], [null]), null);
});

test('todecimal is unsupported, loudly', () => {
  assert.throws(() => call('todecimal', ['string'], ['1.5']), (e: unknown) => e instanceof KqlError && e.code === 'unsupported');
});

test('convertTo covers dynamic to datetime/timespan via the datetime helper', () => {
  assert.equal(convertTo('2015-01-01', 'dynamic', 'datetime'), dt('2015-01-01'));
  assert.equal(convertTo('01:00:00', 'dynamic', 'timespan'), 36_000_000_000n);
  assert.equal(convertTo(null, 'dynamic', 'datetime'), null);
  assert.equal(convertTo(5n, 'long', 'real'), 5);
  assert.equal(convertTo(5, 'int', 'long'), 5n);
  assert.equal(convertTo(null, 'long', 'string'), '');
  assert.equal(convertTo(3n * 36_000_000_000n, 'timespan', 'dynamic'), '03:00:00'); // pack_array-function-01
  assert.equal(convertTo(2n ** 60n, 'long', 'dynamic'), 2n ** 60n);
  assert.equal(convertTo(60n, 'long', 'dynamic'), 60);
});
