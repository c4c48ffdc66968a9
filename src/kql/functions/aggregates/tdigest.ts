/**
 * tdigest(x [, w]) and tdigest_merge(sketch) / merge_tdigest(sketch): the sketch of each group (see
 * functions/tdigest.ts for what the sketch holds). Nulls are ignored, as are rows with a null or non-positive
 * weight; a group without values gives null.
 */
import type { Dyn } from '../../data/types.js';
import { FlatVector, type Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { Accumulator, AggregateSite } from '../aggregate-function.js';
import { makeSketch, mergeSketches, type Sketch, sketchFromDyn, sketchToDyn, sketchTypeSupported } from '../tdigest.js';
import { agg, growArray } from './common.js';
import { addSamples, type Samples } from './samples.js';

class TdigestAcc implements Accumulator {
  private readonly groups: (Samples | undefined)[] = [];
  constructor(
    private readonly site: AggregateSite,
    private readonly weighted: boolean,
  ) {}
  update(groups: Int32Array, n: number, args: readonly Vector[], _r: readonly Vector[], numGroups: number): void {
    addSamples(this.groups, groups, n, args[0], this.weighted ? args[1] : null, numGroups);
  }
  finish(numGroups: number): Vector[] {
    growArray(this.groups, numGroups);
    const type = this.site.argTypes[0];
    const out: Dyn[] = this.groups.slice(0, numGroups).map((g) => (g === undefined ? null : sketchToDyn(makeSketch(type, g.values, g.weights ?? g.values.map(() => 1)))));
    return [new FlatVector('dynamic', out, null)];
  }
}

class MergeAcc implements Accumulator {
  private readonly groups: (Sketch[] | undefined)[] = [];
  constructor(private readonly fn: string) {}
  update(groups: Int32Array, n: number, args: readonly Vector[], _r: readonly Vector[], numGroups: number): void {
    growArray(this.groups, numGroups);
    for (let k = 0; k < n; k++) {
      const s = sketchFromDyn(args[0].get(k), this.fn);
      if (s !== null) (this.groups[groups[k]] ??= []).push(s);
    }
  }
  finish(numGroups: number): Vector[] {
    growArray(this.groups, numGroups);
    const out: Dyn[] = this.groups.slice(0, numGroups).map((g) => {
      const m = g === undefined ? null : mergeSketches(g, this.fn);
      return m === null ? null : sketchToDyn(m);
    });
    return [new FlatVector('dynamic', out, null)];
  }
}

export const tdigest = agg('tdigest', (site) => {
  const t = site.argTypes[0];
  if (!sketchTypeSupported(t)) throw unsupported(`tdigest: ${t} values`);
  const weighted = site.argTypes.length > 1;
  if (weighted && site.argTypes[1] !== 'int' && site.argTypes[1] !== 'long') throw unsupported(`tdigest: ${site.argTypes[1]} weights`);
  return new TdigestAcc(site, weighted);
});
export const tdigestMerge = agg('tdigest_merge', () => new MergeAcc('tdigest_merge'));
export const mergeTdigest = agg('merge_tdigest', () => new MergeAcc('merge_tdigest'));
