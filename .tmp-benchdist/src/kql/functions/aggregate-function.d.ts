import type { KType } from '../data/types.js';
import type { Vector } from '../data/vector.js';
/** What an aggregate knows about its call site when the plan is built. */
export interface AggregateSite {
    readonly name: string;
    readonly argTypes: readonly KType[];
    /** Output columns (arg_max(x, *) has several). */
    readonly outputTypes: readonly KType[];
    /** Constant arguments (e.g. make_set's maxSize, percentile's p), undefined where not constant. */
    readonly constArgs: readonly unknown[];
}
/**
 * Grouped accumulation with dense group ids (after DataFusion's GroupsAccumulator): state lives in arrays indexed
 * by group id; `update` sees one batch at a time.
 */
export interface Accumulator {
    /**
     * @param groups group id of each row of the batch (0 <= id < numGroups)
     * @param n rows in the batch
     * @param args the evaluated arguments, one vector per argument, each of length n
     * @param returned for arg_max/arg_min/take_any: the vectors whose values the aggregate returns
     * @param numGroups groups known so far (state arrays must cover them)
     */
    update(groups: Int32Array, n: number, args: readonly Vector[], returned: readonly Vector[], numGroups: number): void;
    /** One vector per output column, row g holding group g's result. */
    finish(numGroups: number): Vector[];
}
export interface AggregateFunction {
    readonly name: string;
    create(site: AggregateSite): Accumulator;
}
