/**
 * Streaming pcap / pcapng container parser: turns chunks of any size into capture records. Only the record being
 * read is buffered (a record may span any number of chunks), so memory stays constant whatever the input size.
 *
 * pcap: both byte orders, microsecond (0xa1b2c3d4) and nanosecond (0xa1b23c4d) magic. A record with an impossible
 * length is a reject, and since pcap has no markers to resynchronise on, reading stops there.
 * pcapng: sections (SHB) in either byte order, interfaces (IDB) with their link type, snap length, if_tsresol and
 * if_tsoffset, Enhanced, Simple and obsolete Packet Blocks; other blocks are skipped. A block whose trailing
 * length disagrees or whose content is inconsistent is a reject and is skipped by its leading length.
 */

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;

/** libpcap's largest snap length; a record above it (and above the file's snap length) is corrupt. */
const MAX_PCAP_RECORD = 262_144;
/** Largest pcapng block accepted before the length is taken as corrupt (Wireshark uses the same order). */
const MAX_PCAPNG_BLOCK = 16 * 1024 * 1024;

export interface CapturePacket {
  readonly kind: 'packet';
  /** Byte offset of the record (pcap record header, or pcapng block) in the input. */
  readonly offset: number;
  readonly linkType: number;
  /** Capture time in 100 ns ticks since 1970-01-01 UTC (finer resolutions are truncated). */
  readonly ticks: bigint;
  /** The captured bytes (a view into the reader's buffer: copy it to keep it past the next record). */
  readonly data: Buffer;
  readonly origLen: number;
}

export interface CaptureProblem {
  readonly kind: 'reject' | 'truncated';
  readonly offset: number;
  readonly message: string;
  /** Hex of the first bytes of the bad record (rejects only). */
  readonly raw?: string;
}

export type CaptureRecord = CapturePacket | CaptureProblem;

/** True when the first bytes are a pcap or pcapng header. */
export function isCaptureHead(head: Buffer): boolean {
  if (head.length < 4) return false;
  const be = head.readUInt32BE(0);
  const le = head.readUInt32LE(0);
  if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) return true;
  if (be !== PCAPNG_SHB) return false;
  if (head.length < 12) return true;
  return head.readUInt32BE(8) === PCAPNG_BOM || head.readUInt32LE(8) === PCAPNG_BOM;
}

/** A FIFO of chunks that hands out contiguous views, merging chunks only when a record spans them. */
class ByteQueue {
  private chunks: Buffer[] = [];
  private head = 0; // read position in chunks[0]
  length = 0; // bytes available
  offset = 0; // absolute input offset of the first available byte

  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  /** The next `n` bytes as one Buffer (n <= length). */
  peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const parts = [first.subarray(this.head)];
    let have = parts[0]!.length;
    let k = 1;
    while (have < n) {
      const c = this.chunks[k++]!;
      parts.push(c);
      have += c.length;
    }
    const merged = Buffer.concat(parts, have);
    this.chunks.splice(0, k, merged);
    this.head = 0;
    return merged.subarray(0, n);
  }

  skip(n: number): void {
    this.length -= n;
    this.offset += n;
    while (n > 0) {
      const first = this.chunks[0]!;
      const left = first.length - this.head;
      if (n < left) {
        this.head += n;
        return;
      }
      n -= left;
      this.chunks.shift();
      this.head = 0;
    }
  }
}

/** Reads capture records from a stream of chunks. Ends after a `truncated` problem or an unrecoverable reject. */
export async function* readCaptureRecords(input: AsyncIterable<Buffer>): AsyncGenerator<CaptureRecord> {
  const it = input[Symbol.asyncIterator]();
  const q = new ByteQueue();
  let eof = false;
  /** Pulls chunks until `n` bytes are buffered; false at the end of input. */
  async function fill(n: number): Promise<boolean> {
    while (q.length < n) {
      if (eof) return false;
      const r = await it.next();
      if (r.done) {
        eof = true;
        return false;
      }
      q.push(Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as Uint8Array));
    }
    return true;
  }
  const truncated = (what: string, need: number): CaptureProblem => ({
    kind: 'truncated',
    offset: q.offset + q.length,
    message: `capture cut short: ${what} at byte ${q.offset} needs ${need} bytes, only ${q.length} present ` +
      `(input ends at byte ${q.offset + q.length}); everything before byte ${q.offset} was read`,
  });
  const reject = (message: string, bytes: number): CaptureProblem => ({
    kind: 'reject',
    offset: q.offset,
    message,
    raw: q.peek(Math.min(bytes, q.length, 64)).toString('hex'),
  });

  try {
    if (!(await fill(4))) {
      if (q.length > 0) yield truncated('file header', 4);
      return;
    }
    const m = q.peek(4);
    const be = m.readUInt32BE(0);
    const le = m.readUInt32LE(0);
    if (be === PCAPNG_SHB) {
      yield* readPcapng();
    } else if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) {
      yield* readPcap(le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS, be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS);
    } else {
      yield reject(`not a pcap or pcapng capture (magic ${m.toString('hex')})`, 4);
    }
  } finally {
    // Stop the source when the consumer stops early or we gave up on the input.
    if (!eof) await it.return?.();
  }

  async function* readPcap(little: boolean, nano: boolean): AsyncGenerator<CaptureRecord> {
    if (!(await fill(24))) {
      yield truncated('pcap file header', 24);
      return;
    }
    const h = q.peek(24);
    const u32 = (b: Buffer, p: number) => (little ? b.readUInt32LE(p) : b.readUInt32BE(p));
    const snaplen = u32(h, 16);
    // The low 16 bits are the link type; the upper bits may carry FCS information we do not need.
    const linkType = u32(h, 20) & 0xffff;
    const limit = Math.min(Math.max(snaplen, MAX_PCAP_RECORD), MAX_PCAPNG_BLOCK);
    q.skip(24);
    for (;;) {
      if (!(await fill(16))) {
        if (q.length > 0) yield truncated('record header', 16);
        return;
      }
      const rh = q.peek(16);
      const sec = u32(rh, 0);
      const frac = u32(rh, 4);
      const incl = u32(rh, 8);
      const orig = u32(rh, 12);
      if (incl > limit) {
        yield reject(`pcap record with captured length ${incl} (snap length ${snaplen}): corrupt record header`, 16);
        yield {
          kind: 'truncated',
          offset: q.offset,
          message: `pcap cannot resynchronise after the corrupt record at byte ${q.offset}: the rest of the input is not read`,
        };
        return;
      }
      if (!(await fill(16 + incl))) {
        yield truncated('record', 16 + incl);
        return;
      }
      const rec = q.peek(16 + incl);
      const ticks = BigInt(sec) * 10_000_000n + (nano ? BigInt(Math.floor(frac / 100)) : BigInt(frac) * 10n);
      yield { kind: 'packet', offset: q.offset, linkType, ticks, data: rec.subarray(16), origLen: orig };
      q.skip(16 + incl);
    }
  }

  async function* readPcapng(): AsyncGenerator<CaptureRecord> {
    interface Iface { linkType: number; snaplen: number; unitsPerSec: bigint; offsetTicks: bigint }
    let little = false;
    let ifaces: Iface[] = [];
    let lastTicks = 0n;
    let sawSection = false;
    for (;;) {
      if (!(await fill(8))) {
        if (q.length > 0) yield truncated('block header', 8);
        return;
      }
      let type = little ? q.peek(8).readUInt32LE(0) : q.peek(8).readUInt32BE(0);
      if (q.peek(4).readUInt32BE(0) === PCAPNG_SHB) {
        type = PCAPNG_SHB;
        if (!(await fill(12))) {
          yield truncated('section header block', 12);
          return;
        }
        const bom = q.peek(12);
        if (bom.readUInt32BE(8) === PCAPNG_BOM) little = false;
        else if (bom.readUInt32LE(8) === PCAPNG_BOM) little = true;
        else {
          yield reject(`pcapng section header with a bad byte-order magic ${bom.subarray(8, 12).toString('hex')}`, 12);
          yield stop('a section header without a byte-order magic');
          return;
        }
      } else if (!sawSection) {
        yield reject('pcapng input does not start with a section header block', 8);
        return;
      }
      const len = little ? q.peek(8).readUInt32LE(4) : q.peek(8).readUInt32BE(4);
      if (len < 12 || len % 4 !== 0 || len > MAX_PCAPNG_BLOCK) {
        yield reject(`pcapng block of type 0x${type.toString(16)} with an impossible length ${len}`, 8);
        yield stop('a block whose length cannot be trusted');
        return;
      }
      if (!(await fill(len))) {
        yield truncated(`pcapng block (type 0x${type.toString(16)})`, len);
        return;
      }
      const b = q.peek(len);
      const u32 = (p: number) => (little ? b.readUInt32LE(p) : b.readUInt32BE(p));
      const u16 = (p: number) => (little ? b.readUInt16LE(p) : b.readUInt16BE(p));
      if (u32(len - 4) !== len) {
        yield reject(`pcapng block of type 0x${type.toString(16)}: trailing length ${u32(len - 4)} differs from ${len}; block skipped`, len);
        q.skip(len);
        continue;
      }
      const bodyEnd = len - 4;
      switch (type) {
        case PCAPNG_SHB:
          sawSection = true;
          ifaces = []; // interface ids are per section
          break;
        case 1: { // Interface Description Block
          if (bodyEnd < 16) {
            yield reject('pcapng interface description block too short; block skipped', len);
            break;
          }
          const iface: Iface = { linkType: u16(8), snaplen: u32(12), unitsPerSec: 1_000_000n, offsetTicks: 0n };
          for (let p = 16; p + 4 <= bodyEnd; ) {
            const code = u16(p);
            const olen = u16(p + 2);
            if (code === 0 || p + 4 + olen > bodyEnd) break;
            const v = p + 4;
            if (code === 9 && olen >= 1) {
              // if_tsresol: high bit set = negative power of two, else negative power of ten.
              const r = b[v]!;
              iface.unitsPerSec = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
            } else if (code === 14 && olen >= 8) {
              const secs = little ? b.readBigInt64LE(v) : b.readBigInt64BE(v);
              iface.offsetTicks = secs * 10_000_000n;
            }
            p = v + ((olen + 3) & ~3);
          }
          ifaces.push(iface);
          break;
        }
        case 6: // Enhanced Packet Block
        case 2: { // Packet Block (obsolete): 16-bit interface id and drop count
          if (bodyEnd < 28) {
            yield reject(`pcapng packet block too short (${len} bytes); block skipped`, len);
            break;
          }
          const ifId = type === 6 ? u32(8) : u16(8);
          const iface = ifaces[ifId];
          const capLen = u32(20);
          if (!iface) {
            yield reject(`pcapng packet block for undeclared interface ${ifId}; block skipped`, len);
            break;
          }
          if (28 + capLen > bodyEnd) {
            yield reject(`pcapng packet block with captured length ${capLen} beyond its block length ${len}; block skipped`, len);
            break;
          }
          const ts = (BigInt(u32(12)) << 32n) | BigInt(u32(16));
          const ticks = (ts * 10_000_000n) / iface.unitsPerSec + iface.offsetTicks;
          lastTicks = ticks;
          yield { kind: 'packet', offset: q.offset, linkType: iface.linkType, ticks, data: b.subarray(28, 28 + capLen), origLen: u32(24) };
          break;
        }
        case 3: { // Simple Packet Block: interface 0, no timestamp (the previous packet's time stands in)
          const iface = ifaces[0];
          if (!iface || bodyEnd < 12) {
            yield reject(iface ? 'pcapng simple packet block too short; block skipped' : 'pcapng simple packet block before any interface; block skipped', len);
            break;
          }
          const orig = u32(8);
          let capLen = Math.min(orig, bodyEnd - 12);
          if (iface.snaplen > 0) capLen = Math.min(capLen, iface.snaplen);
          yield { kind: 'packet', offset: q.offset, linkType: iface.linkType, ticks: lastTicks, data: b.subarray(12, 12 + capLen), origLen: orig };
          break;
        }
        default:
          break; // name resolution, statistics, custom and unknown blocks carry no packets
      }
      q.skip(len);
    }
  }

  function stop(why: string): CaptureProblem {
    return { kind: 'truncated', offset: q.offset, message: `pcapng reading stopped at byte ${q.offset} after ${why}: the rest of the input is not read` };
  }
}
