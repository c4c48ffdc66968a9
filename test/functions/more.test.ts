import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { functions, parseWindowsCommandLine, punycodeDecode, punycodeEncode } from '../../src/kql/functions/more.js';
import { KqlError } from '../../src/kql/errors.js';

function call(name: string, args: Boxed[], argTypes: KType[] = args.map(() => 'real'), resultType: KType = 'real'): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const row = f.bind({ name, argTypes, resultType, constArgs: args.map(() => undefined), now: 0n });
  return row(args);
}

function near(actual: Boxed, expected: number, what: string, rel = 1e-13): void {
  assert.equal(typeof actual, 'number', what);
  const a = actual as number;
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(a), `${what}: ${a} is not NaN`);
  assert.ok(Math.abs(a - expected) <= rel * Math.max(1e-300, Math.abs(expected)) || a === expected, `${what}: ${a} != ${expected}`);
}

test('special functions: oracle values (gamma, loggamma, erf, erfc)', () => {
  const cases: [string, number, number][] = [
    ['gamma', 5, 24],
    ['gamma', 0.5, Math.sqrt(Math.PI)],
    ['gamma', -0.5, -2 * Math.sqrt(Math.PI)],
    ['loggamma', 5, 3.1780538303479458],
    ['loggamma', 200, 857.9336698258575],
    ['erf', -3, -0.9999779095030014],
    ['erf', -2, -0.9953222650189527],
    ['erf', -1, -0.8427007929497149],
    ['erf', 0, 0],
    ['erf', 1, 0.8427007929497149],
    ['erf', 2, 0.9953222650189527],
    ['erf', 3, 0.9999779095030014],
    ['erfc', -3, 1.9999779095030015],
    ['erfc', -2, 1.9953222650189528],
    ['erfc', -1, 1.842700792949715],
    ['erfc', 0, 1],
    ['erfc', 1, 0.15729920705028513],
    ['erfc', 2, 0.004677734981047265],
    ['erfc', 3, 2.2090496998585438e-5],
  ];
  for (const [name, x, want] of cases) near(call(name, [x]), want, `${name}(${x})`, 1e-12);
  assert.equal(call('erf', [null]), null);
});

test('beta distribution and welch_test (doc examples)', () => {
  const cases: [string, number[], number][] = [
    ['beta_pdf', [0.5, 10, 20], 0.746176019310951],
    ['beta_pdf', [1.5, 10, 20], NaN],
    ['beta_pdf', [-10, 10, 20], NaN],
    ['beta_pdf', [0.1, -1, 20], NaN],
    ['beta_cdf', [0.9, 10, 20], 0.999999999999959],
    ['beta_cdf', [1.5, 10, 20], NaN],
    ['beta_cdf', [0.1, -1, 20], NaN],
    ['beta_cdf', [0.5, 2, 2], 0.5],
    ['beta_inv', [0.5, 2, 2], 0.5],
    ['beta_inv', [1.5, 10, 20], NaN],
    ['welch_test', [20.819999999999997, 7.8674285714, 15, 22.986666666666668, 3.8126666667, 15], 0.02137800146286441],
  ];
  for (const [name, xs, want] of cases) near(call(name, xs), want, `${name}(${xs.join(', ')})`, 1e-9);
  // beta_inv inverts beta_cdf.
  const p = call('beta_cdf', [0.3, 10, 20]) as number;
  near(call('beta_inv', [p, 10, 20]), 0.3, 'beta_inv(beta_cdf(0.3))', 1e-10);
});

test('compression: documented outputs and round trips', () => {
  const s: KType[] = ['string'];
  assert.equal(call('zlib_compress_to_base64_string', ['1234567890qwertyuiop'], s, 'string'), 'eAEBFADr/zEyMzQ1Njc4OTBxd2VydHl1aW9wOAkGdw==');
  assert.equal(call('gzip_compress_to_base64_string', ['1234567890qwertyuiop'], s, 'string'), 'H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA==');
  assert.equal(call('zlib_decompress_from_base64_string', ['eJwLSS0uUSguKcrMS1cwNDIGACxqBQ4='], s, 'string'), 'Test string 123');
  assert.equal(call('zlib_decompress_from_base64_string', ['x0x0x0'], s, 'string'), '');
  assert.equal(call('gzip_decompress_from_base64_string', ['H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA=='], s, 'string'), '1234567890qwertyuiop');
  for (const text of ['', 'héllo wörld', 'x'.repeat(70000)]) {
    const z = call('zlib_compress_to_base64_string', [text], s, 'string');
    assert.equal(call('zlib_decompress_from_base64_string', [z], s, 'string'), text);
    const g = call('gzip_compress_to_base64_string', [text], s, 'string');
    assert.equal(call('gzip_decompress_from_base64_string', [g], s, 'string'), text);
  }
});

test('punycode (doc examples; case is preserved)', () => {
  const s: KType[] = ['string'];
  const from: [string, string][] = [
    ['xn--Ge-mia.Bulg.edu', 'Gáe.Bulg.edu'],
    ['xn--Lin-8na.Celtchair.org', 'Lúin.Celtchair.org'],
    ['xn--Ry-lja8c.xn--Jng-uta63a.xn--Bng-9ka.com', 'Rúyì.Jīngū.Bàng.com'],
  ];
  for (const [enc, dec] of from) assert.equal(call('punycode_domain_from_string', [enc], s, 'string'), dec);
  const to: [string, string][] = [
    ['Lê Lợi。Thuận Thiên。com', 'xn--L Li-gpa4517b.xn--Thun Thin-s4a7194f.com'],
    ['Riðill｡Skáldskaparmál｡org', 'xn--Riill-jta.xn--Skldskaparml-dbbj.org'],
    ["Kaledvoulc'h.Artorījos.edu", "Kaledvoulc'h.xn--Artorjos-ejb.edu"],
  ];
  for (const [dom, enc] of to) assert.equal(call('punycode_domain_to_string', [dom], s, 'string'), enc);
  // RFC 3492 sample: Chinese (simplified).
  assert.equal(punycodeEncode('他们为什么不说中文'), 'ihqwcrb4cv8a8dqg056pqjye');
  assert.equal(punycodeDecode('ihqwcrb4cv8a8dqg056pqjye'), '他们为什么不说中文');
  assert.equal(punycodeDecode('a-b-!'), null);
  assert.equal(call('punycode_from_string', ['acadmie-franaise-npb1a'], s, 'string'), 'académie-française');
  assert.equal(call('punycode_to_string', ['académie-française'], s, 'string'), 'acadmie-franaise-npb1a');
});

test('regex_quote, parse_csv, parse_command_line, base64_encode_fromarray', () => {
  const s: KType[] = ['string'];
  assert.equal(call('regex_quote', ['(so$me.Te^xt)'], s, 'string'), '\\(so\\$me\\.Te\\^xt\\)');
  assert.equal(call('regex_quote', ['a_b1'], s, 'string'), 'a_b1');
  assert.deepEqual(call('parse_csv', ['aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"'], s, 'dynamic'), ['aa', 'b,b,b', 'cc', 'Escaping quotes: "Title"', 'line1\nline2']);
  assert.deepEqual(call('parse_csv', ['record1,a,b,c\nrecord2,x,y,z'], s, 'dynamic'), ['record1', 'a', 'b', 'c']);
  assert.deepEqual(call('parse_csv', [''], s, 'dynamic'), ['']);
  const cl: [string, string[]][] = [
    ['echo "hello world!"', ['echo', 'hello world!']],
    ['"C:\\Program Files\\a.exe" -x  y', ['C:\\Program Files\\a.exe', '-x', 'y']],
    ['a "b c" d', ['a', 'b c', 'd']],
    ['a \\\\"b c\\\\" d', ['a', '\\b c\\', 'd']],
    ['a \\"b c', ['a', '"b', 'c']],
    ['a b\\c', ['a', 'b\\c']],
    ['a "x""y"', ['a', 'x"y']],
    ['a ""', ['a', '']],
    ['', []],
  ];
  for (const [cmd, want] of cl) assert.deepEqual(parseWindowsCommandLine(cmd), want, cmd);
  assert.deepEqual(call('parse_command_line', ['echo "hello world!"', 'windows'], ['string', 'string'], 'dynamic'), ['echo', 'hello world!']);
  assert.throws(() => call('parse_command_line', ['x', 'linux'], ['string', 'string'], 'dynamic'), KqlError);
  assert.equal(call('base64_encode_fromarray', [[75, 117, 115, 116, 111]], ['dynamic'], 'string'), 'S3VzdG8=');
  assert.equal(call('base64_encode_fromarray', [[300]], ['dynamic'], 'string'), '');
  assert.equal(call('base64_encode_fromarray', [null], ['dynamic'], 'string'), '');
});

test('assert and the functions that need context fail as documented', () => {
  assert.equal(call('assert', [true, 'm'], ['bool', 'string'], 'bool'), true);
  assert.throws(() => call('assert', [false, 'Length must be greater than zero'], ['bool', 'string'], 'bool'), /Length must be greater than zero/);
  assert.equal(call('current_database', []), 'edgewatch');
  for (const name of ['hash_combine', 'cursor_current', 'bin_auto', 'parse_user_agent', 'datetime_list_timezones', 'parse_version']) {
    assert.throws(() => call(name, []), (e: unknown) => e instanceof KqlError && e.code === 'unsupported', name);
  }
});
