/**
 * Concatenates tables of one schema (segments) into one, merging string dictionaries by value so the result keeps
 * a single dictionary per column (the executor computes string functions once per dictionary entry).
 */
import type { Schema } from '../kql/data/batch.js';
import { Table } from '../kql/data/batch.js';
import type { Boxed } from '../kql/data/types.js';
import { DictVector, FlatVector, type Vector, allocData, materialize } from '../kql/data/vector.js';
import { dictionaryOrigin } from '../kql/data/dictionary-origin.js';
export { noteDictionaryOrigin } from '../kql/data/dictionary-origin.js';

export function concatTables(schema: Schema, parts: readonly Table[]): Table {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return new Table(schema, nonEmpty[0].columns, nonEmpty[0].length);
  let n = 0;
  for (const p of nonEmpty) n += p.length;
  const cols = schema.map((f, c) => concatColumn(f.type, nonEmpty.map((p) => p.columns[c]), n));
  return new Table(schema, cols, n);
}

/** Scratch per global dictionary: the merged code of each global entry, valid where stamp === epoch. */
const SCRATCH = new WeakMap<readonly string[], { stamp: Int32Array; merged: Int32Array; epoch: number }>();

/** The same result as the hashing merge below, for parts whose dictionaries all come from one global one. */
function concatSharedDicts(parts: DictVector[], global: readonly string[], n: number): DictVector {
  let sc = SCRATCH.get(global);
  if (!sc || sc.stamp.length < global.length) {
    const size = Math.max(global.length, 1024) * 2;
    sc = { stamp: new Int32Array(size), merged: new Int32Array(size), epoch: sc?.epoch ?? 0 };
    SCRATCH.set(global, sc);
  }
  const epoch = ++sc.epoch;
  const { stamp, merged } = sc;
  const dict: string[] = [];
  const codes = new Int32Array(n);
  let o = 0;
  for (const p of parts) {
    const g = dictionaryOrigin(p.dict)!.codes;
    const remap = new Int32Array(g.length);
    for (let k = 0; k < g.length; k++) {
      const x = g[k];
      if (stamp[x] !== epoch) {
        stamp[x] = epoch;
        merged[x] = dict.length;
        dict.push(global[x]);
      }
      remap[k] = merged[x];
    }
    for (let i = 0; i < p.length; i++) codes[o++] = remap[p.codes[i]];
  }
  return new DictVector('string', codes, new FlatVector('string', dict, null));
}

function sharedGlobal(parts: Vector[]): readonly string[] | null {
  let global: readonly string[] | null = null;
  for (const p of parts) {
    if (p.enc !== 'dict' || p.sel !== null) return null;
    const o = dictionaryOrigin(p.dict);
    if (!o || (global !== null && o.global !== global)) return null;
    global = o.global;
  }
  return global;
}

function concatColumn(type: Schema[number]['type'], parts: Vector[], n: number): Vector {
  if (type === 'string') {
    const global = sharedGlobal(parts);
    if (global !== null) return concatSharedDicts(parts as DictVector[], global, n);
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
  const data = allocData(type, n);
  if (data instanceof Array) {
    let o = 0;
    for (const p of parts) for (let i = 0; i < p.length; i++) data[o++] = p.get(i) as Boxed;
    return new FlatVector(type, data, null);
  }
  let nulls: Uint8Array | null = null;
  let o = 0;
  for (const p0 of parts) {
    const p = materialize(p0) as FlatVector;
    (data as Int32Array).set(p.data as Int32Array, o);
    if (p.nulls) (nulls ??= new Uint8Array(n)).set(p.nulls, o);
    o += p.length;
  }
  return new FlatVector(type, data, nulls);
}
