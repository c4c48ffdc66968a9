import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { formatAlertTable, formatPorts } from '../../src/alerts/outputs/console.js';
import { alertShape, formatJsonLines, writeJsonLines } from '../../src/alerts/outputs/jsonl.js';
import type { StoredAlert } from '../../src/alerts/alert-store.js';
import { mkAlert } from './fixtures.js';

test('formatPorts: ranges, and a count beyond the width', () => {
  const cases: [number[], number | undefined, string][] = [
    [[], undefined, ''],
    [[443], undefined, '443'],
    [[443, 22, 80, 81, 82, 22], undefined, '22,80-82,443'],
    [[1, 2, 4, 5, 7], undefined, '1-2,4-5,7'],
    [Array.from({ length: 1000 }, (_, i) => i + 1), undefined, '1-1000'],
    [[22, 80, 443, 3389, 5900, 8080], 12, '22,80,443 (+3 more)'],
    [[10000, 20000], 3, '10000 (+1 more)'],
  ];
  for (const [ports, max, want] of cases) assert.equal(formatPorts(ports, max), want, JSON.stringify(ports));
});

test('console table: one aligned line per alert with time, severity, rule, source, country, targets, ports', () => {
  const text = formatAlertTable([
    mkAlert(),
    mkAlert({
      ruleId: 'scan-horizontal',
      severity: 'High',
      lastSeen: '2024-05-01T10:09:59.1234567Z',
      count: 1200,
      entities: { remoteIp: '2001:db8::5', localIps: ['198.51.100.1', '198.51.100.2', '198.51.100.3'], ports: [445] },
      context: { suppressedBy: 'AS64500' },
    }),
  ]);
  assert.deepEqual(text.split('\n'), [
    'LAST SEEN             SEVERITY                    RULE             SOURCE       CC  TARGETS        PROBES  PORTS',
    '2024-05-01 10:05:00Z  Medium                      scan-vertical    203.0.113.7  NL  198.51.100.10      30  22,80,443',
    '2024-05-01 10:09:59Z  High (suppressed: AS64500)  scan-horizontal  2001:db8::5  -   3 hosts          1200  445',
  ]);
});

test('console table: stored alerts show id and status', () => {
  const s: StoredAlert = { id: 7, status: 'acknowledged', suppressed: false, createdAt: '', updatedAt: '', updates: 0, alert: mkAlert() };
  const [head, row] = formatAlertTable([s]).split('\n');
  assert.match(head, /^ID  STATUS {8}LAST SEEN/);
  assert.match(row, /^ 7  acknowledged  2024-05-01 10:05:00Z  Medium/);
});

test('JSON lines: exactly the Alert shape, in order, whatever extra fields the object carries', () => {
  const a = mkAlert();
  const extra = { ...a, id: 3, entities: { ...a.entities, extra: 1 } } as unknown as typeof a;
  const stored: StoredAlert = { id: 9, status: 'new', suppressed: false, createdAt: 'x', updatedAt: 'x', updates: 0, alert: a };
  const lines = formatJsonLines([a, extra, stored]).split('\n');
  assert.equal(lines.length, 4);
  assert.equal(lines[3], '');
  for (const l of lines.slice(0, 3)) {
    const o = JSON.parse(l);
    assert.deepEqual(Object.keys(o), ['ruleId', 'title', 'severity', 'techniques', 'entities', 'firstSeen', 'lastSeen', 'count', 'context']);
    assert.deepEqual(Object.keys(o.entities), ['remoteIp', 'deviceIds', 'localIps', 'ports']);
    assert.deepEqual(o, JSON.parse(JSON.stringify(a)));
  }
  assert.deepEqual(alertShape(stored), a);
});

test('writeJsonLines waits for drain on a slow stream', async () => {
  const out = new PassThrough({ highWaterMark: 16 });
  const chunks: string[] = [];
  const done = writeJsonLines([mkAlert(), mkAlert({ ruleId: 'b' }), mkAlert({ ruleId: 'c' })], out);
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  await done;
  out.end();
  assert.deepEqual(chunks.join('').trim().split('\n').map((l) => JSON.parse(l).ruleId), ['scan-vertical', 'b', 'c']);
});
