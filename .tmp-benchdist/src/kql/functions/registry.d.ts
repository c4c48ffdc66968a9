/**
 * The scalar function registry, keyed by Kusto function name (operators as `op:<token>`). Later modules win, so the
 * operator kernels' row functions (operators.ts) come last.
 */
import type { ScalarFunction } from './scalar-function.js';
export declare function getScalarFunction(name: string): ScalarFunction | undefined;
export declare function scalarFunctionNames(): string[];
