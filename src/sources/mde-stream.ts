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
import { daysFromCivil, daysInMonth, parseDatetime, parseIsoUtcFast } from '../kql/data/datetime.js';
import { TICKS_PER_DAY } from '../kql/data/types.js';
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
  /** String columns: raw JSON string bytes (no escapes) -> dictionary code, so repeated values are not decoded. */
  readonly bytes: ByteDict | null;

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
    this.bytes = type === 'string' ? new ByteDict() : null;
  }

  private last: string | null = null;
  private lastCode = 0;

  /** The dictionary code of a string (added when new). */
  code(s: string): number {
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

  /** The code of row i (string columns). */
  codeAt(i: number): number {
    return this.codes[i];
  }

  /** True when dictionary code `c` stands for "". */
  isEmpty(c: number): boolean {
    return this.dict[c] === '';
  }

  /**
   * `v`: the converted value; for strings the string, null/undefined for "", or a number: a dictionary code
   * already looked up. Returns the string code (strings), else -1.
   */
  push(v: unknown): number {
    const i = this.n++;
    if (this.map !== null) {
      if (i >= this.codes.length) this.codes = grow(this.codes, i + 1);
      const c = typeof v === 'number' ? v : this.code(v === undefined || v === null ? '' : (v as string));
      this.codes[i] = c;
      return c;
    }
    const d = this.data;
    if (d === null) {
      this.values.push(v === undefined ? null : (v as Boxed));
      return -1;
    }
    if (i >= d.length) {
      this.data = grow(d, i + 1);
      if (this.nulls) this.nulls = grow(this.nulls, this.data.length);
    }
    if (v === null || v === undefined) {
      (this.nulls ??= new Uint8Array(this.data!.length))[i] = 1;
      return -1;
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
    return -1;
  }

  finish(): ColumnData {
    const n = this.n;
    if (this.map !== null) return { kind: 'dict', codes: this.codes.slice(0, n), dict: this.dict };
    if (this.data === null) return { kind: 'flat', data: this.values, nulls: null };
    return { kind: 'flat', data: this.data.slice(0, n), nulls: this.nulls ? this.nulls.slice(0, n) : null };
  }
}

/** FNV-1a over bytes [s, e). */
function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h | 0;
}

function sameBytes(a: Uint8Array, as: number, b: Uint8Array, bs: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

/**
 * Byte sequences -> numbers (open addressing). Every entry was made by decoding its bytes, so a hit gives what
 * decoding would have given.
 */
class ByteDict {
  private slots = new Int32Array(256); // entry + 1, 0 = empty
  private hashes: Int32Array = new Int32Array(64);
  private starts: Int32Array = new Int32Array(64);
  private lens: Int32Array = new Int32Array(64);
  private values: Int32Array = new Int32Array(64);
  private arena = new Uint8Array(4096);
  private used = 0;
  private size = 0;

  get(b: Uint8Array, s: number, e: number, h: number): number {
    const mask = this.slots.length - 1;
    const n = e - s;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const x = this.slots[k];
      if (x === 0) return -1;
      const j = x - 1;
      if (this.hashes[j] === h && this.lens[j] === n && sameBytes(this.arena, this.starts[j], b, s, n)) return this.values[j];
    }
  }

  set(b: Uint8Array, s: number, e: number, h: number, value: number): void {
    const n = e - s;
    const j = this.size++;
    if (j >= this.hashes.length) {
      this.hashes = grow(this.hashes, j + 1);
      this.starts = grow(this.starts, j + 1);
      this.lens = grow(this.lens, j + 1);
      this.values = grow(this.values, j + 1);
    }
    if (this.used + n > this.arena.length) this.arena = grow(this.arena, this.used + n);
    this.arena.set(b.subarray(s, e), this.used);
    this.hashes[j] = h;
    this.starts[j] = this.used;
    this.lens[j] = n;
    this.values[j] = value;
    this.used += n;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(j);
  }

  private place(j: number): void {
    const mask = this.slots.length - 1;
    let k = this.hashes[j] & mask;
    while (this.slots[k] !== 0) k = (k + 1) & mask;
    this.slots[k] = j + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let j = 0; j < this.size; j++) this.place(j);
  }
}

const Q = 0x22; // "
const BS = 0x5c; // \
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * Cursor over the bytes of one line for the fast path. Methods return -1 (or false) at anything unusual; the
 * line is then parsed again by JSON.parse, which decides (so this only has to be right on what it accepts).
 */
class Scan {
  b: Buffer = Buffer.alloc(0);
  p = 0;
  end = 0;
  /** Set by str(): the string had a backslash escape. */
  escaped = false;
  /** Set by str(): FNV-1a of the raw bytes between the quotes. */
  hash = 0;

  ws(): void {
    const b = this.b;
    let p = this.p;
    while (p < this.end && isWs(b[p])) p++;
    this.p = p;
  }

  /** At a quote: moves past the closing quote and returns the index of it, or -1 (invalid or unterminated). */
  str(): number {
    const b = this.b;
    let p = this.p + 1;
    let h = 0x811c9dc5;
    let esc = false;
    const end = this.end;
    for (;;) {
      if (p >= end) return -1;
      const c = b[p];
      if (c === Q) break;
      if (c < 0x20) return -1;
      if (c === BS) {
        // Escapes are checked as JSON.parse checks them: \" \\ \/ \b \f \n \r \t \uXXXX.
        esc = true;
        p++;
        if (p >= end) return -1;
        const c2 = b[p];
        if (c2 === 0x75) {
          if (p + 4 >= end) return -1;
          for (let k = 1; k <= 4; k++) {
            const x = b[p + k];
            if (!((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66))) return -1;
          }
          p += 5;
        } else if (c2 === Q || c2 === BS || c2 === 0x2f || c2 === 0x62 || c2 === 0x66 || c2 === 0x6e || c2 === 0x72 || c2 === 0x74) p++;
        else return -1;
        continue;
      }
      h = Math.imul(h ^ c, 0x01000193);
      p++;
    }
    this.escaped = esc;
    this.hash = h | 0;
    this.p = p + 1;
    return p;
  }

  /** A JSON number at p: moves past it, returns its end, or -1. `this.simple`: an integer of at most 15 digits. */
  num(): number {
    const b = this.b;
    let p = this.p;
    const end = this.end;
    if (b[p] === 0x2d) p++;
    if (p >= end) return -1;
    if (b[p] === 0x30) p++;
    else if (b[p] >= 0x31 && b[p] <= 0x39) while (p < end && b[p] >= 0x30 && b[p] <= 0x39) p++;
    else return -1;
    let simple = true;
    if (p < end && b[p] === 0x2e) {
      simple = false;
      p++;
      const d = p;
      while (p < end && b[p] >= 0x30 && b[p] <= 0x39) p++;
      if (p === d) return -1;
    }
    if (p < end && (b[p] === 0x65 || b[p] === 0x45)) {
      simple = false;
      p++;
      if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) p++;
      const d = p;
      while (p < end && b[p] >= 0x30 && b[p] <= 0x39) p++;
      if (p === d) return -1;
    }
    this.simple = simple && p - this.p <= 15;
    this.p = p;
    return p;
  }
  simple = false;

  /** The JS number of bytes [s, e) (a valid JSON number): what JSON.parse gives. */
  numberAt(s: number, e: number): number {
    const b = this.b;
    if (!this.simple) return Number(b.toString('latin1', s, e));
    let neg = false;
    let p = s;
    if (b[p] === 0x2d) (neg = true), p++;
    let v = 0;
    for (; p < e; p++) v = v * 10 + (b[p] - 0x30);
    return neg ? -v : v;
  }

  /** Skips any JSON value (validating it); returns false when it is not valid JSON. */
  skip(depth = 0): boolean {
    if (depth > 64) return false;
    const b = this.b;
    this.ws();
    if (this.p >= this.end) return false;
    const c = b[this.p];
    if (c === Q) return this.str() >= 0;
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      this.p++;
      this.ws();
      if (b[this.p] === close) {
        this.p++;
        return true;
      }
      for (;;) {
        if (c === 0x7b) {
          this.ws();
          if (b[this.p] !== Q || this.str() < 0) return false;
          this.ws();
          if (b[this.p] !== 0x3a) return false;
          this.p++;
        }
        if (!this.skip(depth + 1)) return false;
        this.ws();
        if (this.p >= this.end) return false;
        const d = b[this.p++];
        if (d === close) return true;
        if (d !== 0x2c) return false;
      }
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.num() >= 0;
    return this.lit() !== undefined;
  }

  /** true / false / null at p: moves past it. undefined when it is none of them. */
  lit(): boolean | null | undefined {
    const b = this.b;
    const p = this.p;
    if (p + 4 <= this.end && b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) return (this.p += 4), null;
    if (p + 4 <= this.end && b[p] === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) return (this.p += 4), true;
    if (p + 5 <= this.end && b[p] === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) return (this.p += 5), false;
    return undefined;
  }

  text(s: number, e: number): string {
    return this.b.toString('utf8', s, e);
  }

  /** JSON.parse of bytes [s, e), which the scanner found valid (undefined if JSON.parse disagrees). */
  parseAt(s: number, e: number): unknown {
    try {
      return JSON.parse(this.text(s, e));
    } catch {
      return undefined;
    }
  }
}

const NOT_FAST = -1;

/** Ticks of an ISO 8601 UTC datetime in bytes [s, e) exactly as parseIsoUtcFast reads it, or null. */
function isoTicksAt(b: Uint8Array, s: number, e: number): bigint | null {
  const n = e - s;
  if (n < 20 || n > 28 || b[e - 1] !== 0x5a || b[s + 10] !== 0x54) return null;
  if (b[s + 4] !== 0x2d || b[s + 7] !== 0x2d || b[s + 13] !== 0x3a || b[s + 16] !== 0x3a) return null;
  const y = digitsAt(b, s, 4);
  const mo = digitsAt(b, s + 5, 2);
  const d = digitsAt(b, s + 8, 2);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const h = digitsAt(b, s + 11, 2);
  const mi = digitsAt(b, s + 14, 2);
  const se = digitsAt(b, s + 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return null;
  let frac = 0;
  if (n > 20) {
    if (b[s + 19] !== 0x2e) return null;
    const fd = n - 21;
    if (fd < 1 || fd > 7) return null;
    frac = digitsAt(b, s + 20, fd);
    if (frac < 0) return null;
    for (let i = fd; i < 7; i++) frac *= 10;
  } else if (n !== 20) return null;
  const key = (y * 16 + mo) * 32 + d;
  if (key !== lastDayKey) {
    lastDayKey = key;
    lastDayTicks = BigInt(daysFromCivil(y, mo, d)) * TICKS_PER_DAY;
  }
  return lastDayTicks + BigInt((h * 3600 + mi * 60 + se) * 10_000_000 + frac);
}
let lastDayKey = -1;
let lastDayTicks = 0n;

function digitsAt(b: Uint8Array, s: number, count: number): number {
  let v = 0;
  for (let i = s; i < s + count; i++) {
    const c = b[i] - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The columns of one table in one chunk; `append` is RowBuilder.build + tableFromRecords for one record. */
class TableSink {
  readonly cols: ColumnSink[];
  private readonly index = new Map<string, number>();
  private readonly names: string[];
  private readonly types: ColumnType[];
  private readonly vals: unknown[];
  /** Per column: the record (stamp) that set it, to catch a key given twice (the fast path leaves those). */
  private readonly setBy: Int32Array;
  private stamp = 0;
  private readonly keys: ByteDict;
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
    this.setBy = new Int32Array(this.names.length);
    this.keys = new ByteDict();
    this.names.forEach((name, j) => {
      const k = Buffer.from(name, 'utf8');
      this.keys.set(k, 0, k.length, hashBytes(k, 0, k.length), j);
    });
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

  /** TimeGenerated, the time column and ReportId, then the row into the columns. `raw` null: fast path. */
  private finishRow(line: number, raw: string | null): string | null {
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
      if (r == null || r === '' || (typeof r === 'number' && this.types[rid] === 'string' && this.cols[rid].isEmpty(r))) {
        if (raw === null) {
          vals.fill(undefined);
          return 'no ReportId';
        }
        this.patches.push({ row: this.n, digest: createHash('sha1').update(raw).digest('base64'), raw });
      }
    }
    const i = this.n++;
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
        const t = typeof v === 'string' ? (parseIsoUtcFast(v) ?? parseDatetime(v.trim())) : null;
        if (t === null) return `${this.names[j]}: not a datetime: ${excerpt(JSON.stringify(v) ?? String(v), 80)}`;
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

  /**
   * The fast path: the `properties` object at the scanner's position, read from bytes into a row. Returns false
   * (nothing appended) for anything that is not a plain valid record: escapes in keys, a key twice, a value that
   * does not convert, no ReportId...; the caller then takes the JSON.parse path for the whole line.
   */
  fastProps(sc: Scan, line: number, strs: number[]): boolean {
    const b: Uint8Array = sc.b;
    const vals = this.vals;
    const stamp = ++this.stamp;
    strs.length = 0;
    sc.p++; // {
    sc.ws();
    if (b[sc.p] === 0x7d) sc.p++;
    else
      for (;;) {
        sc.ws();
        if (b[sc.p] !== Q) return this.abandon();
        const ks = sc.p + 1;
        const ke = sc.str();
        if (ke < 0 || sc.escaped) return this.abandon();
        sc.ws();
        if (b[sc.p] !== 0x3a) return this.abandon();
        sc.p++;
        sc.ws();
        const j = this.keys.get(b, ks, ke, sc.hash);
        if (j < 0) {
          if (!sc.skip()) return this.abandon();
        } else {
          if (this.setBy[j] === stamp) return this.abandon();
          this.setBy[j] = stamp;
          if (!this.fastValue(sc, j, strs)) return this.abandon();
        }
        sc.ws();
        const d = b[sc.p++];
        if (d === 0x7d) break;
        if (d !== 0x2c) return this.abandon();
      }
    if (this.finishRow(line, null) !== null) return false;
    // New strings met as raw bytes: remember their codes for the next rows of this chunk.
    for (let k = 0; k < strs.length; k += 4) {
      const j = strs[k];
      const code = this.cols[j].codeAt(this.n - 1);
      this.cols[j].bytes!.set(b, strs[k + 1], strs[k + 2], strs[k + 3], code);
    }
    return true;
  }

  private abandon(): false {
    this.vals.fill(undefined);
    return false;
  }

  /** One value from bytes into vals[j]; false when the fast path cannot take it. */
  private fastValue(sc: Scan, j: number, strs: number[]): boolean {
    const b = sc.b;
    const c = b[sc.p];
    const type = this.types[j];
    if (c === Q) {
      const s = sc.p + 1;
      const e = sc.str();
      if (e < 0) return false;
      if (sc.escaped) {
        const v = sc.parseAt(s - 1, e + 1);
        return v !== undefined && this.convert(j, v) === null;
      }
      if (type === 'string') {
        const col = this.cols[j];
        const code = col.bytes!.get(b, s, e, sc.hash);
        if (code >= 0) this.vals[j] = code;
        else {
          this.vals[j] = sc.text(s, e);
          strs.push(j, s, e, sc.hash);
        }
        return true;
      }
      if (type === 'datetime' && e > s) {
        const t = isoTicksAt(b, s, e);
        if (t !== null) {
          this.vals[j] = t;
          return true;
        }
      }
      return this.convert(j, sc.text(s, e)) === null;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const s = sc.p;
      const e = sc.num();
      if (e < 0) return false;
      const v = sc.numberAt(s, e);
      if (type === 'int' && Number.isInteger(v)) this.vals[j] = v;
      else if (type === 'long' && Number.isInteger(v)) this.vals[j] = BigInt(v);
      else if (type === 'real') this.vals[j] = v;
      else return this.convert(j, v) === null;
      return true;
    }
    if (c === 0x7b || c === 0x5b) {
      const s = sc.p;
      if (!sc.skip()) return false;
      const v = sc.parseAt(s, sc.p);
      return v !== undefined && this.convert(j, v) === null;
    }
    const l = sc.lit();
    if (l === undefined) return false;
    if (l === null) {
      this.vals[j] = null;
      return true;
    }
    return this.convert(j, l) === null;
  }

  finish(table: string): TableChunk {
    return { table, length: this.n, columns: this.cols.map((c) => c.finish()), lines: this.lines.slice(0, this.n), patches: this.patches };
  }
}

const CATEGORY = Buffer.from('category');
const PROPERTIES = Buffer.from('properties');
const RECORDS = Buffer.from('records');
const PREFIX_BYTES = Buffer.from(CATEGORY_PREFIX);

/** Parses chunks of JSON lines into columns (one per thread). */
class ChunkParser implements RecordSink {
  private tables = new Map<string, TableSink>();
  private rejects: RejectEvent[] = [];
  private records = 0;
  private capacity = 64;
  private readonly sc = new Scan();
  private readonly strs: number[] = [];

  props(tableName: string, schema: TableSchema, props: Record<string, unknown>, line: number, raw: string): void {
    this.records++;
    const err = this.sink(tableName, schema).append(props, line, raw);
    if (err !== null) this.rejects.push({ kind: 'reject', message: `${tableName}: ${err}`, line, raw });
  }

  private sink(tableName: string, schema: TableSchema): TableSink {
    let t = this.tables.get(tableName);
    if (!t) this.tables.set(tableName, (t = new TableSink(schema, this.capacity)));
    return t;
  }

  reject(message: string, line: number, raw: string): void {
    this.records++;
    this.rejects.push({ kind: 'reject', message, line, raw });
  }

  /**
   * The fast path for the common line: one record object, `category` before `properties`, read from its bytes
   * without JSON.parse or row objects. False (nothing appended) sends the line to the JSON.parse path.
   */
  private fastLine(b: Buffer, s: number, e: number, line: number): boolean {
    const sc = this.sc;
    sc.b = b;
    sc.p = s;
    sc.end = e;
    sc.ws();
    if (b[sc.p] !== 0x7b) return false;
    sc.p++;
    let sink: TableSink | null = null;
    let done = false;
    for (;;) {
      sc.ws();
      if (b[sc.p] !== Q) return false;
      const ks = sc.p + 1;
      const ke = sc.str();
      if (ke < 0 || sc.escaped) return false;
      sc.ws();
      if (b[sc.p] !== 0x3a) return false;
      sc.p++;
      sc.ws();
      const klen = ke - ks;
      if (klen === 8 && sameBytes(b, ks, CATEGORY, 0, 8)) {
        if (sink !== null || done || b[sc.p] !== Q) return false;
        const cs = sc.p + 1;
        const ce = sc.str();
        if (ce < 0 || sc.escaped || ce - cs <= PREFIX_BYTES.length || !sameBytes(b, cs, PREFIX_BYTES, 0, PREFIX_BYTES.length)) return false;
        const tableName = b.toString('latin1', cs + PREFIX_BYTES.length, ce);
        const schema = getTable(tableName);
        if (!schema || schema.name !== tableName) return false;
        sink = this.sink(tableName, schema);
      } else if (klen === 10 && sameBytes(b, ks, PROPERTIES, 0, 10)) {
        if (sink === null || done || b[sc.p] !== 0x7b) return false;
        // Rows are appended only once the whole line has been checked: the rest of it is checked first.
        const at = sc.p;
        if (!sc.skip()) return false;
        const after = sc.p;
        if (!this.restIsValid()) return false;
        sc.p = at;
        if (!sink.fastProps(sc, line, this.strs)) return false;
        if (sc.p !== after) throw new Error('mde-stream fast path: properties end mismatch');
        this.records++;
        return true;
      } else if (klen === 7 && sameBytes(b, ks, RECORDS, 0, 7)) return false;
      else if (!sc.skip()) return false;
      sc.ws();
      const d = b[sc.p++];
      if (d === 0x7d) return false; // no properties: the JSON.parse path says why
      if (d !== 0x2c) return false;
    }
  }

  /** After `properties`: the other members (none named category, properties or records), `}`, then only spaces. */
  private restIsValid(): boolean {
    const sc = this.sc;
    const b = sc.b;
    for (;;) {
      sc.ws();
      const d = b[sc.p++];
      if (d === 0x7d) break;
      if (d !== 0x2c) return false;
      sc.ws();
      if (b[sc.p] !== Q) return false;
      const ks = sc.p + 1;
      const ke = sc.str();
      if (ke < 0 || sc.escaped) return false;
      const klen = ke - ks;
      if ((klen === 8 && sameBytes(b, ks, CATEGORY, 0, 8)) || (klen === 10 && sameBytes(b, ks, PROPERTIES, 0, 10)) || (klen === 7 && sameBytes(b, ks, RECORDS, 0, 7))) return false;
      sc.ws();
      if (b[sc.p] !== 0x3a) return false;
      sc.p++;
      if (!sc.skip()) return false;
    }
    sc.ws();
    return sc.p === sc.end;
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
      let start = pos;
      let end = nl;
      pos = nl + 1;
      if (end > start && bytes[end - 1] === 0x0d) end--;
      if (line === 1 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
      if (this.fastLine(bytes, start, end, line)) continue;
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
  private readonly workers: { w: Worker; ready: boolean; dead: boolean; inflight: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: unknown) => void; worker: number }>();
  private seq = 0;
  private failed: unknown = null;

  constructor(n: number) {
    for (let k = 0; k < n; k++) {
      const w = spawnParser();
      const entry = { w, ready: false, dead: false, inflight: 0 };
      this.workers.push(entry);
      w.unref();
      w.on('message', (m: WorkerReply | 'ready') => {
        if (m === 'ready') {
          entry.ready = true;
          this.wake();
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

  private fail(entry: { w: Worker; ready: boolean; dead: boolean }, e: unknown): void {
    // A worker that never started (no loader for this module, say) just leaves the parsing to the reading thread;
    // one that dies with chunks in hand fails them.
    const wasReady = entry.ready;
    entry.ready = false;
    entry.dead = true;
    this.wake();
    const k = this.workers.findIndex((x) => x === entry);
    for (const [seq, p] of this.waiting) {
      if (p.worker !== k) continue;
      this.waiting.delete(seq);
      p.reject(e);
    }
    if (wasReady) this.failed ??= e;
  }

  private readyWaiters: (() => void)[] = [];

  /** Resolves when a worker is up, or when none can be (tests). */
  ready(): Promise<void> {
    if (this.anyReady || this.workers.every((x) => x.dead)) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  private wake(): void {
    for (const r of this.readyWaiters.splice(0)) r();
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
      if (++chunks === batchTuning.workersFrom && nWorkers > 0) {
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
        if (pool && batchTuning.waitForWorkers && !pool.anyReady) {
          await pool.ready();
          continue;
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
