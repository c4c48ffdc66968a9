// Aggregates, part 1: count, sum, avg, min/max, arg_max/arg_min, take_any, dcount, the registry and the
// empty-input defaults. Each table row runs the aggregate over two batches (so state carries across batches
// and grows with the group count) and checks finish()'s values and types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed } from '../../src/kql/data/types.js';
import { DictVector } from '../../src/kql/data/vector.js';
import { KqlError } from '../../src/kql/errors.js';
import { aggregateNames, getAggregate } from '../../src/kql/functions/aggregates/index.js';
import { V, range, run, type RunSpec } from './aggregates-helpers.js';

interface Case {
  name: string;
  fn: string;
  spec: RunSpec;
  expect: Boxed[][];
}

const TWO53 = 2n ** 53n;

const cases: Case[] = [
  // count
  {
    name: 'count() counts rows per group across batches',
    fn: 'count',
    spec: { argTypes: [], outputTypes: ['long'], batches: [{ groups: [0, 1, 0], args: [] }, { groups: [2, 0, 2], args: [] }] },
    expect: [[3n, 1n, 2n]],
  },
  {
    name: 'count(expr) counts null rows too (summarize-operator.md: count(y) over null and 5 is 2)',
    fn: 'count',
    spec: { argTypes: ['real'], outputTypes: ['long'], batches: [{ groups: [0, 0], args: [V.real([null, 5])] }] },
    expect: [[2n]],
  },
  {
    name: 'countif counts true rows only; null and false do not count',
    fn: 'countif',
    spec: {
      argTypes: ['bool'],
      outputTypes: ['long'],
      batches: [
        { groups: [0, 0, 1, 1], args: [V.bool([true, null, false, true])] },
        { groups: [0, 1, 2], args: [V.bool([true, true, false])] },
      ],
    },
    expect: [[2n, 2n, 0n]],
  },
  {
    name: 'countif over constant predicates and a selection',
    fn: 'countif',
    spec: {
      argTypes: ['bool'],
      outputTypes: ['long'],
      batches: [
        { groups: [0, 1], args: [V.const('bool', true, 2)] },
        { groups: [0, 1], args: [V.const('bool', false, 2)] },
        { groups: [0, 1, 1], args: [V.sel(V.bool([true, false, null, true]), [3, 2, 0])] },
      ],
    },
    expect: [[2n, 2n]],
  },
  {
    name: 'countif over a dictionary-encoded predicate (computed once per distinct string)',
    fn: 'countif',
    spec: (() => {
      const actions = V.str(['Accepted', 'Failed', 'Accepted', 'Other']);
      const isAccepted = new DictVector('bool', actions.codes, V.bool([true, false, null]));
      return { argTypes: ['bool'], outputTypes: ['long'], batches: [{ groups: [0, 0, 1, 1], args: [isAccepted] }] } as RunSpec;
    })(),
    expect: [[1n, 1n]],
  },
  // sum
  {
    name: 'sum(int) is a long; nulls ignored; all-null group sums to 0',
    fn: 'sum',
    spec: {
      argTypes: ['int'],
      outputTypes: ['long'],
      batches: [
        { groups: [0, 1, 0, 2], args: [V.int([1, 2, null, null])] },
        { groups: [1, 0], args: [V.int([-7, 2147483647])] },
      ],
    },
    expect: [[2147483648n, -5n, 0n]],
  },
  {
    name: 'sum(long) stays exact beyond 2^53',
    fn: 'sum',
    spec: {
      argTypes: ['long'],
      outputTypes: ['long'],
      batches: [
        { groups: [0, 0, 1], args: [V.long([TWO53, 1n, TWO53 * 4n + 3n])] },
        { groups: [0, 1, 1], args: [V.long([1n, -(TWO53 * 4n), 5n])] },
      ],
    },
    expect: [[TWO53 + 2n, 8n]],
  },
  {
    name: 'sum(long) of many safe values crossing 2^53 by accumulation',
    fn: 'sum',
    spec: {
      argTypes: ['long'],
      outputTypes: ['long'],
      batches: [
        { groups: [0, 0, 0], args: [V.long([TWO53 - 1n, TWO53 - 1n, 3n])] },
        { groups: [0], args: [V.long([-1n])] },
      ],
    },
    expect: [[2n * TWO53 - 2n + 3n - 1n]],
  },
  {
    name: 'sum(long) wraps at 64 bits like Kusto 64-bit arithmetic',
    fn: 'sum',
    spec: { argTypes: ['long'], outputTypes: ['long'], batches: [{ groups: [0, 0], args: [V.long([2n ** 63n - 1n, 1n])] }] },
    expect: [[-(2n ** 63n)]],
  },
  {
    name: 'sum(real) is a left-to-right double sum',
    fn: 'sum',
    spec: { argTypes: ['real'], outputTypes: ['real'], batches: [{ groups: [0, 0, 1], args: [V.real([0.1, 0.2, null])] }, { groups: [0], args: [V.real([0.3])] }] },
    expect: [[0.1 + 0.2 + 0.3, 0]],
  },
  {
    name: 'sum over a ConstVector argument',
    fn: 'sum',
    spec: { argTypes: ['long'], outputTypes: ['long'], batches: [{ groups: [0, 1, 1], args: [V.const('long', 5n, 3)] }, { groups: [0], args: [V.const('long', null, 1)] }] },
    expect: [[5n, 10n]],
  },
  {
    name: 'sum over a dictionary-encoded int vector (strlen(name) of a string column)',
    fn: 'sum',
    spec: (() => {
      const names = V.str(['John', 'Paul', 'George', 'John']);
      // The dictionary holds strlen per distinct name; the codes are the column's.
      const lens = new DictVector('int', names.codes, V.int([4, 4, 6]));
      return { argTypes: ['int'], outputTypes: ['long'], batches: [{ groups: [0, 0, 1, 1], args: [lens] }] } as RunSpec;
    })(),
    expect: [[8n, 10n]],
  },
  {
    name: 'sum(timespan) is a timespan; sum over a selection',
    fn: 'sum',
    spec: { argTypes: ['timespan'], outputTypes: ['timespan'], batches: [{ groups: [0, 0], args: [V.sel(V.ts([10n, 20n, 30n]), [2, 0])] }] },
    expect: [[40n]],
  },
  {
    name: 'sumif(day_of_birth, strlen(name) > 4) (oracle sumif-aggregation-function-01)',
    fn: 'sumif',
    spec: { argTypes: ['long', 'bool'], outputTypes: ['long'], batches: [{ groups: [0, 0, 0, 0], args: [V.long([9n, 18n, 25n, 7n]), V.bool([false, false, true, true])] }] },
    expect: [[32n]],
  },
  {
    name: 'sumif over reals',
    fn: 'sumif',
    spec: { argTypes: ['real', 'bool'], outputTypes: ['real'], batches: [{ groups: [0, 0, 1], args: [V.real([1.5, 2, 3]), V.bool([true, null, true])] }] },
    expect: [[1.5, 3]],
  },
  // avg
  {
    name: 'avg ignores nulls (summarize-operator.md: 15 and 5 over 1..4 with one null); empty group is NaN',
    fn: 'avg',
    spec: { argTypes: ['real'], outputTypes: ['real'], batches: [{ groups: [0, 0], args: [V.real([null, 5])] }, { groups: [0, 0, 1], args: [V.real([5, 5, null])] }] },
    expect: [[5, NaN]],
  },
  {
    name: 'avg of the welch-test sample s1 (oracle m1 = 20.819999999999997)',
    fn: 'avg',
    spec: {
      argTypes: ['real'],
      outputTypes: ['real'],
      batches: [{ groups: new Array(15).fill(0), args: [V.real([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4])] }],
    },
    expect: [[20.819999999999997]],
  },
  {
    name: 'avg(long) and avgif',
    fn: 'avgif',
    spec: { argTypes: ['long', 'bool'], outputTypes: ['real'], batches: [{ groups: [0, 0, 0], args: [V.long([1n, 2n, 100n]), V.bool([true, true, false])] }] },
    expect: [[1.5]],
  },
  {
    name: 'avg(timespan) is a timespan',
    fn: 'avg',
    spec: { argTypes: ['timespan'], outputTypes: ['timespan'], batches: [{ groups: [0, 0, 1], args: [V.ts([10n, 21n, null])] }] },
    expect: [[15n, null]],
  },
  // min / max
  {
    name: 'min(int): nulls ignored, all-null group is null',
    fn: 'min',
    spec: { argTypes: ['int'], outputTypes: ['int'], batches: [{ groups: [0, 0, 1], args: [V.int([3, null, null])] }, { groups: [0, 2], args: [V.int([-4, 7])] }] },
    expect: [[-4, null, 7]],
  },
  {
    name: 'max(real)',
    fn: 'max',
    spec: { argTypes: ['real'], outputTypes: ['real'], batches: [{ groups: [0, 0, 1], args: [V.real([1.5, -2, -3])] }, { groups: [0], args: [V.real([1.25])] }] },
    expect: [[1.5, -3]],
  },
  {
    name: 'max(long) beyond 2^53 and min(datetime)',
    fn: 'max',
    spec: { argTypes: ['long'], outputTypes: ['long'], batches: [{ groups: [0, 0], args: [V.long([TWO53 + 1n, TWO53])] }] },
    expect: [[TWO53 + 1n]],
  },
  {
    name: 'min(datetime) over a selection',
    fn: 'min',
    spec: { argTypes: ['datetime'], outputTypes: ['datetime'], batches: [{ groups: [0, 0], args: [V.sel(V.dt([5n, 1n, 3n]), [0, 2])] }] },
    expect: [[3n]],
  },
  {
    name: 'max(string) over dictionary vectors, ordinal comparison',
    fn: 'max',
    spec: { argTypes: ['string'], outputTypes: ['string'], batches: [{ groups: [0, 0, 1], args: [V.str(['apple', 'Banana', ''])] }, { groups: [0, 1], args: [V.str(['banana', ''])] }] },
    expect: [['banana', '']],
  },
  {
    name: 'min(string) with "" as an ordinary value; a group with no rows gives ""',
    fn: 'min',
    spec: { argTypes: ['string'], outputTypes: ['string'], batches: [{ groups: [0, 0], args: [V.flatStr(['b', ''])] }], numGroups: 2 },
    expect: [['', '']],
  },
  {
    name: 'max(bool) and constant argument',
    fn: 'max',
    spec: { argTypes: ['bool'], outputTypes: ['bool'], batches: [{ groups: [0, 1], args: [V.bool([false, null])] }, { groups: [0, 1], args: [V.const('bool', true, 2)] }] },
    expect: [[true, true]],
  },
  {
    name: 'minif / maxif',
    fn: 'maxif',
    spec: { argTypes: ['int', 'bool'], outputTypes: ['int'], batches: [{ groups: [0, 0, 0, 1], args: [V.int([1, 9, 5, 4]), V.bool([true, false, true, false])] }] },
    expect: [[5, null]],
  },
  // arg_max / arg_min
  {
    name: 'arg_max(Version, *) by Fruit (doc example: all-null Banana picks its first row, Yellow)',
    fn: 'arg_max',
    spec: {
      argTypes: ['int'],
      outputTypes: ['int', 'string'],
      batches: [
        { groups: [0, 0, 1], args: [V.int([1, null, null])], returned: [V.str(['Red', 'Green', 'Yellow'])] },
        { groups: [1, 2, 2], args: [V.int([null, 1, 2])], returned: [V.str(['Green', 'Brown', 'Green'])] },
      ],
    },
    expect: [[1, null, 2], ['Red', 'Yellow', 'Green']],
  },
  {
    name: 'arg_min(Version, *) by Fruit (oracle arg-min-aggregation-function-02)',
    fn: 'arg_min',
    spec: {
      argTypes: ['int'],
      outputTypes: ['int', 'string'],
      batches: [
        { groups: [0, 0, 1], args: [V.int([1, null, null])], returned: [V.str(['Red', 'Green', 'Yellow'])] },
        { groups: [1, 2, 2], args: [V.int([null, 1, 2])], returned: [V.str(['Green', 'Brown', 'Green'])] },
      ],
    },
    expect: [[1, null, 1], ['Red', 'Yellow', 'Brown']],
  },
  {
    name: 'arg_max ties keep the first row met; later batches can still win; several returned columns',
    fn: 'arg_max',
    spec: {
      argTypes: ['datetime'],
      outputTypes: ['datetime', 'string', 'long'],
      batches: [
        { groups: [0, 0, 1], args: [V.dt([5n, 5n, 1n])], returned: [V.str(['a', 'b', 'c']), V.long([1n, 2n, 3n])] },
        { groups: [0, 1, 1], args: [V.dt([5n, 2n, 2n])], returned: [V.str(['d', 'e', 'f']), V.long([4n, null, 6n])] },
      ],
    },
    expect: [[5n, 2n], ['a', 'e'], [1n, null]],
  },
  {
    name: 'arg_max: a null row first, then a value; one-arg form has no returned columns',
    fn: 'arg_max',
    spec: { argTypes: ['real'], outputTypes: ['real'], batches: [{ groups: [0, 0], args: [V.real([null, -1])] }] },
    expect: [[-1]],
  },
  {
    name: 'arg_min over strings (dictionary) with a constant-free returned flat vector',
    fn: 'arg_min',
    spec: {
      argTypes: ['string'],
      outputTypes: ['string', 'real'],
      batches: [{ groups: [0, 0, 0], args: [V.str(['m', 'c', 'c'])], returned: [V.real([1, 2, 3])] }],
    },
    expect: [['c'], [2]],
  },
  {
    name: 'arg_max keeps results right across many batches (released batches are not read)',
    fn: 'arg_max',
    spec: {
      argTypes: ['long'],
      outputTypes: ['long', 'long'],
      batches: Array.from({ length: 150 }, (_, b) => ({
        groups: [0, 1],
        args: [V.long([BigInt(b % 70), BigInt(b)])],
        returned: [V.long([BigInt(b), BigInt(1000 + b)])],
      })),
    },
    expect: [[69n, 149n], [69n, 1149n]],
  },
  // take_any
  {
    name: 'take_any(x) prefers a non-empty value',
    fn: 'take_any',
    spec: { argTypes: ['string'], outputTypes: ['string'], batches: [{ groups: [0, 1, 0], args: [V.str(['', '', 'x'])] }, { groups: [0, 1], args: [V.str(['y', ''])] }] },
    expect: [['x', '']],
  },
  {
    name: 'take_any(x) prefers a non-null value',
    fn: 'take_any',
    spec: { argTypes: ['long'], outputTypes: ['long'], batches: [{ groups: [0, 0], args: [V.long([null, 7n])] }, { groups: [0], args: [V.long([8n])] }] },
    expect: [[7n]],
  },
  {
    name: 'take_any(a, b) takes both values from one row (the first)',
    fn: 'take_any',
    spec: { argTypes: ['string', 'int'], outputTypes: ['string', 'int'], batches: [{ groups: [0, 0, 1], args: [V.str(['', 'q', 'r']), V.int([null, 2, 3])] }] },
    expect: [['', 'r'], [null, 3]],
  },
  {
    name: 'take_any(*) returns the returned vectors of one row',
    fn: 'take_any',
    spec: { argTypes: [], outputTypes: ['string', 'real'], batches: [{ groups: [0, 1, 0], args: [], returned: [V.str(['a', 'b', 'c']), V.real([1, 2, 3])] }] },
    expect: [['a', 'b'], [1, 2]],
  },
  {
    name: 'take_anyif(x, pred)',
    fn: 'take_anyif',
    spec: { argTypes: ['int', 'bool'], outputTypes: ['int'], batches: [{ groups: [0, 0, 1, 1], args: [V.int([1, 2, 3, 4]), V.bool([false, true, null, false])] }] },
    expect: [[2, null]],
  },
  {
    name: 'any() is take_any',
    fn: 'any',
    spec: { argTypes: ['int'], outputTypes: ['int'], batches: [{ groups: [0, 0], args: [V.int([null, 4])] }] },
    expect: [[4]],
  },
  // dcount
  {
    name: 'dcount over strings from two dictionaries, "" counted, exact',
    fn: 'dcount',
    spec: { argTypes: ['string'], outputTypes: ['long'], batches: [{ groups: [0, 0, 0, 1], args: [V.str(['a', 'b', 'a', ''])] }, { groups: [0, 1], args: [V.str(['c', 'a'])] }] },
    expect: [[3n, 2n]],
  },
  {
    name: 'dcount ignores nulls; a group of nulls counts 0',
    fn: 'dcount',
    spec: { argTypes: ['long'], outputTypes: ['long'], batches: [{ groups: [0, 0, 0, 1], args: [V.long([1n, null, 1n, null])] }, { groups: [0], args: [V.long([TWO53 + 1n])] }] },
    expect: [[2n, 0n]],
  },
  {
    name: 'dcount over dynamic values distinguishes 1 from "1" and compares structures by value',
    fn: 'dcount',
    spec: { argTypes: ['dynamic'], outputTypes: ['long'], batches: [{ groups: [0, 0, 0, 0, 0], args: [V.dyn([1, '1', { a: [1] }, { a: [1] }, null])] }] },
    expect: [[3n]],
  },
  {
    name: 'dcountif(x, x > 0) with an accuracy argument',
    fn: 'dcountif',
    spec: { argTypes: ['int', 'bool', 'int'], outputTypes: ['long'], batches: [{ groups: [0, 0, 0, 0], args: [V.int([1, 2, 2, -1]), V.bool([true, true, true, false]), V.const('int', 2, 4)] }] },
    expect: [[2n]],
  },
  {
    name: 'count_distinct',
    fn: 'count_distinct',
    spec: { argTypes: ['real'], outputTypes: ['long'], batches: [{ groups: [0, 0, 0], args: [V.real([1.5, 1.5, 2])] }] },
    expect: [[2n]],
  },
];

for (const c of cases) {
  test(`${c.fn}: ${c.name}`, () => {
    assert.deepEqual(run(c.fn, c.spec), c.expect);
  });
}

test('count: many groups, growing state across batches (one row per group)', () => {
  const n = 5000;
  const out = run('count', { argTypes: [], outputTypes: ['long'], batches: [{ groups: range(n), args: [] }, { groups: range(n).reverse(), args: [] }] });
  assert.equal(out[0].length, n);
  assert.ok(out[0].every((v) => v === 2n));
});

test('empty input without by: finish(1) with no update gives the documented defaults', () => {
  // summarize-operator.md: count/dcount/sum/stdev/variance 0, make_* [], avg NaN, the rest null.
  const table: [string, RunSpec['argTypes'], RunSpec['outputTypes'], Boxed][] = [
    ['count', [], ['long'], 0n],
    ['countif', ['bool'], ['long'], 0n],
    ['dcount', ['long'], ['long'], 0n],
    ['dcountif', ['long', 'bool'], ['long'], 0n],
    ['sum', ['long'], ['long'], 0n],
    ['sumif', ['long', 'bool'], ['long'], 0n],
    ['sum', ['real'], ['real'], 0],
    ['avg', ['long'], ['real'], NaN],
    ['min', ['long'], ['long'], null],
    ['max', ['datetime'], ['datetime'], null],
    ['arg_max', ['long'], ['long'], null],
    ['take_any', ['long'], ['long'], null],
    ['percentile', ['long', 'int'], ['long'], null],
    ['stdev', ['long'], ['real'], 0],
    ['variance', ['long'], ['real'], 0],
    ['make_set', ['long'], ['dynamic'], []],
    ['make_list', ['long'], ['dynamic'], []],
    ['make_bag', ['dynamic'], ['dynamic'], {}],
  ];
  for (const [fn, argTypes, outputTypes, want] of table) {
    const constArgs = argTypes.map((_, i) => (fn === 'percentile' && i === 1 ? 55 : undefined));
    const got = run(fn, { argTypes, outputTypes, constArgs, batches: [], numGroups: 1 });
    assert.deepEqual(got[0], [want], fn);
  }
});

test('registry: names, aliases, and loud failures', () => {
  const names = aggregateNames();
  for (const n of ['count', 'countif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'max', 'minif', 'maxif', 'arg_max', 'arg_min', 'take_any', 'any', 'take_anyif', 'dcount', 'dcountif', 'make_set', 'make_set_if', 'make_list', 'make_list_if', 'make_list_with_nulls', 'make_bag', 'make_bag_if', 'stdev', 'stdevif', 'stdevp', 'variance', 'varianceif', 'variancep', 'percentile', 'percentiles']) {
    assert.ok(names.includes(n), n);
    assert.equal(getAggregate(n)?.name, n);
  }
  assert.equal(getAggregate('no_such_aggregate'), undefined);
  const unsupportedSites: [string, RunSpec['argTypes'], RunSpec['outputTypes']][] = [
    ['hll', ['long'], ['dynamic']],
    ['tdigest', ['string'], ['dynamic']],
    ['sum', ['decimal'], ['decimal']],
    ['min', ['dynamic'], ['dynamic']],
    ['stdev', ['timespan'], ['real']],
    ['percentile', ['string', 'int'], ['string']],
  ];
  for (const [fn, argTypes, outputTypes] of unsupportedSites) {
    assert.throws(
      () => getAggregate(fn)!.create({ name: fn, argTypes, outputTypes, constArgs: argTypes.map(() => 50) }),
      (e: unknown) => e instanceof KqlError && e.code === 'unsupported',
      fn,
    );
  }
  // An output type the binder did not expect is an error, not a silently mistyped column.
  const acc = getAggregate('count')!.create({ name: 'count', argTypes: [], outputTypes: ['int'], constArgs: [] });
  assert.throws(() => acc.finish(1), (e: unknown) => e instanceof KqlError && e.code === 'unsupported');
  // A percentile that is not a constant cannot be planned.
  assert.throws(
    () => getAggregate('percentile')!.create({ name: 'percentile', argTypes: ['long', 'int'], outputTypes: ['long'], constArgs: [undefined, undefined] }),
    (e: unknown) => e instanceof KqlError && e.code === 'unsupported',
  );
});
