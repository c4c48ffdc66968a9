import type { Batch, Schema } from '../../data/batch.js';
/** A physical operator: pulls batches from its children. Built per execution from the logical plan. */
export interface PhysicalOp {
    readonly schema: Schema;
    readonly children: readonly PhysicalOp[];
    /** One line for explain: the operator, its compiled expressions and kernels. */
    describe(): string;
    execute(): Iterable<Batch>;
}
export declare function explainPhysical(op: PhysicalOp, indent?: string): string;
