// Backscatter (replies arriving at a device with no probe behind them: SYN-ACKs, RSTs, ICMP errors, DNS answers)
// is what a spoofed-source attack elsewhere looks like from here. It must raise nothing: no rule alert, no
// streaming alert. A real scan captured the same way, for contrast, must.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/index.js';
import { pcapReader } from '../../src/sources/pcap.js';
import type { ReaderEvent } from '../../src/sources/reader.js';
import { loadRules } from '../../src/detect/rules.js';
import { runRules } from '../../src/detect/runner.js';
import { StreamDetector, probeEventFromRow } from '../../src/detect/stream/index.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';
import { echo, ethernet, icmpUnreachable, pcapFile, tcp, udp } from '../sources/pcap-build.js';

const TARGET = '203.0.113.10';
const T0 = Date.parse('2026-11-27T11:00:00Z') / 1000;
const RULES = new URL('../../rules/', import.meta.url).pathname;

function capture(pkts: [number, Buffer][]): Buffer {
  return pcapFile(pkts.map(([t, ip]) => ({ sec: Math.floor(T0 + t), frac: Math.round((t % 1) * 1e6), data: ethernet(ip) })));
}

async function alertsOf(cap: Buffer): Promise<{ rules: string[]; stream: string[] }> {
  const events: ReaderEvent[] = [];
  async function* one() {
    yield cap;
  }
  for await (const e of pcapReader.read(one(), { source: 'test.pcap', localNets: ['203.0.113.0/24'] })) events.push(e);
  const byTable = new Map<string, Record<string, unknown>[]>();
  for (const e of events) if (e.kind === 'row') byTable.set(e.table, [...(byTable.get(e.table) ?? []), e.row]);
  const engine = createEngine({ schema: 'mde' });
  for (const [t, rows] of byTable) engine.addTable(t, rows);
  const now = parseDatetime('2026-11-27T11:30:00Z')!;
  const { rules } = loadRules([RULES], engine.kql);
  const runs = runRules(engine.kql, rules, { now });
  for (const r of runs) assert.equal(r.error, undefined, `${r.rule.id}: ${r.error}`);
  const detector = new StreamDetector({});
  const stream: string[] = [];
  const rows = (byTable.get('DeviceNetworkEvents') ?? []).slice().sort((a, b) => String(a.Timestamp).localeCompare(String(b.Timestamp)));
  for (const row of rows) {
    const p = probeEventFromRow(row);
    if (p) for (const a of detector.push(p)) stream.push(`${a.ruleId} ${a.entities.remoteIp}`);
  }
  return { rules: runs.flatMap((r) => r.detections.map((d) => `${d.alert.ruleId} ${d.alert.entities.remoteIp}`)), stream };
}

test('a capture of backscatter raises no alert from any rule or streaming detector', async () => {
  const pkts: [number, Buffer][] = [];
  for (let i = 0; i < 40; i++) {
    const remote = `198.51.100.${(i % 20) + 1}`;
    const t = i * 2;
    pkts.push([t, tcp(remote, 80, TARGET, 30000 + i, 'SA')]);
    pkts.push([t + 0.1, tcp(remote, 443 + i, TARGET, 31000 + i, 'RA')]);
    pkts.push([t + 0.2, icmpUnreachable(remote, TARGET, udp(TARGET, 32000 + i, remote, 53))]);
    pkts.push([t + 0.3, icmpUnreachable(remote, TARGET, tcp(TARGET, 33000 + i, remote, 25 + i, 'S'))]);
    pkts.push([t + 0.4, echo(remote, TARGET, i, 1, true)]);
    pkts.push([t + 0.5, udp(remote, 53, TARGET, 34000 + i)]);
  }
  assert.deepEqual(await alertsOf(capture(pkts)), { rules: [], stream: [] });
});

test('for contrast, a SYN scan captured the same way is flagged by the rules and the streaming detector', async () => {
  const scanner = '198.51.100.99';
  const pkts: [number, Buffer][] = [];
  for (let port = 1; port <= 30; port++) {
    pkts.push([port * 0.01, tcp(scanner, 40000, TARGET, port, 'S')]);
    pkts.push([port * 0.01 + 0.001, tcp(TARGET, port, scanner, 40000, 'RA')]);
  }
  const got = await alertsOf(capture(pkts));
  assert.ok(got.rules.includes(`scan-vertical ${scanner}`), JSON.stringify(got));
  assert.ok(got.stream.some((a) => a.endsWith(scanner)), JSON.stringify(got));
});
