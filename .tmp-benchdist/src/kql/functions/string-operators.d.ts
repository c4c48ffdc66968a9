import type { ScalarFunction } from './scalar-function.js';
export declare function equalsCI(a: string, b: string): boolean;
export declare function containsCI(h: string, n: string): boolean;
export declare function startsWithCI(h: string, n: string): boolean;
export declare function endsWithCI(h: string, n: string): boolean;
export declare const functions: ScalarFunction[];
