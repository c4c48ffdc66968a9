export declare const count: import("../aggregate-function.js").AggregateFunction;
export declare const countif: import("../aggregate-function.js").AggregateFunction;
