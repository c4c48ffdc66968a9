import type { Table } from '../data/batch.js';
import type { LogicalPlan } from '../plan/logical-plan.js';

/** What one query execution needs: the tables in scope, the pinned clock, and per-query caches. */
export interface ExecContext {
  /** The tables in scope (stored tables are read on first use). */
  readonly tables: { get(name: string): Table | undefined };
  /** `now()` for the whole query, in 100 ns ticks since 1970. */
  readonly now: bigint;
  /** Results of shared subplans (lets, materialize), by node id. */
  readonly shared: Map<number, Table>;
  /**
   * The content of an externaldata artifact, by URL. The engine resolves a query's URLs before execution starts;
   * this throws the resolver's error (e.g. "disabled; enable it with ...") for a URL it could not get.
   */
  readonly externalData?: (url: string) => Uint8Array;
  /** Runs a logical subplan to a table (used by toscalar, `in (T)`, `has_any (T)`). */
  runSubplan(plan: LogicalPlan): Table;
}
