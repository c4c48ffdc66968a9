import { type Batch, type Schema } from '../../data/batch.js';
import type { JoinKind } from '../../plan/logical-plan.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';
/**
 * Hash join: builds a hash table on the right side, probes with the left side's batches. innerunique keeps the
 * first left row of each key (Kusto's default); outer kinds pad the missing side with nulls ("" for strings).
 * Null keys match nothing.
 */
export declare class HashJoinOp implements PhysicalOp {
    readonly kind: JoinKind;
    readonly left: PhysicalOp;
    readonly right: PhysicalOp;
    readonly leftKeys: readonly PhysicalExpr[];
    readonly rightKeys: readonly PhysicalExpr[];
    /** Output columns: side and slot. */
    readonly output: readonly {
        side: 'left' | 'right';
        slot: number;
    }[];
    readonly schema: Schema;
    readonly origin: string;
    readonly children: readonly PhysicalOp[];
    constructor(kind: JoinKind, left: PhysicalOp, right: PhysicalOp, leftKeys: readonly PhysicalExpr[], rightKeys: readonly PhysicalExpr[], 
    /** Output columns: side and slot. */
    output: readonly {
        side: 'left' | 'right';
        slot: number;
    }[], schema: Schema, origin: string);
    describe(): string;
    execute(): Iterable<Batch>;
    private emit;
}
