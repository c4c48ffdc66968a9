/**
 * Dynamic (JSON-like) functions: parse_json/todynamic, element access helpers, array_*, bag_*, set_*, zip,
 * jaccard_index, extract_json, gettype, dynamic_to_json.
 * Dynamic values are JSON-like JS values (see data/types.ts); every function treats its inputs as immutable.
 */
import type { Boxed, Dyn, KType } from '../data/types.js';
import { dynamicToJsonText } from '../data/format-value.js';
import { KqlError, unsupported } from '../errors.js';
import { boxToDyn, convertTo } from './conversion.js';
import type { CallSite, RowFn, ScalarFunction } from './scalar-function.js';

type Bag = { [k: string]: Dyn };

export function isBag(d: Dyn | undefined): d is Bag {
  return d !== null && typeof d === 'object' && !Array.isArray(d);
}

/** Sets a property without tripping over `__proto__` (which would otherwise replace the prototype). */
function setKey(obj: Bag, key: string, value: Dyn): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function hasOwn(obj: Bag, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

// ---------------------------------------------------------------------------------------------------------
// JSON text parsing

class JsonParseError extends Error {}

/**
 * Parses JSON text into a dynamic value. Integers keep full 64-bit precision (a bigint when beyond 2^53);
 * single-quoted strings are accepted like Kusto's dynamic literals. Throws JsonParseError on invalid text.
 */
class JsonParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): Dyn {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.i !== this.s.length) this.fail();
    return v;
  }

  private fail(): never {
    throw new JsonParseError(`invalid JSON at offset ${this.i}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  private value(depth: number): Dyn {
    if (depth > 1000) this.fail();
    const c = this.s[this.i];
    switch (c) {
      case '{': return this.object(depth);
      case '[': return this.array(depth);
      case '"': case "'": return this.string();
      case 't': return this.word('true', true);
      case 'f': return this.word('false', false);
      case 'n': return this.word('null', null);
      default: return this.number();
    }
  }

  private word<T extends Dyn>(w: string, v: T): T {
    if (this.s.startsWith(w, this.i)) {
      this.i += w.length;
      return v;
    }
    return this.fail();
  }

  private object(depth: number): Bag {
    const out: Bag = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') { this.i++; return out; }
    for (;;) {
      this.ws();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail();
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      this.ws();
      setKey(out, k, this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail();
    }
  }

  private array(depth: number): Dyn[] {
    const out: Dyn[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') { this.i++; return out; }
    for (;;) {
      this.ws();
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail();
    }
  }

  private string(): string {
    const s = this.s;
    const quote = s[this.i++];
    let out = '';
    let start = this.i;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === quote) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c === '\\') {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        this.i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case "'": out += "'"; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const h = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail();
            out += String.fromCharCode(parseInt(h, 16));
            this.i += 4;
            break;
          }
          default: this.fail();
        }
        start = this.i;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail();
      this.i++;
    }
    return this.fail();
  }

  private number(): number | bigint {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    const text = m[0];
    this.i += text.length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(text);
      if (Number.isSafeInteger(n)) return n;
      const b = BigInt(text);
      // Beyond the long range Kusto falls back to a real.
      return b >= -(1n << 63n) && b < 1n << 63n ? b : n;
    }
    return Number(text);
  }
}

/** Parses JSON text; returns undefined when the text is not valid JSON. */
export function tryParseJson(text: string): Dyn | undefined {
  try {
    return new JsonParser(text).parseDocument();
  } catch (e) {
    if (e instanceof JsonParseError) return undefined;
    throw e;
  }
}

/** parse_json of a string: "" gives null, invalid JSON gives the string itself (parse-json-function.md). */
export function parseJsonString(s: string): Dyn {
  if (s === '') return null;
  const v = tryParseJson(s);
  return v === undefined ? s : v;
}

// ---------------------------------------------------------------------------------------------------------
// Element access (called by the executor for d.key, d["key"], d[i])

/** `d.key` / `d["key"]`: a missing key or a non-bag gives null. */
export function getMember(v: Dyn, key: string): Dyn {
  if (!isBag(v)) return null;
  return hasOwn(v, key) ? v[key]! : null;
}

/** `d[i]`: negative indexes count from the end; out of range or non-array gives null. A string index is a key. */
export function getIndex(v: Dyn, index: number | bigint | string): Dyn {
  if (typeof index === 'string') return getMember(v, index);
  if (!Array.isArray(v)) return null;
  let i = typeof index === 'bigint' ? Number(index) : index;
  if (!Number.isInteger(i)) return null;
  if (i < 0) i += v.length;
  return i >= 0 && i < v.length ? v[i]! : null;
}

// ---------------------------------------------------------------------------------------------------------
// Equality and ordering of dynamic values

/** A canonical key for set operations: numbers compare by value (1 and 1.0 are the same element). */
function dynKey(d: Dyn): string {
  if (d === null) return 'n';
  switch (typeof d) {
    case 'boolean': return d ? 'bt' : 'bf';
    case 'number': return Number.isInteger(d) && Math.abs(d) < 2 ** 63 ? 'i' + BigInt(d).toString() : 'r' + String(d);
    case 'bigint': return 'i' + d.toString();
    case 'string': return 's' + d;
    default: break;
  }
  if (Array.isArray(d)) return 'a[' + d.map(dynKey).join(',') + ']';
  return 'o{' + Object.keys(d).sort().map((k) => JSON.stringify(k) + ':' + dynKey(d[k]!)).join(',') + '}';
}

function dynEquals(a: Dyn, b: Dyn): boolean {
  return dynKey(a) === dynKey(b);
}

function sortRank(d: Dyn): number {
  if (typeof d === 'number' || typeof d === 'bigint') return 0;
  if (typeof d === 'string') return 1;
  return 2;
}

function compareNum(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Ascending order for array_sort_*: numbers, then strings (ordinal), then everything else (kept stable). */
export function compareForSort(a: Dyn, b: Dyn): number {
  const ra = sortRank(a);
  const rb = sortRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return compareNum(a as number | bigint, b as number | bigint);
  if (ra === 1) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// JSONPath subset ($, .name, ['name'], ["name"], [n]) used by extract_json and bag_* key paths

type PathStep = string | number;

function parseJsonPath(path: string, fnName: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const s = path.trim();
  if (s[i] !== '$') throw unsupported(`${fnName}: JSONPath '${path}' (must start with $)`);
  i++;
  while (i < s.length) {
    if (s[i] === '.') {
      i++;
      const m = /^[A-Za-z_$@][\w$@-]*/.exec(s.slice(i));
      if (!m) throw unsupported(`${fnName}: JSONPath '${path}'`);
      steps.push(m[0]);
      i += m[0].length;
    } else if (s[i] === '[') {
      const rest = s.slice(i);
      const m = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+))\s*\]/.exec(rest);
      if (!m) throw unsupported(`${fnName}: JSONPath '${path}' (wildcards, slices and filters are not supported)`);
      if (m[3] !== undefined) steps.push(Number(m[3]));
      else steps.push((m[1] ?? m[2])!.replace(/\\(.)/g, '$1'));
      i += m[0].length;
    } else {
      throw unsupported(`${fnName}: JSONPath '${path}'`);
    }
  }
  return steps;
}

function walkPath(d: Dyn, steps: PathStep[]): Dyn | undefined {
  let cur: Dyn = d;
  for (const st of steps) {
    if (typeof st === 'number') {
      if (!Array.isArray(cur)) return undefined;
      const i = st < 0 ? st + cur.length : st;
      if (i < 0 || i >= cur.length) return undefined;
      cur = cur[i]!;
    } else {
      if (!isBag(cur) || !hasOwn(cur, st)) return undefined;
      cur = cur[st]!;
    }
  }
  return cur;
}

/** A bag key argument: a plain key, or a JSONPath when it starts with `$` (bag_has_key, bag_remove_keys...). */
function keyPath(key: string, fnName: string): string[] {
  if (!key.startsWith('$')) return [key];
  const steps = parseJsonPath(key, fnName);
  if (steps.some((s) => typeof s === 'number')) throw unsupported(`${fnName}: array index in key path '${key}'`);
  return steps as string[];
}

// ---------------------------------------------------------------------------------------------------------
// Function helpers

function arg(args: Boxed[], i: number): Boxed {
  const v = args[i];
  return v === undefined ? null : v;
}

function toLongArg(v: Boxed): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  return null;
}

function simple(name: string, row: RowFn): ScalarFunction {
  return { name, bind: () => row };
}

function withSite(name: string, bind: (site: CallSite) => RowFn, volatile = false): ScalarFunction {
  return { name, volatile, bind };
}

/** Converts the i-th typed argument to a dynamic element. */
function argToDyn(site: CallSite, args: Boxed[], i: number): Dyn {
  return boxToDyn(arg(args, i), site.argTypes[i] ?? 'dynamic');
}

// ---------------------------------------------------------------------------------------------------------
// parse_json / todynamic

function parseJsonFn(name: string): ScalarFunction {
  return withSite(name, (site) => {
    const t = site.argTypes[0] ?? 'dynamic';
    if (t === 'string') return (args) => parseJsonString(arg(args, 0) as string);
    if (t === 'dynamic') return (args) => arg(args, 0) as Dyn;
    return (args) => boxToDyn(arg(args, 0), t);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Arrays

function arrayLength(args: Boxed[]): Boxed {
  const a = arg(args, 0);
  return Array.isArray(a) ? BigInt(a.length) : null;
}

function arrayConcat(args: Boxed[]): Boxed {
  const out: Dyn[] = [];
  for (const a of args) {
    if (!Array.isArray(a)) return null;
    out.push(...(a as Dyn[]));
  }
  return out;
}

/** array_slice(arr, start, end): end inclusive; negative indexes count from the end (array-slice-function.md). */
function arraySlice(args: Boxed[]): Boxed {
  const a = arg(args, 0);
  let s = toLongArg(arg(args, 1));
  let e = toLongArg(arg(args, 2));
  if (!Array.isArray(a) || s === null || e === null) return null;
  const n = a.length;
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = Math.max(0, s);
  e = Math.min(n - 1, e);
  if (s > e) return [];
  return (a as Dyn[]).slice(s, e + 1);
}

/** array_index_of(arr, lookup [, start [, length [, occurrence]]]) -> index or -1. */
function arrayIndexOf(site: CallSite): RowFn {
  return (args) => {
    const a = arg(args, 0);
    if (!Array.isArray(a)) return null;
    const lookup = argToDyn(site, args, 1);
    const n = a.length;
    let start = args.length > 2 ? toLongArg(arg(args, 2)) : 0;
    let length = args.length > 3 ? toLongArg(arg(args, 3)) : -1;
    let occ = args.length > 4 ? toLongArg(arg(args, 4)) : 1;
    if (start === null || length === null || occ === null) return null;
    if (start < 0) start = Math.max(0, start + n);
    if (occ <= 0) return null;
    const end = length < 0 ? n : Math.min(n, start + length);
    for (let i = start; i < end; i++) {
      if (dynEquals(a[i] as Dyn, lookup) && --occ === 0) return BigInt(i);
    }
    return -1n;
  };
}

function arrayReverse(args: Boxed[]): Boxed {
  const a = arg(args, 0);
  return Array.isArray(a) ? [...(a as Dyn[])].reverse() : null;
}

/** array_sort_asc/desc(arr [, nulls_last=true]). Several arrays sort together into several columns: not supported. */
function arraySort(name: string, desc: boolean): ScalarFunction {
  return withSite(name, (site) => {
    const arrays = site.argTypes.filter((t) => t === 'dynamic').length;
    if (arrays > 1) throw unsupported(`${name} with several arrays`);
    return (args) => {
      const a = arg(args, 0);
      if (!Array.isArray(a)) return null;
      let nullsLast = true;
      if (args.length > 1) {
        const b = arg(args, 1);
        if (b === null) return null;
        nullsLast = b as boolean;
      }
      const vals = (a as Dyn[]).filter((x) => x !== null);
      const nulls = (a as Dyn[]).filter((x) => x === null);
      vals.sort((x, y) => (desc ? -compareForSort(x, y) : compareForSort(x, y)));
      return nullsLast ? [...vals, ...nulls] : [...nulls, ...vals];
    };
  });
}

/** array_sum(arr): real sum; null when an element is not numeric. */
function arraySum(args: Boxed[]): Boxed {
  const a = arg(args, 0);
  if (!Array.isArray(a)) return null;
  let s = 0;
  for (const x of a as Dyn[]) {
    if (typeof x === 'number') s += x;
    else if (typeof x === 'bigint') s += Number(x);
    else return null;
  }
  return s;
}

/** array_iff(conditions, ifTrue, ifFalse): element-wise; a scalar branch repeats; a non-bool condition gives null. */
function arrayIff(site: CallSite): RowFn {
  return (args) => {
    const c = arg(args, 0);
    if (!Array.isArray(c)) return null;
    const t = argToDyn(site, args, 1);
    const f = argToDyn(site, args, 2);
    const pick = (branch: Dyn, i: number): Dyn => (Array.isArray(branch) ? (i < branch.length ? branch[i]! : null) : branch);
    return (c as Dyn[]).map((x, i) => {
      let b: boolean | null = null;
      if (typeof x === 'boolean') b = x;
      else if (typeof x === 'number') b = x !== 0;
      else if (typeof x === 'bigint') b = x !== 0n;
      return b === null ? null : pick(b ? t : f, i);
    });
  };
}

function rotate(name: string, left: boolean): ScalarFunction {
  return simple(name, (args) => {
    const a = arg(args, 0);
    const k = toLongArg(arg(args, 1));
    if (!Array.isArray(a) || k === null) return null;
    const n = a.length;
    if (n === 0) return [];
    let r = ((left ? k : -k) % n + n) % n;
    return [...(a as Dyn[]).slice(r), ...(a as Dyn[]).slice(0, r)];
  });
}

function shift(name: string, left: boolean): ScalarFunction {
  return withSite(name, (site) => (args) => {
    const a = arg(args, 0);
    const k = toLongArg(arg(args, 1));
    if (!Array.isArray(a) || k === null) return null;
    const fill = args.length > 2 ? argToDyn(site, args, 2) : null;
    const n = a.length;
    const by = left ? k : -k; // positive: move elements toward the start
    const out: Dyn[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const src = i + by;
      out[i] = src >= 0 && src < n ? (a[src] as Dyn) : fill;
    }
    return out;
  });
}

function packArray(site: CallSite): RowFn {
  return (args) => args.map((_, i) => argToDyn(site, args, i));
}

// ---------------------------------------------------------------------------------------------------------
// Bags

/**
 * bag_pack(k1, v1, ...). With skipEmpty (the internal `bag_pack:nonempty` that pack_all(true) becomes), pairs
 * whose value is "null/empty" are left out: null of any type or an empty string, the same test as isempty().
 */
function bagPack(name: string, skipEmpty = false): ScalarFunction {
  return withSite(name, (site) => {
    if (site.argTypes.length % 2 !== 0) throw new KqlError('semantic', `${name}: expects an even number of arguments (key, value pairs)`);
    return (args) => {
      const out: Bag = {};
      for (let i = 0; i < args.length; i += 2) {
        if (skipEmpty && (args[i + 1] === null || args[i + 1] === '')) continue;
        const k = arg(args, i);
        const key = typeof k === 'string' ? k : convertTo(k, site.argTypes[i]!, 'string') as string;
        setKey(out, key, argToDyn(site, args, i + 1));
      }
      return out;
    };
  });
}

function bagKeys(args: Boxed[]): Boxed {
  const b = arg(args, 0) as Dyn;
  return isBag(b) ? Object.keys(b) : null;
}

/** bag_merge(b1, b2, ...): the first bag wins on duplicate keys; non-bag arguments are skipped. */
function bagMerge(args: Boxed[]): Boxed {
  const out: Bag = {};
  for (const a of args) {
    if (!isBag(a as Dyn)) continue;
    for (const [k, v] of Object.entries(a as Bag)) if (!hasOwn(out, k)) setKey(out, k, v);
  }
  return out;
}

function cloneBag(b: Bag): Bag {
  const out: Bag = {};
  for (const k of Object.keys(b)) setKey(out, k, b[k]!);
  return out;
}

/** Removes a key path from a bag, copying only the bags along the path. */
function removePath(b: Bag, path: string[]): Bag {
  const [head, ...rest] = path;
  if (head === undefined || !hasOwn(b, head)) return b;
  const out = cloneBag(b);
  if (rest.length === 0) {
    delete out[head];
    return out;
  }
  const child = b[head]!;
  if (!isBag(child)) return b;
  setKey(out, head, removePath(child, rest));
  return out;
}

function bagRemoveKeys(args: Boxed[]): Boxed {
  const b = arg(args, 0) as Dyn;
  const keys = arg(args, 1) as Dyn;
  if (!isBag(b)) return null;
  if (!Array.isArray(keys)) return null;
  let out: Bag = b;
  for (const k of keys) {
    if (typeof k !== 'string') continue;
    out = removePath(out, keyPath(k, 'bag_remove_keys'));
  }
  return out;
}

function bagHasKey(args: Boxed[]): Boxed {
  const b = arg(args, 0) as Dyn;
  const k = arg(args, 1);
  if (!isBag(b) || typeof k !== 'string') return null;
  return walkPath(b, keyPath(k, 'bag_has_key')) !== undefined;
}

function setPath(b: Bag, path: string[], value: Dyn): Bag {
  const [head, ...rest] = path;
  const out = cloneBag(b);
  if (head === undefined) return out;
  if (rest.length === 0) {
    setKey(out, head, value);
    return out;
  }
  const child = hasOwn(b, head) ? b[head]! : null;
  setKey(out, head, setPath(isBag(child) ? child : {}, rest, value));
  return out;
}

function bagSetKey(site: CallSite): RowFn {
  return (args) => {
    const b = arg(args, 0) as Dyn;
    const k = arg(args, 1);
    if (!isBag(b) || typeof k !== 'string') return null;
    return setPath(b, keyPath(k, 'bag_set_key'), argToDyn(site, args, 2));
  };
}

/** bag_zip(keys, values): missing values give null; extra values are dropped; non-string keys are skipped. */
function bagZip(args: Boxed[]): Boxed {
  const ks = arg(args, 0) as Dyn;
  const vs = arg(args, 1) as Dyn;
  if (!Array.isArray(ks) || !Array.isArray(vs)) return null;
  const out: Bag = {};
  ks.forEach((k, i) => {
    if (typeof k === 'string') setKey(out, k, i < vs.length ? vs[i]! : null);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Sets

function distinct(a: Dyn[], seen: Set<string>, out: Dyn[]): void {
  for (const x of a) {
    const k = dynKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
}

function setUnion(args: Boxed[]): Boxed {
  const seen = new Set<string>();
  const out: Dyn[] = [];
  for (const a of args) {
    if (!Array.isArray(a)) return null;
    distinct(a as Dyn[], seen, out);
  }
  return out;
}

function setIntersect(args: Boxed[]): Boxed {
  if (!args.every((a) => Array.isArray(a))) return null;
  const others = (args.slice(1) as Dyn[][]).map((a) => new Set(a.map(dynKey)));
  const seen = new Set<string>();
  const out: Dyn[] = [];
  for (const x of args[0] as Dyn[]) {
    const k = dynKey(x);
    if (seen.has(k) || !others.every((s) => s.has(k))) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}

function setDifference(args: Boxed[]): Boxed {
  if (!args.every((a) => Array.isArray(a))) return null;
  const others = (args.slice(1) as Dyn[][]).map((a) => new Set(a.map(dynKey)));
  const seen = new Set<string>();
  const out: Dyn[] = [];
  for (const x of args[0] as Dyn[]) {
    const k = dynKey(x);
    if (seen.has(k) || others.some((s) => s.has(k))) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}

function setHasElement(site: CallSite): RowFn {
  return (args) => {
    const a = arg(args, 0);
    if (!Array.isArray(a)) return null;
    const v = argToDyn(site, args, 1);
    return (a as Dyn[]).some((x) => dynEquals(x, v));
  };
}

/** zip(a1, a2, ...): [[a1[0], a2[0]], ...]; shorter arrays are padded with null. */
function zip(args: Boxed[]): Boxed {
  if (!args.every((a) => Array.isArray(a))) return null;
  const arrays = args as Dyn[][];
  const n = Math.max(0, ...arrays.map((a) => a.length));
  const out: Dyn[] = [];
  for (let i = 0; i < n; i++) out.push(arrays.map((a) => (i < a.length ? a[i]! : null)));
  return out;
}

/** jaccard_index(s1, s2) = |distinct(s1) ∩ distinct(s2)| / |distinct(s1) ∪ distinct(s2)|. */
function jaccardIndex(args: Boxed[]): Boxed {
  const a = arg(args, 0);
  const b = arg(args, 1);
  if (!Array.isArray(a) || !Array.isArray(b)) return null;
  const sa = new Set((a as Dyn[]).map(dynKey));
  const sb = new Set((b as Dyn[]).map(dynKey));
  let inter = 0;
  for (const k of sa) if (sb.has(k)) inter++;
  const union = sa.size + sb.size - inter;
  return inter / union; // 0/0 is NaN, as a C# double division would give
}

// ---------------------------------------------------------------------------------------------------------
// extract_json, gettype, dynamic_to_json

/** extract_json(path, text [, typeof(T)]): JSONPath subset; the result is converted to the call's result type. */
function extractJson(name: string): ScalarFunction {
  return withSite(name, (site) => {
    const out = site.resultType;
    const pathConst = site.constArgs[0];
    const fixed = typeof pathConst === 'string' ? parseJsonPath(pathConst, name) : undefined;
    const textType = site.argTypes[1] ?? 'string';
    const fail: Boxed = out === 'string' ? '' : null;
    return (args) => {
      const p = arg(args, 0);
      const t = arg(args, 1);
      if (typeof p !== 'string') return fail;
      let doc: Dyn | undefined;
      if (textType === 'dynamic') doc = typeof t === 'string' ? tryParseJson(t) : (t as Dyn);
      else doc = typeof t === 'string' ? tryParseJson(t) : undefined;
      if (doc === undefined) return fail;
      const v = walkPath(doc, fixed ?? parseJsonPath(p, name));
      if (v === undefined || v === null) return fail;
      return convertTo(v, 'dynamic', out);
    };
  });
}

function dynTypeName(d: Dyn): string {
  if (d === null) return 'null';
  switch (typeof d) {
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'bigint': return 'long';
    // gettype(parse_json('1')) is "int" (gettype-function.md): small integers inside dynamic are ints.
    case 'number': return Number.isInteger(d) ? (d >= -2147483648 && d <= 2147483647 ? 'int' : 'long') : 'real';
    default: return Array.isArray(d) ? 'array' : 'dictionary';
  }
}

function gettype(site: CallSite): RowFn {
  const t: KType = site.argTypes[0] ?? 'dynamic';
  if (t !== 'dynamic') return () => t;
  return (args) => dynTypeName(arg(args, 0) as Dyn);
}

function sortKeysDeep(d: Dyn): Dyn {
  if (Array.isArray(d)) return d.map(sortKeysDeep);
  if (!isBag(d)) return d;
  const out: Bag = {};
  for (const k of Object.keys(d).sort()) setKey(out, k, sortKeysDeep(d[k]!));
  return out;
}

/** dynamic_to_json(d): JSON text with bag keys sorted (dynamic-to-json-function.md). */
function dynamicToJson(args: Boxed[]): Boxed {
  const d = arg(args, 0) as Dyn;
  if (typeof d === 'string') return JSON.stringify(d);
  return dynamicToJsonText(sortKeysDeep(d));
}

function unsupportedFn(name: string, what = name): ScalarFunction {
  return { name, bind() { throw unsupported(what); } };
}

export const functions: ScalarFunction[] = [
  parseJsonFn('parse_json'),
  parseJsonFn('parsejson'),
  parseJsonFn('todynamic'),
  parseJsonFn('toobject'),
  simple('array_length', arrayLength),
  simple('array_concat', arrayConcat),
  simple('array_slice', arraySlice),
  withSite('array_index_of', arrayIndexOf),
  simple('array_reverse', arrayReverse),
  arraySort('array_sort_asc', false),
  arraySort('array_sort_desc', true),
  simple('array_sum', arraySum),
  withSite('array_iff', arrayIff),
  withSite('array_iif', arrayIff),
  rotate('array_rotate_left', true),
  rotate('array_rotate_right', false),
  shift('array_shift_left', true),
  shift('array_shift_right', false),
  withSite('pack_array', packArray),
  bagPack('pack'),
  bagPack('bag_pack'),
  bagPack('pack_dictionary'), // deprecated alias of bag_pack (Kusto.Language: Obsolete("bag_pack"))
  bagPack('bag_pack:nonempty', true),
  simple('bag_keys', bagKeys),
  simple('bag_merge', bagMerge),
  simple('bag_remove_keys', bagRemoveKeys),
  simple('bag_has_key', bagHasKey),
  withSite('bag_set_key', bagSetKey),
  simple('bag_zip', bagZip),
  simple('set_union', setUnion),
  simple('set_intersect', setIntersect),
  simple('set_difference', setDifference),
  withSite('set_has_element', setHasElement),
  simple('zip', zip),
  simple('jaccard_index', jaccardIndex),
  extractJson('extract_json'),
  extractJson('extractjson'),
  withSite('gettype', gettype),
  simple('dynamic_to_json', dynamicToJson),
  unsupportedFn('parse_xml'),
  unsupportedFn('treepath'),
];
