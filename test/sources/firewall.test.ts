// The firewall-log reader on the real iptables/ufw logs in ../shared/captures (psad's nmap scans, CrowdSec's
// multi-port scan test); expected values come from SOURCES.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { firewallReader, type FirewallReaderOptions } from '../../src/sources/firewall.js';
import { zeekReader } from '../../src/sources/zeek.js';
import { deviceIdFor } from '../../src/sources/identity.js';
import type { ReaderEvent } from '../../src/sources/reader.js';
import { detectReader } from '../../src/sources/registry.js';
import { getTable } from '../../src/telemetry/mde-schema.js';
import { tableFromRecords } from '../../src/kql/data/from-rows.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';

const CAPTURES = new URL('../../../shared/captures/', import.meta.url);
const path = (rel: string): string => fileURLToPath(new URL(rel, CAPTURES));

type Row = Record<string, unknown>;

async function ingest(rel: string, options: Partial<FirewallReaderOptions> = {}): Promise<{ rows: Row[]; rejects: ReaderEvent[] }> {
  const rows: Row[] = [];
  const rejects: ReaderEvent[] = [];
  for await (const e of firewallReader.read(createReadStream(path(rel)), { source: rel, year: 2012, ...options })) {
    if (e.kind === 'row') {
      assert.equal(e.table, 'DeviceNetworkEvents');
      rows.push(e.row);
    } else rejects.push(e);
  }
  return { rows, rejects };
}

const af = (r: Row): Record<string, unknown> => JSON.parse(r.AdditionalFields as string);
const distinct = (rows: Row[], col: string): Set<unknown> => new Set(rows.map((r) => r[col]));
const lineCount = (rel: string): number => readFileSync(path(rel), 'utf8').split('\n').filter((l) => l.trim() !== '').length;

// [file, lines, probes (InboundConnectionAttempt), distinct probed ports, protocol, TCP flags of the probes]
const PSAD: [string, number, number, number, string, string | null][] = [
  ['syn_scan_1000_1500.log', 1002, 1002, 501, 'Tcp', 'SYN'],
  ['udp_scan_1000_1150.log', 302, 302, 151, 'Udp', null],
  ['fin_scan_1000_1150.log', 302, 302, 151, 'Tcp', 'FIN'],
  ['null_scan_1000_1150.log', 303, 302, 151, 'Tcp', ''],
  ['xmas_scan_1000_1150.log', 302, 302, 151, 'Tcp', 'URG PSH FIN'],
  ['ack_scan_1000_1150.log', 302, 302, 151, 'Tcp', 'ACK'],
  ['mirai_default_credentials_scan.log', 11, 11, 2, 'Tcp', 'SYN'],
];

for (const [file, lines, probes, ports, protocol, flags] of PSAD) {
  test(`psad ${file}: ${probes} probes of ${ports} ports from 192.168.10.55 to 192.168.10.1`, async () => {
    const rel = `psad-iptables/${file}`;
    assert.equal(lineCount(rel), lines);
    const { rows, rejects } = await ingest(rel);
    assert.deepEqual(rejects, []);
    assert.equal(rows.length, lines);
    const attempts = rows.filter((r) => r.ActionType === 'InboundConnectionAttempt');
    assert.equal(attempts.length, probes);
    assert.deepEqual(distinct(attempts, 'RemoteIP'), new Set(['192.168.10.55']));
    assert.deepEqual(distinct(attempts, 'LocalIP'), new Set(['192.168.10.1']));
    assert.deepEqual(distinct(attempts, 'DeviceName'), new Set(['linux']));
    assert.deepEqual(distinct(attempts, 'DeviceId'), new Set([deviceIdFor('linux')]));
    assert.deepEqual(distinct(attempts, 'Protocol'), new Set([protocol]));
    assert.equal(distinct(attempts, 'LocalPort').size, ports);
    for (const r of attempts) {
      const f = af(r);
      assert.equal(f.direction, 'In');
      assert.equal(f.FirewallAction, 'DROP');
      assert.equal(f.Blocked, true);
      assert.equal(f.TcpFlags, flags ?? undefined);
      assert.equal(typeof r.RemotePort, 'number');
    }
  });
}

test('psad SYN scan: timestamps span 1 min 42 s in the given year, UTC by default', async () => {
  const { rows } = await ingest('psad-iptables/syn_scan_1000_1500.log');
  assert.equal(rows[0]!.Timestamp, '2012-03-11T20:35:11Z');
  assert.equal(rows.at(-1)!.Timestamp, '2012-03-11T20:36:53Z');
  const f = af(rows[0]!);
  assert.deepEqual(
    [f['Tcp Flags'], f.LogPrefix, f.Interface, f['Source Mac'], f['Destination Mac'], f['Packet Size'], f.Ttl, f.Window],
    [2, 'DROP', 'eth1', '00:21:3f:98:99:78', '23:87:fc:c6:24:58', 44, 53, 3072],
  );
  assert.equal(f.Answer, 'none');
});

test('psad UDP scan: 151 ports in 32 s', async () => {
  const { rows } = await ingest('psad-iptables/udp_scan_1000_1150.log');
  const secs = (Date.parse(rows.at(-1)!.Timestamp as string) - Date.parse(rows[0]!.Timestamp as string)) / 1000;
  assert.equal(secs, 32);
});

test('psad NULL scan: the target\'s own ICMP echo to the scanner is an outbound request, not a probe', async () => {
  const { rows } = await ingest('psad-iptables/null_scan_1000_1150.log');
  const out = rows.filter((r) => r.ActionType !== 'InboundConnectionAttempt');
  assert.equal(out.length, 1);
  assert.equal(out[0]!.ActionType, 'ConnectionRequest');
  assert.equal(out[0]!.LocalIP, '192.168.10.1');
  assert.equal(out[0]!.RemoteIP, '192.168.10.55');
  assert.equal(out[0]!.Protocol, 'Icmp');
  assert.equal(out[0]!.LocalPort, null);
  const f = af(out[0]!);
  assert.deepEqual([f.direction, f.Interface, f.IcmpType, f.FirewallAction, f.IpFlags], ['Out', 'eth0', 8, 'UNKNOWN', 'DF']);
  assert.equal(af(rows[0]!)['Tcp Flags'], 0);
});

test('psad IPv6 connect scan: canonical addresses, 1000 distinct ports, replies are not probes', async () => {
  const { rows, rejects } = await ingest('psad-iptables/ipv6_tcp_connect_nmap_default_scan.log');
  assert.deepEqual(rejects, []);
  assert.equal(rows.length, 1009);
  const attempts = rows.filter((r) => r.ActionType === 'InboundConnectionAttempt');
  assert.deepEqual(distinct(attempts, 'RemoteIP'), new Set(['2001:db8:0:f101::2']));
  assert.deepEqual(distinct(attempts, 'LocalIP'), new Set(['2001:db8:0:f101::1']));
  assert.equal(distinct(attempts, 'LocalPort').size, 1000);
  // 1002 SYNs and 3 lone ACKs are probes; 3 ACK+RST and the ICMPv6 neighbour solicitation are not.
  assert.equal(attempts.length, 1005);
  const found = rows.filter((r) => r.ActionType === 'ConnectionFound');
  assert.deepEqual(found.map((r) => af(r).TcpFlags ?? `icmp ${af(r).IcmpType}`).sort(), ['ACK RST', 'ACK RST', 'ACK RST', 'icmp 135']);
  const ns = found.find((r) => r.Protocol === 'IcmpV6')!;
  assert.equal(ns.LocalIP, 'ff02::1:ff00:1');
  assert.equal(af(attempts[0]!).Ttl, 64); // HOPLIMIT
  const secs = (Date.parse(rows.at(-1)!.Timestamp as string) - Date.parse(rows[0]!.Timestamp as string)) / 1000;
  assert.ok(secs <= 1, `${secs}`);
});

test('psad protocol scan: 255 IP protocols probed twice each, no ports', async () => {
  const { rows, rejects } = await ingest('psad-iptables/proto_scan.log');
  assert.deepEqual(rejects, []);
  assert.equal(rows.length, 510);
  assert.ok(rows.every((r) => r.ActionType === 'InboundConnectionAttempt' && r.RemoteIP === '192.168.10.55'));
  assert.equal(new Set(rows.map((r) => af(r).IpProtocol)).size, 255);
  const esp = rows.filter((r) => r.Protocol === 'ESP');
  assert.equal(esp.length, 2);
  assert.deepEqual([esp[0]!.LocalPort, af(esp[0]!).IpProtocol, af(esp[0]!).Incomplete], [null, 50, true]);
});

test('psad valid ping: five ICMP echo requests, verdict unknown from the prefix "ICMP"', async () => {
  const { rows } = await ingest('psad-iptables/ipv4_valid_ping.log');
  assert.equal(rows.length, 5);
  for (const r of rows) {
    assert.equal(r.ActionType, 'InboundConnectionAttempt');
    assert.equal(r.Protocol, 'Icmp');
    assert.deepEqual([af(r).IcmpType, af(r).IcmpCode, af(r).FirewallAction, af(r).Blocked], [8, 0, 'UNKNOWN', undefined]);
  }
});

test('CrowdSec multi-port scan: 62.34.17.168 -> scw-d95986 (17 ports), UFW BLOCK from 127.0.0.2, UFW AUDIT from 127.0.0.1', async () => {
  const rel = 'crowdsec-hub-tests/iptables-scan-multi-port/iptables-scan-multi-port.log';
  const { rows, rejects } = await ingest(rel, { year: 2025 });
  assert.deepEqual(rejects, []);
  assert.equal(rows.length, 49);
  const by = (ip: string): Row[] => rows.filter((r) => r.RemoteIP === ip);
  const scan = by('62.34.17.168');
  assert.equal(scan.length, 17);
  assert.deepEqual(distinct(scan, 'DeviceName'), new Set(['scw-d95986']));
  assert.deepEqual(distinct(scan, 'LocalIP'), new Set(['10.73.140.49']));
  assert.equal(distinct(scan, 'LocalPort').size, 17);
  assert.ok(scan.every((r) => r.ActionType === 'InboundConnectionAttempt' && r.RemoteIPType === 'Public'));
  assert.deepEqual(distinct(scan, 'Timestamp'), new Set(['2025-09-30T10:09:23Z']));
  assert.equal(af(scan[0]!).FirewallAction, 'UNKNOWN');
  assert.equal(af(scan[0]!).LogPrefix, '');

  for (const [ip, verdict, blocked] of [['127.0.0.2', 'BLOCK', true], ['127.0.0.1', 'AUDIT', undefined]] as const) {
    const rs = by(ip);
    assert.equal(rs.length, 16, ip);
    assert.deepEqual(distinct(rs, 'DeviceName'), new Set(['vm-1']));
    assert.deepEqual(distinct(rs, 'LocalIP'), new Set(['127.0.0.53']));
    assert.equal(distinct(rs, 'LocalPort').size, 16);
    assert.deepEqual(distinct(rs, 'LocalIPType'), new Set(['Loopback']));
    for (const r of rs) {
      const f = af(r);
      assert.equal(r.ActionType, 'InboundConnectionAttempt'); // flags not logged: still a probe
      assert.deepEqual([f.FirewallAction, f.Blocked, f.LogPrefix, f.Interface, f.TcpFlags], [verdict, blocked, `[UFW ${verdict}]`, 'lo', undefined]);
    }
  }
  // The seed query's filter (public RemoteIP) keeps only the real scanner.
  assert.deepEqual(distinct(rows.filter((r) => r.RemoteIPType === 'Public'), 'RemoteIP'), new Set(['62.34.17.168']));
});

test('every firewall log in the captures is detected as iptables and not as Zeek', () => {
  for (const rel of [...PSAD.map(([f]) => `psad-iptables/${f}`), 'psad-iptables/proto_scan.log', 'psad-iptables/ipv4_valid_ping.log',
    'psad-iptables/ipv6_tcp_connect_nmap_default_scan.log', 'crowdsec-hub-tests/iptables-scan-multi-port/iptables-scan-multi-port.log']) {
    const head = readFileSync(path(rel)).subarray(0, 4096);
    assert.equal(firewallReader.detect(head), true, rel);
    assert.equal(zeekReader.detect(head), false, rel);
  }
  const zeek = readFileSync(path('slips-dataset/port-scans_vertical_conn.log')).subarray(0, 4096);
  assert.equal(firewallReader.detect(zeek), false);
});

test('re-reading a file yields the same ReportIds (re-ingesting adds nothing)', async () => {
  const a = await ingest('psad-iptables/mirai_default_credentials_scan.log');
  const b = await ingest('psad-iptables/mirai_default_credentials_scan.log');
  assert.deepEqual(a.rows.map((r) => r.ReportId), b.rows.map((r) => r.ReportId));
  assert.equal(new Set(a.rows.map((r) => r.ReportId)).size, 11);
  assert.ok(a.rows.every((r) => Number.isSafeInteger(r.ReportId) && (r.ReportId as number) > 0));
});

test('the registry picks iptables for every firewall capture and zeek for the conn.log', () => {
  for (const rel of ['psad-iptables/syn_scan_1000_1500.log', 'psad-iptables/ipv6_tcp_connect_nmap_default_scan.log',
    'psad-iptables/proto_scan.log', 'crowdsec-hub-tests/iptables-scan-multi-port/iptables-scan-multi-port.log']) {
    assert.equal(detectReader(readFileSync(path(rel)).subarray(0, 65536))?.name, 'iptables', rel);
  }
  assert.equal(detectReader(readFileSync(path('slips-dataset/port-scans_vertical_conn.log')).subarray(0, 65536))?.name, 'zeek');
});

test('rows convert to the DeviceNetworkEvents schema without errors', async () => {
  const { rows } = await ingest('psad-iptables/ipv6_tcp_connect_nmap_default_scan.log');
  const schema = getTable('DeviceNetworkEvents')!.columns.map((c) => ({ name: c.name, type: c.type }));
  for (const r of rows) for (const k of Object.keys(r)) assert.ok(schema.some((c) => c.name === k), k);
  const { table, errors } = tableFromRecords(rows, schema);
  assert.deepEqual(errors, []);
  const at = (name: string): number => schema.findIndex((f) => f.name === name);
  assert.equal(table.columns[at('Timestamp')]!.get(1), parseDatetime('2012-03-17T13:39:13Z'));
  assert.equal(table.columns[at('LocalPort')]!.get(1), 80);
  assert.equal(table.columns[at('LocalPort')]!.get(0), null);
  assert.equal(table.columns[at('ReportId')]!.get(1), BigInt(rows[1]!.ReportId as number));
});
