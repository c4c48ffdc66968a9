/**
 * `npm run bench:ingest`: end-to-end ingest of a Defender streaming-API file (Storage-blob shape: one record per
 * line, `{"time", "tenantId", "operationName", "category": "AdvancedHunting-DeviceNetworkEvents", "properties"}`)
 * into a committed store, against DuckDB's `read_json` of the same file into an in-memory table (less work: no
 * schema mapping, no dedupe, nothing durable, so the comparison favours DuckDB). Then the query time on the store
 * vs the in-memory engine on the same rows, and the resident memory per stored event (measured in a fresh process).
 *
 *   npm run bench:ingest -- [--events N] [--runs K] [--keep DIR]
 *
 * `npm run bench:ingest` compiles first and runs dist/bench/ingest-bench.js: the compiled code is what
 * `edgewatch ingest` runs, and under tsx every parser worker would first compile the TypeScript sources itself
 * (~0.25 s of CPU per worker per ingest, measured), a cost no user pays.
 *
 * Target: ingest throughput at least half of DuckDB's.
 */
import { mkdtempSync, mkdirSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateDemo } from '../src/demo/generate.js';
import { READERS, detectReader } from '../src/sources/registry.js';
import type { FormatReader, ReaderEvent } from '../src/sources/reader.js';
import { runIngest } from '../src/cli/ingest.js';
import { Store } from '../src/store/store.js';
import { createEngine } from '../src/index.js';

const QUERY = `DeviceNetworkEvents
| where ActionType == "InboundConnectionAttempt"
| summarize Ports = dcount(LocalPort), Attempts = count(), First = min(Timestamp), Last = max(Timestamp) by RemoteIP
| where Ports >= 10
| order by Ports desc, RemoteIP asc`;

interface Options {
  events: number;
  runs: number;
  keep: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { events: 300_000, runs: 3, keep: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--events') o.events = Number(String(argv[++i]).replace(/_/g, '').replace(/k$/i, '000'));
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--keep') o.keep = argv[++i];
    else throw new Error(`usage: ingest-bench [--events N] [--runs K] [--keep DIR] (unknown ${a})`);
  }
  if (!Number.isInteger(o.events) || o.events < 1000) throw new Error('--events must be an integer >= 1000');
  return o;
}

/**
 * Fallback used only while the streaming-API reader has not landed in src/sources: one record per line, the
 * table from `category`, the row from `properties`.
 */
const fallbackReader: FormatReader = {
  name: 'bench-mde-stream',
  description: 'bench fallback: Defender streaming-API records, one per line',
  detect: (head) => /^\{"time":/.test(head.toString('latin1', 0, 16)),
  async *read(input): AsyncIterable<ReaderEvent> {
    let rest = '';
    let line = 0;
    for await (const chunk of input) {
      const text = rest + chunk.toString('utf8');
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        line++;
        const s = text.slice(start, nl);
        start = nl + 1;
        try {
          const r = JSON.parse(s) as { category: string; properties: Record<string, unknown> };
          yield { kind: 'row', table: r.category.replace(/^AdvancedHunting-/, ''), row: r.properties, line };
        } catch (e) {
          yield { kind: 'reject', message: (e as Error).message, line, raw: s };
        }
      }
      rest = text.slice(start);
    }
  },
};

async function writeStreamFile(path: string, rows: Record<string, unknown>[]): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (const row of rows) {
    buf += JSON.stringify({
      time: row.Timestamp,
      tenantId: 'a4547165-6daa-4e9e-b2c3-8e7fb7142e4d',
      operationName: 'Publish',
      category: 'AdvancedHunting-DeviceNetworkEvents',
      properties: row,
    }) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Child mode: open the store, run the query once, print resident memory figures. */
async function measureMemory(dir: string): Promise<void> {
  gc();
  const before = process.memoryUsage().rss;
  const engine = createEngine({ schema: 'mde' });
  await engine.load(dir);
  await engine.query('DeviceNetworkEvents | count');
  gc();
  const after = process.memoryUsage().rss;
  const rows = Store.open(dir).rowCount('DeviceNetworkEvents');
  process.stdout.write(JSON.stringify({ rows, before, after }) + '\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--measure-memory') return measureMemory(argv[1]);
  const opts = parseOptions(argv);
  const work = opts.keep ?? mkdtempSync(join(tmpdir(), 'edgewatch-ingest-bench-'));
  mkdirSync(work, { recursive: true });
  const file = join(work, 'stream.jsonl');
  // The demo rows are dropped once written (and made again, same seed, for the query part): ~300 MB of row
  // objects left on the heap would slow every garbage collection of the timed ingest, which a real
  // `edgewatch ingest` process does not carry.
  const demoRows = () => generateDemo({ events: opts.events, scale: 0 }).tables.DeviceNetworkEvents;
  // In a function of its own: rows held in a block of this async function stayed reachable from its frame (across
  // the await) for the rest of main, and every garbage collection of the timed ingest marked them.
  const writeDemo = async (): Promise<number> => {
    const rows = demoRows();
    await writeStreamFile(file, rows);
    return rows.length;
  };
  const n = await writeDemo();
  gc();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  if (heapMb > 100) console.log(`note: ${heapMb.toFixed(0)} MB of heap still live before the timed ingest`);
  const bytes = statSync(file).size;
  console.log(`input: ${n} DeviceNetworkEvents streaming records, ${(bytes / 1e6).toFixed(1)} MB (${file})`);

  let reader = READERS.find((r) => r.detect(Buffer.from(`{"time":"2026-01-01T00:00:00Z","tenantId":"x","operationName":"Publish","category":"AdvancedHunting-DeviceNetworkEvents","properties":{}}\n`)));
  let fallback = false;
  if (!reader) {
    READERS.push(fallbackReader);
    reader = fallbackReader;
    fallback = true;
  }
  console.log(fallback ? 'reader: the streaming-API reader has not landed; the bench parses the records itself (bench-mde-stream)' : `reader: ${reader.name} (from src/sources)`);

  // ---- edgewatch: file -> reader -> store commit (fsync'd), best of K runs on a fresh store each time
  const ours: number[] = [];
  // CPU time (user + system, every thread of this process: our parser threads, DuckDB's threads) of each run, so
  // that a run on a busy machine can be read: wall time is shared with whatever else runs.
  const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const oursCpu: number[] = [];
  let store = '';
  for (let r = 0; r < opts.runs; r++) {
    store = join(work, `store-${r}`);
    rmSync(store, { recursive: true, force: true });
    gc();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const saved = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write; // commit lines are not part of the timing
    let code;
    try {
      code = await runIngest(['--store', store, '--format', reader.name, file], { UsageError: Error });
    } finally {
      process.stderr.write = saved;
    }
    const ms = performance.now() - t0;
    oursCpu.push(cpu(process.cpuUsage(c0)));
    if (code !== 0) throw new Error(`ingest exited ${code}`);
    ours.push(ms);
    if (r < opts.runs - 1) rmSync(store, { recursive: true, force: true });
  }
  const stored = Store.open(store).rowCount('DeviceNetworkEvents');
  if (stored !== n) throw new Error(`store holds ${stored} rows, expected ${n}`);

  // ---- DuckDB: read_json of the same file into an in-memory table
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
  const duck: number[] = [];
  const duckCpu: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    await conn.run('DROP TABLE IF EXISTS t');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited')`);
    duck.push(performance.now() - t0);
    duckCpu.push(cpu(process.cpuUsage(c0)));
  }
  const duckRows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
  if (duckRows !== n) throw new Error(`DuckDB read ${duckRows} rows, expected ${n}`);
  conn.closeSync();

  const oursMs = median(ours);
  const duckMs = median(duck);
  const rate = (ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} records/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
  console.log(`\ningest (median of ${opts.runs}):`);
  const load = loadavg()[0];
  console.log(`  edgewatch ingest -> committed store: ${oursMs.toFixed(0)} ms  (${rate(oursMs)}; ${median(oursCpu).toFixed(0)} ms CPU; ${availableParallelism()} cores)`);
  console.log(`  DuckDB read_json -> in-memory table: ${duckMs.toFixed(0)} ms  (${rate(duckMs)}; ${median(duckCpu).toFixed(0)} ms CPU; ${threads} threads)`);
  console.log(`  runs: edgewatch ${ours.map((x) => x.toFixed(0)).join(', ')} ms; DuckDB ${duck.map((x) => x.toFixed(0)).join(', ')} ms; load average ${load.toFixed(1)} on ${availableParallelism()} cores`);
  const ratio = duckMs / oursMs;
  console.log(`  ratio edgewatch/DuckDB throughput: ${ratio.toFixed(2)} (target >= 0.50: ${ratio >= 0.5 ? 'met' : 'MISSED'})`);

  // ---- query: store-backed engine vs in-memory engine on the same rows
  const onStore = createEngine({ schema: 'mde' });
  await onStore.load(store);
  const inMem = createEngine({ schema: 'mde' });
  const rows = demoRows();
  if (rows.length !== n) throw new Error(`the demo made ${rows.length} rows the second time, ${n} the first`);
  inMem.addTable('DeviceNetworkEvents', rows);
  // Warm both engines (parser, binder, JIT) so the first store query measures reading the store.
  await onStore.query('print 1');
  await inMem.query('print 1');
  const t0 = performance.now();
  const first = await onStore.query(QUERY);
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  await inMem.query(QUERY);
  const memFirstMs = performance.now() - t1;
  const s0 = Store.open(store);
  const t2 = performance.now();
  s0.readTable('DeviceNetworkEvents');
  const decodeMs = performance.now() - t2;
  const time = async (e: typeof onStore) => {
    const xs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const s = performance.now();
      await e.query(QUERY);
      xs.push(performance.now() - s);
    }
    return median(xs);
  };
  const storeMs = await time(onStore);
  const memMs = await time(inMem);
  const same = JSON.stringify((await inMem.query(QUERY)).rows) === JSON.stringify(first.rows);
  console.log(`\nquery (${first.rows.length} scanners; results ${same ? 'identical' : 'DIFFER'}):`);
  console.log(`  store, first query (decodes the segments): ${firstMs.toFixed(0)} ms  (in-memory engine's first query: ${memFirstMs.toFixed(0)} ms; decoding alone: ${decodeMs.toFixed(0)} ms)`);
  console.log(`  store, later queries (median of 5):        ${storeMs.toFixed(1)} ms`);
  console.log(`  in-memory engine (median of 5):            ${memMs.toFixed(1)} ms`);

  // ---- resident memory per stored event, in a fresh process
  const self = fileURLToPath(import.meta.url);
  const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const m = spawnSync(process.execPath, ['--expose-gc', ...loader, self, '--measure-memory', store], { encoding: 'utf8' });
  if (m.status === 0) {
    const { rows: r, before, after } = JSON.parse(m.stdout.trim().split('\n').pop()!);
    console.log(`\nmemory: ${((after - before) / r).toFixed(0)} bytes of resident memory per stored event (${r} events, RSS ${(before / 1e6).toFixed(0)} -> ${(after / 1e6).toFixed(0)} MB)`);
  } else console.log(`\nmemory: measurement failed: ${m.stderr}`);
  const segs = Store.open(store).partitions('DeviceNetworkEvents');
  const onDisk = segs.flatMap((p) => p.segments).reduce((a, s) => a + s.bytes, 0);
  console.log(`disk: ${(onDisk / 1e6).toFixed(1)} MB of Arrow segments (${(onDisk / n).toFixed(0)} bytes per event) in ${segs.length} partition(s)`);
  if (!same) process.exitCode = 1;
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
}

await main();
