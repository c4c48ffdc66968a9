import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mdeStreamReader } from '../../src/sources/mde-stream.js';
import { JsonScanner, textLines, type ScanEvent } from '../../src/sources/json-lines.js';
import { detectReader, readerByName } from '../../src/sources/registry.js';
import type { FormatReader, ReaderEvent, ReaderOptions, RowEvent, RejectEvent } from '../../src/sources/reader.js';
import { getTable } from '../../src/telemetry/mde-schema.js';
import { tableFromRecords } from '../../src/kql/data/from-rows.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mde/${name}`, import.meta.url));

/** The input as an async iterable of chunks of `size` bytes (Infinity: one chunk). */
async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  if (!Number.isFinite(size)) {
    yield buf;
    return;
  }
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(reader: FormatReader, buf: Buffer, size = Infinity, options: ReaderOptions = { source: 'test' }): Promise<ReaderEvent[]> {
  const out: ReaderEvent[] = [];
  for await (const ev of reader.read(chunks(buf, size), options)) out.push(ev);
  return out;
}

const rowsOf = (evs: ReaderEvent[]) => evs.filter((e): e is RowEvent => e.kind === 'row');
const rejectsOf = (evs: ReaderEvent[]) => evs.filter((e): e is RejectEvent => e.kind === 'reject');

// ------------------------------------------------------------------------------------------------ fixtures

interface FixtureCase {
  file: string;
  /** Row count per table. */
  tables: Record<string, number>;
  /** [line, message pattern] per reject, in order. */
  rejects: [number, RegExp][];
}

const CASES: FixtureCase[] = [
  {
    file: 'eventhub-messages.jsonl',
    tables: { DeviceNetworkEvents: 3, DeviceInfo: 1 },
    rejects: [
      [3, /^not JSON/],
      [4, /unknown table DeviceFoo/],
      [4, /DeviceInfo record has no properties/],
      [6, /Timestamp: not a datetime/],
    ],
  },
  {
    file: 'storage-blob.jsonl',
    tables: { DeviceNetworkInfo: 1, CloudAppEvents: 1 },
    rejects: [
      [4, /RemotePort \(int\): not an integer/],
      [5, /category "DeviceNetworkEvents" is not AdvancedHunting-<Table>/],
    ],
  },
  {
    file: 'eventhub-pretty.json',
    tables: { DeviceNetworkEvents: 2 },
    rejects: [[22, /has no properties/]],
  },
  { file: 'eventhub-array.json', tables: { DeviceNetworkEvents: 3 }, rejects: [] },
  { file: 'mscs-wrapper.jsonl', tables: { DeviceNetworkEvents: 2 }, rejects: [] },
];

for (const c of CASES) {
  for (const size of [Infinity, 7, 1]) {
    test(`mde-stream ${c.file} in ${Number.isFinite(size) ? `${size}-byte chunks` : 'one chunk'}`, async () => {
      const evs = await collect(mdeStreamReader, fixture(c.file), size);
      const counts: Record<string, number> = {};
      for (const r of rowsOf(evs)) counts[r.table] = (counts[r.table] ?? 0) + 1;
      assert.deepEqual(counts, c.tables);
      const rejects = rejectsOf(evs);
      assert.equal(rejects.length, c.rejects.length, rejects.map((r) => `${r.line}: ${r.message}`).join('\n'));
      c.rejects.forEach(([line, re], i) => {
        assert.equal(rejects[i].line, line, rejects[i].message);
        assert.match(rejects[i].message, re);
        assert.ok(rejects[i].raw.length > 0, 'the raw record is kept for the quarantine');
      });
    });
  }
}

test('mde-stream: every fixture gives the same events whatever the chunking', async () => {
  for (const c of CASES) {
    const whole = await collect(mdeStreamReader, fixture(c.file));
    assert.deepEqual(await collect(mdeStreamReader, fixture(c.file), 3), whole, c.file);
  }
});

// ------------------------------------------------------------------------------------------------ values

test('mde-stream: values of the Event Hub fixture', async () => {
  const rows = rowsOf(await collect(mdeStreamReader, fixture('eventhub-messages.jsonl')));
  const [a, b, c, info] = rows;
  // 7-digit fractions are passed through as written.
  assert.equal(a.row.Timestamp, '2024-05-01T10:11:12.1234567Z');
  assert.equal(a.row.InitiatingProcessCreationTime, '2024-04-30T08:00:00.0000001Z');
  assert.equal(b.row.Timestamp, '2024-05-01T10:11:13.9999999Z');
  // Sentinel's TimeGenerated carries the same value.
  assert.equal(a.row.TimeGenerated, a.row.Timestamp);
  // AdditionalFields, a string column: null stays null, JSON text stays the same text, an object becomes text.
  assert.equal(a.row.AdditionalFields, null);
  assert.equal(b.row.AdditionalFields, '{"direction":"In","Tcp Flags":2,"Packet Size":60}');
  assert.equal(c.row.AdditionalFields, '{"direction":"In","Source Mac":"00:1d:d8:b7:1c:6c","Tcp Flags":2}');
  assert.deepEqual(JSON.parse(c.row.AdditionalFields as string), { direction: 'In', 'Source Mac': '00:1d:d8:b7:1c:6c', 'Tcp Flags': 2 });
  // Types as in the JSON; unknown record keys and columns the table lacks (MachineGroup) are not carried.
  assert.equal(a.row.LocalPort, 443);
  assert.equal(a.row.ReportId, 7251);
  assert.equal(a.row.DeviceId, '58faa2ef39046f86543ec7fb8849dfd54dd014fa');
  assert.ok(!('MachineGroup' in a.row));
  assert.ok(!('time' in a.row) && !('operationName' in a.row) && !('_TimeReceivedBySvc' in a.row));
  assert.equal(a.line, 1);
  assert.equal(c.line, 2);
  assert.equal(info.table, 'DeviceInfo');
  assert.equal(info.row.IsInternetFacing, true);
  assert.equal(info.row.AdditionalFields, '{"InternetFacingReason":"ExternalNetworkConnection","InternetFacingLocalPort":443}');
});

test('mde-stream: dynamic columns get values, string columns get JSON text', async () => {
  const rows = rowsOf(await collect(mdeStreamReader, fixture('storage-blob.jsonl')));
  const nic = rows.find((r) => r.table === 'DeviceNetworkInfo')!;
  assert.equal(nic.row.IPAddresses, '[{"IPAddress":"192.0.2.10","SubnetPrefix":24,"AddressType":"Public"}]');
  assert.equal(nic.row.Timestamp, '2024-05-02T00:00:00.1234567Z');
  assert.equal(nic.line, 1);
  const cloud = rows.find((r) => r.table === 'CloudAppEvents')!;
  // CloudAppEvents.AdditionalFields is dynamic: the JSON text becomes the value.
  assert.deepEqual(cloud.row.AdditionalFields, { IsSevere: false });
  assert.deepEqual(cloud.row.RawEventData, { Operation: 'FileDownloaded' });
  assert.equal(cloud.row.ReportId, 'r-1');
  assert.equal(cloud.line, 3);
});

test('mde-stream: a pretty-printed message keeps strings with brackets intact and reports element lines', async () => {
  const rows = rowsOf(await collect(mdeStreamReader, fixture('eventhub-pretty.json'), 5));
  assert.equal(rows[0].line, 3);
  assert.equal(rows[0].row.AdditionalFields, '{"note":"brace } and bracket ] inside a \\"string\\""}');
  assert.equal(rows[0].row.Timestamp, '2024-05-03T07:59:59.9999999Z');
  assert.equal(rows[1].line, 27);
  assert.equal(rows[1].row.LocalPort, 81);
});

test('mde-stream: rows convert exactly through tableFromRecords (7-digit ticks kept)', async () => {
  const rows = rowsOf(await collect(mdeStreamReader, fixture('eventhub-messages.jsonl'))).filter((r) => r.table === 'DeviceNetworkEvents');
  const schema = getTable('DeviceNetworkEvents')!.columns.map((c) => ({ name: c.name, type: c.type }));
  const { table, errors } = tableFromRecords(rows.map((r) => r.row), schema);
  assert.deepEqual(errors, []);
  const ts = schema.findIndex((f) => f.name === 'Timestamp');
  assert.equal(table.columns[ts].get(0), parseDatetime('2024-05-01T10:11:12.1234567Z'));
  assert.equal(table.columns[ts].get(0), 17145582721234567n);
  const af = schema.findIndex((f) => f.name === 'AdditionalFields');
  assert.equal(table.columns[af].get(0), '');
  assert.equal(table.columns[af].get(1), '{"direction":"In","Tcp Flags":2,"Packet Size":60}');
});

// ------------------------------------------------------------------------------------------------ layouts

const REC = (port: number, extra = '') =>
  `{"time":"2024-05-05T00:00:00.0000000Z","category":"AdvancedHunting-DeviceNetworkEvents","properties":{"Timestamp":"2024-05-05T00:00:${String(port % 60).padStart(2, '0')}.1234567Z","DeviceId":"d","DeviceName":"n","ActionType":"ConnectionAttempt","LocalPort":${port},"ReportId":${port}${extra}}}`;

const LAYOUTS: { name: string; text: string; rows: number; rejects: number }[] = [
  { name: 'single record, no newline at end', text: REC(1), rows: 1, rejects: 0 },
  { name: 'message on one line', text: `{"records":[${REC(1)},${REC(2)}]}\n`, rows: 2, rejects: 0 },
  { name: 'array of messages on one line', text: `[{"records":[${REC(1)}]},{"records":[${REC(2)},${REC(3)}]}]`, rows: 3, rejects: 0 },
  { name: 'array of records on one line', text: `[${REC(1)},${REC(2)}]\n`, rows: 2, rejects: 0 },
  { name: 'BOM and CRLF', text: `\uFEFF${REC(1)}\r\n${REC(2)}\r\n`, rows: 2, rejects: 0 },
  { name: 'pretty message then pretty message', text: `{\n"records": [\n${REC(1)}\n]\n}\n{\n"records": [${REC(2)}]}\n`, rows: 2, rejects: 0 },
  { name: 'pretty single record', text: `{\n  "category": "AdvancedHunting-DeviceNetworkEvents",\n  "Tenant": "DefaultTenant",\n  "properties": {"Timestamp": "2024-05-05T00:00:00Z", "DeviceId": "d", "ReportId": 9}\n}\n`, rows: 1, rejects: 0 },
  { name: 'empty input', text: '', rows: 0, rejects: 0 },
  { name: 'blank lines only', text: '\n\n  \n', rows: 0, rejects: 0 },
  { name: 'truncated pretty document keeps the records before the cut', text: `{\n"records": [\n${REC(1)},\n${REC(2)},\n{"time": "2024`, rows: 2, rejects: 1 },
  { name: 'structural error in a pretty document', text: `[\n${REC(1)},\n}\n${REC(2)}\n`, rows: 1, rejects: 1 },
  { name: 'a JSON line that is not a record', text: `${REC(1)}\n{"hello":1}\n42\n${REC(2)}\n`, rows: 2, rejects: 2 },
  { name: 'body as JSON text that is not JSON', text: `{"body":"{nope"}\n${REC(3)}\n`, rows: 1, rejects: 1 },
  { name: 'record that is not an object inside records', text: `{"records":[1,${REC(2)}]}\n`, rows: 1, rejects: 1 },
  { name: 'missing Timestamp', text: '{"category":"AdvancedHunting-DeviceNetworkEvents","properties":{"DeviceId":"d"}}\n', rows: 0, rejects: 1 },
];

for (const l of LAYOUTS) {
  test(`mde-stream layout: ${l.name}`, async () => {
    for (const size of [Infinity, 2]) {
      const evs = await collect(mdeStreamReader, Buffer.from(l.text), size);
      assert.equal(rowsOf(evs).length, l.rows, `rows, chunk ${size}: ${JSON.stringify(rejectsOf(evs))}`);
      assert.equal(rejectsOf(evs).length, l.rejects, `rejects, chunk ${size}`);
    }
  });
}

test('mde-stream: the truncated document says where and keeps the partial record', async () => {
  const text = `{\n"records": [\n${REC(1)},\n{"time": "2024`;
  const [rej] = rejectsOf(await collect(mdeStreamReader, Buffer.from(text)));
  assert.equal(rej.line, 4);
  assert.match(rej.message, /truncated/);
  assert.equal(rej.raw, '{"time": "2024');
});

test('mde-stream: a large file is streamed in both layouts', async () => {
  const n = 20_000;
  const recs = Array.from({ length: n }, (_, i) => REC(i));
  const lines = Buffer.from(recs.join('\n'));
  let count = 0;
  for await (const ev of mdeStreamReader.read(chunks(lines, 65_536), { source: 'big' })) if (ev.kind === 'row') count++;
  assert.equal(count, n);
  // The same records as one pretty-printed message: cut out one by one.
  const doc = Buffer.from(`{\n  "records": [\n${recs.join(',\n')}\n  ]\n}\n`);
  count = 0;
  let last: RowEvent | undefined;
  for await (const ev of mdeStreamReader.read(chunks(doc, 65_536), { source: 'big' })) {
    if (ev.kind === 'row') {
      count++;
      last = ev;
    }
  }
  assert.equal(count, n);
  assert.equal(last!.line, n + 2);
  assert.equal(last!.row.LocalPort, n - 1);
});

// ------------------------------------------------------------------------------------------------ detection

const DETECT: [string, string | undefined][] = [
  [REC(1), 'mde-stream'],
  [`{"records":[${REC(1)}]}`, 'mde-stream'],
  ['{\n  "records": [\n    {\n      "time": "2024', 'mde-stream'],
  ['[{"records":[{"category":"AdvancedHunting-DeviceInfo"', 'mde-stream'],
  ['\uFEFF{"category": "AdvancedHunting-DeviceInfo", "properties": {', 'mde-stream'],
  ['{"body":{"records":[', 'mde-stream'],
  ['{"Schema":[{"Name":"Timestamp","Type":"DateTime"}],"Results":[]}', 'ah-json'],
  ['{\n  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",\n  "schema": [', 'ah-json'],
  ['{"Stats":{},"Schema":[{"Name":"category","Type":"String"}],"Results":[{"category":"AdvancedHunting-X"}]}', 'ah-json'],
  ['Timestamp,DeviceId,DeviceName,ActionType\r\n2024-05-01T00:00:00Z,d,n,a\r\n', 'ah-csv'],
  ['"Timestamp [UTC]",DeviceId,LocalPort\n', 'ah-csv'],
  ['{"hello": "world"}', undefined],
  ['time,category\n', undefined],
  ['Timestamp\n', undefined],
];

test('detection picks the right reader from the first bytes', () => {
  for (const [head, name] of DETECT) {
    assert.equal(detectReader(Buffer.from(head))?.name, name, head);
  }
  assert.equal(readerByName('mde-stream'), mdeStreamReader);
});

// ------------------------------------------------------------------------------------------------ helpers

test('textLines: LF, CRLF, BOM, UTF-8 cut across chunks, last line without newline', async () => {
  const text = '\uFEFFé1\r\n\nü€2\nlast';
  const buf = Buffer.from(text);
  for (const size of [Infinity, 1, 2, 3]) {
    const lines: string[] = [];
    const nums: number[] = [];
    for await (const l of textLines(chunks(buf, size))) {
      lines.push(l.text);
      nums.push(l.line);
    }
    assert.deepEqual(lines, ['é1', '', 'ü€2', 'last'], `chunk ${size}`);
    assert.deepEqual(nums, [1, 2, 3, 4]);
  }
});

const SCAN: { name: string; text: string; keys: string[]; expect: string[] }[] = [
  { name: 'root array', text: '[1, "a]", {"b":[2]}, null]', keys: [], expect: ['element:1', 'element:"a]"', 'element:{"b":[2]}', 'element:null', 'end'] },
  { name: 'streamed member and whole members', text: '{"x": {"y": "}"}, "records": [ {"a":1} , [2] ], "z": -1.5e3}', keys: ['records'], expect: ['member x:{"y": "}"}', 'element records:{"a":1}', 'element records:[2]', 'member z:-1.5e3', 'end'] },
  { name: 'escaped quotes and backslashes', text: '{"records":["a\\\\", "b\\"]"]}', keys: ['records'], expect: ['element records:"a\\\\"', 'element records:"b\\"]"', 'end'] },
  { name: 'a member named like a streamed key below the root is not streamed', text: '{"x":{"records":[1,2]}}', keys: ['records'], expect: ['member x:{"records":[1,2]}', 'end'] },
  { name: 'sequence of roots', text: '{"a":1}\n[2]\ntrue', keys: [], expect: ['member a:1', 'end', 'element:2', 'end', 'root:true'] },
  { name: 'empty containers', text: '{} [] {"records": []}', keys: ['records'], expect: ['end', 'end', 'end'] },
  { name: 'trailing comma is an error', text: '[1,]', keys: [], expect: ['element:1', 'error'] },
  { name: 'missing colon is an error', text: '{"a" 1}', keys: [], expect: ['error'] },
  { name: 'unterminated', text: '{"records":[{"a":', keys: ['records'], expect: ['error'] },
];

function scanAll(text: string, keys: string[], size: number): string[] {
  const s = new JsonScanner(new Set(keys));
  const evs: ScanEvent[] = [];
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) evs.push(...s.pushBytes(buf.subarray(i, i + size)));
  evs.push(...s.end());
  return evs.map((e) =>
    e.kind === 'element' ? `element${e.key ? ` ${e.key}` : ''}:${e.text}`
      : e.kind === 'member' ? `member ${e.key}:${e.text}`
        : e.kind === 'root' ? `root:${e.text}`
          : e.kind === 'end-document' ? 'end' : 'error');
}

for (const c of SCAN) {
  test(`JsonScanner: ${c.name}`, () => {
    for (const size of [1_000_000, 1, 3]) assert.deepEqual(scanAll(c.text, c.keys, size), c.expect, `chunk ${size}`);
  });
}
