import type { Boxed, KType } from '../../data/types.js';
import { DictVector, type FlatVector, type Vector, VectorBuilder, dictEncodeStrings } from '../../data/vector.js';

/**
 * Dense ids for the distinct values of one grouping key. A dictionary-encoded key maps each code to an id once
 * (per dictionary), so grouping by a string column costs an array read per row, not a hash lookup.
 */
export class KeyColumn {
  private readonly ids = new Map<unknown, number>();
  readonly values: Boxed[] = [];
  private nullId = -1;
  private lastDict: FlatVector | null = null;
  private codeIds: Int32Array = new Int32Array(0); // id + 1; 0 = not seen yet
  /** While every value came from one dictionary: that dictionary and each id's code in it (output reuses it). */
  private onlyDict: FlatVector | null = null;
  private idCodes: number[] | null = [];

  constructor(readonly type: KType) {}

  get size(): number {
    return this.values.length;
  }

  private idOf(v: Boxed): number {
    if (v === null) {
      if (this.nullId < 0) {
        this.nullId = this.values.length;
        this.values.push(null);
      }
      return this.nullId;
    }
    const key = typeof v === 'object' ? `\u0000${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))}` : v;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(v);
      this.idCodes = null; // a value not from a dictionary: output is re-encoded
    }
    return id;
  }

  private idOfCode(dict: FlatVector, c: number): number {
    const v = dict.get(c);
    const before = this.values.length;
    const codes = this.idCodes;
    const id = this.idOf(v);
    if (codes && this.values.length > before && (this.onlyDict === null || this.onlyDict === dict)) {
      this.onlyDict = dict;
      codes.push(c);
      this.idCodes = codes;
    }
    return id;
  }

  /** Writes the id of each of the n rows into out. */
  assign(v: Vector, n: number, out: Int32Array): void {
    if (v.enc === 'const') {
      out.fill(this.idOf(v.value), 0, n);
      return;
    }
    if (v.enc === 'dict') {
      if (this.lastDict !== v.dict) {
        this.lastDict = v.dict;
        this.codeIds = new Int32Array(v.dict.length);
      }
      const codeIds = this.codeIds;
      const codes = v.codes;
      const sel = v.sel;
      const dict = v.dict;
      for (let k = 0; k < n; k++) {
        const c = codes[sel ? sel[k] : k];
        let id = codeIds[c] - 1;
        if (id < 0) {
          id = this.idOfCode(dict, c);
          codeIds[c] = id + 1;
        }
        out[k] = id;
      }
      return;
    }
    for (let k = 0; k < n; k++) out[k] = this.idOf(v.get(k));
  }

  /** The key values of the given ids, as a vector (strings dictionary-encoded again). */
  output(idsByGroup: Int32Array, numGroups: number): Vector {
    if (this.type === 'string' && this.onlyDict && this.idCodes && this.idCodes.length === this.values.length) {
      // Every key came from one dictionary: the output shares it (no re-encoding).
      const codes = new Int32Array(numGroups);
      for (let g = 0; g < numGroups; g++) codes[g] = this.idCodes[idsByGroup[g]];
      return new DictVector('string', codes, this.onlyDict);
    }
    if (this.type === 'string') {
      const vals: string[] = new Array(numGroups);
      for (let g = 0; g < numGroups; g++) vals[g] = (this.values[idsByGroup[g]] as string) ?? '';
      return dictEncodeStrings(vals);
    }
    const b = new VectorBuilder(this.type, numGroups);
    for (let g = 0; g < numGroups; g++) b.set(g, this.values[idsByGroup[g]]);
    return b.finish();
  }
}

/** Dense group ids for tuples of key ids: folds pairs (a, b) into one id at a time. */
export class GroupIndex {
  private readonly pairMaps: Map<number, number>[] = [];
  /** For each fold level, the number of ids assigned. */
  private readonly counts: number[] = [];
  /** Per key: the key's id for each group (for output). */
  readonly keyIdsByGroup: Int32Array[];
  numGroups = 0;
  private capacity = 1024;

  constructor(readonly numKeys: number) {
    for (let i = 0; i < Math.max(0, numKeys - 1); i++) {
      this.pairMaps.push(new Map());
      this.counts.push(0);
    }
    this.keyIdsByGroup = Array.from({ length: numKeys }, () => new Int32Array(this.capacity));
  }

  /** keyIds[i][k]: id of key i at row k. Writes group ids into out. */
  assign(keyIds: readonly Int32Array[], n: number, out: Int32Array): void {
    if (this.numKeys === 0) {
      out.fill(0, 0, n);
      if (this.numGroups === 0) this.numGroups = 1;
      return;
    }
    if (this.numKeys === 1) {
      const ids = keyIds[0];
      for (let k = 0; k < n; k++) {
        const g = ids[k];
        out[k] = g;
        if (g >= this.numGroups) this.addGroup(g, keyIds, k);
      }
      return;
    }
    const last = this.numKeys - 2;
    for (let k = 0; k < n; k++) {
      let acc = keyIds[0][k];
      for (let level = 0; level <= last; level++) {
        const map = this.pairMaps[level];
        // Exact while ids stay below 2^26 per level.
        const pk = acc * 67108864 + keyIds[level + 1][k];
        let id = map.get(pk);
        if (id === undefined) {
          id = this.counts[level]++;
          map.set(pk, id);
          if (level === last) this.addGroup(id, keyIds, k);
        }
        acc = id;
      }
      out[k] = acc;
    }
  }

  private addGroup(g: number, keyIds: readonly Int32Array[], k: number): void {
    while (g >= this.capacity) this.grow();
    for (let i = 0; i < this.numKeys; i++) this.keyIdsByGroup[i][g] = keyIds[i][k];
    this.numGroups = g + 1;
  }

  private grow(): void {
    this.capacity *= 2;
    for (let i = 0; i < this.numKeys; i++) {
      const a = new Int32Array(this.capacity);
      a.set(this.keyIdsByGroup[i]);
      this.keyIdsByGroup[i] = a;
    }
  }
}
