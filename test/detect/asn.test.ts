// Offline ASN lookups from the bundled RouteViews/NRO/DB-IP data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupAsn } from '../../src/detect/asn.js';

test('well-known addresses resolve to their AS; private, documentation and garbage do not', () => {
  const cases: [string, number | null][] = [
    ['8.8.8.8', 15169],
    ['1.1.1.1', 13335],
    ['2001:4860:4860::8888', 15169],
    ['::ffff:8.8.8.8', 15169],
    ['10.0.0.1', null],
    ['192.168.1.1', null],
    ['198.51.100.10', null],
    ['not an address', null],
  ];
  for (const [ip, asn] of cases) assert.equal(lookupAsn(ip)?.asn ?? null, asn, ip);
  assert.match(lookupAsn('8.8.8.8')!.org, /Google/);
});
