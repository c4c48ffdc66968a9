import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_DATETIME_TICKS, MIN_DATETIME_TICKS, addMonths, civilFromDays, daysFromCivil, formatDatetime,
  formatDatetimeTostring, isLeapYear, isoWeekOfYear, makeDatetimeTicks, parseDatetime, partsToTicks, ticksToParts,
} from '../../src/kql/data/datetime.js';

const iso = (s: string): string | null => {
  const t = parseDatetime(s);
  return t === null ? null : formatDatetime(t);
};

test('parseDatetime: every documented literal / todatetime form', () => {
  const cases: [string, string][] = [
    // ISO 8601 (datetime data type doc page)
    ['2014-05-25T08:20:03.123456Z', '2014-05-25T08:20:03.123456Z'],
    ['2014-05-25T08:20:03.123456', '2014-05-25T08:20:03.123456Z'],
    ['2014-05-25T08:20', '2014-05-25T08:20:00Z'],
    ['2014-11-08 15:55:55.123456Z', '2014-11-08T15:55:55.123456Z'],
    ['2014-11-08 15:55:55', '2014-11-08T15:55:55Z'],
    ['2014-11-08 15:55', '2014-11-08T15:55:00Z'],
    ['2014-11-08', '2014-11-08T00:00:00Z'],
    ['2015-12-31 23:59:59.9', '2015-12-31T23:59:59.9Z'],
    ['2017-10-01T00:00', '2017-10-01T00:00:00Z'],
    ['2022-07-07T12:45:18.3907246Z', '2022-07-07T12:45:18.3907246Z'],
    // offsets are converted to UTC
    ['2014-05-25T08:20:03+02:00', '2014-05-25T06:20:03Z'],
    ['2014-05-25T08:20:03-0530', '2014-05-25T13:50:03Z'],
    ['2014-05-25T23:20:03-02', '2014-05-26T01:20:03Z'],
    ['2014-05-25 08:20:03 +01:00', '2014-05-25T07:20:03Z'],
    // RFC 822
    ['Sat, 8 Nov 14 15:05:02 GMT', '2014-11-08T15:05:02Z'],
    ['Sat, 8 Nov 14 15:05:02', '2014-11-08T15:05:02Z'],
    ['Sat, 8 Nov 14 15:05', '2014-11-08T15:05:00Z'],
    ['Sat, 8 Nov 14 15:05 GMT', '2014-11-08T15:05:00Z'],
    ['8 Nov 14 15:05:02 GMT', '2014-11-08T15:05:02Z'],
    ['8 Nov 14 15:05:02', '2014-11-08T15:05:02Z'],
    ['8 Nov 14 15:05', '2014-11-08T15:05:00Z'],
    ['8 Nov 14 15:05 GMT', '2014-11-08T15:05:00Z'],
    // RFC 850
    ['Saturday, 08-Nov-14 15:05:02 GMT', '2014-11-08T15:05:02Z'],
    ['Saturday, 08-Nov-14 15:05:02', '2014-11-08T15:05:02Z'],
    ['Saturday, 08-Nov-14 15:05 GMT', '2014-11-08T15:05:00Z'],
    ['Saturday, 08-Nov-14 15:05', '2014-11-08T15:05:00Z'],
    ['08-Nov-14 15:05:02 GMT', '2014-11-08T15:05:02Z'],
    ['08-Nov-14 15:05:02', '2014-11-08T15:05:02Z'],
    ['08-Nov-14 15:05 GMT', '2014-11-08T15:05:00Z'],
    ['08-Nov-14 15:05', '2014-11-08T15:05:00Z'],
    // Sortable
    ['2014-11-08 15:05:25', '2014-11-08T15:05:25Z'],
    ['2014-11-08 15:05:25 GMT', '2014-11-08T15:05:25Z'],
    ['2014-11-08 15:05', '2014-11-08T15:05:00Z'],
    ['2014-11-08 15:05 GMT', '2014-11-08T15:05:00Z'],
    ['2014-11-08T15:05:25', '2014-11-08T15:05:25Z'],
    ['2014-11-08T15:05:25 GMT', '2014-11-08T15:05:25Z'],
    ['2014-11-08T15:05', '2014-11-08T15:05:00Z'],
    ['2014-11-08T15:05 GMT', '2014-11-08T15:05:00Z'],
    ['2017-1-1 12:23:34', '2017-01-01T12:23:34Z'],
    // forms seen in doc queries the real engine ran (oracle cases)
    ['12-02-2022', '2022-12-02T00:00:00Z'], // todatetime-function-01: month first
    ['01-01-2022', '2022-01-01T00:00:00Z'], // array-iff-function-02
    ['2025, 6, 14', '2025-06-14T00:00:00Z'], // startofweek-function-01
    ['2015/12/31', '2015-12-31T00:00:00Z'],
    ['2015.12.31 23:59', '2015-12-31T23:59:00Z'],
    ['  2015-12-31  ', '2015-12-31T00:00:00Z'],
    ['Nov 8, 2014 3:05 PM', '2014-11-08T15:05:00Z'],
    ['2014-11-08 12:05 AM', '2014-11-08T00:05:00Z'],
    // two-digit years follow .NET's 2029 pivot
    ['1 Jan 29 00:00', '2029-01-01T00:00:00Z'],
    ['1 Jan 30 00:00', '1930-01-01T00:00:00Z'],
  ];
  for (const [input, expected] of cases) assert.equal(iso(input), expected, input);
});

test('parseDatetime: what does not parse is null', () => {
  const bad = [
    '', 'null', 'hello', '2015-13-01', '2015-02-29', '1900-02-29', '2015-04-31', '2015-12-31 24:00',
    '2015-12-31 23:60', '2015-12-31 23:59:60', '0000-12-31', '2015-12-31T10:00+15:00',
    'Fri, 8 Nov 14 15:05:02 GMT', // wrong weekday
    '8 Foo 14 15:05', '2015-12', '20151231', '2015-12-31 13:00 PM',
    '9999-12-31T23:00:00-02:00', // beyond 9999 once converted to UTC
  ];
  for (const s of bad) assert.equal(parseDatetime(s), null, s);
});

test('fractions: up to 7 digits exact, more digits rounded half-to-even to a tick', () => {
  const cases: [string, bigint][] = [
    ['1970-01-01T00:00:00.0000001Z', 1n],
    ['1970-01-01T00:00:00.1Z', 1_000_000n],
    ['1970-01-01T00:00:00.00000014Z', 1n],
    ['1970-01-01T00:00:00.00000016Z', 2n],
    ['1970-01-01T00:00:00.00000015Z', 2n],
    ['1970-01-01T00:00:00.00000025Z', 2n],
    ['1970-01-01T00:00:00.000000251Z', 3n],
    ['1970-01-01T00:00:00.99999999Z', 10_000_000n],
    ['1969-12-31T23:59:59.9999999Z', -1n],
  ];
  for (const [s, t] of cases) assert.equal(parseDatetime(s), t, s);
});

test('formatDatetime trims the fraction; formatDatetimeTostring always writes 7 digits', () => {
  const cases: [string, string, string][] = [
    ['2017-10-15 12:00', '2017-10-15T12:00:00Z', '2017-10-15T12:00:00.0000000Z'],
    ['2016-12-31T23:59:59.9999999', '2016-12-31T23:59:59.9999999Z', '2016-12-31T23:59:59.9999999Z'],
    ['2026-08-01T04:32:02.4', '2026-08-01T04:32:02.4Z', '2026-08-01T04:32:02.4000000Z'],
    ['2017-10-01 12:11:00.1234567', '2017-10-01T12:11:00.1234567Z', '2017-10-01T12:11:00.1234567Z'],
    ['0001-01-01', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000Z'],
    ['0099-03-04 05:06:07.0000010', '0099-03-04T05:06:07.000001Z', '0099-03-04T05:06:07.0000010Z'],
    ['1969-07-20 20:17:40', '1969-07-20T20:17:40Z', '1969-07-20T20:17:40.0000000Z'],
  ];
  for (const [input, short, full] of cases) {
    const t = parseDatetime(input);
    assert.ok(t !== null, input);
    assert.equal(formatDatetime(t), short, input);
    assert.equal(formatDatetimeTostring(t), full, input);
  }
});

test('bounds: 0001-01-01 and 9999-12-31T23:59:59.9999999', () => {
  assert.equal(MIN_DATETIME_TICKS, -621355968000000000n);
  assert.equal(MAX_DATETIME_TICKS, 2534023007999999999n);
  assert.equal(formatDatetime(MIN_DATETIME_TICKS), '0001-01-01T00:00:00Z');
  assert.equal(formatDatetime(MAX_DATETIME_TICKS), '9999-12-31T23:59:59.9999999Z');
  assert.equal(parseDatetime('0001-01-01'), MIN_DATETIME_TICKS);
  assert.equal(parseDatetime('9999-12-31T23:59:59.9999999Z'), MAX_DATETIME_TICKS);
  // The doc's example: .NET ticks 31241376000000000 (counted from 0001) is Friday 0100-01-01.
  const t = 31241376000000000n + MIN_DATETIME_TICKS;
  assert.equal(formatDatetime(t), '0100-01-01T00:00:00Z');
  assert.equal(ticksToParts(t).dayOfWeek, 5);
});

/** A small deterministic PRNG so the round-trip sample is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('round trips: 5000 random 7-digit values across 0001..9999 format and parse back exactly', () => {
  const r = rng(42);
  const span = MAX_DATETIME_TICKS - MIN_DATETIME_TICKS;
  for (let i = 0; i < 5000; i++) {
    // Two 32-bit halves give a uniform-enough 64-bit offset.
    const off = (BigInt(Math.floor(r() * 2 ** 31)) * 2n ** 32n + BigInt(Math.floor(r() * 2 ** 32))) % span;
    const t = MIN_DATETIME_TICKS + off;
    assert.equal(parseDatetime(formatDatetime(t)), t, formatDatetime(t));
    assert.equal(parseDatetime(formatDatetimeTostring(t)), t, formatDatetimeTostring(t));
  }
  assert.equal(formatDatetime(parseDatetime('2022-07-07T12:45:18.3907246Z')!), '2022-07-07T12:45:18.3907246Z');
});

test('civil helpers agree with an independent calendar for every 97th day of 0001..9999', () => {
  const first = daysFromCivil(1, 1, 1);
  const last = daysFromCivil(9999, 12, 31);
  for (let dn = first; dn <= last; dn += 97) {
    const ref = new Date(dn * 86_400_000); // day-level reference only
    const c = civilFromDays(dn);
    assert.deepEqual([c.year, c.month, c.day], [ref.getUTCFullYear(), ref.getUTCMonth() + 1, ref.getUTCDate()], String(dn));
    assert.equal(daysFromCivil(c.year, c.month, c.day), dn);
    const p = ticksToParts(BigInt(dn) * 864_000_000_000n + 123n);
    assert.equal(p.dayOfWeek, ref.getUTCDay());
    assert.equal(p.fraction, 123);
  }
});

test('ticksToParts / partsToTicks', () => {
  const t = parseDatetime('2017-10-30 01:02:03.7654321')!;
  assert.deepEqual(ticksToParts(t), {
    year: 2017, month: 10, day: 30, hour: 1, minute: 2, second: 3, fraction: 7654321, dayOfWeek: 1, dayOfYear: 303,
  });
  assert.equal(partsToTicks(2017, 10, 30, 1, 2, 3, 7654321), t);
  // before 1970
  const p = ticksToParts(-1n);
  assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute, p.second, p.fraction, p.dayOfWeek, p.dayOfYear], [1969, 12, 31, 23, 59, 59, 9999999, 3, 365]);
  assert.equal(partsToTicks(1969, 12, 31, 23, 59, 59, 9999999), -1n);
  assert.equal(ticksToParts(parseDatetime('2016-12-31')!).dayOfYear, 366);
});

test('leap years', () => {
  const cases: [number, boolean][] = [[1900, false], [2000, true], [2023, false], [2024, true], [2100, false], [2400, true], [4, true], [1, false]];
  for (const [y, leap] of cases) {
    assert.equal(isLeapYear(y), leap, String(y));
    assert.equal(parseDatetime(`${String(y).padStart(4, '0')}-02-29`) !== null, leap, String(y));
    assert.equal(makeDatetimeTicks(y, 2, 29) !== null, leap, String(y));
  }
});

test('addMonths clamps to the month end and keeps the time of day', () => {
  const cases: [string, number, string | null][] = [
    ['2017-01-31 10:00:00.5', 1, '2017-02-28T10:00:00.5Z'],
    ['2016-01-31', 1, '2016-02-29T00:00:00Z'],
    ['2016-02-29', 12, '2017-02-28T00:00:00Z'],
    ['2016-03-31', -1, '2016-02-29T00:00:00Z'],
    ['2017-01-01', -15, '2015-10-01T00:00:00Z'],
    ['1969-12-15', 1, '1970-01-15T00:00:00Z'],
    ['9999-12-01', 1, null],
    ['0001-01-31', -1, null],
  ];
  for (const [input, n, expected] of cases) {
    const r = addMonths(parseDatetime(input)!, n);
    assert.equal(r === null ? null : formatDatetime(r), expected, `${input} + ${n}`);
  }
});

test('isoWeekOfYear (week_of_year doc table and year edges)', () => {
  const cases: [string, number][] = [
    ['2020-12-31', 53], ['2020-06-15', 25], ['1970-01-01', 1], ['2000-01-01', 52],
    ['2017-10-30 01:02:03', 44], ['2021-01-03', 53], ['2021-01-04', 1], ['2018-12-31', 1], ['2016-01-03', 53],
  ];
  for (const [d, w] of cases) assert.equal(isoWeekOfYear(parseDatetime(d)!), w, d);
});
