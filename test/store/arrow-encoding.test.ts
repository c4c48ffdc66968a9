// How segments are encoded for speed and size: dictionary indices as narrow as the dictionary allows, datetimes
// converted to nanoseconds without bigint arithmetic, reader batches over one growing dictionary array, and a
// commit's day partitions written from views of the rows. Values must come back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as arrow from 'apache-arrow';
import { encodeArrowFile, decodeArrowFile } from '../../src/store/arrow-codec.js';
import { concatTables } from '../../src/store/concat.js';
import { Table, type Schema } from '../../src/kql/data/batch.js';
import { DictVector, FlatVector } from '../../src/kql/data/vector.js';
import { StoreWriter } from '../../src/store/store.js';
import { tempDir } from './helpers.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';

const S: Schema = [{ name: 's', type: 'string' }];

function stringsTable(values: string[]): Table {
  const dict = [...new Set(values)];
  const index = new Map(dict.map((s, i) => [s, i]));
  return new Table(S, [new DictVector('string', Int32Array.from(values, (s) => index.get(s)!), new FlatVector('string', dict, null))], values.length);
}

for (const [distinct, width] of [[3, 8], [128, 8], [129, 16], [32768, 16], [32769, 32]] as const) {
  test(`codec: ${distinct} distinct strings are written with Int${width} indices and read back exactly`, () => {
    const values = Array.from({ length: distinct + 50 }, (_, i) => `v${(i * 7919) % distinct}`);
    const bytes = encodeArrowFile(stringsTable(values));
    const type = arrow.tableFromIPC(bytes).schema.fields[0].type as arrow.Dictionary;
    assert.ok(arrow.DataType.isDictionary(type));
    assert.equal(type.indices.bitWidth, width);
    const back = decodeArrowFile(bytes);
    assert.deepEqual(Array.from({ length: values.length }, (_, i) => back.columns[0].get(i)), values);
  });
}

test('codec: datetimes become nanoseconds exactly (negative, carries across the 32-bit halves, the int64 limits)', () => {
  const ticks = [0n, 1n, -1n, 4294967295n, 4294967296n, -4294967296n, -4294967297n, 6_389_000_000_123_456_7n, -92233720368547758n, 92233720368547758n];
  for (let i = 0; i < 2000; i++) ticks.push(BigInt(Math.round((i % 2 ? -1 : 1) * (i * 4.6e13 + i * 7))));
  const nulls = new Uint8Array(ticks.length);
  nulls[3] = 1;
  const t = new Table([{ name: 'd', type: 'datetime' }], [new FlatVector('datetime', BigInt64Array.from(ticks), nulls)], ticks.length);
  const bytes = encodeArrowFile(t);
  const raw = arrow.tableFromIPC(bytes).getChild('d')!.data[0].values as BigInt64Array;
  ticks.forEach((x, i) => {
    if (i !== 3) assert.equal(raw[i], x * 100n, `row ${i}`);
  });
  const back = decodeArrowFile(bytes).columns[0];
  ticks.forEach((x, i) => assert.equal(back.get(i), i === 3 ? null : x));
});

test('concat: parts whose dictionaries view one growing array keep it (codes copied); the segment writes only the entries used', () => {
  const global = ['a', 'b'];
  const p1 = new Table(S, [new DictVector('string', Int32Array.of(1, 0, 1), new FlatVector('string', global, null, null, 2))], 3);
  global.push('c', 'd');
  const p2 = new Table(S, [new DictVector('string', Int32Array.of(3, 1), new FlatVector('string', global, null, null, 4))], 2);
  global.push('e'); // added after both parts: not theirs
  const t = concatTables(S, [p1, p2]);
  const col = t.columns[0] as DictVector;
  assert.equal(col.dict.data, global);
  assert.equal(col.dict.length, 4);
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => col.get(i)), ['b', 'a', 'b', 'd', 'b']);
  const dict = arrow.tableFromIPC(encodeArrowFile(t)).getChild('s')!.data[0].dictionary!;
  assert.deepEqual([...dict], ['b', 'a', 'd']);
});

test('store: a commit across a day boundary writes each day from its rows (consecutive or not), exactly', async () => {
  const dir = tempDir('edgewatch-days-');
  const w = StoreWriter.openWriter(dir);
  const rows = (days: string[], base: number) =>
    days.map((d, i) => ({ Timestamp: `2026-11-${d}T12:00:00.000000${i}Z`, DeviceId: `d${i % 3}`, ReportId: base + i, LocalPort: i % 2 ? null : 1000 + i }));
  // Consecutive runs per day (views), then interleaved days (gathered).
  const batches = [rows(['20', '20', '21', '21', '21'], 0), rows(['22', '23', '22', '23'], 100)];
  for (const b of batches) {
    for (const row of b) w.add('DeviceNetworkEvents', row, { source: 't' });
    await w.commit();
  }
  const store = w.closeWriter();
  assert.deepEqual(store.partitions('DeviceNetworkEvents').map((p) => p.partition), ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
  const t = store.readTable('DeviceNetworkEvents');
  const col = (name: string) => t.columns[t.schema.findIndex((f) => f.name === name)];
  const got = Array.from({ length: t.length }, (_, i) => [col('Timestamp').get(i), col('DeviceId').get(i), col('ReportId').get(i), col('LocalPort').get(i)]);
  const want = batches.flat().map((r) => [parseDatetime(r.Timestamp), r.DeviceId, BigInt(r.ReportId), r.LocalPort]);
  const key = (x: unknown[]) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  assert.deepEqual(got.map(key).sort(), want.map(key).sort());
});
