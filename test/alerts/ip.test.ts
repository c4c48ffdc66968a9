import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AllowList, canonicalIp } from '../../src/detect/ip-list.js';

test('canonicalIp: one spelling per address (RFC 5952 for IPv6; IPv4-mapped becomes IPv4)', () => {
  const cases: [string, string | undefined, (4 | 6)?][] = [
    ['203.0.113.7', '203.0.113.7', 4],
    [' 203.0.113.7 ', '203.0.113.7', 4],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 6],
    ['2001:db8:0000:0001:0:0:0:1', '2001:db8:0:1::1', 6],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6], // first of two equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6], // a single zero group stays
    ['::', '::', 6],
    ['::1', '::1', 6],
    ['fe80::', 'fe80::', 6],
    ['::ffff:203.0.113.7', '203.0.113.7', 4],
    ['::FFFF:cb00:7107', '203.0.113.7', 4],
    ['64:ff9b::203.0.113.7', '64:ff9b::cb00:7107', 6],
    ['fe80::1%eth0', undefined],
    ['203.0.113', undefined],
    ['example.com', undefined],
    ['', undefined],
  ];
  for (const [input, ip, family] of cases) {
    const c = canonicalIp(input);
    assert.equal(c?.ip, ip, input);
    if (family) assert.equal(c?.family, family, input);
  }
});

test('AllowList matches addresses, CIDRs (both families) and ASNs, and names the entry', () => {
  const allow = new AllowList(['198.51.100.0/24', '203.0.113.9', '2001:db8:beef::/48', 'as64500']);
  assert.equal(allow.size, 4);
  const cases: [string, number | undefined, string | undefined][] = [
    ['198.51.100.200', undefined, '198.51.100.0/24'],
    ['198.51.101.1', undefined, undefined],
    ['203.0.113.9', undefined, '203.0.113.9'],
    ['::ffff:203.0.113.9', undefined, '203.0.113.9'],
    ['203.0.113.10', undefined, undefined],
    ['2001:db8:beef:1::5', undefined, '2001:db8:beef::/48'],
    ['2001:db8:bef0::5', undefined, undefined],
    ['192.0.2.1', 64500, 'AS64500'],
    ['192.0.2.1', 64501, undefined],
    ['not an ip', undefined, undefined],
  ];
  for (const [ip, asn, want] of cases) assert.equal(allow.match(ip, asn), want, `${ip} AS${asn}`);
  for (const bad of ['198.51.100.0/33', '2001:db8::/129', 'nonsense', '10.0.0.0/x', '10.0.0.0/']) assert.throws(() => new AllowList([bad]), /allow-list entry/, bad);
});
