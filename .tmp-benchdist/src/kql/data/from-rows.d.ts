/**
 * Builds tables from plain records (JSON objects, CSV rows): converts each value to its column's Kusto type, or
 * infers the types when no schema is given. String columns are dictionary-encoded as they are read.
 */
import type { Schema } from './batch.js';
import { Table } from './batch.js';
import type { Boxed, KType } from './types.js';
/** Why a value did not fit its column, with where it was. */
export declare class ValueError extends Error {
}
/** Converts a JSON or text value to a column's type. Undefined, null and "" (for non-strings) become null. */
export declare function convertValue(v: unknown, type: KType): Boxed;
/** Guesses a column type from JSON values: bool, long, real, datetime (ISO strings), dynamic, else string. */
export declare function inferType(values: readonly unknown[]): KType;
export interface RowError {
    readonly row: number;
    readonly column: string;
    readonly message: string;
}
/**
 * Builds a table from records. With a schema, values are converted to its types; columns the records lack are
 * null. Without one, the columns are the union of the records' keys, in first-seen order, with inferred types.
 * A value that does not convert is reported in `errors` and stored as null.
 */
export declare function tableFromRecords(records: readonly Record<string, unknown>[], schema?: Schema): {
    table: Table;
    errors: RowError[];
};
