// `edgewatch detect` as a user runs it: ingest a real firewall log into a store, run the rules at a pinned time,
// read the JSON alerts, see them in the alert store; the allow-list suppresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const LOG = new URL('../../../shared/captures/psad-iptables/syn_scan_1000_1500.log', import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const store = join(mkdtempSync(join(tmpdir(), 'edgewatch-detect-')), 'store');
const ingest = run(['ingest', '--store', store, '--year', '2012', LOG]);

test('ingest then detect --once --format json: one JSON alert per line with the documented fields', () => {
  assert.equal(ingest.code, 0, ingest.err);
  // The psad SYN scan: 192.168.10.55 -> 192.168.10.1, 501 ports, on the morning of Mar 23 (year from --year).
  const q = run(['query', '--store', store, '--format', 'json', '--query', 'DeviceNetworkEvents | summarize max(Timestamp)']);
  assert.equal(q.code, 0, q.err);
  const last = JSON.parse(q.out).rows[0][0] as string;
  const now = new Date(Date.parse(last) + 60_000).toISOString();
  const r = run(['detect', '--store', store, '--now', now, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const alerts = r.out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const vertical = alerts.find((a) => a.ruleId === 'scan-vertical');
  assert.ok(vertical, r.out + r.err);
  assert.deepEqual(Object.keys(vertical).sort(), ['context', 'count', 'entities', 'firstSeen', 'lastSeen', 'ruleId', 'severity', 'techniques', 'title']);
  assert.equal(vertical.entities.remoteIp, '192.168.10.55');
  assert.deepEqual(vertical.entities.localIps, ['192.168.10.1']);
  assert.equal(vertical.entities.ports.length, 501);
  assert.deepEqual(vertical.techniques, ['T1046']); // a private source scanning another device: lateral discovery
  assert.equal(vertical.context.scanType, 'vertical');
  assert.equal(vertical.context.firewall, 'unknown'); // no secure-configuration assessment in a firewall log
  assert.ok(Array.isArray(vertical.context.recommendedActions) && vertical.context.recommendedActions.length > 0);
  // The seed query needs DeviceInfo rows (internet-facing devices), which a firewall log does not give.
  assert.ok(!alerts.some((a) => a.ruleId === 'seed-port-scan'));
  // The alert store has it.
  const list = run(['alerts', 'list', '--store', store, '--format', 'json']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /192\.168\.10\.55/);

  // The allow-list suppresses: reported on stderr, nothing new on stdout in table form.
  const s = run(['detect', '--store', store, '--now', now, '--allow', '192.168.10.0/24', '--no-alert-store']);
  assert.equal(s.code, 0, s.err);
  assert.match(s.err, /suppressed: scan-vertical 192\.168\.10\.55 \(allow-list entry 192\.168\.10\.0\/24\)/);
  assert.doesNotMatch(s.out, /192\.168\.10\.55/);
});

test('detect refuses bad options with exit 2', () => {
  assert.equal(run(['detect', '--store', store, '--now', 'yesterday']).code, 2);
  assert.equal(run(['detect', '--store', store, '--allow', 'not-an-ip', '--once']).code, 2);
  assert.equal(run(['detect', '--store', join(store, 'missing'), '--once']).code, 2);
  assert.equal(run(['detect', '--store', store, '--only', 'no-such-rule', '--once']).code, 2);
});
