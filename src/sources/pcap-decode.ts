/**
 * Packet decoding for the capture reader: link layers (Ethernet with VLAN tags, Linux cooked SLL/SLL2, raw IP,
 * BSD loopback), IPv4 (options, fragments) and IPv6 (extension headers), then TCP, UDP, ICMP and ICMPv6,
 * including the header an ICMP error quotes. Everything reads from the captured bytes with bounds checks: a
 * packet cut by the snap length decodes as far as its bytes go.
 */

/** Link-layer header types (LINKTYPE_* values of the pcap/pcapng spec, plus the DLT_RAW aliases). */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_BSD_12: 12, // DLT_RAW on most BSDs
  RAW_BSD_14: 14, // DLT_RAW on OpenBSD
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMPV6 = 58;

/** The transport header an ICMP error quotes (the packet that caused it). */
export interface QuotedHeader {
  readonly proto: number;
  readonly src: string;
  readonly dst: string;
  /** Ports for TCP/UDP; for a quoted ICMP echo, `sport` is its identifier and `dport` its type. */
  readonly sport: number;
  readonly dport: number;
}

export interface DecodedPacket {
  readonly v6: boolean;
  readonly src: string;
  readonly dst: string;
  readonly srcBytes: Uint8Array;
  readonly dstBytes: Uint8Array;
  /** IP protocol number of the transport (after IPv6 extension headers). */
  readonly proto: number;
  /** False for non-first fragments and transports cut before their ports: the fields below are then 0. */
  readonly hasL4: boolean;
  readonly sport: number;
  readonly dport: number;
  /** TCP flag bits (FIN 0x01 ... CWR 0x80, NS 0x100). */
  readonly tcpFlags: number;
  /** Transport payload length per the IP length fields (not what was captured). */
  readonly payloadLen: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** Echo / timestamp / mask identifier. */
  readonly icmpId: number;
  readonly quoted: QuotedHeader | null;
}

/** Where the network layer starts in a frame, and which IP version it is (4, 6), or null for non-IP frames. */
export function networkLayer(linkType: number, d: Uint8Array): { offset: number; version: 4 | 6 } | null {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      if (d.length < 14) return null;
      let p = 12;
      let type = u16(d, p);
      // 802.1Q, 802.1ad and the old QinQ tag: each adds four bytes before the real type.
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && p + 6 <= d.length) {
        p += 4;
        type = u16(d, p);
      }
      p += 2;
      if (type <= 1500) {
        // 802.3 length field: only LLC/SNAP carries an ethertype.
        if (p + 8 > d.length || d[p] !== 0xaa || d[p + 1] !== 0xaa || d[p + 2] !== 0x03) return null;
        type = u16(d, p + 6);
        p += 8;
      }
      return byEthertype(type, p, d);
    }
    case LINKTYPE.LINUX_SLL:
      return d.length < 16 ? null : byEthertypeVlan(u16(d, 14), 16, d);
    case LINKTYPE.LINUX_SLL2:
      return d.length < 20 ? null : byEthertypeVlan(u16(d, 0), 20, d);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_BSD_12:
    case LINKTYPE.RAW_BSD_14:
      return byVersionNibble(0, d);
    case LINKTYPE.IPV4:
      return d.length > 0 && d[0]! >> 4 === 4 ? { offset: 0, version: 4 } : null;
    case LINKTYPE.IPV6:
      return d.length > 0 && d[0]! >> 4 === 6 ? { offset: 0, version: 6 } : null;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return null;
      // NULL stores the address family in the capturing host's byte order, LOOP in network order: accept both.
      const be = (d[0]! << 24 | d[1]! << 16 | d[2]! << 8 | d[3]!) >>> 0;
      const le = (d[3]! << 24 | d[2]! << 16 | d[1]! << 8 | d[0]!) >>> 0;
      const fam = linkType === LINKTYPE.LOOP ? be : be < 256 ? be : le;
      if (fam === 2) return { offset: 4, version: 4 };
      if (fam === 10 || fam === 24 || fam === 28 || fam === 30) return { offset: 4, version: 6 };
      return null;
    }
    default:
      return null;
  }
}

/** True for the link types this module understands. */
export function isSupportedLinkType(linkType: number): boolean {
  return (Object.values(LINKTYPE) as number[]).includes(linkType);
}

function byEthertype(type: number, p: number, d: Uint8Array): { offset: number; version: 4 | 6 } | null {
  if (type === 0x0800) return { offset: p, version: 4 };
  if (type === 0x86dd) return { offset: p, version: 6 };
  return null;
}

/** Cooked captures keep VLAN tags in the payload when the driver did not strip them. */
function byEthertypeVlan(type: number, p: number, d: Uint8Array): { offset: number; version: 4 | 6 } | null {
  while ((type === 0x8100 || type === 0x88a8) && p + 4 <= d.length) {
    type = u16(d, p + 2);
    p += 4;
  }
  return byEthertype(type, p, d);
}

function byVersionNibble(p: number, d: Uint8Array): { offset: number; version: 4 | 6 } | null {
  if (p >= d.length) return null;
  const v = d[p]! >> 4;
  return v === 4 ? { offset: p, version: 4 } : v === 6 ? { offset: p, version: 6 } : null;
}

/** Decodes one captured frame; null when it is not IP or its IP header is unusable. */
export function decodeFrame(linkType: number, d: Uint8Array): DecodedPacket | null {
  const nl = networkLayer(linkType, d);
  if (!nl) return null;
  return decodeIp(d, nl.offset, d.length, nl.version, true);
}

interface IpHeader {
  v6: boolean;
  srcBytes: Uint8Array;
  dstBytes: Uint8Array;
  proto: number;
  /** Offset of the transport header, or -1 when this is not the first fragment / the chain is cut. */
  l4: number;
  /** End of the IP payload (per the length field, within the captured bytes). */
  end: number;
  /** Payload end per the length field, which may lie beyond the captured bytes. */
  declaredEnd: number;
}

function ipHeader(d: Uint8Array, p: number, limit: number, version: 4 | 6): IpHeader | null {
  if (version === 4) {
    if (p + 20 > limit || d[p]! >> 4 !== 4) return null;
    const ihl = (d[p]! & 0x0f) * 4;
    if (ihl < 20) return null;
    const total = u16(d, p + 2);
    // A zero total length is what TCP segmentation offload leaves in captures: trust the captured bytes.
    const declaredEnd = total === 0 ? limit : p + total;
    if (total !== 0 && total < ihl) return null;
    const fragOffset = u16(d, p + 6) & 0x1fff;
    const l4 = p + ihl;
    return {
      v6: false,
      srcBytes: d.subarray(p + 12, p + 16),
      dstBytes: d.subarray(p + 16, p + 20),
      proto: d[p + 9]!,
      // Only the first fragment carries the transport header.
      l4: fragOffset === 0 && l4 <= limit ? l4 : -1,
      end: Math.min(limit, declaredEnd),
      declaredEnd,
    };
  }
  if (p + 40 > limit || d[p]! >> 4 !== 6) return null;
  const plen = u16(d, p + 4);
  const declaredEnd = plen === 0 ? limit : p + 40 + plen; // 0: jumbogram or offload
  let nh = d[p + 6]!;
  let q = p + 40;
  let first = true;
  for (let hops = 0; hops < 16; hops++) {
    if (nh === 0 || nh === 43 || nh === 60) {
      // Hop-by-hop, routing, destination options: length in 8-byte units, not counting the first 8.
      if (q + 2 > limit) return cut();
      const next = d[q]!;
      q += (d[q + 1]! + 1) * 8;
      nh = next;
    } else if (nh === 44) {
      if (q + 8 > limit) return cut();
      const next = d[q]!;
      if (u16(d, q + 2) >> 3 !== 0) first = false;
      q += 8;
      nh = next;
    } else if (nh === 51) {
      // Authentication header: length in 4-byte units, not counting the first 8 bytes.
      if (q + 2 > limit) return cut();
      const next = d[q]!;
      q += (d[q + 1]! + 2) * 4;
      nh = next;
    } else {
      break;
    }
  }
  return {
    v6: true,
    srcBytes: d.subarray(p + 8, p + 24),
    dstBytes: d.subarray(p + 24, p + 40),
    proto: nh,
    l4: first && q <= limit ? q : -1,
    end: Math.min(limit, declaredEnd),
    declaredEnd,
  };

  function cut(): IpHeader {
    return {
      v6: true, srcBytes: d.subarray(p + 8, p + 24), dstBytes: d.subarray(p + 24, p + 40), proto: nh, l4: -1,
      end: Math.min(limit, declaredEnd), declaredEnd,
    };
  }
}

function decodeIp(d: Uint8Array, p: number, limit: number, version: 4 | 6, allowQuote: boolean): DecodedPacket | null {
  const h = ipHeader(d, p, limit, version);
  if (!h) return null;
  let hasL4 = false;
  let sport = 0;
  let dport = 0;
  let tcpFlags = 0;
  let payloadLen = 0;
  let icmpType = 0;
  let icmpCode = 0;
  let icmpId = 0;
  let quoted: QuotedHeader | null = null;
  const q = h.l4;
  if (q >= 0) {
    const avail = h.end - q;
    if (h.proto === IPPROTO_TCP && avail >= 14) {
      hasL4 = true;
      sport = u16(d, q);
      dport = u16(d, q + 2);
      tcpFlags = d[q + 13]! | ((d[q + 12]! & 1) << 8);
      const dataOff = (d[q + 12]! >> 4) * 4;
      payloadLen = Math.max(0, h.declaredEnd - q - dataOff);
    } else if (h.proto === IPPROTO_UDP && avail >= 4) {
      hasL4 = true;
      sport = u16(d, q);
      dport = u16(d, q + 2);
      payloadLen = Math.max(0, h.declaredEnd - q - 8);
    } else if ((h.proto === IPPROTO_ICMP && !h.v6) || (h.proto === IPPROTO_ICMPV6 && h.v6)) {
      if (avail >= 2) {
        hasL4 = true;
        icmpType = d[q]!;
        icmpCode = d[q + 1]!;
        if (avail >= 6) icmpId = u16(d, q + 4);
        payloadLen = Math.max(0, h.declaredEnd - q - 8);
        if (allowQuote && isIcmpError(h.v6, icmpType) && avail > 8) {
          const inner = decodeIp(d, q + 8, h.end, h.v6 ? 6 : 4, false);
          if (inner && inner.hasL4) {
            const isIcmp = inner.proto === IPPROTO_ICMP || inner.proto === IPPROTO_ICMPV6;
            quoted = {
              proto: inner.proto, src: inner.src, dst: inner.dst,
              sport: isIcmp ? inner.icmpId : inner.sport,
              dport: isIcmp ? inner.icmpType : inner.dport,
            };
          }
        }
      }
    }
  }
  return {
    v6: h.v6,
    src: formatAddress(h.srcBytes),
    dst: formatAddress(h.dstBytes),
    srcBytes: h.srcBytes,
    dstBytes: h.dstBytes,
    proto: h.proto,
    hasL4, sport, dport, tcpFlags, payloadLen, icmpType, icmpCode, icmpId, quoted,
  };
}

/** ICMP messages that quote the offending packet (RFC 792 / RFC 4443 error messages). */
export function isIcmpError(v6: boolean, type: number): boolean {
  return v6 ? type >= 1 && type <= 4 : type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

function u16(d: Uint8Array, p: number): number {
  return (d[p]! << 8) | d[p + 1]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Address text

/** IPv4 dotted quad, or IPv6 in RFC 5952 canonical form (IPv4-mapped as `::ffff:a.b.c.d`). */
export function formatAddress(b: Uint8Array): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  // Longest run of at least two zero groups (the first on a tie) becomes `::`.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}
