/**
 * Every format reader, in detection order (the first whose `detect` accepts the input's first bytes wins).
 * To add a reader: import it here and add it to READERS (binary formats before text ones).
 */
import type { FormatReader } from './reader.js';
import { pcapReader } from './pcap.js';
import { mdeStreamReader } from './mde-stream.js';
import { ahCsvReader, ahJsonReader } from './ah-export.js';
import { zeekReader } from './zeek.js';
import { firewallReader } from './firewall.js';

export const READERS: FormatReader[] = [
  // Binary formats first.
  pcapReader,
  // Text formats: the advanced-hunting JSON result before the streaming API (both start with `{`).
  ahJsonReader,
  mdeStreamReader,
  ahCsvReader,
  // Zeek conn.log (TSV `#separator` header, or JSON lines with `id.orig_h`) and Linux firewall logs (`IN=... OUT=`).
  zeekReader,
  firewallReader,
];

export function readerByName(name: string): FormatReader | undefined {
  return READERS.find((r) => r.name === name);
}

export function detectReader(head: Buffer): FormatReader | undefined {
  return READERS.find((r) => r.detect(head));
}
