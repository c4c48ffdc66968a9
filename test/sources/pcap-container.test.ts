import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCaptureHead, readCaptureRecords, type CaptureRecord } from '../../src/sources/pcap-container.js';
import { decodeFrame, formatAddress, LINKTYPE } from '../../src/sources/pcap-decode.js';
import { ipType, ipv4IsPrivate, NetMatcher } from '../../src/sources/pcap-addr.js';
import {
  addrBytes, chunked, echo, ethernet, icmpUnreachable, ipv4, ipv6, loopback, pcapFile, pcapngFile, sll, sll2, tcp, tcpHeader, udp, udpHeader,
} from './pcap-build.js';

async function records(buf: Buffer, sizes?: number[]): Promise<CaptureRecord[]> {
  const out: CaptureRecord[] = [];
  for await (const r of readCaptureRecords(chunked(buf, sizes))) {
    out.push(r.kind === 'packet' ? { ...r, data: Buffer.from(r.data) } : r);
  }
  return out;
}

const SYN = tcp('203.0.113.9', 40000, '192.0.2.10', 22, 'S');

test('pcap header: both byte orders, micro- and nanosecond magic, exact timestamps', async () => {
  const cases = [
    { little: true, nano: false, frac: 123456, ticks: 1_700_000_000n * 10_000_000n + 1_234_560n },
    { little: false, nano: false, frac: 999999, ticks: 1_700_000_000n * 10_000_000n + 9_999_990n },
    { little: true, nano: true, frac: 123456789, ticks: 1_700_000_000n * 10_000_000n + 1_234_567n },
    { little: false, nano: true, frac: 100, ticks: 1_700_000_000n * 10_000_000n + 1n },
  ];
  for (const c of cases) {
    const file = pcapFile([{ sec: 1_700_000_000, frac: c.frac, data: ethernet(SYN) }], { little: c.little, nano: c.nano });
    const name = `little=${c.little} nano=${c.nano}`;
    assert.ok(isCaptureHead(file), name);
    const recs = await records(file);
    assert.equal(recs.length, 1);
    const r = recs[0]!;
    assert.equal(r.kind, 'packet');
    if (r.kind !== 'packet') return;
    assert.equal(r.ticks, c.ticks, name);
    assert.equal(r.linkType, 1);
    assert.equal(r.offset, 24);
    assert.deepEqual(r.data, ethernet(SYN));
  }
});

test('detect rejects text and accepts pcapng in either byte order', () => {
  assert.equal(isCaptureHead(Buffer.from('{"records":[]}')), false);
  assert.equal(isCaptureHead(Buffer.from('Jan  1 00:00:00 host kernel: DROP IN=eth0')), false);
  assert.equal(isCaptureHead(Buffer.alloc(2)), false);
  const ng = pcapngFile([{ type: 'shb' }]);
  assert.ok(isCaptureHead(ng));
  assert.ok(isCaptureHead(pcapngFile([{ type: 'shb' }], false)));
  const bad = Buffer.from(ng);
  bad.writeUInt32LE(0x12345678, 8);
  assert.equal(isCaptureHead(bad), false);
});

test('pcapng: interfaces with their own link type and if_tsresol, both byte orders, SPB and unknown blocks', async () => {
  for (const little of [true, false]) {
    const file = pcapngFile([
      { type: 'shb' },
      { type: 'idb', iface: { linkType: LINKTYPE.ETHERNET } }, // microseconds by default
      { type: 'idb', iface: { linkType: LINKTYPE.RAW, tsresol: 9 } }, // nanoseconds
      { type: 'idb', iface: { linkType: LINKTYPE.LINUX_SLL2, tsresol: 0x80 | 20, tsoffset: 10n } }, // 2^-20 s, +10 s
      { type: 'raw', blockType: 4, body: Buffer.from('name resolution block body') },
      { type: 'epb', iface: 0, ts: 1_700_000_000_123_456n, data: ethernet(SYN) },
      { type: 'epb', iface: 1, ts: 1_700_000_000_123_456_789n, data: SYN },
      { type: 'epb', iface: 2, ts: 1n << 20n, data: sll2(SYN) },
      { type: 'spb', data: ethernet(SYN) },
    ], little);
    const recs = await records(file);
    const pk = recs.filter((r) => r.kind === 'packet');
    assert.equal(recs.length, 4, `little=${little}`);
    assert.deepEqual(pk.map((r) => r.kind === 'packet' && r.linkType), [1, 101, 276, 1]);
    assert.deepEqual(pk.map((r) => r.kind === 'packet' && r.ticks), [
      17_000_000_001_234_560n,
      17_000_000_001_234_567n,
      11n * 10_000_000n, // 1 s after the epoch plus the 10 s offset
      11n * 10_000_000n, // SPB has no time: the previous packet's stands in
    ]);
    for (const r of pk) if (r.kind === 'packet') assert.ok(decodeFrame(r.linkType, r.data)?.dport === 22);
  }
});

test('pcapng: a new section resets interface ids', async () => {
  const file = Buffer.concat([
    pcapngFile([{ type: 'shb' }, { type: 'idb', iface: { linkType: LINKTYPE.ETHERNET } }, { type: 'epb', iface: 0, ts: 1n, data: ethernet(SYN) }]),
    pcapngFile([{ type: 'shb' }, { type: 'idb', iface: { linkType: LINKTYPE.RAW } }, { type: 'epb', iface: 0, ts: 2n, data: SYN }], false),
  ]);
  const recs = await records(file);
  assert.deepEqual(recs.map((r) => r.kind === 'packet' && r.linkType), [1, 101]);
});

test('truncated pcap: records before the cut are read, then a truncated event at the end of input', async () => {
  const recs = [1, 2, 3].map((i) => ({ sec: 1000 + i, frac: 0, data: ethernet(SYN) }));
  const full = pcapFile(recs);
  const recLen = 16 + ethernet(SYN).length;
  // Cut inside the third record's data, inside its header, and inside the file header.
  const cases = [
    { cut: full.length - 5, packets: 2 },
    { cut: 24 + 2 * recLen + 7, packets: 2 },
    { cut: 24 + 2 * recLen, packets: 2, clean: true },
    { cut: 10, packets: 0 },
  ];
  for (const c of cases) {
    const out = await records(full.subarray(0, c.cut));
    assert.equal(out.filter((r) => r.kind === 'packet').length, c.packets, `cut ${c.cut}`);
    const last = out[out.length - 1];
    if (c.clean) {
      assert.equal(last?.kind, 'packet');
    } else {
      assert.equal(last?.kind, 'truncated', `cut ${c.cut}`);
      assert.equal(last!.offset, c.cut);
      assert.match((last as { message: string }).message, /cut short/);
    }
  }
});

test('truncated pcapng block', async () => {
  const full = pcapngFile([
    { type: 'shb' }, { type: 'idb', iface: { linkType: 1 } },
    { type: 'epb', iface: 0, ts: 1n, data: ethernet(SYN) }, { type: 'epb', iface: 0, ts: 2n, data: ethernet(SYN) },
  ]);
  const out = await records(full.subarray(0, full.length - 3));
  assert.deepEqual(out.map((r) => r.kind), ['packet', 'truncated']);
  assert.equal(out[1]!.offset, full.length - 3);
});

test('pcap record with an impossible length: reject at its offset, then stop', async () => {
  const good = pcapFile([{ sec: 1, frac: 0, data: ethernet(SYN) }, { sec: 2, frac: 0, data: ethernet(SYN) }]);
  const bad = Buffer.from(good);
  const second = 24 + 16 + ethernet(SYN).length;
  bad.writeUInt32LE(0x7fffffff, second + 8);
  const out = await records(bad);
  assert.deepEqual(out.map((r) => r.kind), ['packet', 'reject', 'truncated']);
  assert.equal(out[1]!.offset, second);
  assert.match((out[2] as { message: string }).message, /cannot resynchronise/);
});

test('pcapng block with a bad trailing length is rejected and skipped; reading resumes', async () => {
  const blocks = pcapngFile([
    { type: 'shb' }, { type: 'idb', iface: { linkType: 1 } },
    { type: 'epb', iface: 0, ts: 1n, data: ethernet(SYN) },
    { type: 'epb', iface: 0, ts: 2n, data: ethernet(SYN) },
    { type: 'epb', iface: 7, ts: 3n, data: ethernet(SYN) }, // undeclared interface
    { type: 'epb', iface: 0, ts: 4n, data: ethernet(SYN) },
  ]);
  const bad = Buffer.from(blocks);
  const shbLen = bad.readUInt32LE(4);
  const idbLen = bad.readUInt32LE(shbLen + 4);
  const epb1 = shbLen + idbLen;
  const epbLen = bad.readUInt32LE(epb1 + 4);
  bad.writeUInt32LE(epbLen + 4, epb1 + epbLen - 4); // corrupt the first EPB's trailer
  const out = await records(bad);
  assert.deepEqual(out.map((r) => r.kind), ['reject', 'packet', 'reject', 'packet']);
  assert.equal(out[0]!.offset, epb1);
  assert.equal(out[2]!.offset, epb1 + 2 * epbLen);
  assert.deepEqual(out.filter((r) => r.kind === 'packet').map((r) => r.kind === 'packet' && r.ticks), [20n, 40n]);
  // A block length that cannot be trusted ends reading.
  const worse = Buffer.from(blocks);
  worse.writeUInt32LE(13, epb1 + 4);
  const out2 = await records(worse);
  assert.deepEqual(out2.map((r) => r.kind), ['reject', 'truncated']);
});

test('not a capture: one reject at offset 0', async () => {
  const out = await records(Buffer.from('hello world, not a pcap'));
  assert.deepEqual(out.map((r) => [r.kind, r.offset]), [['reject', 0]]);
});

test('chunk boundaries anywhere give the same records (pcap and pcapng)', async () => {
  const pcap = pcapFile([1, 2, 3].map((i) => ({ sec: i, frac: i, data: ethernet(tcp('198.51.100.7', 1000 + i, '192.0.2.1', i, 'S')) })));
  const ng = pcapngFile([
    { type: 'shb' }, { type: 'idb', iface: { linkType: 1, tsresol: 9 } },
    ...[1, 2, 3].map((i) => ({ type: 'epb' as const, iface: 0, ts: BigInt(i * 1000), data: ethernet(udp('198.51.100.7', 999, '192.0.2.1', i)) })),
  ]);
  for (const file of [pcap, ng]) {
    const whole = await records(file);
    assert.equal(whole.length, 3);
    assert.deepEqual(await records(file, [1]), whole);
    for (let cut = 1; cut < file.length; cut++) {
      assert.deepEqual(await records(file, [cut, file.length]), whole, `split at ${cut}`);
    }
    assert.deepEqual(await records(file, [3, 1, 7, 2]), whole);
  }
});

// ------------------------------------------------------------------------------------------------- decoding

test('link types: Ethernet (VLAN, QinQ), SLL, SLL2, raw IP, IPv4/IPv6 link types, BSD loopback', () => {
  const v4 = tcp('203.0.113.9', 40000, '192.0.2.10', 22, 'S');
  const v6 = tcp('2001:db8::9', 40000, '2001:db8::10', 22, 'S');
  const cases: [string, number, Buffer, string][] = [
    ['ethernet v4', LINKTYPE.ETHERNET, ethernet(v4), '192.0.2.10'],
    ['ethernet v6', LINKTYPE.ETHERNET, ethernet(v6), '2001:db8::10'],
    ['802.1Q', LINKTYPE.ETHERNET, ethernet(v4, [100]), '192.0.2.10'],
    ['QinQ 88a8+8100', LINKTYPE.ETHERNET, ethernet(v6, [10, 20], [0x88a8, 0x8100]), '2001:db8::10'],
    ['SLL', LINKTYPE.LINUX_SLL, sll(v4), '192.0.2.10'],
    ['SLL v6', LINKTYPE.LINUX_SLL, sll(v6), '2001:db8::10'],
    ['SLL2', LINKTYPE.LINUX_SLL2, sll2(v4), '192.0.2.10'],
    ['SLL2 v6', LINKTYPE.LINUX_SLL2, sll2(v6), '2001:db8::10'],
    ['RAW 101', 101, v4, '192.0.2.10'],
    ['RAW 101 v6', 101, v6, '2001:db8::10'],
    ['DLT_RAW 12', 12, v4, '192.0.2.10'],
    ['DLT_RAW 14', 14, v6, '2001:db8::10'],
    ['IPV4 228', 228, v4, '192.0.2.10'],
    ['IPV6 229', 229, v6, '2001:db8::10'],
    ['NULL', 0, loopback(v4, false), '192.0.2.10'],
    ['LOOP', 108, loopback(v6, true), '2001:db8::10'],
  ];
  for (const [name, lt, frame, dst] of cases) {
    const p = decodeFrame(lt, frame);
    assert.ok(p, name);
    assert.equal(p.dst, dst, name);
    assert.equal(p.dport, 22, name);
    assert.equal(p.sport, 40000, name);
    assert.equal(p.tcpFlags, 0x02, name);
  }
  assert.equal(decodeFrame(228, v6), null, 'LINKTYPE_IPV4 holding IPv6');
  assert.equal(decodeFrame(LINKTYPE.ETHERNET, Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x06]), Buffer.alloc(28)])), null, 'ARP');
  assert.equal(decodeFrame(147, v4), null, 'unknown link type');
});

test('IPv4 options and fragments: only the first fragment has ports', () => {
  const seg = udpHeader(5353, 161, Buffer.alloc(30));
  const opts = Buffer.from([0x94, 0x04, 0, 0, 1, 1, 1, 0]); // router alert + NOPs + EOL
  const first = decodeFrame(101, ipv4('198.51.100.1', '192.0.2.1', 17, seg, { options: opts, moreFragments: true }));
  assert.equal(first?.hasL4, true);
  assert.equal(first?.dport, 161);
  assert.equal(first?.payloadLen, 30);
  const later = decodeFrame(101, ipv4('198.51.100.1', '192.0.2.1', 17, seg, { fragOffset: 3 }));
  assert.equal(later?.hasL4, false);
  assert.equal(later?.dport, 0);
  assert.equal(decodeFrame(101, Buffer.from([0x45, 0, 0])), null, 'cut IPv4 header');
  const badIhl = ipv4('198.51.100.1', '192.0.2.1', 17, seg);
  badIhl[0] = 0x43;
  assert.equal(decodeFrame(101, badIhl), null, 'IHL below 5');
});

test('IPv6 extension headers (hop-by-hop, routing, destination options, fragment, AH)', () => {
  const seg = tcpHeader(1234, 443, 'S');
  const pad6 = Buffer.alloc(6);
  const p = decodeFrame(101, ipv6('2001:db8::1', '2001:db8::2', 6, seg, [[0, pad6], [43, Buffer.alloc(14)], [60, pad6], [51, Buffer.alloc(14)]]));
  assert.equal(p?.proto, 6);
  assert.equal(p?.dport, 443);
  const frag0 = Buffer.from([0, 0, 0, 1, 0, 0]); // offset 0, M=1
  assert.equal(decodeFrame(101, ipv6('2001:db8::1', '2001:db8::2', 6, seg, [[44, frag0]]))?.dport, 443);
  const frag1 = Buffer.from([0, 0x08, 0, 0, 0, 1]); // offset 1 (8 bytes)
  assert.equal(decodeFrame(101, ipv6('2001:db8::1', '2001:db8::2', 6, seg, [[44, frag1]]))?.hasL4, false);
});

test('ICMP errors expose the quoted header; TCP, UDP and echo decode', () => {
  const probe = udp('198.51.100.1', 33000, '192.0.2.1', 161);
  const err = decodeFrame(101, icmpUnreachable('192.0.2.1', '198.51.100.1', probe));
  assert.deepEqual(err?.quoted, { proto: 17, src: '198.51.100.1', dst: '192.0.2.1', sport: 33000, dport: 161 });
  assert.equal(err?.icmpType, 3);
  const probe6 = tcp('2001:db8::1', 33000, '2001:db8::2', 80, 'S');
  const err6 = decodeFrame(101, icmpUnreachable('2001:db8::2', '2001:db8::1', probe6));
  assert.deepEqual(err6?.quoted, { proto: 6, src: '2001:db8::1', dst: '2001:db8::2', sport: 33000, dport: 80 });
  const e = decodeFrame(101, echo('198.51.100.1', '192.0.2.1', 77, 1));
  assert.deepEqual([e?.icmpType, e?.icmpId, e?.quoted], [8, 77, null]);
  const e6 = decodeFrame(101, echo('2001:db8::1', '2001:db8::2', 78, 1));
  assert.deepEqual([e6?.proto, e6?.icmpType, e6?.icmpId], [58, 128, 78]);
});

test('snap length cuts: a TCP header cut before its flags has no ports', () => {
  const full = tcp('198.51.100.1', 1, '192.0.2.1', 2, 'S');
  assert.equal(decodeFrame(101, full.subarray(0, 20 + 13))?.hasL4, false);
  assert.equal(decodeFrame(101, full.subarray(0, 20 + 14))?.hasL4, true);
});

test('IPv6 address text is RFC 5952 canonical', () => {
  const cases: [string, string][] = [
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'], // longest run wins
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // first of equal runs
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
    ['fe80000000000000abcdef0000000000', 'fe80::abcd:ef00:0:0'],
  ];
  for (const [hex, text] of cases) assert.equal(formatAddress(Buffer.from(hex, 'hex')), text, hex);
});

test('address classes: local nets, ipv4_is_private, IP types', () => {
  const m = new NetMatcher(['192.0.2.0/24', '10.0.0.0/8', '2001:db8:1::/48', '198.51.100.7', '::ffff:203.0.113.0/120']);
  const cases: [string, boolean][] = [
    ['192.0.2.200', true], ['192.0.3.1', false], ['10.255.0.1', true], ['11.0.0.1', false],
    ['2001:db8:1:ffff::1', true], ['2001:db8:2::1', false], ['198.51.100.7', true], ['198.51.100.8', false],
    ['203.0.113.77', true],
  ];
  for (const [a, want] of cases) assert.equal(m.contains(addrBytes(a)), want, a);
  assert.throws(() => new NetMatcher(['192.0.2.0/33']), /prefix/);
  assert.throws(() => new NetMatcher(['not-a-net']), /local-net/);
  const priv: [string, boolean][] = [['10.1.2.3', true], ['172.16.0.1', true], ['172.32.0.1', false], ['192.168.1.1', true], ['127.0.0.1', false], ['8.8.8.8', false]];
  for (const [a, want] of priv) assert.equal(ipv4IsPrivate(addrBytes(a)), want, a);
  const types: [string, string][] = [
    ['8.8.8.8', 'Public'], ['192.168.0.1', 'Private'], ['127.0.0.1', 'Loopback'], ['255.255.255.255', 'Broadcast'],
    ['224.0.0.1', 'Reserved'], ['100.64.0.1', 'Reserved'], ['169.254.1.1', 'LinkLocal'], ['203.0.113.5', 'Public'],
    ['::1', 'Loopback'], ['fe80::1', 'LinkLocal'], ['fd00::1', 'Private'], ['2001:0:1::1', 'Teredo'],
    ['2001:db8::1', 'Public'], ['ff02::1', 'Reserved'], ['::', 'Reserved'],
  ];
  for (const [a, want] of types) assert.equal(ipType(addrBytes(a)), want, a);
  assert.equal(ipType(Buffer.from('00000000000000000000ffff08080808', 'hex')), 'FourToSixMapping');
});
