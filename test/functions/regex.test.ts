import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileKustoRegex, compileKustoRegexGlobal, forEachMatch, translateKustoRegex } from '../../src/kql/functions/regex.js';
import { KqlError } from '../../src/kql/errors.js';

// [Kusto pattern, haystack, expected first match (whole match) or null for no match]
const matchCases: [string, string, string | null][] = [
  ['b.*k', 'Fabrikam', 'brik'],
  ['K.*S', 'LAKE SUPERIOR', 'KE S'],
  ['K.*S', 'ARKANSAS', 'KANSAS'],
  ['(?i)abc', 'xABCx', 'ABC'],
  ['abc', 'xABCx', null],
  [String.raw`\d+`, 'a ١٢٣ b', '١٢٣'], // \d is \p{Nd}, not ASCII-only
  [String.raw`[0-9]+`, 'a ١٢٣ 45', '45'],
  [String.raw`\w+`, '--héllo--', 'héllo'], // \w is Unicode
  [String.raw`(?-u:\w)+`, '--héllo--', 'h'],
  [String.raw`\s+`, 'a\u00a0b', '\u00a0'],
  [String.raw`\Aab`, 'abab', 'ab'],
  [String.raw`\Aab`, 'cab', null],
  [String.raw`ab\z`, 'abab', 'ab'],
  [String.raw`ab\z`, 'ab\n', null],
  ['^b', 'a\nb', null], // without m, ^ is the start of the text only
  ['(?m)^b', 'a\nb', 'b'],
  ['(?m)a$', 'a\nb', 'a'],
  ['a$', 'a\n', null], // RE2 $ does not match before a final newline
  ['a.c', 'a\nc', null],
  ['(?s)a.c', 'a\nc', 'a\nc'],
  ['a.c', 'a\rc', 'a\rc'], // only \n is excluded by '.'
  ['[[:alpha:]]+', '12abC3', 'abC'],
  ['[[:digit:][:upper:]]+', 'abC3d', 'C3'],
  ['[[:^alpha:]]+', 'ab12cd', '12'],
  ['[^[:space:]]+', '  xy z', 'xy'],
  [String.raw`[\d.]+`, 'v1.2.3-x', '1.2.3'],
  ['[]a]+', 'x]a]y', ']a]'],
  ['[a-]+', 'x-a-y', '-a-'],
  [String.raw`\bfoo\b`, 'a foo.', 'foo'],
  [String.raw`\bfoo\b`, 'afoo', null],
  [String.raw`\bfoo\b`, 'éfoo', null], // Unicode word boundary
  [String.raw`\<foo\>`, 'x foo y', 'foo'],
  [String.raw`a{2,3}`, 'aaaa', 'aaa'],
  [String.raw`a{2,3}?`, 'aaaa', 'aa'],
  ['(?U)a+', 'aaa', 'a'], // U swaps greediness
  ['(?U)a+?', 'aaa', 'aaa'],
  ['(?x) a b  c # comment', 'xabc', 'abc'],
  [String.raw`(?x) a\ b`, 'a b', 'a b'],
  [String.raw`\x41\x{42}\u0043`, 'ABC', 'ABC'],
  [String.raw`\.\*\+\?\(\)\[\]\{\}\|\^\$\\`, '.*+?()[]{}|^$\\', '.*+?()[]{}|^$\\'],
  [String.raw`a\-b\#c`, 'a-b#c', 'a-b#c'],
  [String.raw`\p{Greek}+`, 'abc αβγ', 'αβγ'],
  [String.raw`\pL+`, '12ab', 'ab'],
  [String.raw`\PL+`, 'ab12', '12'],
  ['(?:ab)+', 'ababx', 'abab'],
  ['a|b', 'xb', 'b'],
  ['}', 'a}', '}'],
  // RE2 reads a '{' that does not start a valid repetition ({n}, {n,}, {n,m}) as a literal (parse.cc).
  ['a{,3}', 'xa{,3}', 'a{,3}'],
  ['{', 'a{b', '{'],
  ['{+', 'a{{{b', '{{{'],
  [String.raw`pipe-\d+_[0-9]{1-3}+`, 'cubeb-pipe-12_4{1-3}}}', 'pipe-12_4{1-3}}}'],
  [String.raw`pipe-\d+_[0-9]{1-3}+`, 'cubeb-pipe-12_45', null],
];

test('regex: match cases', () => {
  for (const [p, h, want] of matchCases) {
    const m = compileKustoRegex(p).exec(h);
    assert.equal(m ? m[0] : null, want, `${p} on ${JSON.stringify(h)}`);
  }
});

test('regex: named groups (?P<name>) and (?<name>) become JS named groups, numbered in order', () => {
  const t = translateKustoRegex(String.raw`(?P<first>\w)(?P<middle>\w+)(?<last>\w)`);
  assert.equal(t.groupCount, 3);
  assert.deepEqual(t.groupNames, [undefined, 'first', 'middle', 'last']);
  const m = compileKustoRegex(String.raw`(?P<first>\w)(?P<middle>\w+)(?<last>\w)`).exec('82b8be2d-dfa7')!;
  assert.deepEqual([m[1], m[2], m[3], m.groups!.middle], ['8', '2b8be2', 'd', '2b8be2']);
  const t2 = translateKustoRegex('(a)(?:b)(c(d))');
  assert.equal(t2.groupCount, 3);
});

test('regex: flags argument acts like a leading (?flags)', () => {
  assert.equal(compileKustoRegex('resourcename=', 'i').test('resourceName=x'), true);
  assert.equal(compileKustoRegex('resourcename=').test('resourceName=x'), false);
});

test('regex: constructs that cannot be translated faithfully are refused', () => {
  const refused = [
    '(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b', // no lookaround in RE2
    String.raw`(a)\1`, // backreference / octal
    'a(?i)b', // i toggled mid-pattern (no inline modifiers in Node 20)
    '(?i:a)b',
    '[a-z&&[^aeiou]]', '[0-9--4]', '[a-g~~b-h]', '[x[^xyz]]', // class set operations, nesting
    String.raw`[\W]`,
    String.raw`\Qa.b\E`, String.raw`\Z`, String.raw`\G`,
    String.raw`\p{NotAThing}`,
    '(?P<a.b>x)',
    String.raw`\b{start-half}`,
    '(?R)a',
  ];
  for (const p of refused) {
    assert.throws(() => translateKustoRegex(p), (e: unknown) => e instanceof KqlError && e.code === 'unsupported', p);
  }
});

test('regex: invalid patterns raise errors', () => {
  for (const p of ['(a', 'a)', '*a', '[a', 'a\\', String.raw`\x{110000}`, 'a{3,2}', '{2}a']) {
    assert.throws(() => translateKustoRegex(p), KqlError, p);
  }
});

test('regex: results are cached by pattern', () => {
  assert.equal(compileKustoRegex('x+y'), compileKustoRegex('x+y'));
  assert.equal(compileKustoRegexGlobal('x+y').flags.includes('g'), true);
  assert.equal(compileKustoRegex('x+y').flags.includes('g'), false);
});

test('regex: forEachMatch iterates like RE2 (no empty match right after a match)', () => {
  const all = (p: string, s: string) => {
    const out: string[] = [];
    forEachMatch(compileKustoRegexGlobal(p), s, (m) => {
      out.push(`${m.index}:${m[0]}`);
    });
    return out;
  };
  assert.deepEqual(all(String.raw`\d+`, 'a 123, 567 and 789'), ['2:123', '7:567', '15:789']);
  assert.deepEqual(all('a*', 'baaac'), ['0:', '1:aaa', '5:']);
  assert.deepEqual(all('x*', 'ab'), ['0:', '1:', '2:']);
  assert.deepEqual(all('aba', 'ababa'), ['0:aba']);
  assert.deepEqual(all('.', '😀a'), ['0:😀', '2:a']); // code points, not UTF-16 units
});
