import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { functions, xxhash64 } from '../../src/kql/functions/math.js';
import { parseDatetime } from '../../src/kql/data/datetime.js';
import { KqlError } from '../../src/kql/errors.js';

function call(name: string, argTypes: KType[], args: Boxed[], resultType: KType = 'real'): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: args.map(() => undefined), now: 0n });
  return row(args);
}

test('real functions: oracle and doc values', () => {
  const cases: [string, KType[], Boxed[], Boxed][] = [
    ['exp', ['long'], [2n], 7.38905609893065], // exp-function-00
    ['exp10', ['long'], [2n], 100], // exp10-function-00
    ['exp2', ['long'], [3n], 8],
    ['log', ['long'], [5n], 1.6094379124341003], // log-function-00
    ['log10', ['long'], [5n], 0.6989700043360189], // log10-function-00
    ['log2', ['long'], [5n], 2.321928094887362], // log2-function-00
    ['log', ['real'], [-1], null], // null when negative (log-function.md)
    ['log', ['real'], [0], -Infinity],
    ['sqrt', ['real'], [16], 4],
    ['sqrt', ['real'], [-64], null],
    ['pow', ['long', 'long'], [2n, 10n], 1024],
    ['cot', ['long'], [1n], 0.6420926159343306], // cot-function-00
    ['degrees', ['real'], [Math.PI / 4], 45], // degrees-function-00
    ['degrees', ['real'], [Math.PI * 1.5], 270],
    ['degrees', ['long'], [0n], 0],
    ['radians', ['long'], [90n], 1.5707963267948966], // radians-function-00
    ['radians', ['long'], [180n], 3.141592653589793],
    ['radians', ['long'], [360n], 6.283185307179586],
    ['acos', ['real'], [2], null],
    ['asin', ['real'], [1], Math.PI / 2],
    ['atan2', ['real', 'real'], [1, 1], Math.PI / 4],
    ['exp', ['real'], [null], null],
  ];
  for (const [name, types, args, want] of cases) assert.deepEqual(call(name, types, args), want, `${name}(${args.map(String)})`);
  assert.equal(call('pi', [], []), Math.PI);
});

test('ceiling / round / abs / sign follow the result type', () => {
  // ceiling-function-00: ceiling(-1.1), ceiling(0), ceiling(0.9) are -1.0, 0.0, 1.0 (real)
  assert.equal(call('ceiling', ['real'], [-1.1]), -1);
  assert.equal(call('ceiling', ['long'], [0n], 'real'), 0);
  assert.equal(call('ceiling', ['real'], [0.9]), 1);
  assert.equal(call('ceiling', ['long'], [5n], 'long'), 5n);
  const rounds: [number, number, number][] = [
    [2.98765, 3, 2.988], // round-function.md examples
    [2.15, 1, 2.2],
    [2.15, 0, 2],
    [-50.55, -2, -100],
    [21.5, -1, 20],
    [2.5, 0, 3], // half away from zero
    [-2.5, 0, -3],
    [1.005, 2, 1], // 1.005 is 1.00499999... in binary, as in .NET
  ];
  for (const [x, p, want] of rounds) assert.equal(call('round', ['real', 'long'], [x, BigInt(p)]), want, `round(${x}, ${p})`);
  assert.equal(call('round', ['real'], [2.15]), 2);
  assert.equal(call('round', ['long', 'long'], [1250n, -2n], 'long'), 1300n);
  assert.equal(call('round', ['long', 'long'], [-1250n, -2n], 'long'), -1300n);
  assert.equal(call('round', ['long', 'long'], [1249n, -2n], 'long'), 1200n);
  assert.equal(call('round', ['real', 'long'], [null, 1n]), null);
  assert.equal(call('abs', ['long'], [-5n], 'long'), 5n);
  assert.equal(call('abs', ['int'], [-5], 'int'), 5);
  assert.equal(call('abs', ['real'], [-2.5]), 2.5);
  assert.equal(call('abs', ['timespan'], [-10n], 'timespan'), 10n);
  assert.equal(call('sign', ['real'], [-3.2]), -1);
  assert.equal(call('sign', ['long'], [7n], 'long'), 1n);
  assert.equal(call('sign', ['long'], [0n], 'long'), 0n);
});

test('isnan / isinf / isfinite', () => {
  assert.equal(call('isnan', ['real'], [NaN], 'bool'), true);
  assert.equal(call('isnan', ['real'], [1], 'bool'), false);
  assert.equal(call('isinf', ['real'], [-Infinity], 'bool'), true);
  assert.equal(call('isinf', ['real'], [NaN], 'bool'), false);
  assert.equal(call('isfinite', ['real'], [1], 'bool'), true);
  assert.equal(call('isfinite', ['real'], [NaN], 'bool'), false);
  assert.equal(call('isnan', ['real'], [null], 'bool'), null);
});

test('min_of / max_of ignore nulls (max-of-function-00/01/02)', () => {
  assert.equal(call('max_of', ['long', 'long', 'long', 'long'], [10n, 1n, -3n, 17n], 'long'), 17n);
  assert.equal(call('min_of', ['long', 'long', 'long', 'long'], [10n, 1n, -3n, 17n], 'long'), -3n);
  const rows: [Boxed, Boxed, Boxed][] = [[1, 6, 6], [8, 1, 8], [null, 2, 2], [1, null, 1], [null, null, null]];
  for (const [a, b, want] of rows) assert.equal(call('max_of', ['int', 'int'], [a, b], 'int'), want);
  const d = (s: string) => parseDatetime(s)!;
  assert.equal(call('max_of', ['datetime', 'datetime'], [d('2024-12-15 10:45:00'), d('2024-12-14 10:45:00')], 'datetime'), d('2024-12-15 10:45:00'));
  assert.equal(call('min_of', ['int', 'long', 'real'], [3, 2n, 2.5], 'real'), 2);
  assert.equal(call('max_of', ['int', 'long'], [3, 2n], 'long'), 3n);
  assert.equal(call('min_of', ['string', 'string'], ['b', 'a'], 'string'), 'a');
});

test('binary functions', () => {
  const L: KType[] = ['long', 'long'];
  assert.equal(call('binary_or', L, [5n, 3n], 'long'), 7n); // binary-or-function-00
  assert.equal(call('binary_and', L, [6n, 3n], 'long'), 2n);
  assert.equal(call('binary_xor', L, [6n, 3n], 'long'), 5n);
  assert.equal(call('binary_not', ['long'], [0n], 'long'), -1n);
  assert.equal(call('binary_shift_left', L, [1n, 2n], 'long'), 4n); // docs example
  assert.equal(call('binary_shift_left', L, [1n, 66n], 'long'), 4n); // shift % 64
  assert.equal(call('binary_shift_left', L, [1n, 63n], 'long'), -9223372036854775808n);
  assert.equal(call('binary_shift_left', L, [1n, -1n], 'long'), null); // negative shift gives null
  assert.equal(call('binary_shift_right', L, [-8n, 1n], 'long'), -4n);
  assert.equal(call('binary_and', L, [null, 1n], 'long'), null);
  assert.equal(call('bitset_count_ones', ['long'], [42n], 'long'), 3n);
  assert.equal(call('bitset_count_ones', ['long'], [-1n], 'long'), 64n);
});

test('hashes match the docs and oracle', () => {
  const dt = parseDatetime;
  assert.equal(call('hash_md5', ['string'], ['World'], 'string'), 'f5a7924e621e84c9280a9a27e1bcb7f6'); // hash-md5-function-00
  assert.equal(call('hash_md5', ['datetime'], [dt('2020-01-01')!], 'string'), '786c530672d1f8db31fee25ea8a9390b');
  assert.equal(call('hash_sha256', ['string'], ['abc'], 'string'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(call('hash_sha1', ['string'], ['abc'], 'string'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  assert.equal(call('hash', ['string'], ['World'], 'long'), 1846988464401551951n); // hash docs
  assert.equal(call('hash', ['string', 'long'], ['World', 100n], 'long'), 51n);
  assert.equal(call('hash', ['string'], ['Hello'], 'long'), 753694413698530628n); // hash-combine-function-00
  assert.equal(call('hash', ['datetime'], [dt('2015-01-01')!], 'long'), 1380966698541616202n); // hash-function-02
  assert.equal(call('hash_xxhash64', ['string'], ['World'], 'long'), 1846988464401551951n);
  // xxh64 reference vectors: "" and a 40-byte input (exercises the 32-byte stripe loop)
  assert.equal(xxhash64(new Uint8Array()), 0xef46db3751d8e999n);
  assert.equal(xxhash64(Buffer.from('Nobody inspects the spammish repetition')), 0xfbcea83c8a378bf1n);
  assert.throws(() => call('hash', ['long'], [1n], 'long'), (e: unknown) => e instanceof KqlError && e.code === 'unsupported');
});

test('rand is volatile and in range', () => {
  const f = functions.find((x) => x.name === 'rand')!;
  assert.equal(f.volatile, true);
  for (let i = 0; i < 50; i++) {
    const r = call('rand', [], []) as number;
    assert.ok(r >= 0 && r < 1);
    const n = call('rand', ['long'], [10n], 'long') as bigint;
    assert.ok(n >= 0n && n < 10n);
  }
});
