/**
 * Loads Microsoft's Kusto.Language (the Bridge.NET build in `@kusto/language-service-next`) once per process and
 * hands out parse-and-bind results. Only `kql/language/` touches Kusto.Language objects.
 */
import { createRequire } from 'node:module';
import { KqlError, type DiagnosticInfo } from '../errors.js';
import type { Schema } from '../data/batch.js';
import { DATABASE_NAME } from './database-name.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type KNode = any;

let loaded: { K: any; Bridge: any; System: any } | null = null;

export function kusto(): { K: any; Bridge: any; System: any } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  // A script, not a module: it defines the globals Bridge, System and Kusto.
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  const g = globalThis as any;
  loaded = { K: g.Kusto.Language, Bridge: g.Bridge, System: g.System };
  relaxIntParameters(loaded.K, loaded.Bridge);
  countAnyExpression(loaded.K, loaded.Bridge);
  nameCovarianceAfterBothColumns(loaded.K);
  return loaded;
}

/**
 * The engine names `covariance(x, y)` `covariance_x_y` (oracle covariance*-aggregation-function-00, likewise
 * covarianceif, covariancep, covariancepif); Kusto.Language's PrefixAndFirstArgument naming gives `covariance_x`.
 * The binder's naming is extended so later operators see the engine's name too.
 */
function nameCovarianceAfterBothColumns(K: any): void {
  const B = K.Binding.Binder;
  const original = B.GetFunctionResultName;
  B.GetFunctionResultName = function (fc: any, defaultName = '', row: any = null): string | null {
    const name = original.call(this, fc, defaultName, row);
    const fn = String(fc?.ReferencedSymbol?.Name ?? '');
    if (!name || !/^covariancep?(if)?$/.test(fn) || fc.ArgumentList.Expressions.Count < 2) return name;
    const second = B.GetExpressionResultName(fc.ArgumentList.Expressions.getItem$1(1).Element$1, '');
    return second ? `${name}_${second}` : name;
  };
}

/**
 * Built-in parameters Kusto.Language types more strictly than the docs and the engine:
 * - `series_fit_poly`'s degree is declared `int`, so the `5` of the docs' own example `series_fit_poly(y, x, 5)`
 *   (a long literal) fails to bind (KS107): it takes an integer of either type;
 * - `make_timespan`'s seconds must be an integer for the binder (KS134), while make-timespan-function.md gives
 *   "second: a real from 0 to 59.9999999": it takes any number (community queries write make_timespan(0, 0, 0.001)).
 */
function relaxIntParameters(K: any, Bridge: any): void {
  const P = K.Symbols.ParameterTypeKind;
  const relaxed: Record<string, Record<string, number>> = {
    series_fit_poly: { degree: P.Integer },
    make_timespan: { seconds: P.Number },
  };
  for (const f of Bridge.toArray(K.Functions.All)) {
    const kinds = relaxed[String(f.Name)];
    if (!kinds) continue;
    for (const sig of Bridge.toArray(f.Signatures)) {
      for (const p of Bridge.toArray(sig.Parameters)) {
        const kind = kinds[String(p.Name)];
        if (kind !== undefined) p.TypeKind = kind;
      }
    }
  }
}

/**
 * `count(expr)` with an expression of any type: Kusto.Language declares only `count(predicate: bool)` and rejects
 * `count(y)` over a real column (KS107), which the service runs and answers with the row count, nulls included
 * (summarize-operator.md, oracle summarize-operator-05 and -08; see aggregates/count.ts).
 */
function countAnyExpression(K: any, Bridge: any): void {
  const count = Bridge.toArray(K.Aggregates.All).find((f: any) => String(f.Name) === 'count');
  for (const sig of Bridge.toArray(count?.Signatures ?? [])) {
    for (const p of Bridge.toArray(sig.Parameters)) p.TypeKind = K.Symbols.ParameterTypeKind.Scalar;
  }
}

export interface TableDecl {
  readonly name: string;
  readonly schema: Schema;
}

/** A function declared to the binder (a Defender built-in such as DeviceFromIP): name, params, body as KQL text. */
export interface FunctionDecl {
  readonly name: string;
  readonly parameters: string; // e.g. "(ip:string)"
  readonly body: string; // e.g. "{ DeviceNetworkInfo | take 0 }"
  /**
   * Positions (in the call's argument list) of string parameters that name a column of the piped input:
   * `T | invoke FileProfile(SHA1)`. Kusto.Language binds invoke arguments without the input's row scope, so such
   * a name does not resolve (a Column / Column_Parameter0 argument kind does not help either); an unresolved
   * name there is passed as the string "SHA1" instead (see analyze).
   */
  readonly columnNameArgs?: readonly number[];
}

export function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}

/** Immutable binder state for a set of tables; rebuilt only when the catalog changes. */
export function buildGlobals(tables: readonly TableDecl[], functions: readonly FunctionDecl[] = []): any {
  const { K } = kusto();
  const S = K.Symbols;
  // Column symbols built directly: parsing a schema text per table costs seconds on a cold start.
  const symbols: any[] = tables.map((t) => {
    const cols = t.schema.map((f) => new S.ColumnSymbol(f.name, S.ScalarTypes.GetSymbol(f.type), null, null, null, null));
    return new S.TableSymbol.$ctor4(t.name, cols);
  });
  for (const f of functions) symbols.push(declaredFunction(f));
  const db = new S.DatabaseSymbol.ctor(DATABASE_NAME, symbols);
  const globals = K.GlobalState.Default.WithDatabase(db);
  const columnArgs = new Map<string, readonly number[]>();
  for (const f of functions) if (f.columnNameArgs?.length) columnArgs.set(f.name, f.columnNameArgs);
  if (columnArgs.size) columnNameArgs.set(globals, columnArgs);
  return globals;
}

/**
 * A FunctionSymbol from declaration text. $ctor16 is (name, parameter-list text, body text, description) ($ctor14,
 * which the text form was first passed to, takes Parameter objects). The parameters' default values it parses are
 * never bound (no ResultType), so the translator could not type them: each default is re-made as a bound literal.
 */
function declaredFunction(f: FunctionDecl): any {
  const { K, Bridge } = kusto();
  const S = K.Symbols;
  const parsed = new S.FunctionSymbol.$ctor16(f.name, f.parameters, f.body, null);
  const params: any[] = Bridge.toArray(Bridge.toArray(parsed.Signatures)[0].Parameters);
  if (!params.some((p) => p.DefaultValue && !p.DefaultValue.ResultType)) return parsed;
  const rebuilt = params.map((p) => {
    if (!p.DefaultValue || p.DefaultValue.ResultType) return p;
    const bound = boundConstant(String(p.DefaultValue.ToString()));
    const type = Bridge.toArray(p.DeclaredTypes)[0];
    return new S.Parameter.$ctor3(p.Name, type, p.ArgumentKind, p.Values, p.Examples, p.IsCaseSensitive,
      p.DefaultValueIndicator, p.MinOccurring, p.MaxOccurring, bound, p.Description);
  });
  return new S.FunctionSymbol.$ctor11(f.name, f.body, rebuilt);
}

/** A constant expression (`"SHA1"`, `100`, `datetime(null)`), parsed and bound on its own. */
function boundConstant(text: string): any {
  const { K, Bridge } = kusto();
  const code = K.KustoCode.ParseAndAnalyze(`print ${text}`, K.GlobalState.Default);
  let found: any = null;
  const visit = (n: any): void => {
    if (found || !n || typeof n.GetChild !== 'function') return;
    if (kindName(n) === 'PrintOperator') {
      found = Bridge.toArray(n.Expressions)[0].Element;
      return;
    }
    for (let i = 0; i < n.ChildCount; i++) visit(n.GetChild(i));
  };
  visit(code.Syntax);
  if (!found?.ResultType) throw new KqlError('semantic', `default value '${text}' is not a constant`);
  return found;
}

/** Per binder state: declared functions whose arguments at these positions name a column (FunctionDecl.columnNameArgs). */
const columnNameArgs = new WeakMap<object, Map<string, readonly number[]>>();

export function kindName(node: KNode): string {
  const { K, System } = kusto();
  return System.Enum.toString(K.Syntax.SyntaxKind, node.Kind);
}

/** Parses and binds; throws a KqlError with Kusto's own diagnostic text, position and a caret on any error. */
export function analyze(text: string, globals: any): KNode {
  const { K, Bridge } = kusto();
  let code = K.KustoCode.ParseAndAnalyze(text, globals);
  let diags = Bridge.toArray(code.GetDiagnostics()).filter((d: any) => String(d.Severity) === 'Error');
  let bound = text;
  let toOriginal = (p: number) => p;
  if (diags.length > 0) {
    const edits = columnNameEdits(code, globals);
    if (edits.length > 0) {
      const r = applyEdits(text, edits);
      bound = r.text;
      toOriginal = r.toOriginal;
      code = K.KustoCode.ParseAndAnalyze(bound, globals);
      diags = Bridge.toArray(code.GetDiagnostics()).filter((d: any) => String(d.Severity) === 'Error');
    }
  }
  if (diags.length > 0) {
    // Parser diagnostics are syntax errors; the rest come from the binder.
    const parsed = K.KustoCode.Parse(bound, globals);
    const syntaxDiags = new Set(Bridge.toArray(parsed.GetDiagnostics()).map((d: any) => `${d.Code}@${d.Start}`));
    const infos = diags.map((d: any) => {
      const start = toOriginal(d.Start);
      const end = toOriginal(d.Start + Math.max(1, d.Length ?? d.End - d.Start));
      return toInfo(text, { Code: d.Code, Message: d.Message, Start: start, Length: Math.max(1, end - start) });
    });
    const isSyntax = diags.some((d: any) => syntaxDiags.has(`${d.Code}@${d.Start}`));
    throw new KqlError(isSyntax ? 'syntax' : 'semantic', formatDiagnostics(text, infos), infos);
  }
  analyzedGlobals.set(code.Syntax, globals);
  return code;
}

/** The binder state each analyzed tree was bound with (by root node): `find` / `search` with no `in` read every table. */
const analyzedGlobals = new WeakMap<object, any>();

/** The database's table symbols in scope of an analyzed node, or null when the tree is not one analyze() bound. */
export function databaseTableSymbols(node: KNode): any[] | null {
  const { Bridge } = kusto();
  const globals = analyzedGlobals.get(node.Root ?? node);
  return globals ? Bridge.toArray(globals.Database.Tables) : null;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/**
 * Unresolved names passed where a declared function takes a column name (`invoke FileProfile(SHA1)`): each becomes
 * a string literal of the same name. A name that resolves (a let-bound string, say) is left alone.
 */
function columnNameEdits(code: any, globals: any): Edit[] {
  const fns = columnNameArgs.get(globals);
  if (!fns) return [];
  const edits: Edit[] = [];
  const visit = (node: any): void => {
    if (!node || typeof node.GetChild !== 'function') return;
    if (kindName(node) === 'FunctionCallExpression') {
      const positions = fns.get(String(node.Name?.SimpleName ?? ''));
      if (positions && node.ArgumentList) {
        const args = elementsOf(node.ArgumentList.Expressions);
        const columns = invokeInputColumns(node);
        for (const i of positions) {
          const a = args[i];
          if (!a || kindName(a) !== 'NameReference' || a.ReferencedSymbol) continue;
          const name = String(a.SimpleName);
          // Only a column of the piped input: any other unknown name stays the binder's error.
          if (!columns.has(name)) continue;
          edits.push({ start: a.TextStart, end: a.End, replacement: JSON.stringify(name) });
        }
      }
    }
    for (let i = 0; i < node.ChildCount; i++) visit(node.GetChild(i));
  };
  visit(code.Syntax);
  return edits.sort((a, b) => a.start - b.start);
}

/** Column names of the table piped into `| invoke f(...)` (empty when the call is not an invoke's function). */
function invokeInputColumns(call: any): Set<string> {
  const { Bridge } = kusto();
  const invoke = call.Parent;
  const pipe = invoke?.Parent;
  if (!invoke || kindName(invoke) !== 'InvokeOperator' || !pipe || kindName(pipe) !== 'PipeExpression') return new Set();
  const table = pipe.Expression?.ResultType;
  const cols = table?.Columns ? Bridge.toArray(table.Columns) : [];
  return new Set(cols.map((c: any) => String(c.Name)));
}

function elementsOf(list: any): any[] {
  const { Bridge } = kusto();
  return list ? Bridge.toArray(list).map((x: any) => (x && x.Element !== undefined ? x.Element : x)) : [];
}

/** Applies non-overlapping, sorted edits; toOriginal maps an offset in the edited text back to the original. */
function applyEdits(text: string, edits: readonly Edit[]): { text: string; toOriginal: (p: number) => number } {
  let out = '';
  let at = 0;
  const spans: { newStart: number; newEnd: number; origStart: number; origEnd: number }[] = [];
  for (const e of edits) {
    out += text.slice(at, e.start);
    const newStart = out.length;
    out += e.replacement;
    spans.push({ newStart, newEnd: out.length, origStart: e.start, origEnd: e.end });
    at = e.end;
  }
  out += text.slice(at);
  const toOriginal = (p: number): number => {
    let delta = 0;
    for (const s of spans) {
      if (p < s.newStart) break;
      if (p < s.newEnd) return s.origStart + Math.min(p - s.newStart, s.origEnd - s.origStart);
      delta = s.newEnd - s.origEnd;
    }
    return Math.max(0, Math.min(text.length, p - delta));
  };
  return { text: out, toOriginal };
}

function toInfo(text: string, d: any): DiagnosticInfo {
  const start = Math.min(Math.max(0, d.Start), text.length);
  const { line, column } = lineCol(text, start);
  return { code: String(d.Code), message: String(d.Message), start, length: Math.max(1, d.Length ?? d.End - d.Start), line, column };
}

export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** `error KS204: message (line 3, column 9)`, the line itself, and a caret under the spot. */
export function formatDiagnostics(text: string, infos: readonly DiagnosticInfo[]): string {
  const lines = text.split('\n');
  return infos
    .map((d) => {
      const src = lines[d.line - 1] ?? '';
      const width = Math.max(1, Math.min(d.length, src.length - d.column + 1));
      return `error ${d.code}: ${d.message} (line ${d.line}, column ${d.column})\n  ${src}\n  ${' '.repeat(d.column - 1)}${'^'.repeat(width)}`;
    })
    .join('\n');
}
