import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed } from '../../src/kql/data/types.js';
import { functions, formatDatetime, formatReal, formatTimespan, kustoToString } from '../../src/kql/functions/string.js';
import { KqlError } from '../../src/kql/errors.js';
import { caller, type CallOpts } from './string-helpers.js';

const call = caller(functions);
const LONG: CallOpts = { resultType: 'long' };
const DYN: CallOpts = { resultType: 'dynamic' };
const dt = (iso: string) => BigInt(Date.parse(iso)) * 10_000n;

// [function, args, expected, options]. Sources: oracle cases (cases.json, what Kusto returned), doc examples.
const cases: [string, Boxed[], Boxed, CallOpts?][] = [
  // strlen counts code points (semantics.md §30), string_size UTF-8 bytes.
  ['strlen', ['hello'], 5n, LONG], // oracle strlen-function-00
  ['strlen', ['⒦⒰⒮⒯⒪'], 5n, LONG],
  ['strlen', ['C\u0327edilla'], 8n, LONG],
  ['strlen', ['😀'], 1n, LONG],
  ['strlen', [''], 0n, LONG],
  ['string_size', ['⒦⒰⒮⒯⒪'], 15n, LONG],
  ['string_size', ['abc'], 3n, LONG],
  // strcat converts with tostring; null is "".
  ['strcat', ['Database in scope: ', 'NetDefaultDB'], 'Database in scope: NetDefaultDB'],
  ['strcat', ['-  ', 'Te st', 1n, '// $'], '-  Te st1// $'], // oracle trim-function-01 input
  ['strcat', ['A1', '_', ''], 'A1_'],
  ['strcat', ['x', null, 'y'], 'xy', { argTypes: ['string', 'long', 'string'] }],
  ['strcat_delim', ['-', 1n, '2', 'A', 10_000_000n], '1-2-A-00:00:01', { argTypes: ['string', 'long', 'string', 'string', 'timespan'] }],
  ['strcat_array', [[1, 2, 3], '"'], '1"2"3'], // oracle strcat-array-function-01
  ['strcat_array', [['a', null, 'b'], ','], 'a,,b'],
  // substring (doc examples).
  ['substring', ['123456', 1n], '23456'],
  ['substring', ['123456', 2n, 2n], '34'],
  ['substring', ['ABCD', 0n, 2n], 'AB'],
  ['substring', ['123456', -2n, 2n], '56'],
  ['substring', ['abc', 5n], ''],
  ['substring', ['abc', 0n, -1n], ''], // DOC-SILENT: a negative length is clamped at 0
  ['substring', ['abc', 1n, 10n], 'bc'],
  ['substring', ['a😀b', 1n, 1n], '😀'],
  ['tolower', ['ABC déF'], 'abc déf'],
  ['toupper', ['abc déf'], 'ABC DÉF'],
  ['toupper', ['straße'], 'STRAßE'], // char-by-char mapping keeps the length
  // trim family: the first argument is a regex (oracle trim-*, trim-start-*).
  ['trim', ['--', '--https://bing.com--'], 'https://bing.com'],
  ['trim', [String.raw`[^\w]+`, '-  Te st1// $'], 'Te st1'],
  ['trim', [String.raw`\s+`, '    Hello, world!    '], 'Hello, world!'],
  ['trim', ['-', '---a-b---'], 'a-b'],
  ['trim', ['a', 'aaa'], ''],
  ['trim_start', ['https://', 'https://bing.com'], 'bing.com'],
  ['trim_start', [String.raw`[^\w]+`, '-  Te st1// $'], 'Te st1// $'],
  ['trim_start', [String.raw`\s+`, '    Hello, world!    '], 'Hello, world!    '],
  ['trim_end', [String.raw`[^\w]+`, '-  Te st1// $'], '-  Te st1'],
  ['trim_end', ['.com', 'bing.com'], 'bing'],
  // split always returns an array (doc examples).
  ['split', ['aa_bb', '_'], ['aa', 'bb'], DYN],
  ['split', ['aaa_bbb_ccc', '_', 1n], ['bbb'], DYN],
  ['split', ['', '_'], [''], DYN],
  ['split', ['a__b', '_'], ['a', '', 'b'], DYN],
  ['split', ['aabbcc', 'bb'], ['aa', 'cc'], DYN],
  ['split', ['a_b', '_', 5n], [], DYN],
  ['replace_string', ['A magic trick can turn a cat into a dog', 'cat', 'hamster'], 'A magic trick can turn a hamster into a dog'], // oracle
  ['replace_string', ['aaa', 'aa', 'b'], 'ba'],
  // replace_regex (oracle replace-regex-function-00) and its deprecated alias replace.
  ['replace_regex', ['Number is 1', String.raw`is (\d+)`, String.raw`was: \1`], 'Number was: 1'],
  ['replace_regex', ['abcabc', 'b', 'X'], 'aXcaXc'],
  ['replace_regex', ['abc', '(b)', String.raw`[\0\1\\]`], 'a[bb\\]c'],
  ['replace_regex', ['abc', 'x', 'y'], 'abc'],
  ['replace_regex', ['cost $5', String.raw`\$(\d)`, '$1'], 'cost $1'], // '$' is literal in RE2 rewrites
  // The deprecated replace() takes (regex, rewrite, source) (Kusto.Language's declaration).
  ['replace', [String.raw`is (\d+)`, String.raw`was: \1`, 'Number is 2'], 'Number was: 2'],
  ['replace', [String.raw`(\w:)\\.*`, String.raw`\1`, 'C:\\Users\\x.iso'], 'C:'],
  // extract (doc examples, semantics.md §30: no match is "").
  ['extract', ['User: ([^,]+)', 1n, 'User: JohnDoe, Email: johndoe@example.com, Age: 29'], 'JohnDoe'],
  ['extract', [String.raw`-(\d{2})-`, 1n, '21-07-2023'], 7, { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'int' }],
  ['extract', [String.raw`-(\d{2})-`, 1n, '21-07-2023'], 7n, { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'long' }],
  ['extract', [String.raw`x=([\d.]+)`, 1n, 'x=2.5'], 2.5, { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'real' }],
  ['extract', ['ok=(\\w+)', 1n, 'ok=TRUE'], true, { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'bool' }],
  ['extract', [String.raw`-(\d{2})-`, 1n, 'no dashes'], null, { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'int' }],
  ['extract', ['v=(\\w+)', 1n, 'v=abc'], null, { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'long' }],
  ['extract', [String.raw`(\d+)-(\d+)`, 0n, 'a 12-34 b'], '12-34'],
  ['extract', [String.raw`(\d+)-(\d+)`, 2n, 'a 12-34 b'], '34'],
  ['extract', [String.raw`(\d+)-(\d+)`, 1n, 'none'], ''],
  ['extract', ['(a)|(b)', 2n, 'a'], ''],
  // extract_all (oracle extract-all-function-02..04 and the doc).
  ['extract_all', [String.raw`(\w)(\w+)(\w)`, '82b8be2d-dfa7-4bd1-8f63-24ad26d31449'], [['8', '2b8be2', 'd'], ['d', 'fa', '7'], ['4', 'bd', '1'], ['8', 'f6', '3'], ['2', '4ad26d3144', '9']], DYN],
  ['extract_all', [String.raw`(\w)(\w+)(\w)`, [1, 3], '82b8be2d-dfa7-4bd1-8f63-24ad26d31449'], [['8', 'd'], ['d', '7'], ['4', '1'], ['8', '3'], ['2', '9']], DYN],
  ['extract_all', [String.raw`(?P<first>\w)(?P<middle>\w+)(?P<last>\w)`, ['first', 2, 'last'], '82b8be2d-dfa7-4bd1-8f63-24ad26d31449'], [['8', '2b8be2', 'd'], ['d', 'fa', '7'], ['4', 'bd', '1'], ['8', 'f6', '3'], ['2', '4ad26d3144', '9']], DYN],
  ['extract_all', [String.raw`(\d+)`, 'a set of numbers: 123, 567 and 789'], ['123', '567', '789'], DYN],
  ['extract_all', [String.raw`([\da-f]{2})`, '82b8be2d-dfa7-4bd1-8f63-24ad26d31449'], ['82', 'b8', 'be', '2d', 'df', 'a7', '4b', 'd1', '8f', '63', '24', 'ad', '26', 'd3', '14', '49'], DYN],
  ['extract_all', [String.raw`(\w)(\w+)(\w)`, [3], 'abcd efgh'], ['d', 'h'], DYN],
  ['extract_all', [String.raw`(\d+)`, 'no digits'], null, DYN],
  // indexof: the oracle (not the doc table) says idx3 is 2.
  ['indexof', ['abcdefg', 'cde'], 2n, LONG],
  ['indexof', ['abcdefg', 'cde', 1n, 4n], 2n, LONG],
  ['indexof', ['abcdefg', 'cde', 1n, 2n], 2n, LONG],
  ['indexof', ['abcdefg', 'cde', 3n, 4n], -1n, LONG],
  ['indexof', ['abcdefg', 'cde', -5n], 2n, LONG],
  ['indexof', [1234567n, 5n, 1n, 4n], 4n, LONG],
  ['indexof', ['abcdefg', 'cde', 2n, -1n], 2n, LONG],
  ['indexof', ['abcdefgabcdefg', 'cde', 1n, 10n, 2n], 9n, LONG],
  ['indexof', ['abcdefgabcdefg', 'cde', 1n, -1n, 3n], -1n, LONG],
  ['indexof', ['abc', 'b', 0n, -2n], null, LONG],
  ['indexof', ['abc', 'b', 0n, -1n, -1n], null, LONG],
  // countof (doc table).
  ['countof', ['aaa', 'a'], 3n, LONG],
  ['countof', ['aaaa', 'aa'], 3n, LONG],
  ['countof', ['ababa', 'ab', 'normal'], 2n, LONG],
  ['countof', ['ababa', 'aba'], 2n, LONG],
  ['countof', ['ababa', 'aba', 'regex'], 1n, LONG],
  ['countof', ['abcabc', 'a.c', 'regex'], 2n, LONG],
  // reverse converts with tostring first (oracle reverse-function-01).
  ['reverse', [12345n], '54321'],
  ['reverse', [123.45], '54.321'],
  ['reverse', [dt('2017-10-15T12:00:00Z')], 'Z0000000.00:00:21T51-01-7102', { argTypes: ['datetime'] }],
  ['reverse', [108_000_000_000n], '00:00:30', { argTypes: ['timespan'] }],
  ['reverse', ['a😀b'], 'b😀a'],
  // strrep (oracle strrep-function-00).
  ['strrep', ['ABC', 2n], 'ABCABC'],
  ['strrep', [123n, 3n, '.'], '123.123.123'],
  ['strrep', [30_000_000n, 2n, ' '], '00:00:03 00:00:03', { argTypes: ['timespan', 'long', 'string'] }],
  // strcmp (doc example).
  ['strcmp', ['ABC', 'ABC'], 0, { resultType: 'int' }],
  ['strcmp', ['abc', 'ABC'], 1, { resultType: 'int' }],
  ['strcmp', ['ABC', 'abc'], -1, { resultType: 'int' }],
  ['strcmp', ['abcde', 'abc'], 1, { resultType: 'int' }],
  // translate (doc table).
  ['translate', ['abc', 'x', 'abc'], 'xxx'],
  ['translate', ['abc', '', 'ab'], ''],
  ['translate', ['krasp', 'otsku', 'spark'], 'kusto'],
  ['isascii', ['some string'], true], // oracle isascii-00
  ['isascii', ['naïve'], false],
  ['isutf8', ['some string'], true], // oracle isutf8-function-00
  ['isutf8', ['a\ud800b'], false],
  // Code points (oracle unicode-codepoints-* cases).
  ['unicode_codepoints_from_string', ['⒦⒰⒮⒯⒪'], [9382, 9392, 9390, 9391, 9386], DYN],
  ['unicode_codepoints_from_string', ['קוסטו - Kusto'], [1511, 1493, 1505, 1496, 1493, 32, 45, 32, 75, 117, 115, 116, 111], DYN],
  ['to_utf8', ['Kusto'], [75, 117, 115, 116, 111], DYN],
  ['unicode_codepoints_to_string', [75n, 117n, 115n, 116n, 111n], 'Kusto'],
  ['unicode_codepoints_to_string', [[75, 117, 115], 116n, 111n], 'Kusto'],
  ['make_string', [[75, 117, 115, 116, 111]], 'Kusto'],
  // URL encoding (oracle url-encode-*, url-decode-*).
  ['url_encode', ['https://www.bing.com/hello world'], 'https%3a%2f%2fwww.bing.com%2fhello+world'],
  ['url_encode_component', ['https://www.bing.com/hello world/'], 'https%3a%2f%2fwww.bing.com%2fhello%20world%2f'],
  ['url_encode', ['é'], '%c3%a9'],
  ['url_decode', ['https%3a%2f%2fwww.bing.com%2f'], 'https://www.bing.com/'],
  ['url_decode', ['%C3%A9t%c3%a9'], 'été'],
  // base64 (oracle base64-* cases).
  ['base64_encode_tostring', ['Kusto'], 'S3VzdG8='],
  ['base64_decode_tostring', ['S3VzdG8='], 'Kusto'],
  ['base64_decode_tostring', ['U3RyaW5n0KHR0tGA0L7Rh9C60LA='], ''],
  ['base64_decode_toarray', ['S3VzdG8='], [75, 117, 115, 116, 111], DYN],
  ['base64_decode_toarray', ['U3RyaW5n0KHR0tGA0L7Rh9C60LA'], [], DYN], // not padded: empty (base64-encode-fromarray-function-01)
  ['base64_encode_fromguid', ['ae3133f2-6e22-49ae-b06a-16e6a9b212eb'], '8jMxriJurkmwahbmqbIS6w==', { argTypes: ['guid'] }],
  ['base64_decode_toguid', ['8jMxriJurkmwahbmqbIS6w=='], 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb', { resultType: 'guid' }],
  ['base64_decode_toguid', ['abcd1231'], null, { resultType: 'guid' }],
  // has_any_index (doc example).
  ['has_any_index', ['this is an example', ['this', 'example']], 0n, LONG],
  ['has_any_index', ['this is an example', ['not', 'example']], 1n, LONG],
  ['has_any_index', ['this is an example', ['not', 'found']], -1n, LONG],
  ['has_any_index', ['Example number 2', [1, 2, 3]], 1n, LONG],
  ['has_any_index', ['this is an example', []], -1n, LONG],
  ['has_any_index', ['KustoExplorerQueryRun', ['explorer', 'KUSTOEXPLORERQUERYRUN']], 1n, LONG],
  // parse_urlquery (oracle parse-url-query-function-00/01).
  ['parse_urlquery', ['k1=v1&k2=v2&k3=v3'], { 'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v3' } }, DYN],
  ['parse_urlquery', ['view=vs-2019&preserve-view=true'], { 'Query Parameters': { view: 'vs-2019', 'preserve-view': 'true' } }, DYN],
];

test('string functions: table of cases (constant and per-row arguments)', () => {
  for (const [name, args, want, opts] of cases) {
    const label = `${name}(${args.map((a) => (typeof a === 'bigint' ? `${a}n` : JSON.stringify(a))).join(', ')})`;
    assert.deepEqual(call(name, args, opts), want, label);
    assert.deepEqual(call(name, args, { ...opts, consts: 'none' }), want, `${label} (row args)`);
  }
});

// Inputs whose Kusto result is not settled by the docs or the oracle: refused, never guessed.
const refused: [string, Boxed[], CallOpts?][] = [
  ['split', ['abc', '']],
  ['replace_string', ['abc', '', 'x']],
  ['replace_regex', ['abc', 'b', String.raw`\x`]],
  ['strrep', ['a', 2000n]],
  ['strrep', ['a', 0n]],
  ['countof', ['abc', '']],
  ['indexof', ['abc', '']],
  ['url_decode', ['a+b']],
  ['url_encode_component', ['a!b']],
  ['base64_decode_tostring', ['S3VzdG8']],
  ['extract', ['(a)', 2n, 'a']],
  ['extract', ['x=(.*)', 1n, 'x=1.5'], { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'long' }],
  ['extract', ['x=(.*)', 1n, 'x=1'], { argTypes: ['string', 'long', 'string', 'dynamic'], resultType: 'datetime' }],
  ['strcat', [1e20], { argTypes: ['real'] }],
  ['parse_urlquery', ['a=%20']],
  ['parse_urlquery', ['a=1&a=2']],
];

test('string functions: undocumented inputs throw unsupported', () => {
  for (const [name, args, opts] of refused) {
    assert.throws(() => call(name, args, opts), (e: unknown) => e instanceof KqlError && e.code === 'unsupported', `${name} ${JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  }
});

test('string functions: extract_all needs a capture group', () => {
  assert.throws(() => call('extract_all', ['abc', 'abc'], DYN), KqlError);
  assert.throws(() => call('extract_all', ['(a)', [2], 'abc'], DYN), KqlError);
});

test('tostring rules used for non-string arguments', () => {
  const rows: [Boxed, Parameters<typeof kustoToString>[1], string][] = [
    [null, 'long', ''],
    [null, 'dynamic', ''],
    [true, 'bool', 'true'],
    [-5, 'int', '-5'],
    [9007199254740993n, 'long', '9007199254740993'],
    [123.45, 'real', '123.45'],
    [1, 'real', '1'],
    [0.0001, 'real', '0.0001'],
    [NaN, 'real', 'NaN'],
    [dt('2017-10-15T12:00:00Z'), 'datetime', '2017-10-15T12:00:00.0000000Z'],
    [dt('1969-12-31T23:59:59.999Z') - 1n, 'datetime', '1969-12-31T23:59:59.9989999Z'],
    [108_000_000_000n, 'timespan', '03:00:00'],
    [10_000_000n, 'timespan', '00:00:01'],
    [1_123_456_789_012n, 'timespan', '1.07:12:25.6789012'],
    [-10_000_000n, 'timespan', '-00:00:01'],
    ['abc', 'dynamic', 'abc'],
    [{ a: [1, 'x'] }, 'dynamic', '{"a":[1,"x"]}'],
    [4, 'dynamic', '4'],
    ['ae3133f2-6e22-49ae-b06a-16e6a9b212eb', 'guid', 'ae3133f2-6e22-49ae-b06a-16e6a9b212eb'],
  ];
  for (const [v, t, want] of rows) assert.equal(kustoToString(v, t), want, `${String(v)}:${t}`);
  assert.equal(formatDatetime(0n), '1970-01-01T00:00:00.0000000Z');
  assert.equal(formatTimespan(0n), '00:00:00');
  assert.throws(() => formatReal(1e-7), KqlError);
});
