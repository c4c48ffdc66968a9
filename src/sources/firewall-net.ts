/**
 * IP address helpers for the firewall-log and Zeek readers: canonical text (RFC 5952 for IPv6), `--local-net`
 * matching, and Defender's LocalIPType / RemoteIPType classification.
 */
import { formatIPv4, isV4Mapped, newV6, parseIPv4, parseIPv6, v4Address, v6Mask, type V6 } from '../kql/functions/ip-address.js';

export interface ParsedIp {
  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`, IPv4-mapped dotted). */
  readonly text: string;
  readonly v6: boolean;
  /** The 128-bit value (an IPv4 address as `::ffff:a.b.c.d`), for range tests. */
  readonly words: V6;
}

/** Parses one address (no prefix, no zone). Null when it is not an address. */
export function parseIp(s: string): ParsedIp | null {
  if (s.length === 0 || s.includes('/') || s.includes('%')) return null;
  if (!s.includes(':')) {
    const p = parseIPv4(s);
    if (p < 0 || !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(s)) return null;
    const addr = v4Address(p);
    const words = newV6();
    words[2] = 0xffff;
    words[3] = addr;
    return { text: formatIPv4(addr), v6: false, words };
  }
  const words = newV6();
  if (parseIPv6(s, words) !== 128) return null;
  return { text: formatIPv6Canonical(words), v6: true, words };
}

/** RFC 5952 section 4 text of a 128-bit address (section 5: IPv4-mapped addresses end in a dotted quad). */
export function formatIPv6Canonical(a: V6): string {
  if (isV4Mapped(a)) return `::ffff:${formatIPv4(a[3]!)}`;
  const g: number[] = [];
  for (let w = 0; w < 4; w++) g.push(a[w]! >>> 16, a[w]! & 0xffff);
  // The longest run of two or more zero groups becomes "::"; on a tie, the first one.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => g.slice(from, to).map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

interface Net {
  readonly base: V6;
  readonly prefix: number; // in IPv6 bits (an IPv4 /n is 96 + n)
}

/** The private ranges that `--local-net` defaults to for Zeek (RFC 1918 and IPv6 unique local addresses). */
export const DEFAULT_LOCAL_NETS: readonly string[] = Object.freeze(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']);

/** A set of CIDR ranges (`--local-net`). */
export class LocalNets {
  private readonly nets: Net[] = [];

  /** Throws on a malformed CIDR: a bad `--local-net` is a usage error, not something to guess around. */
  constructor(cidrs: readonly string[]) {
    for (const c of cidrs) {
      const base = newV6();
      const slash = c.indexOf('/');
      const addr = parseIp(slash < 0 ? c : c.slice(0, slash));
      if (!addr) throw new Error(`--local-net: not an address range: ${c}`);
      let prefix = 128;
      if (slash >= 0) {
        const bits = c.slice(slash + 1);
        const max = addr.v6 ? 128 : 32;
        if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) throw new Error(`--local-net: bad prefix length: ${c}`);
        prefix = (addr.v6 ? 0 : 96) + Number(bits);
      }
      base.set(addr.words);
      v6Mask(base, prefix);
      this.nets.push({ base, prefix });
    }
  }

  private readonly probe = newV6();

  has(ip: ParsedIp): boolean {
    const probe = this.probe;
    for (const n of this.nets) {
      probe.set(ip.words);
      v6Mask(probe, n.prefix);
      if (probe[0] === n.base[0] && probe[1] === n.base[1] && probe[2] === n.base[2] && probe[3] === n.base[3]) return true;
    }
    return false;
  }
}

const TYPE_RANGES: readonly [string, string][] = [
  // [range, Defender IP type]; first match wins. Defender documents the type names but not its ranges, so these
  // are the IANA special-purpose registries mapped onto its vocabulary (approximate: see docs/readers).
  ['127.0.0.0/8', 'Loopback'],
  ['::1/128', 'Loopback'],
  ['10.0.0.0/8', 'Private'],
  ['172.16.0.0/12', 'Private'],
  ['192.168.0.0/16', 'Private'],
  ['fc00::/7', 'Private'],
  ['255.255.255.255/32', 'Broadcast'],
  ['2001::/32', 'Teredo'],
  ['::ffff:0:0/96', 'FourToSixMapping'],
  ['0.0.0.0/8', 'Reserved'],
  ['100.64.0.0/10', 'Reserved'],
  ['169.254.0.0/16', 'Reserved'],
  ['192.0.0.0/24', 'Reserved'],
  ['192.0.2.0/24', 'Reserved'],
  ['198.18.0.0/15', 'Reserved'],
  ['198.51.100.0/24', 'Reserved'],
  ['203.0.113.0/24', 'Reserved'],
  ['224.0.0.0/3', 'Reserved'], // multicast and 240/4
  ['::/128', 'Reserved'],
  ['fe80::/10', 'Reserved'],
  ['ff00::/8', 'Reserved'],
  ['2001:db8::/32', 'Reserved'],
];
const TYPE_NETS = TYPE_RANGES.map(([cidr, type]) => ({ nets: new LocalNets([cidr]), type, v6: cidr.includes(':') }));

const typeCache = new Map<string, string>();

/** Defender's IP type vocabulary (Public, Private, Reserved, Loopback, Teredo, FourToSixMapping, Broadcast). */
export function ipType(ip: ParsedIp): string {
  // Logs repeat the same few addresses: remember recent answers.
  let t = typeCache.get(ip.text);
  if (t === undefined) {
    t = classify(ip);
    if (typeCache.size >= 4096) typeCache.clear();
    typeCache.set(ip.text, t);
  }
  return t;
}

function classify(ip: ParsedIp): string {
  for (const t of TYPE_NETS) {
    // IPv4 addresses are held as ::ffff:a.b.c.d: IPv4 ranges test IPv4 text only, IPv6 ranges IPv6 text only.
    if (t.v6 !== ip.v6) continue;
    if (t.nets.has(ip)) return t.type;
  }
  return 'Public';
}
