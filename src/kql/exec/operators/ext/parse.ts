/**
 * `parse` and `parse-where` (query/parse-operator.md, parse-where-operator.md), and the row-extraction operator
 * they share with `parse-kv`.
 *
 * The pattern becomes one regex, compiled once per query: `*` is `.*?`, each column a capture group, the whole
 * anchored at both ends (a trailing column takes the rest of the text; text after the last delimiter needs a
 * trailing `*`). Column groups:
 * - simple/relaxed: literals are escaped; string (and other free-text) columns are lazy `(.*?)`; int/long/real
 *   columns match digits (`-?\d+` as the doc's "long was translated to \-\d+"), which is what lets a `*` follow them;
 *   `.` matches newlines (the text is plain, not a regex).
 * - regex: literals are Kusto regex text; free-text columns are greedy `(.*)`: the doc's example output
 *   (`parse kind=regex ... "resourceName=" resourceName ',' *` returns everything up to the last comma, and
 *   flags=U makes it stop at the first) shows greedy columns, whatever its prose says. `flags` apply to the whole.
 * - simple/regex are strict: a typed column whose text does not convert fails the whole match (every new column
 *   null; parse-where drops the row). relaxed: a typed column is `(digits|.*?)`, a failed conversion nulls only
 *   that column.
 * The source is converted to string first. A dictionary-encoded source is parsed once per distinct value.
 */
import type { Batch, Schema } from '../../../data/batch.js';
import type { Boxed, KType } from '../../../data/types.js';
import { DictVector, FlatVector, type Vector, VectorBuilder } from '../../../data/vector.js';
import { KqlError, unsupported } from '../../../errors.js';
import { convertTo } from '../../../functions/conversion.js';
import { translateKustoRegex } from '../../../functions/regex.js';
import type { ParseParams, ParsePart } from '../../../language/operators/parse.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';

/** Values of the new columns for one source text, or null when the text does not match (all new columns null). */
export type Extractor = (text: string) => Boxed[] | null;

/**
 * Adds the columns an extractor computes from a string expression; with `dropUnmatched`, rows whose text does not
 * match are dropped. Input columns pass through untouched (selections, no copies).
 */
export class ExtractOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly source: PhysicalExpr,
    readonly extract: Extractor,
    readonly schema: Schema,
    /** Output slot of the first new column (input columns come first, unchanged). */
    readonly firstNew: number,
    readonly dropUnmatched: boolean,
    readonly label: string,
  ) {
    this.children = [input];
  }
  describe(): string {
    return `${this.label} source=${this.source.describe}`;
  }
  *execute(): Iterable<Batch> {
    const types = this.schema.slice(this.firstNew).map((f) => f.type);
    // Per dictionary: the extraction of each code, computed on first use; string outputs keep the source's codes.
    const perDict = new Map<FlatVector, { results: (Boxed[] | null | undefined)[]; strings: (string[] | null)[] }>();
    for (const b of this.input.execute()) {
      const n = b.length;
      const v = this.source.eval(b);
      let rowResult: (k: number) => Boxed[] | null;
      let dictState: { results: (Boxed[] | null | undefined)[]; strings: (string[] | null)[] } | null = null;
      if (v.enc === 'dict') {
        let st = perDict.get(v.dict);
        if (!st) {
          st = { results: new Array(v.dict.length), strings: types.map((t) => (t === 'string' ? new Array<string>(v.dict.length).fill('') : null)) };
          perDict.set(v.dict, st);
        }
        const s = st;
        dictState = s;
        const dict = v.dict;
        const from = v.type;
        rowResult = (k) => {
          const c = v.code(k);
          let r = s.results[c];
          if (r === undefined) {
            const got = this.extract(toText(dict.get(c), from));
            r = got;
            s.results[c] = got;
            s.strings.forEach((arr, j) => {
              if (arr) arr[c] = got === null ? '' : ((got[j] as string | null) ?? '');
            });
          }
          return r;
        };
      } else if (v.enc === 'const') {
        const r = this.extract(toText(v.value, v.type));
        rowResult = () => r;
      } else {
        rowResult = (k) => this.extract(toText(v.get(k), v.type));
      }
      const results: (Boxed[] | null)[] = new Array(n);
      let kept = 0;
      for (let k = 0; k < n; k++) {
        const r = rowResult(k);
        results[k] = r;
        if (r !== null) kept++;
      }
      let pos: Uint32Array | null = null;
      let m = n;
      if (this.dropUnmatched && kept < n) {
        if (kept === 0) continue;
        pos = new Uint32Array(kept);
        let o = 0;
        for (let k = 0; k < n; k++) if (results[k] !== null) pos[o++] = k;
        m = kept;
      }
      const columns: Vector[] = pos ? b.columns.map((c) => c.select(pos!, m)) : [...b.columns];
      types.forEach((t, j) => {
        const strings = dictState?.strings[j];
        if (strings && v.enc === 'dict') {
          // Shares the source's codes: a string output of a dictionary source stays dictionary-encoded.
          const dv = new DictVector('string', v.codes, new FlatVector('string', strings, null), v.sel, v.length);
          columns.push(pos ? dv.select(pos, m) : dv);
          return;
        }
        const vb = new VectorBuilder(t, m);
        for (let i = 0; i < m; i++) {
          const r = results[pos ? pos[i] : i];
          vb.set(i, r === null ? null : r[j]);
        }
        columns.push(vb.finish());
      });
      yield { columns, length: m };
    }
  }
}

export function toText(v: Boxed, type: KType): string {
  if (v === null) return '';
  if (type === 'string') return v as string;
  return convertTo(v, type, 'string') as string;
}

/** Converts captured text to a column type; undefined when it does not convert. */
export function convertCapture(s: string, t: KType): Boxed | undefined {
  if (t === 'string') return s;
  if (t === 'dynamic') throw unsupported('parse into a dynamic column');
  const v = convertTo(s, 'string', t);
  return v === null ? undefined : v;
}

const JS_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

const NUMERIC: Partial<Record<KType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?',
};

/** Builds the extractor of a parse pattern (see the file comment). */
export function compileParsePattern(p: ParseParams): { extract: Extractor; regex: RegExp } {
  const cols = p.parts.filter((x): x is Extract<ParsePart, { t: 'col' }> => x.t === 'col');
  let re: RegExp;
  let groups: number[];
  if (p.kind === 'regex') {
    // Kusto regex text with named groups (user groups in literals shift the numbering), translated once.
    let src = '\\A';
    let i = 0;
    for (const x of p.parts) {
      if (x.t === 'star') src += '.*?';
      else if (x.t === 'lit') src += x.text;
      else src += `(?P<parsecol${i++}>${NUMERIC[x.type] ?? '.*'})`;
    }
    src += '\\z';
    const t = translateKustoRegex(src, p.flags);
    re = new RegExp(t.source, t.flags);
    groups = cols.map((_, j) => t.groupNames.indexOf(`parsecol${j}`));
  } else {
    let src = '^';
    for (const x of p.parts) {
      if (x.t === 'star') src += '.*?';
      else if (x.t === 'lit') src += x.text.replace(JS_SYNTAX, '\\$&');
      else {
        const num = NUMERIC[x.type];
        src += num ? (p.kind === 'relaxed' ? `(${num}|.*?)` : `(${num})`) : '(.*?)';
      }
    }
    src += '$';
    re = new RegExp(src, 'su');
    groups = cols.map((_, j) => j + 1);
  }
  for (const c of cols) if (c.type === 'dynamic' || c.type === 'decimal') throw unsupported(`parse into a ${c.type} column`);
  const relaxed = p.kind === 'relaxed';
  const extract: Extractor = (text) => {
    const m = re.exec(text);
    if (!m) return null;
    const out: Boxed[] = new Array(cols.length);
    for (let j = 0; j < cols.length; j++) {
      const v = convertCapture(m[groups[j]] ?? '', cols[j].type);
      if (v === undefined) {
        if (!relaxed) return null;
        out[j] = null;
      } else out[j] = v;
    }
    return out;
  };
  return { extract, regex: re };
}

function plan(where: boolean) {
  return (node: { params: unknown; schema: Schema }, inputs: PhysicalOp[], exprs: PhysicalExpr[]): PhysicalOp => {
    const p = node.params as ParseParams;
    if (exprs.length !== 1 || inputs.length !== 1) throw new KqlError('semantic', 'parse: expects one input and one expression');
    const { extract, regex } = compileParsePattern(p);
    return new ExtractOp(inputs[0], exprs[0], extract, node.schema, p.firstNew, where, `${where ? 'ParseWhereExec' : 'ParseExec'} kind=${p.kind} /${regex.source}/${regex.flags}`);
  };
}

registerExtension('parse', plan(false));
registerExtension('parse-where', plan(true));
