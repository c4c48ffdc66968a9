export declare const takeAny: import("../aggregate-function.js").AggregateFunction;
export declare const takeAnyIf: import("../aggregate-function.js").AggregateFunction;
