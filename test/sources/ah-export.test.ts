import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ahCsvReader, ahJsonReader, createAhCsvReader, createAhJsonReader, inferTable } from '../../src/sources/ah-export.js';
import { reportIdFor } from '../../src/sources/identity.js';
import type { FormatReader, ReaderEvent, ReaderOptions, RejectEvent, RowEvent } from '../../src/sources/reader.js';
import { getTable } from '../../src/telemetry/mde-schema.js';
import { tableFromRecords } from '../../src/kql/data/from-rows.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mde/${name}`, import.meta.url));

async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  if (!Number.isFinite(size)) {
    yield buf;
    return;
  }
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(reader: FormatReader, buf: Buffer, size = Infinity, options: Partial<ReaderOptions> = {}): Promise<ReaderEvent[]> {
  const out: ReaderEvent[] = [];
  for await (const ev of reader.read(chunks(buf, size), { source: 'test', ...options })) out.push(ev);
  return out;
}

const rowsOf = (evs: ReaderEvent[]) => evs.filter((e): e is RowEvent => e.kind === 'row');
const rejectsOf = (evs: ReaderEvent[]) => evs.filter((e): e is RejectEvent => e.kind === 'reject');

// ------------------------------------------------------------------------------------------------ table inference

const INFER: [string, string | RegExp][] = [
  ['Timestamp,DeviceId,DeviceName,ActionType,RemoteIP,RemotePort,LocalIP,LocalPort,Protocol,AdditionalFields,ReportId', 'DeviceNetworkEvents'],
  ['Timestamp,DeviceId,DeviceName,ActionType,RemoteIP,LocalPort', 'DeviceNetworkEvents'],
  ['Timestamp,DeviceId,DeviceName,OSPlatform,IsInternetFacing,AdditionalFields', 'DeviceInfo'],
  // Fits DeviceProcessEvents and the catch-all DeviceEvents: the specific table wins.
  ['Timestamp,FileName,InitiatingProcessFileName,ProcessCommandLine', 'DeviceProcessEvents'],
  // Sentinel (Log Analytics) columns are accepted.
  ['TimeGenerated,DeviceId,DeviceName,ActionType,RemoteIP,LocalPort,LocalIPType,TenantId,Type', 'DeviceNetworkEvents'],
  ['CveId,CvssScore,IsExploitAvailable', 'DeviceTvmSoftwareVulnerabilitiesKB'],
  ['Timestamp,DeviceId,DeviceName', /^ambiguous table: DeviceInfo, DeviceNetworkInfo, .* all have these columns/],
  ['Timestamp,DeviceId,DeviceName,ActionType,FileName,FolderPath,SHA1', /^ambiguous table: DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents all have/],
  ['Timestamp,DeviceId,DeviceName,ActionType,FileName,ProcessVersionInfoCompanyName,LocalIPType,RegistryKey', /^no single Defender table has all these columns .*closest is DeviceProcessEvents, which lacks LocalIPType, RegistryKey/],
  ['Timestamp,DeviceId,IPLocation,Connections', /^columns that no Defender table has: IPLocation, Connections/],
  ['Timestamp,Timestamp', /^column Timestamp appears twice/],
];

test('inferTable: the table from the column names', () => {
  for (const [header, want] of INFER) {
    const r = inferTable(header.split(','));
    if (typeof want === 'string') assert.equal('table' in r ? r.table.name : r.error, want, header);
    else assert.match('error' in r ? r.error : `picked ${r.table.name}`, want, header);
  }
});

// ------------------------------------------------------------------------------------------------ CSV fixtures

interface CsvCase {
  file: string;
  options?: Partial<ReaderOptions>;
  reader?: FormatReader;
  table?: string;
  /** [line, column, value] of rows, in order (value undefined: absent). */
  rows: [number, string, unknown][];
  rejects: [number, RegExp][];
}

const CSV_CASES: CsvCase[] = [
  {
    file: 'ah-network.csv',
    table: 'DeviceNetworkEvents',
    rows: [
      [2, 'Timestamp', '2024-05-01T10:11:12.1234567Z'],
      [3, 'AdditionalFields', '{"direction":"In","Tcp Flags":2,"Packet Size":60}'],
      [5, 'InitiatingProcessCommandLine', 'line one\nline two'],
      [9, 'LocalPort', '8080'],
    ],
    rejects: [
      [7, /^5 fields where the header has 12$/],
      [8, /LocalPort \(int\): not an integer: "abc"/],
    ],
  },
  {
    file: 'ah-local-us.csv',
    table: 'DeviceNetworkEvents',
    rows: [
      [2, 'Timestamp', '2024-05-01T10:11:12.1230000Z'],
      [3, 'Timestamp', '2024-05-01T12:00:00.5000000Z'],
      [4, 'Timestamp', '2024-04-15T11:09:27.0000000Z'],
      [5, 'Timestamp', '2025-12-29T00:10:57.0000000Z'],
      [6, 'Timestamp', '2024-05-13T10:00:00.0000000Z'],
    ],
    rejects: [
      [7, /a date in this row reads day\/month, earlier rows month\/day/],
      [8, /Timestamp: not a datetime: "5\/14\/2024, 25:00:00 AM" \(this file's dates read month\/day\)/],
    ],
  },
  {
    file: 'ah-local-us.csv',
    options: { tz: 'America/New_York' },
    table: 'DeviceNetworkEvents',
    rows: [
      [2, 'Timestamp', '2024-05-01T14:11:12.1230000Z'],
      // The header says [UTC]: the zone setting does not apply.
      [2, 'InitiatingProcessCreationTime', '2024-05-01T09:00:00.0000000Z'],
      [3, 'Timestamp', '2024-05-01T16:00:00.5000000Z'],
      [4, 'Timestamp', '2024-04-15T15:09:27.0000000Z'],
      // December: standard time, UTC-5.
      [5, 'Timestamp', '2025-12-29T05:10:57.0000000Z'],
      [6, 'Timestamp', '2024-05-13T14:00:00.0000000Z'],
    ],
    rejects: [[7, /day\/month/], [8, /not a datetime/]],
  },
  {
    file: 'ah-local-us.csv',
    options: { tz: '+02:00' },
    rows: [[2, 'Timestamp', '2024-05-01T08:11:12.1230000Z'], [3, 'Timestamp', '2024-05-01T10:00:00.5000000Z']],
    rejects: [[7, /day\/month/], [8, /not a datetime/]],
  },
  {
    file: 'ah-local-dayfirst.csv',
    table: 'DeviceNetworkEvents',
    rows: [
      // Held back until line 4 (13/03) shows the file is day first.
      [2, 'Timestamp', '2024-04-03T15:40:13.9880000Z'],
      [3, 'Timestamp', '2024-05-05T15:40:14.0000000Z'],
      [4, 'Timestamp', '2024-03-13T15:40:15.9880000Z'],
      [5, 'Timestamp', '2024-05-01T15:40:16.0000000Z'],
      [6, 'Timestamp', '2024-05-01T15:40:17.0000000Z'],
    ],
    rejects: [[7, /a date in this row reads month\/day, earlier rows day\/month/]],
  },
  {
    file: 'ah-union.csv',
    rows: [],
    rejects: [
      [1, /^header: no single Defender table has all these columns/],
      [2, /^no table for this file/],
      [3, /^no table for this file/],
    ],
  },
  {
    // The same union export read as one table the caller names: columns that table lacks are left out.
    file: 'ah-union.csv',
    reader: createAhCsvReader({ table: 'DeviceEvents' }),
    table: 'DeviceEvents',
    rows: [[2, 'ActionType', 'AntivirusScanCompleted'], [3, 'LocalIPType', undefined]],
    rejects: [],
  },
];

for (const c of CSV_CASES) {
  const label = `${c.file}${c.options?.tz ? ` tz ${c.options.tz}` : ''}${c.reader ? ' (explicit table)' : ''}`;
  test(`ah-csv ${label}`, async () => {
    for (const size of [Infinity, 5]) {
      const evs = await collect(c.reader ?? ahCsvReader, fixture(c.file), size, c.options);
      const rows = rowsOf(evs);
      const rejects = rejectsOf(evs);
      // Events keep the input's order.
      const lines = evs.map((e) => (e.kind === 'truncated' ? -1 : e.line!));
      assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in line order');
      assert.equal(rejects.length, c.rejects.length, rejects.map((r) => `${r.line}: ${r.message}`).join('\n'));
      c.rejects.forEach(([line, re], i) => {
        assert.equal(rejects[i].line, line, rejects[i].message);
        assert.match(rejects[i].message, re);
        assert.ok(rejects[i].raw.length > 0);
      });
      const wantLines = [...new Set(c.rows.map((r) => r[0]))];
      assert.deepEqual(rows.map((r) => r.line).filter((l) => wantLines.includes(l!)), wantLines);
      for (const [line, col, value] of c.rows) {
        const row = rows.find((r) => r.line === line)!;
        assert.ok(row, `row at line ${line}`);
        if (c.table) assert.equal(row.table, c.table);
        assert.equal(row.row[col], value, `${col} at line ${line}`);
      }
    }
  });
}

test('ah-csv: values of the network export', async () => {
  const rows = rowsOf(await collect(ahCsvReader, fixture('ah-network.csv')));
  assert.equal(rows.length, 4);
  const [a, , , d] = rows;
  assert.equal(a.row.InitiatingProcessCommandLine, '"nginx.exe" -g "daemon off;"');
  assert.equal(a.row.ReportId, '7251');
  assert.equal(a.row.TimeGenerated, '2024-05-01T10:11:12.1234567Z');
  // An empty cell is a missing value, not an empty string.
  assert.ok(!('AdditionalFields' in a.row));
  // No ReportId in the export: one is derived from the record, the same on every ingest.
  const raw = '2024-05-01T10:11:17.0000000Z,58faa2ef39046f86543ec7fb8849dfd54dd014fa,web01.contoso.com,ConnectionAttempt,203.0.113.7,51520,192.0.2.10,8080,Tcp,,,';
  assert.equal(d.row.ReportId, reportIdFor(raw, 0));
  // Through the engine's conversion: 7-digit ticks kept, numbers from their text.
  const schema = getTable('DeviceNetworkEvents')!.columns.map((c) => ({ name: c.name, type: c.type }));
  const { table, errors } = tableFromRecords(rows.map((r) => r.row), schema);
  assert.deepEqual(errors, []);
  const at = (name: string) => schema.findIndex((f) => f.name === name);
  assert.equal(table.columns[at('Timestamp')].get(0), parseDatetime('2024-05-01T10:11:12.1234567Z'));
  assert.equal(table.columns[at('LocalPort')].get(0), 443);
  assert.equal(table.columns[at('ReportId')].get(0), 7251n);
});

test('ah-csv: identical rows get distinct, stable ReportIds', async () => {
  const text = 'Timestamp,DeviceId,DeviceName,ActionType,RemoteIP,LocalPort\n2024-05-01T00:00:00Z,d,n,ConnectionAttempt,192.0.2.1,22\n2024-05-01T00:00:00Z,d,n,ConnectionAttempt,192.0.2.1,22\n';
  const first = rowsOf(await collect(ahCsvReader, Buffer.from(text))).map((r) => r.row.ReportId);
  const again = rowsOf(await collect(ahCsvReader, Buffer.from(text), 3)).map((r) => r.row.ReportId);
  assert.equal(first.length, 2);
  assert.notEqual(first[0], first[1]);
  assert.deepEqual(again, first);
});

const STYLE: [string, string][] = [
  // Nothing decides the day/month order: capital AM/PM (en-US) means month first, anything else day first.
  ['"03/04/2024, 10:00:00 AM"', '2024-03-04T10:00:00.0000000Z'],
  ['"03/04/2024, 10:00:00 am"', '2024-04-03T10:00:00.0000000Z'],
  ['"03/04/2024, 10:00:00"', '2024-04-03T10:00:00.0000000Z'],
  ['"1 May 2024, 10:00:00"', '2024-05-01T10:00:00.0000000Z'],
  ['2024-05-01 10:00:00', '2024-05-01T10:00:00.0000000Z'],
  ['2024-05-01T10:00:00+02:00', '2024-05-01T10:00:00+02:00'],
  ['"Sept 3, 2024 1:02:03 PM"', '2024-09-03T13:02:03.0000000Z'],
];

test('ah-csv: datetime forms and the day/month fallback', async () => {
  for (const [cell, want] of STYLE) {
    const text = `Timestamp,DeviceId,DeviceName,ActionType,RemoteIP,LocalPort\n${cell},d,n,ConnectionAttempt,192.0.2.1,22\n`;
    const evs = await collect(ahCsvReader, Buffer.from(text));
    assert.equal(rowsOf(evs)[0]?.row.Timestamp, want, `${cell}: ${JSON.stringify(rejectsOf(evs))}`);
  }
});

test('ah-csv: an unterminated quote is rejected at the end, earlier rows kept', async () => {
  const text = 'Timestamp,DeviceId,DeviceName,ActionType,RemoteIP,LocalPort\n2024-05-01T00:00:00Z,d,n,ConnectionAttempt,192.0.2.1,22\n2024-05-01T00:00:01Z,"d,n,ConnectionAttempt,192.0.2.1,23\n';
  const evs = await collect(ahCsvReader, Buffer.from(text));
  assert.equal(rowsOf(evs).length, 1);
  const [r] = rejectsOf(evs);
  assert.equal(r.line, 3);
  assert.match(r.message, /unterminated quoted field/);
});

test('ah-csv: an unknown time zone is a usage error', async () => {
  await assert.rejects(collect(ahCsvReader, fixture('ah-network.csv'), Infinity, { tz: 'Mars/Olympus' }), /unknown time zone 'Mars\/Olympus'/);
});

// ------------------------------------------------------------------------------------------------ JSON

test('ah-json: the MDE API result (Stats, Schema, Results)', async () => {
  for (const size of [Infinity, 4]) {
    const evs = await collect(ahJsonReader, fixture('ah-api.json'), size);
    const rows = rowsOf(evs);
    assert.deepEqual(rows.map((r) => [r.table, r.line, r.row.LocalPort]), [['DeviceNetworkEvents', 14, 3389], ['DeviceNetworkEvents', 16, 445]]);
    assert.equal(rows[0].row.Timestamp, '2020-02-05T01:10:26.2648757Z');
    assert.equal(rows[0].row.AdditionalFields, '{"a":1}');
    assert.equal(rows[1].row.AdditionalFields, null);
    assert.equal(typeof rows[0].row.ReportId, 'number');
    const rejects = rejectsOf(evs);
    assert.deepEqual(rejects.map((r) => r.line), [15]);
    assert.match(rejects[0].message, /^DeviceNetworkEvents: LocalPort \(int\): not an integer: "x"/);
    assert.match(rejects[0].raw, /"LocalPort": "x"/);
  }
});

test('ah-json: the Graph flavour (lower-case schema/results, @odata.context first)', async () => {
  const rows = rowsOf(await collect(ahJsonReader, fixture('ah-graph.json'), 7));
  assert.deepEqual(rows.map((r) => [r.table, r.row.ProcessCommandLine, r.row.Timestamp]), [
    ['DeviceProcessEvents', 'cmd /c whoami', '2024-03-26T09:39:50.7688641Z'],
    ['DeviceProcessEvents', 'cmd /c hostname', '2024-03-26T09:39:49.4353788Z'],
  ]);
  const forced = rowsOf(await collect(createAhJsonReader({ table: 'DeviceEvents' }), fixture('ah-graph.json')));
  assert.deepEqual(forced.map((r) => r.table), ['DeviceEvents', 'DeviceEvents']);
});

const JSON_LAYOUTS: { name: string; text: string; rows: number; rejects: RegExp[] }[] = [
  {
    name: 'Results before Schema: the first row names the columns',
    text: '{"Results":[{"Timestamp":"2024-01-01T00:00:00Z","DeviceId":"d","LocalIPType":"Public"}],"Schema":[{"Name":"Timestamp","Type":"DateTime"}]}',
    rows: 1, rejects: [],
  },
  {
    name: 'schema of a projection no table has',
    text: '{"Schema":[{"Name":"RemoteIP","Type":"String"},{"Name":"Connections","Type":"Int64"}],"Results":[{"RemoteIP":"1.2.3.4","Connections":3}]}',
    rows: 0, rejects: [/^schema: columns that no Defender table has: Connections/, /^no table for this file/],
  },
  { name: 'a JSON array is not a result', text: '[{"a":1}]', rows: 0, rejects: [/not an advanced-hunting result/] },
  { name: 'an empty result', text: '{"Schema":[{"Name":"CveId","Type":"String"},{"Name":"CvssScore","Type":"String"}],"Results":[]}', rows: 0, rejects: [] },
  { name: 'no Schema and no Results', text: '{"Stats":{}}', rows: 0, rejects: [/no Schema and no Results/] },
  {
    name: 'truncated result keeps the rows before the cut',
    text: '{"Schema":[{"Name":"CveId","Type":"String"},{"Name":"CvssScore","Type":"String"}],"Results":[{"CveId":"CVE-1","CvssScore":"9.8"},{"CveId":"CV',
    rows: 1, rejects: [/truncated/],
  },
  { name: 'a row that is not an object', text: '{"Schema":[{"Name":"CveId","Type":"String"},{"Name":"CvssScore","Type":"String"}],"Results":[3,{"CveId":"CVE-2"}]}', rows: 1, rejects: [/not a JSON object/] },
];

for (const l of JSON_LAYOUTS) {
  test(`ah-json layout: ${l.name}`, async () => {
    for (const size of [Infinity, 3]) {
      const evs = await collect(ahJsonReader, Buffer.from(l.text), size);
      assert.equal(rowsOf(evs).length, l.rows);
      const rejects = rejectsOf(evs);
      assert.equal(rejects.length, l.rejects.length, JSON.stringify(rejects));
      l.rejects.forEach((re, i) => assert.match(rejects[i].message, re));
    }
  });
}
