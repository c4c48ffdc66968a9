/**
 * Window functions over a serialized row set (row_number, prev, next, row_cumsum, row_rank_min, row_rank_dense,
 * row_window_session). They see the whole input as one batch: the physical planner puts a ConcatOp under any
 * operator whose expressions use one (see needsWholeInput).
 */
import type { Batch } from '../data/batch.js';
import type { Boxed, KType } from '../data/types.js';
import { type Vector } from '../data/vector.js';
import type { Expr } from '../plan/expr.js';
export declare const WINDOW_FUNCTIONS: Set<string>;
export declare function usesWindow(e: Expr): boolean;
interface Arg {
    readonly type: KType;
    readonly constant?: {
        value: Boxed;
    };
    eval(b: Batch): Vector;
}
/** Evaluates a window function over the whole row set in one batch. */
export declare function evalWindow(name: string, args: readonly Arg[], type: KType, b: Batch): Vector;
export {};
