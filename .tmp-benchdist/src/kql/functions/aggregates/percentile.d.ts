/** Nearest-rank pick over sorted values with cumulative weights (all weights 1 when unweighted). */
export declare function nearestRank(sorted: readonly (number | bigint)[], cumWeights: Float64Array | null, p: number): number | bigint;
export declare const percentile: import("../aggregate-function.js").AggregateFunction;
export declare const percentiles: import("../aggregate-function.js").AggregateFunction;
export declare const percentilesArray: import("../aggregate-function.js").AggregateFunction;
export declare const percentilew: import("../aggregate-function.js").AggregateFunction;
export declare const percentilesw: import("../aggregate-function.js").AggregateFunction;
export declare const percentileswArray: import("../aggregate-function.js").AggregateFunction;
