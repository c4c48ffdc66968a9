/**
 * Builds packets and capture files in code for the capture-reader tests (no binary fixtures).
 * Checksums are left zero: the reader does not verify them.
 */
import { isIPv4 } from 'node:net';

export const TCP_FLAGS = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 } as const;

/** 'SA' -> 0x12 */
export function flags(letters: string): number {
  let f = 0;
  for (const c of letters) f |= TCP_FLAGS[c as keyof typeof TCP_FLAGS];
  return f;
}

export function addrBytes(a: string): Buffer {
  if (isIPv4(a)) return Buffer.from(a.split('.').map(Number));
  // Small IPv6 parser: enough for test addresses (no dotted tails).
  const [h, t] = a.includes('::') ? a.split('::') as [string, string] : [a, ''];
  const hs = h ? h.split(':') : [];
  const ts = t ? t.split(':') : [];
  const groups = [...hs, ...new Array(8 - hs.length - ts.length).fill('0'), ...ts];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), 2 * i));
  return b;
}

export function tcpHeader(sport: number, dport: number, f: number | string, payload: Buffer = Buffer.alloc(0), seq = 1000, ack = 0): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt16BE(sport, 0);
  b.writeUInt16BE(dport, 2);
  b.writeUInt32BE(seq, 4);
  b.writeUInt32BE(ack, 8);
  b[12] = 5 << 4;
  b[13] = typeof f === 'string' ? flags(f) : f;
  b.writeUInt16BE(1024, 14);
  return Buffer.concat([b, payload]);
}

export function udpHeader(sport: number, dport: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16BE(sport, 0);
  b.writeUInt16BE(dport, 2);
  b.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([b, payload]);
}

/** ICMP or ICMPv6 message: type, code, 4 bytes of "rest of header" (id/seq or unused), then the body. */
export function icmpMessage(type: number, code: number, body: Buffer = Buffer.alloc(0), id = 0, seq = 0): Buffer {
  const b = Buffer.alloc(8);
  b[0] = type;
  b[1] = code;
  b.writeUInt16BE(id, 4);
  b.writeUInt16BE(seq, 6);
  return Buffer.concat([b, body]);
}

export interface Ipv4Opts {
  ttl?: number;
  id?: number;
  fragOffset?: number; // in 8-byte units
  moreFragments?: boolean;
  options?: Buffer; // padded to 4 bytes by the caller
  totalLength?: number;
}

export function ipv4(src: string, dst: string, proto: number, payload: Buffer, o: Ipv4Opts = {}): Buffer {
  const opts = o.options ?? Buffer.alloc(0);
  const ihl = 20 + opts.length;
  const b = Buffer.alloc(ihl);
  b[0] = 0x40 | (ihl / 4);
  b.writeUInt16BE(o.totalLength ?? ihl + payload.length, 2);
  b.writeUInt16BE(o.id ?? 1, 4);
  b.writeUInt16BE(((o.moreFragments ? 1 : 0) << 13) | (o.fragOffset ?? 0), 6);
  b[8] = o.ttl ?? 64;
  b[9] = proto;
  addrBytes(src).copy(b, 12);
  addrBytes(dst).copy(b, 16);
  opts.copy(b, 20);
  return Buffer.concat([b, payload]);
}

/** IPv6 with optional extension headers, each given as [type, body] (body padded to a multiple of 8 minus 2). */
export function ipv6(src: string, dst: string, proto: number, payload: Buffer, ext: [number, Buffer][] = []): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < ext.length; i++) {
    const [, body] = ext[i]!;
    const next = i + 1 < ext.length ? ext[i + 1]![0] : proto;
    const h = Buffer.concat([Buffer.from([next, 0]), body]);
    // Length units: AH counts 4-byte words minus 2, the others 8-byte units minus 1; fragment has none.
    if (ext[i]![0] === 51) h[1] = h.length / 4 - 2;
    else if (ext[i]![0] !== 44) h[1] = h.length / 8 - 1;
    parts.push(h);
  }
  const rest = Buffer.concat([...parts, payload]);
  const b = Buffer.alloc(40);
  b[0] = 0x60;
  b.writeUInt16BE(rest.length, 4);
  b[6] = ext.length ? ext[0]![0] : proto;
  b[7] = 64;
  addrBytes(src).copy(b, 8);
  addrBytes(dst).copy(b, 24);
  return Buffer.concat([b, rest]);
}

/** An IP packet (v4 or v6 from the address text) carrying a TCP segment. */
export function tcp(src: string, sport: number, dst: string, dport: number, f: number | string, payload?: Buffer): Buffer {
  const seg = tcpHeader(sport, dport, f, payload);
  return isIPv4(src) ? ipv4(src, dst, 6, seg) : ipv6(src, dst, 6, seg);
}

export function udp(src: string, sport: number, dst: string, dport: number, payload?: Buffer): Buffer {
  const d = udpHeader(sport, dport, payload);
  return isIPv4(src) ? ipv4(src, dst, 17, d) : ipv6(src, dst, 17, d);
}

/** ICMP(v6) error from `from` to `to` quoting `offending` (an IP packet): IPv4 type 3 / IPv6 type 1. */
export function icmpUnreachable(from: string, to: string, offending: Buffer, code = 3): Buffer {
  if (isIPv4(from)) return ipv4(from, to, 1, icmpMessage(3, code, offending.subarray(0, Math.min(offending.length, 28 + 40))));
  return ipv6(from, to, 58, icmpMessage(1, code === 3 ? 4 : code, offending));
}

export function echo(src: string, dst: string, id: number, seq: number, reply = false): Buffer {
  if (isIPv4(src)) return ipv4(src, dst, 1, icmpMessage(reply ? 0 : 8, 0, Buffer.from('ping'), id, seq));
  return ipv6(src, dst, 58, icmpMessage(reply ? 129 : 128, 0, Buffer.from('ping'), id, seq));
}

// ------------------------------------------------------------------------------------------------- link layers

const MAC_A = Buffer.from('020000000001', 'hex');
const MAC_B = Buffer.from('020000000002', 'hex');

function ethertypeOf(ip: Buffer): number {
  return ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
}

export function ethernet(ip: Buffer, vlans: number[] = [], tpids: number[] = []): Buffer {
  const tags = vlans.map((v, i) => {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(tpids[i] ?? 0x8100, 0);
    t.writeUInt16BE(v, 2);
    return t;
  });
  const type = Buffer.alloc(2);
  type.writeUInt16BE(ethertypeOf(ip));
  return Buffer.concat([MAC_B, MAC_A, ...tags, type, ip]);
}

export function sll(ip: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0); // to us
  h.writeUInt16BE(1, 2); // ARPHRD_ETHER
  h.writeUInt16BE(6, 4);
  MAC_A.copy(h, 6);
  h.writeUInt16BE(ethertypeOf(ip), 14);
  return Buffer.concat([h, ip]);
}

export function sll2(ip: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(ethertypeOf(ip), 0);
  h.writeUInt32BE(2, 4); // interface index
  h.writeUInt16BE(1, 8);
  h[10] = 0;
  h[11] = 6;
  MAC_A.copy(h, 12);
  return Buffer.concat([h, ip]);
}

/** BSD loopback: address family in host order (NULL) or network order (LOOP). */
export function loopback(ip: Buffer, networkOrder: boolean): Buffer {
  const h = Buffer.alloc(4);
  const fam = ip[0]! >> 4 === 6 ? 30 : 2;
  if (networkOrder) h.writeUInt32BE(fam);
  else h.writeUInt32LE(fam);
  return Buffer.concat([h, ip]);
}

// ------------------------------------------------------------------------------------------------- containers

export interface Rec {
  /** Seconds and fraction (micro- or nanoseconds per the file). */
  sec: number;
  frac: number;
  data: Buffer;
  origLen?: number;
}

export function pcapFile(recs: Rec[], o: { linkType?: number; little?: boolean; nano?: boolean; snaplen?: number } = {}): Buffer {
  const little = o.little ?? true;
  const h = Buffer.alloc(24);
  const w32 = (b: Buffer, v: number, p: number) => (little ? b.writeUInt32LE(v >>> 0, p) : b.writeUInt32BE(v >>> 0, p));
  const w16 = (b: Buffer, v: number, p: number) => (little ? b.writeUInt16LE(v, p) : b.writeUInt16BE(v, p));
  w32(h, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(h, 2, 4);
  w16(h, 4, 6);
  w32(h, o.snaplen ?? 65535, 16);
  w32(h, o.linkType ?? 1, 20);
  const parts: Buffer[] = [h];
  for (const r of recs) {
    const rh = Buffer.alloc(16);
    w32(rh, r.sec, 0);
    w32(rh, r.frac, 4);
    w32(rh, r.data.length, 8);
    w32(rh, r.origLen ?? r.data.length, 12);
    parts.push(rh, r.data);
  }
  return Buffer.concat(parts);
}

export interface NgInterface {
  linkType: number;
  snaplen?: number;
  /** if_tsresol option byte (omitted: microseconds). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: bigint;
}

export type NgBlock =
  | { type: 'shb' }
  | { type: 'idb'; iface: NgInterface }
  | { type: 'epb'; iface: number; ts: bigint; data: Buffer; origLen?: number }
  | { type: 'spb'; data: Buffer; origLen?: number }
  | { type: 'raw'; blockType: number; body: Buffer };

export function pcapngFile(blocks: NgBlock[], little = true): Buffer {
  const parts: Buffer[] = [];
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (little) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (little) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const block = (type: number, body: Buffer) => {
    const len = 12 + body.length;
    return Buffer.concat([u32(type), u32(len), body, u32(len)]);
  };
  const option = (code: number, value: Buffer) => Buffer.concat([u16(code), u16(value.length), pad(value)]);
  for (const b of blocks) {
    switch (b.type) {
      case 'shb': {
        const body = Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]);
        parts.push(block(0x0a0d0d0a, body));
        break;
      }
      case 'idb': {
        const opts: Buffer[] = [];
        if (b.iface.tsresol !== undefined) opts.push(option(9, Buffer.from([b.iface.tsresol])));
        if (b.iface.tsoffset !== undefined) {
          const v = Buffer.alloc(8);
          if (little) v.writeBigInt64LE(b.iface.tsoffset);
          else v.writeBigInt64BE(b.iface.tsoffset);
          opts.push(option(14, v));
        }
        if (opts.length) opts.push(option(0, Buffer.alloc(0)));
        parts.push(block(1, Buffer.concat([u16(b.iface.linkType), u16(0), u32(b.iface.snaplen ?? 0), ...opts])));
        break;
      }
      case 'epb': {
        const hi = Number(b.ts >> 32n);
        const lo = Number(b.ts & 0xffffffffn);
        parts.push(block(6, Buffer.concat([u32(b.iface), u32(hi), u32(lo), u32(b.data.length), u32(b.origLen ?? b.data.length), pad(b.data)])));
        break;
      }
      case 'spb':
        parts.push(block(3, Buffer.concat([u32(b.origLen ?? b.data.length), pad(b.data)])));
        break;
      case 'raw':
        parts.push(block(b.blockType, pad(b.body)));
        break;
    }
  }
  return Buffer.concat(parts);
}

/** Feeds a buffer as an async stream of chunks of the given sizes (cycled), e.g. [1] for 1-byte chunks. */
export async function* chunked(buf: Buffer, sizes: number[] = [buf.length || 1]): AsyncGenerator<Buffer> {
  let p = 0;
  let i = 0;
  while (p < buf.length) {
    const n = sizes[i++ % sizes.length]!;
    yield buf.subarray(p, p + n);
    p += n;
  }
}
