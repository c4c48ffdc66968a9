import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TIMESPAN_UNITS, formatTimespan, parseTimespan, parseTimespanLiteral } from '../../src/kql/data/timespan.js';

const TICK = 1n;
const US = 10n;
const MS = 10_000n;
const SEC = 10_000_000n;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const DAY = 24n * HOUR;

test('parseTimespanLiteral: the doc literals and the whole unit vocabulary', () => {
  const cases: [string, bigint][] = [
    ['2d', 2n * DAY], ['1.5h', 90n * MIN], ['30m', 30n * MIN], ['10s', 10n * SEC], ['0.1s', SEC / 10n],
    ['100ms', 100n * MS], ['10microsecond', 10n * US], ['1tick', TICK],
    ['1sec', SEC], ['1min', MIN], ['25min', 25n * MIN], ['60s', 60n * SEC], ['5minutes', 5n * MIN],
    ['2days', 2n * DAY], ['1day', DAY], ['3hours', 3n * HOUR], ['1hour', HOUR], ['2hr', 2n * HOUR], ['2hrs', 2n * HOUR],
    ['1minute', MIN], ['1second', SEC], ['2seconds', 2n * SEC],
    ['1milli', MS], ['1millis', MS], ['1millisec', MS], ['1millisecond', MS], ['2milliseconds', 2n * MS],
    ['1micro', US], ['1micros', US], ['1microsec', US], ['3microseconds', 3n * US],
    ['100nano', TICK], ['200nanos', 2n * TICK], ['300nanosec', 3n * TICK], ['400nanosecond', 4n * TICK], ['500nanoseconds', 5n * TICK],
    ['150nanoseconds', TICK], // finer than a tick: truncated
    ['7ticks', 7n * TICK], ['0d', 0n], ['1.25d', 30n * HOUR], ['0.0000001s', TICK],
  ];
  for (const [text, t] of cases) assert.equal(parseTimespanLiteral(text), t, text);
  // every unit of the table parses
  for (const unit of Object.keys(TIMESPAN_UNITS)) assert.notEqual(parseTimespanLiteral(`1${unit}`), null, unit);
});

test('parseTimespanLiteral rejects what the lexer rejects', () => {
  for (const s of ['1w', '1week', '1M', '1H', '1D', 'd', '1', '1.h', '.5h', '1 d', '-1d', '1y']) {
    assert.equal(parseTimespanLiteral(s), null, s);
  }
});

test('parseTimespan: timespan(...) contents and totimespan strings', () => {
  const cases: [string, bigint][] = [
    ['15 seconds', 15n * SEC],
    ['2', 2n * DAY],
    ['0.12:34:56.7', 12n * HOUR + 34n * MIN + 56n * SEC + 7_000_000n],
    ['12:34:56', 12n * HOUR + 34n * MIN + 56n * SEC],
    ['-1.00:00:00', -DAY],
    ['29.09:00:05.12345', 29n * DAY + 9n * HOUR + 5n * SEC + 1_234_500n],
    ['00:01:00', MIN],
    ['0.00:03:00', 3n * MIN], // totimespan-function-00
    ['0.00:01:00', MIN],
    ['12:30', 12n * HOUR + 30n * MIN],
    ['1d', DAY], ['16d', 16n * DAY], ['25min', 25n * MIN], ['1.5 hours', 90n * MIN],
    ['-12:00:00', -12n * HOUR], ['-30m', -30n * MIN],
    ['00:00:00.0000001', TICK],
  ];
  for (const [text, t] of cases) assert.equal(parseTimespan(text), t, text);
  for (const s of ['', 'abc', '24:00:00', '00:60:00', '00:00:60', '1.5', '00:00:00.12345678', '1w', '1:2:3:4']) {
    assert.equal(parseTimespan(s), null, s);
  }
});

test('formatTimespan: [-][d.]hh:mm:ss[.fffffff]', () => {
  const cases: [bigint, string][] = [
    [0n, '00:00:00'],
    [DAY, '1.00:00:00'],
    [4n * DAY, '4.00:00:00'],
    [MIN, '00:01:00'],
    [-12n * HOUR, '-12:00:00'],
    [DAY + 12n * HOUR + 30n * MIN + 55n * SEC + 1_230_000n, '1.12:30:55.1230000'],
    [4n * HOUR + 32n * MIN + 2n * SEC + 4_000_000n, '04:32:02.4000000'],
    [TICK, '00:00:00.0000001'],
    [-TICK, '-00:00:00.0000001'],
    [-(3n * DAY + 4n * HOUR + 5n * SEC + 6n), '-3.04:00:05.0000006'],
    [10675199n * DAY + 2n * HOUR + 48n * MIN + 5n * SEC + 4_775_807n, '10675199.02:48:05.4775807'],
    [3n * HOUR, '03:00:00'],
  ];
  for (const [t, text] of cases) {
    assert.equal(formatTimespan(t), text, text);
    assert.equal(parseTimespan(text), t, `round trip ${text}`);
  }
});
