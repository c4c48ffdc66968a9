/**
 * `npm run bench`: the seed port-scan detection (rules/verbatim/seed-port-scan.kql) on edgewatch vs. the equivalent SQL on
 * DuckDB (in-memory, same generated data). See bench/README.md.
 *
 *   node --expose-gc --import tsx bench/seed-bench.ts [--events N] [--runs K] [--json FILE] [--duckdb-threads T]
 *     [--duckdb-checkpoint] [--seed S] [--profile] [--verbose]
 *
 * Exits 1 when the two engines' (RemoteIP, Connections) sets differ; a missed 2x target is reported, not fatal
 * (timings on a shared machine are too noisy to gate on).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BIGINT,
  BOOLEAN,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import { createEngine, type Engine } from '../src/index.js';
import { packageRoot } from '../src/cli/package-root.js';
import { deviceInfoTable, generate, networkEventsTable, referenceSeedResult, type BenchData, type StrCol } from './bench-data.js';

// ------------------------------------------------------------------------------------------------ options

interface Options {
  events: number;
  runs: number;
  json: string | null;
  duckdbThreads: number | null;
  seed: number;
  verbose: boolean;
  profile: boolean;
  duckdbCheckpoint: boolean;
}

function parseCount(s: string | undefined, flag: string): number {
  if (s === undefined) throw new Error(`${flag} needs a value`);
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.replace(/_/g, ''));
  const e = /^\d+(?:\.\d+)?e\d+$/i.test(s) ? Number(s) : NaN;
  const v = m ? Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]) ? 1e3 : 1e6) : e;
  if (!Number.isFinite(v) || v < 1 || !Number.isInteger(v)) throw new Error(`${flag}: not a positive integer: ${s}`);
  return v;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { events: 5_000_000, runs: 5, json: null, duckdbThreads: null, seed: 20261127, verbose: false, profile: false, duckdbCheckpoint: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--events': o.events = parseCount(value(), flag); break;
      case '--runs': o.runs = parseCount(value(), flag); break;
      case '--json': o.json = value() ?? null; break;
      case '--duckdb-threads': o.duckdbThreads = parseCount(value(), flag); break;
      case '--seed': o.seed = parseCount(value(), flag); break;
      case '--verbose': o.verbose = true; break;
      case '--profile': o.profile = true; break;
      case '--duckdb-checkpoint': o.duckdbCheckpoint = true; break;
      case '-h': case '--help':
        console.log('usage: npm run bench -- [--events N (default 5m)] [--runs K (default 5)] [--json FILE] [--duckdb-threads T] [--seed S] [--duckdb-checkpoint] [--profile] [--verbose]');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

// ------------------------------------------------------------------------------------------------ helpers

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

function rssAfterGc(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().rss;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtMB = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

interface Timed<T> {
  /** Wall time. */
  ms: number;
  /** CPU time of the whole process (all threads: DuckDB's workers included), less sensitive to other load. */
  cpuMs: number;
  value: T;
}

async function timed<T>(f: () => Promise<T> | T): Promise<Timed<T>> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await f();
  const ms = performance.now() - t;
  const cu = process.cpuUsage(c);
  return { ms, cpuMs: (cu.user + cu.system) / 1000, value };
}

// ------------------------------------------------------------------------------------------------ DuckDB side

/** `now` as a DuckDB TIMESTAMP literal (microseconds, UTC). */
function sqlTimestamp(iso: string): string {
  return `TIMESTAMP '${new Date(iso).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/**
 * ipv4_is_private's complement for well-formed text: dotted-quad IPv4 (octets 0..255, no leading zeros) that is not
 * in 10/8, 172.16/12 or 192.168/16. ipv4_is_private gives null for anything that is not IPv4 (IPv6 included), and
 * `not(null)` drops the row, so non-IPv4 is "not public" here too.
 */
const MACRO = String.raw`CREATE OR REPLACE MACRO is_public_ipv4(ip) AS
  regexp_full_match(ip, '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}')
  AND NOT (starts_with(ip, '10.') OR starts_with(ip, '192.168.') OR regexp_matches(ip, '^172\.(1[6-9]|2[0-9]|3[01])\.'))`;

/**
 * The seed without geolocation. `has_any` over a single-term 40-hex DeviceId is case-insensitive equality; the
 * generated ids are lower-case in both tables (as Defender's are), so a plain equality semi join is equivalent here.
 */
export function duckSql(now: string): string {
  return `WITH InternetFacingDevice AS (
  SELECT DISTINCT DeviceId FROM DeviceInfo
  WHERE Timestamp > ${sqlTimestamp(now)} - INTERVAL 1 HOUR AND IsInternetFacing
)
SELECT RemoteIP, count(*) AS Connections
FROM DeviceNetworkEvents
WHERE DeviceId IN (SELECT DeviceId FROM InternetFacingDevice)
  AND ActionType = 'InboundConnectionAttempt'
  AND is_public_ipv4(RemoteIP)
GROUP BY RemoteIP
HAVING count(*) >= 3
ORDER BY Connections DESC`;
}

type RawColumn = BigInt64Array | Int32Array | Uint8Array;

/** Bulk load of numeric columns through the appender, one DataChunk (2,048 rows) at a time. */
async function appendColumns(conn: DuckDBConnection, table: string, types: DuckDBType[], cols: RawColumn[], n: number): Promise<void> {
  const appender = await conn.createAppender(table);
  const CHUNK = 2048;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    const chunk = DuckDBDataChunk.create(types, len);
    for (let c = 0; c < cols.length; c++) {
      const v = chunk.getColumnVector(c);
      const src = cols[c];
      if (types[c] === BOOLEAN) for (let k = 0; k < len; k++) v.setItem(k, src[start + k] === 1);
      else for (let k = 0; k < len; k++) v.setItem(k, src[start + k]);
      v.flush();
    }
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

async function appendDict(conn: DuckDBConnection, table: string, dicts: readonly (readonly string[])[]): Promise<void> {
  const appender = await conn.createAppender(table);
  for (let code = 0; code < dicts[0].length; code++) {
    appender.appendInteger(code);
    for (const d of dicts) appender.appendVarchar(d[code]);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * Loads the generated data: numeric columns and string codes through the appender, then each string dictionary as
 * a small table, then CREATE TABLE AS with the joins, so DuckDB ends up with plain VARCHAR / TIMESTAMP / INTEGER /
 * BOOLEAN columns holding exactly edgewatch's values (per-row VARCHAR appends would cost ~15 M native calls).
 */
export async function loadDuck(conn: DuckDBConnection, d: BenchData, log: (stage: string) => void): Promise<void> {
  const ev = d.events;
  const same = (a: StrCol, b: StrCol): boolean => a.codes === b.codes;
  if (!same(ev.deviceId, ev.deviceName) || !same(ev.deviceId, ev.localIP) || !same(d.info.deviceId, d.info.deviceName)) {
    throw new Error('bench: DeviceName / LocalIP are expected to share the DeviceId codes');
  }
  await conn.run(`CREATE TABLE dev_dict(code INTEGER, DeviceId VARCHAR, DeviceName VARCHAR, LocalIP VARCHAR);
    CREATE TABLE act_dict(code INTEGER, s VARCHAR);
    CREATE TABLE ip_dict(code INTEGER, s VARCHAR);
    CREATE TABLE proto_dict(code INTEGER, s VARCHAR);
    CREATE TABLE ev_raw(ticks BIGINT, dev INTEGER, act INTEGER, rip INTEGER, rport INTEGER, lport INTEGER, proto INTEGER);
    CREATE TABLE info_raw(ticks BIGINT, dev INTEGER, facing BOOLEAN);`);
  await appendDict(conn, 'dev_dict', [ev.deviceId.dict, ev.deviceName.dict, ev.localIP.dict]);
  await appendDict(conn, 'act_dict', [ev.actionType.dict]);
  await appendDict(conn, 'ip_dict', [ev.remoteIP.dict]);
  await appendDict(conn, 'proto_dict', [ev.protocol.dict]);
  log('dictionaries');
  await appendColumns(conn, 'ev_raw', [BIGINT, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER],
    [ev.timestamp, ev.deviceId.codes, ev.actionType.codes, ev.remoteIP.codes, ev.remotePort, ev.localPort, ev.protocol.codes], ev.n);
  await appendColumns(conn, 'info_raw', [BIGINT, INTEGER, BOOLEAN], [d.info.timestamp, d.info.deviceId.codes, d.info.isInternetFacing], d.info.n);
  log('appender (codes)');
  // ticks are 100 ns; the generator uses whole milliseconds, so ticks // 10 microseconds is exact.
  await conn.run(`CREATE TABLE DeviceNetworkEvents AS
      SELECT make_timestamp(r.ticks // 10) AS Timestamp, v.DeviceId, v.DeviceName, a.s AS ActionType, i.s AS RemoteIP,
             r.rport AS RemotePort, v.LocalIP, r.lport AS LocalPort, p.s AS Protocol
      FROM ev_raw r JOIN dev_dict v ON r.dev = v.code JOIN act_dict a ON r.act = a.code
           JOIN ip_dict i ON r.rip = i.code JOIN proto_dict p ON r.proto = p.code;
    CREATE TABLE DeviceInfo AS
      SELECT make_timestamp(r.ticks // 10) AS Timestamp, v.DeviceId, v.DeviceName, r.facing AS IsInternetFacing
      FROM info_raw r JOIN dev_dict v ON r.dev = v.code;
    DROP TABLE ev_raw; DROP TABLE info_raw; DROP TABLE dev_dict; DROP TABLE act_dict; DROP TABLE ip_dict; DROP TABLE proto_dict;`);
  log('CREATE TABLE AS (joins)');
  await conn.run(MACRO);
  const check = await conn.runAndReadAll('SELECT count(*)::INTEGER FROM DeviceNetworkEvents');
  const rows = check.getRows()[0][0];
  if (rows !== ev.n) throw new Error(`bench: DuckDB holds ${String(rows)} events, expected ${ev.n}`);
}

async function duckMemory(conn: DuckDBConnection): Promise<number | null> {
  try {
    const r = await conn.runAndReadAll('SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()');
    const v = r.getRows()[0][0];
    return v === null ? null : Number(v);
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------------ result check

type ResultMap = Map<string, number>;

function edgewatchResult(rows: unknown[][], columns: { name: string }[]): ResultMap {
  const ip = columns.findIndex((c) => c.name === 'RemoteIP');
  const cnt = columns.findIndex((c) => c.name === 'Connections');
  if (ip < 0 || cnt < 0) throw new Error(`edgewatch result lacks RemoteIP/Connections: ${columns.map((c) => c.name).join(', ')}`);
  const m: ResultMap = new Map();
  let prev = Infinity;
  for (const r of rows) {
    const key = String(r[ip]);
    const n = Number(r[cnt]);
    if (m.has(key)) throw new Error(`edgewatch result has RemoteIP ${key} twice (geo country should be a function of the IP)`);
    if (n > prev) throw new Error('edgewatch result is not sorted by Connections desc');
    prev = n;
    m.set(key, n);
  }
  return m;
}

function duckResult(rows: unknown[][]): ResultMap {
  const m: ResultMap = new Map();
  for (const r of rows) m.set(String(r[0]), Number(r[1]));
  return m;
}

function compareResults(a: ResultMap, b: ResultMap, bName: string): string[] {
  const diffs: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== v) diffs.push(`${k}: edgewatch ${v}, ${bName} ${w ?? 'missing'}`);
  }
  for (const [k, w] of b) if (!a.has(k)) diffs.push(`${k}: edgewatch missing, ${bName} ${w}`);
  return diffs;
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!gc) console.warn('warning: run with node --expose-gc for meaningful memory figures');
  const seed = readFileSync(join(packageRoot(), 'rules', 'verbatim', 'seed-port-scan.kql'), 'utf8');
  const load0 = loadavg()[0];

  const rss0 = rssAfterGc();
  const gen = await timed(() => generate({ events: opts.events, seed: opts.seed }));
  const data = gen.value;
  const N = data.events.n;

  // edgewatch load: the columnar tables are views of the generated arrays (no copy).
  const freshEngine = (): Engine => {
    const e = createEngine({ schema: 'mde' });
    e.kql.setTable('DeviceInfo', deviceInfoTable(data.info));
    e.kql.setTable('DeviceNetworkEvents', networkEventsTable(data.events));
    return e;
  };
  const ewLoad = await timed(freshEngine);
  let engine = ewLoad.value;
  const rssEw = rssAfterGc();

  // DuckDB load.
  const instance = await DuckDBInstance.create(':memory:', opts.duckdbThreads ? { threads: String(opts.duckdbThreads) } : {});
  const conn = await instance.connect();
  let stageStart = performance.now();
  const duckLoad = await timed(async () => {
    await loadDuck(conn, data, (stage) => {
      if (opts.verbose) console.log(`  duckdb load: ${stage} ${fmtMs(performance.now() - stageStart)} ms`);
      stageStart = performance.now();
    });
    // Compresses the in-memory tables (~180 -> ~21 B/event) at a few seconds of load time.
    if (opts.duckdbCheckpoint) await conn.run('CHECKPOINT');
  });
  const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
  const duckMem = await duckMemory(conn);
  const rssBoth = rssAfterGc();
  const sql = duckSql(data.now);

  // Each timed run starts from a collected heap: otherwise V8's concurrent GC threads, busy with the previous
  // edgewatch run's garbage, compete with DuckDB's worker threads for the cores.
  const runEw = (): Promise<Timed<Awaited<ReturnType<Engine['query']>>>> => {
    gc?.();
    return timed(() => engine.query(seed, { now: data.now }));
  };
  const runDuck = (): Promise<Timed<unknown[][]>> => {
    gc?.();
    return timed(async () => (await conn.runAndReadAll(sql)).getRows() as unknown[][]);
  };

  // Cold: the first call on a fresh engine (parse, bind, plan, geo database open, unoptimized JIT).
  const ewCold = await runEw();
  const duckCold = await runDuck();
  const ewMap = edgewatchResult(ewCold.value.rows, ewCold.value.columns);
  const duckMap = duckResult(duckCold.value);
  const refMap = referenceSeedResult(data);
  for (const [name, other] of [['duckdb', duckMap], ['reference loop', refMap]] as const) {
    const diffs = compareResults(ewMap, other, name);
    if (diffs.length > 0) {
      console.error(`RESULTS DIFFER: edgewatch vs ${name}: ${diffs.length} RemoteIP(s) (edgewatch ${ewMap.size} rows, ${name} ${other.size} rows)`);
      for (const d of diffs.slice(0, 20)) console.error(`  ${d}`);
      process.exit(1);
    }
  }
  if (ewMap.size === 0) {
    console.error('both engines returned no rows: the data set is too small to exercise the detection (use more --events)');
    process.exit(1);
  }

  // Cold plan in a warm process: a fresh engine over the same tables; prepare (parse + bind + translate) timed
  // alone on one fresh engine, the whole first query on another.
  const prepare = await timed(() => freshEngine().kql.prepare(seed));
  engine = freshEngine();
  const ewColdPlan = await runEw();

  // Warm-up (not counted), then interleaved timed runs.
  for (let i = 0; i < 2; i++) {
    await runEw();
    await runDuck();
  }
  const ew: Timed<unknown>[] = [];
  const duck: Timed<unknown>[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const a = await runEw();
    if (a.value.rows.length !== ewMap.size) throw new Error(`edgewatch run ${i} returned ${a.value.rows.length} rows, first run ${ewMap.size}`);
    ew.push(a);
    const b = await runDuck();
    if (b.value.length !== duckMap.size) throw new Error(`duckdb run ${i} returned ${b.value.length} rows, first run ${duckMap.size}`);
    duck.push(b);
  }
  const rssAfterRuns = rssAfterGc();
  const load1 = loadavg()[0];

  const ewMs = ew.map((t) => t.ms);
  const duckMs = duck.map((t) => t.ms);
  const ewWarm = median(ewMs);
  const duckWarm = median(duckMs);
  const ewCpu = median(ew.map((t) => t.cpuMs));
  const duckCpu = median(duck.map((t) => t.cpuMs));
  const ratio = ewWarm / duckWarm;
  const perSec = (ms: number): number => N / (ms / 1000);

  const head = `  ${''.padEnd(36)}${'ms'.padStart(8)}${'min'.padStart(8)}${'max'.padStart(8)}${'cpu ms'.padStart(8)}${'events/s'.padStart(13)}`;
  const line = (name: string, med: number, cpu: number, times: readonly number[] | null, scans = true): string =>
    `  ${name.padEnd(36)}${fmtMs(med).padStart(8)}${(times ? fmtMs(Math.min(...times)) : '').padStart(8)}` +
    `${(times ? fmtMs(Math.max(...times)) : '').padStart(8)}${fmtMs(cpu).padStart(8)}${(scans ? fmtInt(perSec(med)) : '').padStart(13)}`;
  console.log(`seed detection (rules/verbatim/seed-port-scan.kql), ${fmtInt(N)} events, ${fmtInt(data.devices)} devices (${data.internetFacing} internet facing), ` +
    `${fmtInt(data.events.remoteIP.dict.length)} distinct RemoteIP -> ${fmtInt(ewMap.size)} result rows, identical on both engines and the reference loop`);
  console.log(`  generate ${fmtMs(gen.ms)} ms; load: edgewatch ${fmtMs(ewLoad.ms)} ms (columnar, zero copy), duckdb ${fmtMs(duckLoad.ms)} ms ` +
    `(appender + CREATE TABLE AS${opts.duckdbCheckpoint ? ', then CHECKPOINT' : ''}); load average ${load0.toFixed(1)} -> ${load1.toFixed(1)} on ${cpus().length} cpus`);
  console.log(head);
  console.log(line('edgewatch cold (first call)', ewCold.ms, ewCold.cpuMs, null));
  console.log(line('edgewatch parse+bind (fresh engine)', prepare.ms, prepare.cpuMs, null, false));
  console.log(line('edgewatch cold plan, warm process', ewColdPlan.ms, ewColdPlan.cpuMs, null));
  console.log(line(`edgewatch warm, median of ${opts.runs}`, ewWarm, ewCpu, ewMs));
  console.log(line('duckdb cold (first call)', duckCold.ms, duckCold.cpuMs, null));
  console.log(line(`duckdb warm, median of ${opts.runs}, ${threads} thr`, duckWarm, duckCpu, duckMs));
  console.log(`  ratio edgewatch/duckdb, warm medians: ${ratio.toFixed(2)}x (target <= 2x: ${ratio <= 2 ? 'met' : 'MISSED'}); ` +
    `cold: ${(ewCold.ms / duckCold.ms).toFixed(2)}x; cpu time: ${(ewCpu / duckCpu).toFixed(2)}x`);
  console.log(`  memory: rss after edgewatch load ${fmtMB(rssEw)} = ${(rssEw / N).toFixed(0)} B/event ` +
    `(${((rssEw - rss0) / N).toFixed(0)} B/event above the ${fmtMB(rss0)} baseline); after duckdb load ${fmtMB(rssBoth)}; ` +
    `duckdb_memory() ${duckMem === null ? 'n/a' : `${fmtMB(duckMem)} = ${(duckMem / N).toFixed(0)} B/event`}; after runs ${fmtMB(rssAfterRuns)}`);

  let profile: ProfileEntry[] | null = null;
  if (opts.profile) {
    profile = await profileRuns(() => engine.query(seed, { now: data.now }), opts.runs);
    console.log(`  edgewatch warm profile (${opts.runs} runs, self time per run):`);
    for (const p of profile) console.log(`    ${p.percent.toFixed(1).padStart(5)}% ${fmtMs(p.msPerRun).padStart(7)} ms  ${p.name}`);
  }

  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({
      events: N,
      devices: data.devices,
      internetFacing: data.internetFacing,
      distinctRemoteIPs: data.events.remoteIP.dict.length,
      resultRows: ewMap.size,
      runs: opts.runs,
      duckdbThreads: threads,
      duckdbCheckpoint: opts.duckdbCheckpoint,
      loadAverage: [load0, load1],
      cpus: cpus().length,
      generateMs: gen.ms,
      loadMs: { edgewatch: ewLoad.ms, duckdb: duckLoad.ms },
      edgewatch: {
        coldMs: ewCold.ms,
        prepareMs: prepare.ms,
        coldPlanWarmProcessMs: ewColdPlan.ms,
        warmMedianMs: ewWarm,
        warmMs: ewMs,
        warmMedianCpuMs: ewCpu,
        eventsPerSec: perSec(ewWarm),
      },
      duckdb: { coldMs: duckCold.ms, warmMedianMs: duckWarm, warmMs: duckMs, warmMedianCpuMs: duckCpu, eventsPerSec: perSec(duckWarm) },
      ratioWarm: ratio,
      ratioCold: ewCold.ms / duckCold.ms,
      ratioCpu: ewCpu / duckCpu,
      memory: {
        rssBaseline: rss0,
        rssAfterEdgewatchLoad: rssEw,
        rssPerEvent: rssEw / N,
        rssAboveBaselinePerEvent: (rssEw - rss0) / N,
        rssAfterDuckdbLoad: rssBoth,
        duckdbMemoryBytes: duckMem,
        rssAfterRuns,
        gcExposed: gc !== undefined,
      },
      ...(profile ? { profile } : {}),
    }, null, 2) + '\n');
  }
  conn.closeSync();
  instance.closeSync();
}

// ------------------------------------------------------------------------------------------------ profile

interface ProfileEntry {
  name: string;
  percent: number;
  msPerRun: number;
}

/** Samples `runs` calls with the V8 CPU profiler (after the timed runs, so it cannot skew them); top 10 by self time. */
async function profileRuns(run: () => Promise<unknown>, runs: number): Promise<ProfileEntry[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  for (let i = 0; i < runs; i++) await run();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples taken inside the inspector (Profiler.stop serializing the profile) are the profiler's, not the query's.
  const inInspector = (id: number): boolean => {
    for (let k: number | undefined = id; k !== undefined; k = parent.get(k)) {
      if (nodes.get(k)!.callFrame.url.startsWith('node:inspector')) return true;
    }
    return false;
  };
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    if (inInspector(samples[i])) continue;
    const f = nodes.get(samples[i])!.callFrame;
    const file = f.url.replace(/^.*\/(src|dist|bench|node_modules)\//, '$1/');
    const name = `${f.functionName || '(anonymous)'}${file ? ` ${file}${f.lineNumber > 0 ? `:${f.lineNumber + 1}` : ''}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + deltas[i]);
    total += deltas[i];
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, us]) => ({ name, percent: (100 * us) / total, msPerRun: us / 1000 / runs }));
}

// Run only as a script, so the DuckDB helpers can be imported (bench experiments) without starting a run.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
}
