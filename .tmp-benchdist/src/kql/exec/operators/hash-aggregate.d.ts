import { type Batch, type Schema } from '../../data/batch.js';
import type { Accumulator } from '../../functions/aggregate-function.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';
export interface PhysicalAggregate {
    readonly fn: string;
    readonly args: readonly PhysicalExpr[];
    readonly returned: readonly PhysicalExpr[];
    readonly accumulator: () => Accumulator;
    readonly outputs: number;
}
/** summarize: dense group ids from the keys, typed accumulators per aggregate, one output row per group. */
export declare class HashAggregateOp implements PhysicalOp {
    readonly input: PhysicalOp;
    readonly keys: readonly PhysicalExpr[];
    readonly aggregates: readonly PhysicalAggregate[];
    readonly schema: Schema;
    readonly origin: string;
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, keys: readonly PhysicalExpr[], aggregates: readonly PhysicalAggregate[], schema: Schema, origin: string);
    describe(): string;
    execute(): Iterable<Batch>;
}
