export declare const avg: import("../aggregate-function.js").AggregateFunction;
export declare const avgif: import("../aggregate-function.js").AggregateFunction;
