import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../src/detect/alert.js';
import { StreamDetector, type ShedEvent, type StreamDetectorOptions } from '../../src/detect/stream/stream-detector.js';
import type { ProbeEvent, ProbeOutcome, ProbeProtocol } from '../../src/detect/stream/probe-event.js';

const T0 = BigInt(Date.UTC(2026, 10, 27, 8, 0, 0)) * 10_000n;
const MS = 10_000n;
const SEC = 1000;
const MIN = 60 * SEC;

type Step = [localIp: string, port: number, outcome: ProbeOutcome, atMs?: number, protocol?: ProbeProtocol];

/** Probes from one source; without an explicit time each step is `stepMs` after the previous one. */
function probes(src: string, steps: Step[], startMs = 0, stepMs = SEC): ProbeEvent[] {
  let t = startMs - stepMs;
  return steps.map(([localIp, port, outcome, at, protocol]) => {
    t = at ?? t + stepMs;
    return { time: T0 + BigInt(t) * MS, remoteIp: src, localIp, localPort: port, protocol: protocol ?? 'Tcp', deviceId: `dev-${localIp}`, outcome };
  });
}

/** Runs events through a detector; returns the alerts with the 1-based index of the probe that raised each. */
function run(events: ProbeEvent[], options: StreamDetectorOptions = {}): { alerts: { at: number; alert: Alert }[]; detector: StreamDetector } {
  const detector = new StreamDetector(options);
  const alerts: { at: number; alert: Alert }[] = [];
  events.forEach((e, i) => {
    for (const alert of detector.push(e)) alerts.push({ at: i + 1, alert });
  });
  return { alerts, detector };
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
const closedPorts = (host: string, ports: number[]): Step[] => ports.map((p) => [host, p, 'failure']);
const sweep = (hosts: number, port: number, outcome: ProbeOutcome = 'failure'): Step[] => range(1, hosts).map((h) => [`10.0.0.${h}`, port, outcome]);

interface Case {
  name: string;
  events: ProbeEvent[];
  options?: StreamDetectorOptions;
  /** Expected alerts: rule, the probe index that raises it, and optional checks. Any alert not listed fails. */
  expect: { rule: string; at: number; scanType?: string; ports?: number[]; localIps?: string[]; severity?: string; techniques?: string[] }[];
}

const mixedSteps: Step[] = [
  ['10.0.0.1', 22, 'failure'], ['10.0.0.2', 80, 'failure'], ['10.0.0.3', 3389, 'failure'],
  ['10.0.0.1', 80, 'failure'], ['10.0.0.2', 3389, 'failure'],
];

const cases: Case[] = [
  {
    name: 'vertical scan of closed ports: TRW at the 4th probe, windowed at the 15th (Zeek 15 ports / 5 min)',
    events: probes('198.51.100.7', closedPorts('10.0.0.5', range(1, 40))),
    expect: [
      { rule: 'trw', at: 4, scanType: 'vertical', ports: [1, 2, 3, 4], localIps: ['10.0.0.5'], severity: 'Medium', techniques: ['T1595', 'T1595.001'] },
      { rule: 'window-vertical', at: 15, scanType: 'vertical', ports: range(1, 15), severity: 'Medium' },
    ],
  },
  {
    name: 'horizontal sweep of 445: TRW at the 4th probe, windowed at the 25th host (Zeek 25 hosts / 5 min), High by breadth',
    events: probes('203.0.113.9', sweep(40, 445)),
    expect: [
      { rule: 'trw', at: 4, scanType: 'horizontal', ports: [445], localIps: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'], severity: 'Medium' },
      { rule: 'window-horizontal', at: 25, scanType: 'horizontal', ports: [445], severity: 'High' },
    ],
  },
  {
    name: 'mixed scan (several hosts and ports) flagged within 5 probes',
    events: probes('192.0.2.200', mixedSteps),
    expect: [{ rule: 'trw', at: 4, scanType: 'mixed', ports: [22, 80, 3389], localIps: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] }],
  },
  {
    name: 'a scan that hits an open port on the way is still flagged, and High (the open port answered)',
    events: probes('198.51.100.8', [['10.0.0.5', 21, 'failure'], ['10.0.0.5', 22, 'success'], ['10.0.0.5', 23, 'failure'], ['10.0.0.5', 25, 'failure'], ['10.0.0.5', 80, 'failure'], ['10.0.0.5', 110, 'failure']]),
    expect: [{ rule: 'trw', at: 6, scanType: 'vertical', ports: [21, 22, 23, 25, 80, 110], severity: 'High' }],
  },
  {
    name: 'a client whose 50 connections to one service succeed is never flagged',
    events: probes('198.51.100.20', Array.from({ length: 50 }, (): Step => ['10.0.0.5', 443, 'success'])),
    expect: [],
  },
  {
    name: 'a client with one failure among successes is not flagged',
    events: probes('198.51.100.21', [['10.0.0.5', 443, 'success'], ['10.0.0.5', 8443, 'failure'], ['10.0.0.5', 80, 'success'], ['10.0.0.6', 443, 'success'], ['10.0.0.6', 80, 'success']]),
    expect: [],
  },
  {
    name: 'a client whose first two contacts fail (service down) and then succeed is not flagged',
    events: probes('198.51.100.22', [['10.0.0.5', 443, 'failure'], ['10.0.0.6', 443, 'failure'], ['10.0.0.7', 443, 'success'], ['10.0.0.8', 443, 'success'], ['10.0.0.7', 80, 'success'], ['10.0.0.5', 443, 'failure'], ['10.0.0.5', 443, 'failure']]),
    expect: [],
  },
  {
    name: 'retries of one failing service are one first contact, not a scan (Slips #34)',
    events: probes('198.51.100.23', Array.from({ length: 30 }, (): Step => ['10.0.0.5', 25, 'failure'])),
    expect: [],
  },
  {
    name: 'three failed first contacts are not yet a scanner (λ = 64 < 99)',
    events: probes('198.51.100.24', closedPorts('10.0.0.5', [1, 2, 3])),
    expect: [],
  },
  {
    name: 'IPv6 vertical scan from a public IPv6 source',
    events: probes('2001:db8:bad::1', closedPorts('2001:db8:1::5', [22, 23, 80, 443, 3389])),
    expect: [{ rule: 'trw', at: 4, scanType: 'vertical', ports: [22, 23, 80, 443], localIps: ['2001:db8:1::5'], techniques: ['T1595', 'T1595.001'] }],
  },
  {
    name: 'internal sources are lateral discovery: T1046 (RFC 1918 and IPv6 ULA)',
    events: [...probes('10.9.8.7', closedPorts('10.0.0.5', [1, 2, 3, 4])), ...probes('fd00::42', closedPorts('fd00::5', [1, 2, 3, 4]))],
    expect: [{ rule: 'trw', at: 4, techniques: ['T1046'] }, { rule: 'trw', at: 8, techniques: ['T1046'] }],
  },
  {
    name: '--local-net makes a public range internal',
    events: probes('198.51.100.77', closedPorts('10.0.0.5', [1, 2, 3, 4])),
    options: { localNets: ['198.51.100.0/24'] },
    expect: [{ rule: 'trw', at: 4, techniques: ['T1046'] }],
  },
  {
    name: 'ICMP ping sweep is a horizontal scan on port 0',
    events: probes('203.0.113.50', range(1, 5).map((h): Step => [`10.0.1.${h}`, 0, 'failure', undefined, 'Icmp'])),
    expect: [{ rule: 'trw', at: 4, scanType: 'horizontal', ports: [0] }],
  },
  {
    name: 'UDP and TCP on the same port are different services',
    events: probes('203.0.113.51', [['10.0.0.5', 53, 'failure', undefined, 'Udp'], ['10.0.0.5', 53, 'failure', undefined, 'Tcp'], ['10.0.0.5', 123, 'failure', undefined, 'Udp'], ['10.0.0.5', 161, 'failure', undefined, 'Udp']]),
    expect: [{ rule: 'trw', at: 4, ports: [53, 123, 161] }],
  },
  // ---- expiry
  {
    name: 'TRW state expires 30 min after the last probe: 3 failures, 31 min of silence, 1 failure = no alert',
    events: probes('198.51.100.30', [['10.0.0.5', 1, 'failure', 0], ['10.0.0.5', 2, 'failure', SEC], ['10.0.0.5', 3, 'failure', 2 * SEC], ['10.0.0.5', 4, 'failure', 2 * SEC + 31 * MIN]]),
    expect: [],
  },
  {
    name: 'within 30 min the walk continues: 3 failures, 29 min of silence, 1 failure = alert',
    events: probes('198.51.100.31', [['10.0.0.5', 1, 'failure', 0], ['10.0.0.5', 2, 'failure', SEC], ['10.0.0.5', 3, 'failure', 2 * SEC], ['10.0.0.5', 4, 'failure', 2 * SEC + 29 * MIN]]),
    expect: [{ rule: 'trw', at: 4 }],
  },
  {
    name: 'a scanner alerts once while it keeps scanning (verdict refreshed), again after an hour of silence',
    events: [
      ...probes('198.51.100.32', closedPorts('10.0.0.5', range(1, 10)), 0, 10 * MIN),
      ...probes('198.51.100.32', closedPorts('10.0.0.6', range(1, 4)), 3 * 60 * MIN),
    ],
    options: { windowed: false },
    expect: [{ rule: 'trw', at: 4 }, { rule: 'trw', at: 14 }],
  },
  {
    name: 'windowed counting slides: 15 ports over 7 min never has 15 in 5 min',
    events: probes('198.51.100.33', closedPorts('10.0.0.5', range(1, 15)), 0, 30 * SEC),
    options: { trw: false },
    expect: [],
  },
  {
    name: 'windowed only: 14 ports no alert, the 15th alerts',
    events: probes('198.51.100.34', closedPorts('10.0.0.5', range(1, 15))),
    options: { trw: false },
    expect: [{ rule: 'window-vertical', at: 15 }],
  },
  {
    name: 'TRW only: no windowed alerts',
    events: probes('198.51.100.35', closedPorts('10.0.0.5', range(1, 30))),
    options: { windowed: false },
    expect: [{ rule: 'trw', at: 4 }],
  },
  {
    name: 'a benign verdict (4 successes) stops TRW for that source; the windowed counter still sees its later scan',
    events: probes('198.51.100.36', [
      ['10.0.0.5', 443, 'success'], ['10.0.0.5', 80, 'success'], ['10.0.0.6', 443, 'success'], ['10.0.0.6', 80, 'success'],
      ...closedPorts('10.0.0.7', range(1, 20)),
    ]),
    expect: [{ rule: 'window-vertical', at: 19 }],
  },
  // ---- unknown outcomes (seed-style data)
  {
    name: 'unknown: 4 distinct unanswered services are not enough; the 5th counts them all as failures',
    events: probes('198.51.100.40', range(1, 6).map((p): Step => ['10.0.0.5', p, 'unknown'])),
    options: { windowed: false },
    expect: [{ rule: 'trw', at: 5, scanType: 'vertical', ports: [1, 2, 3, 4, 5] }],
  },
  {
    name: 'unknown attempts answered by an Accepted row of the same service are successes: never flagged',
    events: probes('198.51.100.41', range(0, 12).flatMap((i): Step[] => [[`10.0.0.${1 + (i % 4)}`, [80, 443, 8080][i % 3]!, 'unknown'], [`10.0.0.${1 + (i % 4)}`, [80, 443, 8080][i % 3]!, 'success']])),
    expect: [],
  },
  {
    name: 'unknown: a client that reloads one page 50 times (the seed flags it) is not flagged',
    events: probes('198.51.100.42', Array.from({ length: 50 }, (): Step => ['10.0.0.5', 443, 'unknown'])),
    expect: [],
  },
  {
    name: 'unknown: background radiation of at most 2 attempts per source is not flagged',
    events: range(1, 30).flatMap((i) => probes(`203.0.113.${i}`, [['10.0.0.5', 23, 'unknown'], ['10.0.0.6', 445, 'unknown']], i * SEC)),
    expect: [],
  },
  {
    name: 'unknown: a pending service resolved as a failure counts at once',
    events: probes('198.51.100.43', [['10.0.0.5', 1, 'unknown'], ['10.0.0.5', 2, 'failure'], ['10.0.0.5', 3, 'failure'], ['10.0.0.5', 1, 'failure'], ['10.0.0.5', 4, 'failure']]),
    options: { windowed: false },
    expect: [{ rule: 'trw', at: 5 }], // 4, 16, 64 (port 1 resolved), 256
  },
  {
    name: 'unknown outcomes count in the windowed rule (Zeek counts unanswered attempts)',
    events: probes('198.51.100.44', range(1, 15).map((p): Step => ['10.0.0.5', p, 'unknown'])),
    options: { trw: false },
    expect: [{ rule: 'window-vertical', at: 15 }],
  },
  {
    name: 'unknownAsFailureAfter is configurable',
    events: probes('198.51.100.45', range(1, 6).map((p): Step => ['10.0.0.5', p, 'unknown'])),
    options: { windowed: false, trw: { unknownAsFailureAfter: 4 } },
    expect: [{ rule: 'trw', at: 4 }],
  },
  {
    name: 'windowed: a success withdraws the pair (Attempt then Accepted): 14 closed + 1 open port = no alert',
    events: probes('198.51.100.46', [...closedPorts('10.0.0.5', range(1, 13)), ['10.0.0.5', 14, 'unknown'], ['10.0.0.5', 14, 'success'], ['10.0.0.5', 15, 'failure']]),
    options: { trw: false },
    expect: [],
  },
  {
    name: 'windowed, past 32 pairs (Map mode): 20 hosts × 3 ports, then 5 more hosts on port 1 = a 25-host sweep of port 1',
    events: probes('198.51.100.47', [
      ...range(1, 20).flatMap((h) => [1, 2, 3].map((p): Step => [`10.0.2.${h}`, p, 'failure'])),
      ...range(21, 5).map((h): Step => [`10.0.2.${h}`, 1, 'failure']),
    ]),
    options: { trw: false },
    expect: [{ rule: 'window-horizontal', at: 65, ports: [1], scanType: 'horizontal' }],
  },
  {
    name: 'windowed, Map mode slides too: the same probes one every 5 s leave 24 hosts of port 1 in 5 min',
    events: probes('198.51.100.48', [
      ...range(1, 20).flatMap((h) => [1, 2, 3].map((p): Step => [`10.0.2.${h}`, p, 'failure'])),
      ...range(21, 5).map((h): Step => [`10.0.2.${h}`, 1, 'failure']),
    ], 0, 5 * SEC),
    options: { trw: false },
    expect: [],
  },
  {
    name: 'windowed, Map mode: a success withdraws a pair',
    events: probes('198.51.100.49', [
      ...range(1, 20).flatMap((h) => [1, 2, 3].map((p): Step => [`10.0.2.${h}`, p, 'failure'])),
      ['10.0.2.1', 1, 'success'],
      ...range(21, 5).map((h): Step => [`10.0.2.${h}`, 1, 'failure']),
      ['10.0.2.26', 1, 'failure'],
    ]),
    options: { trw: false },
    expect: [{ rule: 'window-horizontal', at: 67 }],
  },
];

for (const c of cases) {
  test(`stream detector: ${c.name}`, () => {
    const { alerts } = run(c.events, c.options);
    assert.deepEqual(alerts.map((a) => ({ rule: a.alert.ruleId, at: a.at })), c.expect.map((e) => ({ rule: e.rule, at: e.at })));
    c.expect.forEach((e, i) => {
      const a = alerts[i]!.alert;
      if (e.scanType !== undefined) assert.equal(a.context.scanType, e.scanType, 'scanType');
      if (e.ports !== undefined) assert.deepEqual(a.entities.ports, e.ports, 'ports');
      if (e.localIps !== undefined) assert.deepEqual(a.entities.localIps, e.localIps, 'localIps');
      if (e.severity !== undefined) assert.equal(a.severity, e.severity, 'severity');
      if (e.techniques !== undefined) assert.deepEqual(a.techniques, e.techniques, 'techniques');
    });
  });
}

test('stream detector: the alert carries the source, devices, times, count and answered ports', () => {
  const events = probes('198.51.100.50', [['10.0.0.5', 22, 'success'], ['10.0.0.5', 23, 'failure'], ['10.0.0.5', 25, 'failure'], ['10.0.0.5', 80, 'failure'], ['10.0.0.5', 110, 'failure'], ['10.0.0.5', 143, 'failure']], 0, 500);
  const { alerts } = run(events, { windowed: false });
  assert.equal(alerts.length, 1);
  const a = alerts[0]!.alert;
  assert.equal(a.entities.remoteIp, '198.51.100.50');
  assert.deepEqual(a.entities.deviceIds, ['dev-10.0.0.5']);
  assert.equal(a.firstSeen, '2026-11-27T08:00:00Z');
  assert.equal(a.lastSeen, '2026-11-27T08:00:02.5Z');
  assert.equal(a.count, 6);
  assert.deepEqual(a.context.portsAnswered, [22]);
  assert.deepEqual(a.context.portsProbedOnly, [23, 25, 80, 110, 143]);
  assert.equal(a.context.firstProbe, a.firstSeen);
  assert.equal(a.context.rate, 144); // 6 probes in 2.5 s
  assert.match(a.title, /198\.51\.100\.50/);
});

test('stream detector: the cap sheds the least recently active sources and reports it', () => {
  const shed: ShedEvent[] = [];
  const d = new StreamDetector({ maxSources: 10, windowed: false, onShed: (e) => shed.push(e) });
  const at = (min: number, src: string, port: number): ProbeEvent => ({ time: T0 + BigInt(min * MIN) * MS, remoteIp: src, localIp: '10.0.0.5', localPort: port, protocol: 'Tcp', deviceId: 'd', outcome: 'failure' });
  for (let i = 0; i < 10; i++) d.push(at(i * 2, `198.51.100.${100 + i}`, 1)); // s0..s9 at 0..18 min
  assert.equal(shed.length, 0);
  d.push(at(20, '198.51.100.100', 2)); // s0 active again: no longer the oldest
  d.push(at(21, '198.51.100.200', 1)); // an 11th source: s1 is shed
  assert.deepEqual(shed, [{ kind: 'shed', count: 1, reason: 'trw state reached its cap of 10 sources; dropped the least recently active' }]);
  assert.equal(d.stats().trw!.tracked, 10);
  assert.equal(d.stats().shed, 1);
  // s0 kept its two failures: two more make four.
  assert.equal(d.push(at(22, '198.51.100.100', 3)).length, 0);
  assert.equal(d.push(at(22, '198.51.100.100', 4)).length, 1);
  // s1 lost its first failure: three more make only three.
  const s1 = [2, 3, 4].flatMap((p) => d.push(at(23, '198.51.100.101', p)));
  assert.equal(s1.length, 0);
  assert.equal(shed.length, 1, 's0 left the undecided table as a scanner, so s1 found room');
});

test('stream detector: a flood of one-probe sources stays within the cap', () => {
  let shedTotal = 0;
  const d = new StreamDetector({ maxSources: 1000, onShed: (e) => (shedTotal += e.count) });
  for (let i = 0; i < 5000; i++) {
    d.push({ time: T0 + BigInt(i) * MS, remoteIp: `203.0.${i >> 8}.${i & 255}`, localIp: '10.0.0.5', localPort: 23, protocol: 'Tcp', deviceId: 'd', outcome: 'unknown' });
  }
  const s = d.stats();
  assert.ok(s.trw!.tracked <= 1000 && s.windowed!.tracked <= 1000, JSON.stringify(s));
  assert.equal(shedTotal, 2 * 4000);
  assert.equal(s.shed, 8000);
  assert.equal(s.outcomes.unknown, 5000);
});

test('stream detector: flush(now) expires idle state', () => {
  const d = new StreamDetector();
  for (const e of probes('198.51.100.60', closedPorts('10.0.0.5', [1, 2]))) d.push(e);
  assert.equal(d.stats().trw!.tracked, 1);
  assert.equal(d.stats().windowed!.tracked, 1);
  assert.deepEqual(d.flush(T0 + BigInt(29 * MIN) * MS), []);
  assert.equal(d.stats().trw!.tracked, 1);
  d.flush(T0 + BigInt(31 * MIN) * MS);
  assert.equal(d.stats().trw!.tracked, 0);
  assert.equal(d.stats().windowed!.tracked, 0);
  assert.equal(d.stats().trw!.expired, 1);
  assert.equal(d.stats().clock, '2026-11-27T08:31:00.000Z');
});

test('stream detector: a full local-host table resets state and says so', () => {
  const shed: ShedEvent[] = [];
  const d = new StreamDetector({ maxLocalHosts: 3, onShed: (e) => shed.push(e) });
  for (const e of probes('198.51.100.61', sweep(4, 445, 'unknown'))) d.push(e);
  assert.equal(shed.length, 1);
  assert.match(shed[0]!.reason, /local host table reached its cap of 3/);
  assert.equal(d.stats().localHosts, 1);
});

test('stream detector: out-of-order events age by the clock (largest time seen)', () => {
  const d = new StreamDetector({ windowed: false });
  const late = probes('198.51.100.62', [['10.0.0.5', 1, 'failure', 10 * MIN], ['10.0.0.5', 2, 'failure', 9 * MIN], ['10.0.0.5', 3, 'failure', 10 * MIN], ['10.0.0.5', 4, 'failure', 8 * MIN]]);
  const alerts = late.flatMap((e) => [...d.push(e)]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.firstSeen, '2026-11-27T08:10:00Z'); // the first probe pushed
  assert.equal(alerts[0]!.lastSeen, '2026-11-27T08:10:00Z'); // the latest probe time, not the last pushed
});

test('stream detector: options are validated', () => {
  assert.throws(() => new StreamDetector({ trw: false, windowed: false }), /both detectors are disabled/);
  assert.throws(() => new StreamDetector({ maxSources: 0 }), /maxSources/);
  assert.throws(() => new StreamDetector({ trw: { theta0: 0.2, theta1: 0.8 } }), /θ1 < θ0/);
  assert.throws(() => new StreamDetector({ windowed: { verticalPorts: 0 } }), /verticalPorts/);
  assert.throws(() => new StreamDetector({ localNets: ['not-a-cidr'] }), /not an address or CIDR/);
});

test('stream detector: an event with a bad port or protocol is refused, not aliased to another service', () => {
  const d = new StreamDetector();
  const e = probes('198.51.100.70', [['10.0.0.5', 22, 'failure']])[0]!;
  for (const bad of [{ localPort: 70000 }, { localPort: -1 }, { localPort: 1.5 }, { localPort: NaN }, { protocol: 'Sctp' as ProbeProtocol }]) {
    assert.throws(() => d.push({ ...e, ...bad }), /bad protocol\/port/, JSON.stringify(bad));
  }
  assert.equal(d.push(e).length, 0);
});
