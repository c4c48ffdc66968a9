import type { ScalarFunction } from './scalar-function.js';
/** XXH64 with seed 0, returned as an unsigned 64-bit bigint. */
export declare function xxhash64(buf: Uint8Array): bigint;
export declare const functions: ScalarFunction[];
