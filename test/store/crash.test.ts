// kill -9 `edgewatch ingest -` at random moments, 50 times: the store always opens, holds every record a commit
// acknowledged on stderr, and holds nothing twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Store, StoreWriter, isStore } from '../../src/store/store.js';
import { start, line, commits, tempDir } from './helpers.js';

const ITERATIONS = 50;
const CHAINS = 2; // two stores killed in parallel (two cores), 25 kills each

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Record number `seq` (1-based); ReportId = seq, two UTC days so that two partitions grow. */
function record(seq: number): string {
  const day = seq % 2 === 0 ? '26' : '27';
  const ms = String(seq % 1000).padStart(3, '0');
  return line('DeviceNetworkEvents', {
    Timestamp: `2026-11-${day}T10:${String(Math.floor(seq / 60000) % 60).padStart(2, '0')}:${String(Math.floor(seq / 1000) % 60).padStart(2, '0')}.${ms}1234Z`,
    DeviceId: `dev${seq % 7}`,
    ActionType: 'InboundConnectionAttempt',
    RemoteIP: '203.0.113.5',
    LocalPort: seq % 65536,
    ReportId: seq,
  });
}

/** The ReportIds stored, checked to be exactly 1..M without duplicates; returns M. */
function checkPrefix(dir: string, ackedMax: number, why: string): number {
  if (!isStore(dir)) {
    // Killed before the store's first manifest was written: then nothing can have been acknowledged.
    assert.equal(ackedMax, 0, `${why}: no store but ${ackedMax} acknowledged`);
    return 0;
  }
  const s = Store.open(dir);
  if (!s.schemaOf('DeviceNetworkEvents')) {
    assert.equal(ackedMax, 0, `${why}: nothing stored but ${ackedMax} acknowledged`);
    return 0;
  }
  const t = s.readTable('DeviceNetworkEvents');
  const col = t.columns[t.schema.findIndex((f) => f.name === 'ReportId')];
  const seen = new Uint8Array(t.length + 1);
  let max = 0;
  for (let i = 0; i < t.length; i++) {
    const id = Number(col.get(i));
    assert.ok(id >= 1 && id <= t.length, `${why}: ReportId ${id} stored but only ${t.length} rows: a gap or a duplicate`);
    assert.equal(seen[id], 0, `${why}: ReportId ${id} stored twice`);
    seen[id] = 1;
    if (id > max) max = id;
  }
  assert.equal(max, t.length, why);
  assert.ok(max >= ackedMax, `${why}: ${ackedMax} acknowledged, only ${max} stored`);
  return max;
}

async function chain(seed: number, iterations: number): Promise<{ kills: number; acked: number; commitsSeen: number; dir: string }> {
  const rand = mulberry32(seed);
  const dir = join(tempDir('crash'), 'store');
  let stored = 0;
  let commitsSeen = 0;
  let ackedTotal = 0;
  for (let it = 0; it < iterations; it++) {
    // Resend the last 20 stored records too: re-ingesting after a crash must not duplicate them.
    const first = Math.max(1, stored - 19);
    const p = start(['ingest', '--store', dir, '--format', 'test-rows', '-'], { env: { EDGEWATCH_COMMIT_MS: '50' } });
    let err = '';
    p.stderr!.on('data', (d) => (err += d));
    p.stdin!.on('error', () => undefined); // EPIPE once it is killed
    let next = first;
    let alive = true;
    const exited = new Promise<void>((r) => p.on('exit', () => ((alive = false), r())));
    const feed = async () => {
      while (alive) {
        let chunk = '';
        for (let k = 0; k < 50; k++) chunk += record(next++);
        if (!p.stdin!.write(chunk)) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    void feed();
    const delay = 200 + Math.floor(rand() * 2200);
    await new Promise((r) => setTimeout(r, delay));
    p.kill('SIGKILL');
    await exited;
    const acks = commits(err);
    commitsSeen += acks.length;
    const acknowledged = acks.length ? Math.max(...acks.map((c) => c.acknowledged)) : 0;
    const ackedMax = acknowledged ? first + acknowledged - 1 : 0;
    ackedTotal += acknowledged;
    const why = `seed ${seed}, kill ${it + 1} after ${delay} ms (${acks.length} commits reported)`;
    assert.doesNotMatch(err, /edgewatch: /, `${why}: ${err}`);
    stored = checkPrefix(dir, Math.max(ackedMax, 0), why);
  }
  return { kills: iterations, acked: ackedTotal, commitsSeen, dir };
}

test(`kill -9 during ingest from standard input, ${ITERATIONS} times: acknowledged records kept, none twice`, { timeout: 120_000 }, async (t) => {
  const base = Date.now() % 1_000_000;
  const results = await Promise.all(Array.from({ length: CHAINS }, (_, c) => chain(base + c, ITERATIONS / CHAINS)));
  const commitsSeen = results.reduce((a, r) => a + r.commitsSeen, 0);
  t.diagnostic(`seed ${base}: ${commitsSeen} commits acknowledged before the kills, ${results.reduce((a, r) => a + r.acked, 0)} records`);
  // The kills must have landed after commits, or the test proves nothing.
  assert.ok(commitsSeen >= 20, `only ${commitsSeen} commits were acknowledged across the kills`);
  for (const r of results) {
    // The next writer removes whatever a killed commit left behind: every file is then listed by the manifest.
    StoreWriter.openWriter(r.dir).close();
    const s = Store.open(r.dir);
    const listed = new Set<string>();
    for (const name of s.tableNames()) for (const p of s.partitions(name)) for (const seg of p.segments) listed.add(seg.file);
    for (const q of s.quarantineFiles) listed.add(q.file);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(relative(r.dir, p));
      }
    };
    walk(join(r.dir, 'segments'));
    assert.deepEqual(files.sort(), [...listed].sort());
  }
});
