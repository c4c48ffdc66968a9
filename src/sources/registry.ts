/**
 * Every format reader, in detection order (the first whose `detect` accepts the input's first bytes wins).
 * To add a reader: import it here and add it to READERS (binary formats before text ones).
 */
import type { FormatReader } from './reader.js';

export const READERS: FormatReader[] = [];

export function readerByName(name: string): FormatReader | undefined {
  return READERS.find((r) => r.name === name);
}

export function detectReader(head: Buffer): FormatReader | undefined {
  return READERS.find((r) => r.detect(head));
}
