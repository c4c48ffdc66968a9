import type { Batch, Schema, Table } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';
/** Emits an already computed table (datatable rows, range, a shared subplan's result). */
export declare class TableSourceOp implements PhysicalOp {
    readonly label: string;
    private readonly produce;
    readonly schema: Schema;
    readonly children: readonly PhysicalOp[];
    /** Emit the table as a single batch (window functions need the whole row set at once). */
    private readonly single;
    constructor(label: string, produce: () => Table, schema: Schema, children?: readonly PhysicalOp[], 
    /** Emit the table as a single batch (window functions need the whole row set at once). */
    single?: boolean);
    describe(): string;
    execute(): Iterable<Batch>;
}
