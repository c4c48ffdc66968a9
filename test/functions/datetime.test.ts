import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functions } from '../../src/kql/functions/datetime.js';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { formatDatetime, parseDatetime } from '../../src/kql/data/datetime.js';
import { formatTimespan, parseTimespan } from '../../src/kql/data/timespan.js';
import { KqlError } from '../../src/kql/errors.js';

const NOW = parseDatetime('2026-08-02T23:12:34.5678901Z')!;

function call(name: string, argTypes: KType[], resultType: KType, args: Boxed[], constArgs?: (Boxed | undefined)[]): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: constArgs ?? args.map(() => undefined), now: NOW });
  return row(args);
}

const dt = (s: string): bigint => {
  const t = parseDatetime(s);
  assert.ok(t !== null, s);
  return t;
};
const ts = (s: string): bigint => {
  const t = parseTimespan(s);
  assert.ok(t !== null, s);
  return t;
};
const showDt = (v: Boxed): string | null => (v === null ? null : formatDatetime(v as bigint));
const showTs = (v: Boxed): string | null => (v === null ? null : formatTimespan(v as bigint));

test('the module registers every function of the brief', () => {
  const names = new Set(functions.map((f) => f.name));
  for (const n of [
    'now', 'ago', 'datetime_add', 'datetime_diff', 'datetime_part', 'datepart', 'startofday', 'startofweek', 'startofmonth',
    'startofyear', 'endofday', 'endofweek', 'endofmonth', 'endofyear', 'dayofweek', 'dayofmonth', 'dayofyear', 'hourofday',
    'getmonth', 'monthofyear', 'getyear', 'week_of_year', 'format_datetime', 'format_timespan', 'make_datetime', 'make_timespan',
    'todatetime', 'totimespan', 'unixtime_seconds_todatetime', 'unixtime_milliseconds_todatetime', 'unixtime_microseconds_todatetime',
    'unixtime_nanoseconds_todatetime', 'datetime_utc_to_local', 'datetime_local_to_utc', 'bin', 'floor', 'bin_at',
  ]) assert.ok(names.has(n), n);
});

test('now() and ago() use the pinned query time (derived-now-minus-ago)', () => {
  assert.equal(call('now', [], 'datetime', []), NOW);
  assert.equal(call('now', ['timespan'], 'datetime', [ts('-1d')]), NOW - ts('1d'));
  assert.equal(call('ago', ['timespan'], 'datetime', [ts('1h')]), NOW - ts('1h'));
  assert.equal(NOW - (call('ago', ['timespan'], 'datetime', [ts('1h')]) as bigint), ts('01:00:00'));
  assert.equal(call('ago', ['timespan'], 'datetime', [null]), null);
});

test('datetime_add: doc examples (datetime-add-function-00 and the Amount table)', () => {
  const base = dt('2017-01-01');
  const cases: [string, number, string][] = [
    ['year', 1, '2018-01-01T00:00:00Z'], ['quarter', 1, '2017-04-01T00:00:00Z'], ['month', 1, '2017-02-01T00:00:00Z'],
    ['week', 1, '2017-01-08T00:00:00Z'], ['day', 1, '2017-01-02T00:00:00Z'], ['hour', 1, '2017-01-01T01:00:00Z'],
    ['minute', 1, '2017-01-01T00:01:00Z'], ['second', 1, '2017-01-01T00:00:01Z'],
    ['year', -5, '2012-01-01T00:00:00Z'], ['quarter', 12, '2020-01-01T00:00:00Z'], ['month', -15, '2015-10-01T00:00:00Z'],
    ['week', 100, '2018-12-02T00:00:00Z'],
    ['millisecond', 1, '2017-01-01T00:00:00.001Z'], ['microsecond', 1, '2017-01-01T00:00:00.000001Z'],
    ['nanosecond', 100, '2017-01-01T00:00:00.0000001Z'], ['nanosecond', 50, '2017-01-01T00:00:00Z'],
    ['Day', -1, '2016-12-31T00:00:00Z'], ['HOUR', 25, '2017-01-02T01:00:00Z'],
  ];
  for (const [period, amount, expected] of cases) {
    assert.equal(showDt(call('datetime_add', ['string', 'int', 'datetime'], 'datetime', [period, amount, base])), expected, `${period} ${amount}`);
    // the same through a constant period and a long amount
    assert.equal(showDt(call('datetime_add', ['string', 'long', 'datetime'], 'datetime', [period, BigInt(amount), base], [period, undefined, undefined])), expected);
  }
});

test('datetime_add: month ends, leap days, bounds, nulls, bad periods', () => {
  const cases: [string, number, string, string | null][] = [
    ['month', 1, '2017-01-31 08:30', '2017-02-28T08:30:00Z'],
    ['month', 1, '2016-01-31', '2016-02-29T00:00:00Z'],
    ['month', 3, '2016-11-30', '2017-02-28T00:00:00Z'],
    ['quarter', 1, '2016-11-30 23:59:59.9999999', '2017-02-28T23:59:59.9999999Z'],
    ['year', 1, '2016-02-29', '2017-02-28T00:00:00Z'],
    ['year', 4, '2016-02-29', '2020-02-29T00:00:00Z'],
    ['month', -1, '1970-03-31', '1970-02-28T00:00:00Z'],
    ['day', -1, '1970-01-01', '1969-12-31T00:00:00Z'],
    ['year', 1, '9999-01-01', null],
    ['day', 1, '9999-12-31', null],
    ['second', -1, '0001-01-01', null],
  ];
  for (const [period, amount, base, expected] of cases) {
    assert.equal(showDt(call('datetime_add', ['string', 'int', 'datetime'], 'datetime', [period, amount, dt(base)])), expected, `${period} ${amount} ${base}`);
  }
  assert.equal(call('datetime_add', ['string', 'int', 'datetime'], 'datetime', ['day', null, dt('2017-01-01')]), null);
  assert.equal(call('datetime_add', ['string', 'int', 'datetime'], 'datetime', ['day', 1, null]), null);
  assert.throws(() => call('datetime_add', ['string', 'int', 'datetime'], 'datetime', ['fortnight', 1, dt('2017-01-01')]), KqlError);
  assert.throws(() => call('datetime_add', ['string', 'int', 'datetime'], 'datetime', ['fortnight', 1, dt('2017-01-01')], ['fortnight', undefined, undefined]), KqlError);
});

test('datetime_diff: doc examples', () => {
  const cases: [string, string, string, bigint][] = [
    ['year', '2017-01-01', '2000-12-31', 17n],
    ['quarter', '2017-07-01', '2017-03-30', 2n],
    ['month', '2017-01-01', '2015-12-30', 13n],
    ['week', '2017-10-29 00:00', '2017-09-30 23:59', 5n],
    ['day', '2017-10-29 00:00', '2017-09-30 23:59', 29n],
    ['hour', '2017-10-31 01:00', '2017-10-30 23:59', 2n],
    ['minute', '2017-10-30 23:05:01', '2017-10-30 23:00:59', 5n],
    ['second', '2017-10-30 23:00:10.100', '2017-10-30 23:00:00.900', 10n],
    ['millisecond', '2017-10-30 23:00:00.200100', '2017-10-30 23:00:00.100900', 100n],
    ['microsecond', '2017-10-30 23:00:00.1009001', '2017-10-30 23:00:00.1008009', 100n],
    ['nanosecond', '2017-10-30 23:00:00.0000000', '2017-10-30 23:00:00.0000007', -700n],
    // before 1970 and reversed order
    ['day', '1969-12-31 23:59', '1970-01-01 00:01', -1n],
    ['hour', '1969-12-31 23:59', '1970-01-01 00:01', -1n],
    ['year', '2000-12-31', '2017-01-01', -17n],
    ['week', '2017-10-28', '2017-10-22', 0n],
  ];
  for (const [p, a, b, expected] of cases) {
    assert.equal(call('datetime_diff', ['string', 'datetime', 'datetime'], 'long', [p, dt(a), dt(b)]), expected, `${p} ${a} ${b}`);
  }
  assert.equal(call('datetime_diff', ['string', 'datetime', 'datetime'], 'long', ['day', null, dt('2017-01-01')]), null);
});

test('datetime_part / datepart: doc example (datetime-part-function-00)', () => {
  const t = dt('2017-10-30 01:02:03.7654321');
  const expected: [string, number][] = [
    ['year', 2017], ['quarter', 4], ['month', 10], ['week_of_year', 44], ['day', 30], ['dayOfYear', 303], ['hour', 1],
    ['minute', 2], ['second', 3], ['millisecond', 765], ['microsecond', 765432], ['nanosecond', 765432100],
  ];
  for (const [part, v] of expected) {
    assert.equal(call('datetime_part', ['string', 'datetime'], 'long', [part, t]), BigInt(v), part);
    assert.equal(call('datepart', ['string', 'datetime'], 'int', [part, t], [part, undefined]), v, part);
  }
  assert.equal(call('datetime_part', ['string', 'datetime'], 'long', ['year', null]), null);
  assert.throws(() => call('datetime_part', ['string', 'datetime'], 'long', ['weekday', t]), KqlError);
});

test('startof* / endof* with offsets (oracle cases startof*-function-00, endof*-function-00)', () => {
  const base = dt('2017-01-01 10:10:17');
  const cases: [string, string[]][] = [
    ['startofday', ['2016-12-31T00:00:00Z', '2017-01-01T00:00:00Z', '2017-01-02T00:00:00Z']],
    ['startofweek', ['2016-12-25T00:00:00Z', '2017-01-01T00:00:00Z', '2017-01-08T00:00:00Z']],
    ['startofmonth', ['2016-12-01T00:00:00Z', '2017-01-01T00:00:00Z', '2017-02-01T00:00:00Z']],
    ['startofyear', ['2016-01-01T00:00:00Z', '2017-01-01T00:00:00Z', '2018-01-01T00:00:00Z']],
    ['endofday', ['2016-12-31T23:59:59.9999999Z', '2017-01-01T23:59:59.9999999Z', '2017-01-02T23:59:59.9999999Z']],
    ['endofweek', ['2016-12-31T23:59:59.9999999Z', '2017-01-07T23:59:59.9999999Z', '2017-01-14T23:59:59.9999999Z']],
    ['endofmonth', ['2016-12-31T23:59:59.9999999Z', '2017-01-31T23:59:59.9999999Z', '2017-02-28T23:59:59.9999999Z']],
    ['endofyear', ['2016-12-31T23:59:59.9999999Z', '2017-12-31T23:59:59.9999999Z', '2018-12-31T23:59:59.9999999Z']],
  ];
  for (const [name, outs] of cases) {
    [-1n, 0n, 1n].forEach((offset, i) => {
      // `range offset from -1 to 1 step 1` makes offset a long
      assert.equal(showDt(call(name, ['datetime', 'long'], 'datetime', [base, offset])), outs[i], `${name} ${offset}`);
    });
    assert.equal(showDt(call(name, ['datetime'], 'datetime', [base])), outs[1], `${name} without offset`);
    assert.equal(call(name, ['datetime'], 'datetime', [null]), null);
  }
  // edges: before 1970, leap February, the 9999 bound
  assert.equal(showDt(call('startofweek', ['datetime'], 'datetime', [dt('1969-12-31 12:00')])), '1969-12-28T00:00:00Z');
  assert.equal(showDt(call('endofmonth', ['datetime'], 'datetime', [dt('2016-02-10')])), '2016-02-29T23:59:59.9999999Z');
  assert.equal(showDt(call('endofyear', ['datetime'], 'datetime', [dt('9999-05-05')])), '9999-12-31T23:59:59.9999999Z');
  assert.equal(call('startofyear', ['datetime', 'int'], 'datetime', [dt('9999-05-05'), 1]), null);
  assert.equal(call('startofmonth', ['datetime', 'int'], 'datetime', [dt('0001-01-05'), -1]), null);
  assert.equal(showDt(call('startofmonth', ['datetime', 'int'], 'datetime', [dt('2017-01-15'), -13])), '2015-12-01T00:00:00Z');
});

test('Monday/Sunday week helpers from the docs (startofweek-function-01, endofweek-function-01)', () => {
  const add = (p: string, n: number, t: Boxed) => call('datetime_add', ['string', 'int', 'datetime'], 'datetime', [p, n, t]);
  const mondayStart = (t: bigint) => add('day', 1, call('startofweek', ['datetime'], 'datetime', [add('day', -1, t)]));
  const sundayEnd = (t: bigint) => add('day', 8, call('endofweek', ['datetime'], 'datetime', [add('day', -8, t)]));
  const rows: [string, string, string][] = [
    ['2025-06-14', '2025-06-09T00:00:00Z', '2025-06-15T23:59:59.9999999Z'],
    ['2025-06-15', '2025-06-09T00:00:00Z', '2025-06-15T23:59:59.9999999Z'],
    ['2025-06-16', '2025-06-16T00:00:00Z', '2025-06-22T23:59:59.9999999Z'],
    ['2025-06-17', '2025-06-16T00:00:00Z', '2025-06-22T23:59:59.9999999Z'],
  ];
  for (const [d, mon, sun] of rows) {
    assert.equal(showDt(mondayStart(dt(d))), mon, d);
    assert.equal(showDt(sundayEnd(dt(d))), sun, d);
  }
});

test('dayofweek is a timespan; the other part getters box to the site result type', () => {
  assert.equal(showTs(call('dayofweek', ['datetime'], 'timespan', [dt('1947-11-30 10:00:05')])), '00:00:00'); // day-of-week-function-00
  assert.equal(showTs(call('dayofweek', ['datetime'], 'timespan', [dt('2015-12-14')])), '1.00:00:00');
  assert.equal(showTs(call('dayofweek', ['datetime'], 'timespan', [dt('1970-01-03')])), '6.00:00:00');
  assert.equal(call('dayofweek', ['datetime'], 'timespan', [null]), null);
  const cases: [string, string, number][] = [
    ['getyear', '2015-10-12', 2015], // getyear-function-00
    ['hourofday', '2015-12-14 18:54', 18], // hour-of-day-function-00
    ['hourofday', '2015-12-31 23:59:59.9', 23],
    ['getmonth', '2015-10-12', 10], ['monthofyear', '2015-12-31', 12],
    ['dayofmonth', '2015-12-31', 31], ['dayofyear', '2015-12-31', 365], ['dayofyear', '2016-12-31', 366],
    ['week_of_year', '2020-12-31', 53], ['week_of_year', '2000-01-01', 52],
  ];
  for (const [name, d, v] of cases) {
    assert.equal(call(name, ['datetime'], 'long', [dt(d)]), BigInt(v), `${name} long`);
    assert.equal(call(name, ['datetime'], 'int', [dt(d)]), v, `${name} int`);
    assert.equal(call(name, ['datetime'], 'int', [null]), null);
  }
});

test('format_datetime: doc examples and every specifier', () => {
  const t = dt('2017-01-29 09:00:05');
  const cases: [string, string][] = [
    ['yy-MM-dd [HH:mm:ss]', '17-01-29 [09:00:05]'], // format-datetime-function-00
    ['yyyy-M-dd [H:mm:ss]', '2017-1-29 [9:00:05]'],
    ['yy-MM-dd [hh:mm:ss tt]', '17-01-29 [09:00:05 AM]'],
  ];
  for (const [f, out] of cases) {
    assert.equal(call('format_datetime', ['datetime', 'string'], 'string', [t, f], [undefined, f]), out, f);
    assert.equal(call('format_datetime', ['datetime', 'string'], 'string', [t, f]), out, `${f} (non-constant format)`);
  }
  // the doc's specifier table
  const spec: [string, string, string][] = [
    ['2009-06-01T13:45:30', 'd', '1'], ['2009-06-15T13:45:30', 'd', '15'], ['2009-06-01T13:45:30', 'dd', '01'],
    ['2009-06-15T13:45:30.6170000', 'f', '6'], ['2009-06-15T13:45:30.05', 'f', '0'],
    ['2009-06-15T13:45:30.6170000', 'ff', '61'], ['2009-06-15T13:45:30.0050000', 'ff', '00'],
    ['2009-06-15T13:45:30.617', 'fff', '617'], ['2009-06-15T13:45:30.0005', 'fff', '000'],
    ['2009-06-15T13:45:30.6175000', 'ffff', '6175'], ['2009-06-15T13:45:30.6175400', 'fffff', '61754'],
    ['2009-06-15T13:45:30.6175420', 'ffffff', '617542'], ['2009-06-15T13:45:30.6175425', 'fffffff', '6175425'],
    ['2009-06-15T13:45:30.0001150', 'fffffff', '0001150'],
    ['2009-06-15T13:45:30.6170000', 'F', '6'], ['2009-06-15T13:45:30.0500000', 'F', ''],
    ['2009-06-15T13:45:30.6170000', 'FF', '61'], ['2009-06-15T13:45:30.0050000', 'FF', ''],
    ['2009-06-15T13:45:30.6170000', 'FFF', '617'], ['2009-06-15T13:45:30.0005000', 'FFF', ''],
    ['2009-06-15T13:45:30.5275000', 'FFFF', '5275'], ['2009-06-15T13:45:30.0000500', 'FFFF', ''],
    ['2009-06-15T13:45:30.6175400', 'FFFFF', '61754'], ['2009-06-15T13:45:30.0000050', 'FFFFF', ''],
    ['2009-06-15T13:45:30.6175420', 'FFFFFF', '617542'], ['2009-06-15T13:45:30.0000005', 'FFFFFF', ''],
    ['2009-06-15T13:45:30.6175425', 'FFFFFFF', '6175425'], ['2009-06-15T13:45:30.0001150', 'FFFFFFF', '000115'],
    ['2009-06-15T01:45:30', 'h', '1'], ['2009-06-15T13:45:30', 'h', '1'], ['2009-06-15T00:45:30', 'h', '12'],
    ['2009-06-15T01:45:30', 'hh', '01'], ['2009-06-15T13:45:30', 'hh', '01'],
    ['2009-06-15T01:45:30', 'H', '1'], ['2009-06-15T13:45:30', 'H', '13'], ['2009-06-15T01:45:30', 'HH', '01'],
    ['2009-06-15T01:09:30', 'm', '9'], ['2009-06-15T13:29:30', 'm', '29'], ['2009-06-15T01:09:30', 'mm', '09'],
    ['2009-06-15T13:45:30', 'M', '6'], ['2009-06-15T13:45:30', 'MM', '06'],
    ['2009-06-15T13:45:09', 's', '9'], ['2009-06-15T13:45:09', 'ss', '09'],
    ['0001-01-01T00:00:00', 'y', '1'], ['0900-01-01T00:00:00', 'y', '0'], ['1900-01-01T00:00:00', 'y', '0'],
    ['2009-06-15T13:45:30', 'y', '9'], ['2019-06-15T13:45:30', 'y', '19'],
    ['0001-01-01T00:00:00', 'yy', '01'], ['0900-01-01T00:00:00', 'yy', '00'], ['2019-06-15T13:45:30', 'yy', '19'],
    ['0001-01-01T00:00:00', 'yyyy', '0001'], ['0900-01-01T00:00:00', 'yyyy', '0900'], ['2009-06-15T13:45:30', 'yyyy', '2009'],
    ['2009-06-15T13:45:09', 'tt', 'PM'],
    // .NET drops the '.' before an F run that prints nothing
    ['2009-06-15T13:45:09', 'HH:mm:ss.FFF', '13:45:09'], ['2009-06-15T13:45:09.5', 'HH:mm:ss.FFF', '13:45:09.5'],
    ['2009-06-15T13:45:09', 'yyyy-MM-dd_HH/mm,ss', '2009-06-15_13/45,09'],
  ];
  for (const [d, f, out] of spec) assert.equal(call('format_datetime', ['datetime', 'string'], 'string', [dt(d), f], [undefined, f]), out, `${d} ${f}`);
  assert.equal(call('format_datetime', ['datetime', 'string'], 'string', [null, 'yyyy']), '');
  for (const f of ['MMM', 'yyy', 'ddd', 'fffffffff', 'yyyy-MM-ddTHH', 'HH%mm', 'q']) {
    assert.throws(() => call('format_datetime', ['datetime', 'string'], 'string', [t, f], [undefined, f]), KqlError, f);
  }
});

test('format_timespan: doc examples and specifiers', () => {
  const t = ts('29.09:00:05.12345'); // format-timespan-function-00
  assert.equal(call('format_timespan', ['timespan', 'string'], 'string', [t, 'dd.hh:mm:ss:FF'], [undefined, 'dd.hh:mm:ss:FF']), '29.09:00:05:12');
  assert.equal(call('format_timespan', ['timespan', 'string'], 'string', [t, 'ddd.h:mm:ss [fffffff]']), '029.9:00:05 [1234500]');
  const cases: [string, string, string][] = [
    ['15.13:45:30', 'd', '15'], ['15.13:45:30', 'ddd', '015'], ['1.00:00:00', 'dddddddd', '00000001'],
    ['15.13:45:30.6170000', 'f', '6'], ['15.13:45:30.05', 'f', '0'], ['15.13:45:30.0050000', 'ff', '00'],
    ['15.13:45:30.6175425', 'fffffff', '6175425'], ['15.13:45:30.0500000', 'F', ''], ['15.13:45:30.0001150', 'FFFFFFF', '000115'],
    ['15.01:45:30', 'H', '1'], ['15.13:45:30', 'HH', '13'], ['15.01:09:30', 'm', '9'], ['15.01:09:30', 'mm', '09'],
    ['15.13:45:09', 's', '9'], ['15.13:45:09', 'ss', '09'], ['00:00:00', 'hh:mm:ss', '00:00:00'],
  ];
  for (const [v, f, out] of cases) assert.equal(call('format_timespan', ['timespan', 'string'], 'string', [ts(v), f], [undefined, f]), out, `${v} ${f}`);
  assert.equal(call('format_timespan', ['timespan', 'string'], 'string', [null, 'hh']), '');
  assert.throws(() => call('format_timespan', ['timespan', 'string'], 'string', [t, 'MM'], [undefined, 'MM']), KqlError);
  assert.throws(() => call('format_timespan', ['timespan', 'string'], 'string', [ts('-01:00:00'), 'hh'], [undefined, 'hh']), KqlError);
});

test('make_datetime (make-datetime-function-00..02) and invalid parts', () => {
  const types = (n: number): KType[] => [...Array(n - 1).fill('long'), n === 6 ? 'real' : 'long'];
  const cases: [Boxed[], string | null][] = [
    [[2017n, 10n, 1n], '2017-10-01T00:00:00Z'],
    [[2017n, 10n, 1n, 12n, 10n], '2017-10-01T12:10:00Z'],
    [[2017n, 10n, 1n, 12n, 11n, 0.1234567], '2017-10-01T12:11:00.1234567Z'],
    [[2017, 1, 1], '2017-01-01T00:00:00Z'],
    [[2016n, 2n, 29n, 23n, 59n, 59.9999999], '2016-02-29T23:59:59.9999999Z'],
    [[1, 1, 1], '0001-01-01T00:00:00Z'],
    [[2017n, 2n, 29n], null], [[2017n, 13n, 1n], null], [[2017n, 1n, 1n, 24n, 0n], null],
    [[2017n, 1n, 1n, 0n, 0n, 60], null], [[10000n, 1n, 1n], null], [[0n, 1n, 1n], null], [[2017n, null, 1n], null],
  ];
  for (const [args, expected] of cases) {
    assert.equal(showDt(call('make_datetime', types(args.length), 'datetime', args)), expected, JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  }
});

test('make_timespan (doc example) and ranges', () => {
  assert.equal(showTs(call('make_timespan', ['int', 'int', 'int', 'real'], 'timespan', [1, 12, 30, 55.123])), '1.12:30:55.1230000');
  assert.equal(showTs(call('make_timespan', ['int', 'int'], 'timespan', [1, 30])), '01:30:00');
  assert.equal(showTs(call('make_timespan', ['long', 'long', 'real'], 'timespan', [23n, 59n, 59.9999999])), '23:59:59.9999999');
  assert.equal(call('make_timespan', ['int', 'int'], 'timespan', [24, 0]), null);
  assert.equal(call('make_timespan', ['int', 'int'], 'timespan', [1, 60]), null);
  assert.equal(call('make_timespan', ['int', 'int'], 'timespan', [1, null]), null);
});

test('todatetime / totimespan (todatetime-function-01, totimespan-function-00)', () => {
  assert.equal(call('todatetime', ['string'], 'datetime', ['12-02-2022']), dt('12-02-2022'));
  assert.equal(showDt(call('todatetime', ['string'], 'datetime', ['2015-12-31 23:59:59.9'])), '2015-12-31T23:59:59.9Z');
  assert.equal(call('todatetime', ['string'], 'datetime', ['not a date']), null);
  assert.equal(call('todatetime', ['string'], 'datetime', ['']), null);
  assert.equal(call('todatetime', ['datetime'], 'datetime', [dt('2020-01-01')]), dt('2020-01-01'));
  // make-series-operator-04: mv-expanded dynamic datetimes come back through todatetime
  assert.equal(showDt(call('todatetime', ['dynamic'], 'datetime', ['2025-01-06T00:00:00.0000000Z'])), '2025-01-06T00:00:00Z');
  assert.equal(call('todatetime', ['dynamic'], 'datetime', [null]), null);
  assert.throws(() => call('todatetime', ['dynamic'], 'datetime', [[1, 2]]), KqlError);
  assert.throws(() => call('todatetime', ['long'], 'datetime', [1n]), KqlError);

  assert.equal(showTs(call('totimespan', ['string'], 'timespan', ['0.00:03:00'])), '00:03:00');
  assert.equal(showTs(call('totimespan', ['timespan'], 'timespan', [ts('4d')])), '4.00:00:00');
  assert.equal(call('totimespan', ['string'], 'timespan', ['0.00:01:00']), ts('1min'));
  assert.equal(call('totimespan', ['string'], 'timespan', ['nope']), null);
  assert.equal(showTs(call('totimespan', ['dynamic'], 'timespan', ['1.02:03:04'])), '1.02:03:04');
});

test('unixtime_*_todatetime (oracle cases and sub-unit precision)', () => {
  const cases: [string, KType, Boxed, string | null][] = [
    ['unixtime_seconds_todatetime', 'long', 1546300800n, '2019-01-01T00:00:00Z'],
    ['unixtime_seconds_todatetime', 'real', 1546300800.5, '2019-01-01T00:00:00.5Z'],
    ['unixtime_seconds_todatetime', 'int', -1, '1969-12-31T23:59:59Z'],
    ['unixtime_seconds_todatetime', 'real', 1.1234567, '1970-01-01T00:00:01.1234567Z'],
    ['unixtime_milliseconds_todatetime', 'long', 1546300800000n, '2019-01-01T00:00:00Z'],
    ['unixtime_milliseconds_todatetime', 'real', 1546300800000.25, '2019-01-01T00:00:00.00025Z'],
    ['unixtime_microseconds_todatetime', 'long', 1546300800000001n, '2019-01-01T00:00:00.000001Z'],
    ['unixtime_nanoseconds_todatetime', 'long', 1546300800000000100n, '2019-01-01T00:00:00.0000001Z'],
    ['unixtime_nanoseconds_todatetime', 'long', 1546300800000000099n, '2019-01-01T00:00:00Z'],
    ['unixtime_seconds_todatetime', 'long', 253402300800n, null],
    ['unixtime_seconds_todatetime', 'long', null, null],
  ];
  for (const [name, type, v, expected] of cases) assert.equal(showDt(call(name, [type], 'datetime', [v])), expected, `${name}(${String(v)})`);
});

test('datetime_utc_to_local / datetime_local_to_utc (datetime-local-to-utc-function-00/01)', () => {
  const toUtc = (d: string, tz: string) => showDt(call('datetime_local_to_utc', ['datetime', 'string'], 'datetime', [dt(d), tz]));
  const toLocal = (d: string, tz: string) => showDt(call('datetime_utc_to_local', ['datetime', 'string'], 'datetime', [dt(d), tz]));
  assert.equal(toUtc('2020-02-02 20:02:20', 'US/Pacific'), '2020-02-03T04:02:20Z');
  assert.equal(toUtc('2020-02-02 20:02:20', 'America/Chicago'), '2020-02-03T02:02:20Z');
  assert.equal(toUtc('2020-02-02 20:02:20', 'Europe/Paris'), '2020-02-02T19:02:20Z');
  const rows: [string, string, string][] = [
    ['2022-03-27 01:00', '2022-03-27T00:00:00Z', '2022-03-27T01:00:00Z'],
    ['2022-03-27 02:00', '2022-03-27T00:00:00Z', '2022-03-27T01:00:00Z'], // skipped local hour
    ['2022-03-27 03:00', '2022-03-27T01:00:00Z', '2022-03-27T03:00:00Z'],
    ['2022-03-27 04:00', '2022-03-27T02:00:00Z', '2022-03-27T04:00:00Z'],
  ];
  for (const [local, utc, back] of rows) {
    assert.equal(toUtc(local, 'Europe/Brussels'), utc, local);
    assert.equal(toLocal(utc, 'Europe/Brussels'), back, utc);
  }
  // 100 ns precision survives the zone round trip
  assert.equal(toLocal('2022-07-07T12:45:18.3907246Z', 'Asia/Kolkata'), '2022-07-07T18:15:18.3907246Z');
  assert.equal(toUtc('1969-12-31T23:59:59.9999999', 'UTC'), '1969-12-31T23:59:59.9999999Z');
  assert.equal(call('datetime_utc_to_local', ['datetime', 'string'], 'datetime', [null, 'UTC']), null);
  assert.throws(() => toLocal('2022-01-01', 'Not/AZone'), KqlError);
  // the repeated hour of a fall-back transition is ambiguous: loud, not guessed
  assert.throws(() => toUtc('2022-10-30 02:30', 'Europe/Brussels'), KqlError);
});

test('bin / floor on numbers (bin-function-00) box to the site result type', () => {
  assert.equal(call('bin', ['real', 'long'], 'real', [4.5, 1n]), 4);
  assert.equal(call('floor', ['real', 'long'], 'real', [4.5, 1n]), 4);
  assert.equal(call('bin', ['real', 'real'], 'real', [-4.5, 1]), -5);
  assert.equal(call('bin', ['real', 'real'], 'real', [7.3, 2.5]), 5);
  assert.equal(call('bin', ['long', 'long'], 'long', [17n, 5n]), 15n);
  assert.equal(call('bin', ['long', 'long'], 'long', [-17n, 5n]), -20n);
  assert.equal(call('bin', ['int', 'int'], 'int', [-1, 5]), -5);
  assert.equal(call('bin', ['int', 'long'], 'long', [12, 5n]), 10n);
  assert.equal(call('bin', ['long', 'long'], 'long', [9007199254740993n, 1n]), 9007199254740993n); // beyond 2^53
  assert.equal(call('bin', ['long', 'real'], 'real', [7n, 0.5]), 7);
  assert.equal(call('bin', ['long', 'long'], 'long', [null, 5n]), null);
  assert.equal(call('bin', ['long', 'long'], 'long', [5n, null]), null);
  assert.equal(call('bin', ['long', 'long'], 'long', [5n, -1n]), null);
  assert.equal(call('bin', ['real', 'real'], 'real', [5, 0]), null);
});

test('bin on timespans and datetimes (bin-function doc, range-operator-02, join-time-window-01)', () => {
  assert.equal(showTs(call('bin', ['timespan', 'timespan'], 'timespan', [ts('16d'), ts('7d')])), '14.00:00:00');
  assert.equal(showTs(call('bin', ['timespan', 'timespan'], 'timespan', [ts('-1h'), ts('1d')])), '-1.00:00:00');
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('1970-05-11 13:45:07'), ts('1d')])), '1970-05-11T00:00:00Z');
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('2024-01-01 10:45'), ts('1h')])), '2024-01-01T10:00:00Z');
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('1969-12-31 23:59:59.9999999'), ts('1d')])), '1969-12-31T00:00:00Z');
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('2026-08-01 04:32:02.4'), ts('1d')])), '2026-08-01T00:00:00Z');
  // 30 s bins (lookupWindow / 2.0)
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('2017-10-01 00:00:45'), ts('30s')])), '2017-10-01T00:00:30Z');
  // 7d bins count from 0001-01-01, a Monday
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('2020-01-01'), ts('7d')])), '2019-12-30T00:00:00Z');
  assert.equal(showDt(call('bin', ['datetime', 'timespan'], 'datetime', [dt('0001-01-03'), ts('7d')])), '0001-01-01T00:00:00Z');
  assert.equal(call('bin', ['datetime', 'timespan'], 'datetime', [dt('2020-01-01'), ts('-1h')]), null);
  assert.equal(call('bin', ['datetime', 'timespan'], 'datetime', [dt('2020-01-01'), 0n]), null);
  assert.equal(call('bin', ['datetime', 'timespan'], 'datetime', [null, ts('1h')]), null);
  assert.throws(() => call('bin', ['datetime', 'long'], 'datetime', [dt('2020-01-01'), 1n]), KqlError);
  assert.throws(() => call('bin', ['string', 'long'], 'string', ['a', 1n]), KqlError);
});

test('bin_at (bin-at-function doc examples)', () => {
  assert.equal(call('bin_at', ['real', 'real', 'long'], 'real', [6.5, 2.5, 7n]), 4.5);
  assert.equal(showTs(call('bin_at', ['timespan', 'timespan', 'timespan'], 'timespan', [ts('1h'), ts('1d'), ts('12h')])), '-12:00:00'); // bin-at-function-01
  assert.equal(showDt(call('bin_at', ['datetime', 'timespan', 'datetime'], 'datetime', [dt('2017-05-15 10:20'), ts('1d'), dt('1970-01-01 12:00')])), '2017-05-14T12:00:00Z');
  assert.equal(showDt(call('bin_at', ['datetime', 'timespan', 'datetime'], 'datetime', [dt('2017-05-17 10:20'), ts('7d'), dt('2017-05-15')])), '2017-05-15T00:00:00Z');
  assert.equal(call('bin_at', ['long', 'long', 'long'], 'long', [17n, 5n, 1n]), 16n);
  assert.equal(call('bin_at', ['long', 'long', 'long'], 'long', [-17n, 5n, 1n]), -19n);
  assert.equal(call('bin_at', ['datetime', 'timespan', 'datetime'], 'datetime', [dt('2017-05-15'), ts('1d'), null]), null);
});
