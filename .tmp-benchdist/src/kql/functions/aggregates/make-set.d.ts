import type { Accumulator, AggregateSite } from '../aggregate-function.js';
export declare const MAX_SIZE = 1048576;
export declare function createMakeSet(site: AggregateSite, fn: string, predicateArg: number, sizeArg: number, defaultSize: number): Accumulator;
export declare const makeSet: import("../aggregate-function.js").AggregateFunction;
export declare const makeSetIf: import("../aggregate-function.js").AggregateFunction;
export declare const makeset: import("../aggregate-function.js").AggregateFunction;
