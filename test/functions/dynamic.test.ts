import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, Dyn, KType } from '../../src/kql/data/types.js';
import { functions, getIndex, getMember, parseJsonString, tryParseJson } from '../../src/kql/functions/dynamic.js';
import { dynamicToJsonText } from '../../src/kql/data/format-value.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';
import { KqlError } from '../../src/kql/errors.js';

function call(name: string, argTypes: KType[], args: Boxed[], resultType: KType = 'dynamic', constArgs?: (Boxed | undefined)[]): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: constArgs ?? args.map(() => undefined), now: 0n });
  return row(args);
}
const D = (n: number): KType[] => new Array<KType>(n).fill('dynamic');
const isUnsupported = (e: unknown) => e instanceof KqlError && e.code === 'unsupported';

test('parse_json edge cases', () => {
  const cases: [string, Dyn][] = [
    ['', null], // parse_json("") is null
    ['[]', []],
    ['{}', {}],
    ['1', 1],
    ['-0.5e2', -50],
    ['9223372036854775807', 9223372036854775807n], // exact 64-bit integers
    ['123456789012345678901234', 1.2345678901234568e23], // beyond long: a real
    ['"abc"', 'abc'],
    [' {"a" : [1, {"b": null}], "c": true} ', { a: [1, { b: null }], c: true }],
    ["{'key1':123}", { key1: 123 }], // single quotes as in dynamic literals
    ['{"s":"\\u00e9\\n\\"x\\""}', { s: 'é\n"x"' }],
    ['not json', 'not json'], // invalid JSON: the string itself
    ['{"a":1,}', '{"a":1,}'],
    ['[1 2]', '[1 2]'],
    ['{"duration":{"value":118.0,"min":100.0}}', { duration: { value: 118, min: 100 } }], // parse-json-function-00
  ];
  for (const [text, want] of cases) {
    assert.deepEqual(call('parse_json', ['string'], [text]), want, `parse_json(${text})`);
    assert.deepEqual(parseJsonString(text), want);
  }
  assert.equal(tryParseJson('nul'), undefined);
  // A dynamic argument passes through unchanged (semantics §24), so nested JSON needs tostring() first.
  const bag = { b: '{"c":456}' };
  assert.equal(call('todynamic', ['dynamic'], [bag]), bag);
  const inner = call('parse_json', ['string'], [getMember(bag, 'b') as string]); // parse-json-function-02
  assert.equal(getMember(inner as Dyn, 'c'), 456);
  assert.equal(call('parse_json', ['long'], [5n]), 5);
  // __proto__ as a key stays an ordinary property
  const p = parseJsonString('{"__proto__":{"x":1}}') as { [k: string]: Dyn };
  assert.deepEqual(Object.keys(p), ['__proto__']);
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
});

test('getMember / getIndex', () => {
  const arr: Dyn = [100, 101, 102];
  assert.equal(getIndex(arr, 1), 101);
  assert.equal(getIndex(arr, 1n), 101);
  assert.equal(getIndex(arr, -1), 102);
  assert.equal(getIndex(arr, -3), 100);
  assert.equal(getIndex(arr, 3), null);
  assert.equal(getIndex(arr, -4), null);
  assert.equal(getIndex({ a: 1 }, 0), null);
  assert.equal(getIndex({ 'a b c': 'x' }, 'a b c'), 'x');
  assert.equal(getMember({ country: 'A' }, 'country'), 'A');
  assert.equal(getMember({ country: 'A' }, 'city'), null);
  assert.equal(getMember({}, 'toString'), null);
  assert.equal(getMember(null, 'x'), null);
  assert.equal(getMember([1], 'length'), null);
});

test('array functions (oracle cases)', () => {
  assert.equal(call('array_length', D(1), [[1, 2, 3, 'four']], 'long'), 4n); // array-length-function-00
  assert.equal(call('array_length', D(1), [{ a: 1 }], 'long'), null);
  assert.deepEqual(call('array_concat', D(2), [[1, 2, 4], [1, 2]]), [1, 2, 4, 1, 2]); // array-concat-function-00
  assert.equal(call('array_concat', D(2), [[1], 'x']), null);
  const slice = (a: Dyn, s: bigint, e: bigint) => call('array_slice', ['dynamic', 'long', 'long'], [a, s, e]);
  assert.deepEqual(slice([1, 2, 3], 1n, 2n), [2, 3]); // array-slice-function-00
  assert.deepEqual(slice([1, 2, 3, 4, 5], 2n, -1n), [3, 4, 5]); // -01
  assert.deepEqual(slice([1, 2, 3, 4, 5], -3n, -2n), [3, 4]); // -02
  assert.deepEqual(slice([1, 2, 3], 5n, 10n), []);
  assert.deepEqual(slice([1, 2, 3], 0n, 10n), [1, 2, 3]);
  assert.deepEqual(call('array_reverse', D(1), [['this', 'is', 'an', 'example']]), ['example', 'an', 'is', 'this']);
  assert.deepEqual(call('array_sort_desc', ['dynamic', 'bool'], [[null, 'blue', 'yellow', 'green', null], false]),
    [null, null, 'yellow', 'green', 'blue']); // array-sort-desc-function-04
  assert.deepEqual(call('array_sort_asc', D(1), [[3, 'b', null, 1, 'a', 2.5]]), [1, 2.5, 3, 'a', 'b', null]);
  assert.throws(() => call('array_sort_desc', D(2), [[1], ['a']]), isUnsupported);
  assert.equal(call('array_sum', D(1), [[1, 2.5, 3n]], 'real'), 6.5);
  assert.equal(call('array_sum', D(1), [[1, 'x']], 'real'), null);
  assert.deepEqual(call('array_rotate_left', ['dynamic', 'long'], [[1, 2, 3, 4, 5], 2n]), [3, 4, 5, 1, 2]);
  assert.deepEqual(call('array_rotate_left', ['dynamic', 'long'], [[1, 2, 3, 4, 5], -2n]), [4, 5, 1, 2, 3]);
  assert.deepEqual(call('array_rotate_right', ['dynamic', 'long'], [[1, 2, 3, 4, 5], -2n]), [3, 4, 5, 1, 2]);
  assert.deepEqual(call('array_shift_left', ['dynamic', 'long'], [[1, 2, 3, 4, 5], 2n]), [3, 4, 5, null, null]);
  assert.deepEqual(call('array_shift_left', ['dynamic', 'long', 'long'], [[1, 2, 3, 4, 5], -2n, -1n]), [-1, -1, 1, 2, 3]);
  assert.deepEqual(call('array_shift_right', ['dynamic', 'long'], [[1, 2, 3], 1n]), [null, 1, 2]);
});

test('array_index_of (array-index-of-function-00)', () => {
  const arr: Dyn = ['this', 'is', 'an', 'example', 'an', 'example'];
  const idx = (...rest: Boxed[]) => call('array_index_of', ['dynamic', 'string', ...rest.slice(1).map((): KType => 'long')], [arr, ...rest], 'long');
  assert.equal(idx('an'), 2n);
  assert.equal(idx('example', 1n, 3n), 3n);
  assert.equal(idx('example', 1n, 2n), -1n);
  assert.equal(idx('is', 2n, 4n), -1n);
  assert.equal(idx('example', 2n, -1n), 3n);
  assert.equal(idx('an', 1n, -1n, 2n), 4n);
  assert.equal(idx('an', 1n, -1n, 3n), -1n);
  assert.equal(idx('an', -3n), 4n);
  assert.equal(idx('is', -4n), -1n);
});

test('array_iff (array-iff-function-02/03)', () => {
  const dt = parseDatetime('2022-01-01')!;
  assert.deepEqual(call('array_iff', ['dynamic', 'long', 'long'], [['some string value', '2022-01-01T00:00:00.0000000Z', null], 1n, 0n]), [null, null, null]);
  assert.ok(dt > 0n);
  assert.deepEqual(call('array_iff', D(3), [[true, true, true], [1, 2], [3, 4]]), [1, 2, null]);
  assert.deepEqual(call('array_iff', ['dynamic', 'long', 'long'], [[true, false, null], 1n, 0n]), [1, 0, null]);
});

test('pack_array / bag_pack convert typed values into dynamic', () => {
  // pack-array-function-01: pack_array(x, tostring(x*2), (x*2)*1s)
  assert.deepEqual(call('pack_array', ['long', 'string', 'timespan'], [1n, '2', 20_000_000n]), [1, '2', '00:00:02']);
  assert.deepEqual(call('pack_array', ['datetime'], [parseDatetime('2023-01-01')!]), ['2023-01-01T00:00:00.0000000Z']);
  // pack-function-00
  const inner = call('bag_pack', ['string', 'string'], ['url', 'www.bing.com']);
  assert.deepEqual(call('bag_pack', ['string', 'string', 'string', 'long', 'string', 'dynamic'], ['Level', 'Information', 'ProcessID', 1234n, 'Data', inner]),
    { Level: 'Information', ProcessID: 1234, Data: { url: 'www.bing.com' } });
  assert.deepEqual(call('pack', ['string', 'long'], ['n', null]), { n: null });
  assert.throws(() => call('bag_pack', ['string'], ['x']), (e: unknown) => e instanceof KqlError && e.code === 'semantic');
});

test('bag functions', () => {
  assert.deepEqual(call('bag_keys', D(1), [{ a: 1, b: 2 }]), ['a', 'b']);
  assert.equal(call('bag_keys', D(1), [[1]]), null);
  assert.deepEqual(call('bag_merge', D(2), [{ a: 1, b: 2 }, { b: 3, c: 4 }]), { a: 1, b: 2, c: 4 }); // first wins
  // bag-remove-keys-function-00/01
  assert.deepEqual(call('bag_remove_keys', D(2), [{ key1: 123, key2: 'abc' }, ['key2', 'key4']]), { key1: 123 });
  const src = { key1: 123, key2: { prop1: 'abc', prop2: 'xyz' }, key3: [100, 200] };
  assert.deepEqual(call('bag_remove_keys', D(2), [src, ['$.key2.prop1', 'key3']]), { key1: 123, key2: { prop2: 'xyz' } });
  assert.deepEqual(src.key2, { prop1: 'abc', prop2: 'xyz' }, 'input is not mutated');
  // mv-apply-operator-07 second row
  assert.deepEqual(call('bag_remove_keys', D(2), [{ Source: '555-2424', Target: '', Count: null }, ['Target', 'Count']]), { Source: '555-2424' });
  // bag-has-key-function-00
  assert.equal(call('bag_has_key', ['dynamic', 'string'], [{ key1: 123, key2: 'abc' }, 'key2'], 'bool'), true);
  assert.equal(call('bag_has_key', ['dynamic', 'string'], [{ key1: 123, key3: 'abc' }, 'key2'], 'bool'), false);
  assert.equal(call('bag_has_key', ['dynamic', 'string'], [{ a: { b: 1 } }, '$.a.b'], 'bool'), true);
  assert.deepEqual(call('bag_set_key', ['dynamic', 'string', 'long'], [{ a: 1 }, 'b', 2n]), { a: 1, b: 2 });
  assert.deepEqual(call('bag_set_key', ['dynamic', 'string', 'string'], [{ a: 1 }, '$.x.y', 'v']), { a: 1, x: { y: 'v' } });
  // bag-zip-01/02
  assert.deepEqual(call('bag_zip', D(2), [['a', 'b', 'c'], [1, '2']]), { a: 1, b: '2', c: null });
  assert.deepEqual(call('bag_zip', D(2), [['a', 'b'], [1, '2', 2.5]]), { a: 1, b: '2' });
});

test('set functions, zip, jaccard_index', () => {
  assert.deepEqual(call('set_union', D(3), [[1, 2, 1, 4], [1, 2], [8]]), [1, 2, 4, 8]); // set-union-function-00
  assert.deepEqual(call('set_intersect', D(2), [[1, 2, 3, 2], [2, 3, 4]]), [2, 3]);
  assert.deepEqual(call('set_difference', D(2), [[1, 2, 3, 1], [2]]), [1, 3]);
  assert.deepEqual(call('set_union', D(2), [[{ a: 1, b: 2 }], [{ b: 2, a: 1 }]]), [{ a: 1, b: 2 }]);
  assert.equal(call('set_has_element', ['dynamic', 'long'], [[1, 2, 3], 2n], 'bool'), true);
  assert.equal(call('set_has_element', ['dynamic', 'string'], [[1, 2, 3], '2'], 'bool'), false);
  assert.deepEqual(call('zip', D(2), [[1, 3, 5], [2, 4, 6]]), [[1, 2], [3, 4], [5, 6]]); // zip-function-00
  assert.deepEqual(call('zip', D(2), [[1, 2, 3], ['one', 'two', 'three']]), [[1, 'one'], [2, 'two'], [3, 'three']]);
  assert.deepEqual(call('zip', D(2), [[1, 2], ['a']]), [[1, 'a'], [2, null]]);
  assert.equal(call('jaccard_index', D(2), [[1, 2, 3], [1, 2, 3, 4]], 'real'), 0.75); // jaccard-index-function-00
});

test('extract_json / extractjson', () => {
  const text = '{"a":{"b":[10,{"c":"x"}]},"n":5}';
  assert.equal(call('extract_json', ['string', 'string'], ['$.a.b[1].c', text], 'string'), 'x');
  assert.equal(call('extractjson', ['string', 'string'], ["$['n']", text], 'string'), '5');
  assert.equal(call('extract_json', ['string', 'string'], ['$.n', text], 'long'), 5n);
  assert.equal(call('extract_json', ['string', 'string'], ['$.a.b', text], 'string'), '[10,{"c":"x"}]');
  assert.equal(call('extract_json', ['string', 'string'], ['$.missing', text], 'string'), '');
  assert.equal(call('extract_json', ['string', 'string'], ['$.missing', text], 'long'), null);
  assert.equal(call('extract_json', ['string', 'string'], ['$.a', 'not json'], 'string'), '');
  assert.throws(() => call('extract_json', ['string', 'string'], ['$..b', text], 'string'), isUnsupported);
  assert.throws(() => call('extract_json', ['string', 'string'], ['$.a', text], 'string', ['$.a[*]', undefined]), isUnsupported);
});

test('gettype (gettype-function.md table)', () => {
  const cases: [KType, Boxed, string][] = [
    ['string', 'a', 'string'],
    ['long', 111n, 'long'],
    ['bool', true, 'bool'],
    ['datetime', 0n, 'datetime'],
    ['timespan', 10_000_000n, 'timespan'],
    ['dynamic', 1, 'int'], // gettype(parse_json('1'))
    ['dynamic', 'abc', 'string'],
    ['dynamic', { abc: 1 }, 'dictionary'],
    ['dynamic', [1, 2, 3], 'array'],
    ['real', 123.45, 'real'],
    ['guid', '12e8b78d-55b4-46ae-b068-26d7a0080254', 'guid'],
    ['dynamic', null, 'null'], // gettype(parse_json(''))
    ['dynamic', 5000000000, 'long'],
    ['dynamic', 2.5, 'real'],
  ];
  for (const [t, v, want] of cases) assert.equal(call('gettype', [t], [v], 'string'), want, `gettype(${t} ${String(v)})`);
});

test('dynamic_to_json sorts keys (dynamic-to-json-function-00)', () => {
  const bag1 = { Y10: {}, X8: { c3: 1, d8: 5, a4: 6 }, D1: 114, A1: 12, B1: 2, C1: 3, A14: [15, 13, 18] };
  const want = '{"A1":12,"A14":[15,13,18],"B1":2,"C1":3,"D1":114,"X8":{"a4":6,"c3":1,"d8":5},"Y10":{}}';
  assert.equal(call('dynamic_to_json', D(1), [bag1], 'string'), want);
  assert.equal(dynamicToJsonText(bag1).startsWith('{"Y10"'), true);
});

test('parse_xml and treepath are unsupported', () => {
  assert.throws(() => call('parse_xml', ['string'], ['<a/>']), isUnsupported);
  assert.throws(() => call('treepath', D(1), [{}]), isUnsupported);
});
