// The columnar path of the streaming-API reader (readBatches, used by `edgewatch ingest`) against its row path
// (read + tableFromRecords): the same rows with the same values, the same rejects at the same lines, whether the
// lines are parsed in this thread or in worker threads, and whatever the chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mdeStreamReader, batchTuning, type BatchEvent } from '../../src/sources/mde-stream.js';
import type { ReaderEvent, RejectEvent } from '../../src/sources/reader.js';
import { getTable } from '../../src/telemetry/mde-schema.js';
import { tableFromRecords } from '../../src/kql/data/from-rows.js';
import { concatTables } from '../../src/store/concat.js';
import type { Table } from '../../src/kql/data/batch.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mde/${name}`, import.meta.url));

async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  if (buf.length === 0) return;
}

interface Outcome {
  tables: Record<string, { values: unknown[][]; lines: number[] }>;
  rejects: { line?: number; message: string; raw: string }[];
  records: number;
}

function valuesOf(t: Table): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < t.length; i++) out.push(t.columns.map((c) => c.get(i)));
  return out;
}

const schemaOf = (name: string) => getTable(name)!.columns.map((c) => ({ name: c.name, type: c.type }));

/** The row path: read, then tableFromRecords per table (what the store did with rows). */
async function viaRows(buf: Buffer): Promise<Outcome> {
  const rows: Record<string, { rows: Record<string, unknown>[]; lines: number[] }> = {};
  const rejects: Outcome['rejects'] = [];
  let records = 0;
  for await (const ev of mdeStreamReader.read(chunks(buf, 4096), { source: 't' })) {
    records++;
    if (ev.kind === 'row') {
      (rows[ev.table] ??= { rows: [], lines: [] }).rows.push(ev.row);
      rows[ev.table].lines.push(ev.line!);
    } else if (ev.kind === 'reject') rejects.push({ line: ev.line, message: ev.message, raw: ev.raw });
  }
  const tables: Outcome['tables'] = {};
  for (const [name, r] of Object.entries(rows)) {
    const { table, errors } = tableFromRecords(r.rows, schemaOf(name));
    assert.deepEqual(errors, [], 'the reader checked every value');
    tables[name] = { values: valuesOf(table), lines: r.lines };
  }
  return { tables, rejects, records };
}

/** The columnar path. */
async function viaBatches(buf: Buffer, readChunk: number, file?: string): Promise<Outcome & { batches: number; bytes: number }> {
  // Bytes taken from the input plus those the reader says it read from the file itself.
  let bytes = 0;
  const counted = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of src) {
      bytes += c.length;
      yield c;
    }
  };
  const parts: Record<string, { tables: Table[]; lines: number[] }> = {};
  const rejects: Outcome['rejects'] = [];
  let records = 0;
  let batches = 0;
  for await (const ev of mdeStreamReader.readBatches(counted(chunks(buf, readChunk)), { source: 't' }, file) as AsyncIterable<ReaderEvent | BatchEvent>) {
    if (ev.kind === 'batch') {
      batches++;
      records += ev.records;
      bytes += ev.fileBytes ?? 0;
      for (const t of ev.tables) {
        assert.deepEqual(t.data.schema, schemaOf(t.table));
        assert.equal(t.lines.length, t.data.length);
        (parts[t.table] ??= { tables: [], lines: [] }).tables.push(t.data);
        parts[t.table].lines.push(...t.lines);
      }
      for (const r of ev.rejects as RejectEvent[]) rejects.push({ line: r.line, message: r.message, raw: r.raw });
    } else {
      records++;
      if (ev.kind === 'row') {
        const { table } = tableFromRecords([ev.row], schemaOf(ev.table));
        (parts[ev.table] ??= { tables: [], lines: [] }).tables.push(table);
        parts[ev.table].lines.push(ev.line!);
      } else if (ev.kind === 'reject') rejects.push({ line: ev.line, message: ev.message, raw: ev.raw });
    }
  }
  const tables: Outcome['tables'] = {};
  for (const [name, p] of Object.entries(parts)) tables[name] = { values: valuesOf(concatTables(schemaOf(name), p.tables)), lines: p.lines };
  return { tables, rejects, records, batches, bytes };
}

const base = {
  Timestamp: '2024-05-05T00:00:01.1234567Z',
  DeviceId: 'd1',
  DeviceName: 'host-1',
  ActionType: 'InboundConnectionAttempt',
  RemoteIP: '203.0.113.5',
  RemotePort: 51515,
  LocalPort: 22,
  ReportId: 1,
};
const rec = (props: unknown, extra = '') =>
  `{"time":"2024-05-05T00:00:00Z","tenantId":"t",${extra}"category":"AdvancedHunting-DeviceNetworkEvents","properties":${typeof props === 'string' ? props : JSON.stringify(props)}}`;
const p = (over: Record<string, unknown>) => ({ ...base, ...over });

/** Lines that exercise every conversion and every reason to reject a record. */
const LINES: string[] = [
  rec(base),
  rec(p({ ReportId: 2, DeviceName: 'höst-ü', RemoteUrl: 'ünïcode ✓ 😀' })),
  rec(p({ ReportId: 3, RemoteUrl: 'quote " backslash \\ tab \t newline \n' })),
  rec('{"Timestamp":"2024-05-05T00:00:02Z","DeviceId":"d\\u0031","ReportId":4,"RemoteUrl":"\\ud83d\\ude00 \\/ \\b\\f\\r"}'),
  rec(p({ ReportId: 5, AdditionalFields: { direction: 'In', 'Tcp Flags': 2, nested: [1, { a: null }] } })),
  rec(p({ ReportId: 6, AdditionalFields: '{"a": 1}', InitiatingProcessFileSize: 123456789012345 })),
  rec(p({ ReportId: 7, InitiatingProcessFileSize: 9007199254740993, InitiatingProcessId: -0 })),
  rec('{"Timestamp":"2024-05-05T00:00:03.5Z","DeviceId":"d2","ReportId":8.0,"LocalPort":1e2,"RemotePort":-0,"InitiatingProcessFileSize":1.5e3}'),
  rec(p({ ReportId: 9, LocalPort: 2.5 })), // int column: not an integer
  rec(p({ ReportId: 10, LocalPort: '443' })), // int from text
  rec(p({ ReportId: 11, LocalPort: ' 80 ', RemotePort: '' })),
  rec(p({ ReportId: 12, IsInitiatingProcessRemoteSession: true, RemoteUrl: true, DeviceName: 42, Protocol: 1.5 })),
  rec(p({ ReportId: 13, IsInitiatingProcessRemoteSession: 'false' })),
  rec(p({ ReportId: 14, IsInitiatingProcessRemoteSession: 'maybe' })), // not a bool
  rec(p({ ReportId: 15, Timestamp: '2024-02-30T00:00:00Z' })), // not a date
  rec(p({ ReportId: 16, Timestamp: '2024-05-05 10:11:12' })), // parseDatetime, not the fast form
  rec(p({ ReportId: 17, Timestamp: '2024-05-05T10:11:12+02:00' })),
  rec(p({ ReportId: 18, Timestamp: ' 2024-05-05T10:11:12Z ' })),
  rec(p({ ReportId: 19, Timestamp: '2024-05-05T10:11:12.12345678Z' })), // 8 digits
  rec(p({ ReportId: 20, Timestamp: null, TimeGenerated: '2024-05-06T00:00:00.0000001Z' })),
  rec(p({ ReportId: 21, Timestamp: '' })), // no Timestamp
  rec(p({ ReportId: 22, Timestamp: 20240505 })), // not a datetime
  rec(p({ ReportId: 23, InitiatingProcessCreationTime: '', InitiatingProcessParentCreationTime: null })),
  rec(p({ ReportId: null })), // ReportId derived
  rec(p({ ReportId: null })), // the same record again: a second ordinal
  rec(p({ ReportId: '' })),
  rec(p({ ReportId: '77' })),
  rec(p({ ReportId: 'abc' })), // not an integer
  rec(p({ ReportId: 24, Unknown: { deep: [[[{ x: '\u0001' }]]] }, MachineGroup: 'g' })),
  rec('{"ReportId":25,"Timestamp":"2024-05-05T00:00:04Z","ReportId":26,"DeviceId":"dup"}'), // key twice: last wins
  `{"category":"AdvancedHunting-DeviceNetworkEvents","properties":${JSON.stringify(p({ ReportId: 27 }))},"Tenant":"x","_TimeReceivedBySvc":"2024"}`,
  `{"properties":${JSON.stringify(p({ ReportId: 28 }))},"category":"AdvancedHunting-DeviceNetworkEvents"}`, // properties first
  `{"records":[${rec(p({ ReportId: 29 }))},${rec(p({ ReportId: 30 }))}]}`,
  `{"records":[${rec(p({ ReportId: 31 }))}]}`,
  `[${rec(p({ ReportId: 32 }))},${rec(p({ ReportId: 33 }))}]`,
  `{"body":${JSON.stringify(`{"records":[${rec(p({ ReportId: 34 }))}]}`)}}`,
  `  ${rec(p({ ReportId: 35 }))}  `,
  `{ "category" : "AdvancedHunting-DeviceNetworkEvents" , "properties" : { "Timestamp" : "2024-05-05T00:00:05Z" , "ReportId" : 36 , "DeviceId" : "sp" } }`,
  '',
  '   ',
  rec(p({ ReportId: 37 })).replace('"LocalPort":22', '"LocalPort":022'), // leading zero: not JSON
  rec(p({ ReportId: 38 })).replace('"ReportId":38}', '"ReportId":38,}'), // trailing comma
  rec(p({ ReportId: 39, RemoteUrl: 'x' })).replace('"x"', '"\\x"'), // bad escape
  rec(p({ ReportId: 40 })) + ' x', // trailing garbage
  rec(p({ ReportId: 41 })).slice(0, -1), // cut short
  rec('{"Timestamp":"2024-05-05T00:00:06Z","ReportId":42,"RemoteUrl":"ctl\u0001char"}'), // raw control char: not JSON
  rec(p({ ReportId: 43 }), '"category":"AdvancedHunting-DeviceInfo",'), // category twice
  '{"category":"AdvancedHunting-DeviceFoo","properties":{"Timestamp":"2024-05-05T00:00:00Z"}}',
  '{"category":"AdvancedHunting-","properties":{}}',
  '{"category":"DeviceNetworkEvents","properties":{}}',
  '{"category":"AdvancedHunting-DeviceNetworkEvents","properties":[1]}',
  '{"category":"AdvancedHunting-DeviceNetworkEvents","properties":null}',
  '{"category":"AdvancedHunting-DeviceNetworkEvents"}',
  '{"category":"AdvancedHunting-DeviceInfo","properties":{"Timestamp":"2024-05-05T00:00:00Z","DeviceId":"d1","IsInternetFacing":true,"AdditionalFields":{"InternetFacingReason":"ExternalNetworkConnection"}}}',
  '{"category":"AdvancedHunting-CloudAppEvents","properties":{"Timestamp":"2024-05-05T00:00:00Z","ReportId":"r-1","AdditionalFields":"{\\"IsSevere\\":false}","RawEventData":{"Operation":"FileDownloaded"}}}',
  '{"category":"AdvancedHunting-CloudAppEvents","properties":{"Timestamp":"2024-05-05T00:00:00Z","ReportId":"","RawEventData":" [1, 2] "}}',
  '42',
  '{"hello":1}',
  'not json at all',
  rec(p({ ReportId: 44, DeviceId: 'd1' })),
  rec(p({ ReportId: 45, DeviceId: 'd1', RemoteIP: '203.0.113.5' })),
];

function check(a: Outcome, b: Outcome, why: string): void {
  assert.deepEqual(Object.keys(b.tables).sort(), Object.keys(a.tables).sort(), why);
  for (const name of Object.keys(a.tables)) {
    assert.deepEqual(b.tables[name].lines, a.tables[name].lines, `${why}: ${name} lines`);
    assert.deepEqual(b.tables[name].values, a.tables[name].values, `${why}: ${name} values`);
  }
  assert.deepEqual(b.rejects, a.rejects, `${why}: rejects`);
  assert.equal(b.records, a.records, `${why}: records`);
}

const input = (lines: string[], eol = '\n') => Buffer.from(lines.join(eol) + eol);

test('readBatches: the same rows and rejects as read + tableFromRecords, line by line', async () => {
  const buf = input(LINES);
  const rows = await viaRows(buf);
  assert.ok(rows.tables.DeviceNetworkEvents.values.length >= 30, 'most lines are rows');
  assert.ok(rows.rejects.length >= 15, 'and many are rejects');
  for (const readChunk of [1 << 20, 97, 1]) check(rows, await viaBatches(buf, readChunk), `read in ${readChunk}-byte pieces`);
});

test('readBatches: CRLF, a BOM, no newline at the end', async () => {
  const lines = [`\uFEFF${LINES[0]}`, ...LINES.slice(1, 12)];
  for (const buf of [input(lines, '\r\n'), Buffer.from(lines.join('\n'))]) check(await viaRows(buf), await viaBatches(buf, 1 << 20), 'layout');
});

test('readBatches: each line alone (a rejected line adds nothing, the next line is read as usual)', async () => {
  for (const l of LINES) {
    const buf = input([l, LINES[0]]);
    check(await viaRows(buf), await viaBatches(buf, 1 << 20), l);
  }
});

test('readBatches: pretty-printed documents are read as read reads them', async () => {
  for (const f of ['eventhub-pretty.json', 'eventhub-array.json', 'eventhub-messages.jsonl', 'storage-blob.jsonl', 'mscs-wrapper.jsonl']) {
    const buf = fixture(f);
    check(await viaRows(buf), await viaBatches(buf, 5), f);
  }
});

test('readBatches: many chunks, parsed in worker threads, come back in order with ReportIds assigned in input order', async () => {
  const saved = { ...batchTuning };
  try {
    Object.assign(batchTuning, { chunkBytes: 2048, workers: 2, queuePerWorker: 2, workersFrom: 2, waitForWorkers: true });
    // Repeats of the whole set: identical records without ReportId in different chunks must get distinct ordinals.
    const lines: string[] = [];
    for (let k = 0; k < 12; k++) lines.push(...LINES, rec(p({ ReportId: null, LocalPort: k % 3 })));
    const buf = input(lines);
    const rows = await viaRows(buf);
    const got = await viaBatches(buf, 1000);
    assert.ok(got.batches > 20, `${got.batches} batches`);
    check(rows, got, 'workers');
    const rid = schemaOf('DeviceNetworkEvents').findIndex((f) => f.name === 'ReportId');
    const ids = got.tables.DeviceNetworkEvents.values.map((v) => v[rid]);
    assert.ok(ids.every((x) => typeof x === 'bigint'), 'every row has a ReportId');
  } finally {
    Object.assign(batchTuning, saved);
  }
});

test('readBatches: a large input without workers and with them gives the same tables', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    lines.push(rec(p({ ReportId: i, DeviceId: `d${i % 17}`, LocalPort: i % 1000, Timestamp: `2024-05-0${1 + (i % 3)}T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(7, '0')}Z`, AdditionalFields: i % 5 ? null : { i } })));
  }
  const buf = input(lines);
  const saved = { ...batchTuning };
  try {
    Object.assign(batchTuning, { chunkBytes: 64 * 1024, workers: 0 });
    const local = await viaBatches(buf, 65536);
    Object.assign(batchTuning, { workers: 2, waitForWorkers: true });
    const pooled = await viaBatches(buf, 65536);
    check(local, pooled, 'workers vs none');
    assert.equal(local.tables.DeviceNetworkEvents.values.length, 5000);
  } finally {
    Object.assign(batchTuning, saved);
  }
});

test('readBatches: a plain file read by byte ranges (in this thread and in workers) gives what its bytes give', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mde-ranges-'));
  const saved = { ...batchTuning };
  try {
    const long = rec(p({ ReportId: 77, AdditionalFields: { pad: 'x'.repeat(5000) } }));
    const layouts: [string, Buffer][] = [
      ['lines', input(LINES)],
      ['CRLF and a BOM', input([`\uFEFF${LINES[0]}`, ...LINES.slice(1, 12)], '\r\n')],
      ['no newline at the end', Buffer.from(LINES.slice(0, 9).join('\n'))],
      ['a line longer than several ranges, blank lines', input([LINES[0], long, '', long, '   ', ...LINES.slice(1, 6), long])],
      ['non-ASCII', input([LINES[0], rec(p({ ReportId: 5, DeviceName: 'pc-\u00e9t\u00e9-\u2603' })), ...LINES.slice(1, 4)])],
    ];
    let k = 0;
    for (const [what, buf] of layouts) {
      const file = join(dir, `in-${k++}.jsonl`);
      writeFileSync(file, buf);
      const rows = await viaRows(buf);
      // asciiPiece: ASCII chunks are decoded in pieces of whole lines (workers keep their own setting).
      for (const [chunkBytes, workers, asciiPiece] of [[97, 0, 1], [1000, 0, 300], [2048, 2, 1], [1 << 20, 0, 64 << 10], [1 << 20, 0, 3000]] as const) {
        Object.assign(batchTuning, { chunkBytes, workers, asciiPiece, queuePerWorker: 2, workersFrom: 2, waitForWorkers: workers > 0 });
        const got = await viaBatches(buf, 100, file);
        assert.equal(got.bytes, buf.length, `${what}: bytes read, counted once`);
        if (chunkBytes === 97) assert.ok(got.batches > 3, `${what}: ${got.batches} batches`);
        check(rows, got, `${what}, ${chunkBytes}-byte ranges, ${workers} workers`);
      }
    }
    // A file whose bytes are not the input's (gunzipped on the way, say) is read from the input.
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, input(LINES.slice(0, 3)));
    Object.assign(batchTuning, { chunkBytes: 97, workers: 0 });
    check(await viaRows(input(LINES)), await viaBatches(input(LINES), 1 << 20, other), 'other file');
  } finally {
    Object.assign(batchTuning, saved);
    rmSync(dir, { recursive: true, force: true });
  }
});
