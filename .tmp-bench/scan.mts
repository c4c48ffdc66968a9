import { readFileSync } from 'node:fs';
const buf = readFileSync('/tmp/s100.jsonl');
function countQuotes(b: Uint8Array) { let n = 0; for (let i = 0; i < b.length; i++) if (b[i] === 0x22) n++; return n; }
class S { b: Uint8Array = new Uint8Array(0); p = 0; end = 0;
  run(): number { let n = 0; const b = this.b; for (this.p = 0; this.p < this.end; this.p++) if (b[this.p] === 0x22) n++; return n; } }
for (let r = 0; r < 3; r++) {
  let t0 = performance.now(); const n = countQuotes(buf); console.log('plain', n, (performance.now() - t0).toFixed(0));
  const s = new S(); s.b = buf; s.end = buf.length; t0 = performance.now(); const m = s.run(); console.log('field', m, (performance.now() - t0).toFixed(0));
  const u = new Uint8Array(buf.buffer, buf.byteOffset, buf.length); s.b = u; t0 = performance.now(); s.run(); console.log('u8 field', (performance.now() - t0).toFixed(0));
}
