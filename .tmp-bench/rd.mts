import { createReadStream } from 'node:fs';
import { mdeStreamReader, batchTuning } from '../src/sources/mde-stream.js';
const w = Number(process.argv[2] ?? 2);
batchTuning.workers = w;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now(); const c0 = process.cpuUsage(); let n = 0;
  for await (const ev of mdeStreamReader.readBatches(createReadStream('/tmp/ib0/stream.jsonl', { highWaterMark: 1 << 20 }), { source: 'x' })) if (ev.kind === 'batch') n += ev.records;
  const c = process.cpuUsage(c0);
  console.log(`workers=${w}`, n, (performance.now() - t0).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu');
}
