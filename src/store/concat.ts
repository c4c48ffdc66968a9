/**
 * Concatenates tables of one schema (segments) into one, merging string dictionaries by value so the result keeps
 * a single dictionary per column (the executor computes string functions once per dictionary entry).
 */
import type { Schema } from '../kql/data/batch.js';
import { Table } from '../kql/data/batch.js';
import type { Boxed } from '../kql/data/types.js';
import { ConstVector, DictVector, FlatVector, type Vector, allocData, materialize } from '../kql/data/vector.js';

export function concatTables(schema: Schema, parts: readonly Table[]): Table {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return new Table(schema, nonEmpty[0].columns, nonEmpty[0].length);
  let n = 0;
  for (const p of nonEmpty) n += p.length;
  const cols = schema.map((f, c) => concatColumn(f.type, nonEmpty.map((p) => p.columns[c]), n));
  return new Table(schema, cols, n);
}

/**
 * Parts whose dictionaries are views of one array (a reader's append-only dictionary of the column, each part
 * seeing the entries that existed when it was made): the codes are copied as they are, and the dictionary is the
 * longest view.
 */
function sharedDictionary(parts: readonly Vector[]): FlatVector | null {
  let longest: FlatVector | null = null;
  for (const p of parts) {
    if (p.enc !== 'dict' || p.sel !== null || p.dict.sel !== null) return null;
    if (longest !== null && p.dict.data !== longest.data) return null;
    if (longest === null || p.dict.length > longest.length) longest = p.dict;
  }
  return longest;
}

function concatColumn(type: Schema[number]['type'], parts: Vector[], n: number): Vector {
  if (type === 'string') {
    const shared = sharedDictionary(parts);
    if (shared !== null) {
      const codes = new Int32Array(n);
      let o = 0;
      for (const p of parts as DictVector[]) {
        codes.set(p.codes.length === p.length ? p.codes : p.codes.subarray(0, p.length), o);
        o += p.length;
      }
      return new DictVector('string', codes, shared);
    }
    const map = new Map<string, number>();
    const dict: string[] = [];
    const codes = new Int32Array(n);
    let o = 0;
    for (const p0 of parts) {
      const p = materialize(p0);
      if (p.enc === 'dict') {
        // Remap this part's dictionary once, then its codes.
        const remap = new Int32Array(p.dict.length);
        for (let k = 0; k < p.dict.length; k++) {
          const s = (p.dict.get(k) as string) ?? '';
          let c = map.get(s);
          if (c === undefined) (c = dict.length), dict.push(s), map.set(s, c);
          remap[k] = c;
        }
        for (let i = 0; i < p.length; i++) codes[o++] = remap[p.codes[i]];
      } else {
        for (let i = 0; i < p.length; i++) {
          const s = (p.get(i) as string) ?? '';
          let c = map.get(s);
          if (c === undefined) (c = dict.length), dict.push(s), map.set(s, c);
          codes[o++] = c;
        }
      }
    }
    return new DictVector('string', codes, new FlatVector('string', dict, null));
  }
  // Constant parts (the ingestion time of each commit): one value, or a native fill per part.
  if (parts.length > 0 && parts.every((p) => p.enc === 'const')) {
    const v0 = parts[0].get(0);
    if (parts.every((p) => p.get(0) === v0)) return new ConstVector(type, v0, n);
  }
  const data = allocData(type, n);
  if (data instanceof Array) {
    let o = 0;
    for (const p of parts) for (let i = 0; i < p.length; i++) data[o++] = p.get(i) as Boxed;
    return new FlatVector(type, data, null);
  }
  let nulls: Uint8Array | null = null;
  let o = 0;
  for (const p0 of parts) {
    if (p0.enc === 'const') {
      if (p0.value === null) (nulls ??= new Uint8Array(n)).fill(1, o, o + p0.length);
      else (data as unknown as { fill(v: unknown, s: number, e: number): void }).fill(p0.value, o, o + p0.length);
      o += p0.length;
      continue;
    }
    const p = materialize(p0) as FlatVector;
    (data as Int32Array).set(p.data as Int32Array, o);
    if (p.nulls) (nulls ??= new Uint8Array(n)).set(p.nulls, o);
    o += p.length;
  }
  return new FlatVector(type, data, nulls);
}
