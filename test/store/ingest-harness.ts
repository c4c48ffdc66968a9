// `edgewatch` with one extra reader, `test-rows` (one `{"table": T, "row": {...}}` JSON object per line), so the
// store and the ingest command can be tested as real processes independently of the real format readers.
import { READERS } from '../../src/sources/registry.js';
import type { FormatReader, ReaderEvent } from '../../src/sources/reader.js';
import { main } from '../../src/cli/main.js';

export const testRowsReader: FormatReader = {
  name: 'test-rows',
  description: 'test fixture: {"table": ..., "row": {...}} per line',
  detect: (head) => head.subarray(0, 9).toString('latin1') === '{"table":',
  async *read(input): AsyncIterable<ReaderEvent> {
    let rest = '';
    let line = 0;
    const one = (text: string): ReaderEvent | null => {
      line++;
      if (text.trim() === '') return null;
      try {
        const o = JSON.parse(text) as { table: string; row: Record<string, unknown> };
        if (typeof o.table !== 'string' || !o.row || typeof o.row !== 'object') throw new Error('expected {"table": ..., "row": {...}}');
        return { kind: 'row', table: o.table, row: o.row, line };
      } catch (e) {
        return { kind: 'reject', message: (e as Error).message, line, raw: text };
      }
    };
    for await (const chunk of input) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        const ev = one(l);
        if (ev) yield ev;
      }
    }
    if (rest !== '') {
      const ev = one(rest);
      if (ev) yield ev;
    }
  },
};

if (!READERS.some((r) => r.name === 'test-rows')) READERS.push(testRowsReader);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
