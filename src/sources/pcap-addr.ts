/**
 * Address classification for capture rows: `--local-net` CIDR matching on raw address bytes, Defender's
 * LocalIPType / RemoteIPType, and the `ipv4_is_private` test that decides whether a prober is "public".
 */
import { isIPv4, isIPv6 } from 'node:net';

/** A CIDR as 16 bytes (IPv4 mapped into ::ffff:0:0/96) and a prefix length in IPv6 bits. */
interface Net {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

/** Matches addresses against `--local-net` CIDRs (IPv4 and IPv6; a bare address is a /32 or /128). */
export class NetMatcher {
  private readonly nets: Net[];
  constructor(cidrs: readonly string[]) {
    this.nets = cidrs.map(parseCidr);
  }
  contains(addr: Uint8Array): boolean {
    const a = addr.length === 4 ? mapped(addr) : addr;
    return this.nets.some((n) => prefixEqual(a, n.bytes, n.prefix));
  }
}

function parseCidr(text: string): Net {
  const s = text.trim();
  const slash = s.indexOf('/');
  const host = slash < 0 ? s : s.slice(0, slash);
  const lenText = slash < 0 ? null : s.slice(slash + 1);
  let bytes: Uint8Array;
  let max: number;
  if (isIPv4(host)) {
    bytes = mapped(Uint8Array.from(host.split('.').map(Number)));
    max = 32;
  } else if (isIPv6(host)) {
    bytes = parseIpv6Bytes(host);
    max = 128;
  } else {
    throw new Error(`--local-net: not an IPv4 or IPv6 network: ${JSON.stringify(text)}`);
  }
  if (lenText !== null && !/^\d{1,3}$/.test(lenText)) throw new Error(`--local-net: bad prefix length in ${JSON.stringify(text)}`);
  const len = lenText === null ? max : Number(lenText);
  if (len > max) throw new Error(`--local-net: prefix length above ${max} in ${JSON.stringify(text)}`);
  return { bytes, prefix: max === 32 ? 96 + len : len };
}

function mapped(v4: Uint8Array): Uint8Array {
  const b = new Uint8Array(16);
  b[10] = 0xff;
  b[11] = 0xff;
  b.set(v4, 12);
  return b;
}

/** IPv6 text (already validated by node:net) to 16 bytes; a dotted IPv4 tail is allowed. */
function parseIpv6Bytes(s: string): Uint8Array {
  let text = s.split('%')[0]!;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // Rewrite the dotted tail as two hex groups so one parser handles both forms.
    const o = last.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const hex = (part: string) => (part === '' ? [] : part.split(':').map((x) => parseInt(x, 16)));
  const dbl = text.indexOf('::');
  const groups = dbl < 0
    ? hex(text)
    : (() => {
      const head = hex(text.slice(0, dbl));
      const tail = hex(text.slice(dbl + 2));
      return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
    })();
  const b = new Uint8Array(16);
  groups.forEach((g, i) => {
    b[2 * i] = g >> 8;
    b[2 * i + 1] = g & 0xff;
  });
  return b;
}

function prefixEqual(a: Uint8Array, b: Uint8Array, prefix: number): boolean {
  let i = 0;
  for (; prefix >= 8; prefix -= 8, i++) if (a[i] !== b[i]) return false;
  if (prefix === 0) return true;
  const mask = (0xff << (8 - prefix)) & 0xff;
  return (a[i]! & mask) === (b[i]! & mask);
}

/** True for the three RFC 1918 ranges, as Kusto's ipv4_is_private (IPv6 is never private there). */
export function ipv4IsPrivate(addr: Uint8Array): boolean {
  if (addr.length !== 4) return false;
  const [a, b] = [addr[0]!, addr[1]!];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * Defender's LocalIPType / RemoteIPType. The documented values are Public, Private, Reserved, Loopback, Teredo,
 * FourToSixMapping and Broadcast; MDE's exact ranges are not published, so: RFC 1918 and IPv6 ULA are Private,
 * link-local is LinkLocal (as the demo data writes it), unspecified/this-network, shared (100.64/10), multicast and
 * 240/4 are Reserved. Documentation ranges stay Public so lab captures behave like internet traffic.
 */
export function ipType(addr: Uint8Array): string {
  if (addr.length === 4) {
    const [a, b, c, d] = [addr[0]!, addr[1]!, addr[2]!, addr[3]!];
    if (a === 127) return 'Loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'Private';
    if (a === 255 && b === 255 && c === 255 && d === 255) return 'Broadcast';
    if (a === 169 && b === 254) return 'LinkLocal';
    if (a === 0 || a >= 224 || (a === 100 && b >= 64 && b <= 127)) return 'Reserved';
    return 'Public';
  }
  let zeroHead = true;
  for (let i = 0; i < 10; i++) if (addr[i] !== 0) zeroHead = false;
  if (zeroHead && addr[10] === 0xff && addr[11] === 0xff) return 'FourToSixMapping';
  if (zeroHead && addr[10] === 0 && addr[11] === 0) {
    let rest = 0;
    for (let i = 12; i < 15; i++) rest |= addr[i]!;
    if (rest === 0 && addr[15] === 1) return 'Loopback';
    if (rest === 0 && addr[15] === 0) return 'Reserved';
  }
  if (addr[0] === 0x20 && addr[1] === 0x01 && addr[2] === 0 && addr[3] === 0) return 'Teredo';
  if (addr[0] === 0xfe && (addr[1]! & 0xc0) === 0x80) return 'LinkLocal';
  if ((addr[0]! & 0xfe) === 0xfc) return 'Private';
  if (addr[0] === 0xff) return 'Reserved';
  return 'Public';
}
