export class FlatVector {
    type;
    data;
    nulls;
    sel;
    length;
    enc = 'flat';
    constructor(type, 
    /** Physical values. */
    data, 
    /** Null mask over physical rows (1 = null), only for typed-array data. */
    nulls, 
    /** Selection over physical rows, or null for all of them. */
    sel = null, length = sel ? sel.length : data.length) {
        this.type = type;
        this.data = data;
        this.nulls = nulls;
        this.sel = sel;
        this.length = length;
    }
    get(k) {
        const i = this.sel ? this.sel[k] : k;
        return boxAt(this.type, this.data, this.nulls, i);
    }
    isNull(k) {
        const i = this.sel ? this.sel[k] : k;
        if (this.nulls)
            return this.nulls[i] === 1;
        if (this.data instanceof Array)
            return this.data[i] === null || this.data[i] === undefined;
        return false;
    }
    select(positions, count = positions.length) {
        return new FlatVector(this.type, this.data, this.nulls, composeSel(this.sel, positions, count), count);
    }
}
export class DictVector {
    type;
    codes;
    dict;
    sel;
    length;
    enc = 'dict';
    constructor(type, codes, 
    /** The dictionary: a flat vector without selection. */
    dict, sel = null, length = sel ? sel.length : codes.length) {
        this.type = type;
        this.codes = codes;
        this.dict = dict;
        this.sel = sel;
        this.length = length;
    }
    code(k) {
        return this.codes[this.sel ? this.sel[k] : k];
    }
    get(k) {
        return this.dict.get(this.code(k));
    }
    isNull(k) {
        return this.dict.isNull(this.code(k));
    }
    select(positions, count = positions.length) {
        return new DictVector(this.type, this.codes, this.dict, composeSel(this.sel, positions, count), count);
    }
}
export class ConstVector {
    type;
    value;
    length;
    enc = 'const';
    sel = null;
    constructor(type, value, length) {
        this.type = type;
        this.value = value;
        this.length = length;
    }
    get(_k) {
        return this.value;
    }
    isNull(_k) {
        return this.value === null;
    }
    select(_positions, count) {
        return new ConstVector(this.type, this.value, count);
    }
}
/** Composes an existing selection with logical positions into it. The same pair composes once (cache). */
let lastBase = null;
let lastPos = null;
let lastCount = -1;
let lastOut = null;
export function composeSel(base, positions, count) {
    if (!base)
        return count === positions.length ? positions : positions.subarray(0, count);
    if (base === lastBase && positions === lastPos && count === lastCount && lastOut)
        return lastOut;
    const out = new Uint32Array(count);
    for (let k = 0; k < count; k++)
        out[k] = base[positions[k]];
    lastBase = base;
    lastPos = positions;
    lastCount = count;
    lastOut = out;
    return out;
}
export function boxAt(type, data, nulls, i) {
    if (nulls && nulls[i] === 1)
        return null;
    switch (type) {
        case 'bool':
            return data[i] === 1;
        case 'int':
        case 'real':
        case 'long':
        case 'datetime':
        case 'timespan':
            return data[i];
        default: {
            const v = data[i];
            return v === undefined ? (type === 'string' ? '' : null) : v;
        }
    }
}
/** Typed storage per Kusto type. */
export function isTypedType(t) {
    return t === 'bool' || t === 'int' || t === 'long' || t === 'real' || t === 'datetime' || t === 'timespan';
}
export function allocData(type, n) {
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
            return new Array(n).fill('');
        default:
            return new Array(n).fill(null);
    }
}
/** Builds a flat vector row by row from boxed values. */
export class VectorBuilder {
    type;
    n;
    data;
    nulls = null;
    constructor(type, n) {
        this.type = type;
        this.n = n;
        this.data = allocData(type, n);
    }
    set(i, v) {
        if (v === null || v === undefined) {
            if (this.data instanceof Array) {
                this.data[i] = this.type === 'string' ? '' : null;
            }
            else {
                (this.nulls ??= new Uint8Array(this.n))[i] = 1;
            }
            return;
        }
        switch (this.type) {
            case 'bool':
                this.data[i] = v ? 1 : 0;
                return;
            case 'int':
                this.data[i] = Number(v);
                return;
            case 'real':
                this.data[i] = Number(v);
                return;
            case 'long':
            case 'datetime':
            case 'timespan':
                this.data[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
                return;
            default:
                this.data[i] = v;
        }
    }
    finish() {
        return new FlatVector(this.type, this.data, this.nulls);
    }
}
export function vectorFromBoxed(type, values) {
    const b = new VectorBuilder(type, values.length);
    for (let i = 0; i < values.length; i++)
        b.set(i, values[i]);
    return b.finish();
}
/** Dictionary-encodes strings: equal strings share a code. */
export function dictEncodeStrings(values) {
    const map = new Map();
    const dict = [];
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
export function materialize(v) {
    if (v.enc === 'dict') {
        if (!v.sel)
            return v;
        const codes = new Int32Array(v.length);
        for (let k = 0; k < v.length; k++)
            codes[k] = v.codes[v.sel[k]];
        return new DictVector(v.type, codes, v.dict);
    }
    if (v.enc === 'flat' && !v.sel)
        return v;
    const b = new VectorBuilder(v.type, v.length);
    if (v.enc === 'flat' && !(v.data instanceof Array)) {
        // Typed fast path: gather values and nulls.
        const src = v.data;
        const dst = b.data;
        const sel = v.sel;
        for (let k = 0; k < v.length; k++)
            dst[k] = src[sel[k]];
        if (v.nulls) {
            const nn = new Uint8Array(v.length);
            for (let k = 0; k < v.length; k++)
                nn[k] = v.nulls[sel[k]];
            b.nulls = nn;
        }
        return b.finish();
    }
    for (let k = 0; k < v.length; k++)
        b.set(k, v.get(k));
    return b.finish();
}
/** Concatenates vectors of one type into one dense vector. String columns stay dictionary-encoded. */
export function concatVectors(type, parts) {
    if (parts.length === 1)
        return materialize(parts[0]);
    if (parts.length === 0)
        return type === 'string' ? dictEncodeStrings([]) : new FlatVector(type, allocData(type, 0), null);
    let n = 0;
    for (const p of parts)
        n += p.length;
    if (type === 'string') {
        // Keep a shared dictionary when every part uses the same one (the common case: batches of one table).
        const first = parts[0];
        if (parts.every((p) => p.enc === 'dict' && first.enc === 'dict' && p.dict === first.dict)) {
            const codes = new Int32Array(n);
            let o = 0;
            for (const p of parts) {
                for (let k = 0; k < p.length; k++)
                    codes[o++] = p.code(k);
            }
            return new DictVector('string', codes, first.dict);
        }
        const values = new Array(n);
        let o = 0;
        for (const p of parts)
            for (let k = 0; k < p.length; k++)
                values[o++] = p.get(k);
        return dictEncodeStrings(values);
    }
    const b = new VectorBuilder(type, n);
    let o = 0;
    for (const p of parts)
        for (let k = 0; k < p.length; k++)
            b.set(o++, p.get(k));
    return b.finish();
}
/** A dense vector of `n` rows where every row is `value` (used where an operator must emit a column). */
export function constVector(type, value, n) {
    return new ConstVector(type, value, n);
}
