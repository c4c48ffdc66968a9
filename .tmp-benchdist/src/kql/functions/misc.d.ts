import type { ScalarFunction } from './scalar-function.js';
export declare const functions: ScalarFunction[];
