import type { Boxed, KType } from './types.js';

/**
 * Column data in the executor.
 *
 * Three encodings behind one read path, after DuckDB's vectors:
 * - `FlatVector`: values in a typed array (bool/int/long/real/datetime/timespan) with a null mask, or in a JS array
 *   (string, dynamic, guid; null is JS null for dynamic and guid).
 * - `DictVector`: codes (Int32Array) into a flat child vector. Every stored string column is one; a function of a
 *   dictionary column is computed once per dictionary entry and yields another DictVector over the same codes.
 * - `ConstVector`: one value standing for `length` rows; never expanded.
 *
 * Any vector may carry a selection `sel`: the vector's row k is physical row `sel[k]` of its data. Filters only
 * build selections; data is copied late (sort, join build, materialize).
 */
export type Vector = FlatVector | DictVector | ConstVector;

export type FlatData = Uint8Array | Int32Array | BigInt64Array | Float64Array | Boxed[];

export class FlatVector {
  readonly enc = 'flat' as const;
  constructor(
    readonly type: KType,
    /** Physical values. */
    readonly data: FlatData,
    /** Null mask over physical rows (1 = null), only for typed-array data. */
    readonly nulls: Uint8Array | null,
    /** Selection over physical rows, or null for all of them. */
    readonly sel: Uint32Array | null = null,
    readonly length: number = sel ? sel.length : data.length,
  ) {}

  get(k: number): Boxed {
    const i = this.sel ? this.sel[k] : k;
    return boxAt(this.type, this.data, this.nulls, i);
  }
  isNull(k: number): boolean {
    const i = this.sel ? this.sel[k] : k;
    if (this.nulls) return this.nulls[i] === 1;
    if (this.data instanceof Array) return this.data[i] === null || this.data[i] === undefined;
    return false;
  }
  select(positions: Uint32Array, count = positions.length): Vector {
    return new FlatVector(this.type, this.data, this.nulls, composeSel(this.sel, positions, count), count);
  }
}

export class DictVector {
  readonly enc = 'dict' as const;
  constructor(
    readonly type: KType,
    readonly codes: Int32Array,
    /** The dictionary: a flat vector without selection. */
    readonly dict: FlatVector,
    readonly sel: Uint32Array | null = null,
    readonly length: number = sel ? sel.length : codes.length,
  ) {}
  code(k: number): number {
    return this.codes[this.sel ? this.sel[k] : k];
  }
  get(k: number): Boxed {
    return this.dict.get(this.code(k));
  }
  isNull(k: number): boolean {
    return this.dict.isNull(this.code(k));
  }
  select(positions: Uint32Array, count = positions.length): Vector {
    return new DictVector(this.type, this.codes, this.dict, composeSel(this.sel, positions, count), count);
  }
}

export class ConstVector {
  readonly enc = 'const' as const;
  readonly sel = null;
  constructor(
    readonly type: KType,
    readonly value: Boxed,
    readonly length: number,
  ) {}
  get(_k: number): Boxed {
    return this.value;
  }
  isNull(_k: number): boolean {
    return this.value === null;
  }
  select(_positions: Uint32Array, count: number): Vector {
    return new ConstVector(this.type, this.value, count);
  }
}

/** Composes an existing selection with logical positions into it. The same pair composes once (cache). */
let lastBase: Uint32Array | null = null;
let lastPos: Uint32Array | null = null;
let lastCount = -1;
let lastOut: Uint32Array | null = null;
export function composeSel(base: Uint32Array | null, positions: Uint32Array, count: number): Uint32Array {
  if (!base) return count === positions.length ? positions : positions.subarray(0, count);
  if (base === lastBase && positions === lastPos && count === lastCount && lastOut) return lastOut;
  const out = new Uint32Array(count);
  for (let k = 0; k < count; k++) out[k] = base[positions[k]];
  lastBase = base;
  lastPos = positions;
  lastCount = count;
  lastOut = out;
  return out;
}

export function boxAt(type: KType, data: FlatData, nulls: Uint8Array | null, i: number): Boxed {
  if (nulls && nulls[i] === 1) return null;
  switch (type) {
    case 'bool':
      return (data as Uint8Array)[i] === 1;
    case 'int':
    case 'real':
    case 'long':
    case 'datetime':
    case 'timespan':
      return (data as Int32Array | Float64Array | BigInt64Array)[i];
    default: {
      const v = (data as Boxed[])[i];
      return v === undefined ? (type === 'string' ? '' : null) : v;
    }
  }
}

/** Typed storage per Kusto type. */
export function isTypedType(t: KType): boolean {
  return t === 'bool' || t === 'int' || t === 'long' || t === 'real' || t === 'datetime' || t === 'timespan';
}

export function allocData(type: KType, n: number): FlatData {
  switch (type) {
    case 'bool':
      return new Uint8Array(n);
    case 'int':
      return new Int32Array(n);
    case 'real':
      return new Float64Array(n);
    case 'long':
    case 'datetime':
    case 'timespan':
      return new BigInt64Array(n);
    case 'string':
      return new Array<Boxed>(n).fill('');
    default:
      return new Array<Boxed>(n).fill(null);
  }
}

/** Builds a flat vector row by row from boxed values. */
export class VectorBuilder {
  readonly data: FlatData;
  nulls: Uint8Array | null = null;
  constructor(
    readonly type: KType,
    readonly n: number,
  ) {
    this.data = allocData(type, n);
  }
  set(i: number, v: Boxed): void {
    if (v === null || v === undefined) {
      if (this.data instanceof Array) {
        this.data[i] = this.type === 'string' ? '' : null;
      } else {
        (this.nulls ??= new Uint8Array(this.n))[i] = 1;
      }
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
      case 'long':
      case 'datetime':
      case 'timespan':
        (this.data as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
        return;
      default:
        (this.data as Boxed[])[i] = v;
    }
  }
  finish(): FlatVector {
    return new FlatVector(this.type, this.data, this.nulls);
  }
}

export function vectorFromBoxed(type: KType, values: readonly Boxed[]): FlatVector {
  const b = new VectorBuilder(type, values.length);
  for (let i = 0; i < values.length; i++) b.set(i, values[i]);
  return b.finish();
}

/** Dictionary-encodes strings: equal strings share a code. */
export function dictEncodeStrings(values: readonly string[]): DictVector {
  const map = new Map<string, number>();
  const dict: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const s = values[i];
    let c = map.get(s);
    if (c === undefined) {
      c = dict.length;
      dict.push(s);
      map.set(s, c);
    }
    codes[i] = c;
  }
  return new DictVector('string', codes, new FlatVector('string', dict, null));
}

/** Copies a vector into a dense flat vector (or a dense dict vector, keeping the dictionary). */
export function materialize(v: Vector): FlatVector | DictVector {
  if (v.enc === 'dict') {
    if (!v.sel) return v;
    const codes = new Int32Array(v.length);
    for (let k = 0; k < v.length; k++) codes[k] = v.codes[v.sel[k]];
    return new DictVector(v.type, codes, v.dict);
  }
  if (v.enc === 'flat' && !v.sel) return v;
  const b = new VectorBuilder(v.type, v.length);
  if (v.enc === 'flat' && !(v.data instanceof Array)) {
    // Typed fast path: gather values and nulls.
    const src = v.data as Int32Array;
    const dst = b.data as Int32Array;
    const sel = v.sel!;
    for (let k = 0; k < v.length; k++) dst[k] = src[sel[k]];
    if (v.nulls) {
      const nn = new Uint8Array(v.length);
      for (let k = 0; k < v.length; k++) nn[k] = v.nulls[sel[k]];
      b.nulls = nn;
    }
    return b.finish();
  }
  for (let k = 0; k < v.length; k++) b.set(k, v.get(k));
  return b.finish();
}

/** Concatenates vectors of one type into one dense vector. String columns stay dictionary-encoded. */
export function concatVectors(type: KType, parts: readonly Vector[]): FlatVector | DictVector {
  if (parts.length === 1) return materialize(parts[0]);
  if (parts.length === 0) return type === 'string' ? dictEncodeStrings([]) : new FlatVector(type, allocData(type, 0), null);
  let n = 0;
  for (const p of parts) n += p.length;
  if (type === 'string') {
    // Keep a shared dictionary when every part uses the same one (the common case: batches of one table).
    const first = parts[0];
    if (parts.every((p) => p.enc === 'dict' && first.enc === 'dict' && p.dict === first.dict)) {
      const codes = new Int32Array(n);
      let o = 0;
      for (const p of parts as DictVector[]) {
        for (let k = 0; k < p.length; k++) codes[o++] = p.code(k);
      }
      return new DictVector('string', codes, (first as DictVector).dict);
    }
    const values: string[] = new Array(n);
    let o = 0;
    for (const p of parts) for (let k = 0; k < p.length; k++) values[o++] = p.get(k) as string;
    return dictEncodeStrings(values);
  }
  const b = new VectorBuilder(type, n);
  let o = 0;
  for (const p of parts) for (let k = 0; k < p.length; k++) b.set(o++, p.get(k));
  return b.finish();
}

/** A dense vector of `n` rows where every row is `value` (used where an operator must emit a column). */
export function constVector(type: KType, value: Boxed, n: number): ConstVector {
  return new ConstVector(type, value, n);
}
