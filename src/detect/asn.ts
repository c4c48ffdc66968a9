/**
 * Offline ASN lookup: the RouteViews + NRO + DB-IP ranges of the npm package `@ip-location-db/asn`
 * (CC BY 4.0; see THIRD_PARTY.md). Loaded lazily once per process into sorted typed arrays; a lookup is a binary
 * search.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isV4Mapped, newV6, parseIPv6 } from '../kql/functions/ip-address.js';

export interface AsnInfo {
  readonly asn: number;
  readonly org: string;
}

interface V4Table {
  start: Float64Array;
  end: Float64Array;
  asn: Uint32Array;
  org: string[];
}

interface V6Table {
  start: bigint[];
  end: bigint[];
  asn: Uint32Array;
  org: string[];
}

let v4: V4Table | null = null;
let v6: V6Table | null = null;

function file(name: string): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve(`@ip-location-db/asn/${name}`), 'utf8');
}

/** One CSV line `start,end,asn,org` (org may be quoted, with doubled quotes). */
function splitLine(line: string): [string, string, string, string] | null {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  let org = line.slice(c + 1);
  if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
  return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), org];
}

function loadV4(): V4Table {
  const lines = file('asn-ipv4-num.csv').split('\n');
  const t: V4Table = { start: new Float64Array(lines.length), end: new Float64Array(lines.length), asn: new Uint32Array(lines.length), org: [] };
  const orgs = new Map<string, string>();
  let n = 0;
  for (const line of lines) {
    const f = splitLine(line);
    if (!f) continue;
    t.start[n] = Number(f[0]);
    t.end[n] = Number(f[1]);
    t.asn[n] = Number(f[2]);
    const o = orgs.get(f[3]) ?? f[3];
    orgs.set(o, o);
    t.org.push(o);
    n++;
  }
  return { start: t.start.subarray(0, n), end: t.end.subarray(0, n), asn: t.asn.subarray(0, n), org: t.org };
}

function loadV6(): V6Table {
  const lines = file('asn-ipv6-num.csv').split('\n');
  const t: V6Table = { start: [], end: [], asn: new Uint32Array(lines.length), org: [] };
  let n = 0;
  for (const line of lines) {
    const f = splitLine(line);
    if (!f) continue;
    t.start.push(BigInt(f[0]));
    t.end.push(BigInt(f[1]));
    t.asn[n++] = Number(f[2]);
    t.org.push(f[3]);
  }
  return { ...t, asn: t.asn.subarray(0, n) };
}

const scratch = newV6();

/** The AS announcing an address, or null (private, reserved or unrouted addresses have none). */
export function lookupAsn(ip: string): AsnInfo | null {
  // One parser for IPv4, IPv6 and IPv4-mapped text (the engine's, src/kql/functions/ip-address.ts).
  const trimmed = ip.trim();
  if (trimmed.includes('/') || parseIPv6(trimmed, scratch) < 0) return null;
  if (isV4Mapped(scratch)) {
    const a = scratch[3];
    v4 ??= loadV4();
    let lo = 0;
    let hi = v4.start.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (v4.start[mid] <= a) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && a <= v4.end[hi] ? { asn: v4.asn[hi], org: v4.org[hi] } : null;
  }
  const b = (BigInt(scratch[0]) << 96n) | (BigInt(scratch[1]) << 64n) | (BigInt(scratch[2]) << 32n) | BigInt(scratch[3]);
  v6 ??= loadV6();
  let lo = 0;
  let hi = v6.start.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v6.start[mid] <= b) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && b <= v6.end[hi] ? { asn: v6.asn[hi], org: v6.org[hi] } : null;
}
