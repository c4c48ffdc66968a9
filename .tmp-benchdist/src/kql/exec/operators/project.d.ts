import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';
/** Computes the output columns; a column reference passes the input vector through untouched. */
export declare class ProjectOp implements PhysicalOp {
    readonly input: PhysicalOp;
    readonly exprs: readonly PhysicalExpr[];
    readonly schema: Schema;
    readonly origin: string;
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, exprs: readonly PhysicalExpr[], schema: Schema, origin: string);
    describe(): string;
    execute(): Iterable<Batch>;
}
