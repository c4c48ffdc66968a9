/**
 * The contract between format readers (src/sources/*) and the store / ingest command.
 *
 * A reader turns bytes into Defender-schema rows: `{ table, row }` where `row` has the table's column names (see
 * src/telemetry/mde-schema.ts) and JSON-friendly values (datetime as an ISO 8601 string with up to 7 fractional
 * digits, or a bigint of 100 ns ticks since 1970; long as number or bigint; dynamic as a JS value or JSON text).
 * A record that cannot be read is a `reject` (it never aborts the input); a capture cut short is a `truncated`.
 */
export interface RowEvent {
  readonly kind: 'row';
  readonly table: string;
  readonly row: Record<string, unknown>;
  /** Where the record came from, for error messages: line (text formats) or byte offset (captures). */
  readonly line?: number;
  readonly offset?: number;
}

export interface RejectEvent {
  readonly kind: 'reject';
  readonly message: string;
  readonly line?: number;
  readonly offset?: number;
  /** The raw record (text line, or a hex/base64 excerpt of a packet), kept in the store's quarantine. */
  readonly raw: string;
}

export interface TruncatedEvent {
  readonly kind: 'truncated';
  /** Byte offset where the input ended mid-record. */
  readonly offset: number;
  readonly message: string;
}

export type ReaderEvent = RowEvent | RejectEvent | TruncatedEvent;

export interface ReaderOptions {
  /** A name for the input in messages (a path, or `-` for standard input). */
  readonly source: string;
  /** `--device NAME`: every event belongs to this device (a stable DeviceId is derived from the name). */
  readonly device?: string;
  /** `--local-net CIDR...`: destinations inside these are local devices. */
  readonly localNets?: readonly string[];
  /** `--year`: for syslog lines without a year. */
  readonly year?: number;
  /**
   * Without `--year`: the input's modification time; a line without a year takes the latest year that does not
   * put it after this time (so a December-to-January file lands in the right years).
   */
  readonly referenceTime?: Date | number;
  /** `--tz`: the time zone of syslog timestamps without an offset (IANA name or +hh:mm), default UTC. */
  readonly tz?: string;
}

/** A format reader. `detect` sees the first bytes of the input; `read` streams the whole input. */
export interface FormatReader {
  /** `--format` name, e.g. `pcap`, `mde-stream`, `ah-csv`, `iptables`, `zeek`. */
  readonly name: string;
  readonly description: string;
  /** True when these leading bytes look like this format (content detection, not file names). */
  detect(head: Buffer): boolean;
  read(input: AsyncIterable<Buffer>, options: ReaderOptions): AsyncIterable<ReaderEvent>;
}
