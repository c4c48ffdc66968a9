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
export declare class FlatVector {
    readonly type: KType;
    /** Physical values. */
    readonly data: FlatData;
    /** Null mask over physical rows (1 = null), only for typed-array data. */
    readonly nulls: Uint8Array | null;
    /** Selection over physical rows, or null for all of them. */
    readonly sel: Uint32Array | null;
    readonly length: number;
    readonly enc: 'flat';
    constructor(type: KType, 
    /** Physical values. */
    data: FlatData, 
    /** Null mask over physical rows (1 = null), only for typed-array data. */
    nulls: Uint8Array | null, 
    /** Selection over physical rows, or null for all of them. */
    sel?: Uint32Array | null, length?: number);
    get(k: number): Boxed;
    isNull(k: number): boolean;
    select(positions: Uint32Array, count?: number): Vector;
}
export declare class DictVector {
    readonly type: KType;
    readonly codes: Int32Array;
    /** The dictionary: a flat vector without selection. */
    readonly dict: FlatVector;
    readonly sel: Uint32Array | null;
    readonly length: number;
    readonly enc: 'dict';
    constructor(type: KType, codes: Int32Array, 
    /** The dictionary: a flat vector without selection. */
    dict: FlatVector, sel?: Uint32Array | null, length?: number);
    code(k: number): number;
    get(k: number): Boxed;
    isNull(k: number): boolean;
    select(positions: Uint32Array, count?: number): Vector;
}
export declare class ConstVector {
    readonly type: KType;
    readonly value: Boxed;
    readonly length: number;
    readonly enc: 'const';
    readonly sel: null;
    constructor(type: KType, value: Boxed, length: number);
    get(_k: number): Boxed;
    isNull(_k: number): boolean;
    select(_positions: Uint32Array, count: number): Vector;
}
export declare function composeSel(base: Uint32Array | null, positions: Uint32Array, count: number): Uint32Array;
export declare function boxAt(type: KType, data: FlatData, nulls: Uint8Array | null, i: number): Boxed;
/** Typed storage per Kusto type. */
export declare function isTypedType(t: KType): boolean;
export declare function allocData(type: KType, n: number): FlatData;
/** Builds a flat vector row by row from boxed values. */
export declare class VectorBuilder {
    readonly type: KType;
    readonly n: number;
    readonly data: FlatData;
    nulls: Uint8Array | null;
    constructor(type: KType, n: number);
    set(i: number, v: Boxed): void;
    finish(): FlatVector;
}
export declare function vectorFromBoxed(type: KType, values: readonly Boxed[]): FlatVector;
/** Dictionary-encodes strings: equal strings share a code. */
export declare function dictEncodeStrings(values: readonly string[]): DictVector;
/** Copies a vector into a dense flat vector (or a dense dict vector, keeping the dictionary). */
export declare function materialize(v: Vector): FlatVector | DictVector;
/** Concatenates vectors of one type into one dense vector. String columns stay dictionary-encoded. */
export declare function concatVectors(type: KType, parts: readonly Vector[]): FlatVector | DictVector;
/** A dense vector of `n` rows where every row is `value` (used where an operator must emit a column). */
export declare function constVector(type: KType, value: Boxed, n: number): ConstVector;
