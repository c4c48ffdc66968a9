/**
 * `parse-kv` (query/parse-kv-operator.md): extracts the listed keys from key/value text. Three modes:
 * - specified delimiters (`pair_delimiter`, `kv_delimiter`): pairs are split on the pair delimiter, keys from
 *   values on the kv delimiter; keys and values may be quoted (`quote=`, with `escape=` characters inside quotes);
 *   `greedy=true` lets an unquoted value run to the pair delimiter before the next key (or to the end);
 * - no delimiters: any non-alphanumeric character delimits; a key token is followed by its value token;
 * - `regex=`: every match gives a key (group 1) and a value (group 2).
 * Keys and values are trimmed; the first appearance of a key wins; a missing key or a value that does not convert
 * to the column type gives null ("" for strings).
 */
import type { Schema } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { KqlError } from '../../../errors.js';
import { forEachMatch, translateKustoRegex } from '../../../functions/regex.js';
import type { ParseKvParams } from '../../../language/operators/parse.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { ExtractOp, type Extractor, convertCapture } from './parse.js';

interface Scanner {
  readonly quotes: readonly [string, string][];
  readonly escapes: readonly string[];
}

/** Reads a quoted token at `i` (which holds an opening quote); returns the unescaped text and the end index. */
function readQuoted(s: string, i: number, close: string, sc: Scanner): { text: string; end: number } {
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j];
    if (sc.escapes.includes(c) && j + 1 < s.length) {
      out += s[j + 1];
      j += 2;
      continue;
    }
    if (c === close) return { text: out, end: j + 1 };
    out += c;
    j++;
  }
  return { text: out, end: s.length };
}

function quoteAt(s: string, i: number, sc: Scanner): string | null {
  for (const [open, close] of sc.quotes) if (s.startsWith(open, i)) return close;
  return null;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i])) i++;
  return i;
}

/** Key/value pairs of `s` with explicit delimiters, in order of appearance. */
function delimitedPairs(s: string, pair: string, kv: string, greedy: boolean, sc: Scanner): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  while (i < s.length) {
    i = skipSpaces(s, i);
    if (i >= s.length) break;
    // Key: quoted, or up to the kv delimiter (a pair delimiter first means a token without a value).
    let key: string;
    const kq = quoteAt(s, i, sc);
    if (kq !== null) {
      const q = readQuoted(s, i, kq, sc);
      key = q.text;
      i = skipSpaces(s, q.end);
      if (!s.startsWith(kv, i)) {
        const next = s.indexOf(pair, i);
        if (next < 0) break;
        i = next + pair.length;
        continue;
      }
    } else {
      const kvAt = s.indexOf(kv, i);
      const pairAt = s.indexOf(pair, i);
      if (kvAt < 0) break;
      if (pairAt >= 0 && pairAt < kvAt) {
        i = pairAt + pair.length;
        continue;
      }
      key = s.slice(i, kvAt).trim();
      i = kvAt;
    }
    i = skipSpaces(s, i + kv.length);
    // Value: quoted, or up to the pair delimiter (greedy: up to the pair delimiter before the next key).
    let value: string;
    const vq = quoteAt(s, i, sc);
    if (vq !== null) {
      const q = readQuoted(s, i, vq, sc);
      value = q.text;
      const next = s.indexOf(pair, q.end);
      i = next < 0 ? s.length : next + pair.length;
    } else {
      let end = s.indexOf(pair, i);
      if (greedy) {
        const nextKv = s.indexOf(kv, i);
        if (nextKv < 0) end = -1;
        else {
          const before = s.lastIndexOf(pair, nextKv - 1);
          end = before >= i ? before : end;
        }
      }
      if (end < 0) {
        value = s.slice(i);
        i = s.length;
      } else {
        value = s.slice(i, end);
        i = end + pair.length;
      }
    }
    out.push([key.trim(), value.trim()]);
  }
  return out;
}

const ALNUM = /[\p{L}\p{N}_]/u;

/** Tokens of `s` when any non-alphanumeric character delimits (quoted tokens keep their delimiters). */
function tokens(s: string, sc: Scanner): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const q = quoteAt(s, i, sc);
    if (q !== null) {
      const r = readQuoted(s, i, q, sc);
      out.push(r.text.trim());
      i = r.end;
      continue;
    }
    if (!ALNUM.test(s[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && ALNUM.test(s[j]) && quoteAt(s, j, sc) === null) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

export function compileParseKv(p: ParseKvParams): Extractor {
  const sc: Scanner = { quotes: p.quotes, escapes: p.escapes };
  const index = new Map<string, number>();
  p.keys.forEach((k, j) => {
    if (!index.has(k.name)) index.set(k.name, j);
  });
  let pairsOf: (s: string) => Iterable<[string, string]>;
  if (p.regex !== null) {
    const t = translateKustoRegex(p.regex);
    if (t.groupCount !== 2) throw new KqlError('semantic', `parse-kv: the regex must have exactly two capturing groups, it has ${t.groupCount}`);
    const re = new RegExp(t.source, t.flags + 'g');
    pairsOf = (s) => {
      const out: [string, string][] = [];
      forEachMatch(re, s, (m) => {
        out.push([(m[1] ?? '').trim(), (m[2] ?? '').trim()]);
      });
      return out;
    };
  } else if (p.pairDelimiter !== null && p.kvDelimiter !== null) {
    const pair = p.pairDelimiter;
    const kv = p.kvDelimiter;
    pairsOf = (s) => delimitedPairs(s, pair, kv, p.greedy, sc);
  } else {
    pairsOf = (s) => {
      const ts = tokens(s, sc);
      const out: [string, string][] = [];
      for (let i = 0; i + 1 < ts.length; i++) {
        if (index.has(ts[i])) {
          out.push([ts[i], ts[i + 1]]);
          i++;
        }
      }
      return out;
    };
  }
  return (text) => {
    const out: Boxed[] = new Array(p.keys.length).fill(null);
    const found = new Array<boolean>(p.keys.length).fill(false);
    for (const [k, v] of pairsOf(text)) {
      const j = index.get(k);
      if (j === undefined || found[j]) continue;
      found[j] = true;
      out[j] = convertCapture(v, p.keys[j].type) ?? null;
    }
    return out;
  };
}

registerExtension('parse-kv', (node: { params: unknown; schema: Schema }, inputs: PhysicalOp[], exprs: PhysicalExpr[]) => {
  const p = node.params as ParseKvParams;
  return new ExtractOp(inputs[0], exprs[0], compileParseKv(p), node.schema, p.firstNew, false, `ParseKvExec keys=${p.keys.map((k) => k.name).join(',')}`);
});
