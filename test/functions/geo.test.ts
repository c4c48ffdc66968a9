// geo_info_from_ip_address over the bundled DB-IP city database. Only facts that are stable across monthly
// database updates are asserted exactly (country of well-known anycast/service addresses, key set and types);
// cities are checked only where the doc example and the data agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, Dyn } from '../../src/kql/data/types.js';
import { functions } from '../../src/kql/functions/geo.js';
import { COUNTRY_NAMES } from '../../src/kql/functions/country-names.js';

const fn = functions.find((f) => f.name === 'geo_info_from_ip_address');
assert.ok(fn);
const geo = fn.bind({ name: fn.name, argTypes: ['string'], resultType: 'dynamic', constArgs: [undefined], now: 0n });
const info = (ip: Boxed): Dyn => geo([ip]) as Dyn;
const bag = (ip: string): Record<string, Dyn> => {
  const v = info(ip);
  assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${ip} gives a property bag`);
  return v as Record<string, Dyn>;
};

test('countries of well-known addresses', () => {
  const cases: [string, string][] = [
    ['8.8.8.8', 'United States'],
    ['9.9.9.9', 'United States'],
    ['1.1.1.1', 'Australia'],
    ['20.53.203.50', 'Australia'], // doc example: Sydney, New South Wales
    ['81.2.69.142', 'United Kingdom'],
    ['2a03:2880:f12c:83:face:b00c::25de', 'United States'], // doc example (IPv6)
    ['2001:4860:4860::8888', 'Canada'], // the DB-IP data places Google's IPv6 resolver in Montreal
  ];
  for (const [ip, country] of cases) assert.equal(bag(ip).country, country, ip);
});

test('doc example 20.53.203.50 has the documented shape and state', () => {
  const b = bag('20.53.203.50');
  assert.deepEqual(Object.keys(b), ['country', 'state', 'city', 'latitude', 'longitude']);
  assert.equal(b.state, 'New South Wales');
  assert.equal(b.city, 'Sydney');
  assert.equal(typeof b.latitude, 'number');
  assert.equal(typeof b.longitude, 'number');
  // Near the documented -33.8715, 151.2006 (the data differs by database, not by much).
  assert.ok(Math.abs((b.latitude as number) + 33.87) < 0.5);
  assert.ok(Math.abs((b.longitude as number) - 151.2) < 0.5);
});

test('coordinates are short decimals, not float32 noise', () => {
  const b = bag('8.8.8.8');
  for (const k of ['latitude', 'longitude']) {
    const v = b[k] as number;
    assert.ok(String(v).length <= 12, `${k} ${v}`);
    assert.ok(Number.isFinite(v), `${k} is a finite real`);
  }
});

test('IPv4-mapped IPv6 and dotted IPv4-in-IPv6 look up the IPv4 record', () => {
  assert.deepEqual(info('::ffff:8.8.8.8'), info('8.8.8.8'));
  assert.deepEqual(info('::ffff:808:808'), info('8.8.8.8'));
  assert.deepEqual(info('8.8.8.8/32'), info('8.8.8.8'));
});

test('no record: private, loopback, reserved and documentation ranges give an empty bag', () => {
  for (const ip of ['10.1.2.3', '192.168.1.1', '172.16.0.1', '127.0.0.1', '0.0.0.0', '203.0.113.5', '192.0.2.1', '::1', 'fe80::1', '2001:db8::1']) {
    assert.deepEqual(info(ip), {}, ip);
  }
});

test('unparsable input gives dynamic null', () => {
  for (const ip of ['', 'not-an-ip', '1.2.3', '256.0.0.1', '1::2::3', null]) assert.equal(info(ip as Boxed), null, String(ip));
});

test('each call returns a fresh bag', () => {
  const a = bag('8.8.8.8');
  a.country = 'changed';
  assert.equal(bag('8.8.8.8').country, 'United States');
});

test('country table: codes are ISO-style and names are unique', () => {
  const codes = Object.keys(COUNTRY_NAMES);
  assert.ok(codes.length >= 249);
  for (const c of codes) assert.match(c, /^[A-Z]{2}$/);
  assert.equal(new Set(Object.values(COUNTRY_NAMES)).size, codes.length);
  assert.equal(COUNTRY_NAMES.US, 'United States');
  assert.equal(COUNTRY_NAMES.AU, 'Australia');
});
