/**
 * Kusto regular expressions (RE2 / Rust-regex syntax, see query/regex.md) translated to JS RegExp.
 *
 * The translator re-emits every token instead of patching the pattern text, so the output is always valid under
 * the JS `u` flag: literals that are not ASCII alphanumerics become `\u{..}` escapes, and Kusto's Unicode classes
 * (`\d` = `\p{Nd}`, `\w`, `\s`, `\b`) become explicit property classes, because JS's own are ASCII-only.
 * Scoped flags (`m`, `s`, `x`, `U`, `u`) are applied by the translator itself (Node 20 has no inline modifiers);
 * `i` maps to the JS `i` flag, so it must hold for the whole pattern. Anything that cannot be translated
 * faithfully throws `unsupported('regex: ...')`.
 */
import { KqlError, unsupported } from '../errors.js';

export interface TranslatedRegex {
  /** JS source, to be used with `flags`. */
  readonly source: string;
  /** JS flags: always `u`, plus `i` when the pattern is case-insensitive. */
  readonly flags: string;
  /** Number of capture groups (named ones included), numbered by opening parenthesis as in Kusto and JS. */
  readonly groupCount: number;
  /** groupNames[n] is the name of group n, if it has one. */
  readonly groupNames: readonly (string | undefined)[];
}

function invalid(pattern: string, why: string): KqlError {
  return new KqlError('runtime', `invalid regular expression '${pattern}': ${why}`);
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  U: boolean;
  u: boolean;
}

/** A character set: explicit code point ranges (ASCII classes, ranges) or Unicode properties. */
type CharSet = { kind: 'ranges'; ranges: [number, number][] } | { kind: 'props'; props: string[]; neg: boolean };

const MAX_CP = 0x10ffff;
// Kusto's \w: \p{Alphabetic} + \p{M} + \d + \p{Pc} + \p{Join_Control} (regex.md, "Perl character classes").
const WORD_PROPS = ['\\p{Alphabetic}', '\\p{M}', '\\p{Nd}', '\\p{Pc}', '\\p{Join_Control}'];
const WORD = `[${WORD_PROPS.join('')}]`;
const ASCII_WORD: [number, number][] = [[48, 57], [65, 90], [95, 95], [97, 122]];

const POSIX: Record<string, [number, number][]> = {
  alnum: [[48, 57], [65, 90], [97, 122]],
  alpha: [[65, 90], [97, 122]],
  ascii: [[0, 0x7f]],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 0x1f], [0x7f, 0x7f]],
  digit: [[48, 57]],
  graph: [[0x21, 0x7e]],
  lower: [[97, 122]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[9, 13], [32, 32]],
  upper: [[65, 90]],
  word: ASCII_WORD,
  xdigit: [[48, 57], [65, 70], [97, 102]],
};

function complement(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

function cpToJs(cp: number): string {
  if ((cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122)) return String.fromCharCode(cp);
  return `\\u{${cp.toString(16)}}`;
}

function rangesToJs(ranges: [number, number][]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? cpToJs(lo) : `${cpToJs(lo)}-${cpToJs(hi)}`)).join('');
}

function isRustWhitespace(c: string): boolean {
  return /^\s$/u.test(c);
}

const propCache = new Map<string, string | null>();
/** Maps a Kusto `\p{..}` name to a JS property escape body, or null if JS does not know it. */
function jsProperty(name: string): string | null {
  let r = propCache.get(name);
  if (r !== undefined) return r;
  r = null;
  for (const cand of [name, `Script=${name}`]) {
    try {
      new RegExp(`\\p{${cand}}`, 'u');
      r = cand;
      break;
    } catch {
      /* try the next spelling */
    }
  }
  propCache.set(name, r);
  return r;
}

class Translator {
  private pos = 0;
  private out = '';
  private flags: Flags;
  private readonly stack: Flags[] = [];
  private groupCount = 0;
  private readonly groupNames: (string | undefined)[] = [undefined];
  /** The `i` value of the first case-sensitive atom; every later one must agree (JS has one global `i`). */
  private iDecided: boolean | undefined;

  constructor(private readonly p: string, initial: string) {
    this.flags = { i: false, m: false, s: false, x: false, U: false, u: true };
    this.applyFlags(initial, this.flags);
  }

  run(): TranslatedRegex {
    const p = this.p;
    while (this.pos < p.length) {
      const c = p[this.pos]!;
      if (this.flags.x && this.skipVerbose()) continue;
      switch (c) {
        case '(':
          this.group();
          continue;
        case ')':
          if (this.stack.length === 0) throw invalid(p, 'unbalanced )');
          this.flags = this.stack.pop()!;
          this.out += ')';
          this.pos++;
          this.quantifier();
          continue;
        case '|':
          this.out += '|';
          this.pos++;
          continue;
        case '^':
          this.out += this.flags.m ? '(?<![^\\n])' : '^';
          this.pos++;
          continue;
        case '$':
          this.out += this.flags.m ? '(?![^\\n])' : '$';
          this.pos++;
          continue;
        case '.':
          this.out += this.flags.s ? '[\\u{0}-\\u{10ffff}]' : '[^\\n]';
          this.pos++;
          this.quantifier();
          continue;
        case '[':
          this.out += this.charClass();
          this.quantifier();
          continue;
        case '\\':
          this.escapeOutside();
          continue;
        case '*':
        case '+':
        case '?':
          throw invalid(p, `repetition operator missing expression at ${this.pos}`);
        case '{':
          // A valid repetition needs an operand; any other '{' is a literal (RE2).
          if (/^\{(\d+)(,(\d*))?\}/.test(p.slice(this.pos))) throw invalid(p, 'missing argument to repetition operator');
          this.pos++;
          this.literal(0x7b);
          this.quantifier();
          continue;
        default: {
          const cp = p.codePointAt(this.pos)!;
          this.pos += cp > 0xffff ? 2 : 1;
          this.literal(cp);
          this.quantifier();
        }
      }
    }
    if (this.stack.length) throw invalid(p, 'missing )');
    const flags = this.iDecided ? 'ui' : 'u';
    try {
      new RegExp(this.out, flags);
    } catch (e) {
      throw unsupported(`regex: cannot translate '${p}' (${(e as Error).message})`);
    }
    return { source: this.out, flags, groupCount: this.groupCount, groupNames: this.groupNames };
  }

  private useI(): void {
    if (this.iDecided === undefined) this.iDecided = this.flags.i;
    else if (this.iDecided !== this.flags.i) throw unsupported(`regex: case-insensitive flag toggled inside the pattern '${this.p}'`);
  }

  private literal(cp: number): void {
    const ch = String.fromCodePoint(cp);
    if (ch.toLowerCase() !== ch.toUpperCase()) this.useI();
    this.out += cpToJs(cp);
  }

  /** In verbose mode, skips whitespace and `#` comments; returns true if it skipped anything. */
  private skipVerbose(): boolean {
    const p = this.p;
    const c = p[this.pos]!;
    if (c === '#') {
      while (this.pos < p.length && p[this.pos] !== '\n') this.pos++;
      return true;
    }
    if (isRustWhitespace(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private applyFlags(spec: string, f: Flags): void {
    let on = true;
    for (const ch of spec) {
      switch (ch) {
        case '-':
          if (!on) throw invalid(this.p, 'repeated negation in flags');
          on = false;
          break;
        case 'i': f.i = on; break;
        case 'm': f.m = on; break;
        case 's': f.s = on; break;
        case 'x': f.x = on; break;
        case 'U': f.U = on; break;
        case 'u': f.u = on; break;
        case 'R':
          if (on) throw unsupported(`regex: CRLF mode flag R in '${this.p}'`);
          break;
        default:
          throw invalid(this.p, `unknown flag '${ch}'`);
      }
    }
  }

  private group(): void {
    const p = this.p;
    this.pos++; // (
    if (p[this.pos] !== '?') {
      this.stack.push({ ...this.flags });
      this.groupCount++;
      this.groupNames.push(undefined);
      this.out += '(';
      return;
    }
    this.pos++; // ?
    const rest = p.slice(this.pos);
    const named = /^P?<([^>]*)>/.exec(rest);
    if (named && !rest.startsWith('<=') && !rest.startsWith('<!')) {
      const name = named[1]!;
      // Kusto also allows '.', '[' and ']' in names, which JS cannot express.
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw unsupported(`regex: capture group name '${name}'`);
      this.pos += named[0].length;
      this.stack.push({ ...this.flags });
      this.groupCount++;
      this.groupNames.push(name);
      this.out += `(?<${name}>`;
      return;
    }
    const fl = /^([imsxUuR-]*)([:)])/.exec(rest);
    if (!fl) throw unsupported(`regex: group construct '(?${rest.slice(0, 3)}' in '${p}' (no lookaround or backreferences in Kusto regex)`);
    this.pos += fl[0].length;
    if (fl[2] === ')') {
      this.applyFlags(fl[1]!, this.flags);
      return;
    }
    this.stack.push({ ...this.flags });
    this.applyFlags(fl[1]!, this.flags);
    this.out += '(?:';
  }

  /** Parses an optional repetition operator after an atom and emits its JS form. */
  private quantifier(): void {
    const p = this.p;
    if (this.flags.x) while (this.pos < p.length && this.skipVerbose()) { /* whitespace before an operator */ }
    const c = p[this.pos];
    let q: string;
    if (c === '*' || c === '+' || c === '?') {
      q = c;
      this.pos++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.pos));
      // RE2 (parse.cc, MaybeParseRepeat) reads a '{' that does not start a valid repetition as a literal.
      if (!m) return;
      if (m[3] && Number(m[3]) < Number(m[1])) throw invalid(p, 'invalid repetition range');
      q = m[0];
      this.pos += m[0].length;
    } else return;
    let lazy = false;
    if (p[this.pos] === '?') {
      lazy = true;
      this.pos++;
    } else if (p[this.pos] === '+') {
      throw invalid(p, 'possessive repetition is not supported');
    }
    if (this.flags.U) lazy = !lazy;
    this.out += q + (lazy ? '?' : '');
    const n = p[this.pos];
    if (n === '*' || n === '+' || n === '?' || (n === '{' && /^\{(\d+)(,(\d*))?\}/.test(p.slice(this.pos)))) {
      throw unsupported(`regex: repeated repetition operator in '${p}'`);
    }
  }

  private hex(digits: number | 'braced'): number {
    const p = this.p;
    let text: string;
    if (digits === 'braced') {
      const end = p.indexOf('}', this.pos);
      if (end < 0) throw invalid(p, 'unclosed \\x{');
      text = p.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      text = p.slice(this.pos, this.pos + digits);
      if (text.length !== digits) throw invalid(p, 'short hex escape');
      this.pos += digits;
    }
    if (!/^[0-9A-Fa-f]{1,8}$/.test(text)) throw invalid(p, `bad hex escape '${text}'`);
    const cp = parseInt(text, 16);
    if (cp > MAX_CP || (cp >= 0xd800 && cp <= 0xdfff)) throw invalid(p, `invalid code point ${text}`);
    return cp;
  }

  /** Parses the escape at pos (after the backslash is consumed) that denotes a char or a char set. */
  private escapeAtom(inClass: boolean): number | CharSet {
    const p = this.p;
    const c = p[this.pos];
    if (c === undefined) throw invalid(p, 'trailing backslash');
    this.pos++;
    const ascii = !this.flags.u;
    switch (c) {
      case 'a': return 7;
      case 'f': return 12;
      case 't': return 9;
      case 'n': return 10;
      case 'r': return 13;
      case 'v': return 11;
      case 'x':
        return p[this.pos] === '{' ? this.hex('braced') : this.hex(2);
      case 'u':
        return p[this.pos] === '{' ? this.hex('braced') : this.hex(4);
      case 'U':
        return p[this.pos] === '{' ? this.hex('braced') : this.hex(8);
      case 'd':
      case 'D':
        return ascii
          ? setOf(POSIX.digit!, c === 'D')
          : { kind: 'props', props: ['\\p{Nd}'], neg: c === 'D' };
      case 's':
      case 'S':
        return ascii
          ? setOf(POSIX.space!, c === 'S')
          : { kind: 'props', props: ['\\p{White_Space}'], neg: c === 'S' };
      case 'w':
      case 'W':
        return ascii ? setOf(ASCII_WORD, c === 'W') : { kind: 'props', props: WORD_PROPS, neg: c === 'W' };
      case 'p':
      case 'P': {
        let name: string;
        if (p[this.pos] === '{') {
          const end = p.indexOf('}', this.pos);
          if (end < 0) throw invalid(p, 'unclosed \\p{');
          name = p.slice(this.pos + 1, end);
          this.pos = end + 1;
        } else {
          name = p[this.pos] ?? '';
          this.pos++;
        }
        let neg = c === 'P';
        if (name.startsWith('^')) {
          neg = !neg;
          name = name.slice(1);
        }
        const js = jsProperty(name);
        if (!js) throw unsupported(`regex: Unicode class \\p{${name}}`);
        return { kind: 'props', props: [`\\p{${js}}`], neg };
      }
      default: {
        const code = c.charCodeAt(0);
        const isAsciiAlnum = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
        // Kusto: "\* literal, applies to all ASCII except [0-9A-Za-z<>]".
        if (code < 128 && !isAsciiAlnum && c !== '<' && c !== '>') return code;
        if (inClass) throw unsupported(`regex: escape \\${c} inside a character class in '${p}'`);
        throw unsupported(`regex: escape \\${c} in '${p}'`);
      }
    }
  }

  private escapeOutside(): void {
    const p = this.p;
    this.pos++; // backslash
    const c = p[this.pos];
    const B = (s: string) => {
      this.out += s;
    };
    const word = this.flags.u ? WORD : '[0-9A-Za-z_]';
    switch (c) {
      case 'A': this.pos++; return B('(?<![\\u{0}-\\u{10ffff}])');
      case 'z': this.pos++; return B('(?![\\u{0}-\\u{10ffff}])');
      case 'b':
        if (p[this.pos + 1] === '{') {
          const m = /^b\{(start|end|start-half|end-half)\}/.exec(p.slice(this.pos));
          if (!m) throw invalid(p, 'bad \\b{...}');
          this.pos += m[0].length;
          if (m[1] === 'start') return B(`(?<!${word})(?=${word})`);
          if (m[1] === 'end') return B(`(?<=${word})(?!${word})`);
          throw unsupported(`regex: \\b{${m[1]}}`);
        }
        this.pos++;
        return B(`(?:(?<=${word})(?!${word})|(?<!${word})(?=${word}))`);
      case 'B':
        this.pos++;
        return B(`(?:(?<=${word})(?=${word})|(?<!${word})(?!${word}))`);
      case '<': this.pos++; return B(`(?<!${word})(?=${word})`);
      case '>': this.pos++; return B(`(?<=${word})(?!${word})`);
      default:
        if (c !== undefined && c >= '0' && c <= '9') throw unsupported(`regex: octal escape or backreference \\${c} in '${p}'`);
    }
    const a = this.escapeAtom(false);
    if (typeof a === 'number') this.literal(a);
    else {
      if (!caseClosed(a)) this.useI();
      this.out += setOutside(a);
    }
    this.quantifier();
  }

  private charClass(): string {
    const p = this.p;
    this.pos++; // [
    let neg = false;
    if (p[this.pos] === '^') {
      neg = true;
      this.pos++;
    }
    const items: string[] = [];
    let cased = false; // does the class contain anything that case folding would change?
    let first = true;
    for (;;) {
      if (this.pos >= p.length) throw invalid(p, 'unclosed character class');
      const c = p[this.pos]!;
      if (this.flags.x && isRustWhitespace(c)) {
        this.pos++;
        continue;
      }
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.pos));
        if (!m) throw unsupported(`regex: nested character class in '${p}'`);
        const r = POSIX[m[2]!];
        if (!r) throw invalid(p, `unknown POSIX class ${m[2]}`);
        this.pos += m[0].length;
        const rs = m[1] ? complement(r) : r;
        cased ||= rs.some(([lo, hi]) => rangeHasCased(lo, hi));
        items.push(rangesToJs(rs));
        continue;
      }
      const two = p.slice(this.pos, this.pos + 2);
      if (two === '&&' || two === '--' || two === '~~') throw unsupported(`regex: character class set operation '${two}' in '${p}'`);
      const lo = this.classAtom();
      if (typeof lo !== 'number') {
        cased ||= !caseClosed(lo);
        items.push(setInside(lo, p));
        continue;
      }
      if (p[this.pos] === '-' && p[this.pos + 1] !== ']' && this.pos + 1 < p.length) {
        this.pos++;
        if (p[this.pos] === '-') throw unsupported(`regex: character class set operation '--' in '${p}'`);
        const hi = this.classAtom();
        if (typeof hi !== 'number') throw invalid(p, 'invalid range end in character class');
        if (hi < lo) throw invalid(p, 'invalid character class range');
        cased ||= rangeHasCased(lo, hi);
        items.push(`${cpToJs(lo)}-${cpToJs(hi)}`);
      } else {
        cased ||= rangeHasCased(lo, lo);
        items.push(cpToJs(lo));
      }
    }
    if (cased) this.useI();
    return `[${neg ? '^' : ''}${items.join('')}]`;
  }

  private classAtom(): number | CharSet {
    const p = this.p;
    if (p[this.pos] === '\\') {
      this.pos++;
      return this.escapeAtom(true);
    }
    const cp = p.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/** Conservative: true if [lo, hi] may hold a character whose case folding differs from itself. */
function rangeHasCased(lo: number, hi: number): boolean {
  return (lo <= 90 && hi >= 65) || (lo <= 122 && hi >= 97) || hi >= 128;
}

const CASE_CLOSED_PROPS = new Set(['\\p{Nd}', '\\p{White_Space}', ...WORD_PROPS]);
/** True if the set is closed under case folding, so the `i` flag cannot change what it matches. */
function caseClosed(s: CharSet): boolean {
  if (s.kind === 'ranges') return !s.ranges.some(([lo, hi]) => rangeHasCased(lo, hi)) || s.ranges === ASCII_WORD;
  return s.props.every((p) => CASE_CLOSED_PROPS.has(p) || p.startsWith('\\p{Script='));
}

function setOf(ranges: [number, number][], neg: boolean): CharSet {
  return { kind: 'ranges', ranges: neg ? complement(ranges) : ranges };
}

function setOutside(s: CharSet): string {
  if (s.kind === 'ranges') return `[${rangesToJs(s.ranges)}]`;
  return `[${s.neg ? '^' : ''}${s.props.join('')}]`;
}

function setInside(s: CharSet, pattern: string): string {
  if (s.kind === 'ranges') return rangesToJs(s.ranges);
  if (!s.neg) return s.props.join('');
  if (s.props.length === 1) return s.props[0]!.replace('\\p{', '\\P{');
  throw unsupported(`regex: negated multi-property class (such as \\W) inside a character class in '${pattern}'`);
}

const MAX_CACHE = 4096;
const translated = new Map<string, TranslatedRegex>();
const compiled = new Map<string, RegExp>();
const compiledGlobal = new Map<string, RegExp>();

function cacheKey(pattern: string, flags: string): string {
  return `${flags}\u0000${pattern}`;
}

/**
 * Translates a Kusto regex to JS. `flags` are Kusto flag letters (`i m s x U`) applied as if the pattern
 * started with `(?flags)`, as `parse kind=regex flags=...` does.
 */
export function translateKustoRegex(pattern: string, flags = ''): TranslatedRegex {
  const key = cacheKey(pattern, flags);
  let t = translated.get(key);
  if (!t) {
    t = new Translator(pattern, flags).run();
    if (translated.size >= MAX_CACHE) translated.clear();
    translated.set(key, t);
  }
  return t;
}

/** A non-global JS RegExp for a Kusto regex (safe to share: `test`/`exec` do not use lastIndex). */
export function compileKustoRegex(pattern: string, flags = ''): RegExp {
  const key = cacheKey(pattern, flags);
  let re = compiled.get(key);
  if (!re) {
    const t = translateKustoRegex(pattern, flags);
    re = new RegExp(t.source, t.flags);
    if (compiled.size >= MAX_CACHE) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** A global (`g`) JS RegExp for a Kusto regex; iterate it with `forEachMatch`, which resets lastIndex. */
export function compileKustoRegexGlobal(pattern: string, flags = ''): RegExp {
  const key = cacheKey(pattern, flags);
  let re = compiledGlobal.get(key);
  if (!re) {
    const t = translateKustoRegex(pattern, flags);
    re = new RegExp(t.source, t.flags + 'g');
    if (compiledGlobal.size >= MAX_CACHE) compiledGlobal.clear();
    compiledGlobal.set(key, re);
  }
  return re;
}

/**
 * Calls `cb` for each successive non-overlapping match of the global regex `re` in `s`, the way RE2/Rust
 * iterate: an empty match that starts where the previous match ended is skipped. Stops if `cb` returns false.
 */
export function forEachMatch(re: RegExp, s: string, cb: (m: RegExpExecArray) => boolean | void): void {
  re.lastIndex = 0;
  let lastEnd = -1;
  while (re.lastIndex <= s.length) {
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    if (end === start) {
      // exec does not advance past an empty match; step one code point.
      const c = s.charCodeAt(start);
      re.lastIndex = start + (c >= 0xd800 && c <= 0xdbff && start + 1 < s.length ? 2 : 1);
      if (start === lastEnd) continue;
    }
    lastEnd = end;
    if (cb(m) === false) break;
  }
  re.lastIndex = 0;
}

/** No row functions here (regex users live in string.ts and string-operators.ts); exported for a uniform registry. */
export const functions: import('./scalar-function.js').ScalarFunction[] = [];
