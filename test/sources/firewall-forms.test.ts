// The firewall-log reader on synthetic lines: header forms, nftables, time zones, year rollover, direction,
// verdicts, packet kinds, IPv6 canonical text and malformed lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firewallReader, packetKind, verdictOf, type FirewallReaderOptions } from '../../src/sources/firewall.js';
import { parsePacket } from '../../src/sources/firewall-parse.js';
import { parseIp } from '../../src/sources/firewall-net.js';
import { readLines } from '../../src/sources/firewall-lines.js';
import { deviceIdFor } from '../../src/sources/identity.js';
import type { ReaderEvent } from '../../src/sources/reader.js';

type Row = Record<string, unknown>;

async function* chunks(text: string | Buffer, size = 1 << 16): AsyncGenerator<Buffer> {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function read(text: string, options: Partial<FirewallReaderOptions> = {}): Promise<ReaderEvent[]> {
  const out: ReaderEvent[] = [];
  for await (const e of firewallReader.read(chunks(text), { source: 'test', ...options })) out.push(e);
  return out;
}

async function rows(text: string, options: Partial<FirewallReaderOptions> = {}): Promise<Row[]> {
  const events = await read(text, options);
  const rejects = events.filter((e) => e.kind !== 'row');
  assert.deepEqual(rejects, []);
  return events.map((e) => (e.kind === 'row' ? e.row : {}));
}

async function one(text: string, options: Partial<FirewallReaderOptions> = {}): Promise<Row> {
  const rs = await rows(text, options);
  assert.equal(rs.length, 1);
  return rs[0]!;
}

const af = (r: Row): Record<string, unknown> => JSON.parse(r.AdditionalFields as string);

const SYN = 'IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.5 DST=198.51.100.7 LEN=60 TOS=0x00 '
  + 'PREC=0x00 TTL=52 ID=54321 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0';

// [form, line, Timestamp, DeviceName, LogPrefix]
const FORMS: [string, string, string, string, string][] = [
  ['BSD syslog with kernel stamp', `May  1 10:11:12 web1 kernel: [ 1234.567890] [UFW BLOCK] ${SYN}`, '2024-05-01T10:11:12Z', 'web1', '[UFW BLOCK]'],
  ['BSD syslog, kern.log without stamp', `May 01 10:11:12 web1 kernel: DROP ${SYN}`, '2024-05-01T10:11:12Z', 'web1', 'DROP'],
  ['journalctl short-precise', `May 01 10:11:12.250000 web1 kernel: DROP ${SYN}`, '2024-05-01T10:11:12.25Z', 'web1', 'DROP'],
  ['BSD syslog with priority', `<4>May  1 10:11:12 web1 kernel: DROP ${SYN}`, '2024-05-01T10:11:12Z', 'web1', 'DROP'],
  ['rsyslog RFC 3339', `2024-05-01T10:11:12.123456+02:00 web1 kernel: [UFW BLOCK] ${SYN}`, '2024-05-01T08:11:12.123456Z', 'web1', '[UFW BLOCK]'],
  ['ISO with Z and 7+ digits', `2024-05-01T10:11:12.123456789Z web1 kernel: [  99.1] X ${SYN}`, '2024-05-01T10:11:12.1234567Z', 'web1', 'X'],
  ['RFC 5424 without structured data', `<4>1 2024-05-01T10:11:12.5Z web1 kernel - - - [UFW BLOCK] ${SYN}`, '2024-05-01T10:11:12.5Z', 'web1', '[UFW BLOCK]'],
  ['RFC 5424 with structured data', `<4>1 2024-05-01T10:11:12Z web1 kernel - - [meta seq="1" x="a]b"] nft-drop: ${SYN}`, '2024-05-01T10:11:12Z', 'web1', 'nft-drop:'],
  ['journalctl short-iso', `2024-05-01T10:11:12+0000 web1 kernel: DROP ${SYN}`, '2024-05-01T10:11:12Z', 'web1', 'DROP'],
  ['journalctl short-unix', `1714558272.123456 web1 kernel: DROP ${SYN}`, '2024-05-01T10:11:12.123456Z', 'web1', 'DROP'],
  ['journalctl short-full', `Wed 2024-05-01 10:11:12 UTC web1 kernel: DROP ${SYN}`, '2024-05-01T10:11:12Z', 'web1', 'DROP'],
  ['journalctl json', JSON.stringify({ __REALTIME_TIMESTAMP: '1714558272123456', _HOSTNAME: 'web1', MESSAGE: `[UFW BLOCK] ${SYN}` }),
    '2024-05-01T10:11:12.123456Z', 'web1', '[UFW BLOCK]'],
  ['dmesg -T (no host: the local address)', `[Wed May  1 10:11:12 2024] [UFW BLOCK] ${SYN}`, '2024-05-01T10:11:12Z', '198.51.100.7', '[UFW BLOCK]'],
  ['dmesg --time-format=iso', `2024-05-01T10:11:12,123456+02:00 [UFW BLOCK] ${SYN}`, '2024-05-01T08:11:12.123456Z', '198.51.100.7', '[UFW BLOCK]'],
  ['ulogd LOGEMU (no tag)', `May  1 10:11:12 web1 DROP: ${SYN}`, '2024-05-01T10:11:12Z', 'web1', 'DROP:'],
];

for (const [form, line, ts, device, prefix] of FORMS) {
  test(`header form: ${form}`, async () => {
    const r = await one(line, { year: 2024 });
    assert.equal(r.Timestamp, ts);
    assert.equal(r.DeviceName, device);
    assert.equal(r.DeviceId, deviceIdFor(device));
    assert.equal(af(r).LogPrefix, prefix);
    assert.deepEqual([r.ActionType, r.RemoteIP, r.RemotePort, r.LocalIP, r.LocalPort, r.Protocol],
      ['InboundConnectionAttempt', '203.0.113.5', 40000, '198.51.100.7', 22, 'Tcp']);
    assert.equal(firewallReader.detect(Buffer.from(line + '\n')), true);
  });
}

test('--device overrides the syslog host name', async () => {
  const r = await one(`May  1 10:11:12 web1 kernel: DROP ${SYN}`, { year: 2024, device: 'edge1' });
  assert.equal(r.DeviceName, 'edge1');
  assert.equal(r.DeviceId, deviceIdFor('edge1'));
});

test('nftables log lines: prefix, verdict, MACSRC/MACDST with log flags ether, IPv6 body', async () => {
  const rs = await rows([
    `Jun  3 04:05:06 fw kernel: [ 11.000001] nft-in-drop: IN=enp1s0 OUT= MACSRC=aa:bb:cc:dd:ee:ff MACDST=11:22:33:44:55:66 MACPROTO=0800 SRC=198.51.100.9 DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=240 ID=1 PROTO=TCP SPT=61000 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0`,
    `Jun  3 04:05:07 fw kernel: inet-accept IN=enp1s0 OUT= MAC=11:22:33:44:55:66:aa:bb:cc:dd:ee:ff:86:dd SRC=2001:0DB8:0000:0000:0001:0000:0000:0001 DST=2001:0db8:0000:0000:0000:0000:0002:0001 LEN=64 TC=0 HOPLIMIT=57 FLOWLBL=0 PROTO=UDP SPT=5353 DPT=161 LEN=24`,
  ].join('\n'), { year: 2023 });
  assert.equal(rs.length, 2);
  const [a, b] = rs as [Row, Row];
  assert.deepEqual([af(a).FirewallAction, af(a).Blocked, af(a).LogPrefix, af(a)['Source Mac'], af(a)['Destination Mac']],
    ['DROP', true, 'nft-in-drop:', 'aa:bb:cc:dd:ee:ff', '11:22:33:44:55:66']);
  assert.equal(a.Timestamp, '2023-06-03T04:05:06Z');
  assert.deepEqual([b.RemoteIP, b.LocalIP, b.LocalPort, b.Protocol, af(b).FirewallAction, af(b).Blocked, af(b).Ttl],
    ['2001:db8::1:0:0:1', '2001:db8::2:1', 161, 'Udp', 'ACCEPT', false, 57]);
});

// RFC 5952 section 4 and its examples.
const V6: [string, string][] = [
  ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
  ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
  ['0:0:0:0:0:0:0:0', '::'],
  ['FE80:0000:0000:0000:0000:0000:0000:000A', 'fe80::a'],
  ['0000:0000:0000:0000:0000:ffff:c000:0201', '::ffff:192.0.2.1'],
  ['ff02:0000:0000:0000:0000:0001:ff00:0001', 'ff02::1:ff00:1'],
  ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
];
for (const [input, canonical] of V6) {
  test(`IPv6 canonical text: ${input} -> ${canonical}`, () => {
    assert.equal(parseIp(input)?.text, canonical);
  });
}

test('bad addresses do not parse', () => {
  for (const s of ['999.1.1.1', '1.2.3', '2001:db8::1::2', '2001:db8:0:0:0:0:0:0:1', 'fe80::1%eth0', '', 'abc', '1.2.3.4/24']) {
    assert.equal(parseIp(s), null, s);
  }
});

// [prefix, FirewallAction]
const VERDICTS: [string, string][] = [
  ['[UFW BLOCK]', 'BLOCK'], ['[UFW LIMIT BLOCK]', 'BLOCK'], ['[UFW ALLOW]', 'ALLOW'], ['[UFW AUDIT]', 'AUDIT'],
  ['[UFW AUDIT INVALID]', 'AUDIT'], ['DROP', 'DROP'], ['DROP INVALID', 'DROP'], ['iptables-drop:', 'DROP'],
  ['IPTables-Dropped:', 'DROP'], ['FINAL_REJECT:', 'REJECT'], ['filter_IN_public_REJECT:', 'REJECT'],
  ['Shorewall:net2fw:DROP:', 'DROP'], ['nft accept ssh', 'ACCEPT'], ['INPUT-DENIED', 'DROP'], ['ICMP', 'UNKNOWN'],
  ['', 'UNKNOWN'], ['SSH-ALLOWED', 'ALLOW'], ['pass-in', 'ACCEPT'], ['blocked_scan', 'BLOCK'],
];
for (const [prefix, verdict] of VERDICTS) {
  test(`verdict of prefix '${prefix}' is ${verdict}`, () => assert.equal(verdictOf(prefix), verdict));
}

const body = (l4: string, proto = 'TCP'): string =>
  `IN=eth0 OUT= SRC=203.0.113.5 DST=198.51.100.7 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=${proto} ${l4}`;
// [transport fields, protocol, packet kind]
const KINDS: [string, string, string][] = [
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 SYN URGP=0', 'TCP', 'probe'],
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 CWR ECE SYN URGP=0', 'TCP', 'probe'],
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 URGP=0', 'TCP', 'probe'], // NULL
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 FIN URGP=0', 'TCP', 'probe'],
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 URG PSH FIN URGP=0', 'TCP', 'probe'], // XMAS
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 ACK URGP=0', 'TCP', 'probe'], // ACK scan
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 SYN FIN URGP=0', 'TCP', 'probe'],
  ['SPT=1 DPT=2 WINDOW=1024 RES=0x00 ACK SYN URGP=0', 'TCP', 'reply'],
  ['SPT=1 DPT=2 WINDOW=0 RES=0x00 RST URGP=0', 'TCP', 'reply'],
  ['SPT=1 DPT=2 WINDOW=0 RES=0x00 ACK RST URGP=0', 'TCP', 'reply'],
  ['SPT=1 DPT=2 WINDOW=501 RES=0x00 ACK PSH URGP=0', 'TCP', 'other'],
  ['SPT=1 DPT=2 WINDOW=501 RES=0x00 ACK FIN URGP=0', 'TCP', 'other'],
  ['SPT=1 DPT=2', 'TCP', 'probe'], // flags not logged
  ['SPT=1 DPT=2 LEN=20', 'UDP', 'probe'],
  ['TYPE=8 CODE=0 ID=1 SEQ=1', 'ICMP', 'probe'],
  ['TYPE=0 CODE=0 ID=1 SEQ=1', 'ICMP', 'reply'],
  ['TYPE=3 CODE=3 [SRC=198.51.100.7 DST=203.0.113.5 LEN=40 PROTO=UDP SPT=53 DPT=40000 LEN=20 ]', 'ICMP', 'reply'],
  ['TYPE=11 CODE=0 [SRC=198.51.100.7 DST=203.0.113.5 LEN=40 PROTO=TCP SPT=53 DPT=40000 ]', 'ICMP', 'reply'],
  ['TYPE=9 CODE=0', 'ICMP', 'other'],
  ['TYPE=128 CODE=0 ID=1 SEQ=1', 'ICMPv6', 'probe'],
  ['TYPE=129 CODE=0 ID=1 SEQ=1', 'ICMPv6', 'reply'],
  ['TYPE=135 CODE=0', 'ICMPv6', 'other'],
  ['', '47', 'probe'],
  ['SPI=0x1', 'ESP', 'probe'],
];
for (const [l4, proto, kind] of KINDS) {
  test(`packet kind of PROTO=${proto} ${l4}: ${kind}`, () => {
    const text = proto === 'ICMPv6' ? body(l4, proto).replace('SRC=203.0.113.5 DST=198.51.100.7', 'SRC=2001:db8::5 DST=2001:db8::7') : body(l4, proto);
    assert.equal(packetKind(parsePacket(text)), kind);
  });
}

test('ICMP error: the quoted packet does not overwrite the outer addresses; the reply is ConnectionFound', async () => {
  const r = await one(`Jul  4 00:00:00 h kernel: DROP ${body('TYPE=3 CODE=3 [SRC=198.51.100.7 DST=203.0.113.5 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=9 PROTO=UDP SPT=53 DPT=40000 LEN=20 ] ', 'ICMP')}`, { year: 2024 });
  assert.deepEqual([r.ActionType, r.RemoteIP, r.LocalIP, r.LocalPort], ['ConnectionFound', '203.0.113.5', '198.51.100.7', null]);
  const f = af(r);
  assert.deepEqual([f.IcmpType, f.IcmpCode, f.PacketKind, f.Ttl, f['Packet Size']], [3, 3, 'reply', 50, 40]);
  assert.match(f.IcmpQuotedPacket as string, /^SRC=198\.51\.100\.7 DST=203\.0\.113\.5 .*DPT=40000 LEN=20$/);
});

test('outbound lines: Local is the source; blocked -> ConnectionFailed, allowed -> ConnectionRequest', async () => {
  const out = 'IN= OUT=eth0 SRC=192.168.10.1 DST=198.51.100.80 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=7 DF PROTO=TCP SPT=50000 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0 UID=1000 GID=1000';
  const rs = await rows([`Jan  5 01:02:03 box kernel: [UFW BLOCK] ${out}`, `Jan  5 01:02:04 box kernel: [UFW ALLOW] ${out}`,
    `Jan  5 01:02:05 box kernel: OUT-LOG ${out}`].join('\n'), { year: 2024 });
  assert.deepEqual(rs.map((r) => r.ActionType), ['ConnectionFailed', 'ConnectionRequest', 'ConnectionRequest']);
  for (const r of rs) {
    assert.deepEqual([r.DeviceName, r.LocalIP, r.LocalPort, r.RemoteIP, r.RemotePort], ['box', '192.168.10.1', 50000, '198.51.100.80', 443]);
    assert.deepEqual([af(r).direction, af(r).Interface, af(r).Uid, af(r).Gid], ['Out', 'eth0', '1000', '1000']);
  }
});

test('forwarded lines: the device is the local end (or --device), the gateway is kept', async () => {
  const fwdIn = 'Feb  1 00:00:00 gw kernel: FWD-DROP IN=wan0 OUT=lan0 SRC=203.0.113.9 DST=192.168.1.20 LEN=44 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1234 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0';
  const fwdOut = 'Feb  1 00:00:01 gw kernel: FWD-ACCEPT IN=lan0 OUT=wan0 SRC=192.168.1.20 DST=198.51.100.53 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=2 PROTO=UDP SPT=5000 DPT=53 LEN=40';
  const [a, b] = (await rows(`${fwdIn}\n${fwdOut}\n`, { year: 2024 })) as [Row, Row];
  assert.deepEqual([a.ActionType, a.DeviceName, a.LocalIP, a.LocalPort, a.RemoteIP], ['InboundConnectionAttempt', '192.168.1.20', '192.168.1.20', 3389, '203.0.113.9']);
  assert.deepEqual([af(a).Forwarded, af(a).Gateway, af(a).Interface, af(a).OutInterface, af(a).direction], [true, 'gw', 'wan0', 'lan0', 'In']);
  assert.deepEqual([b.ActionType, b.DeviceName, b.LocalIP, b.RemoteIP, b.RemotePort, af(b).direction], ['ConnectionRequest', '192.168.1.20', '192.168.1.20', '198.51.100.53', 53, 'Out']);
  const [c] = (await rows(fwdIn, { year: 2024, device: 'edge' })) as [Row];
  assert.equal(c.DeviceName, 'edge');
  // With --local-net naming the public side as local, the direction follows it.
  const [d] = (await rows(fwdIn, { year: 2024, localNets: ['203.0.113.0/24'] })) as [Row];
  assert.deepEqual([d.ActionType, d.DeviceName, af(d).direction], ['ConnectionFailed', '203.0.113.9', 'Out']);
});

test('--tz: IANA names follow daylight saving time; fixed offsets; ISO offsets win over --tz', async () => {
  const line = (date: string): string => `${date} 12:00:00 web1 kernel: DROP ${SYN}`;
  const cases: [string, string, string][] = [
    ['Jan 15', 'Europe/Paris', '2024-01-15T11:00:00Z'],
    ['Jul 15', 'Europe/Paris', '2024-07-15T10:00:00Z'],
    ['Jul 15', 'America/New_York', '2024-07-15T16:00:00Z'],
    ['Jul 15', '+05:30', '2024-07-15T06:30:00Z'],
    ['Jul 15', '-0800', '2024-07-15T20:00:00Z'],
    ['Jul 15', 'UTC', '2024-07-15T12:00:00Z'],
    ['Mar 31', 'Europe/Paris', '2024-03-31T10:00:00Z'], // the day DST starts, after the change
  ];
  for (const [date, tz, expected] of cases) {
    assert.equal((await one(line(date), { year: 2024, tz })).Timestamp, expected, `${date} ${tz}`);
  }
  const iso = `2024-07-15T12:00:00+00:00 web1 kernel: DROP ${SYN}`;
  assert.equal((await one(iso, { tz: 'Europe/Paris' })).Timestamp, '2024-07-15T12:00:00Z');
  await assert.rejects(read(line('Jul 15'), { tz: 'Mars/Olympus' }), /unknown time zone/);
});

test('year rollover: December then January in one file, with a late December line', async () => {
  const text = ['Dec 31 23:59:58', 'Jan  1 00:00:01', 'Dec 31 23:59:59', 'Jan  2 08:00:00', 'Mar  1 00:00:00']
    .map((d) => `${d} web1 kernel: DROP ${SYN}`).join('\n');
  const explicit = await rows(text, { year: 2023 });
  assert.deepEqual(explicit.map((r) => r.Timestamp), [
    '2023-12-31T23:59:58Z', '2024-01-01T00:00:01Z', '2023-12-31T23:59:59Z', '2024-01-02T08:00:00Z', '2024-03-01T00:00:00Z']);
  // No --year: the file time (here early March 2024) puts each line in the latest year not after it.
  const byMtime = await rows(text, { referenceTime: Date.UTC(2024, 2, 1, 12) });
  assert.deepEqual(byMtime.map((r) => r.Timestamp), explicit.map((r) => r.Timestamp));
  const notYet = await rows(`Dec 31 23:59:58 web1 kernel: DROP ${SYN}`, { referenceTime: new Date(Date.UTC(2024, 0, 2)) });
  assert.equal(notYet[0]!.Timestamp, '2023-12-31T23:59:58Z');
});

test('no --year and no reference time: the current year (or the previous one for a date still ahead)', async () => {
  const now = new Date();
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][now.getUTCMonth()]!;
  const r = await one(`${m} ${String(now.getUTCDate()).padStart(2, ' ')} 00:00:00 web1 kernel: DROP ${SYN}`);
  assert.equal((r.Timestamp as string).slice(0, 4), String(now.getUTCFullYear()));
});

test('identical lines get distinct ReportIds; the same input gets the same ones again', async () => {
  const text = `May  1 10:11:12 web1 kernel: DROP ${SYN}\n`.repeat(3);
  const a = await rows(text, { year: 2024 });
  const b = await rows(text, { year: 2024 });
  assert.equal(new Set(a.map((r) => r.ReportId)).size, 3);
  assert.deepEqual(a.map((r) => r.ReportId), b.map((r) => r.ReportId));
});

test('malformed lines are rejected with their line number; other lines are kept; other messages are skipped', async () => {
  const good = `May  1 10:11:12 web1 kernel: DROP ${SYN}`;
  const lines = [
    good, // 1
    'May  1 10:11:13 web1 sshd[811]: Accepted publickey for root', // 2: another daemon: skipped
    'May  1 10:11:14 web1 kernel: [ 5.1] e1000e: eth0 NIC Link is Up', // 3: another kernel message: skipped
    good.replace('SRC=203.0.113.5', 'SRC=999.0.113.5'), // 4
    good.replace(' DPT=22', ''), // 5
    good.replace('IN=eth0', 'IN='), // 6
    good.replace('PROTO=TCP', 'PROTO=T*P'), // 7
    good.replace('DPT=22', 'DPT=70000'), // 8
    'this is not a log line at all', // 9
    `Feb 29 10:11:12 web1 kernel: DROP ${SYN}`, // 10: 2023 is not a leap year
    `[ 1234.567890] [UFW BLOCK] ${SYN}`, // 11: uptime only
    good.replace('SRC=203.0.113.5', 'SRC=2001:db8::5'), // 12: mixed families
    `Wed 2024-05-01 10:11:12 CEST web1 kernel: DROP ${SYN}`, // 13: ambiguous zone abbreviation
    '', // 14: blank: skipped
    good.replace('10:11:12', '10:11:15'), // 15
    good.replace(' PROTO=TCP', ''), // 16
    good.replace('TTL=52', 'TTL=x'), // 17
  ];
  const events = await read(lines.join('\r\n'), { year: 2023 });
  const rejects = events.filter((e) => e.kind === 'reject');
  const kept = events.filter((e) => e.kind === 'row');
  assert.deepEqual(kept.map((e) => e.line), [1, 15]);
  assert.deepEqual(rejects.map((e) => e.line), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17]);
  const msg = (line: number): string => (rejects.find((e) => e.line === line) as { message: string }).message;
  assert.match(msg(4), /bad SRC=999\.0\.113\.5/);
  assert.match(msg(5), /without SPT= and DPT=/);
  assert.match(msg(6), /both IN= and OUT= are empty/);
  assert.match(msg(7), /bad PROTO/);
  assert.match(msg(8), /bad DPT=70000/);
  assert.match(msg(9), /not a syslog/);
  assert.match(msg(10), /impossible date 2023-02-29/);
  assert.match(msg(11), /uptime/);
  assert.match(msg(12), /different IP versions/);
  assert.match(msg(13), /ambiguous/);
  assert.match(msg(16), /no PROTO/);
  assert.match(msg(17), /bad TTL/);
  for (const r of rejects) assert.equal((r as { raw: string }).raw, lines[r.line! - 1]);
});

test('line splitting: CRLF, a last line without newline, UTF-8 cut across chunks, byte-order mark', async () => {
  const text = '\ufeffé1\r\nü2\n\n€3';
  const b = Buffer.from(text, 'utf8');
  const got: string[] = [];
  async function* bytes(): AsyncGenerator<Buffer> {
    for (let i = 0; i < b.length; i++) yield b.subarray(i, i + 1);
  }
  for await (const l of readLines(bytes())) got.push(`${l.line}:${l.text}`);
  assert.deepEqual(got, ['1:é1', '2:ü2', '3:', '4:€3']);
  // The reader itself on one-byte chunks.
  const out: ReaderEvent[] = [];
  const line = `May  1 10:11:12 wébhost kernel: DROP ${SYN}\n`;
  const lb = Buffer.from(line + line);
  async function* small(): AsyncGenerator<Buffer> {
    for (let i = 0; i < lb.length; i += 7) yield lb.subarray(i, i + 7);
  }
  for await (const e of firewallReader.read(small(), { source: 't', year: 2024 })) out.push(e);
  assert.deepEqual(out.map((e) => (e.kind === 'row' ? e.row.DeviceName : e.kind)), ['wébhost', 'wébhost']);
});

test('detection: packet logs in any form are claimed; other text is not', () => {
  const yes = [`Mar 15 20:55:15 linux kernel: [810294.788657] DROP ${SYN}`, `[ 1.0] ${SYN}`,
    JSON.stringify({ __REALTIME_TIMESTAMP: '1', MESSAGE: SYN })];
  const no = ['#separator \\x09\n#path\tconn\n', '{"ts":1,"id.orig_h":"1.2.3.4","id.resp_h":"5.6.7.8","conn_state":"S0"}\n',
    'Mar 15 20:55:15 linux sshd[1]: hello\n', 'Timestamp,DeviceId\n', '{"records":[{"category":"AdvancedHunting-DeviceNetworkEvents"}]}\n'];
  for (const y of yes) assert.equal(firewallReader.detect(Buffer.from(`Mar 15 20:55:15 linux sshd[1]: x\n${y}\n`)), true, y);
  for (const n of no) assert.equal(firewallReader.detect(Buffer.from(n)), false, n);
});
