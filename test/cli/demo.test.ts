// `edgewatch demo` end to end, on a small data set: generate, ingest into a store, seed table, alerts with context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

test('demo ingests into a store, prints the seed result and the alerts with their context', () => {
  const store = join(mkdtempSync(join(tmpdir(), 'edgewatch-demo-')), 'store');
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'demo', '--devices', '60', '--events', '30000', '--store', store], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^RemoteIP\s+IPLocation_country\s+Connections$/m);
  // The planted vertical scanner inside the rules' 1 h windows, with its context.
  assert.match(r.stdout, /scan-vertical\s+91\.240\.118\.172\s+Russia/);
  assert.match(r.stdout, /ON THE HOSTILE-COUNTRY WATCHLIST/);
  assert.match(r.stdout, /firewall (enabled|disabled|unknown|mixed)/);
  assert.match(r.stderr, /ingested into .* new rows/);
  assert.match(r.stderr, /suppressed by the allow-list/);
  assert.match(r.stderr, /query took [\d.]+ ms/);
  assert.ok(existsSync(join(store, 'alerts.sqlite')));
  // A second run adds nothing to the store: the rows are deduplicated.
  const again = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'demo', '--devices', '60', '--events', '30000', '--store', store], { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, / 0 new rows/);
});
