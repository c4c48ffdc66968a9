import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACTION_TYPES, actionTypeInfo, actionTypesOf } from '../../src/telemetry/action-types.js';

const SCHEMA_MD = readFileSync(new URL('../../../shared/mde/schema.md', import.meta.url), 'utf8');

/** ActionType names in the first cell of schema.md's "### 2.1 ActionType values" table. */
function documentedNetworkActionTypes(): string[] {
  const start = SCHEMA_MD.indexOf('### 2.1 ActionType values');
  assert.ok(start >= 0, 'section 2.1 not found');
  const lines = SCHEMA_MD.slice(start).split('\n');
  const out: string[] = [];
  let inTable = false;
  for (const line of lines.slice(1)) {
    if (line.startsWith('| ActionType')) { inTable = true; continue; }
    if (!inTable) continue;
    if (!line.startsWith('|')) break;
    const first = line.split('|')[1] ?? '';
    for (const m of first.matchAll(/`([A-Za-z]+)`/g)) out.push(m[1]!);
  }
  return out;
}

test('DeviceNetworkEvents ActionTypes are exactly the ones schema.md lists', () => {
  const documented = documentedNetworkActionTypes();
  assert.ok(documented.length >= 15, `parser found only ${documented.length}`);
  assert.deepEqual([...actionTypesOf('DeviceNetworkEvents')].sort(), [...documented].sort());
});

const CASES: [string, string, string][] = [
  ['InboundConnectionAccepted', 'inbound', 'in-portal'],
  ['ConnectionSuccess', 'outbound', 'in-portal'],
  ['ListeningConnectionCreated', 'listen', 'in-portal'],
  ['InboundInternetScanInspected', 'inbound', 'in-portal'],
  ['ConnectionAttempt', 'unknown', 'docs'],
  ['ConnectionFailedAggregatedReport', 'outbound', 'docs'],
  ['InboundConnectionAttempt', 'inbound', 'empirical'],
  ['DnsConnectionInspected', 'not-applicable', 'community'],
];

for (const [name, direction, evidence] of CASES) {
  test(`${name}: direction ${direction}, evidence ${evidence}`, () => {
    const info = actionTypeInfo('DeviceNetworkEvents', name);
    assert.ok(info, name);
    assert.equal(info.direction, direction);
    assert.equal(info.evidence, evidence);
  });
}

test('names are unique and lookups are exact', () => {
  for (const [table, list] of Object.entries(ACTION_TYPES)) {
    assert.equal(new Set(list.map((a) => a.name)).size, list.length, table);
  }
  assert.equal(actionTypeInfo('DeviceNetworkEvents', 'connectionsuccess'), undefined);
  assert.deepEqual(actionTypesOf('DeviceProcessEvents'), []);
  assert.deepEqual(actionTypesOf('constructor'), []);
});
