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
 *
 * `readBatches` (what `edgewatch ingest` uses) gives the same rows column-oriented: JSON lines are cut into
 * chunks parsed by worker threads straight into typed arrays and dictionary codes, with the same values, rejects
 * and line numbers as `read` (test/sources/mde-stream-batches.test.ts checks that).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FormatReader, ReaderEvent, ReaderOptions, RejectEvent } from './reader.js';
import { excerpt, JsonScanner, textLines } from './json-lines.js';
import { OrdinalCounter, reportIdFor } from './identity.js';
import { getTable, type ColumnType, type TableSchema } from '../telemetry/mde-schema.js';
import { parseDatetime, parseIsoUtcFast } from '../kql/data/datetime.js';
import { convertValue, ValueError } from '../kql/data/from-rows.js';
import { Table, type Field } from '../kql/data/batch.js';
import { DictVector, FlatVector, dictEncodeStrings, type FlatData, type Vector } from '../kql/data/vector.js';
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

/**
 * A column as it travels from a parser: typed arrays are transferred, string arrays cloned. A string column's
 * codes index the parser's dictionary for that column, which lives across chunks: a chunk carries only the
 * entries added since the previous one (`added`, from index `base`), and `gen` changes when the parser started
 * a new dictionary (it does past DICT_LIMIT entries, to bound memory).
 */
export type ColumnData =
  | { readonly kind: 'dict'; readonly codes: Int32Array; readonly gen: number; readonly base: number; readonly added: string[] }
  | { readonly kind: 'flat'; readonly data: FlatData; readonly nulls: Uint8Array | null };

/** Entries a dictionary may reach before it is started again (parsers' and the reading thread's). */
const DICT_LIMIT = 1 << 18;

/** Slots of a dictionary's lookup cache (DictState.code). */
const CACHE_SLOTS = 4096;

/** A string column's dictionary in a parser, kept across chunks. */
class DictState {
  map = new Map<string, number>();
  dict: string[] = [];
  sent = 0;
  gen = 0;
  private last: string | null = null;
  private lastCode = 0;

  private empty = -1;

  /** The code of a string (added when new). */
  code(s: string): number {
    // "" (null) is the commonest value of many columns, and runs of one value are common (a device's events):
    // equality tests are cheaper than a hash lookup.
    if (s === '') return this.empty >= 0 ? this.empty : (this.empty = this.add(s));
    if (s === this.last) return this.lastCode;
    // A cache in front of the map, hashed on the length and six sampled characters: a string JSON.parse has just
    // made has no hash yet, and the map would hash all of it. A hit needs equal strings; a miss asks the map.
    const n = s.length;
    let h = Math.imul(n, 0x9e3779b1) ^ s.charCodeAt(0) ^ (s.charCodeAt(n - 1) << 7) ^ (s.charCodeAt(n >> 1) << 14) ^ (s.charCodeAt(n >> 2) << 21) ^ (s.charCodeAt((3 * n) >> 2) << 3) ^ (s.charCodeAt(n > 1 ? n - 2 : 0) << 11);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    const keys = this.cacheKeys;
    let i = (h ^ (h >>> 13)) & (CACHE_SLOTS - 1);
    let c = -1;
    for (let k = 0; k < 4; k++) {
      const t = keys[i];
      if (t === undefined) break;
      if (t === s) {
        c = this.cacheCodes[i];
        break;
      }
      if (k < 3) i = (i + 1) & (CACHE_SLOTS - 1);
    }
    if (c < 0) {
      c = this.map.get(s) ?? this.add(s);
      keys[i] = s;
      this.cacheCodes[i] = c;
    }
    this.last = s;
    this.lastCode = c;
    return c;
  }

  private cacheKeys: (string | undefined)[] = new Array(CACHE_SLOTS).fill(undefined);
  private readonly cacheCodes = new Int32Array(CACHE_SLOTS);

  // Per code of the row's previous string column: the string this column last had beside it, and its code. Columns
  // that follow one another are often tied (DeviceId and DeviceName, a process's hash, name, version info...): a
  // string compare then stands for the hash lookup of a string JSON.parse has just made.
  private after: (string | undefined)[] = [];
  private afterCode = new Int32Array(0);

  /** `code(s)`, knowing the code of the row's previous string column (`prev`, -1 for none). */
  codeAfter(s: string, prev: number): number {
    if (s === '' || prev < 0) return this.code(s);
    if (prev < this.after.length && this.after[prev] === s) return this.afterCode[prev];
    const c = this.code(s);
    if (prev >= this.afterCode.length) this.afterCode = grow(this.afterCode, prev + 1);
    this.after[prev] = s;
    this.afterCode[prev] = c;
    return c;
  }

  private add(s: string): number {
    const c = this.dict.length;
    this.dict.push(s);
    this.map.set(s, c);
    return c;
  }

  /** The entries not yet shipped; starts a new dictionary when this one is large (after this chunk). */
  take(): { gen: number; base: number; added: string[] } {
    const out = { gen: this.gen, base: this.sent, added: this.sent === 0 ? this.dict : this.dict.slice(this.sent) };
    this.sent = this.dict.length;
    if (this.dict.length > DICT_LIMIT) {
      this.map = new Map();
      this.dict = [];
      this.sent = 0;
      this.gen++;
      this.last = null;
      this.empty = -1;
      this.after = [];
      this.cacheKeys = new Array(CACHE_SLOTS).fill(undefined);
    }
    return out;
  }
}

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
  /** Lines in the chunk. */
  readonly lines: number;
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
  private data: Int32Array | Uint8Array | Float64Array | BigInt64Array | null = null;
  private nulls: Uint8Array | null = null;
  private values: Boxed[] = [];
  /** A string column (dictionary codes). */
  readonly strings: boolean;

  /** `dict`: the parser's dictionary of this column (string columns). */
  constructor(
    readonly type: ColumnType,
    capacity: number,
    private readonly dict: DictState | null,
  ) {
    this.strings = dict !== null;
    if (type === 'bool') this.data = new Uint8Array(capacity);
    else if (type === 'int') this.data = new Int32Array(capacity);
    else if (type === 'real') this.data = new Float64Array(capacity);
    else if (type === 'long' || type === 'datetime' || type === 'timespan') this.data = new BigInt64Array(capacity);
    if (type === 'string') this.codes = new Int32Array(capacity);
  }

  /** A string column's value (null/undefined for ""); `prev`: the code of the row's previous string column. Returns its code. */
  pushString(v: string | null | undefined, prev: number): number {
    const i = this.n++;
    if (i >= this.codes.length) this.codes = grow(this.codes, i + 1);
    return (this.codes[i] = this.dict!.codeAfter(v === undefined || v === null ? '' : v, prev));
  }

  /** `v`: the converted value (strings: the string, or null/undefined for ""). */
  push(v: unknown): void {
    const i = this.n++;
    if (this.dict !== null) {
      if (i >= this.codes.length) this.codes = grow(this.codes, i + 1);
      this.codes[i] = this.dict.code(v === undefined || v === null ? '' : (v as string));
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
        break;
      case 'int':
        (this.data as Int32Array)[i] = Number(v);
        break;
      case 'real':
        (this.data as Float64Array)[i] = Number(v);
        break;
      default:
        (this.data as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    }
  }

  finish(): ColumnData {
    const n = this.n;
    if (this.dict !== null) return { kind: 'dict', codes: this.codes.slice(0, n), ...this.dict.take() };
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
  private lastTimeText = '';
  private lastTime = 0n;
  /** Reads every column of a record with named loads (records of one input share their shape), or null. */
  private readonly read: ((r: Record<string, unknown>) => unknown[]) | null;
  private readonly ts: number;
  private readonly tg: number;
  private readonly timeIdx: number;
  private readonly rid: number;
  private lines: Int32Array;
  readonly patches: IdPatch[] = [];
  n = 0;

  /** `capacity`: rows expected (the arrays grow past it); `dicts`: the parser's dictionaries of the table. */
  constructor(
    readonly schema: TableSchema,
    capacity: number,
    dicts: (DictState | null)[],
  ) {
    this.lines = new Int32Array(capacity);
    this.names = schema.columns.map((c) => c.name);
    this.types = schema.columns.map((c) => c.type);
    this.names.forEach((name, j) => this.index.set(name, j));
    this.cols = this.types.map((t, j) => new ColumnSink(t, capacity, dicts[j]));
    this.vals = new Array(this.names.length).fill(undefined);
    // Not for a column named like an Object.prototype member (a named load would find the inherited one).
    this.read = this.names.some((n) => n in Object.prototype)
      ? null
      : (new Function('r', `return [${this.names.map((n) => `r[${JSON.stringify(n)}]`).join(',')}];`) as (r: Record<string, unknown>) => unknown[]);
    this.ts = this.names.indexOf('Timestamp');
    this.tg = this.names.indexOf('TimeGenerated');
    this.timeIdx = schema.timeColumn ? this.names.indexOf(schema.timeColumn) : -2;
    this.rid = this.names.indexOf('ReportId');
  }

  /** Appends a record's row; returns why it cannot be stored instead (then nothing is appended). */
  append(props: Record<string, unknown>, line: number, raw: string): string | null {
    const err = this.fill(props);
    if (err !== null) {
      this.vals.fill(undefined);
      return err;
    }
    return this.finishRow(line, raw);
  }

  /** TimeGenerated, the time column and ReportId, then the row into the columns. */
  private finishRow(line: number, raw: string): string | null {
    const vals = this.vals;
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
    const rid = this.rid;
    if (rid >= 0) {
      const r = vals[rid];
      if (r == null || r === '') {
        this.patches.push({ row: this.n, digest: createHash('sha1').update(raw).digest('base64'), raw });
      }
    }
    const i = this.n++;
    const cols = this.cols;
    let prev = -1;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      if (c.strings) prev = c.pushString(vals[j] as string | null | undefined, prev);
      else c.push(vals[j]);
      vals[j] = undefined;
    }
    if (i >= this.lines.length) this.lines = grow(this.lines, i + 1);
    this.lines[i] = line;
    return null;
  }

  /**
   * The converted values of the record's columns into `vals` (strings unconverted: null stays null). Columns
   * are read in schema order; when one does not convert, the record is read again in its own key order, so
   * that the error reported is the one RowBuilder.build reports (the first in the record).
   */
  private fill(props: Record<string, unknown>): string | null {
    if (this.read !== null) {
      const got = this.read(props);
      let bad = false;
      for (let j = 0; j < got.length; j++) {
        const v = got[j];
        if (v !== undefined && this.convert(j, v) !== null) {
          bad = true;
          break;
        }
      }
      if (!bad) return null;
      this.vals.fill(undefined);
    }
    for (const name in props) {
      const j = this.index.get(name);
      if (j === undefined) continue;
      const v = props[name];
      if (v === undefined) continue;
      const err = this.convert(j, v);
      if (err !== null) return err;
    }
    return null;
  }

  /** A JSON value for column j into `vals`, as RowBuilder.build then tableFromRecords convert it. */
  private convert(j: number, v: unknown): string | null {
    const vals = this.vals;
    const type = this.types[j];
    switch (type) {
      case 'string':
        // Defender types AdditionalFields & co. as string holding JSON: an object in the input becomes its text.
        vals[j] = v === null || typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
        return null;
      case 'dynamic':
        vals[j] = convertValue(v, 'dynamic');
        return null;
      case 'datetime': {
        if (v === null || v === '') {
          vals[j] = null;
          return null;
        }
        if (typeof v !== 'string') return `${this.names[j]}: not a datetime: ${excerpt(JSON.stringify(v) ?? String(v), 80)}`;
        // TimeGenerated repeats Timestamp, and a process's times repeat: the last text parsed is remembered.
        if (v === this.lastTimeText) {
          vals[j] = this.lastTime;
          return null;
        }
        const t = parseIsoUtcFast(v) ?? parseDatetime(v.trim());
        if (t === null) return `${this.names[j]}: not a datetime: ${excerpt(JSON.stringify(v), 80)}`;
        this.lastTimeText = v;
        this.lastTime = t;
        vals[j] = t;
        return null;
      }
      case 'decimal':
        // Not a type the engine stores (the store would quarantine the row); no Defender table has one.
        if (v === null) vals[j] = null;
        else return `${this.names[j]} (decimal): unsupported column type decimal`;
        return null;
      default:
        if (v === null || v === '') {
          vals[j] = null;
          return null;
        }
        try {
          vals[j] = convertValue(v, type);
        } catch (e) {
          if (e instanceof ValueError) return `${this.names[j]} (${type}): ${e.message}`;
          throw e;
        }
        return null;
    }
  }

  finish(table: string): TableChunk {
    return { table, length: this.n, columns: this.cols.map((c) => c.finish()), lines: this.lines.slice(0, this.n), patches: this.patches };
  }
}

/** Parses the chunks of one input into columns, in order (in a worker, or in the reading thread). */
class ChunkParser implements RecordSink {
  private tables = new Map<string, TableSink>();
  /** Per table: the string columns' dictionaries, kept across chunks. */
  private readonly dicts = new Map<string, (DictState | null)[]>();
  private rejects: RejectEvent[] = [];
  private records = 0;
  private capacity = 64;

  props(tableName: string, schema: TableSchema, props: Record<string, unknown>, line: number, raw: string): void {
    this.records++;
    const err = this.sink(tableName, schema).append(props, line, raw);
    if (err !== null) this.rejects.push({ kind: 'reject', message: `${tableName}: ${err}`, line, raw });
  }

  private sink(tableName: string, schema: TableSchema): TableSink {
    let t = this.tables.get(tableName);
    if (!t) {
      let dicts = this.dicts.get(tableName);
      if (!dicts) this.dicts.set(tableName, (dicts = schema.columns.map((c) => (c.type === 'string' ? new DictState() : null))));
      this.tables.set(tableName, (t = new TableSink(schema, this.capacity, dicts)));
    }
    return t;
  }

  reject(message: string, line: number, raw: string): void {
    this.records++;
    this.rejects.push({ kind: 'reject', message, line, raw });
  }

  /**
   * `bytes`: whole lines (the last one may lack its newline); lines are numbered from 1 within the chunk (the
   * reading thread adds the lines of the chunks before). `first`: the chunk starts the input (a BOM is dropped).
   * Each line is decoded on its own: a line of ASCII stays a one-byte string (decoding the whole chunk would make
   * it two-byte as soon as one character somewhere is not ASCII, and JSON.parse is slower on those).
   */
  parse(bytes: Buffer, first: boolean): ChunkResult {
    // Streaming-API records are one to a few KiB.
    this.capacity = Math.max(64, bytes.length >> 10);
    // The common case, a chunk of pure ASCII: decoded a piece of whole lines at a time (one-byte strings, as
    // per-line decoding gives; pieces small enough to be ordinary young strings, which V8 makes and frees faster
    // than megabyte ones), lines cut out of them as substrings.
    if (isAscii(bytes)) {
      let lines = 0;
      for (let at = 0; at < bytes.length; ) {
        let end = Math.min(bytes.length, at + batchTuning.asciiPiece);
        if (end < bytes.length) {
          const nl = bytes.lastIndexOf(0x0a, end - 1);
          if (nl >= at) end = nl + 1;
          else {
            const next = bytes.indexOf(0x0a, end);
            end = next < 0 ? bytes.length : next + 1;
          }
        }
        lines = this.parseText(bytes.toString('latin1', at, end), lines);
        at = end;
      }
      return this.result(lines);
    }
    let line = 0;
    let pos = 0;
    const len = bytes.length;
    while (pos < len) {
      let nl = bytes.indexOf(0x0a, pos);
      if (nl < 0) nl = len;
      line++;
      let start = pos;
      let end = nl;
      pos = nl + 1;
      if (end > start && bytes[end - 1] === 0x0d) end--;
      if (first && line === 1 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
      const s = bytes.toString('utf8', start, end);
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
    return this.result(line);
  }

  /** `parse` on whole lines already decoded (ASCII: no BOM), after `line` lines; returns the lines read so far. */
  private parseText(text: string, line: number): number {
    let pos = 0;
    const len = text.length;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      line++;
      const start = pos;
      let end = nl;
      pos = nl + 1;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
      const s = text.slice(start, end);
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
    return line;
  }

  private result(line: number): ChunkResult {
    // A sink made for a record that then left the fast path may have no rows.
    const out: ChunkResult = { tables: [...this.tables].filter(([, t]) => t.n > 0).map(([name, t]) => t.finish(name)), rejects: this.rejects, records: this.records, lines: line };
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
  /** Bytes of a file handed by name that the reader read itself (they do not come through the input). */
  readonly fileBytes?: number;
}

/** A reader that can also hand over column-oriented batches (ingest uses them; `read` stays the contract). */
export interface BatchingReader extends FormatReader {
  /**
   * `file`: the path of a plain file whose bytes `input` streams (not standard input, not followed). The parsers
   * then read their own byte ranges of it (no copy through the reading thread), when its bytes start as `input`'s.
   */
  readBatches(input: AsyncIterable<Buffer>, options: ReaderOptions, file?: string): AsyncIterable<ReaderEvent | BatchEvent>;
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
  /** Chunks queued per worker: enough for them to keep parsing while the store commits (about half a second). */
  queuePerWorker: 12,
  /** Bytes of ASCII a parser decodes at a time (small enough to make ordinary young strings). */
  asciiPiece: 64 << 10,
  /** Chunks from which the workers start (the first ones are parsed here while they load). */
  workersFrom: 2,
  /** Wait for the workers rather than parse here while they load (tests: every chunk but the first to a worker). */
  waitForWorkers: false,
};

const SCHEMAS = new Map<string, Field[]>();
function fieldsOf(table: string): Field[] {
  let f = SCHEMAS.get(table);
  if (!f) SCHEMAS.set(table, (f = getTable(table)!.columns.map((c) => ({ name: c.name, type: c.type }))));
  return f;
}

/** A reading thread's view of a parser's dictionary of one column. */
interface SourceDict {
  gen: number;
  strings: string[];
  /** Parser code -> code in the reader's dictionary (-1: not looked up yet). */
  remap: Int32Array;
  version: number;
}

/** The reader's dictionary of one column, over every parser (their codes differ). Append-only. */
interface GlobalDict {
  strings: string[];
  map: Map<string, number>;
  version: number;
}

/**
 * Turns the parsers' string codes into codes of the reader's dictionary of the column: each batch's dictionary is
 * that array itself (as long as it was then), so the store concatenates batches by copying their codes (concat.ts:
 * parts over one dictionary array), without a per-batch dictionary nor hashing strings again. The store writes
 * only the entries a segment's rows use.
 */
class BatchDicts {
  private readonly sources = new Map<string, SourceDict>();
  private readonly globals = new Map<string, GlobalDict>();

  private global(key: string): GlobalDict {
    let g = this.globals.get(key);
    if (!g || g.strings.length > DICT_LIMIT) {
      // Started again past the limit (memory stays bounded); batches drawn from the old one keep it.
      const version = g ? g.version + 1 : 0;
      g = { strings: [], map: new Map(), version };
      this.globals.set(key, g);
    }
    return g;
  }

  column(source: number, table: string, j: number, col: Extract<ColumnData, { kind: 'dict' }>, n: number): DictVector {
    const key = `${table}\u0000${j}`;
    const g = this.global(key);
    const skey = `${source}\u0000${key}`;
    let sd = this.sources.get(skey);
    if (!sd || sd.gen !== col.gen) this.sources.set(skey, (sd = { gen: col.gen, strings: [], remap: new Int32Array(0), version: g.version }));
    if (col.base !== sd.strings.length) throw new Error(`mde-stream: dictionary out of step (${col.base} != ${sd.strings.length})`);
    for (const x of col.added) sd.strings.push(x);
    if (sd.version !== g.version) {
      sd.remap.fill(-1);
      sd.version = g.version;
    }
    if (sd.remap.length < sd.strings.length) {
      const r = new Int32Array(Math.max(sd.strings.length, sd.remap.length * 2)).fill(-1);
      r.set(sd.remap);
      sd.remap = r;
    }
    const { remap, strings } = sd;
    const codes = col.codes;
    for (let i = 0; i < n; i++) {
      const w = codes[i];
      let x = remap[w];
      if (x < 0) {
        const str = strings[w];
        let y = g.map.get(str);
        if (y === undefined) {
          y = g.strings.length;
          g.strings.push(str);
          g.map.set(str, y);
        }
        remap[w] = x = y;
      }
      codes[i] = x;
    }
    return new DictVector('string', codes, new FlatVector('string', g.strings, null, null, g.strings.length));
  }
}

/**
 * A parsed chunk to a batch: line numbers made absolute (`lineBase`: lines before the chunk), string columns
 * given their dictionaries, and ReportIds given to the records that had none, in input order.
 */
function toBatch(r: ChunkResult, source: number, dicts: BatchDicts, ordinals: OrdinalCounter, lineBase: number, span: number): BatchEvent {
  const tables: TableBatch[] = [];
  for (const t of r.tables) {
    const schema = fieldsOf(t.table);
    const columns: Vector[] = t.columns.map((c, j) =>
      c.kind === 'dict' ? dicts.column(source, t.table, j, c, t.length) : new FlatVector(schema[j].type, c.data, c.nulls),
    );
    if (t.patches.length > 0) {
      const j = schema.findIndex((f) => f.name === 'ReportId');
      const type = schema[j].type;
      const col = columns[j];
      if (col.enc === 'dict') {
        // Text ReportIds: the column is encoded again (its "" placeholders must not stay in the dictionary).
        const vals = Array.from({ length: t.length }, (_, i) => col.get(i) as string);
        for (const p of t.patches) vals[p.row] = String(reportIdFor(p.raw, ordinals.next(p.digest)));
        columns[j] = dictEncodeStrings(vals);
      } else {
        const f = col as FlatVector;
        for (const p of t.patches) {
          // The counter keys on a digest, not the record: it lives as long as the input.
          const v = convertValue(reportIdFor(p.raw, ordinals.next(p.digest)), type);
          if (Array.isArray(f.data)) f.data[p.row] = v;
          else {
            if (f.nulls) f.nulls[p.row] = 0;
            if (type === 'long' || type === 'timespan' || type === 'datetime') (f.data as BigInt64Array)[p.row] = v as bigint;
            else if (type === 'int' || type === 'real') (f.data as Int32Array | Float64Array)[p.row] = v as number;
            else throw new Error(`ReportId of type ${type}`);
          }
        }
        columns[j] = new FlatVector(type, f.data, f.nulls && f.nulls.includes(1) ? f.nulls : null);
      }
    }
    const lines = t.lines;
    for (let i = 0; i < lines.length; i++) lines[i] += lineBase;
    tables.push({ table: t.table, data: new Table(schema, columns, t.length), lines });
  }
  const rejects = lineBase === 0 ? r.rejects : r.rejects.map((x) => ({ ...x, line: x.line! + lineBase }));
  return { kind: 'batch', tables, rejects, records: r.records, ...(span > 0 ? { fileBytes: span } : {}) };
}

// ------------------------------------------------------------------------------------------------ workers

const WORKER_TAG = 'edgewatch-mde-stream-parser';

/** To a parser thread: a chunk of an input (`stream`), or the end of an input (its parser state is dropped). */
type WorkerRequest =
  | { readonly stream: number; readonly seq: number; readonly chunk: ChunkRef; readonly first: boolean }
  | { readonly stream: number; readonly end: true };

/** A chunk: its bytes, or the lines of a file that start in [from, to) (see FileLines). */
type ChunkRef = Uint8Array | { readonly file: string; readonly from: number; readonly to: number; readonly size: number };

/**
 * Reads chunks of lines from a file by byte range: a chunk holds the lines that start in its range, so ranges cut
 * anywhere give whole lines, each line in exactly one chunk, in order. The read buffer is reused (parsers copy
 * what they keep).
 */
class FileLines {
  private fd = -1;
  private buf = Buffer.allocUnsafe(0);
  private lo = 0;
  private have = 0;
  private size = 0;

  constructor(private readonly path: string) {}

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  lines(from: number, to: number, size: number): Buffer {
    if (this.fd < 0) this.fd = openSync(this.path, 'r');
    this.size = size;
    this.lo = from > 0 ? from - 1 : 0;
    this.have = 0;
    this.fill(Math.min(size, to + (64 << 10)) - this.lo);
    let start = from;
    if (from > 0 && this.byte(from - 1) !== 0x0a) {
      const nl = this.newline(from);
      start = nl < 0 ? this.lo + this.have : nl + 1;
    }
    if (start >= to) return this.buf.subarray(0, 0);
    const e = this.newline(to - 1);
    const end = e < 0 ? this.lo + this.have : e + 1;
    return this.buf.subarray(start - this.lo, end - this.lo);
  }

  private byte(pos: number): number {
    return pos - this.lo < this.have ? this.buf[pos - this.lo] : -1;
  }

  /** The position of the first newline at or after `pos`, or -1 (end of file first). */
  private newline(pos: number): number {
    for (;;) {
      const i = this.buf.subarray(0, this.have).indexOf(0x0a, pos - this.lo);
      if (i >= 0) return this.lo + i;
      pos = Math.max(pos, this.lo + this.have);
      if (this.lo + this.have >= this.size || !this.fill(Math.max(this.have * 2, 1 << 16))) return -1;
    }
  }

  /** Reads on until `want` bytes are held (or the end of the file); false when nothing more came. */
  private fill(want: number): boolean {
    want = Math.min(want, this.size - this.lo);
    if (want <= this.have) return false;
    if (this.buf.length < want) {
      const b = Buffer.allocUnsafe(Math.max(want, this.buf.length * 2));
      this.buf.copy(b, 0, 0, this.have);
      this.buf = b;
    }
    const before = this.have;
    while (this.have < want) {
      const n = readSync(this.fd, this.buf, this.have, want - this.have, this.lo + this.have);
      if (n === 0) {
        this.size = this.lo + this.have; // the file shrank
        break;
      }
      this.have += n;
    }
    return this.have > before;
  }
}

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

/** A parsed chunk, or why it failed, and which parser made it (-1: the reading thread). */
interface Slot {
  done: boolean;
  source: number;
  /** Bytes of the file range (0: bytes that came through the input). */
  span: number;
  result?: ChunkResult;
  error?: unknown;
  promise: Promise<void>;
}

interface PoolWorker {
  readonly w: Worker;
  readonly index: number;
  ready: boolean;
  dead: boolean;
  inflight: number;
}

/**
 * Parser threads, shared by every input of the process (a command reading several files starts them once).
 * They do not keep the process alive. Each input is a stream with its own parser state in each thread.
 */
class ParserPool {
  private readonly workers: PoolWorker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: unknown) => void; worker: number }>();
  private readyWaiters: (() => void)[] = [];
  private seq = 0;
  private streams = 0;
  /** A thread died after it had started: chunks it held are lost, so the pool is not used again. */
  broken: unknown = null;

  constructor(n: number) {
    for (let k = 0; k < n; k++) {
      const entry: PoolWorker = { w: spawnParser(), index: k, ready: false, dead: false, inflight: 0 };
      this.workers.push(entry);
      const { w } = entry;
      w.on('message', (m: WorkerReply | 'ready') => {
        if (m === 'ready') {
          entry.ready = true;
          // Idle threads do not keep the process alive (starting ones do: a reader may wait for them).
          if (entry.inflight === 0) w.unref();
          this.wake();
          return;
        }
        const p = this.waiting.get(m.seq);
        if (!p) return;
        this.waiting.delete(m.seq);
        // Busy threads keep the process alive (their results are awaited), idle ones do not.
        if (--entry.inflight === 0) w.unref();
        if (m.error !== undefined) p.reject(new Error(`mde-stream parser thread: ${m.error}`));
        else p.resolve(m.result!);
      });
      w.on('error', (e) => this.fail(entry, e));
      w.on('exit', (code) => this.fail(entry, new Error(`mde-stream parser thread exited (${code})`)));
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private fail(entry: PoolWorker, e: unknown): void {
    // A thread that never started (no loader for this module, say) leaves the parsing to the reading thread; one
    // that dies with chunks in hand fails them.
    if (entry.dead) return;
    const wasReady = entry.ready;
    entry.ready = false;
    entry.dead = true;
    for (const [seq, p] of this.waiting) {
      if (p.worker !== entry.index) continue;
      this.waiting.delete(seq);
      p.reject(e);
    }
    if (wasReady) this.broken ??= e;
    this.wake();
  }

  private wake(): void {
    for (const r of this.readyWaiters.splice(0)) r();
  }

  get allDead(): boolean {
    return this.workers.every((x) => x.dead);
  }

  /** Any thread up (else the caller parses in its own thread). */
  get anyReady(): boolean {
    return this.workers.some((x) => x.ready);
  }

  /** Resolves when a thread is up, or when none can be (tests). */
  ready(): Promise<void> {
    if (this.anyReady || this.allDead) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  open(): number {
    return ++this.streams;
  }

  /** Hands a chunk to the least busy ready thread with room, or returns null. */
  submit(stream: number, chunk: ChunkRef, first: boolean, limit: number): { promise: Promise<ChunkResult>; worker: number } | null {
    if (this.broken) throw this.broken;
    let best: PoolWorker | null = null;
    for (const x of this.workers) if (x.ready && x.inflight < limit && (best === null || x.inflight < best.inflight)) best = x;
    if (best === null) return null;
    const x = best;
    const seq = ++this.seq;
    if (x.inflight++ === 0) x.w.ref();
    const promise = new Promise<ChunkResult>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject, worker: x.index });
      const req: WorkerRequest = { stream, seq, chunk, first };
      x.w.postMessage(req, chunk instanceof Uint8Array ? [chunk.buffer as ArrayBuffer] : []);
    });
    return { promise, worker: x.index };
  }

  /** Drops a stream's parser state in every thread. */
  close(stream: number): void {
    const req: WorkerRequest = { stream, end: true };
    for (const x of this.workers) if (!x.dead) x.w.postMessage(req);
  }
}

let sharedPool: ParserPool | null = null;

/** The process's parser threads (started on first use, again if they broke). */
function parserPool(n: number): ParserPool {
  if (!sharedPool || sharedPool.broken || sharedPool.allDead || sharedPool.size !== n) sharedPool = new ParserPool(n);
  return sharedPool;
}

// ------------------------------------------------------------------------------------------------ layout

const PEEK_LIMIT = 1 << 20;

/** Reads the first bytes, to choose between JSON lines and one streamed document, then replays them. */
async function peek(input: AsyncIterable<Buffer>): Promise<{ head: Buffer; eof: boolean; replay: AsyncIterable<Buffer>; close: () => Promise<void> }> {
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
  // Releases the input when the rest is not read through `replay`.
  const close = async () => {
    if (!eof) await it.return?.();
  };
  return { head, eof, replay, close };
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


/** Whole lines from a byte stream, cut into chunks of about `size` bytes (each an owned copy: it may be transferred). */
async function* lineChunks(input: AsyncIterable<Buffer>, size: number): AsyncGenerator<Uint8Array> {
  let parts: Buffer[] = [];
  let have = 0;
  const take = (n: number): Uint8Array => {
    // Copies the first n bytes of the parts once, and keeps the rest as views.
    const out = new Uint8Array(n);
    let o = 0;
    let k = 0;
    for (; k < parts.length && o < n; k++) {
      const p = parts[k];
      const m = Math.min(p.length, n - o);
      out.set(m === p.length ? p : p.subarray(0, m), o);
      o += m;
      if (m < p.length) {
        parts = [p.subarray(m), ...parts.slice(k + 1)];
        have -= n;
        return out;
      }
    }
    parts = parts.slice(k);
    have -= n;
    return out;
  };
  for await (const chunk of input) {
    if (chunk.length === 0) continue;
    parts.push(chunk);
    have += chunk.length;
    if (have < size) continue;
    // The end of the last whole line.
    let cut = -1;
    let before = have;
    for (let k = parts.length - 1; k >= 0 && cut < 0; k--) {
      before -= parts[k].length;
      const nl = parts[k].lastIndexOf(0x0a);
      if (nl >= 0) cut = before + nl + 1;
    }
    if (cut > 0) yield take(cut);
  }
  if (have > 0) yield take(have);
}

/**
 * `read`, with the rows of JSON-lines input handed over as column-oriented batches (rejects keep their lines),
 * parsed in worker threads when the input spans several chunks. A pretty-printed document is read as `read` does.
 */
async function* readBatches(input: AsyncIterable<Buffer>, _options: ReaderOptions, file?: string): AsyncGenerator<ReaderEvent | BatchEvent> {
  const { head, eof, replay, close } = await peek(input);
  if (isDocument(head, eof)) return yield* readDocument(replay);
  const size = file !== undefined ? sameBytes(file, head) : -1;
  let chunkRefs: AsyncIterable<ChunkRef>;
  let fileLines: FileLines | null = null;
  if (size >= 0) {
    // The parsers read the file themselves: the stream is not read further.
    await close();
    fileLines = new FileLines(file!);
    chunkRefs = fileRanges(file!, size, batchTuning.chunkBytes);
  } else chunkRefs = lineChunks(replay, batchTuning.chunkBytes);
  const local = new ChunkParser();
  const dicts = new BatchDicts();
  const ordinals = new OrdinalCounter();
  const env = process.env.EDGEWATCH_INGEST_WORKERS;
  const nWorkers = env !== undefined && /^\d+$/.test(env) ? Number(env) : batchTuning.workers;
  const limit = batchTuning.queuePerWorker;
  let pool: ParserPool | null = null;
  let stream = 0;
  const queue: Slot[] = [];
  // Bytes read through the input (the head) are the caller's count already: file ranges report the rest.
  let counted = size >= 0 ? head.length : 0;
  const spanOf = (c: ChunkRef): number => {
    if (c instanceof Uint8Array) return 0;
    const k = Math.min(counted, c.to - c.from);
    counted -= k;
    return c.to - c.from - k;
  };
  const slot = (p: Promise<ChunkResult>, source: number, span: number): Slot => {
    const s: Slot = { done: false, source, span, promise: Promise.resolve() };
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
  let lineBase = 0;
  const take = async (): Promise<BatchEvent> => {
    const s = queue.shift()!;
    await s.promise;
    if (s.error !== undefined) throw s.error;
    const ev = toBatch(s.result!, s.source, dicts, ordinals, lineBase, s.span);
    lineBase += s.result!.lines;
    return ev;
  };
  let chunks = 0;
  try {
    for await (const bytes of chunkRefs) {
      const first = chunks === 0;
      // Enough input for the parser threads (they start, or are already up, while this thread parses).
      if (++chunks === batchTuning.workersFrom && nWorkers > 0) {
        try {
          pool = parserPool(nWorkers);
          stream = pool.open();
        } catch {
          pool = null;
        }
      }
      for (;;) {
        const p = pool ? pool.submit(stream, bytes, first, limit) : null;
        if (p) {
          queue.push(slot(p.promise, p.worker, spanOf(bytes)));
          break;
        }
        if (pool && batchTuning.waitForWorkers && !pool.anyReady && !pool.allDead) {
          await pool.ready();
          continue;
        }
        if (!pool || !pool.anyReady || queue.length === 0) {
          const buf = bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : fileLines!.lines(bytes.from, bytes.to, bytes.size);
          queue.push({ done: true, source: -1, span: spanOf(bytes), result: local.parse(buf, first), promise: Promise.resolve() });
          break;
        }
        // Every thread has its fill: hand over the oldest result first.
        yield await take();
      }
      while (queue.length > 0 && queue[0].done) yield await take();
    }
    while (queue.length > 0) yield await take();
  } finally {
    if (pool && stream) pool.close(stream);
    fileLines?.close();
  }
}

/** The chunks of a file, as byte ranges. */
async function* fileRanges(file: string, size: number, chunkBytes: number): AsyncGenerator<ChunkRef> {
  for (let from = 0; from < size; from += chunkBytes) {
    // A turn of the event loop per chunk (no I/O is awaited here): the parser threads' messages get through.
    await new Promise<void>((r) => setImmediate(r));
    yield { file, from, to: Math.min(size, from + chunkBytes), size };
  }
}

/** The size of `file` when it starts with the bytes `head` (a plain file, not one gunzipped on the way), else -1. */
function sameBytes(file: string, head: Buffer): number {
  let fd = -1;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || st.size < head.length) return -1;
    const n = Math.min(head.length, 1 << 16);
    const b = Buffer.allocUnsafe(n);
    if (readSync(fd, b, 0, n, 0) !== n || !b.equals(head.subarray(0, n))) return -1;
    return st.size;
  } catch {
    return -1;
  } finally {
    if (fd >= 0) closeSync(fd);
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
  const parsers = new Map<number, ChunkParser>();
  const files = new Map<number, FileLines>();
  const port = parentPort!;
  port.on('message', (m: WorkerRequest) => {
    if ('end' in m) {
      parsers.delete(m.stream);
      files.get(m.stream)?.close();
      files.delete(m.stream);
      return;
    }
    let parser = parsers.get(m.stream);
    if (!parser) parsers.set(m.stream, (parser = new ChunkParser()));
    let reply: WorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const c = m.chunk;
      let bytes: Buffer;
      if (c instanceof Uint8Array) bytes = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      else {
        let f = files.get(m.stream);
        if (!f) files.set(m.stream, (f = new FileLines(c.file)));
        bytes = f.lines(c.from, c.to, c.size);
      }
      const result = parser.parse(bytes, m.first);
      reply = { seq: m.seq, result };
      transfer = transferables(result);
    } catch (e) {
      reply = { seq: m.seq, error: (e as Error).stack ?? String(e) };
    }
    port.postMessage(reply, transfer);
  });
  port.postMessage('ready');
}
