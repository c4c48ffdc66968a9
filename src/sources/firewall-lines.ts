/** Line splitting and per-line identity shared by the firewall-log and Zeek readers. */
import { deviceIdFor, reportIdFor } from './identity.js';
import { StringDecoder } from 'node:string_decoder';

export interface TextLine {
  /** The line without its terminator (LF or CRLF). */
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
}

/**
 * Splits a byte stream into UTF-8 lines. A multi-byte character cut between two chunks is decoded whole
 * (StringDecoder keeps the partial bytes); a leading byte-order mark is dropped; a last line without a
 * terminator is still a line.
 */
export async function* readLines(input: AsyncIterable<Buffer>): AsyncGenerator<TextLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let first = true;
  for await (const chunk of input) {
    let text = pending + decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: text.slice(start, end), line: ++line };
      start = nl + 1;
    }
    pending = text.slice(start);
  }
  pending += decoder.end();
  if (first && pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
  if (pending.length > 0) {
    const end = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    yield { text: pending.slice(0, end), line: ++line };
  }
}

/**
 * ReportIds for the lines of one input: reportIdFor(line, n) where n counts the identical lines before it. The
 * ordinal-0 id itself keys the count (a 53-bit hash), so a multi-gigabyte log keeps one number per distinct line
 * rather than the line, and a line is hashed once unless it repeats.
 */
export class LineReportIds {
  private readonly seen = new Map<number, number>();
  next(text: string): number {
    const id = reportIdFor(text, 0);
    const n = this.seen.get(id) ?? 0;
    this.seen.set(id, n + 1);
    return n === 0 ? id : reportIdFor(text, n);
  }
}

/** The complete lines in a detection head (the last one may be cut, so it is dropped unless it is the only one). */
export function headLines(head: Buffer, max = 20): string[] {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop();
  return lines.slice(0, max).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const deviceIds = new Map<string, string>();

/** deviceIdFor, remembered: a log names the same few devices on every line. */
export function deviceIdOf(name: string): string {
  let id = deviceIds.get(name);
  if (id === undefined) {
    id = deviceIdFor(name);
    if (deviceIds.size >= 4096) deviceIds.clear();
    deviceIds.set(name, id);
  }
  return id;
}
