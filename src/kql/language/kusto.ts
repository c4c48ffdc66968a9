/**
 * Loads Microsoft's Kusto.Language (the Bridge.NET build in `@kusto/language-service-next`) once per process and
 * hands out parse-and-bind results. Only `kql/language/` touches Kusto.Language objects.
 */
import { createRequire } from 'node:module';
import { KqlError, type DiagnosticInfo } from '../errors.js';
import type { Schema } from '../data/batch.js';

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
  return loaded;
}

export interface TableDecl {
  readonly name: string;
  readonly schema: Schema;
}

/** A scalar function declared to the binder only (a Defender built-in such as DeviceFromIP): name, params, body. */
export interface FunctionDecl {
  readonly name: string;
  readonly parameters: string; // e.g. "(ip:string)"
  readonly body: string; // e.g. "{ DeviceNetworkInfo | take 0 }"
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
  for (const f of functions) symbols.push(new S.FunctionSymbol.$ctor14(f.name, f.parameters, f.body, null));
  const db = new S.DatabaseSymbol.ctor('edgewatch', symbols);
  return K.GlobalState.Default.WithDatabase(db);
}

export function kindName(node: KNode): string {
  const { K, System } = kusto();
  return System.Enum.toString(K.Syntax.SyntaxKind, node.Kind);
}

/** Parses and binds; throws a KqlError with Kusto's own diagnostic text, position and a caret on any error. */
export function analyze(text: string, globals: any): KNode {
  const { K, Bridge } = kusto();
  const code = K.KustoCode.ParseAndAnalyze(text, globals);
  const diags = Bridge.toArray(code.GetDiagnostics()).filter((d: any) => String(d.Severity) === 'Error');
  if (diags.length > 0) {
    // Parser diagnostics are syntax errors; the rest come from the binder.
    const parsed = K.KustoCode.Parse(text, globals);
    const syntaxDiags = new Set(Bridge.toArray(parsed.GetDiagnostics()).map((d: any) => `${d.Code}@${d.Start}`));
    const infos = diags.map((d: any) => toInfo(text, d));
    const isSyntax = diags.some((d: any) => syntaxDiags.has(`${d.Code}@${d.Start}`));
    throw new KqlError(isSyntax ? 'syntax' : 'semantic', formatDiagnostics(text, infos), infos);
  }
  return code;
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
