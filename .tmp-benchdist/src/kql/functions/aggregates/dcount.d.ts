/**
 * dcount(expr [, accuracy]), dcountif(expr, pred [, accuracy]), count_distinct(expr), count_distinctif(expr, pred).
 *
 * Kusto's dcount is a HyperLogLog estimate; this engine counts exactly. The two agree on small cardinalities:
 * dcount-aggregation-function.md / estimation-accuracy.md give a perfect count up to about 1000 distinct values
 * at the default accuracy (8000 at accuracy 2); above that Kusto's answer carries its documented estimation error
 * and may differ from ours. count_distinct is exact in Kusto too. The accuracy argument is accepted and ignored.
 * Nulls are ignored; "" is a value (Kusto strings are never null).
 */
import type { Dyn } from '../../data/types.js';
/** A Set key for a dynamic value: numbers/booleans/bigints as themselves, strings and structures tagged. */
export declare function dynSetKey(v: Dyn): unknown;
export declare const dcount: import("../aggregate-function.js").AggregateFunction;
export declare const dcountif: import("../aggregate-function.js").AggregateFunction;
export declare const countDistinct: import("../aggregate-function.js").AggregateFunction;
export declare const countDistinctIf: import("../aggregate-function.js").AggregateFunction;
