/**
 * Shared machinery for the aggregates: growable per-group state, direct access to a vector's physical data,
 * predicate masks for the *if variants, and output builders.
 */
import type { Boxed, Dyn, KType } from '../../data/types.js';
import { FlatVector, VectorBuilder, type FlatData, type Vector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import type { AggregateFunction, AggregateSite, Accumulator } from '../aggregate-function.js';

/** Capacity for `need` groups: doubles, so growth costs O(1) amortized per group. */
export function capacityFor(current: number, need: number): number {
  let c = Math.max(current, 16);
  while (c < need) c *= 2;
  return c;
}

type Typed = Float64Array | Int32Array | Uint8Array | BigInt64Array;

/** Returns `a` when it covers `need` entries, else a larger copy (new entries zero). */
export function grow<T extends Typed>(a: T, need: number): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as { new (n: number): T })(capacityFor(a.length, need));
  b.set(a as never);
  return b;
}

/** Growable array of per-group objects (sets, lists, bags), created on first use. */
export function growArray<T>(a: (T | undefined)[], need: number): void {
  while (a.length < need) a.push(undefined);
}

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

export function phys(v: Vector): Phys | null {
  if (v.enc === 'const') return null;
  if (v.enc === 'flat') return { data: v.data, nulls: v.nulls, idx: v.sel };
  const d = v.dict;
  if (!v.sel && !d.sel) return { data: d.data, nulls: d.nulls, idx: v.codes };
  // The contract says a dictionary has no selection; compose one anyway rather than misread.
  const idx = new Int32Array(v.length);
  for (let k = 0; k < v.length; k++) {
    const c = v.codes[v.sel ? v.sel[k] : k];
    idx[k] = d.sel ? d.sel[c] : c;
  }
  return { data: d.data, nulls: d.nulls, idx };
}

/** Boxed value of physical entry i (as vector.get does, without the selection step). */
export function boxPhys(type: KType, p: Phys, i: number): Boxed {
  if (p.nulls !== null && p.nulls[i] === 1) return null;
  const v = (p.data as ArrayLike<Boxed>)[i];
  if (type === 'bool') return v === 1;
  if (v === undefined) return type === 'string' ? '' : null;
  return v;
}

/**
 * Rows where a predicate is true (null and false count as false): a 0/1 mask, `null` when every row passes, or
 * `false` when none does (the caller can skip the batch).
 */
export function trueRows(pred: Vector, n: number): Uint8Array | null | false {
  if (pred.enc === 'const') return pred.value === true ? null : false;
  if (pred.enc === 'flat' && pred.data instanceof Uint8Array && !pred.sel && !pred.nulls) return pred.data;
  const mask = new Uint8Array(n);
  if (pred.enc === 'flat' && pred.data instanceof Uint8Array) {
    const { data, nulls, sel } = pred;
    for (let k = 0; k < n; k++) {
      const i = sel ? sel[k] : k;
      mask[k] = nulls !== null && nulls[i] === 1 ? 0 : data[i];
    }
    return mask;
  }
  if (pred.enc === 'dict' && pred.dict.data instanceof Uint8Array && !pred.dict.sel) {
    // A predicate computed once per dictionary entry (e.g. `ActionType == "x"` over a string column).
    const { data, nulls } = pred.dict;
    const truth = new Uint8Array(data.length);
    for (let c = 0; c < data.length; c++) truth[c] = nulls !== null && nulls[c] === 1 ? 0 : data[c];
    const { codes, sel } = pred;
    for (let k = 0; k < n; k++) mask[k] = truth[codes[sel ? sel[k] : k]];
    return mask;
  }
  for (let k = 0; k < n; k++) mask[k] = pred.get(k) === true ? 1 : 0;
  return mask;
}

/** A long vector from per-group counts held in doubles (exact below 2^53). */
export function countsToLong(counts: Float64Array, numGroups: number): FlatVector {
  const out = new BigInt64Array(numGroups);
  for (let g = 0; g < numGroups; g++) out[g] = BigInt(counts[g]);
  return new FlatVector('long', out, null);
}

/** Builds an output vector of `type` with one boxed value per group. */
export function buildVector(type: KType, numGroups: number, value: (g: number) => Boxed): FlatVector {
  const b = new VectorBuilder(type, numGroups);
  for (let g = 0; g < numGroups; g++) b.set(g, value(g));
  return b.finish();
}

/** Ordering of two non-null orderable boxed values of one type (number, bigint, string, boolean). */
export function compareBoxed(a: Boxed, b: Boxed): number {
  // Ordinal comparison for strings (UTF-16 code units), numeric for the rest; booleans as false < true.
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

/** The types min/max/arg_min/arg_max/percentile order (Kusto's "orderable": number, timespan, datetime, string, bool). */
export function checkOrderable(fn: string, t: KType): void {
  if (t === 'decimal') throw unsupported(`${fn}: decimal arguments`);
  if (t === 'dynamic' || t === 'guid') throw unsupported(`${fn}: ${t} arguments`);
}

/** A constant integer argument (make_set's maxSize and the like) or its default. */
export function constInt(site: AggregateSite, i: number, dflt: number, fn: string): number {
  if (i >= site.argTypes.length) return dflt;
  const v = site.constArgs[i];
  if (v === undefined || v === null) throw unsupported(`${fn}: non-constant argument ${i + 1}`);
  const n = Number(v as number | bigint);
  if (!Number.isFinite(n)) throw unsupported(`${fn}: argument ${i + 1} must be a number`);
  return Math.trunc(n);
}

/** Key that identifies a dynamic value for set semantics: primitives stand for themselves, the rest by JSON text. */
export function dynKeyIsPrimitive(v: Dyn): boolean {
  return v === null || typeof v !== 'object';
}

/**
 * Shorthand for an aggregate whose `create` takes the site. The accumulator is wrapped so that finish() fails
 * loudly if an output's type ever differs from the binder's (a planner/aggregate mismatch), instead of handing
 * mistyped columns downstream.
 */
export function agg(name: string, create: (site: AggregateSite) => Accumulator): AggregateFunction {
  return {
    name,
    create: (site) => {
      const acc = create(site);
      return {
        update: (groups, n, args, returned, numGroups) => acc.update(groups, n, args, returned, numGroups),
        finish: (numGroups) => {
          const out = acc.finish(numGroups);
          const want = site.outputTypes;
          if (out.length !== want.length || out.some((v, j) => v.type !== want[j])) {
            throw unsupported(`${name}: produces (${out.map((v) => v.type).join(', ')}) where the binder expects (${want.join(', ')})`);
          }
          return out;
        },
      };
    },
  };
}

/** An aggregate Kusto has but this engine does not implement: fails loudly when the plan is built. */
export function notImplemented(name: string, why: string): AggregateFunction {
  return {
    name,
    create: () => {
      throw unsupported(`${name}: ${why}`);
    },
  };
}
