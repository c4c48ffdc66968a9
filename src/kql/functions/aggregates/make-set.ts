/**
 * make_set(expr [, maxSize]), make_set_if(expr, pred [, maxSize]), deprecated makeset (maxSize 128).
 *
 * Distinct values in order of first appearance (Kusto leaves the order undefined), nulls ignored, at most maxSize
 * elements (default and cap 1048576). An array value contributes its elements (make-set-aggregation-function.md:
 * make_set over array values gives the union of their elements); null elements are skipped like null values
 * (DOC-SILENT). Typed values enter the dynamic result as other dynamic-producing functions box them
 * (long -> number when safe, datetime/timespan -> text).
 */
import type { Boxed, Dyn, KType } from '../../data/types.js';
import { FlatVector, type Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { Accumulator, AggregateSite } from '../aggregate-function.js';
import { boxToDyn } from '../conversion.js';
import { agg, constInt, growArray, phys, trueRows } from './common.js';
import { dynSetKey } from './dcount.js';

export const MAX_SIZE = 1048576;

interface SetState {
  keys: Set<unknown>;
  items: Dyn[];
}

class MakeSetAcc implements Accumulator {
  private state: (SetState | undefined)[] = [];
  constructor(
    private readonly type: KType,
    private readonly predicateArg: number,
    private readonly maxSize: number,
  ) {}

  /** Adds a value unless its key is present; `raw` is boxed (typed values) only when it is new. */
  private add(g: number, key: unknown, raw: Boxed, boxed: boolean): void {
    const s = (this.state[g] ??= { keys: new Set(), items: [] });
    if (s.items.length >= this.maxSize || s.keys.has(key)) return;
    s.keys.add(key);
    s.items.push(boxed ? (raw as Dyn) : this.type === 'bool' ? raw === 1 || raw === true : boxToDyn(raw, this.type));
  }

  private addDyn(g: number, d: Dyn): void {
    if (d === null) return;
    if (Array.isArray(d)) {
      for (const e of d) if (e !== null) this.add(g, dynSetKey(e), e, true);
      return;
    }
    this.add(g, dynSetKey(d), d, true);
  }

  update(groups: Int32Array, n: number, args: readonly Vector[], _r: readonly Vector[], numGroups: number): void {
    growArray(this.state, numGroups);
    const mask = this.predicateArg < 0 ? null : trueRows(args[this.predicateArg], n);
    if (mask === false) return;
    const v = args[0];
    const type = this.type;
    const p = type === 'dynamic' ? null : phys(v);
    if (p === null) {
      for (let k = 0; k < n; k++) {
        if (mask !== null && mask[k] === 0) continue;
        const x = v.get(k);
        if (x === null) continue;
        if (type === 'dynamic') this.addDyn(groups[k], x as Dyn);
        else this.add(groups[k], x, x, false);
      }
      return;
    }
    // Raw typed values (numbers, bigint ticks, strings) are exact keys; boxing happens once per distinct value.
    const data = p.data as ArrayLike<Boxed>;
    const { nulls, idx } = p;
    for (let k = 0; k < n; k++) {
      if (mask !== null && mask[k] === 0) continue;
      const i = idx === null ? k : idx[k];
      if (nulls !== null && nulls[i] === 1) continue;
      const x = data[i];
      if (x === null || x === undefined) continue;
      this.add(groups[k], x, x, false);
    }
  }

  finish(numGroups: number) {
    growArray(this.state, numGroups);
    const out: Dyn[] = new Array(numGroups);
    for (let g = 0; g < numGroups; g++) out[g] = this.state[g]?.items ?? [];
    return [new FlatVector('dynamic', out, null)];
  }
}

export function createMakeSet(site: AggregateSite, fn: string, predicateArg: number, sizeArg: number, defaultSize: number): Accumulator {
  const t = site.argTypes[0];
  if (t === 'decimal') throw unsupported(`${fn}: decimal values`);
  const maxSize = Math.min(constInt(site, sizeArg, defaultSize, fn), MAX_SIZE);
  return new MakeSetAcc(t, predicateArg, maxSize);
}

export const makeSet = agg('make_set', (site) => createMakeSet(site, 'make_set', -1, 1, MAX_SIZE));
export const makeSetIf = agg('make_set_if', (site) => createMakeSet(site, 'make_set_if', 1, 2, MAX_SIZE));
export const makeset = agg('makeset', (site) => createMakeSet(site, 'makeset', -1, 1, 128));
