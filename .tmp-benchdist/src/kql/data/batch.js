import { concatVectors } from './vector.js';
/** Rows per batch: scratch arrays are sized to it. A power of two, after DuckDB's STANDARD_VECTOR_SIZE. */
export const BATCH_SIZE = 4096;
export function selectBatch(b, positions, count) {
    if (count === b.length)
        return b;
    return { columns: b.columns.map((c) => c.select(positions, count)), length: count };
}
/** A fully materialized table: dense columns. */
export class Table {
    schema;
    columns;
    length;
    constructor(schema, columns, length) {
        this.schema = schema;
        this.columns = columns;
        this.length = length;
    }
    static fromBatches(schema, batches) {
        const nonEmpty = batches.filter((b) => b.length > 0);
        let n = 0;
        for (const b of nonEmpty)
            n += b.length;
        const cols = schema.map((f, i) => concatVectors(f.type, nonEmpty.map((b) => b.columns[i])));
        if (nonEmpty.length === 0) {
            return new Table(schema, schema.map((f) => concatVectors(f.type, [])), 0);
        }
        return new Table(schema, cols, n);
    }
    /** Cuts the table into batches (zero copy: selections over the stored columns would copy, subarrays do not). */
    *batches(size = BATCH_SIZE) {
        if (this.length === 0)
            return;
        if (this.length <= size) {
            yield { columns: this.columns, length: this.length };
            return;
        }
        for (let start = 0; start < this.length; start += size) {
            const end = Math.min(this.length, start + size);
            yield { columns: this.columns.map((c) => sliceVector(c, start, end)), length: end - start };
        }
    }
}
import { FlatVector, DictVector, ConstVector } from './vector.js';
/** Rows [start, end) of a vector without copying its data. */
export function sliceVector(v, start, end) {
    if (v.sel) {
        const sel = v.sel.subarray(start, end);
        if (v.enc === 'flat')
            return new FlatVector(v.type, v.data, v.nulls, sel);
        if (v.enc === 'dict')
            return new DictVector(v.type, v.codes, v.dict, sel);
    }
    switch (v.enc) {
        case 'flat':
            if (v.data instanceof Array) {
                // JS arrays cannot be viewed; a selection keeps it zero copy.
                const pos = new Uint32Array(end - start);
                for (let k = 0; k < pos.length; k++)
                    pos[k] = start + k;
                return new FlatVector(v.type, v.data, v.nulls, pos, pos.length);
            }
            return new FlatVector(v.type, v.data.subarray(start, end), v.nulls ? v.nulls.subarray(start, end) : null);
        case 'dict':
            return new DictVector(v.type, v.codes.subarray(start, end), v.dict);
        case 'const':
            return new ConstVector(v.type, v.value, end - start);
    }
}
