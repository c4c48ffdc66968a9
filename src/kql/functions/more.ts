import type { ScalarFunction } from './scalar-function.js';
export const functions: ScalarFunction[] = [];
