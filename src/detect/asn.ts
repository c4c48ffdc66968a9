/**
 * Offline ASN lookup: the RouteViews + NRO + DB-IP ranges of the npm package `@ip-location-db/asn`
 * (CC BY 4.0; see THIRD_PARTY.md). Loaded lazily once per process into sorted typed arrays; a lookup is a binary
 * search.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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

function parseV4(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  if (o.some((x) => x > 255)) return null;
  return ((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3];
}

function parseV6(ip: string): bigint | null {
  if (!ip.includes(':')) return null;
  let s = ip.toLowerCase();
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  // An embedded IPv4 tail becomes two hex groups.
  const v4m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4m) {
    const n = parseV4(v4m[2]);
    if (n === null) return null;
    s = `${v4m[1]}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

/** The AS announcing an address, or null (private, reserved or unrouted addresses have none). */
export function lookupAsn(ip: string): AsnInfo | null {
  const a = parseV4(ip);
  if (a !== null) {
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
  const b = parseV6(ip);
  if (b === null) return null;
  // IPv4-mapped IPv6: look the IPv4 address up.
  if (b >> 32n === 0xffffn) return lookupAsn([24n, 16n, 8n, 0n].map((s) => Number((b >> s) & 255n)).join('.'));
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
