// `edgewatch watch` as a real process over the real captures of ../shared/captures: alerts stream out as JSON lines
// while the input is still open, with the Alert shape of `detect --format json`, context, allow-list suppression,
// the alert store, --follow and SIGTERM, --ingest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertStore } from '../../src/alerts/alert-store.js';
import { deviceIdFor } from '../../src/sources/identity.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
// Resolved here: the processes run in temporary folders, where 'tsx' would not resolve.
const TSX = import.meta.resolve('tsx');
const CAPTURES = new URL('../../../shared/captures/', import.meta.url).pathname;
const PORT_SCAN_PCAP = join(CAPTURES, 'ncsa-bro-simple-scan/port_scan.pcap');
const PSAD_SYN = join(CAPTURES, 'psad-iptables/syn_scan_1000_1500.log');
const PSAD_PING = join(CAPTURES, 'psad-iptables/ipv4_valid_ping.log');
// The 10 ports 192.168.2.154 probes in port_scan.pcap (SOURCES.md; read off the capture).
const PCAP_PORTS = [21, 22, 23, 111, 113, 135, 143, 445, 554, 995];
// Key order of src/detect/alert.ts, as `detect --format json` prints it.
const ALERT_KEYS = ['ruleId', 'title', 'severity', 'techniques', 'entities', 'firstSeen', 'lastSeen', 'count', 'context'];

interface Line {
  readonly text: string;
  /** Wall time it was read, ms. */
  readonly at: number;
}

/** A running `edgewatch watch`, its output as it arrives. */
class Watch {
  readonly proc: ChildProcess;
  readonly lines: Line[] = [];
  stderr = '';
  private partial = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], cwd: string) {
    this.proc = spawn(process.execPath, ['--import', TSX, MAIN, 'watch', ...args], {
      cwd,
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (b: Buffer) => {
      const parts = (this.partial + b.toString('utf8')).split('\n');
      this.partial = parts.pop()!;
      for (const text of parts) this.lines.push({ text, at: Date.now() });
      this.wake();
    });
    this.proc.stderr!.on('data', (b: Buffer) => {
      this.stderr += b.toString('utf8');
      this.wake();
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    // Let a waiting test fail on its own assertion rather than on an EPIPE if the process died.
    this.proc.stdin!.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `ok()` holds (checked on each output), rejects after `ms`. */
  async until(ok: () => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; stdout ${JSON.stringify(this.lines.map((l) => l.text))}, stderr ${JSON.stringify(this.stderr)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  alerts(): Record<string, any>[] {
    return this.lines.filter((l) => l.text.trim() !== '').map((l) => JSON.parse(l.text));
  }

  write(b: Buffer | string): void {
    this.proc.stdin!.write(b);
  }
}

function tempDir(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-watch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(args: string[], cwd: string, input?: Buffer | string) {
  const r = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, input, env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** The distinct destination ports of iptables LOG lines, ascending. */
function dports(lines: readonly string[]): number[] {
  return [...new Set(lines.map((l) => Number(/ DPT=(\d+)/.exec(l)![1])))].sort((a, b) => a - b);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storedAlerts(dbPath: string) {
  const store = AlertStore.open(dbPath, { mustExist: true });
  try {
    return store.list().map((s) => ({ ...s, evidence: store.get(s.id).evidence }));
  } finally {
    store.dispose();
  }
}

/** Classic little-endian microsecond pcap: the global header and each record (header + data). */
function pcapRecords(buf: Buffer): { header: Buffer; records: Buffer[] } {
  assert.equal(buf.readUInt32LE(0), 0xa1b2c3d4, 'port_scan.pcap is a little-endian microsecond pcap');
  const records: Buffer[] = [];
  let at = 24;
  while (at + 16 <= buf.length) {
    const len = buf.readUInt32LE(at + 8);
    records.push(buf.subarray(at, at + 16 + len));
    at += 16 + len;
  }
  assert.equal(at, buf.length);
  return { header: buf.subarray(0, 24), records };
}

test('port_scan.pcap on standard input: one JSON alert for 192.168.2.154 (vertical, T1046, the 10 ports), stored', (t) => {
  const dir = tempDir(t);
  const r = run(['watch', '--format', 'pcap', '-'], dir, readFileSync(PORT_SCAN_PCAP));
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, r.stdout);
  const a = JSON.parse(lines[0]!);
  assert.deepEqual(Object.keys(a), ALERT_KEYS);
  assert.equal(a.ruleId, 'trw');
  assert.equal(a.entities.remoteIp, '192.168.2.154');
  assert.deepEqual(a.entities.localIps, ['192.168.2.22']);
  assert.deepEqual(a.entities.ports, PCAP_PORTS);
  assert.deepEqual(a.techniques, ['T1046']); // a private source: discovery from inside, not reconnaissance
  assert.equal(a.context.scanType, 'vertical');
  assert.equal(a.count, 10);
  assert.deepEqual(a.context.portsAnswered, []); // no SYN-ACK or RST in the capture
  assert.deepEqual(a.context.portsProbedOnly, PCAP_PORTS);
  assert.equal(a.context.firewall, 'unknown'); // no --store: no device state
  assert.equal(a.context.hostileCountry, false);
  assert.ok(Array.isArray(a.context.recommendedActions) && a.context.recommendedActions.length > 0);
  assert.equal(a.firstSeen, '2017-10-25T21:56:41.767055Z');
  assert.match(r.stderr, /watch: 10 events, 10 probes, 1 alerts \(0 suppressed, 0 updates\).*shed 0/);
  // The alert store (default <.edgewatch/store>/alerts.sqlite, where `edgewatch alerts` looks) has it with evidence.
  const stored = storedAlerts(join(dir, '.edgewatch/store/alerts.sqlite'));
  assert.equal(stored.length, 1);
  assert.deepEqual(stored[0]!.alert.entities.ports, PCAP_PORTS);
  assert.equal(stored[0]!.alert.count, 10);
  assert.deepEqual(stored[0]!.evidence.map((e) => e.port).sort((x, y) => x - y), PCAP_PORTS);
  assert.ok(stored[0]!.evidence.every((e) => e.outcome === 'filtered' && e.protocol === 'Tcp'));
  const listed = run(['alerts', 'list'], dir);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /trw\s+192\.168\.2\.154/);
});

test('port_scan.pcap fed slowly: the alert is printed while standard input is still open', async (t) => {
  const dir = tempDir(t);
  const { header, records } = pcapRecords(readFileSync(PORT_SCAN_PCAP));
  assert.equal(records.length, 10);
  const w = new Watch(['--format', 'pcap', '-'], dir);
  t.after(() => w.proc.kill('SIGKILL'));
  w.write(header);
  for (const r of records) {
    await sleep(50);
    w.write(r);
  }
  // Each SYN waits for its answer for 5 s of capture time (pcap-flows.ts): no verdict yet, however long we wait.
  await sleep(1500);
  assert.equal(w.lines.length, 0, 'no alert before the capture clock passes the answer timeout');
  // Capture time moves on: a frame 10 s later that is no IP packet (an Ethernet header with the LLDP EtherType),
  // so it adds no probe; only the clock advances, as any later traffic of a live capture would.
  const late = Buffer.alloc(16 + 14);
  records[9]!.copy(late, 0, 0, 16 + 12); // record header and the two MAC addresses
  late.writeUInt32LE(late.readUInt32LE(0) + 10, 0);
  late.writeUInt32LE(14, 8);
  late.writeUInt32LE(14, 12);
  late.writeUInt16BE(0x88cc, 16 + 12);
  const sentAt = Date.now();
  w.write(late);
  await w.until(() => w.lines.length >= 1, 15_000, 'the alert line');
  const got = w.lines[0]!;
  assert.ok(w.proc.exitCode === null, 'the process is still reading its input');
  assert.ok(got.at - sentAt < 5000, `alert ${got.at - sentAt} ms after the packet that released it`);
  w.proc.stdin!.end();
  const { code } = await w.exited;
  assert.equal(code, 0, w.stderr);
  const alerts = w.alerts();
  assert.equal(alerts.length, 1, JSON.stringify(alerts));
  assert.equal(alerts[0]!.entities.remoteIp, '192.168.2.154');
  assert.deepEqual(alerts[0]!.entities.ports, PCAP_PORTS); // the burst landed in its alert
  assert.match(w.stderr, /10 probes, 1 alerts/);
});

test('psad SYN scan log through the iptables reader on standard input, fed slowly: an alert for 192.168.10.55 before the end', async (t) => {
  const dir = tempDir(t);
  const lines = readFileSync(PSAD_SYN, 'utf8').split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1002);
  const w = new Watch(['--format', 'iptables', '--year', '2012', '--update-every', '0', '-'], dir);
  t.after(() => w.proc.kill('SIGKILL'));
  let sent = 0;
  while (w.lines.length === 0 && sent < 40) {
    w.write(lines.slice(sent, sent + 2).join('\n') + '\n');
    sent += 2;
    await sleep(sent <= 10 ? 60 : 300);
  }
  await w.until(() => w.lines.length >= 1, 15_000, 'the first alert');
  assert.ok(sent < lines.length, 'alerted before the input ended');
  const first = JSON.parse(w.lines[0]!.text);
  assert.equal(first.ruleId, 'trw');
  assert.equal(first.entities.remoteIp, '192.168.10.55');
  assert.deepEqual(first.entities.localIps, ['192.168.10.1']);
  assert.equal(first.context.scanType, 'vertical');
  assert.deepEqual(first.techniques, ['T1046']);
  // TRW decides after 4 failed first contacts (paper parameters): the first alert lists few ports, all from the log.
  assert.ok(first.entities.ports.length >= 4 && first.entities.ports.length <= sent, JSON.stringify(first.entities.ports));
  w.write(lines.slice(sent).join('\n') + '\n');
  w.proc.stdin!.end();
  const { code } = await w.exited;
  assert.equal(code, 0, w.stderr);
  const all = w.alerts();
  // The windowed vertical rule fires at 15 distinct ports; the end of input writes the TRW alert's update.
  const byRule = new Map<string, any[]>();
  for (const a of all) byRule.set(a.ruleId, [...(byRule.get(a.ruleId) ?? []), a]);
  assert.deepEqual([...byRule.keys()].sort(), ['trw', 'window-vertical']);
  const trw = byRule.get('trw')!;
  const last = trw[trw.length - 1];
  assert.equal(last.firstSeen, first.firstSeen, 'an update is the same alert');
  assert.equal(last.count, 1002);
  assert.equal(last.entities.ports.length, 501);
  assert.equal(last.entities.ports[0], 1000);
  assert.equal(last.entities.ports[500], 1500);
  assert.match(w.stderr, /1002 probes, 2 alerts \(0 suppressed, [1-9]\d* updates\)/);
  // The store merged the updates into one alert per rule.
  const stored = storedAlerts(join(dir, '.edgewatch/store/alerts.sqlite'));
  assert.deepEqual(stored.map((s) => s.alert.ruleId).sort(), ['trw', 'window-vertical']);
  for (const s of stored) {
    assert.equal(s.alert.count, 1002);
    assert.equal(s.alert.entities.ports.length, 501);
  }
});

test('ipv4_valid_ping.log (negative control): no alert', (t) => {
  const dir = tempDir(t);
  const r = run(['watch', '--format', 'iptables', PSAD_PING], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /watch: 5 events, 5 probes, 0 alerts/);
});

test('content detection picks the readers (no --format): the pcap and the iptables log', (t) => {
  const dir = tempDir(t);
  const r = run(['watch', '--no-alert-store', PORT_SCAN_PCAP, PSAD_SYN], dir);
  assert.equal(r.status, 0, r.stderr);
  const ips = r.stdout.split('\n').filter(Boolean).map((l) => `${JSON.parse(l).ruleId} ${JSON.parse(l).entities.remoteIp}`);
  assert.deepEqual(ips, ['trw 192.168.2.154', 'trw 192.168.10.55', 'window-vertical 192.168.10.55']);
});

test('--follow: lines appended to a growing file raise the alert and then its update; SIGTERM ends it with exit 0', async (t) => {
  const dir = tempDir(t);
  const lines = readFileSync(PSAD_SYN, 'utf8').split('\n').filter((l) => l !== '');
  const log = join(dir, 'kern.log');
  writeFileSync(log, lines.slice(0, 2).join('\n') + '\n');
  const w = new Watch(['--follow', '--format', 'iptables', '--update-every', '0.3', log], dir);
  t.after(() => w.proc.kill('SIGKILL'));
  await sleep(1000);
  assert.equal(w.lines.length, 0, 'two probes are no scan');
  appendFileSync(log, lines.slice(2, 6).join('\n') + '\n');
  await w.until(() => w.lines.length >= 1, 15_000, 'the alert from the appended lines');
  const first = JSON.parse(w.lines[0]!.text);
  assert.equal(first.ruleId, 'trw');
  assert.equal(first.entities.remoteIp, '192.168.10.55');
  assert.equal(first.count, 6);
  assert.deepEqual(first.entities.ports, dports(lines.slice(0, 6)));
  // More probes from the same source: an update of the same alert, not a new one.
  appendFileSync(log, lines.slice(6, 12).join('\n') + '\n');
  await w.until(() => w.alerts().some((a) => a.ruleId === 'trw' && a.count === 12), 15_000, 'the update with 12 probes');
  const update = w.alerts().find((a) => a.count === 12)!;
  assert.equal(update.firstSeen, first.firstSeen);
  assert.deepEqual(update.entities.ports, dports(lines.slice(0, 12)));
  assert.ok(w.proc.exitCode === null);
  w.proc.kill('SIGTERM');
  const { code, signal } = await w.exited;
  assert.equal(signal, null);
  assert.equal(code, 0, w.stderr);
  assert.match(w.stderr, /watch: 12 events, 12 probes, 1 alerts/);
  const stored = storedAlerts(join(dir, '.edgewatch/store/alerts.sqlite'));
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.alert.count, 12);
});

test('the allow-list suppresses: nothing on stdout, "suppressed" on stderr, stored as suppressed', (t) => {
  const dir = tempDir(t);
  const allowFile = join(dir, 'allow.txt');
  writeFileSync(allowFile, '# our scanner\n192.168.2.154\n');
  const cases: { args: string[]; input: string; entry: string; rules: string[] }[] = [
    { args: ['--allow', '192.168.10.0/24', '--format', 'iptables', PSAD_SYN], input: '', entry: '192.168.10.0/24', rules: ['trw', 'window-vertical'] },
    { args: ['--allow-file', allowFile, '--format', 'pcap', '-'], input: PORT_SCAN_PCAP, entry: '192.168.2.154', rules: ['trw'] },
  ];
  for (const [i, c] of cases.entries()) {
    const db = join(dir, `alerts-${i}.sqlite`);
    const r = run(['watch', '--db', db, ...c.args], dir, c.input ? readFileSync(c.input) : undefined);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', `case ${i}`);
    for (const rule of c.rules) assert.match(r.stderr, new RegExp(`suppressed: ${rule} \\S+ \\(allow-list entry ${c.entry.replace(/[./]/g, '\\$&')}\\)`));
    assert.match(r.stderr, new RegExp(`${c.rules.length} alerts \\(${c.rules.length} suppressed`));
    const stored = storedAlerts(db);
    assert.deepEqual(stored.map((s) => s.alert.ruleId).sort(), c.rules);
    assert.ok(stored.every((s) => s.suppressed && s.alert.context.suppressedBy === c.entry));
  }
  // An entry that does not cover the source suppresses nothing.
  const r = run(['watch', '--no-alert-store', '--allow', '10.0.0.0/8', '--format', 'pcap', '-'], dir, readFileSync(PORT_SCAN_PCAP));
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
  assert.doesNotMatch(r.stderr, /suppressed:/);
});

test('--alerts table prints the console table', (t) => {
  const dir = tempDir(t);
  const r = run(['watch', '--no-alert-store', '--alerts', 'table', '--format', 'pcap', '-'], dir, readFileSync(PORT_SCAN_PCAP));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^LAST SEEN\s+SEVERITY\s+RULE\s+SOURCE/m);
  assert.match(r.stdout, /trw\s+192\.168\.2\.154\s+-\s+192\.168\.2\.22\s+10\s+21-23,111,113,135,143,445,554,995/);
});

test('--store gives the context the device state: firewall from scid-2070 / scid-2073, critical and high vulnerabilities', (t) => {
  const dir = tempDir(t);
  const store = join(dir, 'store');
  const device = deviceIdFor('edge1');
  const rec = (table: string, properties: Record<string, unknown>) =>
    JSON.stringify({ time: '2017-10-25T00:00:00Z', tenantId: 't', category: `AdvancedHunting-${table}`, properties });
  const assessment = (id: string, compliant: boolean) =>
    rec('DeviceTvmSecureConfigurationAssessment', { DeviceId: device, DeviceName: 'edge1', Timestamp: '2017-10-25T00:00:00Z', ConfigurationId: id, IsCompliant: compliant, IsApplicable: true });
  const vuln = (cve: string, level: string) =>
    rec('DeviceTvmSoftwareVulnerabilities', { DeviceId: device, DeviceName: 'edge1', SoftwareName: 'openssh', CveId: cve, VulnerabilitySeverityLevel: level });
  const state = [assessment('scid-2070', true), assessment('scid-2073', false), vuln('CVE-2024-6387', 'High'), vuln('CVE-2023-0001', 'Low')].join('\n') + '\n';
  const ing = run(['ingest', '--store', store, '--format', 'mde-stream', '-'], dir, state);
  assert.equal(ing.status, 0, ing.stderr);
  // The capture's target as device edge1 (--device), the device the store has state for.
  const r = run(['watch', '--store', store, '--device', 'edge1', '--format', 'pcap', '-'], dir, readFileSync(PORT_SCAN_PCAP));
  assert.equal(r.status, 0, r.stderr);
  const [a, ...more] = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(more.length, 0);
  assert.deepEqual(a.entities.deviceIds, [device]);
  assert.equal(a.context.firewall, 'disabled'); // one of the two firewall settings is not compliant
  assert.deepEqual(a.context.vulnerabilities, [{ deviceId: device, cveId: 'CVE-2024-6387', severity: 'High', software: 'openssh' }]);
  assert.ok(a.context.recommendedActions.some((x: string) => /Turn on the host firewall/.test(x)));
  assert.ok(a.context.recommendedActions.some((x: string) => /CVE-2024-6387/.test(x)));
  // Without --store there is no device state.
  const bare = run(['watch', '--no-alert-store', '--device', 'edge1', '--format', 'pcap', '-'], dir, readFileSync(PORT_SCAN_PCAP));
  assert.equal(JSON.parse(bare.stdout).context.firewall, 'unknown');
});

test('--ingest commits the events to the store as ingest does', (t) => {
  const dir = tempDir(t);
  const store = join(dir, 'store');
  const r = run(['watch', '--ingest', '--store', store, '--year', '2012', PSAD_SYN], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /committed 1002 rows \(0 duplicates\)/);
  assert.match(r.stderr, /1002 rows committed to /);
  const q = run(['query', '--store', store, '--query', 'DeviceNetworkEvents | summarize n = count(), ports = dcount(LocalPort) by RemoteIP', '--format', 'json'], dir);
  assert.equal(q.status, 0, q.stderr);
  const rows = (JSON.parse(q.stdout) as { rows: unknown[][] }).rows.map((r) => [r[0], Number(r[1]), Number(r[2])]);
  assert.deepEqual(rows, [['192.168.10.55', 1002, 501]]);
  // The alert store sits in the store folder by default.
  assert.equal(storedAlerts(join(store, 'alerts.sqlite')).length, 2);
  // Watching the same log again with the store attached: re-ingesting adds nothing, alerts still come out.
  const again = run(['watch', '--ingest', '--store', store, '--year', '2012', PSAD_SYN], dir);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /committed 0 rows \(1002 duplicates\)/);
  assert.equal(again.stdout.split('\n').filter(Boolean).length, 2);
});

test('usage errors exit 2', (t) => {
  const dir = tempDir(t);
  const cases: [string[], RegExp][] = [
    [['--alerts', 'xml', PSAD_PING], /--alerts must be json or table/],
    [['--follow', '-'], /--follow applies to files/],
    [['--format', 'nope', PSAD_PING], /unknown --format 'nope'/],
    [['--max-sources', '0', PSAD_PING], /--max-sources must be a positive integer/],
    [['--allow', 'not-an-ip', PSAD_PING], /allow-list entry 'not-an-ip'/],
    [['--syslog', 'localhost:514', PSAD_PING], /--syslog must look like/],
    [[join(dir, 'missing.log')], /cannot read .*missing\.log/],
  ];
  for (const [args, message] of cases) {
    const r = run(['watch', ...args], dir, '');
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
