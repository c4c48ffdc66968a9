/**
 * Shared by the activity plugins (activity_counts_metrics, new_activity_metrics): constant analysis parameters,
 * windows aligned on Start, and value keys for exact distinct counts.
 */
import type { Boxed } from '../../../data/types.js';
import { runtimeError } from '../../../errors.js';
import type { PhysicalExpr } from '../../evaluate.js';

export function constantTicks(e: PhysicalExpr, plugin: string, what: string): bigint {
  const c = e.constant;
  if (!c) throw runtimeError(`${plugin}: ${what} is not a constant`);
  if (c.value === null) throw runtimeError(`${plugin}: ${what} is null`);
  return c.value as bigint;
}

/** bin_at(t, step, start): the start of t's window (floor division; bigint division truncates toward zero). */
export function windowStart(t: bigint, start: bigint, step: bigint): bigint {
  const off = t - start;
  let w = off / step;
  if (off < 0n && w * step !== off) w -= 1n;
  return start + w * step;
}

/** A string key per distinct value ("" is a value; callers skip nulls). */
export function valueKey(v: Boxed): string {
  return typeof v === 'string' ? `s${v}` : `${typeof v}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
}
