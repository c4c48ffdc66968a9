import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AllowList } from '../../src/detect/ip-list.js';
import { formatBlocklistCsv, formatIpsetRestore, formatNftables, planBlocklist, IPSET_MAX_TIMEOUT } from '../../src/alerts/outputs/blocklist.js';
import type { StoredAlert } from '../../src/alerts/alert-store.js';
import { mkAlert } from './fixtures.js';

const NOW = new Date('2024-05-01T12:00:00Z');

function sample() {
  return [
    mkAlert({ entities: { remoteIp: '203.0.113.7' }, lastSeen: '2024-05-01T11:00:00Z' }),
    // Same source, another rule and spelling: one entry, both rules, the later last_seen.
    mkAlert({ ruleId: 'scan-slow', title: 'Slow scan, "low and slow"', entities: { remoteIp: '::ffff:203.0.113.7' }, firstSeen: '2024-04-30T20:00:00Z', lastSeen: '2024-05-01T11:30:00Z' }),
    mkAlert({ entities: { remoteIp: '2001:DB8:0:0::5' }, firstSeen: '2024-05-01T05:00:00Z', lastSeen: '2024-05-01T06:00:00Z' }),
    mkAlert({ entities: { remoteIp: '198.51.100.99' }, context: { suppressedBy: 'research scanner' } }),
    mkAlert({ entities: { remoteIp: '192.0.2.50' } }), // allow-listed by CIDR
    mkAlert({ entities: { remoteIp: '192.0.2.200' }, context: { asn: 64500 } }), // both CIDR and ASN match: the ASN entry is reported
    mkAlert({ entities: { remoteIp: '100.64.1.2' }, context: { asn: 64501 } }), // CGNAT: internal
    mkAlert({ entities: { remoteIp: '10.1.2.3' } }), // internal
    mkAlert({ entities: { remoteIp: '127.0.0.1' } }),
    mkAlert({ entities: { remoteIp: 'ff02::1' } }),
    mkAlert({ entities: { remoteIp: 'garbage' } }),
    mkAlert({ entities: { remoteIp: '198.51.100.1' }, lastSeen: '2024-04-30T11:59:59Z' }), // expired 1 s ago
    mkAlert({ entities: { remoteIp: '198.18.0.1' }, context: { asn: 64500 } }), // allow-listed by ASN
  ];
}
const allowList = new AllowList(['192.0.2.0/24', 'AS64500']);

test('plan: merges per address, skips suppressed, allow-listed, internal, non-unicast, invalid and expired, with reasons', () => {
  const plan = planBlocklist(sample(), { now: NOW, allowList });
  assert.equal(plan.generatedAt, '2024-05-01T12:00:00.000Z');
  assert.deepEqual(
    plan.entries.map((e) => [e.ip, e.family, e.firstSeen, e.lastSeen, e.expires, e.timeoutSeconds, e.rules.join('|')]),
    [
      ['203.0.113.7', 4, '2024-04-30T20:00:00Z', '2024-05-01T11:30:00Z', '2024-05-02T11:30:00.000Z', 84600, 'scan-slow|scan-vertical'],
      ['2001:db8::5', 6, '2024-05-01T05:00:00Z', '2024-05-01T06:00:00Z', '2024-05-02T06:00:00.000Z', 64800, 'scan-vertical'],
    ],
  );
  assert.equal(plan.entries[0].reason, 'Slow scan, "low and slow"; Vertical port scan');
  assert.deepEqual(
    plan.skipped.map((s) => [s.ip, s.why]),
    [
      ['198.51.100.99', 'suppressed by research scanner'],
      ['192.0.2.50', 'allow-listed by 192.0.2.0/24'],
      ['192.0.2.200', 'allow-listed by AS64500'],
      ['100.64.1.2', 'internal address (lateral discovery: triage it, do not block it at the edge)'],
      ['10.1.2.3', 'internal address (lateral discovery: triage it, do not block it at the edge)'],
      ['127.0.0.1', 'not a routable unicast address'],
      ['ff02::1', 'not a routable unicast address'],
      ['garbage', 'not an IP address'],
      ['198.18.0.1', 'allow-listed by AS64500'],
      ['198.51.100.1', 'expired at 2024-05-01T11:59:59.000Z'],
    ],
  );
});

test('plan: includeInternal, expiry from now, a custom TTL, a predicate allow-list, stored alerts flagged suppressed', () => {
  const plan = planBlocklist([mkAlert({ entities: { remoteIp: '10.1.2.3' }, lastSeen: '2024-01-01T00:00:00Z' })], {
    now: NOW,
    includeInternal: true,
    expiryFrom: 'now',
    ttlSeconds: 3600,
  });
  assert.deepEqual(plan.entries.map((e) => [e.ip, e.expires, e.timeoutSeconds]), [['10.1.2.3', '2024-05-01T13:00:00.000Z', 3600]]);
  const pred = planBlocklist([mkAlert()], { now: NOW, expiryFrom: 'now', allowList: (ip) => (ip === '203.0.113.7' ? 'ours' : undefined) });
  assert.deepEqual(pred.skipped.map((s) => s.why), ['allow-listed by ours']);
  const stored: StoredAlert = { id: 1, status: 'new', suppressed: true, createdAt: '', updatedAt: '', updates: 0, alert: mkAlert() };
  assert.deepEqual(planBlocklist([stored], { now: NOW, expiryFrom: 'now' }).skipped.map((s) => s.why), ['suppressed']);
  assert.throws(() => planBlocklist([], { ttlSeconds: 0 }), /TTL/);
});

test('nftables script, line by line', () => {
  const text = formatNftables(planBlocklist(sample(), { now: NOW, allowList }));
  assert.deepEqual(text.split('\n'), [
    '#!/usr/sbin/nft -f',
    '# edgewatch blocklist generated 2024-05-01T12:00:00.000Z: 1 IPv4, 1 IPv6, 10 skipped',
    'add table inet filter',
    'add set inet filter edgewatch_block { type ipv4_addr; flags timeout; }',
    'flush set inet filter edgewatch_block',
    'add set inet filter edgewatch_block6 { type ipv6_addr; flags timeout; }',
    'flush set inet filter edgewatch_block6',
    'add element inet filter edgewatch_block { 203.0.113.7 timeout 84600s }',
    'add element inet filter edgewatch_block6 { 2001:db8::5 timeout 64800s }',
    '',
  ]);
  const ip4 = formatNftables(planBlocklist([mkAlert()], { now: NOW }), { family: 'ip', table: 'edge', set4: 'scanners' });
  assert.match(ip4, /^add element ip edge scanners \{ 203\.0\.113\.7 timeout 79500s \}$/m);
  assert.doesNotMatch(ip4, /ipv6_addr/);
  assert.throws(() => formatNftables(planBlocklist([mkAlert({ entities: { remoteIp: '2001:db8::1' } })], { now: NOW }), { family: 'ip' }), /cannot hold the 1 IPv6/);
  assert.throws(() => formatNftables(planBlocklist([], { now: NOW }), { set4: 'bad name; flush ruleset' }), /nftables set/);
});

test('ipset restore file, line by line (separate inet6 set, timeouts capped at ipset maximum)', () => {
  const text = formatIpsetRestore(planBlocklist(sample(), { now: NOW, allowList }));
  assert.deepEqual(text.split('\n'), [
    'create edgewatch hash:ip family inet hashsize 1024 maxelem 65536 timeout 86400',
    'create edgewatch6 hash:ip family inet6 hashsize 1024 maxelem 65536 timeout 86400',
    'flush edgewatch',
    'flush edgewatch6',
    'add edgewatch 203.0.113.7 timeout 84600',
    'add edgewatch6 2001:db8::5 timeout 64800',
    '',
  ]);
  const long = formatIpsetRestore(planBlocklist([mkAlert()], { now: NOW, expiryFrom: 'now', ttlSeconds: 90 * 86400 }), { defaultTimeout: 90 * 86400 });
  assert.match(long, new RegExp(`^add edgewatch 203\\.0\\.113\\.7 timeout ${IPSET_MAX_TIMEOUT}$`, 'm'));
  assert.match(long, new RegExp(`timeout ${IPSET_MAX_TIMEOUT}\\ncreate`));
  assert.throws(() => formatIpsetRestore(planBlocklist([], { now: NOW }), { set4: 'x'.repeat(32) }), /ipset set name/);
});

test('CSV, line by line (RFC 4180 quoting)', () => {
  const text = formatBlocklistCsv(planBlocklist(sample(), { now: NOW, allowList }));
  assert.deepEqual(text.split('\r\n'), [
    'ip,first_seen,last_seen,expires,rule,reason',
    '203.0.113.7,2024-04-30T20:00:00Z,2024-05-01T11:30:00Z,2024-05-02T11:30:00.000Z,scan-slow;scan-vertical,"Slow scan, ""low and slow""; Vertical port scan"',
    '2001:db8::5,2024-05-01T05:00:00Z,2024-05-01T06:00:00Z,2024-05-02T06:00:00.000Z,scan-vertical,Vertical port scan',
    '',
  ]);
});

function tool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

test('nft -c -f accepts the script', (t) => {
  if (!tool('nft')) return t.skip('nft is not installed on this machine');
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-nft-'));
  try {
    const f = join(dir, 'block.nft');
    writeFileSync(f, formatNftables(planBlocklist(sample(), { now: NOW, allowList })));
    const r = spawnSync('nft', ['-c', '-f', f], { encoding: 'utf8' });
    if (r.status !== 0 && /Operation not permitted|permission/i.test(r.stderr)) return t.skip(`nft -c needs privileges here: ${r.stderr.trim()}`);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ipset restore -! accepts the file', (t) => {
  if (!tool('ipset')) return t.skip('ipset is not installed on this machine');
  // ipset has no dry run: restoring changes the kernel's sets, so only do it when explicitly allowed.
  if (!process.env.EDGEWATCH_TEST_IPSET) return t.skip('ipset restore changes kernel state; set EDGEWATCH_TEST_IPSET=1 to run it');
  const text = formatIpsetRestore(planBlocklist(sample(), { now: NOW, allowList }), { set4: 'edgewatch_test', set6: 'edgewatch_test6' });
  const r = spawnSync('ipset', ['restore', '-!'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  spawnSync('ipset', ['destroy', 'edgewatch_test']);
  spawnSync('ipset', ['destroy', 'edgewatch_test6']);
});
