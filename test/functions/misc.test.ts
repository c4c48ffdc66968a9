import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { functions } from '../../src/kql/functions/misc.js';

function call(name: string, argTypes: KType[], args: Boxed[], resultType: KType = 'bool'): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: args.map(() => undefined), now: 0n });
  return row(args);
}

test('iff / iif: only true takes the then-branch; branches convert to the result type', () => {
  for (const name of ['iff', 'iif']) {
    assert.equal(call(name, ['bool', 'string', 'string'], [true, 'a', 'b'], 'string'), 'a');
    assert.equal(call(name, ['bool', 'string', 'string'], [false, 'a', 'b'], 'string'), 'b');
    assert.equal(call(name, ['bool', 'string', 'string'], [null, 'a', 'b'], 'string'), 'b');
  }
  // summarize-operator-07 builds y = iff(x == 1, real(null), real(5))
  assert.equal(call('iff', ['bool', 'real', 'real'], [true, null, 5], 'real'), null);
  assert.equal(call('iff', ['bool', 'int', 'long'], [true, 3, 4n], 'long'), 3n);
  assert.equal(call('iff', ['bool', 'long', 'real'], [true, 3n, 4.5], 'real'), 3);
});

test('case (case-function-00)', () => {
  const bucket = (size: bigint) =>
    call('case', ['bool', 'string', 'bool', 'string', 'string'], [size <= 3n, 'Small', size <= 10n, 'Medium', 'Large'], 'string');
  const want: [bigint, string][] = [[1n, 'Small'], [3n, 'Small'], [5n, 'Medium'], [9n, 'Medium'], [11n, 'Large'], [15n, 'Large']];
  for (const [s, w] of want) assert.equal(bucket(s), w);
  assert.equal(call('case', ['bool', 'long', 'long'], [null, 1n, 2n], 'long'), 2n);
});

test('coalesce: first non-null, first non-empty string', () => {
  // coalesce(tolong("not a number"), tolong("42"), 33) is 42
  assert.equal(call('coalesce', ['long', 'long', 'long'], [null, 42n, 33n], 'long'), 42n);
  assert.equal(call('coalesce', ['string', 'string', 'string'], ['', 'x', 'y'], 'string'), 'x');
  assert.equal(call('coalesce', ['string', 'string'], ['', ''], 'string'), '');
  assert.equal(call('coalesce', ['long', 'long'], [null, null], 'long'), null);
  assert.equal(call('coalesce', ['int', 'long'], [7, 1n], 'long'), 7n);
  assert.deepEqual(call('coalesce', ['dynamic', 'dynamic'], [null, [1]], 'dynamic'), [1]);
});

test('isnull / isnotnull / isempty / isnotempty (isnull/isempty doc tables)', () => {
  const cases: [KType, Boxed, boolean, boolean][] = [
    // type, value, isnull, isempty
    ['string', '', false, true],
    ['string', 'x', false, false],
    ['long', null, true, true],
    ['long', 0n, false, false],
    ['dynamic', null, true, true], // parse_json("")
    ['dynamic', [], false, false], // parse_json("[]")
    ['dynamic', {}, false, false], // parse_json("{}")
    ['dynamic', '', false, true],
    ['bool', false, false, false],
  ];
  for (const [t, v, isnull, isempty] of cases) {
    assert.equal(call('isnull', [t], [v]), isnull, `isnull(${t} ${String(v)})`);
    assert.equal(call('isnotnull', [t], [v]), !isnull);
    assert.equal(call('notnull', [t], [v]), !isnull);
    assert.equal(call('isempty', [t], [v]), isempty, `isempty(${t} ${String(v)})`);
    assert.equal(call('isnotempty', [t], [v]), !isempty);
    assert.equal(call('notempty', [t], [v]), !isempty);
  }
});

test('not(null) is null', () => {
  assert.equal(call('not', ['bool'], [true]), false);
  assert.equal(call('not', ['bool'], [false]), true);
  assert.equal(call('not', ['bool'], [null]), null); // derived-not-null
  assert.equal(call('not', ['dynamic'], [true]), false);
});

test('new_guid is volatile and canonical', () => {
  const f = functions.find((x) => x.name === 'new_guid')!;
  assert.equal(f.volatile, true);
  const a = call('new_guid', [], [], 'guid') as string;
  const b = call('new_guid', [], [], 'guid') as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
});
