// Doc examples (each function's page in MicrosoftDocs/dataexplorer-docs, with its documented output), the
// oracle cases from shared/kql/oracle/cases.json, and boundary cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, KType } from '../../src/kql/data/types.js';
import { functions } from '../../src/kql/functions/ip.js';
import type { ScalarFunction } from '../../src/kql/functions/scalar-function.js';

const byName = new Map<string, ScalarFunction>(functions.map((f) => [f.name, f]));

function typeOf(v: Boxed): KType {
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'real';
  return 'dynamic';
}

/**
 * Calls `name(...args)` twice: once with no constant arguments (per-row parsing) and once with every argument
 * after the first marked constant (the pre-parsed path), and checks both agree before returning the result.
 */
function call(name: string, ...args: Boxed[]): Boxed {
  const f = byName.get(name);
  assert.ok(f, `function ${name} is exported`);
  const site = (constArgs: (Boxed | undefined)[]) => ({
    name,
    argTypes: args.map(typeOf),
    resultType: 'bool' as KType,
    constArgs,
    now: 0n,
  });
  const rowwise = f.bind(site(args.map(() => undefined)))([...args]);
  const constant = f.bind(site(args.map((a, i) => (i === 0 ? undefined : a))))([...args]);
  assert.deepEqual(constant, rowwise, `${name}: constant and per-row paths agree`);
  return rowwise;
}

type Case = [args: Boxed[], expected: Boxed];

function table(name: string, cases: Case[]): void {
  test(name, () => {
    for (const [args, expected] of cases) {
      assert.deepEqual(call(name, ...args), expected, `${name}(${args.map((a) => JSON.stringify(typeof a === 'bigint' ? `${a}n` : a)).join(', ')})`);
    }
  });
}

table('ipv4_is_private', [
  // doc
  [['192.168.1.1/24'], true],
  [['10.1.2.3/24'], true],
  [['202.1.2.3'], false],
  [['127.0.0.1'], false],
  [['10.1.2.3'], true],
  // derived-ipv4-private-boundaries
  [['10.0.0.0'], true],
  [['10.255.255.255'], true],
  [['11.0.0.1'], false],
  [['9.255.255.255'], false],
  [['172.16.0.1'], true],
  [['172.16.0.0'], true],
  [['172.31.255.255'], true],
  [['172.32.0.1'], false],
  [['172.15.255.255'], false],
  [['192.168.0.1'], true],
  [['192.168.255.255'], true],
  [['192.169.0.1'], false],
  [['192.167.255.255'], false],
  [['169.254.1.1'], false],
  [['100.64.0.1'], false],
  [['0.0.0.0'], false],
  [['255.255.255.255'], false],
  // does not parse -> null
  [['not-an-ip'], null],
  [[''], null],
  [['::1'], null],
  [['::ffff:10.0.0.1'], null],
  [['fe80::1'], null],
  [['256.1.1.1'], null],
  [['1.2.3'], null],
  [['1.2.3.4.5'], null],
  [['1.2.3.4/33'], null],
  [['1.2.3.4/'], null],
  [['1.2.3.4 '], null],
  [[' 1.2.3.4'], null],
  [['1..2.3'], null],
  [['1.2.3.1000'], null],
  [[null], null],
  // a short suffix masks the address out of the private block
  [['10.1.2.3/4'], false],
  [['172.31.0.1/12'], true],
]);

table('ipv4_is_in_range', [
  [['192.168.1.1', '192.168.1.1'], true],
  [['192.168.1.1', '192.168.1.255/24'], true],
  [['192.168.2.1', '192.168.1.255/24'], false],
  [['10.200.3.4', '10.0.0.0/8'], true],
  [['11.0.0.0', '10.0.0.0/8'], false],
  [['9.255.255.255', '10.0.0.0/8'], false],
  [['1.2.3.4', '0.0.0.0/0'], true],
  [['192.168.1.2', '192.168.1.1'], false],
  [['192.168.1.1', 'bad'], null],
  [['bad', '10.0.0.0/8'], null],
  [['::1', '10.0.0.0/8'], null],
]);

table('ipv4_is_in_any_range', [
  // oracle ipv4-is-in-any-range-function-00/01/02
  [['192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16'], true],
  [['127.0.0.1', ['127.0.0.1', '192.168.1.1']], true],
  [['10.1.2.3', ['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8']], true],
  [['192.168.1.5', ['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8']], true],
  [['123.1.11.21', ['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8']], false],
  [['1.1.1.1', ['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8']], false],
  [['8.8.8.8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], false],
  [['172.20.1.1', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], true],
  [['not-ip', ['10.0.0.0/8']], null],
  [['10.0.0.1', ['10.0.0.0/8', 'garbage']], null],
  [['10.0.0.1', []], false],
]);

table('ipv4_is_match', [
  // doc
  [['192.168.1.1/24', '192.168.1.255'], true],
  [['192.168.1.0', '192.168.1.0'], true],
  [['192.168.1.1', '192.168.1.255/24'], true],
  [['192.168.1.1/30', '192.168.1.255/24'], true],
  [['192.168.1.1', '192.168.1.0', 31n], true],
  [['192.168.1.1/24', '192.168.1.255', 31n], true],
  [['192.168.1.1', '192.168.1.255', 24n], true],
  // boundaries
  [['192.168.1.1', '192.168.1.2'], false],
  [['192.168.1.1', '192.168.1.2', 31n], false],
  [['192.168.1.1', '192.168.1.2', 30n], true],
  [['192.168.1.1', '192.168.1.2', 33n], null],
  [['192.168.1.1', '192.168.1.2', -1n], null],
  [['192.168.1.1', '192.168.1.2', null], null],
  [['192.168.1.1', 'x'], null],
]);

table('ipv4_compare', [
  // doc
  [['192.168.1.0', '192.168.1.0'], 0n],
  [['192.168.1.1/24', '192.168.1.255'], 0n],
  [['192.168.1.1', '192.168.1.255/24'], 0n],
  [['192.168.1.1/30', '192.168.1.255/24'], 0n],
  [['192.168.1.1', '192.168.1.0', 31n], 0n],
  [['192.168.1.1/24', '192.168.1.255', 31n], 0n],
  [['192.168.1.1', '192.168.1.255', 24n], 0n],
  // order is unsigned: 200.x is above 10.x
  [['10.0.0.1', '10.0.0.2'], -1n],
  [['10.0.0.2', '10.0.0.1'], 1n],
  [['200.0.0.1', '10.0.0.1'], 1n],
  [['255.255.255.255', '0.0.0.0'], 1n],
  [['1.2.3.4', ''], null],
]);

table('ipv4_netmask_suffix', [
  [['10.1.2.3'], 32n],
  [['192.168.1.1/24'], 24n],
  [['127.0.0.1/16'], 16n],
  [['1.2.3.4/0'], 0n],
  [['::1'], null],
  [['abc'], null],
]);

table('parse_ipv4', [
  [['192.168.1.1'], 3232235777n],
  [['192.168.1.1/24'], 3232235776n],
  [['255.255.255.255/31'], 4294967294n],
  [['255.255.255.255'], 4294967295n],
  [['0.0.0.0'], 0n],
  [['1.2.3.4/0'], 0n],
  [['1.2.3'], null],
]);

table('parse_ipv4_mask', [
  [['127.0.0.1', 24n], 2130706432n], // oracle parse-ipv4-mask-function-00
  [['192.168.1.1', 32n], 3232235777n],
  [['192.168.1.1/24', 32n], 3232235776n],
  [['192.168.1.1', 0n], 0n],
  [['192.168.1.1', 33n], null],
  [['192.168.1.1', -1n], null],
  [['x', 24n], null],
]);

table('format_ipv4', [
  // oracle format-ipv4-function-00
  [['192.168.1.1', 24n], '192.168.1.0'],
  [['192.168.1.1', 32n], '192.168.1.1'],
  [['192.168.1.1/24', 32n], '192.168.1.0'],
  [['192.168.1.1/24', -1n], ''],
  // a number in big-endian order
  [[3232235777n, 32n], '192.168.1.1'],
  [[3232235777n, 16n], '192.168.0.0'],
  [[-1n, 32n], ''],
  [[4294967296n, 32n], ''],
  [['192.168.1.1', 33n], ''],
  [['bad', 24n], ''],
  [['192.168.1.1'], '192.168.1.1'],
]);

table('format_ipv4_mask', [
  [['192.168.1.1', 24n], '192.168.1.0/24'],
  [['192.168.1.1', 32n], '192.168.1.1/32'],
  [['192.168.1.1/24', 32n], '192.168.1.0/24'],
  [['192.168.1.1/24', -1n], ''],
  [[3232235777n, 24n], '192.168.1.0/24'],
  [['10.9.8.7', 0n], '0.0.0.0/0'],
]);

table('ipv4_range_to_cidr_list', [
  [['1.1.128.0', '1.1.140.255'], ['1.1.128.0/21', '1.1.136.0/22', '1.1.140.0/24']], // oracle
  [['10.0.0.0', '10.255.255.255'], ['10.0.0.0/8']],
  [['10.0.0.5', '10.0.0.5'], ['10.0.0.5/32']],
  [['10.0.0.1', '10.0.0.6'], ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']],
  [['0.0.0.0', '255.255.255.255'], ['0.0.0.0/0']],
  [['255.255.255.254', '255.255.255.255'], ['255.255.255.254/31']],
  [['10.0.0.9', '10.0.0.1'], []],
  [['x', '10.0.0.1'], null],
]);

// ipv6_compare / ipv6_is_match doc tables share their rows.
const v6Equal: Boxed[][] = [
  ['192.168.1.1', '192.168.1.1'],
  ['192.168.1.1/24', '192.168.1.255'],
  ['192.168.1.1', '192.168.1.255/24'],
  ['192.168.1.1/30', '192.168.1.255/24'],
  ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994'],
  ['fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998'],
  ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998/120'],
  ['fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120'],
  ['192.168.1.1', '::ffff:c0a8:0101'],
  ['192.168.1.1/24', '::ffff:c0a8:01ff'],
  ['::ffff:c0a8:0101', '192.168.1.255/24'],
  ['::192.168.1.1/30', '192.168.1.255/24'],
  ['192.168.1.1', '192.168.1.0', 31n],
  ['192.168.1.1/24', '192.168.1.255', 31n],
  ['192.168.1.1', '192.168.1.255', 24n],
  ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127n],
  ['fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120n],
  ['fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127n],
  ['192.168.1.1/24', '::ffff:c0a8:01ff', 127n],
  ['::ffff:c0a8:0101', '192.168.1.255', 120n],
  ['::192.168.1.1/30', '192.168.1.255/24', 127n],
];

table('ipv6_compare', [
  ...v6Equal.map((a): Case => [a, 0n]),
  [['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995'], -1n],
  [['fe80::85d:e82c:9446:7995', 'fe80::85d:e82c:9446:7994'], 1n],
  [['ffff::', '::1'], 1n],
  [['::ffff:7f00:1', '127.0.0.1'], 0n],
  [['::1', '::2', 129n], null],
  [['::1', 'zz::1'], null],
]);

table('ipv6_is_match', [
  ...v6Equal.map((a): Case => [a, true]),
  [['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995'], false],
  [['192.168.1.1', '192.168.1.2'], false],
  [['::1', '::1:'], null],
]);

table('ipv6_is_in_range', [
  // oracle ipv6-is-in-range-function-00
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112'], true],
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd'], true],
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', '0:0:0:0:0:ffff:c0a8:ac/60'], false],
  [['2001:db8::1', '2001:db8::/32'], true],
  [['2001:db9::1', '2001:db8::/32'], false],
  [['10.1.2.3', '10.0.0.0/8'], true],
  [['10.1.2.3', '::ffff:10.0.0.0/104'], true],
  [['2001:db8::1', 'nope'], null],
]);

table('ipv6_is_in_any_range', [
  // doc
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd', ['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112', '0:0:0:0:0:ffff:c0a8:ac/60']], true],
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112', '0:0:0:0:0:ffff:c0a8:ac/60'], true],
  // The doc's third line says f6cd is not in f6cd/120, which cannot be (an address is in its own block); its
  // table's abcd addresses show the intended case: outside /120 of ...:f6cd, inside /112.
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/120', '0:0:0:0:0:ffff:c0a8:ac/60'], false],
  [['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/120'], true],
  ...['abcd', 'abce', 'abcf'].map((h): Case => [
    [`a5e:f127:8a9d:146d:e102:b5d3:c755:${h}`, ['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112', '0:0:0:0:0:ffff:c0a8:ac/60']],
    true,
  ]),
  [['a5e:f127:8a9d:146d:e102:b5d3:c756:abd1', ['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112', '0:0:0:0:0:ffff:c0a8:ac/60']], false],
  [['x', ['::/0']], null],
]);

table('parse_ipv6', [
  // doc
  [['192.168.255.255'], '0000:0000:0000:0000:0000:ffff:c0a8:ffff'],
  [['192.168.255.255/24'], '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
  [['255.255.255.255'], '0000:0000:0000:0000:0000:ffff:ffff:ffff'],
  // forms
  [['::'], '0000:0000:0000:0000:0000:0000:0000:0000'],
  [['::1'], '0000:0000:0000:0000:0000:0000:0000:0001'],
  [['1::'], '0001:0000:0000:0000:0000:0000:0000:0000'],
  [['FE80::85D:E82C:9446:7994'], 'fe80:0000:0000:0000:085d:e82c:9446:7994'],
  [['2001:db8:0:0:1:0:0:1'], '2001:0db8:0000:0000:0001:0000:0000:0001'],
  [['::ffff:1.2.3.4'], '0000:0000:0000:0000:0000:ffff:0102:0304'],
  [['64:ff9b::1.2.3.4'], '0064:ff9b:0000:0000:0000:0000:0102:0304'],
  [['2001:db8::/32'], '2001:0db8:0000:0000:0000:0000:0000:0000'],
  [['2001:db8::1/0'], '0000:0000:0000:0000:0000:0000:0000:0000'],
  // does not parse -> ""
  [[':::'], ''],
  [['1:::2'], ''],
  [['1::2::3'], ''],
  [['1:2:3:4:5:6:7:8:9'], ''],
  [['1:2:3:4:5:6:7'], ''],
  [['12345::'], ''],
  [['::g'], ''],
  [[':1::'], ''],
  [['1:'], ''],
  [['::1/129'], ''],
  [['fe80::1%eth0'], ''],
  [['1.2.3.4/33'], ''],
  [[''], ''],
]);

table('parse_ipv6_mask', [
  // doc
  [['192.168.255.255', 120n], '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
  [['192.168.255.255/24', 124n], '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
  [['255.255.255.255', 128n], '0000:0000:0000:0000:0000:ffff:ffff:ffff'],
  [['fe80::85d:e82c:9446:7994', 128n], 'fe80:0000:0000:0000:085d:e82c:9446:7994'],
  [['fe80::85d:e82c:9446:7994/120', 124n], 'fe80:0000:0000:0000:085d:e82c:9446:7900'],
  [['::192.168.255.255', 128n], '0000:0000:0000:0000:0000:ffff:c0a8:ffff'],
  [['::192.168.255.255/24', 128n], '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
  [['::1', 129n], ''],
  [['::1', -1n], ''],
]);

const LOG = '05:04:54 127.0.0.1 GET /favicon.ico 404';

table('has_ipv4', [
  [[LOG, '127.0.0.1'], true], // oracle has-ipv4-function-00
  [['05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256'], false],
  [['05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1'], false],
  [['These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '10.1.1.115'], true],
  [['These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '10.1.1.201'], true],
  [['These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '10.1.1.11'], false],
  [['x127.0.0.1', '127.0.0.1'], false],
  [['127.0.0.1x', '127.0.0.1'], false],
  [['127.0.0.1', '127.0.0.1'], true],
  [['[127.0.0.1]:80', '127.0.0.1'], true],
  [['127.0.0.12', '127.0.0.1'], false],
  [[LOG, '127.0.0.1/24'], false],
  [['', '127.0.0.1'], false],
]);

table('has_ipv4_prefix', [
  [[LOG, '127.0.'], true],
  [[LOG, '127.0'], false], // not a valid prefix
  [['05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.'], false], // oracle has-ipv4-prefix-function-02
  [['05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.'], false],
  [[LOG, '127.'], true],
  [[LOG, '127.0.0.'], true],
  [[LOG, '127.0.0.1'], true],
  [[LOG, '127.0.0.2'], false],
  [[LOG, '12.'], false],
  [[LOG, '127.0.0.1.'], false],
  [[LOG, '256.'], false],
]);

table('has_any_ipv4', [
  [[LOG, '127.0.0.1', '127.0.0.2'], true], // oracle has-any-ipv4-function-00
  [['05:04:54 127.0.0.256 GET /favicon.ico 404', ['127.0.0.256', '192.168.1.1']], false],
  [['05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '192.168.1.1'], false], // oracle -03
  [[LOG, ['10.0.0.1', '127.0.0.1']], true],
  [[LOG, []], false],
]);

table('has_any_ipv4_prefix', [
  [[LOG, '127.0.', '192.168.'], true],
  [[LOG, ['127.0.', '192.168.']], true], // oracle has-any-ipv4-prefix-function-01
  [[LOG, ['127.0', '192.168.']], false],
  [['05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.', '192.168.'], false],
  [['05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.', '192.'], false],
]);

test('no unknown function names and no duplicates', () => {
  const names = functions.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual([...names].sort(), [
    'format_ipv4', 'format_ipv4_mask', 'has_any_ipv4', 'has_any_ipv4_prefix', 'has_ipv4', 'has_ipv4_prefix',
    'ipv4_compare', 'ipv4_is_in_any_range', 'ipv4_is_in_range', 'ipv4_is_match', 'ipv4_is_private',
    'ipv4_netmask_suffix', 'ipv4_range_to_cidr_list', 'ipv6_compare', 'ipv6_is_in_any_range', 'ipv6_is_in_range',
    'ipv6_is_match', 'parse_ipv4', 'parse_ipv4_mask', 'parse_ipv6', 'parse_ipv6_mask',
  ]);
});
