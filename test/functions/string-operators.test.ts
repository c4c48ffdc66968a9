import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functions } from '../../src/kql/functions/string-operators.js';
import { caller } from './string-helpers.js';

const call = caller(functions);

// The operator table of datatypes-string-operators.md: every example yields true. [lhs, op, rhs]
const docExamples: [string, string, string][] = [
  ['abc', '=~', 'ABC'],
  ['aBc', '!~', 'xyz'],
  ['North America', 'has', 'america'],
  ['North America', '!has', 'amer'],
  ['North America', 'has_cs', 'America'],
  ['North America', '!has_cs', 'amer'],
  ['North America', 'hasprefix', 'ame'],
  ['North America', '!hasprefix', 'mer'],
  ['North America', 'hasprefix_cs', 'Ame'],
  ['North America', '!hasprefix_cs', 'CA'],
  ['North America', 'hassuffix', 'ica'],
  ['North America', '!hassuffix', 'americ'],
  ['North America', 'hassuffix_cs', 'ica'],
  ['North America', '!hassuffix_cs', 'icA'],
  ['FabriKam', 'contains', 'BRik'],
  ['Fabrikam', '!contains', 'xyz'],
  ['FabriKam', 'contains_cs', 'Kam'],
  ['Fabrikam', '!contains_cs', 'Kam'],
  ['Fabrikam', 'startswith', 'fab'],
  ['Fabrikam', '!startswith', 'kam'],
  ['Fabrikam', 'startswith_cs', 'Fab'],
  ['Fabrikam', '!startswith_cs', 'fab'],
  ['Fabrikam', 'endswith', 'Kam'],
  ['Fabrikam', '!endswith', 'brik'],
  ['Fabrikam', 'endswith_cs', 'kam'],
  ['Fabrikam', '!endswith_cs', 'brik'],
  ['Fabrikam', 'matches regex', 'b.*k'],
];

// More cases, expected value given. [lhs, op, rhs, expected]
const moreCases: [string, string, string, boolean][] = [
  ['KustoExplorerQueryRun', 'has', 'Explorer', false], // semantics.md §14
  ['KustoExplorerQueryRun', 'contains', 'Explorer', true],
  ['abc', '=~', 'ABD', false],
  ['abc', '=~', 'ab', false],
  ['ÄBC', '=~', 'äbc', false], // ASCII-only case folding
  ['äBC', '=~', 'äbc', true],
  ['abc', '!~', 'ABC', false],
  ['FabriKam', 'contains_cs', 'kam', false],
  ['Fabrikam', 'startswith_cs', 'fab', false],
  ['Fabrikam', 'endswith_cs', 'Kam', false],
  ['Fabrikam', 'endswith', 'KAM', true],
  ['Fab', 'startswith', 'fabrikam', false],
  ['Fab', 'endswith', 'fabrikam', false],
  ['123-456', 'contains', '3-4', true], // needle without letters
  ['anything', 'contains', '', true],
  ['anything', 'startswith', '', true],
  ['LAKE SUPERIOR', 'matches regex', 'K.*S', true],
  ['ARKANSAS', 'matches regex', 'K.*S', true],
  ['TEXAS', 'matches regex', 'K.*S', false],
  ['Fabrikam', 'matches regex', 'B.*K', false], // case-sensitive
  ['Fabrikam', 'matches regex', '(?i)B.*K', true],
  ['src 10.1.2.3:443', 'has', '10.1.2.3', true],
  ['src 10.1.2.30', 'has', '10.1.2.3', false],
];

test('string operators: doc examples, constant and per-row needles', () => {
  for (const [l, op, r] of docExamples) {
    assert.equal(call(`op:${op}`, [l, r]), true, `${l} ${op} ${r} (constant rhs)`);
    assert.equal(call(`op:${op}`, [l, r], { consts: 'none' }), true, `${l} ${op} ${r} (row rhs)`);
  }
});

test('string operators: more cases', () => {
  for (const [l, op, r, want] of moreCases) {
    assert.equal(call(`op:${op}`, [l, r]), want, `${l} ${op} ${r}`);
    assert.equal(call(`op:${op}`, [l, r], { consts: 'none' }), want, `${l} ${op} ${r} (row rhs)`);
  }
});

test('string operators: every translator name is registered, each negation inverts', () => {
  const names = new Set(functions.map((f) => f.name));
  const ops = ['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs'];
  for (const o of ops) {
    assert.ok(names.has(`op:${o}`) && names.has(`op:!${o}`), o);
    for (const [l, r] of [['North America', 'america'], ['Fabrikam', 'fab'], ['x', 'y']]) {
      assert.equal(call(`op:!${o}`, [l!, r!]), !call(`op:${o}`, [l!, r!]), `${o} ${l} ${r}`);
    }
  }
  for (const n of ['op:=~', 'op:!~', 'op:matches regex']) assert.ok(names.has(n), n);
  assert.equal(names.has('op:!=~'), false);
  assert.equal(functions.length, ops.length * 2 + 3);
});

test('string operators: non-string operands are converted like tostring', () => {
  assert.equal(call('op:has', [12345n, '12345'], { argTypes: ['long', 'string'] }), true);
  assert.equal(call('op:has', [12345n, '5'], { argTypes: ['long', 'string'] }), false);
  assert.equal(call('op:contains', [12345n, '5'], { argTypes: ['long', 'string'] }), true);
  assert.equal(call('op:has', [123.45, '45'], { argTypes: ['real', 'string'] }), true);
  assert.equal(call('op:startswith', [true, 'TR'], { argTypes: ['bool', 'string'] }), true);
  assert.equal(call('op:has', [null, 'x'], { argTypes: ['long', 'string'] }), false);
  assert.equal(call('op:=~', [5, '5'], { argTypes: ['int', 'string'] }), true);
  assert.equal(call('op:contains', ['x 42 y', 42n], { argTypes: ['string', 'long'] }), true);
  // datetime and timespan render in Kusto's text form.
  assert.equal(call('op:startswith', [15080688000000000n, '2017-10-15T12:00'], { argTypes: ['datetime', 'string'] }), true);
  assert.equal(call('op:has', [108_000_000_000n, '03'], { argTypes: ['timespan', 'string'] }), true);
  assert.equal(call('op:has', [{ a: 'xyz' }, 'xyz'], { argTypes: ['dynamic', 'string'] }), true);
});
