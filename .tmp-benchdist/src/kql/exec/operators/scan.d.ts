import type { Batch, Schema, Table } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';
/** Reads a stored table in batches, zero copy. Columns the table lacks (schema drift) read as nulls. */
export declare class ScanOp implements PhysicalOp {
    readonly name: string;
    readonly table: Table;
    readonly schema: Schema;
    readonly children: never[];
    constructor(name: string, table: Table, schema: Schema);
    describe(): string;
    execute(): Iterable<Batch>;
}
