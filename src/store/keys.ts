/**
 * Deduplication keys of the store's rows, and the UTC day of each row, computed column-wise.
 *
 * A key is (DeviceId, Timestamp, ReportId) (see store.ts). For the usual column types (string, int, long, datetime,
 * timespan) it is held as six 32-bit words and a null mask: a string as a code that this writer gives each distinct
 * value of that column for its lifetime, a 64-bit value as its two halves. Two keys are equal exactly when their
 * values are (no hashing of values into fewer bits, so no false duplicates). Other shapes (a table without
 * ReportId is keyed on every column) fall back to canonical strings.
 */
import type { Schema } from '../kql/data/batch.js';
import { TICKS_PER_DAY } from '../kql/data/types.js';
import { civilFromDays, floorDivBig } from '../kql/data/datetime.js';
import { materialize, type FlatVector, type Vector } from '../kql/data/vector.js';

/** JSON with sorted keys (bigint as its digits): the same row always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

function stringKeyOf(cols: readonly Vector[], i: number): string {
  if (cols.length === 3) return `${String(cols[0].get(i))}\u0001${String(cols[1].get(i))}\u0001${String(cols[2].get(i))}`;
  let s = '';
  for (const c of cols) {
    const v = c.get(i);
    s += (typeof v === 'object' && v !== null ? canonicalJson(v) : String(v)) + '\u0001';
  }
  return s;
}

/** The keys of n rows. */
export type EncodedKeys = { readonly kind: 'words'; readonly words: Int32Array; readonly nulls: Uint8Array } | { readonly kind: 'strings'; readonly keys: string[] };

/** The keys of one partition (stored and being committed), in insertion order so a failed commit can be undone. */
export interface PartKeySet {
  readonly size: number;
  /** Adds row i's key; false when the set has it already. */
  add(k: EncodedKeys, i: number): boolean;
  /** Forgets the keys added after the set had `size` of them. */
  truncate(size: number): void;
}

const W = 6;

type Kind = 'str' | 'i64' | 'i32';

function kindOf(type: string): Kind | null {
  if (type === 'string') return 'str';
  if (type === 'long' || type === 'datetime' || type === 'timespan') return 'i64';
  if (type === 'int') return 'i32';
  return null;
}

/** How the rows of one table become keys (fixed by its schema). */
export class TableKeys {
  private readonly kinds: Kind[] | null;
  /** Per string key column: value -> code, for the writer's lifetime. */
  private readonly codes: Map<string, number>[];

  /** `keyTypes`: the types of the key columns, in key order. */
  constructor(keyTypes: readonly string[]) {
    const kinds = keyTypes.map(kindOf);
    this.kinds = kinds.length === 3 && kinds.every((k) => k !== null) ? (kinds as Kind[]) : null;
    this.codes = keyTypes.map(() => new Map());
  }

  static forSchema(schema: Schema, keyCols: readonly number[]): TableKeys {
    return new TableKeys(keyCols.map((i) => schema[i].type));
  }

  /** The keys of rows 0..n-1 of the key columns. */
  encode(cols: readonly Vector[], n: number): EncodedKeys {
    if (this.kinds === null) {
      const keys = new Array<string>(n);
      for (let i = 0; i < n; i++) keys[i] = stringKeyOf(cols, i);
      return { kind: 'strings', keys };
    }
    const words = new Int32Array(n * W);
    const nulls = new Uint8Array(n);
    for (let c = 0; c < 3; c++) {
      const v = materialize(cols[c]);
      const bit = 1 << c;
      const o = 2 * c;
      switch (this.kinds[c]) {
        case 'str': {
          const map = this.codes[c];
          const code = (s: string) => {
            let x = map.get(s);
            if (x === undefined) map.set(s, (x = map.size));
            return x;
          };
          if (v.enc === 'dict') {
            // Each dictionary entry once, then the row codes.
            const remap = new Int32Array(v.dict.length);
            for (let k = 0; k < v.dict.length; k++) remap[k] = code((v.dict.get(k) as string | null) ?? '');
            for (let i = 0; i < n; i++) words[i * W + o] = remap[v.codes[i]];
          } else for (let i = 0; i < n; i++) words[i * W + o] = code((v.get(i) as string | null) ?? '');
          break;
        }
        case 'i64': {
          const f = v as FlatVector;
          const d = f.data as BigInt64Array;
          const halves = new Int32Array(d.buffer, d.byteOffset, n * 2);
          for (let i = 0; i < n; i++) {
            words[i * W + o] = halves[2 * i];
            words[i * W + o + 1] = halves[2 * i + 1];
          }
          if (f.nulls) for (let i = 0; i < n; i++) if (f.nulls[i]) (nulls[i] |= bit), (words[i * W + o] = 0), (words[i * W + o + 1] = 0);
          break;
        }
        case 'i32': {
          const f = v as FlatVector;
          const d = f.data as Int32Array;
          for (let i = 0; i < n; i++) words[i * W + o] = d[i];
          if (f.nulls) for (let i = 0; i < n; i++) if (f.nulls[i]) (nulls[i] |= bit), (words[i * W + o] = 0);
          break;
        }
      }
    }
    return { kind: 'words', words, nulls };
  }

  newSet(): PartKeySet {
    return this.kinds === null ? new StringKeySet() : new WordKeySet();
  }
}

class StringKeySet implements PartKeySet {
  private readonly set = new Set<string>();
  private readonly order: string[] = [];
  get size(): number {
    return this.order.length;
  }
  add(k: EncodedKeys, i: number): boolean {
    const key = (k as { keys: string[] }).keys[i];
    if (this.set.has(key)) return false;
    this.set.add(key);
    this.order.push(key);
    return true;
  }
  truncate(size: number): void {
    for (const key of this.order.splice(size)) this.set.delete(key);
  }
}

/** Open addressing over six-word keys. */
class WordKeySet implements PartKeySet {
  private words = new Int32Array(64 * W);
  private nulls = new Uint8Array(64);
  private hashes = new Int32Array(64);
  private slots = new Int32Array(128); // entry + 1; 0 = empty
  size = 0;

  private static hash(w: Int32Array, at: number, nulls: number): number {
    let h = Math.imul(nulls + 0x3c6ef372, 0x9e3779b1);
    for (let k = 0; k < W; k++) {
      h = Math.imul(h ^ w[at + k], 0x85ebca6b);
      h ^= h >>> 13;
    }
    h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  add(k: EncodedKeys, i: number): boolean {
    const src = (k as { words: Int32Array }).words;
    const nu = (k as { nulls: Uint8Array }).nulls[i];
    const at = i * W;
    const h = WordKeySet.hash(src, at, nu);
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const x = this.slots[s];
      if (x === 0) break;
      const e = x - 1;
      if (this.hashes[e] === h && this.nulls[e] === nu) {
        const b = e * W;
        const w = this.words;
        if (w[b] === src[at] && w[b + 1] === src[at + 1] && w[b + 2] === src[at + 2] && w[b + 3] === src[at + 3] && w[b + 4] === src[at + 4] && w[b + 5] === src[at + 5]) return false;
      }
      s = (s + 1) & mask;
    }
    const e = this.size++;
    if (e >= this.hashes.length) {
      const cap = this.hashes.length * 2;
      const words = new Int32Array(cap * W);
      words.set(this.words);
      this.words = words;
      const nulls = new Uint8Array(cap);
      nulls.set(this.nulls);
      this.nulls = nulls;
      const hashes = new Int32Array(cap);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    // Six stores rather than set(subarray): no view object per row.
    const w = this.words;
    const b = e * W;
    w[b] = src[at];
    w[b + 1] = src[at + 1];
    w[b + 2] = src[at + 2];
    w[b + 3] = src[at + 3];
    w[b + 4] = src[at + 4];
    w[b + 5] = src[at + 5];
    this.nulls[e] = nu;
    this.hashes[e] = h;
    if (this.size * 2 > this.slots.length) this.reindex(this.slots.length * 2);
    else this.slots[s] = e + 1;
    return true;
  }

  private reindex(slotCount: number): void {
    this.slots = new Int32Array(slotCount);
    const mask = slotCount - 1;
    for (let e = 0; e < this.size; e++) {
      let s = this.hashes[e] & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = e + 1;
    }
  }

  truncate(size: number): void {
    if (size >= this.size) return;
    this.size = size;
    this.reindex(this.slots.length);
  }
}

const dayCache = new Map<number, string>();
function dayName(dn: number): string {
  let s = dayCache.get(dn);
  if (s === undefined) {
    const { year, month, day } = civilFromDays(dn);
    s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (dayCache.size > 10_000) dayCache.clear();
    dayCache.set(dn, s);
  }
  return s;
}

/** The UTC day (yyyy-mm-dd) of a datetime. */
export function partitionOf(ticks: bigint): string {
  return dayName(Number(floorDivBig(ticks, TICKS_PER_DAY)));
}

const DAY = Number(TICKS_PER_DAY);
const TWO32 = 4294967296;

/**
 * The UTC day of each row of a datetime column, as an index into `names` (null: -1). Days are found from the
 * ticks as a double (exact below 2^53, within a few ticks above) and checked exactly near a day's edges.
 */
export function dayPartitions(col: FlatVector, n: number): { part: Int32Array; names: string[] } {
  const d = col.data as BigInt64Array;
  const halves = new Int32Array(d.buffer, d.byteOffset, n * 2);
  const part = new Int32Array(n);
  const names: string[] = [];
  const index = new Map<number, number>();
  let lastDay = NaN;
  let lastIdx = -1;
  for (let i = 0; i < n; i++) {
    if (col.nulls && col.nulls[i]) {
      part[i] = -1;
      continue;
    }
    const approx = halves[2 * i + 1] * TWO32 + (halves[2 * i] >>> 0);
    let day = Math.floor(approx / DAY);
    const rem = approx - day * DAY;
    if (rem < 16384 || rem > DAY - 16384) day = Number(floorDivBig(d[i], TICKS_PER_DAY));
    if (day !== lastDay) {
      let k = index.get(day);
      if (k === undefined) {
        k = names.length;
        names.push(dayName(day));
        index.set(day, k);
      }
      lastDay = day;
      lastIdx = k;
    }
    part[i] = lastIdx;
  }
  return { part, names };
}
