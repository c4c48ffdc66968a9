import { type Batch, type Schema } from '../../data/batch.js';
import { type PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';
/** Keeps rows whose predicate is true (null counts as false) by narrowing each column's selection; no copy. */
export declare class FilterOp implements PhysicalOp {
    readonly input: PhysicalOp;
    readonly predicate: PhysicalExpr;
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, predicate: PhysicalExpr);
    get schema(): Schema;
    describe(): string;
    execute(): Iterable<Batch>;
}
