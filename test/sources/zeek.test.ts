// The Zeek conn.log reader: the real Slips JSON conn.log of a connect scan, synthetic TSV and JSON logs,
// conn_state / history -> ActionType, local networks, malformed records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zeekReader, outcomeOf, CONN_STATE_OUTCOME } from '../../src/sources/zeek.js';
import { firewallReader } from '../../src/sources/firewall.js';
import { deviceIdFor } from '../../src/sources/identity.js';
import type { ReaderEvent, ReaderOptions } from '../../src/sources/reader.js';

type Row = Record<string, unknown>;
const SLIPS = fileURLToPath(new URL('../../../shared/captures/slips-dataset/port-scans_vertical_conn.log', import.meta.url));

async function* chunks(text: string): AsyncGenerator<Buffer> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += 5) yield b.subarray(i, i + 5);
}

async function read(input: AsyncIterable<Buffer>, options: Partial<ReaderOptions> = {}): Promise<{ rows: Row[]; rejects: ReaderEvent[]; events: ReaderEvent[] }> {
  const events: ReaderEvent[] = [];
  for await (const e of zeekReader.read(input, { source: 'test', ...options })) events.push(e);
  return {
    rows: events.flatMap((e) => (e.kind === 'row' ? [e.row] : [])),
    rejects: events.filter((e) => e.kind !== 'row'),
    events,
  };
}

const af = (r: Row): Record<string, unknown> => JSON.parse(r.AdditionalFields as string);

test('Slips connect scan: 192.168.1.9 -> 45.33.32.156, 44 distinct ports, REJ 43 / RSTO 3 / SF 4', async () => {
  const { rows, rejects } = await read(createReadStream(SLIPS));
  assert.deepEqual(rejects, []);
  assert.equal(rows.length, 50);
  const states = new Map<string, number>();
  for (const r of rows) states.set(af(r).conn_state as string, (states.get(af(r).conn_state as string) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(states), { REJ: 43, RSTO: 3, SF: 4 });
  // Every connection is from 192.168.1.9; its DNS queries to 192.168.1.1 are inbound there (a local responder).
  const out = rows.filter((r) => af(r).direction === 'Out');
  assert.ok(out.every((r) => r.LocalIP === '192.168.1.9' && r.DeviceName === '192.168.1.9' && r.DeviceId === deviceIdFor('192.168.1.9')));
  const scan = out.filter((r) => r.RemoteIP === '45.33.32.156');
  assert.equal(scan.length, 46);
  assert.equal(new Set(rows.map((r) => (af(r).direction === 'Out' ? r.RemotePort : r.LocalPort))).size, 44);
  const count = (rs: Row[], a: string): number => rs.filter((r) => r.ActionType === a).length;
  assert.equal(count(scan, 'ConnectionFailed'), 43); // REJ: refused
  assert.equal(count(scan, 'ConnectionSuccess'), 3); // RSTO after ShA: the handshake completed
  assert.ok(scan.filter((r) => r.ActionType === 'ConnectionFailed').every((r) => af(r).Answer === 'rst' && af(r).history === 'Sr'));
  const dns = rows.filter((r) => af(r).direction === 'In');
  assert.equal(dns.length, 3);
  assert.ok(dns.every((r) => r.ActionType === 'InboundConnectionAccepted' && r.DeviceName === '192.168.1.1'
    && r.LocalPort === 53 && r.Protocol === 'Udp' && r.RemoteIP === '192.168.1.9' && af(r).service === 'dns'));
  // Timestamps keep the microseconds of the JSON number exactly.
  assert.equal(rows[0]!.Timestamp, '2023-11-24T12:16:57.314165Z');
  assert.equal(af(rows[0]!).uid, 'CfykLO1IT1nVRJhLA3');
  const span = Date.parse(scan.map((r) => r.Timestamp as string).sort().at(-1)!) - Date.parse(scan.map((r) => r.Timestamp as string).sort()[0]!);
  assert.ok(span <= 6000, `${span}`);
});

test('Slips conn.log is detected as Zeek, not as a firewall log', () => {
  const head = readFileSync(SLIPS).subarray(0, 4096);
  assert.equal(zeekReader.detect(head), true);
  assert.equal(firewallReader.detect(head), false);
});

const HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#open\t2024-05-01-10-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
];
const rec = (...v: string[]): string => v.join('\t');
const TSV = [
  ...HEADER,
  rec('1714558272.123456', 'C1', '203.0.113.5', '40000', '192.168.1.20', '22', 'tcp', '-', '-', '-', '-', 'S0', 'F', 'T', '0', 'S', '1', '60', '0', '0', '-'),
  rec('1714558272.2', 'C2', '203.0.113.5', '40001', '192.168.1.20', '23', 'tcp', '-', '0.0001', '0', '0', 'REJ', 'F', 'T', '0', 'Sr', '1', '60', '1', '40', '(empty)'),
  rec('1714558272.3', 'C3', '203.0.113.5', '40002', '192.168.1.20', '80', 'tcp', 'http', '1.5', '100', '2000', 'SF', 'F', 'T', '0', 'ShADadFf', '10', '600', '8', '2400', '-'),
  rec('1714558272.4', 'C4', '203.0.113.5', '40003', '192.168.1.20', '443', 'tcp', '-', '0.1', '0', '0', 'RSTO', 'F', 'T', '0', 'ShR', '2', '100', '1', '44', '-'),
  rec('1714558273', 'C5', '203.0.113.5', '40004', '192.168.1.20', '161', 'udp', '-', '-', '-', '-', 'S0', 'F', 'T', '0', 'D', '1', '60', '0', '0', '-'),
  rec('1714558274.5', 'C6', '203.0.113.5', '8', '192.168.1.20', '0', 'icmp', '-', '0.01', '56', '56', 'OTH', 'F', 'T', '0', '-', '1', '84', '1', '84', '-'),
  rec('1714558275', 'C7', '192.168.1.20', '51000', '198.51.100.80', '443', 'tcp', 'ssl\\x09x', '3.2', '500', '4000', 'SF', 'T', 'F', '0', 'ShADadFf', '9', '900', '9', '4500', '-'),
  rec('1714558276', 'C8', '192.168.1.20', '51001', '198.51.100.81', '25', 'tcp', '\\x2d', '-', '-', '-', 'S0', 'T', 'F', '0', 'S', '2', '120', '0', '0', '-'),
  rec('1714558277', 'C9', '192.168.1.20', '51002', '198.51.100.82', '8080', 'tcp', '(empty)', '-', '-', '-', 'RSTO', 'T', 'F', '0', 'ShR', '2', '100', '1', '44', '-'),
  rec('1714558278', 'C10', '198.51.100.83', '443', '192.168.1.20', '51003', 'tcp', '-', '-', '-', '-', 'OTH', 'F', 'T', '0', 'Dd', '2', '100', '1', '44', '-'),
  rec('1714558279', 'C11', '2001:db8::5', '40000', 'fd00::20', '22', 'tcp', '-', '-', '-', '-', 'S0', 'F', 'T', '0', 'S', '1', '80', '0', '0', '-'),
  rec('1714558280', 'C12', '2001:db8::5', '128', 'fd00::20', '0', 'icmp', '-', '-', '-', '-', 'OTH', 'F', 'T', '0', '-', '1', '80', '0', '0', '-'),
  '#close\t2024-05-01-11-00-00',
].join('\n') + '\n';

// [uid, ActionType, LocalIP, LocalPort, RemoteIP, RemotePort, Protocol, DeviceName, Answer]
const TSV_ROWS: [string, string, string, number | null, string, number | null, string, string, string | undefined][] = [
  ['C1', 'InboundConnectionAttempt', '192.168.1.20', 22, '203.0.113.5', 40000, 'Tcp', '192.168.1.20', 'none'],
  ['C2', 'InboundConnectionAttempt', '192.168.1.20', 23, '203.0.113.5', 40001, 'Tcp', '192.168.1.20', 'rst'],
  ['C3', 'InboundConnectionAccepted', '192.168.1.20', 80, '203.0.113.5', 40002, 'Tcp', '192.168.1.20', 'syn-ack'],
  ['C4', 'InboundConnectionAttempt', '192.168.1.20', 443, '203.0.113.5', 40003, 'Tcp', '192.168.1.20', 'syn-ack'],
  ['C5', 'InboundConnectionAttempt', '192.168.1.20', 161, '203.0.113.5', 40004, 'Udp', '192.168.1.20', 'none'],
  ['C6', 'InboundConnectionAccepted', '192.168.1.20', null, '203.0.113.5', null, 'Icmp', '192.168.1.20', 'reply'],
  ['C7', 'ConnectionSuccess', '192.168.1.20', 51000, '198.51.100.80', 443, 'Tcp', '192.168.1.20', 'syn-ack'],
  ['C8', 'ConnectionFailed', '192.168.1.20', 51001, '198.51.100.81', 25, 'Tcp', '192.168.1.20', 'none'],
  ['C9', 'ConnectionRequest', '192.168.1.20', 51002, '198.51.100.82', 8080, 'Tcp', '192.168.1.20', 'syn-ack'],
  ['C10', 'ConnectionFound', '192.168.1.20', 51003, '198.51.100.83', 443, 'Tcp', '192.168.1.20', undefined],
  ['C11', 'InboundConnectionAttempt', 'fd00::20', 22, '2001:db8::5', 40000, 'Tcp', 'fd00::20', 'none'],
  ['C12', 'InboundConnectionAttempt', 'fd00::20', null, '2001:db8::5', null, 'IcmpV6', 'fd00::20', 'none'],
];

test('TSV conn.log: header, unset and empty fields, escapes, every outcome', async () => {
  const { rows, rejects } = await read(chunks(TSV));
  assert.deepEqual(rejects, []);
  assert.equal(rows.length, TSV_ROWS.length);
  for (const [i, [uid, action, lip, lport, rip, rport, proto, dev, answer]] of TSV_ROWS.entries()) {
    const r = rows[i]!;
    const f = af(r);
    assert.equal(f.uid, uid);
    assert.deepEqual([r.ActionType, r.LocalIP, r.LocalPort, r.RemoteIP, r.RemotePort, r.Protocol, r.DeviceName, f.Answer],
      [action, lip, lport, rip, rport, proto, dev, answer], uid);
    assert.equal(r.DeviceId, deviceIdFor(dev));
  }
  assert.equal(rows[0]!.Timestamp, '2024-05-01T10:11:12.123456Z');
  assert.equal(rows[1]!.Timestamp, '2024-05-01T10:11:12.2Z');
  const c1 = af(rows[0]!);
  assert.deepEqual(c1, { direction: 'In', Answer: 'none', uid: 'C1', conn_state: 'S0', history: 'S', missed_bytes: 0,
    orig_pkts: 1, orig_ip_bytes: 60, resp_pkts: 0, resp_ip_bytes: 0, local_orig: false, local_resp: true });
  assert.deepEqual([af(rows[2]!).service, af(rows[2]!).duration, af(rows[2]!).orig_bytes, af(rows[2]!).resp_bytes], ['http', 1.5, 100, 2000]);
  assert.equal(af(rows[6]!).service, 'ssl\tx'); // \x09 unescaped
  assert.equal(af(rows[7]!).service, '-'); // a real "-" is written \x2d, unlike the unset marker
  assert.equal(af(rows[8]!).service, ''); // (empty)
  assert.deepEqual([af(rows[5]!).IcmpType, af(rows[5]!).IcmpCode], [8, 0]);
});

test('--local-net and --device decide direction and device', async () => {
  const { rows } = await read(chunks(TSV), { localNets: ['203.0.113.0/24'] });
  // 192.168.1.20 is no longer local: C1 is an outbound attempt of 203.0.113.5 that nobody answered.
  assert.deepEqual([rows[0]!.ActionType, rows[0]!.DeviceName, rows[0]!.LocalIP, rows[0]!.RemotePort], ['ConnectionFailed', '203.0.113.5', '203.0.113.5', 22]);
  const dev = await read(chunks(TSV), { device: 'sensor1' });
  assert.ok(dev.rows.every((r) => r.DeviceName === 'sensor1' && r.DeviceId === deviceIdFor('sensor1')));
  await assert.rejects(read(chunks(TSV), { localNets: ['10.0.0.0/33'] }), /--local-net/);
});

test('TSV: a second header block with other fields; malformed records rejected with line numbers', async () => {
  const text = [
    rec('1714558272', 'C0', '203.0.113.5', '1', '192.168.1.20', '2', 'tcp'), // 1: before any #fields
    ...HEADER, // 2..9
    rec('1714558272', 'C1', '203.0.113.5', '1'), // 10: too few fields
    '#separator \\x09', // 11
    '#fields\tid.resp_h\tid.resp_p\tid.orig_h\tid.orig_p\tproto\tts\tconn_state\thistory', // 12
    rec('192.168.1.20', '22', '203.0.113.5', '40000', 'tcp', '1714558290.5', 'S0', 'S'), // 13: good
    rec('192.168.1.300', '22', '203.0.113.5', '40000', 'tcp', '1714558290.5', 'S0', 'S'), // 14: bad address
    rec('192.168.1.20', '99999', '203.0.113.5', '40000', 'tcp', '1714558290.5', 'S0', 'S'), // 15: bad port
    rec('192.168.1.20', '22', '203.0.113.5', '40000', 'udp', '1714558290.5', 'XX', '-'), // 16: unknown conn_state
    rec('192.168.1.20', '22', '203.0.113.5', '40000', 'tcp', 'yesterday', 'S0', 'S'), // 17: bad ts
    rec('192.168.1.20', '22', '-', '40000', 'tcp', '1714558290.5', 'S0', 'S'), // 18: unset originator
    rec('192.168.1.20', '23', '203.0.113.5', '40001', 'tcp', '1714558291', 'REJ', '-'), // 19: good, state only
  ].join('\n');
  const { rows, rejects } = await read(chunks(text));
  assert.deepEqual(rejects.map((e) => (e as { line?: number }).line), [1, 10, 14, 15, 16, 17, 18]);
  const msgs = rejects.map((e) => (e as { message: string }).message);
  assert.match(msgs[0]!, /TSV record after a #fields header/);
  assert.match(msgs[1]!, /4 fields where #fields names 21/);
  assert.match(msgs[2]!, /bad id\.resp_h/);
  assert.match(msgs[3]!, /bad id\.resp_p/);
  assert.match(msgs[4]!, /unknown conn_state XX/);
  assert.match(msgs[5]!, /bad ts/);
  assert.match(msgs[6]!, /no id\.orig_h/);
  assert.deepEqual(rows.map((r) => [r.ActionType, r.LocalPort, r.Timestamp, af(r).Answer]), [
    ['InboundConnectionAttempt', 22, '2024-05-01T10:11:30.5Z', 'none'],
    ['InboundConnectionAttempt', 23, '2024-05-01T10:11:31Z', 'rst'],
  ]);
});

test('a Zeek TSV log that is not conn.log is neither detected nor read as one', async () => {
  const dns = HEADER.map((l) => (l === '#path\tconn' ? '#path\tdns' : l)).join('\n').replace(/conn_state/g, 'rcode') + '\n';
  assert.equal(zeekReader.detect(Buffer.from(dns)), false);
  assert.equal(zeekReader.detect(Buffer.from(TSV)), true);
  const { rows, rejects } = await read(chunks(dns + TSV.split('\n').slice(8, 9).join('\n')));
  assert.equal(rows.length, 0);
  assert.match((rejects[0] as { message: string }).message, /not a conn log \(#path dns\)/);
});

test('JSON conn.log: ISO and millisecond timestamps, nested id, booleans; bad lines rejected', async () => {
  const lines = [
    '{"ts":"2024-05-01T10:11:12.654321Z","uid":"J1","id.orig_h":"203.0.113.5","id.orig_p":40000,"id.resp_h":"10.0.0.5","id.resp_p":3389,"proto":"tcp","conn_state":"S0","history":"S","local_orig":false,"local_resp":true}',
    '{"ts":1714558272654,"uid":"J2","id":{"orig_h":"203.0.113.5","orig_p":40001,"resp_h":"10.0.0.5","resp_p":3390},"proto":"tcp","conn_state":"REJ","history":"Sr"}',
    '{"ts":1714558272.5,"uid":"J3","id.orig_h":"10.0.0.5","id.orig_p":5000,"id.resp_h":"203.0.113.5","id.resp_p":53,"proto":"udp","conn_state":"SF","history":"Dd","orig_bytes":40,"resp_bytes":90}',
    '{"ts":1714558272.5,"uid":"J4"', // truncated
    '[1,2,3]',
    '{"ts":1714558272.5,"uid":"J5","id.orig_h":"10.0.0.5","id.orig_p":5000,"id.resp_p":53,"proto":"udp","conn_state":"SF"}',
  ].join('\n');
  const { rows, rejects } = await read(chunks(lines));
  assert.deepEqual(rejects.map((e) => [(e as { line?: number }).line, (e as { message: string }).message]), [
    [4, 'not valid JSON'], [5, 'neither a JSON object nor a TSV record after a #fields header'], [6, 'no id.resp_h']]);
  assert.deepEqual(rows.map((r) => [r.Timestamp, r.ActionType, r.LocalIP, r.LocalPort, r.RemotePort]), [
    ['2024-05-01T10:11:12.654321Z', 'InboundConnectionAttempt', '10.0.0.5', 3389, 40000],
    ['2024-05-01T10:11:12.654Z', 'InboundConnectionAttempt', '10.0.0.5', 3390, 40001],
    ['2024-05-01T10:11:12.5Z', 'ConnectionSuccess', '10.0.0.5', 5000, 53],
  ]);
  assert.deepEqual([af(rows[0]!).local_resp, af(rows[2]!).resp_bytes, af(rows[2]!).Answer], [true, 90, 'reply']);
});

// Every conn_state Zeek documents maps to an outcome; history, when present, refines TCP.
const STATES: [string, string | undefined, string][] = [
  ['S0', undefined, 'unanswered'], ['REJ', undefined, 'refused'], ['S1', undefined, 'accepted'], ['SF', undefined, 'accepted'],
  ['S2', undefined, 'accepted'], ['S3', undefined, 'accepted'], ['RSTO', undefined, 'accepted'], ['RSTR', undefined, 'accepted'],
  ['RSTOS0', undefined, 'unanswered'], ['SH', undefined, 'unanswered'], ['RSTRH', undefined, 'midstream'], ['SHR', undefined, 'midstream'],
  ['OTH', undefined, 'midstream'],
  ['RSTO', 'ShR', 'answered'], ['RSTO', 'ShAR', 'accepted'], ['SF', 'ShADadFf', 'accepted'], ['REJ', 'Sr', 'refused'],
  ['S0', 'S', 'unanswered'], ['RSTOS0', 'SR', 'unanswered'], ['SH', 'SF', 'unanswered'], ['OTH', 'Dd', 'midstream'],
  ['RSTRH', '^hr', 'midstream'], ['S1', 'ShA', 'accepted'], ['RSTR', 'ShADr', 'accepted'],
];
for (const [state, history, outcome] of STATES) {
  test(`conn_state ${state}${history ? ` history ${history}` : ''}: ${outcome}`, () => {
    assert.equal(outcomeOf('tcp', state, history), outcome);
  });
}

test('the conn_state table covers the 13 states of Zeek\'s conn.log', () => {
  assert.deepEqual(Object.keys(CONN_STATE_OUTCOME).sort(), ['OTH', 'REJ', 'RSTO', 'RSTOS0', 'RSTR', 'RSTRH', 'S0', 'S1', 'S2', 'S3', 'SF', 'SH', 'SHR']);
  assert.equal(outcomeOf('udp', 'SF', 'Dd'), 'accepted');
  assert.equal(outcomeOf('udp', 'S0', 'D'), 'unanswered');
  assert.throws(() => outcomeOf('tcp', undefined, undefined), /no conn_state/);
});

test('re-reading yields the same ReportIds', async () => {
  const a = await read(createReadStream(SLIPS));
  const b = await read(createReadStream(SLIPS));
  assert.deepEqual(a.rows.map((r) => r.ReportId), b.rows.map((r) => r.ReportId));
  assert.equal(new Set(a.rows.map((r) => r.ReportId)).size, 50);
});
