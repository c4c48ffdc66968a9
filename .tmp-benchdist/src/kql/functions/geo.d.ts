import type { Dyn } from '../data/types.js';
import type { ScalarFunction } from './scalar-function.js';
/** The lookup itself, exported for tests. */
export declare function geoInfo(ip: string): Dyn;
export declare const functions: ScalarFunction[];
