/** Rounds to 10 decimal places (decimal rounding via toFixed where it applies). */
export declare function round10(v: number): number;
export declare const variance: import("../aggregate-function.js").AggregateFunction;
export declare const varianceif: import("../aggregate-function.js").AggregateFunction;
export declare const variancep: import("../aggregate-function.js").AggregateFunction;
export declare const variancepif: import("../aggregate-function.js").AggregateFunction;
export declare const stdev: import("../aggregate-function.js").AggregateFunction;
export declare const stdevif: import("../aggregate-function.js").AggregateFunction;
export declare const stdevp: import("../aggregate-function.js").AggregateFunction;
export declare const covariance: import("../aggregate-function.js").AggregateFunction;
export declare const covarianceif: import("../aggregate-function.js").AggregateFunction;
export declare const covariancep: import("../aggregate-function.js").AggregateFunction;
export declare const covariancepif: import("../aggregate-function.js").AggregateFunction;
