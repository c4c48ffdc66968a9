import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeEventFromRow, tcpFlags, normalizeIp, type NetworkEventRow, type ProbeEvent } from '../../src/detect/stream/probe-event.js';
import { NetScope } from '../../src/detect/stream/net-scope.js';
import { BoundedState, type Tracked } from '../../src/detect/stream/bounded-state.js';

const TS = 639_000_000_000_000_000n; // any tick value
const base = { RemoteIP: '198.51.100.7', LocalIP: '10.0.0.5', LocalPort: 22, Protocol: 'Tcp', Timestamp: TS, DeviceId: 'dev1' };

const rows: { name: string; row: NetworkEventRow; expect: Partial<ProbeEvent> | null }[] = [
  { name: 'accepted = success', row: { ...base, ActionType: 'InboundConnectionAccepted', AdditionalFields: null }, expect: { outcome: 'success', localPort: 22, protocol: 'Tcp' } },
  { name: 'seed-style attempt (SYN, no answer info) = unknown', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"direction":"In","Tcp Flags":2}' }, expect: { outcome: 'unknown' } },
  { name: 'attempt with no AdditionalFields = unknown', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: null }, expect: { outcome: 'unknown' } },
  { name: 'answer syn-ack = success', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"syn-ack","TcpFlags":"S"}' }, expect: { outcome: 'success' } },
  { name: 'answer SYN-ACK as an object, other casing', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: { answer: 'SYN-ACK' } }, expect: { outcome: 'success' } },
  { name: 'answer rst = failure', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"rst"}' }, expect: { outcome: 'failure' } },
  { name: 'answer icmp-unreachable (UDP) = failure', row: { ...base, Protocol: 'Udp', LocalPort: 161, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"icmp-unreachable"}' }, expect: { outcome: 'failure', protocol: 'Udp', localPort: 161 } },
  { name: 'answer none = failure', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"none"}' }, expect: { outcome: 'failure' } },
  { name: 'UDP reply = success', row: { ...base, Protocol: 'Udp', LocalPort: 53, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"udp"}' }, expect: { outcome: 'success' } },
  { name: 'FIN probe (stealth) = failure even with no answer info', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"TcpFlags":"F"}' }, expect: { outcome: 'failure' } },
  { name: 'XMAS probe by number (FIN|PSH|URG = 41)', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Tcp Flags":41}' }, expect: { outcome: 'failure' } },
  { name: 'NULL probe (flags 0)', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"TcpFlags":0}' }, expect: { outcome: 'failure' } },
  { name: 'firewall DROP verdict = failure', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Verdict":"DROP","TcpFlags":"SYN"}' }, expect: { outcome: 'failure' } },
  { name: 'firewall ACCEPT verdict = unknown', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Verdict":"ACCEPT"}' }, expect: { outcome: 'unknown' } },
  { name: 'device-discovery ConnectionAttempt inbound', row: { ...base, ActionType: 'ConnectionAttempt', AdditionalFields: '{"direction":"In","Tcp Flags":2}' }, expect: { outcome: 'unknown' } },
  { name: 'device-discovery ConnectionAttempt outbound: not a probe', row: { ...base, ActionType: 'ConnectionAttempt', AdditionalFields: '{"direction":"Out"}' }, expect: null },
  { name: 'outbound ConnectionSuccess: not a probe', row: { ...base, ActionType: 'ConnectionSuccess' }, expect: null },
  { name: 'SYN-ACK reply (ConnectionAcknowledged): not a probe', row: { ...base, ActionType: 'ConnectionAcknowledged' }, expect: null },
  { name: "Microsoft's own external scan: not an adversary's probe", row: { ...base, ActionType: 'InboundInternetScanInspected' }, expect: null },
  { name: 'no RemoteIP: not usable', row: { ...base, RemoteIP: '', ActionType: 'InboundConnectionAttempt' }, expect: null },
  { name: 'ICMP has port 0', row: { ...base, Protocol: 'Icmp', LocalPort: null, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"none"}' }, expect: { protocol: 'Icmp', localPort: 0, outcome: 'failure' } },
  { name: 'ICMP from an IPv6 source is IcmpV6', row: { ...base, RemoteIP: '2001:DB8::1', LocalIP: '2001:db8:1::5', Protocol: 'Icmp', ActionType: 'InboundConnectionAttempt' }, expect: { protocol: 'IcmpV6', remoteIp: '2001:db8::1' } },
  { name: 'IPv4-mapped source reduced to IPv4', row: { ...base, RemoteIP: '::ffff:203.0.113.5', ActionType: 'InboundConnectionAccepted' }, expect: { remoteIp: '203.0.113.5' } },
  { name: 'string port and ISO timestamp', row: { ...base, LocalPort: '8080', Timestamp: '2026-11-27T08:00:00.1234567Z', ActionType: 'InboundConnectionAccepted' }, expect: { localPort: 8080, time: 17957664001234567n } },
  { name: 'empty Protocol on an attempt is TCP', row: { ...base, Protocol: '', ActionType: 'InboundConnectionAttempt' }, expect: { protocol: 'Tcp' } },
  { name: 'unparseable AdditionalFields: unknown', row: { ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{oops' }, expect: { outcome: 'unknown' } },
];

for (const c of rows) {
  test(`probe event from row: ${c.name}`, () => {
    const e = probeEventFromRow(c.row);
    if (c.expect === null) {
      assert.equal(e, null);
      return;
    }
    assert.ok(e !== null);
    for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(e[k as keyof ProbeEvent], v, k);
  });
}

test('probe event from row: the full shape', () => {
  assert.deepEqual(probeEventFromRow({ ...base, ActionType: 'InboundConnectionAttempt', AdditionalFields: '{"Answer":"rst"}' }), {
    time: TS, remoteIp: '198.51.100.7', localIp: '10.0.0.5', localPort: 22, protocol: 'Tcp', deviceId: 'dev1', outcome: 'failure',
  });
});

test('probe event from row: an unreadable Timestamp throws rather than misplacing the probe', () => {
  assert.throws(() => probeEventFromRow({ ...base, Timestamp: 'yesterday-ish', ActionType: 'InboundConnectionAccepted' }), /unreadable Timestamp/);
  assert.throws(() => probeEventFromRow({ ...base, Timestamp: 12345, ActionType: 'InboundConnectionAccepted' }), /unreadable Timestamp/);
});

test('tcp flags parsing', () => {
  const cases: [unknown, number][] = [[2, 2], ['2', 2], ['0x12', 0x12], ['S', 2], ['S.', 0x12], ['FPU', 0x29], ['SYN,ACK', 0x12], ['syn|fin', 3], ['', -1], ['what', -1], [300, -1], [null, -1]];
  for (const [v, want] of cases) assert.equal(tcpFlags(v), want, String(v));
});

test('address normalisation', () => {
  const cases: [string, string][] = [['203.0.113.5', '203.0.113.5'], [' 203.0.113.5 ', '203.0.113.5'], ['2001:DB8::A', '2001:db8::a'], ['::ffff:192.0.2.1', '192.0.2.1'], ['0:0:0:0:0:ffff:192.0.2.1', '192.0.2.1']];
  for (const [v, want] of cases) assert.equal(normalizeIp(v), want, v);
});

test('net scope: inside = private ranges, loopback, link-local, ULA, and --local-net', () => {
  const scope = new NetScope(['198.51.100.0/24', '2001:db8:aaaa::/48']);
  const cases: [string, boolean][] = [
    ['10.1.2.3', true], ['172.16.0.1', true], ['172.31.255.255', true], ['172.32.0.1', false], ['192.168.1.1', true],
    ['127.0.0.1', true], ['169.254.10.10', true], ['100.64.0.1', false], ['8.8.8.8', false], ['198.51.100.9', true],
    ['198.51.101.9', false], ['fd12::1', true], ['fe80::1', true], ['::1', true], ['2001:db8::1', false],
    ['2001:db8:aaaa:1::1', true], ['::ffff:10.0.0.1', true], ['::ffff:8.8.8.8', false], ['garbage', false],
  ];
  for (const [ip, inside] of cases) assert.equal(scope.isInternal(ip), inside, ip);
  assert.deepEqual(scope.techniques('8.8.8.8'), ['T1595', 'T1595.001']);
  assert.deepEqual(scope.techniques('10.0.0.1'), ['T1046']);
});

class Entry implements Tracked {
  lastMs = 0;
  placedMs = 0;
  constructor(readonly id: number) {}
}

test('bounded state: expiry, lazy expiry on get, LRU order within the regroup granularity', () => {
  const evicted: string[] = [];
  const s = new BoundedState<Entry>({ ttlMs: 100, cap: 3, regroupMs: 10, onEvict: (k, _v, r) => evicted.push(`${k}:${r}`) });
  s.insert('a', new Entry(1), 0);
  s.insert('b', new Entry(2), 20);
  s.insert('c', new Entry(3), 40);
  s.touch('a', s.get('a', 50)!, 50); // a moves to the tail
  assert.equal(s.insert('d', new Entry(4), 60), 1); // at the cap: b is the least recently active
  assert.deepEqual(evicted, ['b:cap']);
  assert.equal(s.get('c', 140), undefined); // c (last 40) expired at 140
  assert.deepEqual(evicted, ['b:cap', 'c:expired']);
  assert.equal(s.expire(150), 1); // a (last 50) expires at 150; d (60) stays
  assert.equal(s.size, 1);
  assert.equal(s.expired, 2);
  assert.equal(s.shed, 1);
  // A touch within the regroup granularity does not move the entry, but it does refresh its expiry.
  s.touch('d', s.get('d', 65)!, 65);
  assert.equal(s.expire(160), 0);
  assert.equal(s.expire(165), 1);
});

test('bounded state: at the cap, expired entries go before live ones are shed', () => {
  const s = new BoundedState<Entry>({ ttlMs: 100, cap: 2 });
  s.insert('a', new Entry(1), 0);
  s.insert('b', new Entry(2), 50);
  assert.equal(s.insert('c', new Entry(3), 120), 0); // a expired at 100: no shedding
  assert.equal(s.size, 2);
  assert.equal(s.shed, 0);
});
