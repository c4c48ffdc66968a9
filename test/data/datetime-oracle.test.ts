// The real engine's output strings (oracle/cases.json) must be exactly what our formatters write for the value
// our parsers read from them: datetime columns trimmed, timespan columns in [-][d.]hh:mm:ss[.fffffff], and
// datetimes inside dynamic arrays with 7 fractional digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { formatDatetime, formatDatetimeTostring, parseDatetime } from '../../src/kql/data/datetime.js';
import { formatTimespan, parseTimespan } from '../../src/kql/data/timespan.js';

const CASES = '/work/shared/kql/oracle/cases.json';
const present = existsSync(CASES);

interface OracleCase { id: string; expected?: { column_types?: string[]; rows?: unknown[][] } }

function collect(): { datetimes: Set<string>; timespans: Set<string>; dynamicDatetimes: Set<string> } {
  const data = JSON.parse(readFileSync(CASES, 'utf8')) as { cases: OracleCase[] };
  const datetimes = new Set<string>();
  const timespans = new Set<string>();
  const dynamicDatetimes = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/.test(v)) dynamicDatetimes.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const c of data.cases) {
    const types = c.expected?.column_types ?? [];
    for (const row of c.expected?.rows ?? []) {
      row.forEach((v, i) => {
        if (typeof v !== 'string') {
          if (types[i] === 'Object') walk(v);
          return;
        }
        if (types[i] === 'DateTime') datetimes.add(v);
        if (types[i] === 'TimeSpan') timespans.add(v);
      });
    }
  }
  return { datetimes, timespans, dynamicDatetimes };
}

test('oracle datetime, timespan and dynamic-datetime strings round-trip through our parsers and formatters', { skip: !present }, () => {
  const { datetimes, timespans, dynamicDatetimes } = collect();
  assert.ok(datetimes.size > 50 && timespans.size > 20 && dynamicDatetimes.size > 50, 'the oracle file still has the expected cases');
  for (const s of datetimes) {
    const t = parseDatetime(s);
    assert.ok(t !== null, s);
    assert.equal(formatDatetime(t), s);
  }
  for (const s of timespans) {
    const t = parseTimespan(s);
    assert.ok(t !== null, s);
    assert.equal(formatTimespan(t), s);
  }
  for (const s of dynamicDatetimes) {
    const t = parseDatetime(s);
    assert.ok(t !== null, s);
    assert.equal(formatDatetimeTostring(t), s);
  }
});
