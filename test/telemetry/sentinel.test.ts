// createEngine({ schema: 'sentinel' }) and `edgewatch query --schema sentinel`: the Defender data as Microsoft
// Sentinel (Log Analytics) shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src/index.js';
import { StoreWriter } from '../../src/store/store.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

const INFO = [
  { Timestamp: '2026-11-27T09:00:00Z', DeviceId: 'd1', DeviceName: 'web-01', MachineGroup: 'Old group', ReportId: 1 },
  { Timestamp: '2026-11-27T10:00:00Z', DeviceId: 'd1', DeviceName: 'web-01', MachineGroup: 'Servers', ReportId: 2, LoggedOnUsers: '[{"UserName":"alice"}]' },
];
const EVENTS = [
  { Timestamp: '2026-11-27T11:00:00.1234567Z', DeviceId: 'd1', DeviceName: 'web-01', ActionType: 'SmartScreenUrlWarning', AdditionalFields: '{"Experience":"Malicious"}', ReportId: 5 },
  { Timestamp: '2026-11-27T11:00:01Z', DeviceId: 'd2', DeviceName: 'pc-02', ActionType: 'ProcessCreated', AdditionalFields: '', ReportId: 6 },
  { Timestamp: '2026-11-27T11:00:02Z', TimeGenerated: '2026-11-27T11:05:00Z', DeviceId: 'd1', DeviceName: 'web-01', ActionType: 'X', AdditionalFields: 'not json', ReportId: 7 },
];

const SHAPE = `DeviceEvents
| order by ReportId asc
| project ReportId, TimeGenerated, Experience = tostring(AdditionalFields.Experience), AF = AdditionalFields,
    MachineGroup, Type, TenantId, _IsBillable, _BilledSize`;

function checkShape(rows: unknown[][]): void {
  assert.deepEqual(rows.map((r) => r.slice(0, 8)), [
    // TimeGenerated is the event time unless the record has its own.
    [5, '2026-11-27T11:00:00.1234567Z', 'Malicious', { Experience: 'Malicious' }, 'Servers', 'DeviceEvents', '', 'true'],
    [6, '2026-11-27T11:00:01Z', '', null, '', 'DeviceEvents', '', 'true'],
    [7, '2026-11-27T11:05:00Z', '', 'not json', 'Servers', 'DeviceEvents', '', 'true'],
  ]);
  // _BilledSize: the values as text; the first record carries the longest texts.
  const sizes = rows.map((r) => r[8] as number);
  assert.ok(sizes.every((s) => Number.isFinite(s) && s > 50), String(sizes));
  assert.ok(sizes[0] > sizes[1], String(sizes));
}

test('sentinel: records take the Log Analytics shape (TimeGenerated, dynamic AdditionalFields, MachineGroup, billing columns)', async () => {
  const e = createEngine({ schema: 'sentinel' });
  e.addTable('DeviceInfo', INFO);
  e.addTable('DeviceEvents', EVENTS);
  checkShape((await e.query(SHAPE)).rows);

  // The Sentinel queries of the corpus bind: the JSON column is dynamic, the billing columns exist.
  const r = await e.query(`DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId | project DeviceId, User = tostring(LoggedOnUsers[0].UserName), MachineGroup`);
  assert.deepEqual(r.rows, [['d1', 'alice', 'Servers']]);
  const size = await e.query('DeviceEvents | summarize bytes = sum(_BilledSize) by bin(TimeGenerated, 1d)');
  assert.equal(size.rows.length, 1);
  assert.ok((size.rows[0][1] as number) > 150);

  // Defender's own schema has none of these: the same query does not bind there.
  const mde = createEngine({ schema: 'mde' });
  mde.addTable('DeviceEvents', EVENTS);
  await assert.rejects(mde.query('DeviceEvents | where _IsBillable == "true"'), /_IsBillable/);
  await assert.rejects(mde.query('DeviceEvents | extend x = AdditionalFields.Experience'), (e: Error) => /Experience|dynamic/.test(e.message));
  // Defender's functions are Defender's only.
  await assert.rejects(e.query('print DeviceFromIP("10.0.0.1")'), /DeviceFromIP/);
});

test('sentinel: a data folder and a store map onto the same shape; new commits are seen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-sentinel-'));
  writeFileSync(join(dir, 'DeviceInfo.jsonl'), INFO.map((r) => JSON.stringify(r)).join('\n'));
  writeFileSync(join(dir, 'DeviceEvents.jsonl'), EVENTS.map((r) => JSON.stringify(r)).join('\n'));
  const folder = createEngine({ schema: 'sentinel' });
  await folder.load(dir);
  checkShape((await folder.query(SHAPE)).rows);

  const storeDir = mkdtempSync(join(tmpdir(), 'edgewatch-sentinel-store-'));
  const w = StoreWriter.openWriter(storeDir);
  for (const r of INFO) w.add('DeviceInfo', r, { source: 't' });
  for (const r of EVENTS.slice(0, 2)) w.add('DeviceEvents', r, { source: 't' });
  await w.commit();
  const store = createEngine({ schema: 'sentinel' });
  await store.load(storeDir);
  assert.deepEqual((await store.query('DeviceEvents | count')).rows, [[2]]);
  w.add('DeviceEvents', EVENTS[2], { source: 't' });
  await w.commit();
  w.close();
  checkShape((await store.query(SHAPE)).rows);
  // Tables Sentinel does not stream keep their Defender shape.
  assert.deepEqual((await store.query('DeviceTvmSoftwareVulnerabilities | getschema | where ColumnName == "TimeGenerated" | count')).rows, [[0]]);
});

test('cli: query --schema sentinel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-sentinel-cli-'));
  writeFileSync(join(dir, 'DeviceEvents.jsonl'), EVENTS.map((r) => JSON.stringify(r)).join('\n'));
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  const q = 'DeviceEvents | where AdditionalFields.Experience == "Malicious" | project ReportId, Type';
  const ok = run(['query', '--data', dir, '--schema', 'sentinel', '--format', 'json', '--query', q]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).rows, [[5, 'DeviceEvents']]);
  // The Defender schema (the default) refuses it, as Defender does.
  const mde = run(['query', '--data', dir, '--format', 'json', '--query', q]);
  assert.equal(mde.status, 3, mde.stderr);
  const bad = run(['query', '--schema', 'splunk', '--query', 'print 1']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--schema must be mde or sentinel/);
});
