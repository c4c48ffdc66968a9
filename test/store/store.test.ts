// The embedded store and `edgewatch ingest`: real processes, real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync, appendFileSync, statSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { Store, StoreWriter, partitionOf, type SegmentMeta } from '../../src/store/store.js';
import { encodeArrowFile, decodeArrowFile } from '../../src/store/arrow-codec.js';
import { tableFromRecords } from '../../src/kql/data/from-rows.js';
import { encodeResult } from '../../src/kql/engine.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';
import type { Schema } from '../../src/kql/data/batch.js';
import { createEngine } from '../../src/index.js';
import { run, start, line, commits, tempDir } from './helpers.js';

const ALL_TYPES: Schema = [
  { name: 's', type: 'string' },
  { name: 'b', type: 'bool' },
  { name: 'i', type: 'int' },
  { name: 'l', type: 'long' },
  { name: 'r', type: 'real' },
  { name: 'd', type: 'datetime' },
  { name: 't', type: 'timespan' },
  { name: 'y', type: 'dynamic' },
  { name: 'g', type: 'guid' },
];
const ALL_ROWS = [
  { s: 'a', b: true, i: 1, l: 2, r: 1.5, d: '2026-11-27T11:00:00.1234567Z', t: '1.02:03:04.5000001', y: { a: [1, 2], b: 'x' }, g: '6F9619FF-8B86-D011-B42D-00C04FC964FF' },
  { s: '', b: null, i: null, l: null, r: null, d: null, t: null, y: null, g: null },
  { s: 'héllo ✓', b: false, i: -2147483648, l: '9223372036854775807', r: -0.0, d: '2262-04-11T23:47:16.8547758Z', t: '-00:00:00.0000001', y: 'plain', g: '' },
  { s: 'a', b: true, i: 2147483647, l: '-9223372036854775808', r: 1e308, d: '1677-09-21T00:12:43.1456225Z', t: '10675199.02:48:05.4775807', y: [true, null, 1.25], g: '00000000-0000-0000-0000-000000000000' },
];

test('codec: every column type round-trips exactly, 7-digit fractions and the int64-nanosecond limits included', () => {
  const { table, errors } = tableFromRecords(ALL_ROWS, ALL_TYPES);
  assert.deepEqual(errors, []);
  const back = decodeArrowFile(encodeArrowFile(table));
  assert.deepEqual(back.schema, ALL_TYPES);
  assert.deepEqual(encodeResult(back).rows, encodeResult(table).rows);
  assert.equal(encodeResult(back).rows[0][5], '2026-11-27T11:00:00.1234567Z');
  // Strings come back as one dictionary (Arrow's), the datetimes as ticks.
  assert.equal(back.columns[0].enc, 'dict');
});

test('codec: the Arrow file is standard (dictionary strings, Timestamp(ns, UTC), Kusto types in field metadata)', () => {
  const { table } = tableFromRecords(ALL_ROWS.slice(0, 3), ALL_TYPES);
  const t = arrow.tableFromIPC(encodeArrowFile(table));
  const f = (n: string) => t.schema.fields.find((x) => x.name === n)!;
  assert.ok(arrow.DataType.isDictionary(f('s').type));
  assert.ok(arrow.DataType.isTimestamp(f('d').type));
  assert.equal((f('d').type as arrow.Timestamp).unit, arrow.TimeUnit.NANOSECOND);
  assert.equal((f('d').type as arrow.Timestamp).timezone, 'UTC');
  assert.equal(f('t').metadata.get('kusto_type'), 'timespan');
  assert.equal(f('y').metadata.get('kusto_type'), 'dynamic');
  assert.equal(f('g').metadata.get('kusto_type'), 'guid');
  // Nanoseconds since 1970 (arrow's get() gives milliseconds, so read the buffer).
  assert.equal((t.getChild('d')!.data[0].values as BigInt64Array)[0], parseDatetime('2026-11-27T11:00:00.1234567Z')! * 100n);
  assert.equal(t.getChild('i')!.get(1), null);
  assert.equal(t.getChild('y')!.get(0), '{"a":[1,2],"b":"x"}');
});

test('codec: a datetime outside the int64-nanosecond range is stored as ticks and still reads back exactly', () => {
  const rows = [{ d: '0001-01-01T00:00:00Z' }, { d: '9999-12-31T23:59:59.9999999Z' }, { d: '2026-01-01T00:00:00.0000001Z' }];
  const schema: Schema = [{ name: 'd', type: 'datetime' }];
  const { table } = tableFromRecords(rows, schema);
  const bytes = encodeArrowFile(table);
  const t = arrow.tableFromIPC(bytes);
  assert.equal(t.schema.fields[0].metadata.get('kusto_encoding'), 'ticks');
  assert.deepEqual(encodeResult(decodeArrowFile(bytes)).rows, [['0001-01-01T00:00:00Z'], ['9999-12-31T23:59:59.9999999Z'], ['2026-01-01T00:00:00.0000001Z']]);
});

const DNE = (i: number, extra: Record<string, unknown> = {}) => ({
  Timestamp: `2026-11-${String(20 + (i % 3)).padStart(2, '0')}T10:00:00.${String(1000000 + i).slice(1)}7Z`,
  DeviceId: `dev${i % 4}`,
  DeviceName: `host${i % 4}`,
  ActionType: 'InboundConnectionAttempt',
  RemoteIP: `198.51.100.${i % 200}`,
  RemotePort: 40000 + i,
  LocalPort: i % 1000,
  InitiatingProcessFileSize: i * 1000,
  IsInitiatingProcessRemoteSession: i % 2 === 0,
  AdditionalFields: i % 5 === 0 ? null : JSON.stringify({ flags: 'S' }),
  ReportId: 1000 + i,
  ...extra,
});

test('ingest of a file: Defender types, partitions by UTC day, 7-digit timestamps exact through query --store', () => {
  const dir = tempDir('store');
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, Array.from({ length: 30 }, (_, i) => line('DeviceNetworkEvents', DNE(i))).join(''));
  const store = join(dir, 'store');
  const r = run(['ingest', '--store', store, input]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(commits(r.err).map((c) => [c.rows, c.duplicates, c.acknowledged]), [[30, 0, 30]]);
  const s = Store.open(store);
  assert.deepEqual(s.tableNames(), ['DeviceNetworkEvents']);
  assert.deepEqual(s.partitions('DeviceNetworkEvents').map((p) => p.partition), ['2026-11-20', '2026-11-21', '2026-11-22']);
  for (const p of s.partitions('DeviceNetworkEvents')) {
    for (const seg of p.segments) assert.ok(existsSync(join(store, seg.file)), seg.file);
    assert.equal(p.segments.reduce((a, x) => a + x.rows, 0), 10);
  }
  const t = s.readTable('DeviceNetworkEvents');
  assert.equal(t.length, 30);
  assert.deepEqual(s.schemaOf('DeviceNetworkEvents')!.find((f) => f.name === 'RemotePort'), { name: 'RemotePort', type: 'int' });
  const q = run(['query', '--store', store, '--format', 'json', '--query', 'DeviceNetworkEvents | where ReportId == 1007 | project Timestamp, DeviceId, RemotePort, InitiatingProcessFileSize, IsInitiatingProcessRemoteSession, AdditionalFields']);
  assert.equal(q.code, 0, q.err);
  assert.deepEqual(JSON.parse(q.out).rows, [['2026-11-21T10:00:00.0000077Z', 'dev3', 40007, 7000, false, '{"flags":"S"}']]);
});

test('re-ingesting the same file adds nothing; rows without ReportId get a stable one, identical rows stay distinct', () => {
  const dir = tempDir('dedupe');
  const input = join(dir, 'in.jsonl');
  const noId = { Timestamp: '2026-11-27T10:00:00Z', DeviceId: 'd9', ActionType: 'ListeningConnectionCreated', LocalPort: 22 };
  writeFileSync(input, [line('DeviceNetworkEvents', DNE(1)), line('DeviceNetworkEvents', DNE(2)), line('DeviceNetworkEvents', noId), line('DeviceNetworkEvents', noId), line('Custom', { a: 1, when: '2026-11-27T00:00:00Z' })].join(''));
  const store = join(dir, 'store');
  const first = run(['ingest', '--store', store, input]);
  assert.equal(first.code, 0, first.err);
  assert.deepEqual(commits(first.err).map((c) => [c.rows, c.duplicates]), [[5, 0]]);
  const second = run(['ingest', '--store', store, input]);
  assert.equal(second.code, 0, second.err);
  assert.deepEqual(commits(second.err).map((c) => [c.rows, c.duplicates]), [[0, 5]]);
  // A file repeating a stored Defender record (same DeviceId, Timestamp, ReportId) with one new one.
  const more = join(dir, 'more.jsonl');
  writeFileSync(more, line('DeviceNetworkEvents', DNE(2)) + line('DeviceNetworkEvents', DNE(3)));
  const third = run(['ingest', '--store', store, more]);
  assert.deepEqual(commits(third.err).map((c) => [c.rows, c.duplicates]), [[1, 1]]);
  const s = Store.open(store);
  const t = s.readTable('DeviceNetworkEvents');
  assert.equal(t.length, 5);
  const ids = new Set<string>();
  const ri = t.schema.findIndex((f) => f.name === 'ReportId');
  for (let i = 0; i < t.length; i++) ids.add(String(t.columns[ri].get(i)));
  assert.equal(ids.size, 5, 'the two identical records got two ReportIds');
  // A table outside the Defender schema: the schema of its first commit, with a ReportId.
  assert.deepEqual(s.schemaOf('Custom'), [{ name: 'a', type: 'long' }, { name: 'when', type: 'datetime' }, { name: 'ReportId', type: 'long' }]);
});

test('bad records are quarantined with file and line; exit 0, or 1 under --strict; usage errors exit 2', () => {
  const dir = tempDir('quarantine');
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, [line('DeviceNetworkEvents', DNE(1)), 'not json at all\n', line('DeviceNetworkEvents', DNE(2, { RemotePort: 'eighty' })), line('DeviceNetworkEvents', DNE(3))].join(''));
  const store = join(dir, 'store');
  const r = run(['ingest', '--store', store, input]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`warning: ${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: .*not valid JSON`));
  assert.match(r.err, /in\.jsonl:3: DeviceNetworkEvents: column RemotePort: not an integer: "eighty"/);
  assert.match(r.err, /ingested 2 rows \(0 duplicates, 2 rejected\)/);
  const s = Store.open(store);
  assert.equal(s.readTable('DeviceNetworkEvents').length, 2);
  assert.equal(s.quarantineFiles.length, 1);
  const q = readFileSync(join(store, s.quarantineFiles[0].file), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(q.map((x) => [x.source, x.line]), [[input, 2], [input, 3]]);
  assert.equal(q[0].raw, 'not json at all');
  assert.match(q[1].raw, /"RemotePort":"eighty"/);
  assert.equal(run(['ingest', '--strict', '--store', join(dir, 'strict'), input]).code, 1);
  assert.equal(run(['ingest', '--store', store, '--retention', 'forever', input]).code, 2);
  assert.equal(run(['ingest', '--store', store, '--format', 'nope', input]).code, 2);
  assert.equal(run(['ingest', '--store', store, join(dir, 'missing.jsonl')]).code, 2);
  assert.equal(run(['ingest', '--store', store, '--bogus', input]).code, 2);
});

test('.gz input is read transparently (detected by its magic bytes, whatever its name)', () => {
  const dir = tempDir('gz');
  const input = join(dir, 'events.log');
  writeFileSync(input, gzipSync(Buffer.from(Array.from({ length: 12 }, (_, i) => line('DeviceNetworkEvents', DNE(i))).join(''))));
  const store = join(dir, 'store');
  const r = run(['ingest', '--store', store, input]);
  assert.equal(r.code, 0, r.err);
  assert.equal(Store.open(store).readTable('DeviceNetworkEvents').length, 12);
});

test('--retention drops partitions whose newest event is older than now - retention, files included', () => {
  const dir = tempDir('retention');
  const store = join(dir, 'store');
  const day = 86_400_000;
  const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, [
    line('DeviceNetworkEvents', DNE(1, { Timestamp: at(40 * day) })),
    line('DeviceNetworkEvents', DNE(2, { Timestamp: at(35 * day) })),
    line('DeviceNetworkEvents', DNE(3, { Timestamp: at(2 * day) })),
    line('DeviceNetworkEvents', DNE(4, { Timestamp: at(60_000) })),
  ].join(''));
  const r0 = run(['ingest', '--store', store, input]);
  assert.equal(r0.code, 0, r0.err);
  const before = Store.open(store).partitions('DeviceNetworkEvents');
  assert.equal(before.length, 4);
  const oldFiles = before.slice(0, 2).flatMap((p) => p.segments.map((s) => join(store, s.file)));
  // Nothing new to ingest: retention still runs.
  const r = run(['ingest', '--store', store, '--retention', '30d', input]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /retention: dropped 2 partition/);
  const s = Store.open(store);
  assert.deepEqual(s.partitions('DeviceNetworkEvents').map((p) => p.partition), before.slice(2).map((p) => p.partition));
  assert.equal(s.readTable('DeviceNetworkEvents').length, 2);
  for (const f of oldFiles) assert.equal(existsSync(f), false, f);
});

test('compaction merges many small segments into one (atomic swap, old files deleted), rows unchanged', async () => {
  const dir = tempDir('compact');
  const w = StoreWriter.openWriter(dir);
  for (let c = 0; c < 10; c++) {
    for (let i = 0; i < 5; i++) w.add('DeviceNetworkEvents', DNE(c * 5 + i, { Timestamp: `2026-11-27T10:00:0${c}.123456${i}Z` }), { source: 'test' });
    await w.commit();
  }
  const before = w.partitions('DeviceNetworkEvents');
  assert.equal(before.length, 1);
  assert.equal(before[0].segments.length, 10);
  const oldFiles = before[0].segments.map((s: SegmentMeta) => join(dir, s.file));
  const rowsBefore = encodeResult(w.readTable('DeviceNetworkEvents')).rows.map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(await w.compact(), ['DeviceNetworkEvents/2026-11-27']);
  const after = w.partitions('DeviceNetworkEvents');
  assert.equal(after[0].segments.length, 1);
  assert.equal(after[0].segments[0].rows, 50);
  assert.equal(after[0].segments[0].minTime, '2026-11-27T10:00:00.123456Z');
  assert.equal(after[0].segments[0].maxTime, '2026-11-27T10:00:09.1234564Z');
  for (const f of oldFiles) assert.equal(existsSync(f), false);
  // Dedupe still holds after compaction, and a fresh reader sees the same rows.
  for (let i = 0; i < 5; i++) w.add('DeviceNetworkEvents', DNE(i, { Timestamp: `2026-11-27T10:00:00.123456${i}Z` }), { source: 'test' });
  const again = await w.commit();
  assert.deepEqual([again.rows, again.duplicates], [0, 5]);
  w.close();
  const rowsAfter = encodeResult(Store.open(dir).readTable('DeviceNetworkEvents')).rows.map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(rowsAfter, rowsBefore);
  assert.deepEqual(readdirSync(join(dir, 'segments', 'DeviceNetworkEvents', '2026-11-27')), [after[0].segments[0].file.split('/').pop()]);
});

test('compaction with more than 8 large segments merges the smallest ones', async () => {
  const dir = tempDir('compact-big');
  const w = StoreWriter.openWriter(dir, { smallRows: 1 });
  for (let c = 0; c < 9; c++) {
    for (let i = 0; i <= c; i++) w.add('DeviceNetworkEvents', DNE(c * 100 + i, { Timestamp: '2026-11-27T10:00:00Z' }), { source: 'test' });
    await w.commit();
  }
  assert.equal(w.partitions('DeviceNetworkEvents')[0].segments.length, 9);
  await w.compact();
  const segs = w.partitions('DeviceNetworkEvents')[0].segments;
  assert.deepEqual(segs.map((s) => s.rows).sort((a, b) => a - b), [7, 8, 9, 21]);
  assert.equal(w.readTable('DeviceNetworkEvents').length, 45);
  w.close();
});

test('the writer deletes files no manifest lists (a commit that never happened); readers leave them alone', () => {
  const dir = tempDir('orphans');
  const w = StoreWriter.openWriter(dir);
  w.close();
  const orphanDir = join(dir, 'segments', 'DeviceNetworkEvents', '2026-11-27');
  mkdirSync(orphanDir, { recursive: true });
  writeFileSync(join(orphanDir, 'half-written.arrow.tmp-1'), 'xx');
  writeFileSync(join(dir, 'manifest.json.tmp-1'), '{');
  Store.open(dir).tableNames();
  assert.ok(existsSync(join(orphanDir, 'half-written.arrow.tmp-1')));
  StoreWriter.openWriter(dir).close();
  assert.equal(existsSync(join(dir, 'segments', 'DeviceNetworkEvents')), false);
  assert.equal(existsSync(join(dir, 'manifest.json.tmp-1')), false);
});

test('a second writer is refused while the first holds the store; a dead writer\'s lock is taken over', () => {
  const dir = tempDir('lock');
  const w = StoreWriter.openWriter(dir);
  assert.throws(() => {
    // Same process id counts as ours, so simulate another live process: pid 1 (init) is always alive.
    writeFileSync(join(dir, 'writer.lock'), '1');
    StoreWriter.openWriter(dir);
  }, /being written by process 1/);
  writeFileSync(join(dir, 'writer.lock'), '999999999');
  w.close();
  writeFileSync(join(dir, 'writer.lock'), '999999999');
  StoreWriter.openWriter(dir).close();
});

test('library: one engine over a store sees each new commit at its next query, new tables included', async () => {
  const dir = tempDir('live');
  const w = StoreWriter.openWriter(dir);
  w.add('DeviceNetworkEvents', DNE(1), { source: 't' });
  await w.commit();
  const engine = createEngine({ schema: 'mde' });
  await engine.load(dir);
  const count = async (q: string) => (await engine.query(q)).rows;
  assert.deepEqual(await count('DeviceNetworkEvents | count'), [[1]]);
  assert.deepEqual(await count('DeviceInfo | count'), [[0]]);
  w.close();
  // A separate process commits more rows and a new Defender table.
  const input = join(dir, '..', `${dir.split('/').pop()}-in.jsonl`);
  writeFileSync(input, line('DeviceNetworkEvents', DNE(2)) + line('DeviceNetworkEvents', DNE(3)) + line('DeviceInfo', { Timestamp: '2026-11-27T00:00:00Z', DeviceId: 'dev1', DeviceName: 'host1', IsInternetFacing: true, ReportId: 5 }));
  const r = run(['ingest', '--store', dir, input]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(await count('DeviceNetworkEvents | count'), [[3]]);
  assert.deepEqual(await count('DeviceInfo | project DeviceName, IsInternetFacing'), [['host1', true]]);
  assert.deepEqual(await count('DeviceNetworkEvents | summarize make_set(DeviceId) | mv-expand set_DeviceId | order by tostring(set_DeviceId) asc'), [['dev1'], ['dev2'], ['dev3']]);
});

test('query with neither --data nor --store reads ./.edgewatch/store when it exists', () => {
  const dir = tempDir('default');
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, line('DeviceNetworkEvents', DNE(1)) + line('DeviceNetworkEvents', DNE(2)));
  assert.equal(run(['query', '--format', 'json', '--query', 'DeviceNetworkEvents | count'], { cwd: dir }).out.trim().includes('[0]'), true);
  const r = run(['ingest', input], { cwd: dir });
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(join(dir, '.edgewatch', 'store', 'manifest.json')));
  const q = run(['query', '--format', 'json', '--query', 'DeviceNetworkEvents | count'], { cwd: dir });
  assert.equal(q.code, 0, q.err);
  assert.deepEqual(JSON.parse(q.out).rows, [[2]]);
  assert.equal(run(['query', '--store', join(dir, 'nothing'), '--query', 'print 1']).code, 2);
});

test('standard input: a commit at least every second, each reported; the data is there before the input ends', async () => {
  const dir = tempDir('stdin');
  const store = join(dir, 'store');
  const p = start(['ingest', '--store', store, '-']);
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  p.stdin!.write(line('DeviceNetworkEvents', DNE(1)) + line('DeviceNetworkEvents', DNE(2)));
  const until = async (cond: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    return cond();
  };
  assert.ok(await until(() => commits(err).length === 1, 8000), err);
  assert.deepEqual(commits(err).map((c) => [c.rows, c.acknowledged]), [[2, 2]]);
  assert.equal(Store.open(store).readTable('DeviceNetworkEvents').length, 2);
  p.stdin!.write(line('DeviceNetworkEvents', DNE(3)));
  assert.ok(await until(() => commits(err).length === 2, 4000), err);
  p.stdin!.end(line('DeviceNetworkEvents', DNE(4)));
  const code = await new Promise((r) => p.on('exit', r));
  assert.equal(code, 0, err);
  assert.equal(commits(err).at(-1)!.acknowledged, 4);
  assert.equal(Store.open(store).readTable('DeviceNetworkEvents').length, 4);
});

test('--follow reads a growing file, starts over after truncation, and commits on SIGTERM', async () => {
  const dir = tempDir('follow');
  const store = join(dir, 'store');
  const input = join(dir, 'grow.jsonl');
  writeFileSync(input, line('DeviceNetworkEvents', DNE(1)));
  const p = start(['ingest', '--follow', '--store', store, input]);
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  const until = async (cond: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    return cond();
  };
  const stored = () => (existsSync(join(store, 'manifest.json')) ? Store.open(store).rowCount('DeviceNetworkEvents') : 0);
  assert.ok(await until(() => stored() === 1, 8000), err);
  appendFileSync(input, line('DeviceNetworkEvents', DNE(2)) + line('DeviceNetworkEvents', DNE(3)));
  assert.ok(await until(() => stored() === 3, 5000), err);
  // Rotation by truncation: the new content is read from its start.
  writeFileSync(input, line('DeviceNetworkEvents', DNE(4)));
  assert.ok(statSync(input).size > 0);
  assert.ok(await until(() => stored() === 4, 5000), err);
  p.kill('SIGTERM');
  const code = await new Promise((r) => p.on('exit', r));
  assert.equal(code, 0, err);
  assert.equal(stored(), 4);
});

test('partitionOf: the UTC day of a datetime, before 1970 included', () => {
  const cases: [string, string][] = [
    ['2026-11-27T23:59:59.9999999Z', '2026-11-27'],
    ['2026-11-28T00:00:00Z', '2026-11-28'],
    ['1969-12-31T23:59:59.9999999Z', '1969-12-31'],
    ['0001-01-01T00:00:00Z', '0001-01-01'],
  ];
  for (const [t, day] of cases) assert.equal(partitionOf(parseDatetime(t)!), day, t);
});
