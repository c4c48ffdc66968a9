/**
 * The aggregate registry: Kusto aggregate name -> implementation. Names are the Kusto.Language spellings
 * (lower case), deprecated aliases included. Aggregates Kusto has but this engine does not compute are
 * registered too, failing with `unsupported` when a plan uses them, so they never pass for unknown names.
 */
import type { AggregateFunction } from '../aggregate-function.js';
/** The aggregate of that name (case-sensitive, as Kusto names are), or undefined when Kusto has no such aggregate here. */
export declare function getAggregate(name: string): AggregateFunction | undefined;
/** Names of the aggregates this engine computes (not the ones registered only to fail as unsupported). */
export declare function aggregateNames(): string[];
