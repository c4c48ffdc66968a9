// The command line as a user runs it: a real process, real files, exit codes and output formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { input, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'edgewatch-cli-'));
writeFileSync(
  join(dir, 'DeviceNetworkEvents.jsonl'),
  [
    { Timestamp: '2026-11-27T11:00:00.1234567Z', DeviceId: 'd1', ActionType: 'InboundConnectionAttempt', RemoteIP: '8.8.8.8', LocalPort: 22 },
    { Timestamp: '2026-11-27T11:00:01Z', DeviceId: 'd1', ActionType: 'InboundConnectionAttempt', RemoteIP: '8.8.8.8', LocalPort: 23 },
    'this line is not JSON',
    { Timestamp: '2026-11-27T11:00:02Z', DeviceId: 'd2', ActionType: 'ConnectionSuccess', RemoteIP: '10.0.0.1', LocalPort: 443 },
  ]
    .map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))
    .join('\n'),
);
writeFileSync(join(dir, 'Extra.csv'), 'name,n,when\n"a, quoted",1,2026-01-01T00:00:00Z\nb,2,2026-01-02T00:00:00Z\n');

test('query --data loads JSONL with the Defender types and reports the bad line with file and line', () => {
  const r = run(['query', '--data', dir, '--format', 'json', '--query', 'DeviceNetworkEvents | summarize n = count(), ports = make_set(LocalPort) by RemoteIP | order by RemoteIP asc']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.columns, [
    { name: 'RemoteIP', type: 'string' },
    { name: 'n', type: 'long' },
    { name: 'ports', type: 'dynamic' },
  ]);
  assert.deepEqual(j.rows, [
    ['10.0.0.1', 1, [443]],
    ['8.8.8.8', 2, [22, 23]],
  ]);
  assert.match(r.err, /DeviceNetworkEvents\.jsonl:3: invalid JSON/);
});

test('datetime values keep 7 fractional digits in JSON output', () => {
  const r = run(['query', '--data', dir, '--format', 'json', '--query', 'DeviceNetworkEvents | where LocalPort == 22 | project Timestamp']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).rows, [['2026-11-27T11:00:00.1234567Z']]);
});

test('tables outside the schema get inferred types; CSV with quoted fields', () => {
  const r = run(['query', '--data', dir, '--format', 'csv', '--query', 'Extra | project name, n, when']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), 'name,n,when\n"a, quoted",1,2026-01-01T00:00:00Z\nb,2,2026-01-02T00:00:00Z');
});

test('the Defender tables exist, empty, without a file', () => {
  const r = run(['query', '--format', 'json', '--query', 'DeviceProcessEvents | count']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).rows, [[0]]);
});

test('query from a file and from standard input; table output', () => {
  const f = join(dir, 'q.kql');
  writeFileSync(f, 'print x = 1, y = "a"');
  const a = run(['query', f]);
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /^x\s+y\n-+\s+-+\n\s*1\s+a\n$/);
  const b = run(['query', '-', '--format', 'json'], 'print z = 2');
  assert.equal(b.code, 0, b.err);
  assert.deepEqual(JSON.parse(b.out), { columns: [{ name: 'z', type: 'long' }], rows: [[2]] });
});

test('--now pins ago() and now()', () => {
  const r = run(['query', '--now', '2026-11-27T12:00:00Z', '--format', 'json', '--query', 'print ago(1h)']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).rows, [['2026-11-27T11:00:00Z']]);
});

test('--explain prints the logical and physical plans', () => {
  const r = run(['query', '--explain', '--query', 'DeviceNetworkEvents | where RemotePort == 22 | summarize count() by RemoteIP']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Logical plan:\n.*Summarize/s);
  assert.match(r.out, /Physical plan:\n.*HashAggregateExec.*\n.*FilterExec.*\n.*ScanExec DeviceNetworkEvents/s);
});

test('exit codes: 2 usage, 3 syntax or semantic, 4 unsupported, 5 runtime', () => {
  assert.equal(run(['query', '--format', 'xml', '--query', 'print 1']).code, 2);
  assert.equal(run(['bogus']).code, 2);
  const syn = run(['query', '--query', 'print x = ']);
  assert.equal(syn.code, 3);
  assert.match(syn.err, /line 1, column \d+/);
  assert.match(syn.err, /\^/);
  const sem = run(['query', '--query', 'print nosuchfunction(1)']);
  assert.equal(sem.code, 3);
  const uns = run(['query', '--query', 'print x = 1 | evaluate python(typeof(*), "result = df")']);
  assert.equal(uns.code, 4);
  assert.match(uns.err, /unsupported: /);
  const rt = run(['query', '--query', 'range x from 1 to 200000000 step 1 | count']);
  assert.equal(rt.code, 5);
});
