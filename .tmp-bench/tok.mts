import { readFileSync } from 'node:fs';
const b0 = readFileSync('/tmp/s100.jsonl');
const buf = b0.subarray(0, b0.lastIndexOf(10, 50_000_000) + 1);
const lines: number[] = [];
for (let p = 0; p < buf.length; ) { let nl = buf.indexOf(10, p); if (nl < 0) nl = buf.length; lines.push(p, nl); p = nl + 1; }
const u8 = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
// Tokenizer skeleton: strings with hash + escape/ctl checks; other bytes passed.
function scanLine(b: Uint8Array, s: number, e: number): number {
  let p = s; let acc = 0;
  while (p < e) {
    const c = b[p];
    if (c === 0x22) {
      let h = 0x811c9dc5 | 0; p++;
      for (;;) {
        const d = b[p];
        if (d === 0x22) break;
        if (d === 0x5c) { p += 2; continue; }
        if (d < 0x20) return -1;
        h = Math.imul(h ^ d, 16777619);
        p++;
      }
      acc ^= h; p++;
    } else p++;
  }
  return acc;
}
function scanNoHash(b: Uint8Array, s: number, e: number): number {
  let p = s; let n = 0;
  while (p < e) {
    const c = b[p];
    if (c === 0x22) {
      p++;
      for (;;) { const d = b[p]; if (d === 0x22) break; if (d === 0x5c) { p += 2; continue; } if (d < 0x20) return -1; p++; }
      n++; p++;
    } else p++;
  }
  return n;
}
for (let r = 0; r < 4; r++) {
  let t0 = performance.now(); let x = 0;
  for (let k = 0; k < lines.length; k += 2) x ^= scanLine(u8, lines[k], lines[k + 1]);
  const t1 = performance.now(); let y = 0;
  for (let k = 0; k < lines.length; k += 2) y += scanNoHash(u8, lines[k], lines[k + 1]);
  const t2 = performance.now(); let z = 0;
  for (let k = 0; k < lines.length; k += 2) { const v = JSON.parse(buf.toString('utf8', lines[k], lines[k + 1])); if (v) z++; }
  const t3 = performance.now();
  console.log('hash', (t1 - t0).toFixed(0), 'nohash', (t2 - t1).toFixed(0), 'json', (t3 - t2).toFixed(0), x & 1, y);
}
