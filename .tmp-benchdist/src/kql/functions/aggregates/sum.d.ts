import { type Vector } from '../../data/vector.js';
/**
 * Adds each non-null value (as a double) into `sums[group]`, counting it in `counts` when given. Shared by sum,
 * avg and the variance family's first pass.
 */
export declare function addReals(sums: Float64Array, counts: Float64Array | null, groups: Int32Array, n: number, v: Vector, mask: Uint8Array | null): void;
export declare const sum: import("../aggregate-function.js").AggregateFunction;
export declare const sumif: import("../aggregate-function.js").AggregateFunction;
