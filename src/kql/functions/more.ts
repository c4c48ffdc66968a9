/**
 * Miscellaneous scalar functions: special functions (gamma, loggamma, erf, erfc, beta_*, welch_test), compression
 * (zlib/gzip to and from base64), punycode, regex_quote, parse_csv, parse_command_line, base64_encode_fromarray,
 * assert; plus the functions that need context a scalar call site does not have, which fail loudly.
 */
import { deflateSync, gzipSync, inflateSync, gunzipSync } from 'node:zlib';
import type { Boxed, Dyn } from '../data/types.js';
import { runtimeError, unsupported } from '../errors.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';
import { DATABASE_NAME } from '../language/database-name.js';

function arg(args: Boxed[], i: number): Boxed {
  const v = args[i];
  return v === undefined ? null : v;
}

function num(v: Boxed): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

function str(v: Boxed): string {
  return typeof v === 'string' ? v : v === null ? '' : String(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Special functions.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Gamma function: exact factorials for small positive integers, Lanczos elsewhere, reflection below 0.5. */
export function gamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Number.isInteger(x)) {
    if (x <= 0) return NaN; // poles
    if (x <= 171) {
      let r = 1;
      for (let i = 2; i < x; i++) r *= i;
      return r;
    }
    return Infinity;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  if (x > 171.7) return Infinity;
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}

/** ln|Gamma(x)|. */
export function loggamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - loggamma(1 - x);
  if (x < 100) return Math.log(Math.abs(gamma(x)));
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** erf by its Maclaurin series below 2, else 1 - erfc (continued fraction): both well within 1e-14. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x >= 2) return 1 - erfc(x);
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 2) return 1 - erf(x);
  if (x > 27) return 0;
  // Lentz's method on erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? tiny : d;
    c = x + an / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** Continued fraction of the regularized incomplete beta function (Lentz). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function. */
export function betaInc(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = loggamma(a + b) - loggamma(a) - loggamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betacf(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betacf(b, a, 1 - x)) / b;
}

/** The documented domain of beta_cdf/beta_inv/beta_pdf's shape parameters: 0 < alpha, beta <= 10000. */
function badShape(a: number, b: number): boolean {
  return !(a > 0 && a <= 10000 && b > 0 && b <= 10000);
}

export function betaCdf(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || badShape(a, b)) return NaN;
  return betaInc(x, a, b);
}

export function betaPdf(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || badShape(a, b)) return NaN;
  if ((x === 0 && a < 1) || (x === 1 && b < 1)) return Infinity;
  const lnB = loggamma(a) + loggamma(b) - loggamma(a + b);
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
}

/** Inverse of betaCdf by bisection (the cdf is monotone on [0, 1]); converges to the last bit. */
export function betaInv(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1) || badShape(a, b)) return NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (betaInc(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-sided p-value of Welch's t-test from the two samples' means, variances and counts (welch-test-function.md). */
export function welchTest(m1: number, v1: number, c1: number, m2: number, v2: number, c2: number): number {
  const s1 = v1 / c1;
  const s2 = v2 / c2;
  const t = (m1 - m2) / Math.sqrt(s1 + s2);
  const df = (s1 + s2) ** 2 / ((s1 * s1) / (c1 - 1) + (s2 * s2) / (c2 - 1));
  // P(|T| > |t|) for Student's t with df degrees of freedom = I_{df/(df+t^2)}(df/2, 1/2).
  return betaInc(df / (df + t * t), df / 2, 0.5);
}

function real1(name: string, f: (x: number) => number): ScalarFunction {
  return {
    name,
    bind: () => (args) => {
      const x = num(arg(args, 0));
      return x === null ? null : f(x);
    },
  };
}

function realN(name: string, n: number, f: (...xs: number[]) => number): ScalarFunction {
  return {
    name,
    bind: () => (args) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = num(arg(args, i));
        if (x === null) return null;
        xs.push(x);
      }
      return f(...xs);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Compression. Kusto's documented outputs are stored (uncompressed) deflate blocks: "eAEB..." for zlib (header 78 01)
// and gzip with XFL=0, OS=255; level 0 reproduces both byte for byte. Decompression accepts any valid stream.

function zlibCompress(args: Boxed[]): Boxed {
  return deflateSync(Buffer.from(str(arg(args, 0)), 'utf8'), { level: 0 }).toString('base64');
}

function gzipCompress(args: Boxed[]): Boxed {
  const buf = gzipSync(Buffer.from(str(arg(args, 0)), 'utf8'), { level: 0 });
  buf[8] = 0; // XFL
  buf[9] = 0xff; // OS: unknown
  return buf.toString('base64');
}

/** Base64 text to bytes, or null unless it is canonical base64 (Buffer.from silently skips bad characters). */
function strictBase64(s: string): Buffer | null {
  const t = s.trim();
  if (t.length === 0 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

/** Decompression failure (or text that is not UTF-8) gives an empty string, as the docs' invalid-input example shows. */
function decompressWith(inflate: (b: Buffer) => Buffer): RowFn {
  return (args) => {
    const bytes = strictBase64(str(arg(args, 0)));
    if (!bytes) return '';
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(inflate(bytes));
    } catch {
      return '';
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Punycode (RFC 3492). Basic code points are copied as they are, so case is preserved ("xn--Ge-mia" -> "Gáe").

const PC = { base: 36, tmin: 1, tmax: 26, skew: 38, damp: 700, initialBias: 72, initialN: 128 };

function adapt(delta: number, numPoints: number, first: boolean): number {
  delta = first ? Math.floor(delta / PC.damp) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  let k = 0;
  while (delta > ((PC.base - PC.tmin) * PC.tmax) >> 1) {
    delta = Math.floor(delta / (PC.base - PC.tmin));
    k += PC.base;
  }
  return k + Math.floor(((PC.base - PC.tmin + 1) * delta) / (delta + PC.skew));
}

function digitOf(cp: number): number {
  if (cp >= 48 && cp <= 57) return cp - 22; // 0-9 -> 26..35
  if (cp >= 65 && cp <= 90) return cp - 65;
  if (cp >= 97 && cp <= 122) return cp - 97;
  return PC.base;
}

function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? d + 97 : d + 22);
}

export function punycodeEncode(input: string): string | null {
  const cps = Array.from(input, (c) => c.codePointAt(0)!);
  let out = cps.filter((c) => c < 0x80).map((c) => String.fromCodePoint(c)).join('');
  const b = out.length;
  let h = b;
  if (b > 0) out += '-';
  let n = PC.initialN;
  let delta = 0;
  let bias = PC.initialBias;
  while (h < cps.length) {
    let m = Infinity;
    for (const c of cps) if (c >= n && c < m) m = c;
    delta += (m - n) * (h + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = PC.base; ; k += PC.base) {
          const t = k <= bias ? PC.tmin : k >= bias + PC.tmax ? PC.tmax : k - bias;
          if (q < t) break;
          out += digitChar(t + ((q - t) % (PC.base - t)));
          q = Math.floor((q - t) / (PC.base - t));
        }
        out += digitChar(q);
        bias = adapt(delta, h + 1, h === b);
        delta = 0;
        h++;
      }
    }
    delta++;
    n++;
    if (!Number.isSafeInteger(delta)) return null;
  }
  return out;
}

export function punycodeDecode(input: string): string | null {
  const out: number[] = [];
  const dash = input.lastIndexOf('-');
  const basic = dash < 0 ? 0 : dash;
  for (let j = 0; j < basic; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    out.push(c);
  }
  let n = PC.initialN;
  let i = 0;
  let bias = PC.initialBias;
  for (let idx = basic > 0 ? basic + 1 : 0; idx < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = PC.base; ; k += PC.base) {
      if (idx >= input.length) return null;
      const digit = digitOf(input.charCodeAt(idx++));
      if (digit >= PC.base) return null;
      i += digit * w;
      const t = k <= bias ? PC.tmin : k >= bias + PC.tmax ? PC.tmax : k - bias;
      if (digit < t) break;
      w *= PC.base - t;
      if (!Number.isSafeInteger(i) || !Number.isSafeInteger(w)) return null;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

/** IDNA label separators: full stop, ideographic full stop, fullwidth full stop, halfwidth ideographic full stop. */
const LABEL_SEP = /[.\u3002\uff0e\uff61]/;

function domainToPunycode(s: string): string {
  const labels = s.split(LABEL_SEP);
  const out: string[] = [];
  for (const l of labels) {
    if (/^[\x00-\x7f]*$/.test(l)) out.push(l);
    else {
      const e = punycodeEncode(l);
      if (e === null) return '';
      out.push('xn--' + e);
    }
  }
  return out.join('.');
}

function domainFromPunycode(s: string): string {
  const out: string[] = [];
  for (const l of s.split(LABEL_SEP)) {
    if (/^xn--/i.test(l)) {
      const d = punycodeDecode(l.slice(4));
      if (d === null) return '';
      out.push(d);
    } else out.push(l);
  }
  return out.join('.');
}

// ---------------------------------------------------------------------------------------------------------------
// Text parsers.

/** regex_quote: escapes every character RE2 treats as special (RE2::QuoteMeta escapes all ASCII punctuation except _). */
function regexQuote(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0) out += '\\x00';
    else if (c < 0x80 && !/[A-Za-z0-9_]/.test(ch)) out += '\\' + ch;
    else out += ch;
  }
  return out;
}

/**
 * parse_csv: the first record of CSV text as an array of strings. Quoted fields may hold commas, newlines and
 * doubled quotes; a newline outside quotes ends the record (parse-csv-function.md: only the first record is kept).
 */
export function parseCsv(s: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') { cur += '"'; i += 2; continue; }
        quoted = false;
        i++;
        continue;
      }
      cur += c;
      i++;
      continue;
    }
    if (c === '"' && fieldStart) { quoted = true; fieldStart = false; i++; continue; }
    if (c === ',') { fields.push(cur); cur = ''; fieldStart = true; i++; continue; }
    if (c === '\n' || c === '\r') break;
    cur += c;
    fieldStart = false;
    i++;
  }
  fields.push(cur);
  return fields;
}

/** parse_command_line(cmd, "windows"): CommandLineToArgvW's rules (the first argument takes backslashes literally). */
export function parseWindowsCommandLine(s: string): string[] {
  const args: string[] = [];
  let i = 0;
  const isWs = (c: string | undefined) => c === ' ' || c === '\t';
  // argv[0]: up to the closing quote, or up to whitespace.
  let a0 = '';
  if (s[i] === '"') {
    i++;
    while (i < s.length && s[i] !== '"') a0 += s[i++];
    if (s[i] === '"') i++;
  } else {
    while (i < s.length && !isWs(s[i])) a0 += s[i++];
  }
  if (s.length === 0) return [];
  args.push(a0);
  while (isWs(s[i])) i++;
  if (i >= s.length) return args;
  let cur = '';
  let bcount = 0;
  let qcount = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (isWs(c) && qcount === 0) {
      args.push(cur);
      cur = '';
      bcount = 0;
      while (isWs(s[i])) i++;
      if (i >= s.length) return args;
      continue;
    }
    if (c === '\\') {
      cur += c;
      bcount++;
      i++;
      continue;
    }
    if (c === '"') {
      if (bcount % 2 === 0) {
        cur = cur.slice(0, cur.length - bcount / 2);
        qcount++;
      } else {
        cur = cur.slice(0, cur.length - (bcount + 1) / 2) + '"';
      }
      i++;
      bcount = 0;
      // Runs of quotes: every third one is a literal quote (Wine's documented reading of CommandLineToArgvW).
      while (s[i] === '"') {
        if (++qcount === 3) { cur += '"'; qcount = 0; }
        i++;
      }
      if (qcount === 2) qcount = 0;
      continue;
    }
    cur += c;
    bcount = 0;
    i++;
  }
  args.push(cur);
  return args;
}

function parseCommandLine(_site: CallSite): RowFn {
  return (args) => {
    const kind = str(arg(args, 1)).toLowerCase();
    if (kind !== 'windows') throw unsupported(`parse_command_line parser type '${kind}'`);
    return parseWindowsCommandLine(str(arg(args, 0)));
  };
}

/** base64_encode_fromarray: bytes (integers 0..255) to base64; anything else gives an empty (null) string. */
function base64FromArray(args: Boxed[]): Boxed {
  const a = arg(args, 0);
  if (!Array.isArray(a)) return '';
  const bytes: number[] = [];
  for (const d of a as Dyn[]) {
    const x = typeof d === 'bigint' ? Number(d) : d;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) return '';
    bytes.push(x);
  }
  return Buffer.from(bytes).toString('base64');
}

/** assert(condition, message): true, or a query error carrying the message (assert-function.md). */
function assertFn(args: Boxed[]): Boxed {
  if (arg(args, 0) === true) return true;
  throw runtimeError(`assert failed: ${str(arg(args, 1))}`);
}

function loud(name: string, why: string): ScalarFunction {
  return { name, notImplemented: why, bind: () => { throw unsupported(`${name}: ${why}`); } };
}

function plain(name: string, row: RowFn): ScalarFunction {
  return { name, bind: () => row };
}

export const functions: ScalarFunction[] = [
  real1('gamma', gamma),
  real1('loggamma', loggamma),
  real1('erf', erf),
  real1('erfc', erfc),
  realN('beta_cdf', 3, betaCdf),
  realN('beta_pdf', 3, betaPdf),
  realN('beta_inv', 3, betaInv),
  realN('welch_test', 6, welchTest),

  plain('zlib_compress_to_base64_string', zlibCompress),
  plain('zlib_decompress_from_base64_string', decompressWith((b) => inflateSync(b))),
  plain('gzip_compress_to_base64_string', gzipCompress),
  plain('gzip_decompress_from_base64_string', decompressWith((b) => gunzipSync(b))),

  plain('punycode_to_string', (args) => punycodeEncode(str(arg(args, 0))) ?? ''),
  plain('punycode_from_string', (args) => punycodeDecode(str(arg(args, 0))) ?? ''),
  plain('punycode_domain_to_string', (args) => domainToPunycode(str(arg(args, 0)))),
  plain('punycode_domain_from_string', (args) => domainFromPunycode(str(arg(args, 0)))),

  plain('regex_quote', (args) => regexQuote(str(arg(args, 0)))),
  plain('parse_csv', (args) => parseCsv(str(arg(args, 0)))),
  { name: 'parse_command_line', bind: parseCommandLine },
  plain('base64_encode_fromarray', base64FromArray),
  { name: 'assert', volatile: true, bind: () => assertFn },

  loud('hash_combine', "Kusto's combining function is not documented"),
  loud('parse_user_agent', 'needs a user-agent regex database'),
  loud('datetime_list_timezones', "Kusto's time zone list differs from the runtime's"),
  // The engine binds every query against one database (language/kusto.ts buildGlobals).
  plain('current_database', () => DATABASE_NAME),
  loud('current_cluster_endpoint', 'needs cluster context'),
  loud('current_principal', 'needs cluster context'),
  loud('current_principal_details', 'needs cluster context'),
  loud('current_principal_is_member_of', 'needs cluster context'),
  loud('cursor_current', 'needs cluster context'),
  loud('current_cursor', 'needs cluster context'),
  loud('cursor_after', 'needs cluster context'),
  loud('cursor_before_or_at', 'needs cluster context'),
  loud('extent_id', 'needs cluster context'),
  loud('extentid', 'needs cluster context'),
  loud('extent_tags', 'needs cluster context'),
  loud('current_node_id', 'needs cluster context'),
  loud('bin_auto', 'needs the query_bin_auto_size/query_bin_auto_at options at the call site'),
  loud('parse_version', 'returns decimal, which the engine does not support'),
];
