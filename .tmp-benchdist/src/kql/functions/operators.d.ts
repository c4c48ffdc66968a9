/**
 * Scalar operators as row functions (the vectorized kernels for the hot cases live in exec/kernels.ts).
 * Null rules: semantics.md §6 (sticky nulls; `==` with one null is false, `!=` with one null is true).
 */
import type { Boxed, Dyn } from '../data/types.js';
import type { ScalarFunction } from './scalar-function.js';
export declare function compareBoxed(a: Boxed, b: Boxed): number;
export declare function bigintReplacer(_k: string, v: unknown): unknown;
export declare function equalBoxed(a: Boxed, b: Boxed): boolean;
export declare function getMember(v: Dyn | Boxed, key: string): Dyn;
export declare function getIndex(v: Dyn | Boxed, index: Boxed): Dyn;
export declare const functions: ScalarFunction[];
