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
import type { Boxed, KType } from '../../data/types.js';
import { FlatVector, VectorBuilder, type Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { Accumulator, AggregateSite } from '../aggregate-function.js';
import { agg, checkOrderable, grow, growArray, phys } from './common.js';

type Mode = 'num' | 'big' | 'str';

const COMPACT_EVERY = 64;

export class ArgExtremeAcc implements Accumulator {
  private bestNum = new Float64Array(16);
  private bestBig = new BigInt64Array(16);
  private bestStr: (string | undefined)[] = [];
  /** 1 when the group's winner has a non-null x. */
  private has = new Uint8Array(16);
  /** Winning row: index into `batches` (-1: no row yet) and row within that batch. */
  private winBatch = new Int32Array(16).fill(-1);
  private winRow = new Int32Array(16);
  private batches: (readonly Vector[] | null)[] = [];
  private sinceCompact = 0;

  constructor(
    private readonly mode: Mode,
    private readonly isMax: boolean,
    private readonly outTypes: readonly KType[],
  ) {}

  private ensure(numGroups: number): void {
    if (this.winBatch.length < numGroups) {
      const old = this.winBatch.length;
      this.winBatch = grow(this.winBatch, numGroups);
      this.winBatch.fill(-1, old);
    }
    this.winRow = grow(this.winRow, numGroups);
    this.has = grow(this.has, numGroups);
    if (this.mode === 'num') this.bestNum = grow(this.bestNum, numGroups);
    else if (this.mode === 'big') this.bestBig = grow(this.bestBig, numGroups);
    else growArray(this.bestStr, numGroups);
  }

  update(groups: Int32Array, n: number, args: readonly Vector[], returned: readonly Vector[], numGroups: number): void {
    this.ensure(numGroups);
    const bi = this.batches.length;
    const changed = this.mode === 'num' ? this.scanNum(groups, n, args[0], bi) : this.mode === 'big' ? this.scanBig(groups, n, args[0], bi) : this.scanStr(groups, n, args[0], bi);
    if (!changed) return;
    this.batches.push(returned.slice()); // the caller may reuse its array
    if (++this.sinceCompact >= COMPACT_EVERY) this.compact();
  }

  /** Takes row k when its x is null and the group has no row yet. */
  private takeNullRow(g: number, bi: number, k: number): boolean {
    if (this.winBatch[g] !== -1) return false;
    this.winBatch[g] = bi;
    this.winRow[g] = k;
    return true;
  }

  private scanNum(groups: Int32Array, n: number, x: Vector, bi: number): boolean {
    const best = this.bestNum;
    const { has, winBatch, winRow, isMax } = this;
    let changed = false;
    const p = phys(x);
    const cv = x.enc === 'const' ? (x.value === null ? null : typeof x.value === 'boolean' ? (x.value ? 1 : 0) : Number(x.value)) : null;
    const data = p === null ? null : (p.data as Float64Array | Int32Array | Uint8Array);
    const nulls = p === null ? null : p.nulls;
    const idx = p === null ? null : p.idx;
    for (let k = 0; k < n; k++) {
      const g = groups[k];
      let v: number;
      if (data === null) {
        if (cv === null) {
          changed = this.takeNullRow(g, bi, k) || changed;
          continue;
        }
        v = cv;
      } else {
        const i = idx === null ? k : idx[k];
        if (nulls !== null && nulls[i] === 1) {
          changed = this.takeNullRow(g, bi, k) || changed;
          continue;
        }
        v = data[i];
      }
      if (has[g] === 0 || (isMax ? v > best[g] : v < best[g])) {
        best[g] = v;
        has[g] = 1;
        winBatch[g] = bi;
        winRow[g] = k;
        changed = true;
      }
    }
    return changed;
  }

  private scanBig(groups: Int32Array, n: number, x: Vector, bi: number): boolean {
    const best = this.bestBig;
    const { has, winBatch, winRow, isMax } = this;
    let changed = false;
    const p = phys(x);
    if (p !== null && !(p.data instanceof BigInt64Array)) throw unsupported(`arg_max/arg_min: ${x.type} values`);
    const cv = x.enc === 'const' ? (x.value as bigint | null) : null;
    const data = p === null ? null : (p.data as BigInt64Array);
    const nulls = p === null ? null : p.nulls;
    const idx = p === null ? null : p.idx;
    for (let k = 0; k < n; k++) {
      const g = groups[k];
      let v: bigint;
      if (data === null) {
        if (cv === null) {
          changed = this.takeNullRow(g, bi, k) || changed;
          continue;
        }
        v = cv;
      } else {
        const i = idx === null ? k : idx[k];
        if (nulls !== null && nulls[i] === 1) {
          changed = this.takeNullRow(g, bi, k) || changed;
          continue;
        }
        v = data[i];
      }
      if (has[g] === 0 || (isMax ? v > best[g] : v < best[g])) {
        best[g] = v;
        has[g] = 1;
        winBatch[g] = bi;
        winRow[g] = k;
        changed = true;
      }
    }
    return changed;
  }

  private scanStr(groups: Int32Array, n: number, x: Vector, bi: number): boolean {
    const best = this.bestStr;
    const { has, winBatch, winRow, isMax } = this;
    let changed = false;
    const p = phys(x);
    const cv = x.enc === 'const' ? ((x.value as string | null) ?? '') : '';
    const data = p === null ? null : (p.data as (string | undefined)[]);
    const idx = p === null ? null : p.idx;
    for (let k = 0; k < n; k++) {
      const g = groups[k];
      // Strings are never null: "" is an ordinary (smallest) value.
      const v = data === null ? cv : (data[idx === null ? k : idx[k]] ?? '');
      if (has[g] === 0 || (isMax ? v > best[g]! : v < best[g]!)) {
        best[g] = v;
        has[g] = 1;
        winBatch[g] = bi;
        winRow[g] = k;
        changed = true;
      }
    }
    return changed;
  }

  /** Drops the batches no group's winner points to. */
  private compact(): void {
    this.sinceCompact = 0;
    const live = new Uint8Array(this.batches.length);
    const wb = this.winBatch;
    for (let g = 0; g < wb.length; g++) if (wb[g] >= 0) live[wb[g]] = 1;
    for (let b = 0; b < live.length; b++) if (live[b] === 0) this.batches[b] = null;
  }

  finish(numGroups: number): FlatVector[] {
    this.ensure(numGroups);
    const out: FlatVector[] = [];
    const t0 = this.outTypes[0];
    const first = new VectorBuilder(t0, numGroups);
    for (let g = 0; g < numGroups; g++) {
      if (this.has[g] === 0) {
        first.set(g, null);
        continue;
      }
      const v: Boxed = this.mode === 'num' ? (t0 === 'bool' ? this.bestNum[g] === 1 : this.bestNum[g]) : this.mode === 'big' ? this.bestBig[g] : this.bestStr[g]!;
      first.set(g, v);
    }
    out.push(first.finish());
    for (let j = 1; j < this.outTypes.length; j++) {
      const b = new VectorBuilder(this.outTypes[j], numGroups);
      for (let g = 0; g < numGroups; g++) {
        const wb = this.winBatch[g];
        b.set(g, wb < 0 ? null : this.batches[wb]![j - 1].get(this.winRow[g]));
      }
      out.push(b.finish());
    }
    return out;
  }
}

function createArg(site: AggregateSite, isMax: boolean, fn: string): Accumulator {
  const t = site.argTypes[0];
  checkOrderable(fn, t);
  if (site.outputTypes.some((o) => o === 'decimal')) throw unsupported(`${fn}: decimal columns`);
  const mode: Mode = t === 'int' || t === 'real' || t === 'bool' ? 'num' : t === 'long' || t === 'datetime' || t === 'timespan' ? 'big' : t === 'string' ? 'str' : (() => {
    throw unsupported(`${fn}: ${t} values`);
  })();
  return new ArgExtremeAcc(mode, isMax, site.outputTypes);
}

export const argMax = agg('arg_max', (site) => createArg(site, true, 'arg_max'));
export const argMin = agg('arg_min', (site) => createArg(site, false, 'arg_min'));
