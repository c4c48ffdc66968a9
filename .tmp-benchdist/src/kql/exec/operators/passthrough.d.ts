import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';
/** Operators that change nothing about the rows here: render (reported, not drawn), serialize. */
export declare class PassthroughOp implements PhysicalOp {
    readonly input: PhysicalOp;
    readonly label: string;
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, label: string);
    get schema(): Schema;
    describe(): string;
    execute(): Iterable<Batch>;
}
