/** Stable identifiers for readers that do not get them from Defender. */
import { createHash } from 'node:crypto';

/** A 40-hex DeviceId (the shape Defender uses) derived from a device name: the same name, the same id. */
export function deviceIdFor(name: string): string {
  return createHash('sha1').update(`edgewatch-device:${name.toLowerCase()}`).digest('hex');
}

/**
 * A ReportId (a positive long below 2^53) for a record: a hash of its raw bytes and of how many identical records
 * came before it in the same input, so re-ingesting the same input yields the same ids (and adds nothing), while
 * two identical log lines stay two events.
 */
export function reportIdFor(raw: string | Buffer, ordinal = 0): number {
  const h = createHash('sha1').update(raw).update(`#${ordinal}`).digest();
  // 53 bits: exact as a JS number.
  return (h.readUInt32BE(0) & 0x1fffff) * 0x100000000 + h.readUInt32BE(4);
}

/** Counts occurrences of identical raw records within one input (for reportIdFor's ordinal). */
export class OrdinalCounter {
  private readonly seen = new Map<string, number>();
  next(raw: string): number {
    const n = this.seen.get(raw) ?? 0;
    this.seen.set(raw, n + 1);
    return n;
  }
}
