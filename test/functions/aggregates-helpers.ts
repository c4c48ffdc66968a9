// Shared harness for the aggregate tests: runs an aggregate over batches with group ids and reads finish().
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { ConstVector, FlatVector, dictEncodeStrings, vectorFromBoxed, type Vector } from '../../src/kql/data/vector.js';
import { getAggregate } from '../../src/kql/functions/aggregates/index.js';

export interface BatchSpec {
  groups: number[];
  args: Vector[];
  returned?: Vector[];
}

export interface RunSpec {
  argTypes: KType[];
  outputTypes: KType[];
  constArgs?: unknown[];
  batches: BatchSpec[];
  /** Groups known at finish (defaults to 1 + the largest group id seen). */
  numGroups?: number;
}

/** Runs `name` and returns, per output column, the boxed value of each group; checks the output types. */
export function run(name: string, spec: RunSpec): Boxed[][] {
  const fn = getAggregate(name);
  assert.ok(fn, `aggregate ${name} is registered`);
  const acc = fn.create({ name, argTypes: spec.argTypes, outputTypes: spec.outputTypes, constArgs: spec.constArgs ?? spec.argTypes.map(() => undefined) });
  let numGroups = 0;
  for (const b of spec.batches) {
    for (const g of b.groups) numGroups = Math.max(numGroups, g + 1);
    for (const a of [...b.args, ...(b.returned ?? [])]) assert.equal(a.length, b.groups.length, 'test vectors match the batch length');
    acc.update(Int32Array.from(b.groups), b.groups.length, b.args, b.returned ?? [], numGroups);
  }
  const total = spec.numGroups ?? numGroups;
  const out = acc.finish(total);
  assert.equal(out.length, spec.outputTypes.length, `${name}: one vector per output`);
  return out.map((v, j) => {
    assert.equal(v.type, spec.outputTypes[j], `${name}: output ${j} type`);
    assert.equal(v.length, total, `${name}: output ${j} covers every group`);
    return Array.from({ length: total }, (_, g) => v.get(g));
  });
}

/** Shorthands for building argument vectors. */
export const V = {
  int: (xs: (number | null)[]) => vectorFromBoxed('int', xs),
  long: (xs: (bigint | null)[]) => vectorFromBoxed('long', xs),
  real: (xs: (number | null)[]) => vectorFromBoxed('real', xs),
  bool: (xs: (boolean | null)[]) => vectorFromBoxed('bool', xs),
  dt: (xs: (bigint | null)[]) => vectorFromBoxed('datetime', xs),
  ts: (xs: (bigint | null)[]) => vectorFromBoxed('timespan', xs),
  str: (xs: string[]) => dictEncodeStrings(xs),
  flatStr: (xs: string[]) => vectorFromBoxed('string', xs),
  dyn: (xs: Boxed[]) => vectorFromBoxed('dynamic', xs),
  const: (type: KType, value: Boxed, n: number) => new ConstVector(type, value, n),
  /** A vector whose logical rows are `physical[sel[k]]`: exercises the selection paths. */
  sel: (v: FlatVector, sel: number[]) => new FlatVector(v.type, v.data, v.nulls, Uint32Array.from(sel)),
};

/** Groups 0..n-1 in order, for "one group per row" tables. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
