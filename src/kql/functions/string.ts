/**
 * Kusto string functions (semantics.md §30 and the per-function doc pages). Each row function takes boxed
 * values (data/types.ts). Where a function's output is undocumented for some input, it throws
 * `unsupported(...)` rather than guess.
 */
import type { Boxed, Dyn, KType } from '../data/types.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../data/types.js';
import { KqlError, runtimeError, unsupported } from '../errors.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';
import { compileKustoRegex, compileKustoRegexGlobal, forEachMatch, translateKustoRegex } from './regex.js';
import { makeTermMatcher } from './terms.js';

// ---------------------------------------------------------------------------------------------------------
// tostring rules (local copy: the conversion module belongs to someone else)

function pad(n: bigint | number, width: number): string {
  return n.toString().padStart(width, '0');
}

/** `tostring(datetime)`: `2017-10-15T12:00:00.0000000Z` (always 7 fraction digits; case reverse-non-string). */
export function formatDatetime(ticks: bigint): string {
  const TPMS = 10_000n;
  let ms = ticks / TPMS;
  let frac = ticks % TPMS;
  if (frac < 0n) {
    frac += TPMS;
    ms -= 1n;
  }
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) throw unsupported('tostring: datetime out of range');
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) throw unsupported('tostring: datetime outside years 1-9999');
  const sub = BigInt(d.getUTCMilliseconds()) * TPMS + frac;
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(sub, 7)}Z`;
}

/** `tostring(timespan)`: .NET's constant format `[-][d.]hh:mm:ss[.fffffff]` (`tostring(3h)` is `03:00:00`). */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const h = t / TICKS_PER_HOUR;
  t %= TICKS_PER_HOUR;
  const m = t / TICKS_PER_MINUTE;
  t %= TICKS_PER_MINUTE;
  const s = t / TICKS_PER_SECOND;
  const f = t % TICKS_PER_SECOND;
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${f > 0n ? `.${pad(f, 7)}` : ''}`;
}

/**
 * `tostring(real)`. In [1e-4, 1e15) JS and .NET (shortest round-trip) print the same digits; outside it .NET
 * switches to `E+XX` notation, whose exact form for Kusto is unverified, so those values are refused.
 */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) {
    if (Object.is(x, -0)) throw unsupported('tostring: real -0');
    return '0';
  }
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e15) throw unsupported(`tostring: real ${x} (exponent notation)`);
  return String(x);
}

function dynToJson(v: Dyn): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? JSON.parse(x.toString()) : x));
}

/** tostring of a boxed value of Kusto type `t`: null becomes "", a dynamic string is rendered without quotes. */
export function kustoToString(v: Boxed, t: KType): string {
  if (v === null) return '';
  switch (t) {
    case 'string':
    case 'guid':
      return v as string;
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return String(v);
    case 'long':
      return (v as bigint).toString();
    case 'real':
      return formatReal(v as number);
    case 'datetime':
      return formatDatetime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      if (typeof v === 'string') return v;
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatReal(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return dynToJson(v as Dyn);
    default:
      throw unsupported(`tostring: values of type ${t}`);
  }
}

/** A per-argument converter to string, chosen once per call site from the binder's type. */
function stringArg(site: CallSite, i: number): (v: Boxed) => string {
  const t = site.argTypes[i] ?? 'string';
  if (t === 'string') return (v) => (v === null ? '' : (v as string));
  return (v) => kustoToString(v, t);
}

/** An integer argument (int, long or real) as a JS number, or null. */
function intArg(v: Boxed | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw runtimeError(`expected an integer argument, got ${typeof v}`);
}

/** Boxes an integer result as the binder typed it (long is bigint, int/real are numbers). */
function boxInt(site: CallSite): (n: number | null) => Boxed {
  const t = site.resultType;
  if (t === 'int' || t === 'real') return (n) => n;
  return (n) => (n === null ? null : BigInt(n));
}

function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Number of Unicode code points (strlen counts code points, not UTF-16 units). */
function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

/** A function definition with per-call-site binding. */
function def(name: string, bind: (site: CallSite) => RowFn, aliases: string[] = []): ScalarFunction[] {
  return [name, ...aliases].map((n) => ({ name: n, bind }));
}

/** Regex argument: compiled once if constant, else through the module cache. */
function regexArg(site: CallSite, i: number, global: boolean): (v: Boxed) => RegExp {
  const c = site.constArgs[i];
  const compile = global ? compileKustoRegexGlobal : compileKustoRegex;
  if (typeof c === 'string') {
    const re = compile(c);
    return () => re;
  }
  return (v) => compile((v ?? '') as string);
}

// ---------------------------------------------------------------------------------------------------------
// Individual functions

function caseMap(s: string, upper: boolean): string {
  const r = upper ? s.toUpperCase() : s.toLowerCase();
  if (r.length === s.length) return r;
  // .NET maps char by char (ToUpperInvariant('ß') stays 'ß'); JS's special-casing changes length.
  let out = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += m.length === ch.length ? m : ch;
  }
  return out;
}

function substringFn(site: CallSite): RowFn {
  const src = stringArg(site, 0);
  return (args) => {
    const s = src(args[0]!);
    let start = intArg(args[1]);
    const lenArg = args.length > 2 ? intArg(args[2]) : undefined;
    if (start === null || lenArg === null) throw unsupported('substring: a null start or length');
    const cps = hasSurrogates(s) ? Array.from(s) : null;
    const len = cps ? cps.length : s.length;
    if (start < 0) start = Math.max(0, len + start);
    // DOC-SILENT: a negative length. Chosen: an empty string, i.e. the length is clamped at 0 like an
    // out-of-range start. Published queries call substring(s, 0, indexof(s, "/")) inside iif() without guarding
    // the -1 of a missing "/", which only works if Kusto does not fail on it.
    if (lenArg !== undefined && lenArg <= 0) return '';
    if (start >= len) return '';
    const end = lenArg === undefined ? len : Math.min(len, start + lenArg);
    return cps ? cps.slice(start, end).join('') : s.slice(start, end);
  };
}

function trimFn(which: 'both' | 'start' | 'end') {
  return (site: CallSite): RowFn => {
    const src = stringArg(site, 1);
    const cache = new Map<string, [RegExp | null, RegExp | null]>();
    const get = (pattern: string): [RegExp | null, RegExp | null] => {
      let r = cache.get(pattern);
      if (!r) {
        const t = translateKustoRegex(pattern);
        // "Removes all leading and trailing matches": repeated matches anchored at either end.
        r = [
          which !== 'end' ? new RegExp(`^(?:${t.source})+`, t.flags) : null,
          which !== 'start' ? new RegExp(`(?:${t.source})+$`, t.flags) : null,
        ];
        if (cache.size > 1000) cache.clear();
        cache.set(pattern, r);
      }
      return r;
    };
    return (args) => {
      let s = src(args[1]!);
      const [lead, trail] = get((args[0] ?? '') as string);
      if (lead) {
        const m = lead.exec(s);
        if (m) s = s.slice(m[0].length);
      }
      if (trail) {
        const m = trail.exec(s);
        if (m) s = s.slice(0, m.index);
      }
      return s;
    };
  };
}

function splitFn(site: CallSite): RowFn {
  const src = stringArg(site, 0);
  const delim = stringArg(site, 1);
  return (args) => {
    const s = src(args[0]!);
    const d = delim(args[1]!);
    if (d === '') throw unsupported('split: an empty delimiter');
    const parts = s.split(d);
    if (args.length < 3) return parts;
    const idx = intArg(args[2]);
    if (idx === null || idx < 0) throw unsupported('split: a null or negative index');
    return idx < parts.length ? [parts[idx]!] : [];
  };
}

function replaceStringFn(site: CallSite): RowFn {
  const [text, lookup, rewrite] = [stringArg(site, 0), stringArg(site, 1), stringArg(site, 2)];
  return (args) => {
    const l = lookup(args[1]!);
    if (l === '') throw unsupported('replace_string: an empty lookup string');
    return text(args[0]!).split(l).join(rewrite(args[2]!));
  };
}

type RewritePart = string | number;
/** RE2 rewrite strings: `\0`..`\9` are groups, `\\` is a backslash; anything else after `\` is an error. */
function parseRewrite(rw: string, groupCount: number): RewritePart[] {
  const parts: RewritePart[] = [];
  let lit = '';
  for (let i = 0; i < rw.length; i++) {
    const c = rw[i]!;
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const n = rw[++i];
    if (n === '\\') lit += '\\';
    else if (n !== undefined && n >= '0' && n <= '9') {
      const g = n.charCodeAt(0) - 48;
      if (g > groupCount) throw runtimeError(`replace_regex: rewrite refers to group \\${g}, but the regex has ${groupCount} groups`);
      if (lit) parts.push(lit);
      lit = '';
      parts.push(g);
    } else throw unsupported(`replace_regex: rewrite escape '\\${n ?? ''}'`);
  }
  if (lit) parts.push(lit);
  return parts;
}

function replaceRegexFn(site: CallSite): RowFn {
  const text = stringArg(site, 0);
  const rewrite = stringArg(site, 2);
  const rewriteCache = new Map<string, RewritePart[]>();
  return (args) => {
    const s = text(args[0]!);
    const pattern = (args[1] ?? '') as string;
    const re = compileKustoRegexGlobal(pattern);
    const rw = rewrite(args[2]!);
    const key = `${pattern}\u0000${rw}`;
    let parts = rewriteCache.get(key);
    if (!parts) {
      parts = parseRewrite(rw, translateKustoRegex(pattern).groupCount);
      if (rewriteCache.size > 1000) rewriteCache.clear();
      rewriteCache.set(key, parts);
    }
    let out = '';
    let last = 0;
    const ps = parts;
    forEachMatch(re, s, (m) => {
      out += s.slice(last, m.index);
      for (const p of ps) out += typeof p === 'string' ? p : (m[p] ?? '');
      last = m.index + m[0].length;
    });
    return out + s.slice(last);
  };
}

/** Converts an extracted string to the `typeof(T)` target of extract(); null when the conversion fails. */
function convertExtracted(t: KType): (s: string) => Boxed {
  const looksNumeric = (s: string) => /\d/.test(s) && /^[\s0-9+\-.eExX]+$/.test(s);
  switch (t) {
    case 'string':
      return (s) => s;
    case 'long':
    case 'int':
      return (s) => {
        if (/^[+-]?\d+$/.test(s)) {
          const b = BigInt(s);
          const [lo, hi] = t === 'int' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
          if (b < lo || b > hi) throw unsupported(`extract: ${t} overflow converting '${s}'`);
          return t === 'int' ? Number(b) : b;
        }
        if (looksNumeric(s)) throw unsupported(`extract: converting '${s}' to ${t}`);
        return null;
      };
    case 'real':
      return (s) => {
        if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
        if (looksNumeric(s) || /^[+-]?(nan|inf|infinity)$/i.test(s)) throw unsupported(`extract: converting '${s}' to real`);
        return null;
      };
    case 'bool':
      return (s) => {
        const l = s.toLowerCase();
        if (l === 'true') return true;
        if (l === 'false') return false;
        if (looksNumeric(s)) throw unsupported(`extract: converting '${s}' to bool`);
        return null;
      };
    default:
      throw unsupported(`extract: conversion to typeof(${t})`);
  }
}

function extractFn(site: CallSite): RowFn {
  const re = regexArg(site, 0, false);
  const src = stringArg(site, 2);
  const conv = site.argTypes.length > 3 || site.resultType !== 'string' ? convertExtracted(site.resultType) : null;
  return (args) => {
    const r = re(args[0]!);
    const g = intArg(args[1]);
    if (g === null || g < 0) throw unsupported('extract: a null or negative capture group');
    const m = r.exec(src(args[2]!));
    if (m && g >= m.length) throw unsupported(`extract: capture group ${g} beyond the regex's ${m.length - 1} groups`);
    const v = m ? m[g] : undefined;
    if (v === undefined) return conv && site.resultType !== 'string' ? null : '';
    return conv ? conv(v) : v;
  };
}

function extractAllFn(site: CallSite): RowFn {
  const withGroups = site.argTypes.length >= 3;
  const srcIdx = withGroups ? 2 : 1;
  const src = stringArg(site, srcIdx);
  return (args) => {
    const pattern = (args[0] ?? '') as string;
    const t = translateKustoRegex(pattern);
    if (t.groupCount < 1 || t.groupCount > 16) {
      throw new KqlError('semantic', 'extract_all(): the regular expression must have between 1 and 16 capture groups');
    }
    let groups: number[];
    if (withGroups) {
      const sel = args[1];
      if (!Array.isArray(sel) || sel.length === 0) throw unsupported('extract_all: captureGroups that is not a non-empty array');
      groups = sel.map((x) => {
        if (typeof x === 'string') {
          const i = t.groupNames.indexOf(x);
          if (i < 1) throw runtimeError(`extract_all(): no capture group named '${x}'`);
          return i;
        }
        const n = intArg(x as Boxed);
        if (n === null || n < 1 || n > t.groupCount) throw runtimeError(`extract_all(): capture group ${String(x)} is out of range`);
        return n;
      });
    } else groups = Array.from({ length: t.groupCount }, (_, i) => i + 1);
    const out: Dyn[] = [];
    forEachMatch(compileKustoRegexGlobal(pattern), src(args[srcIdx]!), (m) => {
      if (groups.length === 1) out.push(m[groups[0]!] ?? '');
      else out.push(groups.map((g) => m[g] ?? ''));
    });
    return out.length ? out : null;
  };
}

function indexofFn(site: CallSite): RowFn {
  const [str, match] = [stringArg(site, 0), stringArg(site, 1)];
  const box = boxInt(site);
  return (args) => {
    const s = str(args[0]!);
    const m = match(args[1]!);
    if (m === '') throw unsupported('indexof: an empty lookup string');
    if (hasSurrogates(s) || hasSurrogates(m)) throw unsupported('indexof: strings outside the Basic Multilingual Plane');
    let start = args.length > 2 ? intArg(args[2]) : 0;
    const length = args.length > 3 ? intArg(args[3]) : -1;
    const occurrence = args.length > 4 ? intArg(args[4]) : 1;
    if (start === null || length === null || occurrence === null) return null;
    // A negative start counts from the end (case indexof: indexof("abcdefg","cde",-5) is 2).
    if (start < 0) start += s.length;
    if (start < 0 || length < -1 || occurrence < 0) return null;
    if (occurrence === 0) throw unsupported('indexof: occurrence 0');
    if (start > s.length) throw unsupported('indexof: a start beyond the end of the string');
    // `length` bounds the positions where a match may start: indexof("abcdefg","cde",1,2) is 2 (oracle).
    const limit = length === -1 ? s.length : start + length;
    let found = 0;
    for (let p = s.indexOf(m, start); p >= 0 && p < limit; p = s.indexOf(m, p + 1)) {
      if (++found === occurrence) return box(p);
    }
    return box(-1);
  };
}

function countofFn(site: CallSite): RowFn {
  const [source, search] = [stringArg(site, 0), stringArg(site, 1)];
  const box = boxInt(site);
  return (args) => {
    const s = source(args[0]!);
    const q = search(args[1]!);
    const kind = args.length > 2 ? ((args[2] ?? '') as string) : 'normal';
    let n = 0;
    if (kind === 'normal') {
      if (q === '') throw unsupported('countof: an empty search string');
      // Plain matches may overlap: countof("aaaa", "aa") is 3.
      for (let p = s.indexOf(q); p >= 0; p = s.indexOf(q, p + 1)) n++;
    } else if (kind === 'regex') {
      forEachMatch(compileKustoRegexGlobal(q), s, () => {
        n++;
      });
    } else throw runtimeError(`countof(): kind must be 'normal' or 'regex', got '${kind}'`);
    return box(n);
  };
}

function strrepFn(site: CallSite): RowFn {
  const value = stringArg(site, 0);
  const delim = site.argTypes.length > 2 ? stringArg(site, 2) : () => '';
  return (args) => {
    const n = intArg(args[1]);
    // The doc gives both 67108864 and 1024 as the maximum; refuse what it does not settle.
    if (n === null || n < 1 || n > 1024) throw unsupported(`strrep: multiplier ${n}`);
    return new Array<string>(n).fill(value(args[0]!)).join(args.length > 2 ? delim(args[2]!) : '');
  };
}

const utf8 = new TextEncoder();
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function isStrictBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

function urlEncode(s: string, component: boolean): string {
  let out = '';
  for (const b of utf8.encode(s)) {
    const c = String.fromCharCode(b);
    if ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || c === '-' || c === '_' || c === '.') out += c;
    else if (b === 32) out += component ? '%20' : '+';
    else if ('!*()'.includes(c)) {
      if (component) throw unsupported(`url_encode_component: character '${c}'`);
      out += c; // .NET HttpUtility.UrlEncode leaves these as they are
    } else if (c === "'" || c === '~') throw unsupported(`url_encode: character '${c}'`);
    else out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}

function urlDecode(s: string): string {
  if (s.includes('+')) throw unsupported("url_decode: '+' (space or literal is undocumented)");
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) throw unsupported('url_decode: a malformed % escape');
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (c < 128) bytes.push(c);
    else for (const b of utf8.encode(s[i]!)) bytes.push(b);
  }
  try {
    return utf8Fatal.decode(new Uint8Array(bytes));
  } catch {
    throw unsupported('url_decode: escapes that are not valid UTF-8');
  }
}

/** .NET Guid.ToByteArray order: the first three fields little-endian. */
const GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

function guidToBytes(g: string): Uint8Array {
  const hex = g.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw runtimeError(`not a guid: ${g}`);
  const canon = new Uint8Array(16);
  for (let i = 0; i < 16; i++) canon[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return Uint8Array.from(GUID_BYTE_ORDER, (i) => canon[i]!);
}

function bytesToGuid(b: Uint8Array): string {
  const canon = new Uint8Array(16);
  GUID_BYTE_ORDER.forEach((src, dst) => {
    canon[src] = b[dst]!;
  });
  const h = Array.from(canon, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function hasAnyIndexFn(site: CallSite): RowFn {
  const src = stringArg(site, 0);
  const box = boxInt(site);
  const build = (values: Boxed): ((s: string) => boolean)[] => {
    if (!Array.isArray(values)) throw unsupported('has_any_index: a values argument that is not an array');
    return values.map((v) => makeTermMatcher(kustoToString(v as Boxed, 'dynamic'), false, 'has'));
  };
  const constValues = site.constArgs[1];
  const fixed = constValues !== undefined ? build(constValues) : null;
  return (args) => {
    const matchers = fixed ?? build(args[1] ?? null);
    const s = src(args[0]!);
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!(s)) return box(i);
    return box(-1);
  };
}

function translateFn(site: CallSite): RowFn {
  const [search, repl, source] = [stringArg(site, 0), stringArg(site, 1), stringArg(site, 2)];
  return (args) => {
    const from = Array.from(search(args[0]!));
    const to = Array.from(repl(args[1]!));
    let out = '';
    for (const ch of source(args[2]!)) {
      const i = from.indexOf(ch);
      if (i < 0) out += ch;
      // translate("abc", "x", "abc") is "xxx": a short replacement list repeats its last character.
      else if (to.length) out += to[Math.min(i, to.length - 1)];
    }
    return out;
  };
}

function codepointsToString(args: Boxed[]): string {
  let out = '';
  const add = (v: Dyn) => {
    if (Array.isArray(v)) {
      for (const x of v) add(x);
      return;
    }
    const n = intArg(v as Boxed);
    if (n === null || n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw unsupported(`unicode_codepoints_to_string: code point ${String(v)}`);
    out += String.fromCodePoint(n);
  };
  for (const a of args) add(a as Dyn);
  return out;
}

export const functions: ScalarFunction[] = [
  ...def('strlen', (site) => {
    const src = stringArg(site, 0);
    const box = boxInt(site);
    return (args) => box(codePointLength(src(args[0]!)));
  }),
  ...def('string_size', (site) => {
    const src = stringArg(site, 0);
    const box = boxInt(site);
    return (args) => box(Buffer.byteLength(src(args[0]!), 'utf8'));
  }),
  ...def('strcat', (site) => {
    const conv = site.argTypes.map((_, i) => stringArg(site, i));
    return (args) => {
      let out = '';
      for (let i = 0; i < args.length; i++) out += conv[i]!(args[i]!);
      return out;
    };
  }),
  ...def('strcat_delim', (site) => {
    const conv = site.argTypes.map((_, i) => stringArg(site, i));
    return (args) => {
      const d = conv[0]!(args[0]!);
      const parts: string[] = [];
      for (let i = 1; i < args.length; i++) parts.push(conv[i]!(args[i]!));
      return parts.join(d);
    };
  }),
  ...def('strcat_array', (site) => {
    const delim = stringArg(site, 1);
    return (args) => {
      const a = args[0];
      if (a === null) return '';
      if (!Array.isArray(a)) throw unsupported('strcat_array: a non-array argument');
      return a.map((x) => kustoToString(x as Boxed, 'dynamic')).join(delim(args[1]!));
    };
  }),
  ...def('substring', substringFn),
  ...def('tolower', (site) => {
    const src = stringArg(site, 0);
    return (args) => caseMap(src(args[0]!), false);
  }),
  ...def('toupper', (site) => {
    const src = stringArg(site, 0);
    return (args) => caseMap(src(args[0]!), true);
  }),
  ...def('trim', trimFn('both')),
  ...def('trim_start', trimFn('start')),
  ...def('trim_end', trimFn('end')),
  ...def('split', splitFn),
  ...def('replace_string', replaceStringFn),
  ...def('replace_regex', replaceRegexFn),
  // The deprecated replace() is not a plain alias: its parameters are (regex, rewrite, source), as
  // Kusto.Language declares them, so they are reordered to replace_regex's (source, regex, rewrite).
  ...def('replace', (site) => {
    const order = [2, 0, 1];
    const inner = replaceRegexFn({
      ...site,
      argTypes: order.map((i) => site.argTypes[i]!),
      constArgs: order.map((i) => site.constArgs[i]),
    });
    return (args) => inner([args[2]!, args[0]!, args[1]!]);
  }),
  ...def('extract', extractFn),
  ...def('extract_all', extractAllFn, ['extractall']),
  ...def('indexof', indexofFn),
  ...def('countof', countofFn),
  ...def('reverse', (site) => {
    const src = stringArg(site, 0);
    return (args) => {
      const s = src(args[0]!);
      return hasSurrogates(s) ? Array.from(s).reverse().join('') : s.split('').reverse().join('');
    };
  }),
  ...def('strrep', strrepFn),
  ...def('strcmp', (site) => {
    const [a, b] = [stringArg(site, 0), stringArg(site, 1)];
    const box = boxInt(site);
    return (args) => {
      const x = a(args[0]!);
      const y = b(args[1]!);
      return box(x < y ? -1 : x > y ? 1 : 0);
    };
  }),
  ...def('translate', translateFn),
  ...def('isascii', (site) => {
    const src = stringArg(site, 0);
    return (args) => {
      const s = src(args[0]!);
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
      return true;
    };
  }),
  ...def('isutf8', (site) => {
    const src = stringArg(site, 0);
    // A JS string is UTF-16; it is valid UTF-8 material unless it holds an unpaired surrogate.
    return (args) => {
      const s = src(args[0]!);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const d = s.charCodeAt(i + 1);
          if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
          i++;
        } else if (c >= 0xdc00 && c <= 0xdfff) return false;
      }
      return true;
    };
  }),
  ...def('unicode_codepoints_from_string', (site) => {
    const src = stringArg(site, 0);
    return (args) => Array.from(src(args[0]!), (ch) => ch.codePointAt(0)!);
  }, ['to_utf8']),
  ...def('unicode_codepoints_to_string', () => codepointsToString, ['make_string']),
  ...def('url_encode', (site) => {
    const src = stringArg(site, 0);
    return (args) => urlEncode(src(args[0]!), false);
  }),
  ...def('url_encode_component', (site) => {
    const src = stringArg(site, 0);
    return (args) => urlEncode(src(args[0]!), true);
  }),
  ...def('url_decode', (site) => {
    const src = stringArg(site, 0);
    return (args) => urlDecode(src(args[0]!));
  }),
  ...def('base64_encode_tostring', (site) => {
    const src = stringArg(site, 0);
    return (args) => Buffer.from(src(args[0]!), 'utf8').toString('base64');
  }, ['base64_encodestring']),
  ...def('base64_decode_tostring', (site) => {
    const src = stringArg(site, 0);
    return (args) => {
      const s = src(args[0]!);
      if (!isStrictBase64(s)) throw unsupported('base64_decode_tostring: input that is not padded base64');
      try {
        return utf8Fatal.decode(Buffer.from(s, 'base64'));
      } catch {
        return ''; // invalid UTF-8 decodes to null, i.e. "" (doc example, oracle case)
      }
    };
  }, ['base64_decodestring']),
  ...def('base64_decode_toarray', (site) => {
    const src = stringArg(site, 0);
    return (args) => {
      const s = src(args[0]!);
      // Input that is not valid padded base64 decodes to an empty array: the doc example (case
      // base64-encode-fromarray-function-01) names the result of the unpadded "U3RyaW5n0KHR0tGA0L7Rh9C60LA"
      // empty_bytes_array, and encoding it back gives "".
      if (!isStrictBase64(s)) return [];
      return Array.from(Buffer.from(s, 'base64'));
    };
  }),
  ...def('base64_encode_fromguid', () => (args) => {
    const g = args[0];
    if (g === null || g === undefined) throw unsupported('base64_encode_fromguid: a null guid');
    return Buffer.from(guidToBytes(g as string)).toString('base64');
  }),
  ...def('base64_decode_toguid', (site) => {
    const src = stringArg(site, 0);
    return (args) => {
      const s = src(args[0]!);
      if (!isStrictBase64(s)) return null;
      const b = Buffer.from(s, 'base64');
      return b.length === 16 ? bytesToGuid(b) : null; // base64_decode_toguid("abcd1231") is null (oracle)
    };
  }),
  ...def('has_any_index', hasAnyIndexFn),
  // parse_url and parse_path live in parse-url.ts and parse-path.ts.
  ...def('parse_urlquery', (site) => {
    const src = stringArg(site, 0);
    return (args) => {
      const q = src(args[0]!);
      // Decoding, duplicates, a leading '?' and bare keys are undocumented.
      if (q === '' || /[%+?]/.test(q)) throw unsupported('parse_urlquery: empty, encoded or ?-prefixed input');
      const params: { [k: string]: Dyn } = {};
      for (const pair of q.split('&')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw unsupported(`parse_urlquery: parameter '${pair}' without a key=value form`);
        const k = pair.slice(0, eq);
        if (Object.prototype.hasOwnProperty.call(params, k)) throw unsupported(`parse_urlquery: repeated parameter '${k}'`);
        params[k] = pair.slice(eq + 1);
      }
      return { 'Query Parameters': params };
    };
  }),
];
