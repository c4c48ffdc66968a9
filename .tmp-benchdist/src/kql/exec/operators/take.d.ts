import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';
/** Stops pulling from its input once it has `limit` rows. */
export declare class TakeOp implements PhysicalOp {
    readonly input: PhysicalOp;
    readonly limit: number;
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, limit: number);
    get schema(): Schema;
    describe(): string;
    execute(): Iterable<Batch>;
}
