/**
 * Compiles a logical expression once per plan into a closure over batches (the physical expression).
 * Column references become slot indices; constants stay constants (ConstVector, never expanded); a function of a
 * dictionary-encoded column is computed once per distinct dictionary entry, lazily, and its result shares the
 * column's codes.
 */
import type { Batch, Schema } from '../data/batch.js';
import type { Boxed, KType } from '../data/types.js';
import { type Vector, allocData } from '../data/vector.js';
import type { Expr } from '../plan/expr.js';
import type { ExecContext } from './context.js';
export interface PhysicalExpr {
    readonly type: KType;
    /** How it runs, for explain. */
    readonly describe: string;
    /** The constant value when the expression does not depend on rows. */
    readonly constant?: {
        value: Boxed;
    };
    eval(batch: Batch): Vector;
}
export declare function compileExpr(e: Expr, schema: Schema, ctx: ExecContext): PhysicalExpr;
/** Rows where a bool vector is true (null counts as false), as logical positions. */
export declare function truePositions(v: Vector, n: number, out: Uint32Array): number;
export { allocData };
