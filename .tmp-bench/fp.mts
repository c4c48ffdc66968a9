import { readFileSync } from 'node:fs';
import { mdeStreamReader, batchTuning } from '../src/sources/mde-stream.js';
batchTuning.workers = 0;
const b0 = readFileSync('/tmp/s100.jsonl');
const buf = b0.subarray(0, b0.lastIndexOf(10, 50_000_000) + 1);
async function* src() { for (let i = 0; i < buf.length; i += 1 << 20) yield buf.subarray(i, i + (1 << 20)); }
for (let r = 0; r < 5; r++) {
  const t0 = performance.now(); let n = 0;
  for await (const ev of mdeStreamReader.readBatches(src(), { source: 'x' })) if (ev.kind === 'batch') n += ev.records;
  console.log(n, (performance.now() - t0).toFixed(0), 'ms');
}
