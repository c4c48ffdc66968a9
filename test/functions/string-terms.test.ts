import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasPrefixTerm, hasSuffixTerm, hasTerm, makeHasAll, makeHasAny, makeTermMatcher } from '../../src/kql/functions/terms.js';
import { KqlError } from '../../src/kql/errors.js';

// [haystack, needle, has (case-insensitive), has_cs]
const hasCases: [string, string, boolean, boolean][] = [
  ['North America', 'america', true, false], // semantics.md §14
  ['North America', 'America', true, true],
  ['North America', 'amer', false, false],
  ['KustoExplorerQueryRun', 'Explorer', false, false], // whole terms only (contains would be true)
  ['KustoExplorerQueryRun', 'kustoexplorerqueryrun', true, false],
  ['Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun', 'c1db', true, true],
  ['Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun', 'ad67d136-c1db', true, true],
  ['Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun', 'd136-c1db', false, false],
  // A needle with non-alphanumerics is a contiguous run of whole terms.
  ['src 10.1.2.3 dst', '10.1.2.3', true, true],
  ['src 10.1.2.34 dst', '10.1.2.3', false, false],
  ['src 110.1.2.3 dst', '10.1.2.3', false, false],
  ['10.1.2.3', '10.1.2.3', true, true],
  ['x dev-a y', 'dev-a', true, true],
  ['x dev-ab y', 'dev-a', false, false],
  ['x-abc', '-abc', true, true], // the needle's own '-' is the delimiter
  ['x abc y', 'abc ', true, true],
  ['abc', 'abc ', false, false],
  // Case folding is ASCII-only.
  ['ÄBC', 'äbc', false, false],
  ['äBC', 'äbc', true, false],
  // Unicode letters and digits are term characters.
  ['naïve user', 'na', false, false],
  ['naïve user', 'naïve', true, true],
  ['a_b', 'a', true, true], // '_' is not alphanumeric
  ['', 'a', false, false],
  ['abc', 'abcd', false, false],
  ['abcabc abc', 'abc', true, true],
  ['ABC', 'abc', true, false],
];

test('terms: has / has_cs', () => {
  for (const [h, n, ci, cs] of hasCases) {
    assert.equal(hasTerm(h, n, false), ci, `${JSON.stringify(h)} has ${JSON.stringify(n)}`);
    assert.equal(hasTerm(h, n, true), cs, `${JSON.stringify(h)} has_cs ${JSON.stringify(n)}`);
    assert.equal(makeTermMatcher(n, false, 'has')(h), ci, `matcher ${JSON.stringify(h)} has ${JSON.stringify(n)}`);
    assert.equal(makeTermMatcher(n, true, 'has')(h), cs, `matcher ${JSON.stringify(h)} has_cs ${JSON.stringify(n)}`);
  }
});

// [haystack, needle, hasprefix, hassuffix] (case-insensitive)
const prefixSuffixCases: [string, string, boolean, boolean][] = [
  ['North America', 'ame', true, false],
  ['North America', 'ica', false, true],
  ['North America', 'americ', true, false],
  ['North America', 'nor', true, false],
  ['North America', 'orth', false, true],
  ['North America', 'rt', false, false],
  ['North America', 'north america', true, true],
  ['host 10.1.2.3', '10.1.2', true, true], // '2' is followed by '.', so it ends a term
  ['host 10.1.2.30', '10.1.2.3', true, false],
  ['host 10.1.2.3', '0.1.2.3', false, true],
];

test('terms: hasprefix / hassuffix', () => {
  for (const [h, n, pre, suf] of prefixSuffixCases) {
    assert.equal(hasPrefixTerm(h, n, false), pre, `${h} hasprefix ${n}`);
    assert.equal(hasSuffixTerm(h, n, false), suf, `${h} hassuffix ${n}`);
    assert.equal(makeTermMatcher(n, false, 'hasprefix')(h), pre);
    assert.equal(makeTermMatcher(n, false, 'hassuffix')(h), suf);
  }
  assert.equal(hasPrefixTerm('North America', 'AME', true), false);
  assert.equal(hasSuffixTerm('North America', 'ica', true), true);
});

// Needles without any alphanumeric character: a boundary is required only at an alphanumeric needle edge,
// so these are plain substring tests (DOC-SILENT; terms.ts header).
// [haystack, needle, has, hasprefix, hassuffix]
const delimiterNeedleCases: [string, string, boolean, boolean, boolean][] = [
  ['http://evil.example/x', '://', true, true, true],
  ['cmd /c echo', '://', false, false, false],
  ['net user admin P*ss', '*', true, true, true],
  ['net user admin', '*', false, false, false],
  ['\\\\server\\share', '\\', true, true, true],
  ['C:/temp', '\\', false, false, false],
  ['done ✅ ok', '✅', true, true, true], // U+2705 is a symbol, not a letter or digit
  ['a - b', '-', true, true, true],
  ['a - b', '  ', false, false, false],
  ['a  b', '  ', true, true, true],
  // Mixed needles: only the alphanumeric edge needs a boundary.
  ['x-abc', '-ab', false, true, false],
  ['x-ab', '-ab', true, true, true],
  ['ab-x', 'ab-', true, true, true],
  ['cab-x', 'ab-', false, false, true],
];

test('terms: needles without alphanumerics are substring tests', () => {
  for (const [h, n, has, pre, suf] of delimiterNeedleCases) {
    const label = `${JSON.stringify(h)} vs ${JSON.stringify(n)}`;
    assert.equal(hasTerm(h, n, false), has, `has ${label}`);
    assert.equal(hasTerm(h, n, true), has, `has_cs ${label}`);
    assert.equal(makeTermMatcher(n, false, 'has')(h), has, `matcher has ${label}`);
    assert.equal(hasPrefixTerm(h, n, false), pre, `hasprefix ${label}`);
    assert.equal(hasSuffixTerm(h, n, false), suf, `hassuffix ${label}`);
    assert.equal(makeHasAny([n, 'zzz'], false)(h), has, `has_any ${label}`);
    assert.equal(makeHasAll([n], false)(h), has, `has_all ${label}`);
  }
});

test('terms: an empty needle is refused', () => {
  assert.throws(() => hasTerm('a - b', '', false), (e: unknown) => e instanceof KqlError && e.code === 'unsupported');
  assert.throws(() => makeHasAny([''], false), (e: unknown) => e instanceof KqlError && e.code === 'unsupported');
  assert.throws(() => makeTermMatcher('', false, 'hasprefix'), (e: unknown) => e instanceof KqlError && e.code === 'unsupported');
});

test('terms: has_any', () => {
  const ids = ['0f3a9c2e4b5d6e7f8091a2b3c4d5e6f708192a3b', 'ABCDEF0123456789abcdef0123456789abcdef01'];
  const any = makeHasAny(ids, false);
  assert.equal(any('0f3a9c2e4b5d6e7f8091a2b3c4d5e6f708192a3b'), true);
  assert.equal(any('0F3A9C2E4B5D6E7F8091A2B3C4D5E6F708192A3B'), true); // case-insensitive
  assert.equal(any('abcdef0123456789abcdef0123456789abcdef01'), true);
  assert.equal(any('0f3a9c2e4b5d6e7f8091a2b3c4d5e6f708192a3'), false); // a prefix is not the term
  assert.equal(any('x 0f3a9c2e4b5d6e7f8091a2b3c4d5e6f708192a3b y'), true); // term inside a longer value
  assert.equal(makeHasAny(ids, true)('0F3A9C2E4B5D6E7F8091A2B3C4D5E6F708192A3B'), false);

  // Case derived-has-any-tabular-let: "abc" matches "x abc y" and "ABC", not "abcd".
  const abc = makeHasAny(['abc'], false);
  assert.deepEqual(['x abc y', 'abcd', 'ABC'].filter(abc), ['x abc y', 'ABC']);

  // Doc example: State has_any ("CAROLINA", "DAKOTA", "NEW").
  const states = makeHasAny(['CAROLINA', 'DAKOTA', 'NEW'], false);
  assert.deepEqual(
    ['NEW YORK', 'NORTH CAROLINA', 'SOUTH DAKOTA', 'NEW MEXICO', 'TEXAS', 'NEWARK', 'NEVADA'].filter(states),
    ['NEW YORK', 'NORTH CAROLINA', 'SOUTH DAKOTA', 'NEW MEXICO'],
  );

  // Mixed single-term and multi-term needles.
  const mixed = makeHasAny(['dev-a', 'zz'], false);
  assert.equal(mixed('host dev-a'), true);
  assert.equal(mixed('host dev-ab'), false);
  assert.equal(mixed('a ZZ b'), true);

  assert.equal(makeHasAny([], false)('anything'), false);
});

test('terms: has_all', () => {
  const all = makeHasAll(['south', 'north'], false);
  assert.equal(all('North and South America'), true); // doc example
  assert.equal(all('North America'), false);
  assert.equal(makeHasAll([], false)('x'), true);
});
