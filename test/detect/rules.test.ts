// Rule files: the shipped rules load and bind; user folders add rules; a broken rule is refused alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createEngine } from '../../src/index.js';
import { loadRules, parsePeriod, triggers } from '../../src/detect/rules.js';

const RULES = new URL('../../rules/', import.meta.url).pathname;
const SHARED_SEED = new URL('../../../shared/seed/port-scan-internet-facing.kql', import.meta.url);

test('every shipped rule loads and binds against the Defender schema', () => {
  const { rules, errors } = loadRules([RULES], createEngine({ schema: 'mde' }).kql);
  assert.deepEqual(errors, []);
  assert.deepEqual(rules.map((r) => r.id).sort(), ['scan-distributed', 'scan-horizontal', 'scan-slow', 'scan-vertical', 'seed-port-scan']);
  for (const r of rules.filter((x) => x.id !== 'seed-port-scan')) {
    assert.ok(r.techniques.includes('T1595.001') && r.techniques.includes('T1046'), `${r.id} maps to T1595.001 and T1046`);
    assert.match(readFileSync(r.source, 'utf8'), /Zeek|Slips|scanlogd|Snort/, `${r.id} cites the detector its threshold comes from`);
  }
});

test('the seed rule is the seed query verbatim', () => {
  const doc = parse(readFileSync(join(RULES, 'seed-port-scan.yaml'), 'utf8')) as { query: string; queryFrequency: string };
  const seed = readFileSync(SHARED_SEED, 'utf8');
  assert.equal(doc.query, seed);
  assert.equal(readFileSync(join(RULES, 'verbatim', 'seed-port-scan.kql'), 'utf8'), seed);
  assert.equal(doc.queryFrequency, '1h');
});

test('a user folder adds rules; a broken one is refused with its diagnostic; .kql files get defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-rules-'));
  writeFileSync(join(dir, 'ssh.kql'), 'DeviceNetworkEvents | where LocalPort == 22 | summarize count() by RemoteIP');
  writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nname: Broken\nquery: |\n  DeviceNetworkEvents | where NoSuchColumn > 1\n');
  writeFileSync(join(dir, 'bad-yaml.yaml'), 'id: [unclosed\n');
  writeFileSync(join(dir, 'no-query.yaml'), 'id: no-query\nseverity: High\n');
  const { rules, errors } = loadRules([RULES, dir], createEngine({ schema: 'mde' }).kql);
  const ssh = rules.find((r) => r.id === 'ssh');
  assert.ok(ssh);
  assert.equal(ssh.queryFrequency, 36_000_000_000n);
  assert.equal(ssh.severity, 'Medium');
  assert.equal(rules.length, 6);
  const msg = (f: string) => errors.find((e) => e.source.endsWith(f))?.message ?? '';
  assert.match(msg('broken.yaml'), /refused: .*KS142.*NoSuchColumn/s);
  assert.ok(msg('bad-yaml.yaml').length > 0);
  assert.match(msg('no-query.yaml'), /missing or empty field 'query'/);
});

test('periods in Sentinel forms; trigger operators', () => {
  assert.equal(parsePeriod('5m', 'f'), 3_000_000_000n);
  assert.equal(parsePeriod('PT1H', 'f'), 36_000_000_000n);
  assert.equal(parsePeriod('P1D', 'f'), 864_000_000_000n);
  assert.throws(() => parsePeriod('soon', 'queryPeriod'), /queryPeriod/);
  const r = { triggerOperator: 'gt', triggerThreshold: 0 } as Parameters<typeof triggers>[0];
  assert.equal(triggers(r, 0), false);
  assert.equal(triggers(r, 1), true);
});
