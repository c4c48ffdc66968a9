/**
 * The aggregate registry: Kusto aggregate name -> implementation. Names are the Kusto.Language spellings
 * (lower case), deprecated aliases included. Aggregates Kusto has but this engine does not compute are
 * registered too, failing with `unsupported` when a plan uses them, so they never pass for unknown names.
 */
import type { AggregateFunction } from '../aggregate-function.js';
import { argMax, argMin } from './arg-max.js';
import { avg, avgif } from './avg.js';
import { binaryAllAnd, binaryAllOr, binaryAllXor } from './binary-all.js';
import { notImplemented } from './common.js';
import { count, countif } from './count.js';
import { countDistinct, countDistinctIf, dcount, dcountif } from './dcount.js';
import { makeBag, makeBagIf, makeDictionary } from './make-bag.js';
import { makeList, makeListIf, makeListWithNulls, makelist } from './make-list.js';
import { makeSet, makeSetIf, makeset } from './make-set.js';
import { max, maxif, min, minif } from './min-max.js';
import { percentile, percentiles, percentilesArray, percentilesw, percentileswArray, percentilew } from './percentile.js';
import {
  covariance, covarianceif, covariancep, covariancepif,
  stdev, stdevif, stdevp, variance, varianceif, variancep, variancepif,
} from './stdev-variance.js';
import { sum, sumif } from './sum.js';
import { takeAny, takeAnyIf } from './take-any.js';
import { mergeTdigest, tdigest, tdigestMerge } from './tdigest.js';

function alias(name: string, target: AggregateFunction): AggregateFunction {
  return { name, create: (site) => target.create(site) };
}

const implemented: AggregateFunction[] = [
  count, countif, sum, sumif, avg, avgif, min, max, minif, maxif,
  argMax, argMin, alias('argmax', argMax), alias('argmin', argMin),
  takeAny, takeAnyIf, alias('any', takeAny), alias('anyif', takeAnyIf),
  dcount, dcountif, countDistinct, countDistinctIf,
  makeSet, makeSetIf, makeset, makeList, makeListIf, makeListWithNulls, makelist, makeBag, makeBagIf, makeDictionary,
  stdev, stdevif, stdevp, variance, varianceif, variancep, variancepif,
  covariance, covarianceif, covariancep, covariancepif,
  percentile, percentiles, percentilesArray, percentilew, percentilesw, percentileswArray,
  binaryAllAnd, binaryAllOr, binaryAllXor,
  tdigest, tdigestMerge, mergeTdigest,
];

const notImplementedList: AggregateFunction[] = [
  notImplemented('hll', 'HyperLogLog sketches are not implemented'),
  notImplemented('hll_if', 'HyperLogLog sketches are not implemented'),
  notImplemented('hll_merge', 'HyperLogLog sketches are not implemented'),
  notImplemented('buildschema', 'not implemented'),
];

const registry = new Map<string, AggregateFunction>();
for (const f of [...implemented, ...notImplementedList]) registry.set(f.name, f);

/** The aggregate of that name (case-sensitive, as Kusto names are), or undefined when Kusto has no such aggregate here. */
export function getAggregate(name: string): AggregateFunction | undefined {
  return registry.get(name);
}

/** Names of the aggregates this engine computes (not the ones registered only to fail as unsupported). */
export function aggregateNames(): string[] {
  return implemented.map((f) => f.name);
}
