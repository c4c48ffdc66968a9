export declare const binaryAllAnd: import("../aggregate-function.js").AggregateFunction;
export declare const binaryAllOr: import("../aggregate-function.js").AggregateFunction;
export declare const binaryAllXor: import("../aggregate-function.js").AggregateFunction;
