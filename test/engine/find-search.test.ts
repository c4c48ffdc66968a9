// find and search over the database's tables (no `in (...)`): the find docs' EventsTable1 / EventsTable2 examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, KqlError } from '../../src/index.js';

const S = (names: string[]) => names.map((name) => ({ name, type: 'string' as const }));
const e = createEngine({});
e.addTable('EventsTable1', [
  { Session_Id: 'acbd207d-51aa-4df7-bfa7-be70eb68f04e', Level: 'Information', EventText: 'Some Text1', Version: 'v1.0.0' },
  { Session_Id: 'acbd207d-51aa-4df7-bfa7-be70eb68f04e', Level: 'Error', EventText: 'Some Text2', Version: 'v1.0.0' },
  { Session_Id: '28b8e46e-3c31-43cf-83cb-48921c3986fc', Level: 'Error', EventText: 'Some Text3', Version: 'v1.0.1' },
  { Session_Id: '8f057b11-3281-45c3-a856-05ebb18a3c59', Level: 'Information', EventText: 'Some Text4', Version: 'v1.1.0' },
], S(['Session_Id', 'Level', 'EventText', 'Version']));
e.addTable('EventsTable2', [
  { Session_Id: 'f7d5f95f-f580-4ea6-830b-5776c8d64fdd', Level: 'Information', EventText: 'Some Other Text1', EventName: 'Event1' },
  { Session_Id: 'acbd207d-51aa-4df7-bfa7-be70eb68f04e', Level: 'Information', EventText: 'Some Other Text2', EventName: 'Event2' },
  { Session_Id: 'acbd207d-51aa-4df7-bfa7-be70eb68f04e', Level: 'Error', EventText: 'Some Other Text3', EventName: 'Event3' },
  { Session_Id: '15eaeab5-8576-4b58-8fc6-478f75d8fee4', Level: 'Error', EventText: 'Some Other Text4', EventName: 'Event4' },
], S(['Session_Id', 'Level', 'EventText', 'EventName']));
e.addTable('Metrics', [{ Host: 'srv1', Value: 42 }, { Host: 'srv2', Value: 7 }], [{ name: 'Host', type: 'string' }, { name: 'Value', type: 'long' }]);

const ID = 'acbd207d-51aa-4df7-bfa7-be70eb68f04e';

async function run(q: string) {
  const r = await e.query(q);
  return { schema: r.columns.map((c) => `${c.name}:${c.type}`).join(', '), rows: r.rows };
}

const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

interface Case {
  name: string;
  query: string;
  schema: string;
  rows: unknown[][];
}

const CASES: Case[] = [
  {
    name: 'find over every table: only tables with the predicate column, common columns, pack_ of the rest (docs example)',
    query: `find Session_Id == '${ID}'`,
    schema: 'source_:string, Session_Id:string, Level:string, EventText:string, pack_:dynamic',
    rows: [
      ['EventsTable1', ID, 'Information', 'Some Text1', { Version: 'v1.0.0' }],
      ['EventsTable1', ID, 'Error', 'Some Text2', { Version: 'v1.0.0' }],
      ['EventsTable2', ID, 'Information', 'Some Other Text2', { EventName: 'Event2' }],
      ['EventsTable2', ID, 'Error', 'Some Other Text3', { EventName: 'Event3' }],
    ],
  },
  {
    name: 'find with project: common and uncommon columns (docs example)',
    query: `find Version == 'v1.0.0' or EventName == 'Event1' project Session_Id, EventText, Version, EventName`,
    schema: 'source_:string, Session_Id:string, EventText:string, Version:string, EventName:string',
    rows: [
      ['EventsTable1', ID, 'Some Text1', 'v1.0.0', ''],
      ['EventsTable1', ID, 'Some Text2', 'v1.0.0', ''],
      ['EventsTable2', 'f7d5f95f-f580-4ea6-830b-5776c8d64fdd', 'Some Other Text1', '', 'Event1'],
    ],
  },
  {
    name: 'find where over a numeric column reaches only the table that has it',
    query: 'find where Value > 10',
    schema: 'source_:string, Host:string, Value:long',
    rows: [['Metrics', 'srv1', 42]],
  },
  {
    name: 'find "term" searches every column of every table',
    query: 'find "srv2" | project source_',
    schema: 'source_:string',
    rows: [['Metrics']],
  },
  {
    name: 'search "term" over every table: $table and the union of the columns',
    query: 'search "Text4"',
    schema: '$table:string, Session_Id:string, Level:string, EventText:string, Version:string, EventName:string, Host:string, Value:long',
    rows: [
      ['EventsTable1', '8f057b11-3281-45c3-a856-05ebb18a3c59', 'Information', 'Some Text4', 'v1.1.0', '', '', null],
      ['EventsTable2', '15eaeab5-8576-4b58-8fc6-478f75d8fee4', 'Error', 'Some Other Text4', '', 'Event4', '', null],
    ],
  },
  {
    name: 'search counts per table',
    query: 'search "Error" or Host == "srv1" | summarize n = count() by $table',
    schema: '$table:string, n:long',
    rows: [['EventsTable1', 2], ['EventsTable2', 2], ['Metrics', 1]],
  },
  {
    name: 'search numbers as text',
    query: 'search "42" | project $table, Value',
    schema: '$table:string, Value:long',
    rows: [['Metrics', 42]],
  },
];

for (const c of CASES) {
  test(c.name, async () => {
    const got = await run(c.query);
    assert.equal(got.schema, c.schema);
    assert.deepEqual(sorted(got.rows), sorted(c.rows));
  });
}

test('find and search over the Defender schema: every declared table, empty ones included', async () => {
  const mde = createEngine({ schema: 'mde' });
  mde.addTable('DeviceNetworkEvents', [{ Timestamp: '2026-11-26T10:00:00Z', DeviceName: 'pc1', RemoteIP: '203.0.113.5', ActionType: 'ConnectionSuccess' }]);
  mde.addTable('DeviceEvents', [{ Timestamp: '2026-11-26T11:00:00Z', DeviceName: 'pc2', RemoteIP: '203.0.113.5', ActionType: 'BrowserLaunchedToOpenUrl' }]);
  const found = await mde.query('find in (DeviceEvents, DeviceNetworkEvents) where RemoteIP == "203.0.113.5" project DeviceName, ActionType, Timestamp');
  assert.deepEqual(found.columns.map((c) => c.name), ['source_', 'DeviceName', 'ActionType', 'Timestamp']);
  assert.deepEqual(sorted(found.rows), sorted([
    ['DeviceEvents', 'pc2', 'BrowserLaunchedToOpenUrl', '2026-11-26T11:00:00Z'],
    ['DeviceNetworkEvents', 'pc1', 'ConnectionSuccess', '2026-11-26T10:00:00Z'],
  ]));
  const searched = await mde.query('search "203.0.113.5" | summarize count() by $table');
  assert.deepEqual(sorted(searched.rows), sorted([['DeviceEvents', 1], ['DeviceNetworkEvents', 1]]));
});

test('unsupported forms fail loudly', async () => {
  const cases: [string, RegExp][] = [
    ['EventsTable1 | take 2 | search "x"', /unsupported: search over a piped expression that is not a table/],
    ['search kind=case_sensitive "x" and Level has "y"', /unsupported: search kind=case_sensitive with the case-insensitive operator/],
  ];
  for (const [q, re] of cases) {
    await assert.rejects(e.query(q), (err: unknown) => err instanceof KqlError && re.test(err.message), q);
  }
});
