/**
 * arg_max(x, ...), arg_min(x, ...) (deprecated argmax/argmin). Outputs: the extreme value of x, then one column
 * per `returned` vector holding that vector's value at the winning row.
 *
 * Rules (arg-min-aggregation-function.md, dossier §9): rows whose x is null are ignored unless every row of the
 * group has a null x, in which case one row is picked (here: the first met). Ties are DOC-SILENT; the first row
 * met in input order wins, so the comparison is strict.
 *
 * The winner is kept as (batch, row) plus the batch's returned vectors, so an improvement costs two integer
 * writes whatever the number of returned columns; values are read once, in finish(). Batches no group points to
 * any more are released every few dozen batches.
 */
import type { KType } from '../../data/types.js';
import { FlatVector, type Vector } from '../../data/vector.js';
import type { Accumulator } from '../aggregate-function.js';
type Mode = 'num' | 'big' | 'str';
export declare class ArgExtremeAcc implements Accumulator {
    private readonly mode;
    private readonly isMax;
    private readonly outTypes;
    private bestNum;
    private bestBig;
    private bestStr;
    /** 1 when the group's winner has a non-null x. */
    private has;
    /** Winning row: index into `batches` (-1: no row yet) and row within that batch. */
    private winBatch;
    private winRow;
    private batches;
    private sinceCompact;
    constructor(mode: Mode, isMax: boolean, outTypes: readonly KType[]);
    private ensure;
    update(groups: Int32Array, n: number, args: readonly Vector[], returned: readonly Vector[], numGroups: number): void;
    /** Takes row k when its x is null and the group has no row yet. */
    private takeNullRow;
    private scanNum;
    private scanBig;
    private scanStr;
    /** Drops the batches no group's winner points to. */
    private compact;
    finish(numGroups: number): FlatVector[];
}
export declare const argMax: import("../aggregate-function.js").AggregateFunction;
export declare const argMin: import("../aggregate-function.js").AggregateFunction;
export {};
