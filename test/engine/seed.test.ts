// The seed detection, verbatim, over the demo data, against an independent computation over the raw records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createEngine } from '../../src/index.js';
import { generateDemo } from '../../src/demo/generate.js';
import { referenceSeed } from '../demo/seed-reference.js';

const SEED = readFileSync(new URL('../../rules/verbatim/seed-port-scan.kql', import.meta.url), 'utf8');

test('the shipped seed rule is the seed query verbatim', () => {
  const original = readFileSync(new URL('../../../shared/seed/port-scan-internet-facing.kql', import.meta.url), 'utf8');
  assert.equal(SEED, original);
});

test('seed query over the demo data matches an independent computation', async () => {
  const data = generateDemo({});
  const engine = createEngine({ schema: 'mde' });
  for (const [table, rows] of Object.entries(data.tables)) {
    const { errors } = engine.addTable(table, rows);
    assert.deepEqual(errors, [], `${table} rows fit the schema`);
  }
  const result = await engine.query(SEED, { now: data.now });
  assert.deepEqual(result.columns, [
    { name: 'RemoteIP', type: 'string' },
    { name: 'IPLocation_country', type: 'string' },
    { name: 'Connections', type: 'long' },
  ]);
  const expected = referenceSeed(data);
  assert.ok(expected.size >= 3, 'the demo plants scanners');
  const actual = new Map<string, number>();
  for (const [ip, country, n] of result.rows as [string, string, number][]) {
    assert.equal(typeof country, 'string');
    assert.ok(!actual.has(ip), `one row per address (${ip})`);
    actual.set(ip, n);
  }
  assert.deepEqual([...actual.entries()].sort(), [...expected.entries()].sort());
  // sort by Connections desc, and the filter keeps that order
  const counts = result.rows.map((r) => r[2] as number);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  // geolocation: public scanners resolve to a country name
  assert.ok(result.rows.some((r) => (r[1] as string).length > 2), 'countries are English names');
});

test('one engine answers many queries in a row', async () => {
  const data = generateDemo({ events: 20_000, devices: 50 });
  const engine = createEngine({ schema: 'mde' });
  for (const [table, rows] of Object.entries(data.tables)) engine.addTable(table, rows);
  const a = await engine.query(SEED, { now: data.now });
  const b = await engine.query('DeviceNetworkEvents | count', { now: data.now });
  const c = await engine.query(SEED, { now: data.now });
  assert.deepEqual(a, c);
  assert.equal(b.rows[0][0], data.tables.DeviceNetworkEvents.length);
});
