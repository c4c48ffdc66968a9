import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';
/** union: each leg's columns mapped by name onto the output schema; a column a leg lacks reads as null. */
export declare class UnionOp implements PhysicalOp {
    readonly children: readonly PhysicalOp[];
    readonly mapping: readonly (readonly (number | null)[])[];
    readonly source: {
        name: string;
        values: readonly string[];
        at: number;
    } | undefined;
    readonly schema: Schema;
    constructor(children: readonly PhysicalOp[], mapping: readonly (readonly (number | null)[])[], source: {
        name: string;
        values: readonly string[];
        at: number;
    } | undefined, schema: Schema);
    describe(): string;
    execute(): Iterable<Batch>;
}
