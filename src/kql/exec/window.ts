/**
 * Window functions over a serialized row set (row_number, prev, next, row_cumsum, row_rank_min, row_rank_dense,
 * row_window_session). They see the whole input as one batch: the physical planner puts a ConcatOp under any
 * operator whose expressions use one (see needsWholeInput).
 */
import type { Batch } from '../data/batch.js';
import type { Boxed, KType } from '../data/types.js';
import { type Vector, VectorBuilder } from '../data/vector.js';
import { unsupported } from '../errors.js';
import type { Expr } from '../plan/expr.js';
import { compareBoxed, equalBoxed } from '../functions/operators.js';

export const WINDOW_FUNCTIONS = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_min', 'row_rank_dense', 'row_window_session']);

export function usesWindow(e: Expr): boolean {
  if (e.kind === 'call') return WINDOW_FUNCTIONS.has(e.name) || e.args.some(usesWindow);
  if (e.kind === 'listMatch') return usesWindow(e.target) || e.values.some(usesWindow);
  return false;
}

interface Arg {
  readonly type: KType;
  readonly constant?: { value: Boxed };
  eval(b: Batch): Vector;
}

const truthy = (v: Boxed) => v === true;

function add(a: Boxed, b: Boxed, type: KType): Boxed {
  if (a === null) return b;
  if (b === null) return a;
  if (type === 'real') return Number(a) + Number(b);
  return BigInt(a as bigint) + BigInt(b as bigint);
}

/** Evaluates a window function over the whole row set in one batch. */
export function evalWindow(name: string, args: readonly Arg[], type: KType, b: Batch): Vector {
  const n = b.length;
  const vs = args.map((a) => a.eval(b));
  const out = new VectorBuilder(type, n);
  const restartAt = (k: number, i: number) => vs[i] !== undefined && truthy(vs[i].get(k));
  switch (name) {
    case 'row_number': {
      const start = vs[0] ? Number(vs[0].get(0) ?? 1) : 1;
      let r = start;
      for (let k = 0; k < n; k++) {
        if (k > 0 && restartAt(k, 1)) r = start;
        out.set(k, BigInt(r++));
      }
      break;
    }
    case 'prev':
    case 'next': {
      const off = vs[1] ? Number(vs[1].get(0) ?? 1) : 1;
      const dir = name === 'prev' ? -off : off;
      for (let k = 0; k < n; k++) {
        const j = k + dir;
        out.set(k, j >= 0 && j < n ? vs[0].get(j) : vs[2] ? vs[2].get(k) : null);
      }
      break;
    }
    case 'row_cumsum': {
      let acc: Boxed = null;
      for (let k = 0; k < n; k++) {
        if (restartAt(k, 1)) acc = null;
        acc = add(acc, vs[0].get(k), type);
        out.set(k, acc ?? (type === 'real' ? 0 : 0n));
      }
      break;
    }
    case 'row_rank_min':
    case 'row_rank_dense': {
      let rank = 0;
      let rowInPart = 0;
      for (let k = 0; k < n; k++) {
        const restart = k === 0 || restartAt(k, 1);
        if (restart) rowInPart = 0;
        rowInPart++;
        const same = !restart && equalBoxed(vs[0].get(k), vs[0].get(k - 1));
        if (!same) rank = name === 'row_rank_min' ? rowInPart : restart ? 1 : rank + 1;
        out.set(k, BigInt(rank));
      }
      break;
    }
    case 'row_window_session': {
      // (expr, maxDistanceFromFirst, maxDistanceBetweenNeighbors [, restart]) -> the session's first value.
      let first: Boxed = null;
      let prev: Boxed = null;
      for (let k = 0; k < n; k++) {
        const v = vs[0].get(k);
        const fromFirst = vs[1].get(k) as bigint | null;
        const between = vs[2].get(k) as bigint | null;
        const newSession =
          first === null ||
          v === null ||
          restartAt(k, 3) ||
          (fromFirst !== null && (v as bigint) - (first as bigint) > fromFirst) ||
          (between !== null && prev !== null && (v as bigint) - (prev as bigint) > between);
        if (newSession) first = v;
        prev = v;
        out.set(k, first);
      }
      break;
    }
    default:
      throw unsupported(`window function '${name}'`);
  }
  void compareBoxed;
  return out.finish();
}
