// Aggregates, part 2: make_set/make_list/make_bag, variance/stdev/covariance and percentiles. Expected values
// come from the doc pages' examples and the oracle cases (shared/kql/oracle/cases.json) where one exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed } from '../../src/kql/data/types.js';
import { V, run, type RunSpec } from './aggregates-helpers.js';

interface Case {
  name: string;
  fn: string;
  spec: RunSpec;
  expect: Boxed[][];
}

const SHAPES = ['triangle', 'square', 'rectangle', 'pentagon', 'hexagon', 'heptagon', 'octagon', 'nonagon', 'decagon'];
const SIDES = [3, 4, 4, 5, 6, 7, 8, 9, 10];
const isEven = SIDES.map((s) => (s % 2 === 0 ? 1 : 0));

/** x = 1..100 in two batches of 50, one group. */
const ONE_TO_100 = Array.from({ length: 100 }, (_, i) => i + 1);
function twoBatches(args: (xs: number[]) => RunSpec['batches'][number]['args']): RunSpec['batches'] {
  return [
    { groups: new Array(50).fill(0), args: args(ONE_TO_100.slice(0, 50)) },
    { groups: new Array(50).fill(0), args: args(ONE_TO_100.slice(50)) },
  ];
}
const longs = (xs: number[]) => V.long(xs.map(BigInt));

const cases: Case[] = [
  // make_set
  {
    name: 'doc example: make_set over an int column and over an array column (arrays are flattened)',
    fn: 'make_set',
    spec: { argTypes: ['int'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0, 0], args: [V.int([1, 5, 7, 5])] }] },
    expect: [[[1, 5, 7]]],
  },
  {
    name: 'doc example: make_set(Arr1) unions the arrays\' elements',
    fn: 'make_set',
    spec: {
      argTypes: ['dynamic'],
      outputTypes: ['dynamic'],
      batches: [
        { groups: [0, 0], args: [V.dyn([['A1', 'A2', 'A3'], ['A2', 'C1']])] },
        { groups: [0, 0], args: [V.dyn([['C2', 'A3'], ['C2', 'A1']])] },
      ],
    },
    expect: [[['A1', 'A2', 'A3', 'C1', 'C2']]],
  },
  {
    name: 'summarize-operator.md: make_set(y) over null and 5.0 is [5.0]',
    fn: 'make_set',
    spec: { argTypes: ['real'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0], args: [V.real([null, 5])] }] },
    expect: [[[5]]],
  },
  {
    name: 'make_set of strings dedupes across batches and dictionaries, first appearance order, per group',
    fn: 'make_set',
    spec: { argTypes: ['string'], outputTypes: ['dynamic'], batches: [{ groups: [0, 1, 0, 0], args: [V.str(['b', 'z', 'a', 'b'])] }, { groups: [0, 1], args: [V.str(['a', ''])] }] },
    expect: [[['b', 'a'], ['z', '']]],
  },
  {
    name: 'make_set maxSize',
    fn: 'make_set',
    spec: { argTypes: ['int', 'int'], outputTypes: ['dynamic'], constArgs: [undefined, 2], batches: [{ groups: [0, 0, 0, 0], args: [V.int([3, 3, 1, 2]), V.const('int', 2, 4)] }] },
    expect: [[[3, 1]]],
  },
  {
    name: 'make_set of longs (beyond 2^53 stays a bigint) and of datetimes (text, as in dynamic)',
    fn: 'make_set',
    spec: { argTypes: ['long'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0], args: [V.long([2n ** 60n, 7n, 7n])] }] },
    expect: [[[2n ** 60n, 7]]],
  },
  {
    name: 'make_set(datetime)',
    fn: 'make_set',
    spec: { argTypes: ['datetime'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0], args: [V.dt([0n, 0n])] }] },
    expect: [[['1970-01-01T00:00:00.0000000Z']]],
  },
  {
    name: 'make_set_if(x, pred, maxSize)',
    fn: 'make_set_if',
    spec: { argTypes: ['string', 'bool', 'int'], outputTypes: ['dynamic'], constArgs: [undefined, undefined, 10], batches: [{ groups: [0, 0, 0], args: [V.str(['a', 'b', 'a']), V.bool([false, true, true]), V.const('int', 10, 3)] }] },
    expect: [[['b', 'a']]],
  },
  {
    name: 'make_set of dynamic bags dedupes by value',
    fn: 'make_set',
    spec: { argTypes: ['dynamic'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0, 0], args: [V.dyn([{ a: 1 }, { a: 1 }, 1, null])] }] },
    expect: [[[{ a: 1 }, 1]]],
  },
  // make_list
  {
    name: 'doc example: make_list(name) by isEvenSideCount, in input order',
    fn: 'make_list',
    spec: { argTypes: ['string'], outputTypes: ['dynamic'], batches: [{ groups: isEven.slice(0, 4), args: [V.str(SHAPES.slice(0, 4))] }, { groups: isEven.slice(4), args: [V.str(SHAPES.slice(4))] }] },
    expect: [[['triangle', 'pentagon', 'heptagon', 'nonagon'], ['square', 'rectangle', 'hexagon', 'octagon', 'decagon']]],
  },
  {
    name: 'doc example: make_list_if(name, strlen(name) > 4)',
    fn: 'make_list_if',
    spec: { argTypes: ['string', 'bool'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0, 0], args: [V.str(['John', 'Paul', 'George', 'Ringo']), V.bool([false, false, true, true])] }] },
    expect: [[['George', 'Ringo']]],
  },
  {
    name: 'doc example: make_list_with_nulls(sideCount) keeps the null',
    fn: 'make_list_with_nulls',
    spec: { argTypes: ['int'], outputTypes: ['dynamic'], batches: [{ groups: new Array(9).fill(0), args: [V.int([null, ...SIDES.slice(1)])] }] },
    expect: [[[null, 4, 4, 5, 6, 7, 8, 9, 10]]],
  },
  {
    name: 'make_list ignores nulls, keeps bags as elements, flattens arrays (oracle geo-polygon-to-h3cells-function-01)',
    fn: 'make_list',
    spec: { argTypes: ['dynamic'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0, 0], args: [V.dyn([{ name: 'a' }, null, [[1, 2]], [3, [4]]])] }] },
    expect: [[[{ name: 'a' }, [1, 2], 3, [4]]]],
  },
  {
    name: 'make_list maxSize and makelist default 128',
    fn: 'make_list',
    spec: { argTypes: ['long', 'int'], outputTypes: ['dynamic'], constArgs: [undefined, 3], batches: [{ groups: [0, 0, 0, 0, 1], args: [V.long([1n, 2n, 3n, 4n, null]), V.const('int', 3, 5)] }] },
    expect: [[[1, 2, 3], []]],
  },
  {
    name: 'make_list(timespan) and bool',
    fn: 'make_list',
    spec: { argTypes: ['timespan'], outputTypes: ['dynamic'], batches: [{ groups: [0], args: [V.ts([36_000_000_000n])] }] },
    expect: [[['01:00:00']]],
  },
  {
    name: 'make_list(bool)',
    fn: 'make_list',
    spec: { argTypes: ['bool'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0], args: [V.bool([true, null, false])] }] },
    expect: [[[true, false]]],
  },
  // make_bag
  {
    name: 'doc example: make_bag(bag_pack(prop, value))',
    fn: 'make_bag',
    spec: { argTypes: ['dynamic'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0], args: [V.dyn([{ prop01: 'val_a' }, { prop02: 'val_b' }, { prop03: 'val_c' }])] }] },
    expect: [[{ prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' }]],
  },
  {
    name: 'oracle make-bag-if-aggregation-function-01',
    fn: 'make_bag_if',
    spec: { argTypes: ['dynamic', 'bool'], outputTypes: ['dynamic'], batches: [{ groups: [0, 0, 0], args: [V.dyn([{ prop01: 'val_a' }, { prop02: 'val_b' }, { prop03: 'val_c' }]), V.bool([true, false, true])] }] },
    expect: [[{ prop01: 'val_a', prop03: 'val_c' }]],
  },
  {
    name: 'make_bag skips non-bags, keeps the first value of a repeated key, honours maxSize',
    fn: 'make_bag',
    spec: { argTypes: ['dynamic', 'int'], outputTypes: ['dynamic'], constArgs: [undefined, 2], batches: [{ groups: [0, 0, 0, 0], args: [V.dyn([[1], { a: 1 }, { a: 2, b: 3, c: 4 }, 'x']), V.const('int', 2, 4)] }] },
    expect: [[{ a: 1, b: 3 }]],
  },
  // variance / stdev / covariance
  {
    name: 'oracle stdev-aggregation-function-00: stdev over 1..5',
    fn: 'stdev',
    spec: { argTypes: ['long'], outputTypes: ['real'], batches: [{ groups: [0, 0, 0], args: [longs([1, 2, 3])] }, { groups: [0, 0], args: [longs([4, 5])] }] },
    expect: [[1.5811388300841898]],
  },
  {
    name: 'oracle stdevp-aggregation-function-00',
    fn: 'stdevp',
    spec: { argTypes: ['long'], outputTypes: ['real'], batches: [{ groups: [0, 0, 0, 0, 0], args: [longs([1, 2, 3, 4, 5])] }] },
    expect: [[1.4142135623730951]],
  },
  {
    name: 'oracle stdevif-aggregation-function-00: stdevif(x, x % 2 == 0) over 1..100',
    fn: 'stdevif',
    spec: { argTypes: ['long', 'bool'], outputTypes: ['real'], batches: twoBatches((xs) => [longs(xs), V.bool(xs.map((x) => x % 2 === 0))]) },
    expect: [[29.154759474226502]],
  },
  {
    name: 'oracle varianceif-aggregation-function-00',
    fn: 'varianceif',
    spec: { argTypes: ['long', 'bool'], outputTypes: ['real'], batches: twoBatches((xs) => [longs(xs), V.bool(xs.map((x) => x % 2 === 0))]) },
    expect: [[850]],
  },
  {
    name: 'oracle variancepif-aggregation-function-00',
    fn: 'variancepif',
    spec: { argTypes: ['long', 'bool'], outputTypes: ['real'], batches: twoBatches((xs) => [longs(xs), V.bool(xs.map((x) => x % 2 === 0))]) },
    expect: [[833]],
  },
  {
    name: 'oracle welch-test-function-00: variance(s1) = 7.8674285714, variance(s2) = 3.8126666667 (10 decimals)',
    fn: 'variance',
    spec: {
      argTypes: ['real'],
      outputTypes: ['real'],
      batches: [
        { groups: new Array(15).fill(0), args: [V.real([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4])] },
        { groups: new Array(15).fill(1), args: [V.real([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4])] },
      ],
    },
    expect: [[7.8674285714, 3.8126666667]],
  },
  {
    name: 'variance of one value is 0; nulls ignored; variancep',
    fn: 'variance',
    spec: { argTypes: ['int'], outputTypes: ['real'], batches: [{ groups: [0, 0, 1, 1], args: [V.int([4, null, 1, 3])] }] },
    expect: [[0, 2]],
  },
  {
    name: 'oracle covariance-aggregation-function-00',
    fn: 'covariance',
    spec: { argTypes: ['real', 'real'], outputTypes: ['real'], batches: [{ groups: [0, 0, 0, 0, 0], args: [V.real([1, 2, 3, 4, 5]), V.real([14, 10, 17, 20, 50])] }] },
    expect: [[20.5]],
  },
  {
    name: 'oracle covariancep-aggregation-function-00',
    fn: 'covariancep',
    spec: { argTypes: ['real', 'real'], outputTypes: ['real'], batches: [{ groups: [0, 0, 0, 0, 0], args: [V.real([1, 2, 3, 4, 5]), V.real([14, 10, 17, 20, 50])] }] },
    expect: [[16.4]],
  },
  {
    name: 'oracle covarianceif-aggregation-function-00',
    fn: 'covarianceif',
    spec: {
      argTypes: ['long', 'long', 'bool'],
      outputTypes: ['real'],
      batches: twoBatches((xs) => [longs(xs), longs(xs.map((x) => (x % 2 === 0 ? x * 2 : x * 3))), V.bool(xs.map((x) => x % 3 === 0))]),
    },
    expect: [[2142]],
  },
  {
    name: 'oracle covariancepif-aggregation-function-00 (rounded to 10 decimals)',
    fn: 'covariancepif',
    spec: {
      argTypes: ['long', 'long', 'bool'],
      outputTypes: ['real'],
      batches: twoBatches((xs) => [longs(xs), longs(xs.map((x) => (x % 2 === 0 ? x * 2 : x * 3))), V.bool(xs.map((x) => x % 3 === 0))]),
    },
    expect: [[2077.0909090909]],
  },
  // percentiles
  {
    name: 'oracle invoke-operator-00: percentiles(x, 99) and (x, 5) over 1..100 are 99 and 5',
    fn: 'percentiles',
    spec: { argTypes: ['long', 'real', 'real'], outputTypes: ['long', 'long'], constArgs: [undefined, 99, 5], batches: twoBatches((xs) => [longs(xs), V.const('real', 99, 50), V.const('real', 5, 50)]) },
    expect: [[99n], [5n]],
  },
  {
    name: 'nearest rank: 0 is the minimum, 100 the maximum, 50 of 1..4 is 2; nulls ignored; empty group null',
    fn: 'percentiles',
    spec: {
      argTypes: ['int', 'int', 'int', 'int'],
      outputTypes: ['long', 'long', 'long'],
      constArgs: [undefined, 0, 50, 100],
      batches: [{ groups: [0, 0, 0, 0, 0, 1], args: [V.int([4, 2, null, 3, 1, null]), V.const('int', 0, 6), V.const('int', 50, 6), V.const('int', 100, 6)] }],
    },
    expect: [[1n, null], [2n, null], [4n, null]],
  },
  {
    name: 'percentile(real, 55)',
    fn: 'percentile',
    spec: { argTypes: ['real', 'int'], outputTypes: ['real'], constArgs: [undefined, 55], batches: [{ groups: [0, 0, 0], args: [V.real([0.5, 0.25, 0.75]), V.const('int', 55, 3)] }] },
    expect: [[0.5]],
  },
  {
    name: 'percentile(datetime, 50)',
    fn: 'percentile',
    spec: { argTypes: ['datetime', 'int'], outputTypes: ['datetime'], constArgs: [undefined, 50], batches: [{ groups: [0, 0, 0], args: [V.dt([30n, 10n, 20n]), V.const('int', 50, 3)] }] },
    expect: [[20n]],
  },
  {
    name: 'oracle percentilesw-aggregation-function-02: percentilesw_array(LatencyBucket, ReqCount, 50, 75, 99.9)',
    fn: 'percentilesw_array',
    spec: {
      argTypes: ['long', 'long', 'int', 'int', 'real'],
      outputTypes: ['dynamic'],
      constArgs: [undefined, undefined, 50, 75, 99.9],
      batches: [{ groups: [0, 0, 0, 0], args: [longs([10, 20, 30, 40]), longs([8, 6, 3, 1]), V.const('int', 50, 4), V.const('int', 75, 4), V.const('real', 99.9, 4)] }],
    },
    expect: [[[20, 20, 40]]],
  },
  {
    name: 'percentiles_array with a dynamic array of percentiles',
    fn: 'percentiles_array',
    spec: { argTypes: ['long', 'dynamic'], outputTypes: ['dynamic'], constArgs: [undefined, [25, 75]], batches: [{ groups: [0, 0, 0, 0], args: [longs([1, 2, 3, 4]), V.const('dynamic', [25, 75], 4)] }] },
    expect: [[[1, 3]]],
  },
];

for (const c of cases) {
  test(`${c.fn}: ${c.name}`, () => {
    assert.deepEqual(run(c.fn, c.spec), c.expect);
  });
}

test('makelist / makeset (deprecated) cap at 128 by default', () => {
  const xs = Array.from({ length: 200 }, (_, i) => i);
  for (const fn of ['makelist', 'makeset']) {
    const out = run(fn, { argTypes: ['int'], outputTypes: ['dynamic'], batches: [{ groups: new Array(200).fill(0), args: [V.int(xs)] }] });
    assert.equal((out[0][0] as unknown[]).length, 128, fn);
  }
});
