// The library facade as a program uses it: createEngine, load, addTable, query, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, KqlError } from '../../src/index.js';

test('createEngine is synchronous; the Defender tables exist empty', async () => {
  const e = createEngine({ schema: 'mde' });
  assert.ok(e.tableNames().includes('DeviceNetworkEvents'));
  assert.ok(e.tableNames().includes('DeviceInfo'));
  const r = await e.query('DeviceInfo | getschema | where ColumnName in ("Timestamp", "TimeGenerated", "IsInternetFacing") | project ColumnName, ColumnType');
  assert.deepEqual(r.rows, [
    ['Timestamp', 'datetime'],
    ['TimeGenerated', 'datetime'],
    ['IsInternetFacing', 'bool'],
  ]);
  assert.deepEqual(createEngine({}).tableNames(), []);
});

test('load(dir) reads a data folder; addTable adds rows; now accepts a Date or an ISO string', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-api-'));
  writeFileSync(join(dir, 'DeviceInfo.json'), JSON.stringify([{ Timestamp: '2026-11-27T11:30:00Z', DeviceId: 'abc', IsInternetFacing: true }]));
  const e = createEngine({ schema: 'mde' });
  const report = await e.load(dir);
  assert.deepEqual(report.tables.map((t) => t.name), ['DeviceInfo']);
  e.addTable('Notes', [{ id: 'abc', note: 'edge' }]);
  const q = 'DeviceInfo | where Timestamp > ago(1h) | join kind=inner Notes on $left.DeviceId == $right.id | project DeviceId, note';
  assert.deepEqual((await e.query(q, { now: new Date('2026-11-27T12:00:00Z') })).rows, [['abc', 'edge']]);
  assert.deepEqual((await e.query(q, { now: '2026-11-27T13:00:00Z' })).rows, []);
});

test('failures carry a code: syntax, semantic, unsupported, runtime', async () => {
  const e = createEngine({});
  const code = async (q: string) => {
    try {
      await e.query(q);
      return 'ok';
    } catch (err) {
      assert.ok(err instanceof KqlError);
      return err.code;
    }
  };
  assert.equal(await code('print x = '), 'syntax');
  assert.equal(await code('print x = y'), 'semantic');
  assert.equal(await code('print x = 1 | evaluate python(typeof(*), "")'), 'unsupported');
  assert.equal(await code('range x from 1 to 200000000 step 1 | count'), 'runtime');
});

test('a long beyond 2^53 is written as a decimal string; reals keep NaN and infinities as strings', async () => {
  const r = await createEngine({}).query('print big = 9007199254740993, small = 5, n = real(nan), i = real(+inf), d = 1.5');
  assert.deepEqual(r.rows, [['9007199254740993', 5, 'NaN', 'Infinity', 1.5]]);
});
