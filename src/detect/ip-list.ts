/**
 * IP address helpers for the alert store and the blocklists: one canonical spelling per address, so that the same
 * source is one entity whatever form the telemetry used (Defender reports IPv4 peers of dual-stack sockets as
 * `::ffff:a.b.c.d`), and an allow-list of addresses, CIDRs and ASNs.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one (zone ids are refused). */
function ipv6Groups(s: string): number[] | undefined {
  if (!isIPv6(s) || s.includes('%')) return undefined;
  let text = s.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = dotted[1].split('.').map(Number);
    tail.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    text = text.slice(0, -dotted[1].length) + '0:0'; // placeholder groups, replaced below
  }
  const [head, rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest === undefined ? [] : rest ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - h.length - r.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...r].map((g) => parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !(g >= 0 && g <= 0xffff))) return undefined;
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (2 or more) of zero groups as `::`, first on ties. */
function formatIpv6(g: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export interface CanonicalIp {
  readonly ip: string;
  readonly family: IpFamily;
}

/** Canonical form of an address, or undefined when the text is not an IP address. IPv4-mapped IPv6 becomes IPv4. */
export function canonicalIp(text: string): CanonicalIp | undefined {
  const s = text.trim();
  if (isIPv4(s)) return { ip: s.split('.').map((o) => String(Number(o))).join('.'), family: 4 };
  const g = ipv6Groups(s);
  if (!g) return undefined;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return { ip: [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join('.'), family: 4 };
  }
  return { ip: formatIpv6(g), family: 6 };
}

/**
 * Addresses that must never be blocked (the company's own vulnerability scanner, a research scanner): single
 * addresses, CIDRs and `AS<number>` entries (matched against the alert context's ASN). `match` returns the entry
 * that matched, for the report.
 */
export class AllowList {
  private readonly blocks = new BlockList();
  private readonly entries: { text: string; check: (ip: CanonicalIp) => boolean }[] = [];
  private readonly asns = new Map<number, string>();

  constructor(entries: Iterable<string> = []) {
    for (const e of entries) this.add(e);
  }

  add(entry: string): void {
    const text = entry.trim();
    const asn = /^AS(\d+)$/i.exec(text);
    if (asn) {
      this.asns.set(Number(asn[1]), text.toUpperCase());
      return;
    }
    const slash = text.indexOf('/');
    const addr = canonicalIp(slash < 0 ? text : text.slice(0, slash));
    if (!addr) throw new Error(`allow-list entry '${entry}' is not an address, a CIDR or an AS number`);
    const max = addr.family === 4 ? 32 : 128;
    const prefix = slash < 0 ? max : Number(text.slice(slash + 1));
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (slash >= 0 && !/^\d+$/.test(text.slice(slash + 1)))) {
      throw new Error(`allow-list entry '${entry}': prefix length must be 0..${max}`);
    }
    // One BlockList per entry keeps the matched entry reportable.
    const b = new BlockList();
    const type = addr.family === 4 ? 'ipv4' : 'ipv6';
    b.addSubnet(addr.ip, prefix, type);
    this.blocks.addSubnet(addr.ip, prefix, type);
    this.entries.push({ text, check: (ip) => ip.family === addr.family && b.check(ip.ip, type) });
  }

  /** The allow-list entry covering this address (or its ASN), else undefined. */
  match(ip: string, asn?: number): string | undefined {
    if (asn !== undefined && this.asns.has(asn)) return this.asns.get(asn);
    const c = canonicalIp(ip);
    if (!c || !this.blocks.check(c.ip, c.family === 4 ? 'ipv4' : 'ipv6')) return undefined;
    return this.entries.find((e) => e.check(c))?.text;
  }

  get size(): number {
    return this.entries.length + this.asns.size;
  }
}
