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

/** Reads capture records from a stream of chunks, one batch per chunk. Stops pulling input once the parser gives up. */
export async function* readCaptureBatches(input: AsyncIterable<Buffer>): AsyncGenerator<CaptureRecord[]> {
  const parser = new CaptureParser();
  for await (const chunk of input) {
    const out: CaptureRecord[] = [];
    parser.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array), out);
    if (out.length) yield out;
    if (parser.done) return; // leaving the loop closes the source
  }
  const out: CaptureRecord[] = [];
  parser.end(out);
  if (out.length) yield out;
}

/** Record by record (convenience over {@link readCaptureBatches}). */
export async function* readCaptureRecords(input: AsyncIterable<Buffer>): AsyncGenerator<CaptureRecord> {
  for await (const batch of readCaptureBatches(input)) yield* batch;
}

interface Iface { linkType: number; snaplen: number; unitsPerSec: bigint; offsetTicks: bigint }

/**
 * Push parser: `push` appends a chunk and appends every record it completes to `out`; `end` reports a record left
 * incomplete. Synchronous, so a chunk holding thousands of records costs no promise per record.
 */
export class CaptureParser {
  private readonly q = new ByteQueue();
  private mode: 'start' | 'pcap-header' | 'pcap' | 'pcapng' | 'done' = 'start';
  /** What the parser waits for, for the truncation message. */
  private wantWhat = 'file header';
  private wantBytes = 4;
  // pcap
  private little = false;
  private nano = false;
  private linkType = 0;
  private snaplen = 0;
  private limit = 0;
  // pcapng
  private ifaces: Iface[] = [];
  private lastTicks = 0n;
  private sawSection = false;

  get done(): boolean {
    return this.mode === 'done';
  }

  push(chunk: Buffer, out: CaptureRecord[]): void {
    if (this.mode === 'done') return;
    this.q.push(chunk);
    while (!this.done && this.step(out)) { /* next record */ }
  }

  end(out: CaptureRecord[]): void {
    if (this.mode !== 'done' && this.q.length > 0) {
      const q = this.q;
      out.push({
        kind: 'truncated',
        offset: q.offset + q.length,
        message: `capture cut short: ${this.wantWhat} at byte ${q.offset} needs ${this.wantBytes} bytes, only ${q.length} present ` +
          `(input ends at byte ${q.offset + q.length}); everything before byte ${q.offset} was read`,
      });
    }
    this.mode = 'done';
  }

  /** True when enough bytes are buffered; otherwise notes what is missing. */
  private have(n: number, what: string): boolean {
    if (this.q.length >= n) return true;
    this.wantWhat = what;
    this.wantBytes = n;
    return false;
  }

  private reject(out: CaptureRecord[], message: string, bytes: number): void {
    const q = this.q;
    out.push({ kind: 'reject', offset: q.offset, message, raw: q.peek(Math.min(bytes, q.length, 64)).toString('hex') });
  }

  private stop(out: CaptureRecord[], message: string): false {
    out.push({ kind: 'truncated', offset: this.q.offset, message });
    this.mode = 'done';
    return false;
  }

  /** Parses one unit (header or record); false when more input is needed or parsing has stopped. */
  private step(out: CaptureRecord[]): boolean {
    switch (this.mode) {
      case 'start': return this.start(out);
      case 'pcap-header': return this.pcapHeader();
      case 'pcap': return this.pcapRecord(out);
      case 'pcapng': return this.pcapngBlock(out);
      default: return false;
    }
  }

  private start(out: CaptureRecord[]): boolean {
    if (!this.have(4, 'file header')) return false;
    const m = this.q.peek(4);
    const be = m.readUInt32BE(0);
    const le = m.readUInt32LE(0);
    if (be === PCAPNG_SHB) {
      this.mode = 'pcapng';
    } else if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) {
      this.little = le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS;
      this.nano = be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS;
      this.mode = 'pcap-header';
    } else {
      this.reject(out, `not a pcap or pcapng capture (magic ${m.toString('hex')})`, 4);
      this.mode = 'done';
      return false;
    }
    return true;
  }

  private u32(b: Buffer, p: number): number {
    return this.little ? b.readUInt32LE(p) : b.readUInt32BE(p);
  }

  private pcapHeader(): boolean {
    if (!this.have(24, 'pcap file header')) return false;
    const h = this.q.peek(24);
    this.snaplen = this.u32(h, 16);
    // The low 16 bits are the link type; the upper bits may carry FCS information we do not need.
    this.linkType = this.u32(h, 20) & 0xffff;
    this.limit = Math.min(Math.max(this.snaplen, MAX_PCAP_RECORD), MAX_PCAPNG_BLOCK);
    this.q.skip(24);
    this.mode = 'pcap';
    return true;
  }

  private pcapRecord(out: CaptureRecord[]): boolean {
    const q = this.q;
    if (!this.have(16, 'record header')) return false;
    const rh = q.peek(16);
    const incl = this.u32(rh, 8);
    if (incl > this.limit) {
      this.reject(out, `pcap record with captured length ${incl} (snap length ${this.snaplen}): corrupt record header`, 16);
      return this.stop(out, `pcap cannot resynchronise after the corrupt record at byte ${q.offset}: the rest of the input is not read`);
    }
    if (!this.have(16 + incl, 'record')) return false;
    const rec = q.peek(16 + incl);
    const sec = this.u32(rec, 0);
    const frac = this.u32(rec, 4);
    const ticks = BigInt(sec) * 10_000_000n + (this.nano ? BigInt(Math.floor(frac / 100)) : BigInt(frac * 10));
    out.push({ kind: 'packet', offset: q.offset, linkType: this.linkType, ticks, data: rec.subarray(16), origLen: this.u32(rec, 12) });
    q.skip(16 + incl);
    return true;
  }

  private pcapngBlock(out: CaptureRecord[]): boolean {
    const q = this.q;
    if (!this.have(8, 'block header')) return false;
    let type: number;
    if (q.peek(4).readUInt32BE(0) === PCAPNG_SHB) {
      type = PCAPNG_SHB;
      if (!this.have(12, 'section header block')) return false;
      const bom = q.peek(12);
      if (bom.readUInt32BE(8) === PCAPNG_BOM) this.little = false;
      else if (bom.readUInt32LE(8) === PCAPNG_BOM) this.little = true;
      else {
        this.reject(out, `pcapng section header with a bad byte-order magic ${bom.subarray(8, 12).toString('hex')}`, 12);
        return this.stop(out, `pcapng reading stopped at byte ${q.offset} after a section header without a byte-order magic: the rest of the input is not read`);
      }
    } else if (!this.sawSection) {
      this.reject(out, 'pcapng input does not start with a section header block', 8);
      this.mode = 'done';
      return false;
    } else {
      type = this.u32(q.peek(8), 0);
    }
    const len = this.u32(q.peek(8), 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_PCAPNG_BLOCK) {
      this.reject(out, `pcapng block of type 0x${type.toString(16)} with an impossible length ${len}`, 8);
      return this.stop(out, `pcapng reading stopped at byte ${q.offset} after a block whose length cannot be trusted: the rest of the input is not read`);
    }
    if (!this.have(len, `pcapng block (type 0x${type.toString(16)})`)) return false;
    const b = q.peek(len);
    const little = this.little;
    const u32 = (p: number) => (little ? b.readUInt32LE(p) : b.readUInt32BE(p));
    const u16 = (p: number) => (little ? b.readUInt16LE(p) : b.readUInt16BE(p));
    if (u32(len - 4) !== len) {
      this.reject(out, `pcapng block of type 0x${type.toString(16)}: trailing length ${u32(len - 4)} differs from ${len}; block skipped`, len);
      q.skip(len);
      return true;
    }
    const bodyEnd = len - 4;
    switch (type) {
      case PCAPNG_SHB:
        this.sawSection = true;
        this.ifaces = []; // interface ids are per section
        break;
      case 1: { // Interface Description Block
        if (bodyEnd < 16) {
          this.reject(out, 'pcapng interface description block too short; block skipped', len);
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
            iface.offsetTicks = (little ? b.readBigInt64LE(v) : b.readBigInt64BE(v)) * 10_000_000n;
          }
          p = v + ((olen + 3) & ~3);
        }
        this.ifaces.push(iface);
        break;
      }
      case 6: // Enhanced Packet Block
      case 2: { // Packet Block (obsolete): 16-bit interface id and drop count
        if (bodyEnd < 28) {
          this.reject(out, `pcapng packet block too short (${len} bytes); block skipped`, len);
          break;
        }
        const ifId = type === 6 ? u32(8) : u16(8);
        const iface = this.ifaces[ifId];
        const capLen = u32(20);
        if (!iface) {
          this.reject(out, `pcapng packet block for undeclared interface ${ifId}; block skipped`, len);
          break;
        }
        if (28 + capLen > bodyEnd) {
          this.reject(out, `pcapng packet block with captured length ${capLen} beyond its block length ${len}; block skipped`, len);
          break;
        }
        const ts = (BigInt(u32(12)) << 32n) | BigInt(u32(16));
        const ticks = iface.unitsPerSec === 1_000_000n
          ? ts * 10n + iface.offsetTicks
          : (ts * 10_000_000n) / iface.unitsPerSec + iface.offsetTicks;
        this.lastTicks = ticks;
        out.push({ kind: 'packet', offset: q.offset, linkType: iface.linkType, ticks, data: b.subarray(28, 28 + capLen), origLen: u32(24) });
        break;
      }
      case 3: { // Simple Packet Block: interface 0, no timestamp (the previous packet's time stands in)
        const iface = this.ifaces[0];
        if (!iface || bodyEnd < 12) {
          this.reject(out, iface ? 'pcapng simple packet block too short; block skipped' : 'pcapng simple packet block before any interface; block skipped', len);
          break;
        }
        const orig = u32(8);
        let capLen = Math.min(orig, bodyEnd - 12);
        if (iface.snaplen > 0) capLen = Math.min(capLen, iface.snaplen);
        out.push({ kind: 'packet', offset: q.offset, linkType: iface.linkType, ticks: this.lastTicks, data: b.subarray(12, 12 + capLen), origLen: orig });
        break;
      }
      default:
        break; // name resolution, statistics, custom and unknown blocks carry no packets
    }
    q.skip(len);
    return true;
  }
}
