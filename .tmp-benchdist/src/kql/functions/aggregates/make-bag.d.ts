export declare const makeBag: import("../aggregate-function.js").AggregateFunction;
export declare const makeBagIf: import("../aggregate-function.js").AggregateFunction;
export declare const makeDictionary: import("../aggregate-function.js").AggregateFunction;
