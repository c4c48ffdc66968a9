/**
 * Shared machinery for the aggregates: growable per-group state, direct access to a vector's physical data,
 * predicate masks for the *if variants, and output builders.
 */
import type { Boxed, Dyn, KType } from '../../data/types.js';
import { FlatVector, type FlatData, type Vector } from '../../data/vector.js';
import type { AggregateFunction, AggregateSite, Accumulator } from '../aggregate-function.js';
/** Capacity for `need` groups: doubles, so growth costs O(1) amortized per group. */
export declare function capacityFor(current: number, need: number): number;
type Typed = Float64Array | Int32Array | Uint8Array | BigInt64Array;
/** Returns `a` when it covers `need` entries, else a larger copy (new entries zero). */
export declare function grow<T extends Typed>(a: T, need: number): T;
/** Growable array of per-group objects (sets, lists, bags), created on first use. */
export declare function growArray<T>(a: (T | undefined)[], need: number): void;
/**
 * Physical access to a non-constant vector: logical row k lives at `data[idx ? idx[k] : k]` (null when
 * `nulls[...]` is 1). A dictionary vector's codes index its dictionary directly, so dictionary-encoded numbers
 * and strings take the same loops as flat ones.
 */
export interface Phys {
    readonly data: FlatData;
    readonly nulls: Uint8Array | null;
    readonly idx: Uint32Array | Int32Array | null;
}
export declare function phys(v: Vector): Phys | null;
/** Boxed value of physical entry i (as vector.get does, without the selection step). */
export declare function boxPhys(type: KType, p: Phys, i: number): Boxed;
/**
 * Rows where a predicate is true (null and false count as false): a 0/1 mask, `null` when every row passes, or
 * `false` when none does (the caller can skip the batch).
 */
export declare function trueRows(pred: Vector, n: number): Uint8Array | null | false;
/** A long vector from per-group counts held in doubles (exact below 2^53). */
export declare function countsToLong(counts: Float64Array, numGroups: number): FlatVector;
/** Builds an output vector of `type` with one boxed value per group. */
export declare function buildVector(type: KType, numGroups: number, value: (g: number) => Boxed): FlatVector;
/** Ordering of two non-null orderable boxed values of one type (number, bigint, string, boolean). */
export declare function compareBoxed(a: Boxed, b: Boxed): number;
/** The types min/max/arg_min/arg_max/percentile order (Kusto's "orderable": number, timespan, datetime, string, bool). */
export declare function checkOrderable(fn: string, t: KType): void;
/** A constant integer argument (make_set's maxSize and the like) or its default. */
export declare function constInt(site: AggregateSite, i: number, dflt: number, fn: string): number;
/** Key that identifies a dynamic value for set semantics: primitives stand for themselves, the rest by JSON text. */
export declare function dynKeyIsPrimitive(v: Dyn): boolean;
/**
 * Shorthand for an aggregate whose `create` takes the site. The accumulator is wrapped so that finish() fails
 * loudly if an output's type ever differs from the binder's (a planner/aggregate mismatch), instead of handing
 * mistyped columns downstream.
 */
export declare function agg(name: string, create: (site: AggregateSite) => Accumulator): AggregateFunction;
/** An aggregate Kusto has but this engine does not implement: fails loudly when the plan is built. */
export declare function notImplemented(name: string, why: string): AggregateFunction;
export {};
