import { readFileSync } from 'node:fs';
const Q = 0x22; // "
const BS = 0x5c; // \
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * Cursor over the bytes of one line for the fast path. Methods return -1 (or false) at anything unusual; the
 * line is then parsed again by JSON.parse, which decides (so this only has to be right on what it accepts).
 */
class Scan {
  b: Buffer = Buffer.alloc(0);
  p = 0;
  end = 0;
  /** Set by str(): the string had a backslash escape. */
  escaped = false;
  /** Set by str(): FNV-1a of the raw bytes between the quotes. */
  hash = 0;

  ws(): void {
    const b = this.b;
    let p = this.p;
    while (p < this.end && isWs(b[p])) p++;
    this.p = p;
  }

  /** At a quote: moves past the closing quote and returns the index of it, or -1 (invalid or unterminated). */
  str(): number {
    const b = this.b;
    let p = this.p + 1;
    let h = 0x811c9dc5;
    let esc = false;
    const end = this.end;
    for (;;) {
      if (p >= end) return -1;
      const c = b[p];
      if (c === Q) break;
      if (c < 0x20) return -1;
      if (c === BS) {
        // Escapes are checked as JSON.parse checks them: \" \\ \/ \b \f \n \r \t \uXXXX.
        esc = true;
        p++;
        if (p >= end) return -1;
        const c2 = b[p];
        if (c2 === 0x75) {
          if (p + 4 >= end) return -1;
          for (let k = 1; k <= 4; k++) {
            const x = b[p + k];
            if (!((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66))) return -1;
          }
          p += 5;
        } else if (c2 === Q || c2 === BS || c2 === 0x2f || c2 === 0x62 || c2 === 0x66 || c2 === 0x6e || c2 === 0x72 || c2 === 0x74) p++;
        else return -1;
        continue;
      }
      h = Math.imul(h ^ c, 0x01000193);
      p++;
    }
    this.escaped = esc;
    this.hash = h | 0;
    this.p = p + 1;
    return p;
  }

  /** A JSON number at p: moves past it, returns its end, or -1. `this.simple`: an integer of at most 15 digits. */
  num(): number {
    const b = this.b;
    let p = this.p;
    const end = this.end;
    if (b[p] === 0x2d) p++;
    if (p >= end) return -1;
    if (b[p] === 0x30) p++;
    else if (b[p] >= 0x31 && b[p] <= 0x39) while (p < end && b[p] >= 0x30 && b[p] <= 0x39) p++;
    else return -1;
    let simple = true;
    if (p < end && b[p] === 0x2e) {
      simple = false;
      p++;
      const d = p;
      while (p < end && b[p] >= 0x30 && b[p] <= 0x39) p++;
      if (p === d) return -1;
    }
    if (p < end && (b[p] === 0x65 || b[p] === 0x45)) {
      simple = false;
      p++;
      if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) p++;
      const d = p;
      while (p < end && b[p] >= 0x30 && b[p] <= 0x39) p++;
      if (p === d) return -1;
    }
    this.simple = simple && p - this.p <= 15;
    this.p = p;
    return p;
  }
  simple = false;

  /** The JS number of bytes [s, e) (a valid JSON number): what JSON.parse gives. */
  numberAt(s: number, e: number): number {
    const b = this.b;
    if (!this.simple) return Number(b.toString('latin1', s, e));
    let neg = false;
    let p = s;
    if (b[p] === 0x2d) (neg = true), p++;
    let v = 0;
    for (; p < e; p++) v = v * 10 + (b[p] - 0x30);
    return neg ? -v : v;
  }

  /** Skips any JSON value (validating it); returns false when it is not valid JSON. */
  skip(depth = 0): boolean {
    if (depth > 64) return false;
    const b = this.b;
    this.ws();
    if (this.p >= this.end) return false;
    const c = b[this.p];
    if (c === Q) return this.str() >= 0;
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      this.p++;
      this.ws();
      if (b[this.p] === close) {
        this.p++;
        return true;
      }
      for (;;) {
        if (c === 0x7b) {
          this.ws();
          if (b[this.p] !== Q || this.str() < 0) return false;
          this.ws();
          if (b[this.p] !== 0x3a) return false;
          this.p++;
        }
        if (!this.skip(depth + 1)) return false;
        this.ws();
        if (this.p >= this.end) return false;
        const d = b[this.p++];
        if (d === close) return true;
        if (d !== 0x2c) return false;
      }
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.num() >= 0;
    return this.lit() !== undefined;
  }

  /** true / false / null at p: moves past it. undefined when it is none of them. */
  lit(): boolean | null | undefined {
    const b = this.b;
    const p = this.p;
    if (p + 4 <= this.end && b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) return (this.p += 4), null;
    if (p + 4 <= this.end && b[p] === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) return (this.p += 4), true;
    if (p + 5 <= this.end && b[p] === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) return (this.p += 5), false;
    return undefined;
  }

  text(s: number, e: number): string {
    return this.b.toString('utf8', s, e);
  }

  /** JSON.parse of bytes [s, e), which the scanner found valid (undefined if JSON.parse disagrees). */
  parseAt(s: number, e: number): unknown {
    try {
      return JSON.parse(this.text(s, e));
    } catch {
      return undefined;
    }
  }
}


const b0 = readFileSync('/tmp/s100.jsonl'); const buf = b0.subarray(0, b0.lastIndexOf(10, 50_000_000));
const lines: [number, number][] = [];
for (let p = 0; p < buf.length; ) { let nl = buf.indexOf(10, p); if (nl < 0) nl = buf.length; lines.push([p, nl]); p = nl + 1; }
const sc = new Scan();
for (let r = 0; r < 4; r++) {
  let t0 = performance.now(); let ok = 0;
  for (const [s, e] of lines) { sc.b = buf; sc.p = s; sc.end = e; if (sc.skip()) ok++; }
  const t1 = performance.now();
  let m = 0;
  for (const [s, e] of lines) { const v = JSON.parse(buf.toString('utf8', s, e)); if (v) m++; }
  const t2 = performance.now();
  let q = 0;
  for (const [s, e] of lines) { for (let i = s; i < e; i++) if (buf[i] === 0x22) q++; }
  const t3 = performance.now();
  console.log('skip', ok, (t1 - t0).toFixed(0), 'json', m, (t2 - t1).toFixed(0), 'loop', (t3 - t2).toFixed(0));
}
