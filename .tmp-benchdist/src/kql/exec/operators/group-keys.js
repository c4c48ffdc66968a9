import { VectorBuilder, dictEncodeStrings } from '../../data/vector.js';
/**
 * Dense ids for the distinct values of one grouping key. A dictionary-encoded key maps each code to an id once
 * (per dictionary), so grouping by a string column costs an array read per row, not a hash lookup.
 */
export class KeyColumn {
    type;
    ids = new Map();
    values = [];
    nullId = -1;
    lastDict = null;
    codeIds = new Int32Array(0); // id + 1; 0 = not seen yet
    constructor(type) {
        this.type = type;
    }
    get size() {
        return this.values.length;
    }
    idOf(v) {
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
        }
        return id;
    }
    /** Writes the id of each of the n rows into out. */
    assign(v, n, out) {
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
                    id = this.idOf(dict.get(c));
                    codeIds[c] = id + 1;
                }
                out[k] = id;
            }
            return;
        }
        for (let k = 0; k < n; k++)
            out[k] = this.idOf(v.get(k));
    }
    /** The key values of the given ids, as a vector (strings dictionary-encoded again). */
    output(idsByGroup, numGroups) {
        if (this.type === 'string') {
            const vals = new Array(numGroups);
            for (let g = 0; g < numGroups; g++)
                vals[g] = this.values[idsByGroup[g]] ?? '';
            return dictEncodeStrings(vals);
        }
        const b = new VectorBuilder(this.type, numGroups);
        for (let g = 0; g < numGroups; g++)
            b.set(g, this.values[idsByGroup[g]]);
        return b.finish();
    }
}
/** Dense group ids for tuples of key ids: folds pairs (a, b) into one id at a time. */
export class GroupIndex {
    numKeys;
    pairMaps = [];
    /** For each fold level, the number of ids assigned. */
    counts = [];
    /** Per key: the key's id for each group (for output). */
    keyIdsByGroup;
    numGroups = 0;
    capacity = 1024;
    constructor(numKeys) {
        this.numKeys = numKeys;
        for (let i = 0; i < Math.max(0, numKeys - 1); i++) {
            this.pairMaps.push(new Map());
            this.counts.push(0);
        }
        this.keyIdsByGroup = Array.from({ length: numKeys }, () => new Int32Array(this.capacity));
    }
    /** keyIds[i][k]: id of key i at row k. Writes group ids into out. */
    assign(keyIds, n, out) {
        if (this.numKeys === 0) {
            out.fill(0, 0, n);
            if (this.numGroups === 0)
                this.numGroups = 1;
            return;
        }
        if (this.numKeys === 1) {
            const ids = keyIds[0];
            for (let k = 0; k < n; k++) {
                const g = ids[k];
                out[k] = g;
                if (g >= this.numGroups)
                    this.addGroup(g, keyIds, k);
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
                    if (level === last)
                        this.addGroup(id, keyIds, k);
                }
                acc = id;
            }
            out[k] = acc;
        }
    }
    addGroup(g, keyIds, k) {
        while (g >= this.capacity)
            this.grow();
        for (let i = 0; i < this.numKeys; i++)
            this.keyIdsByGroup[i][g] = keyIds[i][k];
        this.numGroups = g + 1;
    }
    grow() {
        this.capacity *= 2;
        for (let i = 0; i < this.numKeys; i++) {
            const a = new Int32Array(this.capacity);
            a.set(this.keyIdsByGroup[i]);
            this.keyIdsByGroup[i] = a;
        }
    }
}
