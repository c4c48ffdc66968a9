/**
 * Loads Microsoft's Kusto.Language (the Bridge.NET build in `@kusto/language-service-next`) once per process and
 * hands out parse-and-bind results. Only `kql/language/` touches Kusto.Language objects.
 */
import { createRequire } from 'node:module';
import { KqlError } from '../errors.js';
let loaded = null;
export function kusto() {
    if (loaded)
        return loaded;
    const require = createRequire(import.meta.url);
    // A script, not a module: it defines the globals Bridge, System and Kusto.
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    const g = globalThis;
    loaded = { K: g.Kusto.Language, Bridge: g.Bridge, System: g.System };
    return loaded;
}
export function quoteName(name) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}
/** Immutable binder state for a set of tables; rebuilt only when the catalog changes. */
export function buildGlobals(tables, functions = []) {
    const { K } = kusto();
    const S = K.Symbols;
    // Column symbols built directly: parsing a schema text per table costs seconds on a cold start.
    const symbols = tables.map((t) => {
        const cols = t.schema.map((f) => new S.ColumnSymbol(f.name, S.ScalarTypes.GetSymbol(f.type), null, null, null, null));
        return new S.TableSymbol.$ctor4(t.name, cols);
    });
    for (const f of functions)
        symbols.push(new S.FunctionSymbol.$ctor14(f.name, f.parameters, f.body, null));
    const db = new S.DatabaseSymbol.ctor('edgewatch', symbols);
    return K.GlobalState.Default.WithDatabase(db);
}
export function kindName(node) {
    const { K, System } = kusto();
    return System.Enum.toString(K.Syntax.SyntaxKind, node.Kind);
}
/** Parses and binds; throws a KqlError with Kusto's own diagnostic text, position and a caret on any error. */
export function analyze(text, globals) {
    const { K, Bridge } = kusto();
    const code = K.KustoCode.ParseAndAnalyze(text, globals);
    const diags = Bridge.toArray(code.GetDiagnostics()).filter((d) => String(d.Severity) === 'Error');
    if (diags.length > 0) {
        // Parser diagnostics are syntax errors; the rest come from the binder.
        const parsed = K.KustoCode.Parse(text, globals);
        const syntaxDiags = new Set(Bridge.toArray(parsed.GetDiagnostics()).map((d) => `${d.Code}@${d.Start}`));
        const infos = diags.map((d) => toInfo(text, d));
        const isSyntax = diags.some((d) => syntaxDiags.has(`${d.Code}@${d.Start}`));
        throw new KqlError(isSyntax ? 'syntax' : 'semantic', formatDiagnostics(text, infos), infos);
    }
    return code;
}
function toInfo(text, d) {
    const start = Math.min(Math.max(0, d.Start), text.length);
    const { line, column } = lineCol(text, start);
    return { code: String(d.Code), message: String(d.Message), start, length: Math.max(1, d.Length ?? d.End - d.Start), line, column };
}
export function lineCol(text, offset) {
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
export function formatDiagnostics(text, infos) {
    const lines = text.split('\n');
    return infos
        .map((d) => {
        const src = lines[d.line - 1] ?? '';
        const width = Math.max(1, Math.min(d.length, src.length - d.column + 1));
        return `error ${d.code}: ${d.message} (line ${d.line}, column ${d.column})\n  ${src}\n  ${' '.repeat(d.column - 1)}${'^'.repeat(width)}`;
    })
        .join('\n');
}
