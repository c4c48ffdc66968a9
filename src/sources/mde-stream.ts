/**
 * Reader for the Defender XDR streaming API (../shared/mde/schema.md section 7; docs/readers/mde.md):
 * Event Hub messages `{"records":[...]}` and Storage blobs (one record per line). Each record is
 * `{time, tenantId, category: "AdvancedHunting-<Table>", properties: {<row>}}`; other top-level keys
 * (`operationName`, `Tenant`, `_TimeReceivedBySvc`, ...) are ignored.
 *
 * Input layouts accepted:
 * - JSON lines: each line a message, a record, or an array of either (Event Hub consumers, Storage blobs);
 * - one JSON document, pretty-printed or not: a message, a record, or an array of messages — streamed, records
 *   are cut out one by one (a root array's elements, i.e. whole messages, are parsed one at a time);
 * - the Splunk MSCS wrapper `{"body": <message>, "x-opt-...": ...}`, body as an object or as JSON text.
 * Values keep their JSON form, except that the schema type decides what a JSON-bearing column holds: string
 * columns (AdditionalFields on Device* tables) keep JSON text, dynamic columns get the value. Datetimes are passed
 * through untouched (7 fractional digits survive), after checking that they parse.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FormatReader, ReaderEvent, ReaderOptions, RejectEvent } from './reader.js';
import { excerpt, JsonScanner, textLines } from './json-lines.js';
import { OrdinalCounter, reportIdFor } from './identity.js';
import { getTable, type ColumnType, type TableSchema } from '../telemetry/mde-schema.js';
import { parseDatetime, parseIsoUtcFast } from '../kql/data/datetime.js';
import { convertValue, ValueError } from '../kql/data/from-rows.js';
import { Table, type Field } from '../kql/data/batch.js';
import { DictVector, FlatVector, type FlatData, type Vector } from '../kql/data/vector.js';
import type { Boxed } from '../kql/data/types.js';

const CATEGORY_PREFIX = 'AdvancedHunting-';

// ------------------------------------------------------------------------------------------------ rows

/**
 * Builds Defender rows from JSON-like property bags, per a table schema. Shared by the streaming-API and
 * advanced-hunting readers so that both write the same values for the same event.
 */
interface TablePlan {
  readonly types: ReadonlyMap<string, ColumnType>;
  readonly hasTimeGenerated: boolean;
  readonly reportIdType: ColumnType | undefined;
}

const PLANS = new WeakMap<TableSchema, TablePlan>();

function planFor(schema: TableSchema): TablePlan {
  let p = PLANS.get(schema);
  if (!p) {
    const types = new Map(schema.columns.map((c) => [c.name, c.type] as const));
    p = { types, hasTimeGenerated: types.has('TimeGenerated'), reportIdType: types.get('ReportId') };
    PLANS.set(schema, p);
  }
  return p;
}

export class RowBuilder {
  private readonly ordinals = new OrdinalCounter();

  /**
   * `raw` is the record's source text: used to derive a ReportId when the record has none (a projected export),
   * so that ingesting the same input twice yields the same ids. Returns the row, or why it cannot be stored.
   * Properties that are not columns of the table are left out.
   */
  build(schema: TableSchema, props: Readonly<Record<string, unknown>>, raw: string): Record<string, unknown> | string {
    const plan = planFor(schema);
    const row: Record<string, unknown> = {};
    for (const name in props) {
      const type = plan.types.get(name);
      if (type === undefined) continue;
      let v = props[name];
      if (v === undefined) continue;
      switch (type) {
        case 'string':
          // Defender types AdditionalFields & co. as string holding JSON: an object in the input becomes its text.
          if (v !== null && typeof v === 'object') v = JSON.stringify(v);
          else if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
          break;
        case 'dynamic':
          if (typeof v === 'string') {
            const s = v.trim();
            if (s.startsWith('{') || s.startsWith('[')) {
              try {
                v = JSON.parse(s);
              } catch {
                // Not JSON after all: kept as a string value.
              }
            }
          }
          break;
        case 'datetime':
          if (v === null || v === '') {
            v = null;
            break;
          }
          if (typeof v !== 'string' || (parseIsoUtcFast(v) === null && parseDatetime(v.trim()) === null)) {
            return `${name}: not a datetime: ${excerpt(JSON.stringify(v) ?? String(v), 80)}`;
          }
          break;
        case 'decimal':
          break;
        default:
          if (v === null || v === '') {
            v = null;
            break;
          }
          try {
            convertValue(v, type);
          } catch (e) {
            if (e instanceof ValueError) return `${name} (${type}): ${e.message}`;
            throw e;
          }
      }
      row[name] = v;
    }
    // Our Device* schemas carry Sentinel's TimeGenerated beside Timestamp, "same value" (mde-schema.ts).
    if (plan.hasTimeGenerated) {
      if (row.TimeGenerated == null && row.Timestamp != null) row.TimeGenerated = row.Timestamp;
      else if (row.Timestamp == null && row.TimeGenerated != null) row.Timestamp = row.TimeGenerated;
    }
    if (schema.timeColumn && row[schema.timeColumn] == null) return `no ${schema.timeColumn}`;
    if (plan.reportIdType !== undefined && (row.ReportId == null || row.ReportId === '')) {
      // The counter keys on a digest, not the record: it lives as long as the input.
      const id = reportIdFor(raw, this.ordinals.next(createHash('sha1').update(raw).digest('base64')));
      row.ReportId = plan.reportIdType === 'string' ? String(id) : id;
    }
    return row;
  }
}

// ------------------------------------------------------------------------------------------------ records

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Where the records of a parsed JSON value go: row events (`read`) or columns (`readBatches`). */
interface RecordSink {
  /** A record whose table was found, with its properties. */
  props(tableName: string, schema: TableSchema, props: Record<string, unknown>, line: number, raw: string): void;
  reject(message: string, line: number, raw: string): void;
}

/** One streaming-API record. */
function visitRecord(rec: unknown, line: number, raw: string, sink: RecordSink): void {
  if (!isObject(rec)) return sink.reject('record is not a JSON object', line, raw);
  const category = rec.category;
  if (typeof category !== 'string' || !category.startsWith(CATEGORY_PREFIX)) {
    return sink.reject(category === undefined ? 'record has no category' : `category ${JSON.stringify(category)} is not AdvancedHunting-<Table>`, line, raw);
  }
  const tableName = category.slice(CATEGORY_PREFIX.length);
  const schema = getTable(tableName);
  if (!schema) return sink.reject(`unknown table ${tableName} (category ${category})`, line, raw);
  const props = rec.properties;
  if (!isObject(props)) return sink.reject(`${tableName} record has no properties object`, line, raw);
  sink.props(tableName, schema, props, line, raw);
}

/** A parsed JSON value: a message, a record, an MSCS wrapper, or an array of those. */
function visitValue(v: unknown, line: number, raw: string, sink: RecordSink): void {
  if (Array.isArray(v)) {
    for (const el of v) visitValue(el, line, JSON.stringify(el), sink);
    return;
  }
  if (isObject(v)) {
    if (Array.isArray(v.records)) {
      for (const rec of v.records) visitRecord(rec, line, v.records.length === 1 ? raw : JSON.stringify(rec), sink);
      return;
    }
    if (v.category !== undefined || v.properties !== undefined) return visitRecord(v, line, raw, sink);
    if (v.body !== undefined) {
      let body = v.body;
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          return sink.reject('body is not JSON', line, raw);
        }
      }
      return visitValue(body, line, raw, sink);
    }
  }
  sink.reject('not a streaming-API message or record (no records, category or properties)', line, raw);
}

/** The row-event path: each record becomes a `row` (RowBuilder) or a `reject`. */
class RecordHandler implements RecordSink {
  readonly rows = new RowBuilder();
  private out: ReaderEvent[] = [];

  props(tableName: string, schema: TableSchema, props: Record<string, unknown>, line: number, raw: string): void {
    const row = this.rows.build(schema, props, raw);
    this.out.push(typeof row === 'string' ? { kind: 'reject', message: `${tableName}: ${row}`, line, raw } : { kind: 'row', table: tableName, row, line });
  }

  reject(message: string, line: number, raw: string): void {
    this.out.push({ kind: 'reject', message, line, raw });
  }

  private take(): ReaderEvent[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  /** One streaming-API record. */
  record(rec: unknown, line: number, raw: string): ReaderEvent {
    visitRecord(rec, line, raw, this);
    return this.take()[0];
  }

  /** A parsed JSON value: a message, a record, an MSCS wrapper, or an array of those. */
  *value(v: unknown, line: number, raw: string): Generator<ReaderEvent> {
    visitValue(v, line, raw, this);
    yield* this.take();
  }
}

// ------------------------------------------------------------------------------------------------ columns

/**
 * The columnar path (`readBatches`, used by `edgewatch ingest`): records are parsed straight into column arrays,
 * the values being exactly those that RowBuilder.build followed by tableFromRecords(rows, schema) would give (same
 * checks, same reject messages, same conversions, same encodings: dictionary-coded strings, typed arrays with a
 * null mask), without building row objects. Chunks of lines are parsed in worker threads when the input is large.
 */

/** A column as it travels from a worker: typed arrays are transferred, string arrays cloned. */
export type ColumnData =
  | { readonly kind: 'dict'; readonly codes: Int32Array; readonly dict: string[] }
  | { readonly kind: 'flat'; readonly data: FlatData; readonly nulls: Uint8Array | null };

/** A record without ReportId: its id is assigned in input order by the reading thread (reportIdFor + ordinal). */
interface IdPatch {
  readonly row: number;
  readonly digest: string;
  readonly raw: string;
}

interface TableChunk {
  readonly table: string;
  readonly length: number;
  readonly columns: ColumnData[];
  readonly lines: Int32Array;
  readonly patches: IdPatch[];
}

interface ChunkResult {
  readonly tables: TableChunk[];
  readonly rejects: RejectEvent[];
  /** Records read (rows and rejects). */
  readonly records: number;
}

function grow<T extends Int32Array | Uint8Array | Float64Array | BigInt64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a as never);
  return b;
}

/** A growable column filled like from-rows.ts fills its builders. */
class ColumnSink {
  n = 0;
  private codes = new Int32Array(0);
  private map: Map<string, number> | null = null;
  private dict: string[] = [];
  private data: Int32Array | Uint8Array | Float64Array | BigInt64Array | null = null;
  private nulls: Uint8Array | null = null;
  private values: Boxed[] = [];

  constructor(
    readonly type: ColumnType,
    capacity: number,
  ) {
    if (type === 'string') this.map = new Map();
    else if (type === 'bool') this.data = new Uint8Array(capacity);
    else if (type === 'int') this.data = new Int32Array(capacity);
    else if (type === 'real') this.data = new Float64Array(capacity);
    else if (type === 'long' || type === 'datetime' || type === 'timespan') this.data = new BigInt64Array(capacity);
    if (type === 'string') this.codes = new Int32Array(capacity);
  }

  private last: string | null = null;
  private lastCode = 0;

  private code(s: string): number {
    // Runs of one value are common (nulls, a device's events): an equality test is cheaper than a hash lookup.
    if (s === this.last) return this.lastCode;
    let c = this.map!.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.map!.set(s, c);
    }
    this.last = s;
    this.lastCode = c;
    return c;
  }

  /** `v`: the converted value (strings: the string, or null/undefined for ""). */
  push(v: unknown): void {
    const i = this.n++;
    if (this.map !== null) {
      if (i >= this.codes.length) this.codes = grow(this.codes, i + 1);
      this.codes[i] = this.code(v === undefined || v === null ? '' : (v as string));
      return;
    }
    const d = this.data;
    if (d === null) {
      this.values.push(v === undefined ? null : (v as Boxed));
      return;
    }
    if (i >= d.length) {
      this.data = grow(d, i + 1);
      if (this.nulls) this.nulls = grow(this.nulls, this.data.length);
    }
    if (v === null || v === undefined) {
      (this.nulls ??= new Uint8Array(this.data!.length))[i] = 1;
      return;
    }
    switch (this.type) {
      case 'bool':
        (this.data as Uint8Array)[i] = v ? 1 : 0;
        return;
      case 'int':
        (this.data as Int32Array)[i] = Number(v);
        return;
      case 'real':
        (this.data as Float64Array)[i] = Number(v);
        return;
      default:
        (this.data as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    }
  }

  finish(): ColumnData {
    const n = this.n;
    if (this.map !== null) return { kind: 'dict', codes: this.codes.slice(0, n), dict: this.dict };
    if (this.data === null) return { kind: 'flat', data: this.values, nulls: null };
    return { kind: 'flat', data: this.data.slice(0, n), nulls: this.nulls ? this.nulls.slice(0, n) : null };
  }
}

/** The columns of one table in one chunk; `append` is RowBuilder.build + tableFromRecords for one record. */
class TableSink {
  readonly cols: ColumnSink[];
  private readonly index = new Map<string, number>();
  private readonly names: string[];
  private readonly types: ColumnType[];
  private readonly vals: unknown[];
  private readonly ts: number;
  private readonly tg: number;
  private readonly timeIdx: number;
  private readonly rid: number;
  private lines: Int32Array;
  readonly patches: IdPatch[] = [];
  n = 0;

  /** `capacity`: rows expected (the arrays grow past it). */
  constructor(
    readonly schema: TableSchema,
    capacity: number,
  ) {
    this.lines = new Int32Array(capacity);
    this.names = schema.columns.map((c) => c.name);
    this.types = schema.columns.map((c) => c.type);
    this.names.forEach((name, j) => this.index.set(name, j));
    this.cols = this.types.map((t) => new ColumnSink(t, capacity));
    this.vals = new Array(this.names.length).fill(undefined);
    this.ts = this.names.indexOf('Timestamp');
    this.tg = this.names.indexOf('TimeGenerated');
    this.timeIdx = schema.timeColumn ? this.names.indexOf(schema.timeColumn) : -2;
    this.rid = this.names.indexOf('ReportId');
  }

  /** Appends a record's row; returns why it cannot be stored instead (then nothing is appended). */
  append(props: Record<string, unknown>, line: number, raw: string): string | null {
    const vals = this.vals;
    const err = this.fill(props);
    if (err !== null) {
      vals.fill(undefined);
      return err;
    }
    // Our Device* schemas carry Sentinel's TimeGenerated beside Timestamp, "same value" (mde-schema.ts).
    const { ts, tg } = this;
    if (tg >= 0 && ts >= 0) {
      if (vals[tg] == null && vals[ts] != null) vals[tg] = vals[ts];
      else if (vals[ts] == null && vals[tg] != null) vals[ts] = vals[tg];
    }
    if (this.timeIdx !== -2 && (this.timeIdx < 0 || vals[this.timeIdx] == null)) {
      vals.fill(undefined);
      return `no ${this.schema.timeColumn}`;
    }
    const i = this.n++;
    if (this.rid >= 0 && (vals[this.rid] == null || vals[this.rid] === '')) {
      this.patches.push({ row: i, digest: createHash('sha1').update(raw).digest('base64'), raw });
    }
    const cols = this.cols;
    for (let j = 0; j < cols.length; j++) {
      cols[j].push(vals[j]);
      vals[j] = undefined;
    }
    if (i >= this.lines.length) this.lines = grow(this.lines, i + 1);
    this.lines[i] = line;
    return null;
  }

  /** The converted values of the record's columns into `vals` (strings unconverted: null stays null). */
  private fill(props: Record<string, unknown>): string | null {
    const vals = this.vals;
    const types = this.types;
    for (const name in props) {
      const j = this.index.get(name);
      if (j === undefined) continue;
      const v = props[name];
      if (v === undefined) continue;
      const type = types[j];
      switch (type) {
        case 'string':
          // Defender types AdditionalFields & co. as string holding JSON: an object in the input becomes its text.
          vals[j] = v === null || typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
          break;
        case 'dynamic':
          vals[j] = convertValue(v, 'dynamic');
          break;
        case 'datetime': {
          if (v === null || v === '') {
            vals[j] = null;
            break;
          }
          const t = typeof v === 'string' ? (parseIsoUtcFast(v) ?? parseDatetime(v.trim())) : null;
          if (t === null) return `${name}: not a datetime: ${excerpt(JSON.stringify(v) ?? String(v), 80)}`;
          vals[j] = t;
          break;
        }
        case 'decimal':
          // Not a type the engine stores (the store would quarantine the row); no Defender table has one.
          if (v === null) vals[j] = null;
          else return `${name} (decimal): unsupported column type decimal`;
          break;
        default:
          if (v === null || v === '') {
            vals[j] = null;
            break;
          }
          try {
            vals[j] = convertValue(v, type);
          } catch (e) {
            if (e instanceof ValueError) return `${name} (${type}): ${e.message}`;
            throw e;
          }
      }
    }
    return null;
  }

  finish(table: string): TableChunk {
    return { table, length: this.n, columns: this.cols.map((c) => c.finish()), lines: this.lines.slice(0, this.n), patches: this.patches };
  }
}

/** Parses chunks of JSON lines into columns (one per thread). */
class ChunkParser implements RecordSink {
  private tables = new Map<string, TableSink>();
  private rejects: RejectEvent[] = [];
  private records = 0;
  private capacity = 64;

  props(tableName: string, schema: TableSchema, props: Record<string, unknown>, line: number, raw: string): void {
    this.records++;
    let t = this.tables.get(tableName);
    if (!t) this.tables.set(tableName, (t = new TableSink(schema, this.capacity)));
    const err = t.append(props, line, raw);
    if (err !== null) this.rejects.push({ kind: 'reject', message: `${tableName}: ${err}`, line, raw });
  }

  reject(message: string, line: number, raw: string): void {
    this.records++;
    this.rejects.push({ kind: 'reject', message, line, raw });
  }

  /**
   * `bytes`: whole lines (the last one may lack its newline), the first being line `startLine`. Each line is
   * decoded on its own: a line of ASCII stays a one-byte string (decoding the whole chunk would make it two-byte
   * as soon as one character somewhere is not ASCII, and JSON.parse is slower on those).
   */
  parse(bytes: Buffer, startLine: number): ChunkResult {
    // Streaming-API records are one to a few KiB.
    this.capacity = Math.max(64, bytes.length >> 10);
    let line = startLine - 1;
    let pos = 0;
    const len = bytes.length;
    while (pos < len) {
      let nl = bytes.indexOf(0x0a, pos);
      if (nl < 0) nl = len;
      line++;
      let end = nl;
      if (end > pos && bytes[end - 1] === 0x0d) end--;
      let s = bytes.toString('utf8', pos, end);
      pos = nl + 1;
      if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      if (s.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(s);
      } catch (e) {
        this.reject(`not JSON: ${(e as Error).message}`, line, s);
        continue;
      }
      visitValue(v, line, s, this);
    }
    const out: ChunkResult = { tables: [...this.tables].map(([name, t]) => t.finish(name)), rejects: this.rejects, records: this.records };
    this.tables = new Map();
    this.rejects = [];
    this.records = 0;
    return out;
  }
}

function transferables(r: ChunkResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const t of r.tables) {
    out.push(t.lines.buffer as ArrayBuffer);
    for (const c of t.columns) {
      if (c.kind === 'dict') out.push(c.codes.buffer as ArrayBuffer);
      else {
        if (!Array.isArray(c.data)) out.push((c.data as Int32Array).buffer as ArrayBuffer);
        if (c.nulls) out.push(c.nulls.buffer as ArrayBuffer);
      }
    }
  }
  return out;
}

/** Rows of one table, column-oriented, with the line each came from. */
export interface TableBatch {
  readonly table: string;
  readonly data: Table;
  readonly lines: Int32Array;
}

/** The records of a run of input lines: rows per table, and the rejected records. */
export interface BatchEvent {
  readonly kind: 'batch';
  readonly tables: readonly TableBatch[];
  readonly rejects: readonly RejectEvent[];
  /** Records read (rows and rejects). */
  readonly records: number;
}

/** A reader that can also hand over column-oriented batches (ingest uses them; `read` stays the contract). */
export interface BatchingReader extends FormatReader {
  readBatches(input: AsyncIterable<Buffer>, options: ReaderOptions): AsyncIterable<ReaderEvent | BatchEvent>;
}

export function isBatchingReader(r: FormatReader): r is BatchingReader {
  return typeof (r as Partial<BatchingReader>).readBatches === 'function';
}

/** Tuning of the columnar path; tests change it to exercise the workers on small inputs. */
export const batchTuning = {
  /** Bytes of whole lines per chunk. */
  chunkBytes: 4 << 20,
  /** Parser threads (0: parse on the reading thread). EDGEWATCH_INGEST_WORKERS overrides. */
  workers: Math.min(2, availableParallelism()),
  /** Chunks queued per worker (they keep parsing while the store commits). */
  queuePerWorker: 3,
};

const SCHEMAS = new Map<string, Field[]>();
function fieldsOf(table: string): Field[] {
  let f = SCHEMAS.get(table);
  if (!f) SCHEMAS.set(table, (f = getTable(table)!.columns.map((c) => ({ name: c.name, type: c.type }))));
  return f;
}

/** A worker's chunk to a table, assigning the ReportIds of records that had none, in input order. */
function toBatch(r: ChunkResult, ordinals: OrdinalCounter): BatchEvent {
  const tables: TableBatch[] = [];
  for (const t of r.tables) {
    const schema = fieldsOf(t.table);
    const columns: Vector[] = t.columns.map((c, j) =>
      c.kind === 'dict' ? new DictVector('string', c.codes, new FlatVector('string', c.dict, null)) : new FlatVector(schema[j].type, c.data, c.nulls),
    );
    if (t.patches.length > 0) {
      const j = schema.findIndex((f) => f.name === 'ReportId');
      const type = schema[j].type;
      const col = t.columns[j];
      let dictMap: Map<string, number> | null = null;
      for (const p of t.patches) {
        // The counter keys on a digest, not the record: it lives as long as the input.
        const id = reportIdFor(p.raw, ordinals.next(p.digest));
        if (col.kind === 'dict') {
          const s = type === 'string' ? String(id) : (convertValue(id, 'string') as string);
          if (!dictMap) dictMap = new Map(col.dict.map((x, k) => [x, k] as const));
          let c = dictMap.get(s);
          if (c === undefined) (c = col.dict.length), col.dict.push(s), dictMap.set(s, c);
          col.codes[p.row] = c;
        } else {
          const v = convertValue(id, type);
          if (Array.isArray(col.data)) col.data[p.row] = v;
          else {
            if (col.nulls) col.nulls[p.row] = 0;
            if (type === 'long' || type === 'timespan' || type === 'datetime') (col.data as BigInt64Array)[p.row] = v as bigint;
            else if (type === 'int' || type === 'real') (col.data as Int32Array | Float64Array)[p.row] = v as number;
            else throw new Error(`ReportId of type ${type}`);
          }
        }
      }
      columns[j] =
        col.kind === 'dict' ? new DictVector('string', col.codes, new FlatVector('string', col.dict, null)) : new FlatVector(type, col.data, col.nulls && col.nulls.includes(1) ? col.nulls : null);
    }
    tables.push({ table: t.table, data: new Table(schema, columns, t.length), lines: t.lines });
  }
  return { kind: 'batch', tables, rejects: r.rejects, records: r.records };
}

// ------------------------------------------------------------------------------------------------ workers

const WORKER_TAG = 'edgewatch-mde-stream-parser';

interface WorkerReply {
  readonly seq: number;
  readonly result?: ChunkResult;
  readonly error?: string;
}

/** Starts this module in a worker; under tsx (tests, benches) the worker registers tsx first. */
function spawnParser(): Worker {
  const url = import.meta.url;
  let tsx: string | null = null;
  if (url.endsWith('.ts')) tsx = import.meta.resolve('tsx/esm/api');
  const boot = `const { workerData } = require('node:worker_threads');
(async () => { if (workerData.tsx) (await import(workerData.tsx)).register(); await import(workerData.url); })();`;
  return new Worker(boot, { eval: true, workerData: { [WORKER_TAG]: true, url, tsx } });
}

interface Slot {
  done: boolean;
  result?: ChunkResult;
  error?: unknown;
  promise: Promise<void>;
}

class ParserPool {
  private readonly workers: { w: Worker; ready: boolean; inflight: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: unknown) => void; worker: number }>();
  private seq = 0;
  private failed: unknown = null;

  constructor(n: number) {
    for (let k = 0; k < n; k++) {
      const w = spawnParser();
      const entry = { w, ready: false, inflight: 0 };
      this.workers.push(entry);
      w.unref();
      w.on('message', (m: WorkerReply | 'ready') => {
        if (m === 'ready') {
          entry.ready = true;
          return;
        }
        const p = this.waiting.get(m.seq);
        if (!p) return;
        this.waiting.delete(m.seq);
        entry.inflight--;
        if (m.error !== undefined) p.reject(new Error(`mde-stream parser thread: ${m.error}`));
        else p.resolve(m.result!);
      });
      w.on('error', (e) => this.fail(entry, e));
      w.on('exit', (code) => this.fail(entry, new Error(`mde-stream parser thread exited (${code})`)));
    }
  }

  private fail(entry: { w: Worker; ready: boolean }, e: unknown): void {
    // A worker that never started (no loader for this module, say) just leaves the parsing to the reading thread;
    // one that dies with chunks in hand fails them.
    const wasReady = entry.ready;
    entry.ready = false;
    const k = this.workers.findIndex((x) => x === entry);
    for (const [seq, p] of this.waiting) {
      if (p.worker !== k) continue;
      this.waiting.delete(seq);
      p.reject(e);
    }
    if (wasReady) this.failed ??= e;
  }

  /** Any worker up (else the caller parses in its own thread). */
  get anyReady(): boolean {
    return this.workers.some((x) => x.ready);
  }

  /** Hands a chunk to the least busy ready worker with room, or returns null. */
  submit(bytes: Uint8Array, startLine: number, limit: number): Promise<ChunkResult> | null {
    if (this.failed) throw this.failed;
    let best = -1;
    for (let k = 0; k < this.workers.length; k++) {
      const x = this.workers[k];
      if (x.ready && x.inflight < limit && (best < 0 || x.inflight < this.workers[best].inflight)) best = k;
    }
    if (best < 0) return null;
    const x = this.workers[best];
    const seq = this.seq++;
    x.inflight++;
    return new Promise<ChunkResult>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject, worker: best });
      x.w.postMessage({ seq, bytes, startLine }, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    for (const x of this.workers) x.w.removeAllListeners('exit');
    await Promise.all(this.workers.map((x) => x.w.terminate()));
  }
}

// ------------------------------------------------------------------------------------------------ layout

const PEEK_LIMIT = 1 << 20;

/** Reads the first bytes, to choose between JSON lines and one streamed document, then replays them. */
async function peek(input: AsyncIterable<Buffer>): Promise<{ head: Buffer; eof: boolean; replay: AsyncIterable<Buffer> }> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let eof = false;
  for (;;) {
    const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const f = firstNonSpace(head);
    if (f >= 0 && head.indexOf(0x0a, f) >= 0) break;
    if (size >= PEEK_LIMIT) break;
    const r = await it.next();
    if (r.done) {
      eof = true;
      break;
    }
    chunks.length = 0;
    chunks.push(head, r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(chunks);
  const replay = (async function* () {
    if (head.length > 0) yield head;
    if (eof) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  })();
  return { head, eof, replay };
}

function firstNonSpace(b: Buffer): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xef && c !== 0xbb && c !== 0xbf) return i;
  }
  return -1;
}

/**
 * JSON lines unless the first line opens a document that continues on later lines (pretty-printed JSON:
 * `{`, `[`, `{"records": [` ...) or is too long to be a line we want to hold (a huge single-line array).
 */
function isDocument(head: Buffer, eof: boolean): boolean {
  const f = firstNonSpace(head);
  if (f < 0) return false;
  const nl = head.indexOf(0x0a, f);
  const opener = head[f] === 0x7b || head[f] === 0x5b;
  if (nl < 0 && !eof) return opener;
  const first = head.toString('utf8', f, nl < 0 ? head.length : nl).trim();
  try {
    JSON.parse(first);
    return false;
  } catch {
    return opener && /[[{,:]$/.test(first);
  }
}

async function* readStream(input: AsyncIterable<Buffer>, _options: ReaderOptions): AsyncGenerator<ReaderEvent> {
  const { head, eof, replay } = await peek(input);
  if (isDocument(head, eof)) return yield* readDocument(replay);
  const h = new RecordHandler();
  for await (const { text, line } of textLines(replay)) {
    if (text.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      yield { kind: 'reject', message: `not JSON: ${(e as Error).message}`, line, raw: text };
      continue;
    }
    yield* h.value(v, line, text);
  }
}

/** One document (or several in a row): records are cut out as they arrive. */
async function* readDocument(replay: AsyncIterable<Buffer>): AsyncGenerator<ReaderEvent> {
  const h = new RecordHandler();
  const scanner = new JsonScanner(new Set(['records']));
  let members: Record<string, unknown> = {};
  let memberLine = 0;
  let streamed = false;
  let failed = false;
  const handle = function* (events: ReturnType<JsonScanner['push']>): Generator<ReaderEvent> {
    for (const ev of events) {
      switch (ev.kind) {
        case 'element': {
          if (ev.key !== undefined) streamed = true;
          let v: unknown;
          try {
            v = JSON.parse(ev.text);
          } catch (e) {
            yield { kind: 'reject', message: `not JSON: ${(e as Error).message}`, line: ev.line, raw: ev.text };
            break;
          }
          if (ev.key === undefined) yield* h.value(v, ev.line, ev.text);
          else yield h.record(v, ev.line, ev.text);
          break;
        }
        case 'member':
          if (memberLine === 0) memberLine = ev.line;
          try {
            members[ev.key] = JSON.parse(ev.text);
          } catch (e) {
            yield { kind: 'reject', message: `${ev.key}: not JSON: ${(e as Error).message}`, line: ev.line, raw: ev.text };
          }
          break;
        case 'end-document': {
          // A root object whose records were streamed is done; otherwise its members are the record (or wrapper).
          if (!streamed && memberLine > 0) yield* h.value(members, memberLine, JSON.stringify(members));
          members = {};
          memberLine = 0;
          streamed = false;
          break;
        }
        case 'root':
          yield { kind: 'reject', message: 'not a streaming-API message or record', line: ev.line, raw: ev.text };
          break;
        case 'error':
          failed = true;
          yield { kind: 'reject', message: `${ev.message}; the rest of the input is not read`, line: ev.line, raw: ev.text };
          break;
      }
    }
  };
  for await (const chunk of replay) {
    yield* handle(scanner.pushBytes(chunk));
    if (failed) return;
  }
  yield* handle(scanner.end());
}


/** Whole lines from a byte stream, cut into chunks of about `size` bytes, each with its first line number. */
async function* lineChunks(input: AsyncIterable<Buffer>, size: number): AsyncGenerator<{ bytes: Uint8Array; startLine: number }> {
  let parts: Buffer[] = [];
  let have = 0;
  let line = 1;
  const cut = (all: Buffer, end: number) => {
    // An owned copy: it may be transferred to a worker.
    const bytes = new Uint8Array(end);
    bytes.set(all.subarray(0, end));
    const startLine = line;
    for (let i = all.indexOf(0x0a); i >= 0 && i < end; i = all.indexOf(0x0a, i + 1)) line++;
    return { bytes, startLine };
  };
  for await (const chunk of input) {
    parts.push(chunk);
    have += chunk.length;
    if (have < size) continue;
    const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
    const nl = all.lastIndexOf(0x0a);
    if (nl < 0) {
      parts = [all];
      continue;
    }
    yield cut(all, nl + 1);
    const rest = all.subarray(nl + 1);
    parts = rest.length ? [rest] : [];
    have = rest.length;
  }
  if (have > 0) {
    const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
    yield cut(all, all.length);
  }
}

/**
 * `read`, with the rows of JSON-lines input handed over as column-oriented batches (rejects keep their lines),
 * parsed in worker threads when the input spans several chunks. A pretty-printed document is read as `read` does.
 */
async function* readBatches(input: AsyncIterable<Buffer>, _options: ReaderOptions): AsyncGenerator<ReaderEvent | BatchEvent> {
  const { head, eof, replay } = await peek(input);
  if (isDocument(head, eof)) return yield* readDocument(replay);
  const local = new ChunkParser();
  const ordinals = new OrdinalCounter();
  const env = process.env.EDGEWATCH_INGEST_WORKERS;
  const nWorkers = env !== undefined && /^\d+$/.test(env) ? Number(env) : batchTuning.workers;
  const limit = batchTuning.queuePerWorker;
  let pool: ParserPool | null = null;
  const queue: Slot[] = [];
  const slot = (p: Promise<ChunkResult>): Slot => {
    const s: Slot = { done: false, promise: Promise.resolve() };
    s.promise = p.then(
      (r) => {
        s.done = true;
        s.result = r;
      },
      (e) => {
        s.done = true;
        s.error = e;
      },
    );
    return s;
  };
  const take = async (): Promise<BatchEvent> => {
    const s = queue.shift()!;
    await s.promise;
    if (s.error !== undefined) throw s.error;
    return toBatch(s.result!, ordinals);
  };
  let chunks = 0;
  try {
    for await (const { bytes, startLine } of lineChunks(replay, batchTuning.chunkBytes)) {
      // A second chunk: the input is large enough for the parser threads (they start while this thread parses).
      if (++chunks === 2 && nWorkers > 0) {
        try {
          pool = new ParserPool(nWorkers);
        } catch {
          pool = null;
        }
      }
      for (;;) {
        const p = pool ? pool.submit(bytes, startLine, limit) : null;
        if (p) {
          queue.push(slot(p));
          break;
        }
        if (!pool || !pool.anyReady || queue.length === 0) {
          const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          queue.push({ done: true, result: local.parse(buf, startLine), promise: Promise.resolve() });
          break;
        }
        // Every worker has its fill: hand over the oldest result first.
        yield await take();
      }
      while (queue.length > 0 && queue[0].done) yield await take();
    }
    while (queue.length > 0) yield await take();
  } finally {
    await pool?.close();
  }
}

/** `{` / `[` first, then a `records` array or an `AdvancedHunting-` category (not an advanced-hunting API result). */
function detect(head: Buffer): boolean {
  const s = head.toString('utf8', 0, Math.min(head.length, 1 << 16)).replace(/^\uFEFF/, '').trimStart();
  if (!(s.startsWith('{') || s.startsWith('['))) return false;
  if (/^\{\s*("@odata\.context"\s*:\s*"[^"]*"\s*,\s*)?"(Schema|schema|Results|results|Stats)"\s*:/.test(s)) return false;
  return /"records"\s*:\s*\[/.test(s) || /"category"\s*:\s*"AdvancedHunting-/.test(s);
}

export const mdeStreamReader: BatchingReader = {
  name: 'mde-stream',
  description: 'Defender XDR streaming API: Event Hub messages {"records":[...]} and Storage blobs (one record per line)',
  detect,
  read: readStream,
  readBatches,
};

// A parser thread: this module started by spawnParser.
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_TAG] === true) {
  const parser = new ChunkParser();
  const port = parentPort!;
  port.on('message', (m: { seq: number; bytes: Uint8Array; startLine: number }) => {
    let reply: WorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const result = parser.parse(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), m.startLine);
      reply = { seq: m.seq, result };
      transfer = transferables(result);
    } catch (e) {
      reply = { seq: m.seq, error: (e as Error).stack ?? String(e) };
    }
    port.postMessage(reply, transfer);
  });
  port.postMessage('ready');
}
