/**
 * Is a scanning source inside the organisation? It decides the ATT&CK mapping (../shared/detection/scan-detectors.md
 * section 10): a source from the internet probing internet-facing devices is Reconnaissance, T1595 Active Scanning /
 * T1595.001 Scanning IP Blocks; a source inside (private ranges or `--local-net`) scanning other devices is lateral
 * Discovery, T1046 Network Service Discovery.
 */
import { newV6, parseIPv4, parseIPv6, v4Address, v4Masked, v4Prefix, v6Compare, v6Mask, type V6 } from '../../kql/functions/ip-address.js';

export const TECHNIQUES_EXTERNAL: readonly string[] = Object.freeze(['T1595', 'T1595.001']);
export const TECHNIQUES_INTERNAL: readonly string[] = Object.freeze(['T1046']);

/**
 * Ranges inside by default: RFC 1918, loopback and link-local (which cannot arrive from the internet), IPv6 ULA
 * fc00::/7, link-local fe80::/10 and ::1. CGNAT 100.64/10 is not: it is a carrier's shared space, not ours.
 */
export const DEFAULT_INTERNAL_NETS: readonly string[] = Object.freeze([
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128',
]);

export class NetScope {
  private readonly v4: { net: number; prefix: number }[] = [];
  private readonly v6: { net: V6; prefix: number }[] = [];
  private readonly scratch = newV6();

  /** `localNets`: extra CIDRs (or single addresses) counted as inside, as `--local-net` gives them. */
  constructor(localNets: readonly string[] = [], includeDefaults = true) {
    for (const cidr of includeDefaults ? [...DEFAULT_INTERNAL_NETS, ...localNets] : localNets) this.add(cidr);
  }

  private add(cidr: string): void {
    const p4 = parseIPv4(cidr);
    if (p4 >= 0) {
      const prefix = v4Prefix(p4);
      this.v4.push({ net: v4Masked(v4Address(p4), prefix), prefix });
      return;
    }
    const net = newV6();
    const prefix = parseIPv6(cidr, net);
    if (prefix < 0) throw new RangeError(`local network: not an address or CIDR: '${cidr}'`);
    v6Mask(net, prefix);
    this.v6.push({ net, prefix });
  }

  isInternal(ip: string): boolean {
    const p4 = ip.includes(':') ? -1 : parseIPv4(ip);
    if (p4 >= 0) {
      const a = v4Address(p4);
      for (const r of this.v4) if (v4Masked(a, r.prefix) === r.net) return true;
      return false;
    }
    const s = this.scratch;
    if (parseIPv6(ip, s) !== 128) return false;
    if (s[0] === 0 && s[1] === 0 && s[2] === 0xffff) return this.isInternal(`${s[3]! >>> 24}.${(s[3]! >>> 16) & 255}.${(s[3]! >>> 8) & 255}.${s[3]! & 255}`);
    const m = newV6();
    for (const r of this.v6) {
      m.set(s);
      v6Mask(m, r.prefix);
      if (v6Compare(m, r.net) === 0) return true;
    }
    return false;
  }

  techniques(ip: string): readonly string[] {
    return this.isInternal(ip) ? TECHNIQUES_INTERNAL : TECHNIQUES_EXTERNAL;
  }
}
