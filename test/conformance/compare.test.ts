/** The comparison rules of the conformance runner, on hand-made results (no engine involved). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KqlError } from '../../src/kql/errors.js';
import { isNondeterministicQuery, loadAllCases, queryEndsOrdered, stripComments } from './cases.js';
import { classifyError, compareResults, dynamicEqual, runCase, valuesEqual } from './compare.js';
import type { KType } from '../../src/kql/data/types.js';

const cols = (...spec: [string, KType][]) => spec.map(([name, type]) => ({ name, type }));

test('valuesEqual: per-type rules', () => {
  const rows: [KType, unknown, unknown, boolean][] = [
    ['long', 1, 1, true],
    ['long', 1, 2, false],
    ['long', '9007199254740993', '9007199254740993', true],
    ['long', 9007199254740992, '9007199254740993', false],
    ['long', null, null, true],
    ['long', null, 0, false],
    ['int', 3, 3, true],
    ['real', 0.1 + 0.2, 0.3, true],
    ['real', 1e10, 1e10 + 100, false],
    ['real', 1e10, 1e10 * (1 + 1e-12), true],
    ['real', 'NaN', 'NaN', true],
    ['real', 'NaN', 0, false],
    ['real', 'Infinity', 'Infinity', true],
    ['real', 'Infinity', '-Infinity', false],
    ['real', 0, 1e-15, true],
    ['datetime', '2017-01-01T00:00:00Z', '2017-01-01T00:00:00.0000000Z', true],
    ['datetime', '2017-01-01 00:00:00.0000000', '2017-01-01T00:00:00Z', true],
    ['datetime', '2017-01-01T00:00:00Z', '2017-01-01T00:00:00.0000001Z', false],
    ['datetime', '2017-01-01T00:00:00Z', 'garbage', false],
    ['timespan', '1.00:00:00', '1.00:00:00', true],
    ['timespan', '1.12:30:55.123', '1.12:30:55.1230000', true],
    ['timespan', '-12:00:00', '12:00:00', false],
    ['string', '', '', true],
    ['string', '', null, false],
    ['string', 'a', 'A', false],
    ['bool', true, true, true],
    ['bool', true, false, false],
    ['guid', 'CCDF8F26-0DD9-42B8-9E69-25B2B19A3305', 'ccdf8f26-0dd9-42b8-9e69-25b2b19a3305', true],
    ['dynamic', { a: 1, b: [1, 2] }, { b: [1, 2.0], a: 1 }, true],
    ['dynamic', { a: 1 }, { a: 1, b: null }, false],
    ['dynamic', [1, 2], [2, 1], false],
    ['dynamic', 'x', 'x', true],
    ['dynamic', '1', 1, false],
    ['dynamic', 1.5, 1.5000000000001, true],
    ['dynamic', { n: 9007199254740993 }, { n: '9007199254740993' }, true],
    ['dynamic', { n: 12 }, { n: '12' }, false],
  ];
  for (const [type, e, a, want] of rows) {
    assert.equal(valuesEqual(type, e, a), want, `${type}: ${JSON.stringify(e)} vs ${JSON.stringify(a)}`);
  }
});

test('dynamicEqual: key order ignored, nesting compared', () => {
  assert.ok(dynamicEqual({ x: { p: 1, q: [true, null] } }, { x: { q: [true, null], p: 1 } }));
  assert.ok(!dynamicEqual({ x: { p: 1 } }, { x: { p: '1' } }));
  assert.ok(!dynamicEqual([], {}));
});

test('compareResults: columns, types, counts', () => {
  const expected = { columns: cols(['a', 'long'], ['b', 'string']), rows: [[1, 'x'], [2, 'y']] };
  const ok = compareResults(expected, { columns: cols(['a', 'long'], ['b', 'string']), rows: [[2, 'y'], [1, 'x']] }, { ordered: false });
  assert.equal(ok.status, 'pass');

  const names = compareResults(expected, { columns: cols(['a', 'long'], ['c', 'string']), rows: [] }, { ordered: false });
  assert.equal(names.status, 'fail');
  assert.equal(names.kind, 'column names');

  const types = compareResults(expected, { columns: cols(['a', 'int'], ['b', 'string']), rows: [] }, { ordered: false });
  assert.equal(types.kind, 'column types');
  assert.match(types.reason!, /column 'a': expected type long, got int/);

  const count = compareResults(expected, { columns: cols(['a', 'long'], ['b', 'string']), rows: [[1, 'x']] }, { ordered: false });
  assert.equal(count.kind, 'row count');
});

test('compareResults: ordered vs multiset', () => {
  const expected = { columns: cols(['a', 'long']), rows: [[3], [2], [1]] };
  const swapped = { columns: cols(['a', 'long']), rows: [[1], [2], [3]] };
  assert.equal(compareResults(expected, swapped, { ordered: false }).status, 'pass');
  const ordered = compareResults(expected, swapped, { ordered: true });
  assert.equal(ordered.status, 'fail');
  assert.equal(ordered.kind, 'row order');
  assert.match(ordered.reason!, /row 0 column 'a': expected 3, got 1/);

  const wrong = compareResults(expected, { columns: cols(['a', 'long']), rows: [[3], [2], [5]] }, { ordered: false });
  assert.equal(wrong.status, 'fail');
  assert.match(wrong.reason!, /1 expected row\(s\) missing, e\.g\. row 2 \[1\], got \[5\]/);

  // Duplicates count: {1,1,2} is not {1,2,2}.
  const dup = compareResults({ columns: cols(['a', 'long']), rows: [[1], [1], [2]] }, { columns: cols(['a', 'long']), rows: [[1], [2], [2]] }, { ordered: false });
  assert.equal(dup.status, 'fail');
});

test('compareResults: reals within tolerance match in multisets too', () => {
  const expected = { columns: cols(['k', 'string'], ['v', 'real']), rows: [['a', 0.30000000000000004], ['b', 1 / 3]] };
  const actual = { columns: cols(['k', 'string'], ['v', 'real']), rows: [['b', 0.3333333333333], ['a', 0.3]] };
  // 0.3333333333333 is 1e-13 off (relative 3e-13): within 1e-9.
  assert.equal(compareResults(expected, actual, { ordered: false }).status, 'pass');
  const off = { columns: cols(['k', 'string'], ['v', 'real']), rows: [['b', 0.3334], ['a', 0.3]] };
  assert.equal(compareResults(expected, off, { ordered: false }).status, 'fail');
});

test('compareResults: shape only ignores values', () => {
  const expected = { columns: cols(['g', 'guid']), rows: [['ccdf8f26-0dd9-42b8-9e69-25b2b19a3305']] };
  assert.equal(compareResults(expected, { columns: cols(['g', 'guid']), rows: [['00000000-0000-0000-0000-000000000001']] }, { ordered: false, shapeOnly: true }).status, 'pass');
  assert.equal(compareResults(expected, { columns: cols(['g', 'guid']), rows: [] }, { ordered: false, shapeOnly: true }).status, 'fail');
});

test('queryEndsOrdered: sort/order/top followed only by order-preserving operators', () => {
  const rows: [string, boolean][] = [
    ['T | sort by x', true],
    ['T | order by x asc | project x', true],
    ['T | top 3 by strlen(tostring(x)) | extend y = 1', true],
    ['T | sort by x | summarize count()', false],
    ['T | summarize c=count() by x', false],
    ['let A = T | sort by x; A | join B on x', false],
    ['T | join (U | sort by x) on x', false],
    ['T | top-nested 3 of x by count()', false],
    ['// sort by x\nT | where x > 1', false],
  ];
  for (const [q, want] of rows) assert.equal(queryEndsOrdered(q), want, q);
});

test('isNondeterministicQuery and stripComments', () => {
  assert.ok(isNondeterministicQuery('print rand()'));
  assert.ok(isNondeterministicQuery('T | where t > ago(1h)'));
  assert.ok(isNondeterministicQuery('range x from 1 to 10 step 1 | sample 3'));
  assert.ok(!isNondeterministicQuery('// uses now()\nprint x = 1'));
  assert.ok(!isNondeterministicQuery('print nowhere = 1, random = 2'));
  assert.equal(stripComments('print s = "a//b" // c\n| take 1'), 'print s = "a//b" \n| take 1');
});

test('classifyError: KqlError codes map to statuses', () => {
  assert.deepEqual(classifyError(new KqlError('unsupported', 'unsupported: evaluate foo')), { status: 'unsupported', kind: 'unsupported', reason: 'unsupported: evaluate foo' });
  assert.equal(classifyError(new KqlError('semantic', 'no column x')).status, 'error');
  assert.equal(classifyError(new KqlError('semantic', 'no column x')).kind, 'semantic');
  assert.equal(classifyError(new TypeError('boom')).kind, 'internal');
});

test('runCase: drives an engine and compares', async () => {
  const c = loadAllCases().find((x) => x.id === 'derived-sort-default-desc')!;
  assert.ok(c, 'derived-sort-default-desc exists');
  assert.equal(c.ordered, true);
  const good = { query: async () => ({ columns: cols(['x', 'long']), rows: [[3], [2], [1]] }) };
  const bad = { query: async () => ({ columns: cols(['x', 'long']), rows: [[1], [2], [3]] }) };
  const throws = { query: async () => { throw new KqlError('unsupported', 'unsupported: sort'); } };
  assert.equal((await runCase(good, c)).status, 'pass');
  assert.equal((await runCase(bad, c)).status, 'fail');
  assert.equal((await runCase(throws, c)).status, 'unsupported');
});

test('case files: every case loads with typed columns', () => {
  const all = loadAllCases();
  assert.equal(all.filter((c) => c.origin === 'oracle').length, 376);
  assert.equal(all.filter((c) => c.origin === 'derived').length, 27);
  for (const c of all) {
    for (const r of c.expected.rows) assert.equal(r.length, c.expected.columns.length, `${c.id}: row width`);
  }
  assert.ok(all.find((c) => c.id === 'new-guid-function-00')!.nondeterministic);
});

test('parseJsonKeepingBigInts: integers beyond 2^53 stay exact', async () => {
  const { parseJsonKeepingBigInts } = await import('./cases.js');
  assert.deepEqual(parseJsonKeepingBigInts('{"a":[1380966698541616202, 12, 1.5, 0.12345678901234567891, 1e12345678901234567, "12345678901234567890"], "b": -9223372036854775808}'), {
    a: ['1380966698541616202', 12, 1.5, 0.12345678901234567891, Infinity, '12345678901234567890'],
    b: '-9223372036854775808',
  });
  assert.ok(valuesEqual('long', '1380966698541616202', '1380966698541616202'));
  assert.ok(!valuesEqual('long', '1380966698541616202', '1380966698541616128'));
});
