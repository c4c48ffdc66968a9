import type { Boxed, KType } from '../data/types.js';

/** What a scalar function knows about one call site when the plan is built (before any row is seen). */
export interface CallSite {
  /** Kusto name of the function, e.g. `ipv4_is_private`. */
  readonly name: string;
  /** The binder's types of the arguments, in order. */
  readonly argTypes: readonly KType[];
  /** The binder's result type at this call site. */
  readonly resultType: KType;
  /**
   * For each argument, its value when it is a constant (a literal or a constant-folded let), else undefined.
   * Lets an implementation compile a regex or parse a CIDR list once per call site.
   */
  readonly constArgs: readonly (Boxed | undefined)[];
  /** The query's pinned `now()`, as 100 ns ticks since 1970. */
  readonly now: bigint;
}

/** A row function over boxed values (see data/types.ts for the value of each Kusto type). */
export type RowFn = (args: Boxed[]) => Boxed;

/**
 * A scalar function. `bind` runs once per call site and returns the row function the executor calls.
 * The executor calls the row function once per distinct value when the only non-constant argument is a
 * dictionary-encoded column, so row functions must be pure unless `volatile` is set.
 */
export interface ScalarFunction {
  readonly name: string;
  /** True for rand(), new_guid() and the like: never cached per distinct value. */
  readonly volatile?: boolean;
  /**
   * Set on a function registered only to refuse it precisely (and, for some, to give the documented null for
   * invalid input): the coverage report counts it as not implemented and shows this note.
   */
  readonly notImplemented?: string;
  bind(site: CallSite): RowFn;
}

/** Small helper for the common case of a function that ignores its call site. */
export function fn(name: string, row: RowFn, volatile = false): ScalarFunction {
  return { name, volatile, bind: () => row };
}
