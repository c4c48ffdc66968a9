import type { Batch, Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';
/**
 * mv-expand: one output row per element of the expanded arrays (several columns expand in parallel, the shorter
 * padded with nulls); a property bag expands to one `{key: value}` bag per property; a scalar stays one row;
 * an empty array or null yields no row.
 */
export declare class MvExpandOp implements PhysicalOp {
    readonly input: PhysicalOp;
    /** Output slot of each expanded column, its expression and element type. */
    readonly expand: readonly {
        slot: number;
        expr: PhysicalExpr;
        type: KType;
    }[];
    readonly limit: number | null;
    readonly itemIndexSlot: number | null;
    readonly schema: Schema;
    /** For each output slot not expanded (and not the item index): the input slot. */
    readonly passSlots: readonly (number | null)[];
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, 
    /** Output slot of each expanded column, its expression and element type. */
    expand: readonly {
        slot: number;
        expr: PhysicalExpr;
        type: KType;
    }[], limit: number | null, itemIndexSlot: number | null, schema: Schema, 
    /** For each output slot not expanded (and not the item index): the input slot. */
    passSlots: readonly (number | null)[]);
    describe(): string;
    execute(): Iterable<Batch>;
}
