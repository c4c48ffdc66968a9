import type { KType } from './types.js';
import { type Vector } from './vector.js';
/** A column's name and Kusto type. */
export interface Field {
    readonly name: string;
    readonly type: KType;
}
export type Schema = readonly Field[];
/** Rows that travel between operators: one vector per field of the schema, all of the same length. */
export interface Batch {
    readonly columns: readonly Vector[];
    readonly length: number;
}
/** Rows per batch: scratch arrays are sized to it. A power of two, after DuckDB's STANDARD_VECTOR_SIZE. */
export declare const BATCH_SIZE = 4096;
export declare function selectBatch(b: Batch, positions: Uint32Array, count: number): Batch;
/** A fully materialized table: dense columns. */
export declare class Table {
    readonly schema: Schema;
    readonly columns: readonly Vector[];
    readonly length: number;
    constructor(schema: Schema, columns: readonly Vector[], length: number);
    static fromBatches(schema: Schema, batches: readonly Batch[]): Table;
    /** Cuts the table into batches (zero copy: selections over the stored columns would copy, subarrays do not). */
    batches(size?: number): Generator<Batch>;
}
/** Rows [start, end) of a vector without copying its data. */
export declare function sliceVector(v: Vector, start: number, end: number): Vector;
