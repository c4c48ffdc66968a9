// Expected verdicts over the real captures in ../shared/captures (issue 4, "Quality bar (tests)"): each capture is
// ingested with its reader, the shipped rules run over it as the scheduler would just after its activity, and the
// streaming detector sees its probes in time order. The alerts raised must be exactly the `alert: true` entries of
// test/detect/verdicts/<capture>.json (an unexpected alert fails as much as a missing one); each entry carries a
// one-line reason, in particular where our verdict differs from the upstream detector's (docs/detection.md has the
// table).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/index.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';
import { loadRules } from '../../src/detect/rules.js';
import { runRules } from '../../src/detect/runner.js';
import { StreamDetector, probeEventFromRow, type ProbeEvent } from '../../src/detect/stream/index.js';
import type { ReaderOptions } from '../../src/sources/reader.js';
import { readerByName } from '../../src/sources/registry.js';

const CAPTURES = fileURLToPath(new URL('../../../shared/captures/', import.meta.url));
const VERDICTS = fileURLToPath(new URL('./verdicts/', import.meta.url));
const RULES = fileURLToPath(new URL('../../rules/', import.meta.url));

const RULE_IDS = ['seed-port-scan', 'scan-vertical', 'scan-horizontal', 'scan-distributed', 'scan-slow'];
const STREAM_IDS = ['trw', 'window-vertical', 'window-horizontal'];
const DETECTORS = new Set([...RULE_IDS, ...STREAM_IDS]);
const SCAN_TYPES = new Set(['vertical', 'horizontal', 'distributed', 'slow', 'mixed', 'seed', 'none']);

interface Expectation {
  readonly detector: string;
  readonly remoteIp: string;
  /** The scan type the detector reports (for alert: true), or what the source really did (`none` for no scan). */
  readonly scanType: string;
  readonly alert: boolean;
  /** ATT&CK techniques of the alert, sorted (alert: true only). */
  readonly techniques?: readonly string[];
  /** LocalIPs of the alert, sorted (alert: true only). */
  readonly targets?: readonly string[];
  readonly reason: string;
}

interface Run {
  /** What this ingestion stands for (a variant's name; the main run has none). */
  readonly name?: string;
  /** ReaderOptions besides `source` (year for syslog lines without one, localNets, ...). */
  readonly options?: Omit<ReaderOptions, 'source'>;
  readonly expect: readonly Expectation[];
}

interface VerdictFile extends Run {
  /** Path under ../shared/captures. */
  readonly capture: string;
  /** src/sources/registry.ts READERS name. */
  readonly reader: string;
  /** Further ingestions of the same capture with other reader options. */
  readonly variants?: readonly Run[];
}

interface Raised {
  readonly detector: string;
  readonly remoteIp: string;
  readonly scanType: string;
  readonly techniques: string[];
  readonly targets: string[];
}

type Row = Record<string, unknown>;

const TICK_PER_S = 10_000_000n;

function ticksOf(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  const t = typeof v === 'string' ? parseDatetime(v) : null;
  if (t === null) throw new Error(`unreadable Timestamp ${String(v)}`);
  return t;
}

async function ingest(file: VerdictFile, run: Run): Promise<Map<string, Row[]>> {
  const reader = readerByName(file.reader);
  assert.ok(reader, `reader '${file.reader}' is in READERS`);
  const tables = new Map<string, Row[]>();
  const rejects: string[] = [];
  for await (const e of reader.read(createReadStream(join(CAPTURES, file.capture)), { source: file.capture, ...run.options })) {
    if (e.kind === 'row') {
      let rows = tables.get(e.table);
      if (!rows) tables.set(e.table, (rows = []));
      rows.push(e.row);
    } else rejects.push(`${e.kind}: ${e.message}`);
  }
  // A rejected line would be a probe the detectors never see: the verdicts would not be about the whole capture.
  assert.deepEqual(rejects, [], `${file.capture}: every record is read`);
  return tables;
}

/**
 * The scheduler's runs: one just after each burst of activity. The crowdsec log holds two bursts a month apart
 * (Sep 30 and Oct 30 lines): a single run after the last event would leave the first outside every rule's lookback,
 * whereas the deployed scheduler (every 15 min to 1 h) runs right after each. Bursts are split at gaps longer than
 * the shortest lookback; a burst longer than that lookback would need intermediate runs, so it is refused here.
 */
function runTimes(times: bigint[], shortestPeriod: bigint): bigint[] {
  const sorted = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ends: bigint[] = [];
  let start = sorted[0]!;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    const next = sorted[i + 1];
    if (next === undefined || next - t > shortestPeriod) {
      assert.ok(t - start < shortestPeriod, 'a burst of activity fits in the shortest lookback');
      ends.push(t + TICK_PER_S);
      if (next !== undefined) start = next;
    }
  }
  return ends;
}

function key(r: { detector: string; remoteIp: string }): string {
  return `${r.detector} <- ${r.remoteIp}`;
}

function describe(r: Raised): string {
  return `${key(r)} [${r.scanType}; ${r.techniques.join(',')}; -> ${r.targets.join(',')}]`;
}

async function raised(file: VerdictFile, run: Run): Promise<{ alerts: Raised[]; sources: Set<string> }> {
  const tables = await ingest(file, run);
  const engine = createEngine({ schema: 'mde' });
  for (const [name, rows] of tables) assert.deepEqual(engine.addTable(name, rows).errors, [], `${name} rows convert`);
  const events = tables.get('DeviceNetworkEvents') ?? [];
  assert.ok(events.length > 0, `${file.capture}: the reader yields network events`);

  const { rules, errors } = loadRules([RULES], engine.kql);
  assert.deepEqual(errors, []);
  assert.deepEqual(rules.map((r) => r.id).sort(), [...RULE_IDS].sort());
  const shortest = rules.reduce((m, r) => (r.queryPeriod < m ? r.queryPeriod : m), rules[0]!.queryPeriod);

  const byKey = new Map<string, Raised>();
  const add = (r: Raised) => {
    const k = key(r);
    const prev = byKey.get(k);
    // The same (detector, source) from two runs is one verdict; it must not change its story between runs.
    if (prev) assert.equal(describe(r), describe(prev), `${k}: one verdict across runs`);
    else byKey.set(k, r);
  };

  for (const now of runTimes(events.map((r) => ticksOf(r.Timestamp)), shortest)) {
    for (const run of runRules(engine.kql, rules, { now })) {
      // A rule that fails would raise nothing and look like a negative verdict.
      assert.equal(run.error, undefined, `rule ${run.rule.id} runs`);
      for (const { alert } of run.detections) {
        add({
          detector: alert.ruleId,
          remoteIp: alert.entities.remoteIp,
          scanType: alert.context.scanType ?? 'seed',
          techniques: [...alert.techniques].sort(),
          targets: [...alert.entities.localIps].sort(),
        });
      }
    }
  }

  const probes = events.map((r) => probeEventFromRow(r)).filter((e): e is ProbeEvent => e !== null);
  probes.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)); // stable: file order within a tick
  const detector = new StreamDetector();
  for (const p of probes) {
    for (const alert of detector.push(p)) {
      add({
        detector: alert.ruleId,
        remoteIp: alert.entities.remoteIp,
        scanType: alert.context.scanType ?? 'mixed',
        techniques: [...alert.techniques].sort(),
        targets: [...alert.entities.localIps].sort(),
      });
    }
  }
  assert.deepEqual(detector.flush(), []);

  // Who initiated traffic in the capture: the remote end of inbound rows, the local end of outbound ones.
  const sources = new Set<string>();
  for (const r of events) {
    const action = String(r.ActionType);
    if (action.startsWith('Inbound')) sources.add(String(r.RemoteIP));
    else if (action === 'ConnectionSuccess' || action === 'ConnectionFailed' || action === 'ConnectionRequest') sources.add(String(r.LocalIP));
  }
  return { alerts: [...byKey.values()], sources };
}

function checkFile(file: VerdictFile, run: Run, where: string): void {
  assert.equal(typeof file.capture, 'string');
  assert.ok(run.expect.length > 0, `${where}: has expectations`);
  const seen = new Set<string>();
  for (const e of run.expect) {
    const k = key(e);
    assert.ok(DETECTORS.has(e.detector), `${where}: unknown detector '${e.detector}'`);
    assert.ok(SCAN_TYPES.has(e.scanType), `${where}: ${k}: unknown scanType '${e.scanType}'`);
    assert.equal(typeof e.alert, 'boolean', `${where}: ${k}: alert is true or false`);
    assert.ok(typeof e.reason === 'string' && e.reason.trim().length > 20 && !e.reason.includes('\n'), `${where}: ${k}: a one-line reason`);
    assert.ok(!seen.has(k), `${where}: ${k} is listed once`);
    seen.add(k);
    if (e.alert) assert.ok(e.techniques && e.targets, `${where}: ${k}: an expected alert names its techniques and targets`);
  }
}

function expectedAlert(e: Expectation): string {
  return describe({ detector: e.detector, remoteIp: e.remoteIp, scanType: e.scanType, techniques: [...e.techniques!], targets: [...e.targets!] });
}

async function checkRun(file: VerdictFile, run: Run): Promise<void> {
  const where = `${file.capture}${run.name ? ` (${run.name})` : ''}`;
  checkFile(file, run, where);
  const { alerts, sources } = await raised(file, run);
  // Every source of the capture has a verdict.
  const covered = new Set(run.expect.map((e) => e.remoteIp));
  assert.deepEqual([...sources].filter((s) => !covered.has(s)).sort(), [], `${where}: every source has a verdict`);

  const expected = run.expect.filter((e) => e.alert);
  const got = new Set(alerts.map(describe));
  const want = new Set(expected.map(expectedAlert));
  const byKey = new Map(run.expect.map((e) => [key(e), e]));
  const problems: string[] = [];
  for (const a of alerts) {
    if (want.has(describe(a))) continue;
    const e = byKey.get(key(a));
    problems.push(`unexpected: ${describe(a)}${e ? ` -- expected ${e.alert ? expectedAlert(e) : 'no alert'}: ${e.reason}` : ' -- no verdict for it'}`);
  }
  for (const e of expected) if (!got.has(expectedAlert(e)) && !alerts.some((a) => key(a) === key(e))) problems.push(`missing: ${expectedAlert(e)} -- ${e.reason}`);
  assert.deepEqual(problems, [], `${where}: raised alerts differ from the verdict file`);
  // Both directions, exactly (the messages above say why; this is the whole comparison).
  assert.deepEqual([...got].sort(), [...want].sort());
}

function dataFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...dataFiles(p));
    // Licences, the description and upstream expected-output logs are not captures.
    else if (!/^(LICENSE|SOURCES\.md|expected-)/.test(name)) out.push(relative(CAPTURES, p));
  }
  return out;
}

const files: VerdictFile[] = readdirSync(VERDICTS)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => JSON.parse(readFileSync(join(VERDICTS, n), 'utf8')) as VerdictFile);

test('one verdict file per capture, and no verdict for a file that is not there', () => {
  assert.deepEqual(files.map((f) => f.capture).sort(), dataFiles(CAPTURES).sort());
});

for (const file of files) {
  test(`verdicts: ${file.capture}`, async () => {
    await checkRun(file, file);
  });
  for (const variant of file.variants ?? []) {
    test(`verdicts: ${file.capture} (${variant.name ?? 'variant'})`, async () => {
      assert.ok(variant.name, 'a variant has a name');
      await checkRun(file, variant);
    });
  }
}
