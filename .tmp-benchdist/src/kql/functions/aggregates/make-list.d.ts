export declare const makeList: import("../aggregate-function.js").AggregateFunction;
export declare const makeListIf: import("../aggregate-function.js").AggregateFunction;
export declare const makeListWithNulls: import("../aggregate-function.js").AggregateFunction;
export declare const makelist: import("../aggregate-function.js").AggregateFunction;
