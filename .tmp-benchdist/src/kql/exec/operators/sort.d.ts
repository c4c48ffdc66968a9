import { type Batch, type Schema } from '../../data/batch.js';
import type { Vector } from '../../data/vector.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';
export interface PhysicalSortKey {
    readonly expr: PhysicalExpr;
    readonly ascending: boolean;
    readonly nullsFirst: boolean;
}
type Cmp = (a: number, b: number) => number;
/**
 * sort / order by, and top (a sort that keeps `limit` rows). Stable; strings in ordinal order; null and NaN
 * grouped at the end that `nulls first|last` names (sort-operator.md).
 */
export declare class SortOp implements PhysicalOp {
    readonly input: PhysicalOp;
    readonly keys: readonly PhysicalSortKey[];
    readonly limit: number | null;
    readonly children: readonly PhysicalOp[];
    constructor(input: PhysicalOp, keys: readonly PhysicalSortKey[], limit: number | null);
    get schema(): Schema;
    describe(): string;
    execute(): Iterable<Batch>;
}
/** A comparator over row indices of one key vector. */
export declare function comparator(v: Vector, n: number, asc: boolean, nullsFirst: boolean): Cmp;
export {};
