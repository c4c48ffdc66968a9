/**
 * Our columnar tables <-> Arrow IPC files (the store's segment format, readable by pyarrow, DuckDB, polars...).
 *
 * | Kusto type | Arrow type                                  | field metadata            |
 * |------------|---------------------------------------------|---------------------------|
 * | string     | Dictionary<Int8/16/32, Utf8> (never null; the narrowest index that fits) | kusto_type=string |
 * | bool       | Bool                                         | kusto_type=bool           |
 * | int        | Int32                                        | kusto_type=int            |
 * | long       | Int64                                        | kusto_type=long           |
 * | real       | Float64                                      | kusto_type=real           |
 * | datetime   | Timestamp(nanosecond, 'UTC') = ticks * 100   | kusto_type=datetime       |
 * | datetime   | Int64 ticks (when a value is outside 1677-09-21..2262-04-11, the int64-nanosecond range) | kusto_type=datetime, kusto_encoding=ticks |
 * | timespan   | Int64 ticks (100 ns)                         | kusto_type=timespan       |
 * | dynamic    | Utf8 JSON text (null = null)                 | kusto_type=dynamic        |
 * | guid       | Utf8                                         | kusto_type=guid           |
 *
 * The Kusto type name travels in the field metadata so reading back is exact (7-digit fractions included).
 * decimal is not supported by the engine, so it is refused here too.
 */
import * as arrow from 'apache-arrow';
import type { Field, Schema } from '../kql/data/batch.js';
import { Table } from '../kql/data/batch.js';
import type { Boxed, Dyn, KType } from '../kql/data/types.js';
import { ConstVector, DictVector, FlatVector, type Vector, materialize } from '../kql/data/vector.js';
import { unsupported } from '../kql/errors.js';
import { normalizeTypeName } from '../kql/data/types.js';

const NS_PER_TICK = 100n;
const MAX_NS_TICKS = 9_223_372_036_854_775_807n / NS_PER_TICK;
const MIN_NS_TICKS = -9_223_372_036_854_775_808n / NS_PER_TICK;


/** Validity bitmap (1 = valid) from our null mask (1 = null). */
function validityOf(nulls: Uint8Array | null, n: number): { bitmap: Uint8Array | undefined; nullCount: number } {
  if (!nulls) return { bitmap: undefined, nullCount: 0 };
  let nullCount = 0;
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    if (nulls[i] === 1) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return nullCount === 0 ? { bitmap: undefined, nullCount: 0 } : { bitmap, nullCount };
}

const TWO32 = 4294967296;
/** Ticks this far from 0 are checked exactly (as bigint): the double estimate is within a few units. */
const NEAR_NS_LIMIT = 9.2e16;

/**
 * ticks * 100 (nanoseconds), or null when a non-null value does not fit in int64 nanoseconds. Computed on the
 * 32-bit halves (little-endian, as keys.ts reads them) with exact double arithmetic: no bigint per row.
 */
function nanosOf(ticks: BigInt64Array, nulls: Uint8Array | null, n: number): BigInt64Array | null {
  const src = new Int32Array(ticks.buffer, ticks.byteOffset, n * 2);
  const ns = new BigInt64Array(n);
  const dst = new Int32Array(ns.buffer, 0, n * 2);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const lo = src[2 * i] >>> 0;
    const hi = src[2 * i + 1];
    const approx = hi * TWO32 + lo;
    if (approx > NEAR_NS_LIMIT || approx < -NEAR_NS_LIMIT) {
      const t = ticks[i];
      if (t > MAX_NS_TICKS || t < MIN_NS_TICKS) return null;
      ns[i] = t * NS_PER_TICK;
      continue;
    }
    // lo * 100 < 2^39 and hi * 100 < 2^38 in magnitude: exact; the carry moves to the high half.
    const l = lo * 100;
    const carry = Math.floor(l / TWO32);
    dst[2 * i] = (l - carry * TWO32) | 0;
    dst[2 * i + 1] = (hi * 100 + carry) | 0;
  }
  return ns;
}

/** Dictionary codes (0 <= code < size) as Int8, Int16 or Int32 indices, whichever is the narrowest that fits. */
function narrowCodes(codes: Int32Array, size: number): { index: arrow.Int8 | arrow.Int16 | arrow.Int32; data: Int8Array | Int16Array | Int32Array } {
  if (size > 32768) return { index: new arrow.Int32(), data: codes };
  const data = size > 128 ? new Int16Array(codes.length) : new Int8Array(codes.length);
  data.set(codes);
  return { index: size > 128 ? new arrow.Int16() : new arrow.Int8(), data };
}

/** Utf8 data from JS strings (null entries become Arrow nulls). */
function utf8Data(values: readonly (string | null)[]): arrow.Data<arrow.Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  let nullCount = 0;
  let bitmap: Uint8Array | undefined;
  // Sizes first, then every string written once into one buffer (no per-string arrays).
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null) {
      nullCount++;
      bitmap ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      bitmap[i >> 3] &= ~(1 << (i & 7));
    } else total += Buffer.byteLength(s, 'utf8');
    offsets[i + 1] = total;
  }
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s !== null && s.length > 0) bytes.write(s, offsets[i], offsets[i + 1] - offsets[i], 'utf8');
  }
  return arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount, nullBitmap: nullCount ? bitmap : undefined, valueOffsets: offsets, data: new Uint8Array(bytes.buffer, bytes.byteOffset, total) });
}

function fieldOf(f: Field, type: arrow.DataType, extra: Record<string, string> = {}): arrow.Field {
  return new arrow.Field(f.name, type, true, new Map([['kusto_type', f.type], ...Object.entries(extra)]));
}

function dynText(v: Boxed): string | null {
  if (v === null || v === undefined) return null;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

/** One column to Arrow data and its field. */
function encodeColumn(f: Field, v: Vector, n: number): { field: arrow.Field; data: arrow.Data } {
  if (v.enc === 'const' && f.type === 'datetime' && typeof v.value === 'bigint' && v.value <= MAX_NS_TICKS && v.value >= MIN_NS_TICKS) {
    // One datetime for every row (a commit's ingestion time): a one-entry dictionary, all codes 0, written
    // without a per-row loop.
    const type = new arrow.Dictionary(new arrow.TimestampNanosecond('UTC'), new arrow.Int32());
    const one = arrow.makeData({ type: new arrow.TimestampNanosecond('UTC'), length: 1, nullCount: 0, data: BigInt64Array.of(v.value * NS_PER_TICK) });
    return { field: fieldOf(f, type), data: arrow.makeData({ type, length: n, nullCount: 0, data: new Int32Array(n), dictionary: arrow.makeVector(one) }) };
  }
  const m = materialize(v.enc === 'const' ? expandConst(v.type, v.get(0), n) : v);
  switch (f.type) {
    case 'string': {
      let codes: Int32Array;
      let dict: readonly Boxed[];
      if (m.enc === 'dict') {
        codes = m.codes;
        const d = materialize(m.dict) as FlatVector;
        dict = d.data as Boxed[];
        // Only the entries the rows use are written, in order of first use: rows gathered from a larger table (one
        // partition of a commit), or drawn from a reader's dictionary of the column (a view of a longer array),
        // keep that dictionary.
        const used = new Int32Array(d.length).fill(-1);
        const remapped = new Int32Array(n);
        let count = 0;
        for (let i = 0; i < n; i++) {
          const c = codes[i];
          let u = used[c];
          if (u < 0) u = used[c] = count++;
          remapped[i] = u;
        }
        const small: Boxed[] = new Array(count);
        for (let k = 0; k < d.length; k++) if (used[k] >= 0) small[used[k]] = dict[k];
        codes = remapped;
        dict = small;
      } else {
        // A flat string column: dictionary-encode it here.
        const map = new Map<string, number>();
        const ds: string[] = [];
        codes = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const s = (m.get(i) as string) ?? '';
          let c = map.get(s);
          if (c === undefined) (c = ds.length), ds.push(s), map.set(s, c);
          codes[i] = c;
        }
        dict = ds;
      }
      // The narrowest index type that holds the codes: most columns have few distinct values, and 4-byte codes
      // were most of a segment's bytes (written, fsynced and read back).
      const { index, data } = narrowCodes(codes, dict.length);
      const type = new arrow.Dictionary(new arrow.Utf8(), index);
      const dictionary = arrow.makeVector(utf8Data(dict.map((s) => (s === null || s === undefined ? '' : String(s)))));
      return { field: fieldOf(f, type), data: arrow.makeData({ type, length: n, nullCount: 0, data, dictionary }) };
    }
    case 'bool': {
      const d = m as FlatVector;
      const src = d.data as Uint8Array;
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (src[i]) bits[i >> 3] |= 1 << (i & 7);
      const { bitmap, nullCount } = validityOf(d.nulls, n);
      return { field: fieldOf(f, new arrow.Bool()), data: arrow.makeData({ type: new arrow.Bool(), length: n, nullCount, nullBitmap: bitmap, data: bits }) };
    }
    case 'int': {
      const d = m as FlatVector;
      const { bitmap, nullCount } = validityOf(d.nulls, n);
      return { field: fieldOf(f, new arrow.Int32()), data: arrow.makeData({ type: new arrow.Int32(), length: n, nullCount, nullBitmap: bitmap, data: d.data as Int32Array }) };
    }
    case 'real': {
      const d = m as FlatVector;
      const { bitmap, nullCount } = validityOf(d.nulls, n);
      return { field: fieldOf(f, new arrow.Float64()), data: arrow.makeData({ type: new arrow.Float64(), length: n, nullCount, nullBitmap: bitmap, data: d.data as Float64Array }) };
    }
    case 'long':
    case 'timespan': {
      const d = m as FlatVector;
      const { bitmap, nullCount } = validityOf(d.nulls, n);
      return { field: fieldOf(f, new arrow.Int64()), data: arrow.makeData({ type: new arrow.Int64(), length: n, nullCount, nullBitmap: bitmap, data: d.data as BigInt64Array }) };
    }
    case 'datetime': {
      const d = m as FlatVector;
      const ticks = d.data as BigInt64Array;
      const { bitmap, nullCount } = validityOf(d.nulls, n);
      const ns = nanosOf(ticks, d.nulls, n);
      if (ns === null) {
        // Outside int64 nanoseconds (before 1677 or after 2262): keep ticks, say so in the metadata.
        return { field: fieldOf(f, new arrow.Int64(), { kusto_encoding: 'ticks' }), data: arrow.makeData({ type: new arrow.Int64(), length: n, nullCount, nullBitmap: bitmap, data: ticks }) };
      }
      const type = new arrow.TimestampNanosecond('UTC');
      return { field: fieldOf(f, type), data: arrow.makeData({ type, length: n, nullCount, nullBitmap: bitmap, data: ns }) };
    }
    case 'dynamic': {
      const vals: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) vals[i] = dynText(m.get(i));
      return { field: fieldOf(f, new arrow.Utf8()), data: utf8Data(vals) };
    }
    case 'guid': {
      const vals: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const x = m.get(i);
        vals[i] = x === null || x === undefined ? null : String(x);
      }
      return { field: fieldOf(f, new arrow.Utf8()), data: utf8Data(vals) };
    }
    default:
      throw unsupported(`store: ${f.type} columns`);
  }
}

function expandConst(type: KType, value: Boxed, n: number): Vector {
  if (type === 'string') return new DictVector('string', new Int32Array(n), new FlatVector('string', [value ?? ''], null));
  return rebuild(type, new Array<Boxed>(n).fill(value));
}

function rebuild(type: KType, vals: Boxed[]): FlatVector {
  const n = vals.length;
  const nulls = new Uint8Array(n);
  let data: FlatVector['data'];
  switch (type) {
    case 'bool': data = Uint8Array.from(vals, (x) => (x ? 1 : 0)); break;
    case 'int': data = Int32Array.from(vals, (x) => Number(x ?? 0)); break;
    case 'real': data = Float64Array.from(vals, (x) => Number(x ?? 0)); break;
    case 'long': case 'datetime': case 'timespan': data = BigInt64Array.from(vals, (x) => (typeof x === 'bigint' ? x : 0n)); break;
    default: return new FlatVector(type, vals, null);
  }
  vals.forEach((x, i) => (nulls[i] = x === null ? 1 : 0));
  return new FlatVector(type, data, nulls);
}

/** Encodes a table as an Arrow IPC file (one record batch). */
export function encodeArrowFile(table: Table): Uint8Array {
  const n = table.length;
  const cols = table.schema.map((f, i) => encodeColumn(f, table.columns[i], n));
  const schema = new arrow.Schema(cols.map((c) => c.field));
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, nullCount: 0, children: cols.map((c) => c.data) });
  const batch = new arrow.RecordBatch(schema, struct);
  return arrow.tableToIPC(new arrow.Table(schema, [batch]), 'file');
}

/** The Kusto schema of an Arrow schema (from our metadata, or mapped from the Arrow type for foreign files). */
export function kustoSchemaOf(schema: arrow.Schema): Schema {
  return schema.fields.map((f) => ({ name: f.name, type: kustoTypeOf(f) }));
}

function kustoTypeOf(f: arrow.Field): KType {
  const meta = f.metadata.get('kusto_type');
  if (meta) {
    const t = normalizeTypeName(meta);
    if (t) return t;
  }
  const t = f.type;
  if (arrow.DataType.isDictionary(t) || arrow.DataType.isUtf8(t)) return 'string';
  if (arrow.DataType.isBool(t)) return 'bool';
  if (arrow.DataType.isInt(t)) return t.bitWidth === 64 ? 'long' : 'int';
  if (arrow.DataType.isFloat(t)) return 'real';
  if (arrow.DataType.isTimestamp(t)) return 'datetime';
  throw unsupported(`store: Arrow column '${f.name}' of type ${String(t)}`);
}

const decoder = new TextDecoder();

function nullsOf(d: arrow.Data): Uint8Array | null {
  if (!d.nullCount || !d.nullBitmap || d.nullBitmap.length === 0) return null;
  const n = d.length;
  const out = new Uint8Array(n);
  const bm = d.nullBitmap;
  const off = d.offset;
  for (let i = 0; i < n; i++) {
    const j = i + off;
    if (!(bm[j >> 3] & (1 << (j & 7)))) out[i] = 1;
  }
  return out;
}

/** Utf8 data to JS strings (null for Arrow nulls). */
function utf8Values(d: arrow.Data): (string | null)[] {
  const n = d.length;
  const out: (string | null)[] = new Array(n);
  const offs = d.valueOffsets as Int32Array;
  const bytes = d.values as Uint8Array;
  const nulls = nullsOf(d);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    if (nulls && nulls[i]) out[i] = null;
    else {
      const s = offs[i]; // Arrow slices offsets with the data (not the bitmap)
      const e = offs[i + 1];
      out[i] = e - s < 48 ? buf.toString("utf8", s, e) : decoder.decode(bytes.subarray(s, e));
    }
  }
  return out;
}

function parseDyn(s: string | null): Dyn {
  return s === null ? null : (JSON.parse(s) as Dyn);
}

/** One Arrow column chunk to our vector. */
function decodeChunk(f: Field, af: arrow.Field, d: arrow.Data): Vector {
  const n = d.length;
  switch (f.type) {
    case 'string': {
      if (arrow.DataType.isDictionary(d.type)) {
        const codes = (d.values as Int32Array).subarray(0, n);
        const dictData = d.dictionary!.data;
        const dict: string[] = [];
        for (const dd of dictData) for (const s of utf8Values(dd)) dict.push(s ?? '');
        // Arrow nulls in a foreign file: our strings are never null, "" stands for it.
        const nulls = nullsOf(d);
        let c = codes instanceof Int32Array ? codes : Int32Array.from(codes as ArrayLike<number>);
        if (nulls) {
          c = Int32Array.from(c);
          const empty = dict.length;
          dict.push('');
          for (let i = 0; i < n; i++) if (nulls[i]) c[i] = empty;
        }
        return new DictVector('string', c, new FlatVector('string', dict, null));
      }
      const vals = utf8Values(d).map((s) => s ?? '');
      return new FlatVector('string', vals, null);
    }
    case 'bool': {
      const bits = d.values as Uint8Array;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const j = i + d.offset;
        out[i] = (bits[j >> 3] >> (j & 7)) & 1;
      }
      return new FlatVector('bool', out, nullsOf(d));
    }
    // Arrow buffers are padded to 8 bytes: view exactly the rows (zero copy).
    case 'int':
      return new FlatVector('int', (d.values as Int32Array).subarray(0, n), nullsOf(d));
    case 'real':
      return new FlatVector('real', (d.values as Float64Array).subarray(0, n), nullsOf(d));
    case 'long':
    case 'timespan':
      return new FlatVector(f.type, (d.values as BigInt64Array).subarray(0, n), nullsOf(d));
    case 'datetime': {
      if (arrow.DataType.isDictionary(d.type)) return decodeDatetimeDictionary(f, af, d);
      const v = (d.values as BigInt64Array).subarray(0, n);
      if (!arrow.DataType.isTimestamp(d.type) || af.metadata.get('kusto_encoding') === 'ticks') return new FlatVector('datetime', v, nullsOf(d));
      const unit = (d.type as arrow.Timestamp).unit;
      const div = unit === arrow.TimeUnit.NANOSECOND ? 100n : unit === arrow.TimeUnit.MICROSECOND ? -10n : unit === arrow.TimeUnit.MILLISECOND ? -10_000n : -10_000_000n;
      const out = new BigInt64Array(n);
      if (div > 0n) for (let i = 0; i < n; i++) out[i] = v[i] / div;
      else for (let i = 0; i < n; i++) out[i] = v[i] * -div;
      return new FlatVector('datetime', out, nullsOf(d));
    }
    case 'dynamic':
      return new FlatVector('dynamic', utf8Values(d).map(parseDyn), null);
    case 'guid':
      return new FlatVector('guid', utf8Values(d), null);
    default:
      throw unsupported(`store: ${f.type} columns`);
  }
}

/** A dictionary-encoded datetime column (written for constant columns): one entry is a constant vector. */
function decodeDatetimeDictionary(f: Field, af: arrow.Field, d: arrow.Data): Vector {
  const n = d.length;
  const values: Boxed[] = [];
  for (const dd of d.dictionary!.data) {
    const v = decodeChunk(f, af, dd);
    for (let i = 0; i < v.length; i++) values.push(v.get(i));
  }
  const nulls = nullsOf(d);
  if (values.length === 1 && !nulls) return new ConstVector('datetime', values[0], n);
  const codes = (d.values as Int32Array).subarray(0, n);
  const out = new BigInt64Array(n);
  const outNulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = nulls && nulls[i] ? null : values[codes[i]];
    if (x === null || x === undefined) outNulls[i] = 1;
    else out[i] = x as bigint;
  }
  return new FlatVector('datetime', out, outNulls);
}

/**
 * Decodes an Arrow IPC file (any number of record batches) into our table. `columns` limits what is decoded;
 * `optional` columns are appended when the file has them.
 */
export function decodeArrowFile(bytes: Uint8Array, columns?: readonly string[], optional: readonly string[] = []): Table {
  const t = arrow.tableFromIPC(bytes);
  const full = kustoSchemaOf(t.schema);
  const idx = columns ? columns.map((c) => full.findIndex((f) => f.name === c)) : full.map((_, i) => i);
  if (idx.some((i) => i < 0)) throw new Error(`segment lacks column(s) ${columns!.filter((_, k) => idx[k] < 0).join(', ')}`);
  if (columns) for (const c of optional) {
    const i = full.findIndex((f) => f.name === c);
    if (i >= 0) idx.push(i);
  }
  const schema = idx.map((i) => full[i]);
  const batches = t.batches.map((b) => ({ columns: idx.map((i) => decodeChunk(full[i], t.schema.fields[i], b.data.children[i])), length: b.numRows }));
  if (batches.length === 1) return new Table(schema, batches[0].columns, batches[0].length);
  return Table.fromBatches(schema, batches);
}
