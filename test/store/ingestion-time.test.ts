// ingestion_time(): the store keeps each commit's time in a hidden column of its segments; compaction keeps it;
// tables added from memory or loaded from a folder get the time they were added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { Store, StoreWriter } from '../../src/store/store.js';
import { decodeArrowFile } from '../../src/store/arrow-codec.js';
import { createEngine } from '../../src/index.js';
import { tempDir } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function event(i: number): Record<string, unknown> {
  return { Timestamp: `2026-11-27T10:00:${String(i).padStart(2, '0')}Z`, DeviceId: 'd1', DeviceName: 'web-01', ActionType: 'ConnectionSuccess', RemoteIP: `203.0.113.${i}`, RemotePort: 443, ReportId: i };
}

const PER_BATCH = `DeviceNetworkEvents
| summarize rows = count(), ips = make_set(RemoteIP) by it = ingestion_time()
| order by it asc`;

test('store: ingestion_time() tells two commits apart, and compaction keeps each row\'s time', async () => {
  const dir = tempDir('ingestion-time');
  const w = StoreWriter.openWriter(dir, { smallRows: 1000 });
  const before = Date.now();
  for (let i = 0; i < 3; i++) w.add('DeviceNetworkEvents', event(i), { source: 'a' });
  await w.commit();
  await sleep(20);
  const middle = Date.now();
  await sleep(5);
  for (let i = 3; i < 5; i++) w.add('DeviceNetworkEvents', event(i), { source: 'b' });
  await w.commit();
  const after = Date.now();

  const engine = createEngine({ schema: 'mde' });
  await engine.load(dir);
  const first = await engine.query(PER_BATCH);
  assert.equal(first.rows.length, 2, 'two commits, two ingestion times');
  assert.deepEqual(first.rows.map((r) => r[1]), [3, 2]);
  assert.deepEqual(first.rows.map((r) => (r[2] as string[]).sort()), [
    ['203.0.113.0', '203.0.113.1', '203.0.113.2'],
    ['203.0.113.3', '203.0.113.4'],
  ]);
  const [t1, t2] = first.rows.map((r) => Date.parse(r[0] as string));
  assert.ok(before <= t1 && t1 <= middle, `first commit at ${t1}, between ${before} and ${middle}`);
  assert.ok(middle <= t2 && t2 <= after, `second commit at ${t2}, between ${middle} and ${after}`);

  // A filter on it, as the FalconForce rules write it.
  const recent = await engine.query(`DeviceNetworkEvents | where ingestion_time() >= datetime(${new Date(middle).toISOString()}) | project RemoteIP | order by RemoteIP asc`);
  assert.deepEqual(recent.rows, [['203.0.113.3'], ['203.0.113.4']]);

  // Never visible: not in *, not in getschema.
  const star = await engine.query('DeviceNetworkEvents | take 1');
  assert.ok(!star.columns.some((c) => c.name.startsWith('$')), 'no hidden column in *');
  const schema = await engine.query('DeviceNetworkEvents | getschema | where ColumnName startswith "$"');
  assert.equal(schema.rows.length, 0);

  // Compaction merges the two segments into one; each row keeps its commit's time.
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 1; i++) w.add('DeviceNetworkEvents', event(10 + k), { source: `c${k}` });
    await w.commit();
  }
  const segsBefore = w.partitions('DeviceNetworkEvents')[0].segments.length;
  assert.equal(segsBefore, 5);
  assert.deepEqual(await w.compact(), ['DeviceNetworkEvents/2026-11-27']);
  const segs = Store.open(dir).partitions('DeviceNetworkEvents')[0].segments;
  assert.equal(segs.length, 1);
  w.close();
  const fresh = createEngine({ schema: 'mde' });
  await fresh.load(dir);
  const merged = await fresh.query(PER_BATCH);
  assert.equal(merged.rows.length, 5, 'five commits, five times, after compaction');
  assert.deepEqual(merged.rows.slice(0, 2), first.rows);
  // The merged segment holds it as a plain Arrow column; a reader asking for the table's columns does not get it.
  const file = join(dir, segs[0].file);
  const t = arrow.tableFromIPC(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(file))));
  assert.ok(t.schema.fields.some((f) => f.name === '$IngestionTime'));
});

test('store: one commit writes its time as a one-entry dictionary (no per-row values), read back as a constant', async () => {
  const dir = tempDir('ingestion-time-dict');
  const w = StoreWriter.openWriter(dir);
  for (let i = 0; i < 4; i++) w.add('DeviceNetworkEvents', event(i), { source: 'a' });
  await w.commit();
  w.close();
  const seg = Store.open(dir).partitions('DeviceNetworkEvents')[0].segments[0];
  const bytes = new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(join(dir, seg.file))));
  const f = arrow.tableFromIPC(bytes).schema.fields.find((x) => x.name === '$IngestionTime')!;
  assert.ok(arrow.DataType.isDictionary(f.type));
  assert.equal(f.metadata.get('kusto_type'), 'datetime');
  const t = decodeArrowFile(bytes, ['DeviceId'], ['$IngestionTime']);
  assert.equal(t.columns[1].enc, 'const');
  assert.equal(t.length, 4);
});

test('ingestion_time(): a table added from memory or loaded from a folder gets the time it was added', async () => {
  const engine = createEngine({ schema: 'mde' });
  const t0 = Date.now();
  engine.addTable('DeviceNetworkEvents', [event(1), event(2)]);
  const t1 = Date.now();
  const r = await engine.query('DeviceNetworkEvents | extend it = ingestion_time() | summarize min(it), max(it)');
  const [lo, hi] = r.rows[0].map((x) => Date.parse(x as string));
  assert.equal(lo, hi);
  assert.ok(t0 <= lo && lo <= t1);

  const dir = tempDir('ingestion-time-folder');
  writeFileSync(join(dir, 'Watchlist.jsonl'), '{"ip":"203.0.113.7"}\n{"ip":"198.51.100.1"}\n');
  const before = Date.now();
  await engine.load(dir);
  const w = await engine.query('Watchlist | where ingestion_time() >= datetime(2000-01-01) | count');
  assert.deepEqual(w.rows, [[2]]);
  const at = Date.parse((await engine.query('Watchlist | take 1 | project ingestion_time()')).rows[0][0] as string);
  assert.ok(before <= at && at <= Date.now());
});

test('ingestion_time(): null outside a table\'s records; refused where a row mixes records', async () => {
  const engine = createEngine({ schema: 'mde' });
  engine.addTable('DeviceNetworkEvents', [event(1)]);
  const q = async (text: string) => (await engine.query(text)).rows;
  assert.deepEqual(await q('print t = ingestion_time()'), [[null]]);
  assert.deepEqual(await q('datatable(x:long)[1] | extend t = ingestion_time() | project t'), [[null]]);
  assert.deepEqual(await q('DeviceNetworkEvents | summarize count() by DeviceId | extend t = ingestion_time() | project t'), [[null]]);
  // Kept through let, project and union (the rows are still the table's records).
  const kept = await q('let x = DeviceNetworkEvents | project RemoteIP; union x, (x | where RemoteIP != "") | where isnotnull(ingestion_time()) | count');
  assert.deepEqual(kept, [[2]]);
  await assert.rejects(engine.query('DeviceNetworkEvents | join kind=inner (DeviceNetworkEvents) on DeviceId | where ingestion_time() > ago(1d)'), /unsupported: ingestion_time\(\)/);
});
