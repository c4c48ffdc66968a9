import { Table } from './batch.js';
import { VectorBuilder, DictVector, FlatVector } from './vector.js';
import { parseDatetime } from './datetime.js';
import { parseTimespan } from './timespan.js';
/** Why a value did not fit its column, with where it was. */
export class ValueError extends Error {
}
/** Converts a JSON or text value to a column's type. Undefined, null and "" (for non-strings) become null. */
export function convertValue(v, type) {
    if (v === undefined || v === null)
        return type === 'string' ? '' : null;
    switch (type) {
        case 'string':
            return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
        case 'bool':
            if (typeof v === 'boolean')
                return v;
            if (typeof v === 'number')
                return v !== 0;
            if (typeof v === 'string') {
                const s = v.trim().toLowerCase();
                if (s === '')
                    return null;
                if (s === 'true' || s === '1')
                    return true;
                if (s === 'false' || s === '0')
                    return false;
            }
            throw new ValueError(`not a bool: ${JSON.stringify(v)}`);
        case 'int':
        case 'long': {
            if (typeof v === 'string' && v.trim() === '')
                return null;
            if (typeof v === 'number') {
                if (!Number.isInteger(v))
                    throw new ValueError(`not an integer: ${v}`);
                return type === 'int' ? v : BigInt(v);
            }
            if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v))
                return type === 'int' ? Number(v) : BigInt(v.trim());
            if (typeof v === 'bigint')
                return type === 'int' ? Number(v) : v;
            throw new ValueError(`not an integer: ${JSON.stringify(v)}`);
        }
        case 'real': {
            if (typeof v === 'number')
                return v;
            if (typeof v === 'string') {
                const s = v.trim();
                if (s === '')
                    return null;
                if (s === 'NaN')
                    return NaN;
                if (s === 'Infinity')
                    return Infinity;
                if (s === '-Infinity')
                    return -Infinity;
                const n = Number(s);
                if (!Number.isNaN(n))
                    return n;
            }
            throw new ValueError(`not a number: ${JSON.stringify(v)}`);
        }
        case 'datetime': {
            if (typeof v === 'string') {
                if (v.trim() === '')
                    return null;
                const t = parseDatetime(v.trim());
                if (t !== null)
                    return t;
            }
            throw new ValueError(`not a datetime: ${JSON.stringify(v)}`);
        }
        case 'timespan': {
            if (typeof v === 'string') {
                if (v.trim() === '')
                    return null;
                const t = parseTimespan(v.trim());
                if (t !== null)
                    return t;
            }
            throw new ValueError(`not a timespan: ${JSON.stringify(v)}`);
        }
        case 'guid':
            if (typeof v === 'string')
                return v.trim() === '' ? null : v.trim().toLowerCase();
            throw new ValueError(`not a guid: ${JSON.stringify(v)}`);
        case 'dynamic':
            if (typeof v === 'string') {
                // Defender exports dynamic columns (AdditionalFields) as JSON text.
                const s = v.trim();
                if (s === '')
                    return null;
                if (s[0] === '{' || s[0] === '[') {
                    try {
                        return JSON.parse(s);
                    }
                    catch {
                        return v;
                    }
                }
                return v;
            }
            return v;
        default:
            throw new ValueError(`unsupported column type ${type}`);
    }
}
/** Guesses a column type from JSON values: bool, long, real, datetime (ISO strings), dynamic, else string. */
export function inferType(values) {
    let t = null;
    const merge = (x) => {
        if (t === null || t === x)
            t = x;
        else if ((t === 'long' && x === 'real') || (t === 'real' && x === 'long'))
            t = 'real';
        else
            t = t === 'dynamic' || x === 'dynamic' ? 'dynamic' : 'string';
    };
    for (const v of values) {
        if (v === null || v === undefined || v === '')
            continue;
        if (typeof v === 'boolean')
            merge('bool');
        else if (typeof v === 'number')
            merge(Number.isInteger(v) ? 'long' : 'real');
        else if (typeof v === 'object')
            merge('dynamic');
        else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v) && parseDatetime(v) !== null)
            merge('datetime');
        else
            merge('string');
        if (t === 'string')
            break;
    }
    return t ?? 'string';
}
/**
 * Builds a table from records. With a schema, values are converted to its types; columns the records lack are
 * null. Without one, the columns are the union of the records' keys, in first-seen order, with inferred types.
 * A value that does not convert is reported in `errors` and stored as null.
 */
export function tableFromRecords(records, schema) {
    let fields;
    if (schema)
        fields = schema;
    else {
        const names = [];
        const seen = new Set();
        for (const r of records)
            for (const k of Object.keys(r))
                if (!seen.has(k))
                    (seen.add(k), names.push(k));
        fields = names.map((name) => ({ name, type: inferType(records.map((r) => r[name])) }));
    }
    const errors = [];
    const n = records.length;
    // One compiled accessor reads every field of a record with named loads (inline-cached), instead of a keyed
    // load per column per record: loading is row-major, one pass over the records.
    const read = new Function('r', `return [${fields.map((f) => `r[${JSON.stringify(f.name)}]`).join(',')}];`);
    const builders = fields.map((f) => (f.type === 'string' ? new StringColumnBuilder(n) : new VectorBuilder(f.type, n)));
    for (let i = 0; i < n; i++) {
        const vals = read(records[i]);
        for (let j = 0; j < builders.length; j++) {
            const b = builders[j];
            const v = vals[j];
            if (b instanceof StringColumnBuilder) {
                b.set(i, v === undefined || v === null ? '' : typeof v === 'string' ? v : convertValue(v, 'string'));
                continue;
            }
            try {
                b.set(i, convertValue(v, fields[j].type));
            }
            catch (e) {
                if (!(e instanceof ValueError))
                    throw e;
                errors.push({ row: i, column: fields[j].name, message: e.message });
                b.set(i, null);
            }
        }
    }
    const columns = builders.map((b) => b.finish());
    return { table: new Table(fields, columns, n), errors };
}
/** Dictionary-encodes a string column as it is filled. */
class StringColumnBuilder {
    map = new Map();
    dict = [];
    codes;
    constructor(n) {
        this.codes = new Int32Array(n);
    }
    set(i, s) {
        let c = this.map.get(s);
        if (c === undefined) {
            c = this.dict.length;
            this.dict.push(s);
            this.map.set(s, c);
        }
        this.codes[i] = c;
    }
    finish() {
        return new DictVector('string', this.codes, new FlatVector('string', this.dict, null));
    }
}
