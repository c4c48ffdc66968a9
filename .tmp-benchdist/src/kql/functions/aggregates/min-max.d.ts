export declare const min: import("../aggregate-function.js").AggregateFunction;
export declare const max: import("../aggregate-function.js").AggregateFunction;
export declare const minif: import("../aggregate-function.js").AggregateFunction;
export declare const maxif: import("../aggregate-function.js").AggregateFunction;
