import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { pcapReader, readPcap, INTERNET_FACING_REASON, type PcapReadOptions } from '../../src/sources/pcap.js';
import { deviceIdFor } from '../../src/sources/identity.js';
import { READERS, detectReader, readerByName } from '../../src/sources/registry.js';
import { getTable } from '../../src/telemetry/mde-schema.js';
import type { ReaderEvent, RowEvent } from '../../src/sources/reader.js';
import {
  chunked, echo, ethernet, icmpUnreachable, ipv4, ipv6, pcapFile, pcapngFile, tcp, tcpHeader, udp, udpHeader,
} from './pcap-build.js';

const PORT_SCAN = new URL('../../../shared/captures/ncsa-bro-simple-scan/port_scan.pcap', import.meta.url);

const SCANNER = '203.0.113.9'; // public (documentation range, not RFC 1918)
const TARGET = '192.0.2.10';
const LAN_SCANNER = '10.1.1.5';

/** A raw-IP pcap of [seconds, packet] pairs. */
function cap(pkts: [number, Buffer][], o: { linkType?: number; wrap?: (b: Buffer) => Buffer } = {}): Buffer {
  return pcapFile(pkts.map(([t, d]) => {
    const sec = Math.floor(t);
    return { sec, frac: Math.round((t - sec) * 1e6), data: o.wrap ? o.wrap(d) : d };
  }), { linkType: o.linkType ?? 101 });
}

async function ingest(file: Buffer, opts: Partial<PcapReadOptions> = {}, sizes?: number[]): Promise<ReaderEvent[]> {
  const out: ReaderEvent[] = [];
  for await (const e of readPcap(chunked(file, sizes), { source: 'test.pcap', ...opts })) out.push(e);
  return out;
}

function rowsOf(events: ReaderEvent[], table = 'DeviceNetworkEvents'): Record<string, unknown>[] {
  return events.filter((e): e is RowEvent => e.kind === 'row' && e.table === table).map((e) => e.row);
}

function fields(r: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(r.AdditionalFields as string) as Record<string, unknown>;
}

/** Compact view of network rows: action, remote:port -> local:port, protocol, fields. */
function summary(events: ReaderEvent[]): string[] {
  return rowsOf(events).map((r) =>
    `${r.ActionType} ${r.RemoteIP}:${r.RemotePort ?? '-'} -> ${r.LocalIP}:${r.LocalPort ?? '-'} ${r.Protocol} ${r.AdditionalFields}`);
}

test('real capture: port_scan.pcap has 10 SYNs from one scanner to 10 ports of one target', async () => {
  const events: ReaderEvent[] = [];
  for await (const e of readPcap(createReadStream(PORT_SCAN), { source: 'port_scan.pcap' })) events.push(e);
  const rows = rowsOf(events);
  assert.equal(events.length, 10, 'no DeviceInfo (the scanner is private), no rejects');
  assert.equal(rows.length, 10);
  assert.ok(rows.every((r) => r.ActionType === 'InboundConnectionAttempt' && r.Protocol === 'Tcp'));
  assert.deepEqual([...new Set(rows.map((r) => r.RemoteIP))], ['192.168.2.154']);
  assert.deepEqual([...new Set(rows.map((r) => r.LocalIP))], ['192.168.2.22']);
  assert.deepEqual(rows.map((r) => r.LocalPort), [21, 113, 23, 135, 111, 143, 445, 554, 22, 995]);
  assert.equal(new Set(rows.map((r) => r.RemotePort)).size, 10);
  assert.ok(rows.every((r) => JSON.stringify(fields(r)) === '{"TcpFlags":"S","ProbeType":"syn","Answer":"none"}'));
  assert.deepEqual([...new Set(rows.map((r) => r.DeviceName))], ['192.168.2.22']);
  assert.equal(rows[0]!.DeviceId, deviceIdFor('192.168.2.22'));
  assert.equal(rows[0]!.Timestamp, '2017-10-25T21:56:41.7670550Z');
  assert.equal(rows[0]!.LocalIPType, 'Private');
  assert.equal(rows[0]!.RemoteIPType, 'Private');
  assert.equal(new Set(rows.map((r) => r.ReportId)).size, 10);
  // Every column is a DeviceNetworkEvents column.
  const cols = new Set(getTable('DeviceNetworkEvents')!.columns.map((c) => c.name));
  for (const k of Object.keys(rows[0]!)) assert.ok(cols.has(k), k);
  // Re-ingesting gives the same ReportIds; 1-byte chunks give the same events.
  const bytes = readFileSync(PORT_SCAN);
  assert.deepEqual(await ingest(bytes, { source: 'port_scan.pcap' }), events);
  assert.deepEqual(await ingest(bytes, { source: 'port_scan.pcap' }, [1]), events);
});

test('registry: the pcap reader is registered and detected from content', () => {
  assert.equal(readerByName('pcap'), pcapReader);
  assert.ok(READERS.includes(pcapReader));
  assert.equal(detectReader(readFileSync(PORT_SCAN).subarray(0, 64)), pcapReader);
  assert.equal(detectReader(pcapngFile([{ type: 'shb' }])), pcapReader);
});

test('--device names every row; DeviceId derives from the name', async () => {
  const ev = await ingest(cap([[1, tcp(SCANNER, 5555, TARGET, 80, 'S')], [2, tcp(SCANNER, 5555, '192.0.2.11', 80, 'S')]]), { device: 'edge1' });
  const rows = rowsOf(ev);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r.DeviceName === 'edge1' && r.DeviceId === deviceIdFor('edge1')));
  assert.deepEqual(rows.map((r) => r.LocalIP), [TARGET, '192.0.2.11']);
});

test('probe types: SYN, FIN, NULL, XMAS, lone ACK, UDP keep their flags; replies are not probes', async () => {
  const cases: [string, Buffer, string | null][] = [
    ['syn', tcp(SCANNER, 40000, TARGET, 22, 'S'), '{"TcpFlags":"S","ProbeType":"syn","Answer":"none"}'],
    ['syn+ecn', tcp(SCANNER, 40000, TARGET, 22, 'SEC'), '{"TcpFlags":"SEC","ProbeType":"syn","Answer":"none"}'],
    ['fin', tcp(SCANNER, 40000, TARGET, 22, 'F'), '{"TcpFlags":"F","ProbeType":"fin","Answer":"none"}'],
    ['null', tcp(SCANNER, 40000, TARGET, 22, 0), '{"TcpFlags":"","ProbeType":"null","Answer":"none"}'],
    ['xmas', tcp(SCANNER, 40000, TARGET, 22, 'FPU'), '{"TcpFlags":"FPU","ProbeType":"xmas","Answer":"none"}'],
    ['ack', tcp(SCANNER, 40000, TARGET, 22, 'A'), '{"TcpFlags":"A","ProbeType":"ack","Answer":"none"}'],
    ['maimon', tcp(SCANNER, 40000, TARGET, 22, 'FA'), '{"TcpFlags":"FA","ProbeType":"maimon","Answer":"none"}'],
    ['udp', udp(SCANNER, 40000, TARGET, 161), '{"ProbeType":"udp","Answer":"none"}'],
    ['echo', echo(SCANNER, TARGET, 7, 1), '{"IcmpType":8,"IcmpCode":0,"ProbeType":"echo","Answer":"none"}'],
    ['echo v6', echo('2001:db8::9', '2001:db8::10', 7, 1), '{"IcmpType":128,"IcmpCode":0,"ProbeType":"echo","Answer":"none"}'],
    ['syn-ack', tcp(SCANNER, 40000, TARGET, 22, 'SA'), null],
    ['rst', tcp(SCANNER, 40000, TARGET, 22, 'R'), null],
    ['rst-ack', tcp(SCANNER, 40000, TARGET, 22, 'RA'), null],
    ['ack with data (mid-connection)', tcp(SCANNER, 40000, TARGET, 22, 'PA', Buffer.from('hello')), null],
    ['udp from a server port', udp(SCANNER, 53, TARGET, 40000), null],
    ['echo reply', echo(SCANNER, TARGET, 7, 1, true), null],
    ['icmp error', icmpUnreachable(SCANNER, TARGET, tcp(TARGET, 1234, SCANNER, 80, 'S')), null],
  ];
  for (const [name, pkt, want] of cases) {
    const rows = rowsOf(await ingest(cap([[10, pkt]])));
    assert.equal(rows.length, want ? 1 : 0, name);
    if (want) {
      assert.equal(rows[0]!.AdditionalFields, want, name);
      assert.equal(rows[0]!.ActionType, 'InboundConnectionAttempt', name);
      assert.equal(rows[0]!.RemoteIP, name === 'echo v6' ? '2001:db8::9' : SCANNER, name);
    }
  }
});

test('protocol column and ports as Defender writes them', async () => {
  const rows = rowsOf(await ingest(cap([
    [1, tcp(SCANNER, 40000, TARGET, 22, 'S')],
    [2, udp(SCANNER, 40001, TARGET, 53)],
    [3, echo(SCANNER, TARGET, 1, 1)],
    [4, echo('2001:db8::9', '2001:db8::10', 1, 1)],
  ])));
  assert.deepEqual(rows.map((r) => [r.Protocol, r.RemotePort, r.LocalPort]), [
    ['Tcp', 40000, 22], ['Udp', 40001, 53], ['Icmp', null, null], ['IcmpV6', null, null],
  ]);
});

test('answers: syn-ack, rst, icmp-unreachable, udp reply, echo reply, none', async () => {
  const probe = tcp(SCANNER, 40000, TARGET, 81, 'S');
  const uprobe = udp(SCANNER, 40001, TARGET, 161);
  const ev = await ingest(cap([
    [1.0, tcp(SCANNER, 40000, TARGET, 80, 'S')],
    [1.001, tcp(TARGET, 80, SCANNER, 40000, 'SA')],
    [1.002, tcp(SCANNER, 40000, TARGET, 80, 'R')], // half-open scan resets: no accept
    [1.1, probe],
    [1.101, tcp(TARGET, 81, SCANNER, 40000, 'RA')],
    [1.2, tcp(SCANNER, 40000, TARGET, 82, 'S')],
    [1.201, icmpUnreachable('192.0.2.1', SCANNER, tcp(SCANNER, 40000, TARGET, 82, 'S'), 13)], // a router's admin-prohibited
    [1.3, uprobe],
    [1.301, icmpUnreachable(TARGET, SCANNER, uprobe)],
    [1.4, udp(SCANNER, 40002, TARGET, 53)],
    [1.401, udp(TARGET, 53, SCANNER, 40002)],
    [1.5, tcp(SCANNER, 40000, TARGET, 83, 'S')], // never answered
    [1.6, echo(SCANNER, TARGET, 9, 1)],
    [1.601, echo(TARGET, SCANNER, 9, 1, true)],
  ]));
  assert.deepEqual(rowsOf(ev).map((r) => [r.LocalPort, fields(r).Answer]), [
    [80, 'syn-ack'], [81, 'rst'], [82, 'icmp-unreachable'], [161, 'icmp-unreachable'], [53, 'udp-reply'], [83, 'none'], [null, 'echo-reply'],
  ]);
});

test('a completed handshake adds InboundConnectionAccepted after the attempt', async () => {
  const ev = await ingest(cap([
    [5.0, tcp(SCANNER, 50000, TARGET, 443, 'S')],
    [5.01, tcp(TARGET, 443, SCANNER, 50000, 'SA')],
    [5.02, tcp(SCANNER, 50000, TARGET, 443, 'A')],
    [5.03, tcp(SCANNER, 50000, TARGET, 443, 'PA', Buffer.from('GET /'))],
    [5.04, tcp(TARGET, 443, SCANNER, 50000, 'A')], // a pure ACK inside the connection is no probe
    [5.05, tcp(SCANNER, 50000, TARGET, 443, 'FA')],
    [5.06, tcp(TARGET, 443, SCANNER, 50000, 'FA')],
    [5.07, tcp(SCANNER, 50000, TARGET, 443, 'A')],
  ]));
  assert.deepEqual(summary(ev), [
    `InboundConnectionAttempt ${SCANNER}:50000 -> ${TARGET}:443 Tcp {"TcpFlags":"S","ProbeType":"syn","Answer":"syn-ack"}`,
    `InboundConnectionAccepted ${SCANNER}:50000 -> ${TARGET}:443 Tcp {"TcpFlags":"A"}`,
  ]);
  const rows = rowsOf(ev);
  assert.equal(rows[0]!.Timestamp, '1970-01-01T00:00:05.0000000Z');
  assert.equal(rows[1]!.Timestamp, '1970-01-01T00:00:05.0200000Z');
});

test('backscatter (replies with no probe) yields no attempt rows', async () => {
  const pkts: [number, Buffer][] = [];
  for (let i = 0; i < 20; i++) {
    const remote = `198.51.100.${i + 1}`;
    pkts.push([i, tcp(remote, 80, TARGET, 30000 + i, 'SA')]);
    pkts.push([i + 0.1, tcp(remote, 443, TARGET, 31000 + i, 'RA')]);
    pkts.push([i + 0.2, icmpUnreachable(remote, TARGET, udp(TARGET, 32000 + i, remote, 53))]);
    pkts.push([i + 0.3, icmpUnreachable(remote, TARGET, tcp(TARGET, 33000 + i, remote, 25, 'S'))]);
    pkts.push([i + 0.4, echo(remote, TARGET, i, 1, true)]);
    pkts.push([i + 0.5, udp(remote, 53, TARGET, 34000 + i)]);
    pkts.push([i + 0.6, icmpUnreachable('2001:db8::1', '2001:db8::2', tcp('2001:db8::2', 1000 + i, '2001:db8::1', 22, 'S'))]);
  }
  const ev = await ingest(cap(pkts));
  assert.deepEqual(ev, []);
});

test('answers arriving after the timeout do not count; the timeout is capture time', async () => {
  const pkts: [number, Buffer][] = [
    [100, tcp(SCANNER, 40000, TARGET, 22, 'S')],
    [106, tcp(TARGET, 22, SCANNER, 40000, 'SA')], // 6 s later: the probe was already answered "none"
  ];
  assert.deepEqual(rowsOf(await ingest(cap(pkts))).map((r) => fields(r).Answer), ['none']);
  assert.deepEqual(rowsOf(await ingest(cap(pkts), { answerTimeoutSeconds: 10 })).map((r) => fields(r).Answer), ['syn-ack']);
});

test('rows come out in capture-time order and as soon as their answer or timeout is known', async () => {
  const pkts: [number, Buffer][] = [
    [1, tcp(SCANNER, 1, TARGET, 1, 'S')], // unanswered
    [2, tcp(SCANNER, 2, TARGET, 2, 'S')],
    [2.5, tcp(TARGET, 2, SCANNER, 2, 'RA')], // answered before port 1 times out
    [3, tcp(SCANNER, 3, TARGET, 3, 'S')],
    [20, tcp(SCANNER, 4, TARGET, 4, 'S')],
  ];
  const ev = await ingest(cap(pkts));
  assert.deepEqual(rowsOf(ev).map((r) => [r.LocalPort, fields(r).Answer]), [[1, 'none'], [2, 'rst'], [3, 'none'], [4, 'none']]);
  // Streaming: the first three rows are out before the input ends (right after the packet at t=20).
  const events: string[] = [];
  async function* src(): AsyncGenerator<Buffer> {
    const file = cap(pkts);
    const recLen = (i: number) => 16 + pkts[i]![1].length;
    let p = 24;
    yield file.subarray(0, p);
    for (let i = 0; i < pkts.length; i++) {
      events.push(`packet ${i}`);
      yield file.subarray(p, p + recLen(i));
      p += recLen(i);
    }
    events.push('end');
  }
  for await (const e of readPcap(src(), { source: 's' })) if (e.kind === 'row') events.push(`${e.table} ${e.row.LocalPort ?? ''}`);
  const n = (port: number) => `DeviceNetworkEvents ${port}`;
  assert.deepEqual(events, ['packet 0', 'packet 1', 'packet 2', 'packet 3', 'packet 4', n(1), n(2), n(3), 'end', n(4), 'DeviceInfo ']);
});

test('retransmitted probes are one attempt; UDP counts the first datagram of a flow', async () => {
  const ev = await ingest(cap([
    [1, tcp(SCANNER, 40000, TARGET, 22, 'S')],
    [2, tcp(SCANNER, 40000, TARGET, 22, 'S')],
    [3, udp(SCANNER, 40001, TARGET, 514)],
    [3.5, udp(SCANNER, 40001, TARGET, 514)],
    [4, udp(SCANNER, 40002, TARGET, 514)], // new source port: new flow
    [5, echo(SCANNER, TARGET, 3, 1)],
    [6, echo(SCANNER, TARGET, 3, 2)],
  ]));
  assert.deepEqual(rowsOf(ev).map((r) => `${r.Protocol}:${r.RemotePort}->${r.LocalPort}`), ['Tcp:40000->22', 'Udp:40001->514', 'Udp:40002->514', 'Icmp:null->null']);
});

test('a lone ACK that belongs to a connection older than the capture is withdrawn', async () => {
  const ev = await ingest(cap([
    [1, tcp(SCANNER, 40000, TARGET, 22, 'A')], // looks like an ACK probe...
    [1.1, tcp(TARGET, 22, SCANNER, 40000, 'PA', Buffer.from('SSH-2.0'))], // ...but the flow is alive
    [1.2, tcp(SCANNER, 40000, TARGET, 22, 'A')],
    [2, tcp(SCANNER, 40001, TARGET, 22, 'A')], // a real ACK probe, answered by RST (unfiltered)
    [2.1, tcp(TARGET, 22, SCANNER, 40001, 'R')],
  ]));
  assert.deepEqual(summary(ev), [`InboundConnectionAttempt ${SCANNER}:40001 -> ${TARGET}:22 Tcp {"TcpFlags":"A","ProbeType":"ack","Answer":"rst"}`]);
});

test('--local-net: only probes to local addresses become rows; outbound traffic of local hosts makes none', async () => {
  const LOCAL = '192.0.2.50';
  const REMOTE = '198.51.100.80';
  const pkts: [number, Buffer][] = [
    // The local host connects out; the remote's pure ACKs and data to it are not probes.
    [1, tcp(LOCAL, 45000, REMOTE, 443, 'S')],
    [1.01, tcp(REMOTE, 443, LOCAL, 45000, 'SA')],
    [1.02, tcp(LOCAL, 45000, REMOTE, 443, 'A')],
    [1.03, tcp(REMOTE, 443, LOCAL, 45000, 'PA', Buffer.from('data'))],
    [1.04, tcp(LOCAL, 45000, REMOTE, 443, 'A')],
    [1.05, tcp(REMOTE, 443, LOCAL, 45000, 'A')],
    [1.06, udp(LOCAL, 50000, REMOTE, 53)],
    [1.07, udp(REMOTE, 53, LOCAL, 50000)],
    // An inbound probe to the local host, and one to an address outside the local net.
    [2, tcp(SCANNER, 6000, LOCAL, 3389, 'S')],
    [3, tcp(SCANNER, 6000, '203.0.113.200', 3389, 'S')],
  ];
  const ev = await ingest(cap(pkts), { localNets: ['192.0.2.0/24'] });
  assert.deepEqual(rowsOf(ev).map((r) => `${r.RemoteIP}->${r.LocalIP}:${r.LocalPort}`), [`${SCANNER}->${LOCAL}:3389`]);
  // Without --local-net every destination of an unsolicited probe is local, including the remote server.
  const all = await ingest(cap(pkts));
  assert.deepEqual(rowsOf(all).map((r) => `${r.ActionType}:${r.LocalIP}:${r.LocalPort}`), [
    `InboundConnectionAttempt:${REMOTE}:443`, `InboundConnectionAccepted:${REMOTE}:443`, `InboundConnectionAttempt:${REMOTE}:53`,
    `InboundConnectionAttempt:${LOCAL}:3389`, 'InboundConnectionAttempt:203.0.113.200:3389',
  ]);
  const v6 = await ingest(cap([[1, tcp('2001:db8:ff::1', 7, '2001:db8:1::5', 22, 'S')], [2, tcp('2001:db8:ff::1', 7, '2001:db8:2::5', 22, 'S')]]), { localNets: ['2001:db8:1::/48'] });
  assert.deepEqual(rowsOf(v6).map((r) => r.LocalIP), ['2001:db8:1::5']);
});

test('IPv6 probes through extension headers, answered by ICMPv6 unreachable', async () => {
  const probe = ipv6('2001:db8::bad', '2001:db8::10', 6, tcpHeader(41000, 8080, 'S'), [[0, Buffer.alloc(6)], [60, Buffer.alloc(6)]]);
  const ev = await ingest(cap([
    [1, probe],
    [1.01, icmpUnreachable('2001:db8::10', '2001:db8::bad', probe)],
  ], { linkType: 1, wrap: (b) => ethernet(b) }));
  const rows = rowsOf(ev);
  assert.deepEqual(summary(ev), ['InboundConnectionAttempt 2001:db8::bad:41000 -> 2001:db8::10:8080 Tcp {"TcpFlags":"S","ProbeType":"syn","Answer":"icmp-unreachable"}']);
  assert.equal(rows[0]!.LocalIPType, 'Public');
  assert.equal(rows[0]!.DeviceName, '2001:db8::10');
  // IPv6 sources are not "public" for ipv4_is_private: no DeviceInfo row.
  assert.equal(rowsOf(ev, 'DeviceInfo').length, 0);
});

test('IPv4 fragments: the first fragment is the probe, later fragments are not', async () => {
  const seg = udpHeader(40000, 500, Buffer.alloc(64));
  const ev = await ingest(cap([
    [1, ipv4(SCANNER, TARGET, 17, seg.subarray(0, 40), { moreFragments: true, totalLength: 60, id: 9 })],
    [1.001, ipv4(SCANNER, TARGET, 17, seg.subarray(40), { fragOffset: 5, id: 9 })],
    [2, ipv4(SCANNER, TARGET, 17, Buffer.alloc(32), { fragOffset: 100, id: 10 })], // orphan later fragment
  ]));
  assert.deepEqual(summary(ev), [`InboundConnectionAttempt ${SCANNER}:40000 -> ${TARGET}:500 Udp {"ProbeType":"udp","Answer":"none"}`]);
});

test('devices probed from public IPv4 addresses get an internet-facing DeviceInfo row', async () => {
  const ev = await ingest(cap([
    [10, tcp(SCANNER, 1, TARGET, 22, 'S')],
    [11, udp('198.51.100.3', 2, TARGET, 161)], // the last public probe of TARGET
    [12, tcp(LAN_SCANNER, 3, TARGET, 445, 'S')], // private: does not move the stamp
    [13, tcp(LAN_SCANNER, 4, '192.0.2.20', 22, 'S')], // only private probes: no DeviceInfo
    [14, tcp('2001:db8::1', 5, '2001:db8::20', 22, 'S')], // IPv6 prober: no DeviceInfo
    [15, tcp('127.0.0.1', 6, '192.0.2.30', 22, 'S')], // loopback and link-local are not the internet
    [16, tcp('169.254.0.9', 7, '192.0.2.30', 22, 'S')],
    [17, tcp('100.64.0.1', 8, '192.0.2.30', 22, 'S')], // shared (CGNAT) space
  ]));
  const info = rowsOf(ev, 'DeviceInfo');
  assert.equal(info.length, 1);
  const r = info[0]!;
  assert.equal(r.DeviceName, TARGET);
  assert.equal(r.DeviceId, deviceIdFor(TARGET));
  assert.equal(r.IsInternetFacing, true);
  assert.equal(r.Timestamp, '1970-01-01T00:00:11.0000000Z');
  assert.equal(r.OSPlatform, '');
  assert.equal(typeof r.ReportId, 'number');
  assert.deepEqual(fields(r), {
    InternetFacingReason: INTERNET_FACING_REASON,
    InternetFacingLocalPort: 161,
    InternetFacingLocalIp: TARGET,
    InternetFacingTransportProtocol: 'UDP',
    InternetFacingLastSeen: '1970-01-01T00:00:11.0000000Z',
  });
  const cols = new Set(getTable('DeviceInfo')!.columns.map((c) => c.name));
  for (const k of Object.keys(r)) assert.ok(cols.has(k), k);
  // With --device, one DeviceInfo row for the named device.
  const dev = rowsOf(await ingest(cap([[10, tcp(SCANNER, 1, TARGET, 22, 'S')], [20, tcp(SCANNER, 1, '192.0.2.99', 25, 'S')]]), { device: 'edge1' }), 'DeviceInfo');
  assert.deepEqual(dev.map((x) => [x.DeviceName, x.Timestamp, fields(x).InternetFacingLocalIp]), [['edge1', '1970-01-01T00:00:20.0000000Z', '192.0.2.99']]);
});

test('ReportId: stable across runs, distinct for identical packets at the same instant', async () => {
  const syn = tcp(SCANNER, 40000, TARGET, 22, 'S');
  const file = cap([[1, syn], [1, syn], [1, tcp(TARGET, 22, SCANNER, 40000, 'R')], [1, syn]]);
  const a = rowsOf(await ingest(file));
  const b = rowsOf(await ingest(file, {}, [5, 3]));
  assert.equal(a.length, 2, 'the SYN retransmit is absorbed, the SYN after the reset starts a new attempt');
  assert.deepEqual(a.map((r) => r.ReportId), b.map((r) => r.ReportId));
  assert.notEqual(a[0]!.ReportId, a[1]!.ReportId);
  assert.ok(a.every((r) => Number.isSafeInteger(r.ReportId) && (r.ReportId as number) > 0));
});

test('link types and containers all yield the same attempt', async () => {
  const v4 = tcp(SCANNER, 40000, TARGET, 22, 'S');
  const want = [`InboundConnectionAttempt ${SCANNER}:40000 -> ${TARGET}:22 Tcp {"TcpFlags":"S","ProbeType":"syn","Answer":"none"}`];
  const files: [string, Buffer][] = [
    ['pcap ethernet LE', pcapFile([{ sec: 1, frac: 0, data: ethernet(v4) }], { little: true })],
    ['pcap ethernet BE nano', pcapFile([{ sec: 1, frac: 5, data: ethernet(v4, [42]) }], { little: false, nano: true })],
    ['pcap raw 12', pcapFile([{ sec: 1, frac: 0, data: v4 }], { linkType: 12 })],
    ['pcapng two interfaces', pcapngFile([
      { type: 'shb' }, { type: 'idb', iface: { linkType: 276 } }, { type: 'idb', iface: { linkType: 228, tsresol: 9 } },
      { type: 'epb', iface: 1, ts: 1_000_000_000n, data: v4 },
    ], false)],
  ];
  for (const [name, file] of files) assert.deepEqual(summary(await ingest(file)), want, name);
});

test('truncated capture: rows before the cut, then the truncated event', async () => {
  const file = cap([[1, tcp(SCANNER, 1, TARGET, 1, 'S')], [2, tcp(SCANNER, 2, TARGET, 2, 'S')], [3, tcp(SCANNER, 3, TARGET, 3, 'S')]]);
  const ev = await ingest(file.subarray(0, file.length - 10));
  // The two complete probes, the DeviceInfo row (the scanner is public), then where the input was cut.
  assert.deepEqual(ev.map((e) => (e.kind === 'row' ? e.table : e.kind)), ['DeviceNetworkEvents', 'DeviceNetworkEvents', 'DeviceInfo', 'truncated']);
  const t = ev[3]!;
  assert.equal(t.kind === 'truncated' && t.offset, file.length - 10);
  assert.match((t as { message: string }).message, /^test\.pcap: capture cut short/);
  // A bad record length: reject with its offset, then the same stop.
  const bad = Buffer.from(file);
  const second = 24 + 16 + tcp(SCANNER, 1, TARGET, 1, 'S').length;
  bad.writeUInt32LE(1 << 30, second + 8);
  const ev2 = await ingest(bad);
  assert.deepEqual(ev2.map((e) => (e.kind === 'row' ? e.table : e.kind)), ['reject', 'DeviceNetworkEvents', 'DeviceInfo', 'truncated']);
  assert.equal(ev2[0]!.kind === 'reject' && ev2[0]!.offset, second);
});

test('1-byte chunks and every split point give the same events as one chunk', async () => {
  const probe = udp(SCANNER, 40001, TARGET, 161);
  const file = pcapngFile([
    { type: 'shb' }, { type: 'idb', iface: { linkType: 1, tsresol: 9 } },
    { type: 'epb', iface: 0, ts: 1_000_000_000n, data: ethernet(tcp(SCANNER, 40000, TARGET, 80, 'S')) },
    { type: 'epb', iface: 0, ts: 1_001_000_000n, data: ethernet(tcp(TARGET, 80, SCANNER, 40000, 'SA')) },
    { type: 'epb', iface: 0, ts: 1_002_000_000n, data: ethernet(tcp(SCANNER, 40000, TARGET, 80, 'A')) },
    { type: 'epb', iface: 0, ts: 1_003_000_000n, data: ethernet(probe) },
    { type: 'epb', iface: 0, ts: 1_004_000_000n, data: ethernet(icmpUnreachable(TARGET, SCANNER, probe)) },
  ]);
  const whole = await ingest(file);
  assert.equal(rowsOf(whole).length, 3);
  assert.equal(rowsOf(whole, 'DeviceInfo').length, 1);
  assert.deepEqual(await ingest(file, {}, [1]), whole);
  for (let cut = 1; cut < file.length; cut++) assert.deepEqual(await ingest(file, {}, [cut, file.length]), whole, `split at ${cut}`);
});

test('flow state stays bounded on a long capture', async () => {
  const { FlowTracker } = await import('../../src/sources/pcap-flows.js');
  const { decodeFrame } = await import('../../src/sources/pcap-decode.js');
  const tracker = new FlowTracker({ isLocal: () => true, reportId: () => 1 });
  let rows = 0;
  // One new UDP flow and one TCP SYN per 10 ms for 20 minutes of capture time.
  for (let i = 0; i < 120_000; i++) {
    const t = BigInt(i) * 100_000n;
    const a = `198.51.${(i >> 8) & 255}.${i & 255}`;
    for (const pkt of [udp(a, 1000 + (i % 5000), TARGET, 53), tcp(a, 2000, TARGET, 80, 'S')]) {
      tracker.packet(decodeFrame(101, pkt)!, t, pkt, 0);
    }
    rows += tracker.drain(t).length;
  }
  rows += tracker.drain('end').length;
  assert.equal(rows, 240_000);
  // Forgotten after at most 2 x idle: UDP 2 x 30 s and unanswered handshakes 2 x 10 s, at 100 new flows/s each.
  const bound = 100 * (2 * 30 + 2 * 10);
  assert.ok(tracker.flowCount <= bound && tracker.flowCount > 1000, `flows held: ${tracker.flowCount} (bound ${bound})`);
});
