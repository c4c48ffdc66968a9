/**
 * `find` and `search`: a predicate over several tables (the `in (...)` list, the piped input, or every table of
 * the database), as a union of one filtered, re-shaped leg per table. Built from core plan nodes (scan, filter,
 * project, union); the output schema is the binder's:
 * - find: `source_` (or the `withsource=` name), then with project-smart the predicate's columns and the columns
 *   common to the tables, plus `pack_`, a bag of each row's other columns (omitted when nothing is left over);
 *   with `project` the listed columns. Tables that have none of the predicate's columns are skipped.
 * - search: `$table`, then the union of the tables' columns (a name used with several types becomes
 *   `name_type` columns, as union does).
 * The predicate is evaluated per table: a column a table lacks reads as null there (the docs' "in practice
 * EventsTable1 rows will be filtered with Version == 'v1.0.0'"), a column whose type differs from the binder's
 * common type is converted to it. Term forms: `"term"` and `* has "term"` look at every column of the table
 * (non-string columns as text); search adds `"term*"` (hasprefix), `"*term"` (hassuffix), `"*term*"`
 * (contains), `"te*rm"` (matches regex \bte.*rm\b), `Col:"term"` (the same rules on one column), `*` (all rows)
 * and kind=case_sensitive.
 */
import type { Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import { type Expr, Exprs } from '../../plan/expr.js';
import type { LogicalPlan, NamedExpr } from '../../plan/logical-plan.js';
import { databaseTableSymbols, type KNode } from '../kusto.js';
import { schemaOf } from '../translate.js';
import type { TranslatorApi } from './api.js';
import { registerOperator, registerSource } from './index.js';

interface Source {
  readonly name: string;
  readonly plan: LogicalPlan;
  readonly schema: Schema;
}

/** Term operators on `*` (and their case-sensitive forms, for search kind=case_sensitive). */
const STAR_OPS: Record<string, string> = {
  HasExpression: 'op:has', HasCsExpression: 'op:has_cs', NotHasExpression: 'op:!has', NotHasCsExpression: 'op:!has_cs',
  HasPrefixExpression: 'op:hasprefix', HasPrefixCsExpression: 'op:hasprefix_cs',
  HasSuffixExpression: 'op:hassuffix', HasSuffixCsExpression: 'op:hassuffix_cs',
  ContainsExpression: 'op:contains', ContainsCsExpression: 'op:contains_cs',
  NotContainsExpression: 'op:!contains', NotContainsCsExpression: 'op:!contains_cs',
  StartsWithExpression: 'op:startswith', StartsWithCsExpression: 'op:startswith_cs',
  EndsWithExpression: 'op:endswith', EndsWithCsExpression: 'op:endswith_cs',
  EqualTildeExpression: 'op:=~', EqualExpression: 'op:==',
  MatchesRegexExpression: 'op:matches regex',
};
/** Negated forms hold when no column matches (an AND over the columns), the others when any column does. */
const NEGATED = new Set(['op:!has', 'op:!has_cs', 'op:!contains', 'op:!contains_cs']);

/** Case-insensitive operators, refused under kind=case_sensitive (which makes them case-sensitive). */
const CASE_INSENSITIVE = new Set([
  'HasExpression', 'NotHasExpression', 'HasPrefixExpression', 'NotHasPrefixExpression', 'HasSuffixExpression',
  'NotHasSuffixExpression', 'ContainsExpression', 'NotContainsExpression', 'StartsWithExpression',
  'NotStartsWithExpression', 'EndsWithExpression', 'NotEndsWithExpression', 'EqualTildeExpression',
  'BangTildeExpression', 'InCsExpression', 'NotInCsExpression', 'HasAnyExpression', 'HasAllExpression', 'LikeExpression',
]);

const CONVERT: Record<KType, string> = {
  bool: 'tobool', int: 'toint', long: 'tolong', real: 'toreal', decimal: 'todecimal', string: 'tostring',
  datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid', dynamic: 'todynamic',
};

const TRUE = Exprs.literal('bool', true);

function nullOf(type: KType): Expr {
  // Strings are never null in Kusto: a missing string column reads as "".
  return Exprs.literal(type, type === 'string' ? '' : null);
}

/** The value of a column of `src` as `type` (converted when the table's type differs), or null when it has none. */
function columnAs(src: Source, name: string, type: KType): Expr {
  const f = src.schema.find((c) => c.name === name);
  if (!f) return nullOf(type);
  const col = Exprs.column(f.name, f.type);
  if (f.type === type) return col;
  // A string as a dynamic string value: todynamic would parse "1" into the number 1.
  if (type === 'dynamic' && f.type === 'string') {
    return Exprs.call('op:index', [Exprs.call('pack_array', [col], 'dynamic'), Exprs.literal('long', 0n)], 'dynamic');
  }
  return Exprs.call(CONVERT[type], [col], type);
}

/** Re-targets an expression translated against the binder's view at one table's actual columns. */
function retarget(e: Expr, src: Source): Expr {
  switch (e.kind) {
    case 'column':
      return columnAs(src, e.name, e.type);
    case 'call':
      return Exprs.call(e.name, e.args.map((a) => retarget(a, src)), e.type);
    case 'listMatch':
      return Object.freeze({ ...e, target: retarget(e.target, src), values: e.values.map((v) => retarget(v, src)) });
    default:
      return e;
  }
}

function textOf(src: Source, f: Schema[number]): Expr {
  const col = Exprs.column(f.name, f.type);
  return f.type === 'string' ? col : Exprs.call('tostring', [col], 'string');
}

function anyColumn(src: Source, make: (col: Expr) => Expr, all = false): Expr {
  if (src.schema.length === 0) return Exprs.literal('bool', all);
  return src.schema.map((f) => make(textOf(src, f))).reduce((a, b) => Exprs.call(all ? 'op:and' : 'op:or', [a, b], 'bool'));
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** search's term forms: the placement of `*` picks the operator. */
function searchTerm(term: string, cs: boolean, cols: (make: (col: Expr) => Expr) => Expr): Expr {
  if (/^\*+$/.test(term)) return TRUE;
  const lead = term.startsWith('*');
  const trail = term.endsWith('*');
  const inner = term.replace(/^\*+/, '').replace(/\*+$/, '');
  const sfx = cs ? '_cs' : '';
  let make: (col: Expr) => Expr;
  if (inner.includes('*')) {
    const pattern = `${cs ? '' : '(?i)'}${lead ? '' : '\\b'}${inner.split(/\*+/).map(escapeRegex).join('.*')}${trail ? '' : '\\b'}`;
    make = (col) => Exprs.call('op:matches regex', [col, Exprs.literal('string', pattern)], 'bool');
  } else {
    const op = lead && trail ? `op:contains${sfx}` : lead ? `op:hassuffix${sfx}` : trail ? `op:hasprefix${sfx}` : `op:has${sfx}`;
    make = (col) => Exprs.call(op, [col, Exprs.literal('string', inner)], 'bool');
  }
  return cols(make);
}

interface PredicateContext {
  readonly api: TranslatorApi;
  readonly search: boolean;
  readonly caseSensitive: boolean;
}

function stringConstant(node: KNode, api: TranslatorApi): string {
  if (node.IsConstant && typeof node.ConstantValue === 'string') return node.ConstantValue;
  const e = api.scalar(node);
  if (e.kind === 'literal' && typeof e.value === 'string') return e.value;
  throw new KqlError('semantic', 'a search term must be a constant string');
}

function containsStar(node: KNode, api: TranslatorApi): boolean {
  if (!node || typeof node.GetChild !== 'function') return false;
  if (api.kindName(node) === 'StarExpression') return true;
  for (let i = 0; i < node.ChildCount; i++) if (containsStar(node.GetChild(i), api)) return true;
  return false;
}

/** The predicate of one table. */
function predicate(node: KNode, src: Source, ctx: PredicateContext): Expr {
  const { api } = ctx;
  const kind = api.kindName(node);
  switch (kind) {
    case 'AndExpression':
    case 'OrExpression':
      return Exprs.call(kind === 'AndExpression' ? 'op:and' : 'op:or', [predicate(node.Left, src, ctx), predicate(node.Right, src, ctx)], 'bool');
    case 'ParenthesizedExpression':
      return predicate(node.Expression, src, ctx);
    case 'StarExpression':
      return TRUE;
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression': {
      const term = stringConstant(node, api);
      const all = (make: (col: Expr) => Expr) => anyColumn(src, make);
      if (ctx.search) return searchTerm(term, ctx.caseSensitive, all);
      return all((col) => Exprs.call('op:has', [col, Exprs.literal('string', term)], 'bool'));
    }
    case 'SearchExpression': {
      // Col:"term": the term rules on one column.
      const left = node.Left;
      const term = stringConstant(node.Right, api);
      const target = api.scalar(left);
      if (target.kind !== 'column') throw unsupported('search Column:"term" on an expression that is not a column');
      const col = retarget(target, src);
      const text = col.kind === 'literal' || target.type === 'string' ? col : Exprs.call('tostring', [col], 'string');
      return searchTerm(term, ctx.caseSensitive, (make) => make(text));
    }
    default:
      break;
  }
  if (ctx.caseSensitive && CASE_INSENSITIVE.has(kind)) throw unsupported(`search kind=case_sensitive with the case-insensitive operator of '${kind}'`);
  if (node.Left && api.kindName(node.Left) === 'StarExpression') {
    const op = STAR_OPS[kind];
    if (!op) throw unsupported(`'* ${kind}' in find/search`);
    const right = api.scalar(node.Right);
    return anyColumn(src, (col) => Exprs.call(op, [col, right], 'bool'), NEGATED.has(op));
  }
  if (containsStar(node, api)) throw unsupported(`'*' inside '${kind}' in find/search`);
  return retarget(api.scalar(node), src);
}

/** Names of the columns the predicate reads (find skips the tables that have none of them). */
function referencedColumns(node: KNode, api: TranslatorApi, out = new Set<string>()): Set<string> {
  if (!node || typeof node.GetChild !== 'function') return out;
  const kind = api.kindName(node);
  if (kind === 'NameReference' || kind === 'BracketedExpression') {
    const sym = node.ReferencedSymbol;
    if (sym && String(sym.Kind) === String(columnKind())) out.add(String(sym.Name));
  }
  for (let i = 0; i < node.ChildCount; i++) referencedColumns(node.GetChild(i), api, out);
  return out;
}

let columnKindValue: unknown;
function columnKind(): unknown {
  if (columnKindValue === undefined) {
    // SymbolKind.Column, read once from the loaded Kusto.Language.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    columnKindValue = (globalThis as any).Kusto.Language.Symbols.SymbolKind.Column;
  }
  return columnKindValue;
}

function tableSources(inClause: KNode | null, node: KNode, api: TranslatorApi, what: string): Source[] {
  if (!inClause) {
    const tables = databaseTableSymbols(node);
    if (!tables) throw unsupported(`${what} over all tables outside an analyzed query`);
    return tables.map((t: KNode) => {
      const schema = schemaOf(t);
      const name = String(t.Name);
      return { name, schema, plan: Object.freeze({ kind: 'scan', table: name, schema }) as LogicalPlan };
    });
  }
  return api.elements(inClause.Expressions).map((e: KNode) => {
    const kind = api.kindName(e);
    if (kind !== 'NameReference' && kind !== 'BracketedExpression') {
      throw unsupported(`${what} in (...) over a tabular expression (the name Kusto gives its rows is undocumented)`);
    }
    const sym = e.ReferencedSymbol;
    const name = String(sym?.Name ?? e.SimpleName);
    const plan = api.tabular(e);
    return { name, plan, schema: plan.schema };
  });
}

/** One leg: the table's rows that match, shaped to the output schema. */
function leg(src: Source, pred: Expr, out: Schema, sourceColumn: string, packColumn: string | null): LogicalPlan {
  const filtered: LogicalPlan = pred === TRUE ? src.plan : Object.freeze({ kind: 'filter', input: src.plan, predicate: pred, schema: src.schema });
  const used = new Set<string>();
  const columns: NamedExpr[] = out.map((f) => {
    if (f.name === sourceColumn) return { name: f.name, expr: Exprs.literal('string', src.name) };
    if (f.name === packColumn) return { name: f.name, expr: Exprs.literal('dynamic', null) }; // filled below
    const same = src.schema.find((c) => c.name === f.name);
    if (same) {
      used.add(same.name);
      return { name: f.name, expr: columnAs(src, same.name, f.type) };
    }
    // A name used with several types is split by type: `Level_string`, `Level_long`.
    const typed = src.schema.find((c) => `${c.name}_${c.type}` === f.name);
    if (typed) {
      used.add(typed.name);
      return { name: f.name, expr: columnAs(src, typed.name, f.type) };
    }
    return { name: f.name, expr: nullOf(f.type) };
  });
  if (packColumn !== null) {
    const rest = src.schema.filter((c) => !used.has(c.name));
    const parts = rest.flatMap((c) => [Exprs.literal('string', c.name), Exprs.column(c.name, c.type)]);
    const i = columns.findIndex((c) => c.name === packColumn);
    columns[i] = { name: packColumn, expr: Exprs.call('bag_pack', parts, 'dynamic') };
  }
  return Object.freeze({ kind: 'project', input: filtered, columns, schema: out, origin: 'find' });
}

function unionOf(legs: LogicalPlan[], out: Schema): LogicalPlan {
  if (legs.length === 0) return Object.freeze({ kind: 'values', rows: [], schema: out });
  if (legs.length === 1) return legs[0];
  return Object.freeze({ kind: 'union', inputs: legs, mapping: legs.map(() => out.map((f) => f.name)), schema: out });
}

registerSource('FindOperator', (node, api) => {
  const out = api.resultSchema(node);
  const params = api.params(node);
  const ws = params.get('withsource');
  const sourceColumn = ws ? String(ws.SimpleName ?? ws.ConstantValue ?? out[0].name) : 'source_';
  if (out[0]?.name !== sourceColumn) throw new KqlError('semantic', `find: expected the ${sourceColumn} column first`);
  if (node.ProjectAway) throw unsupported('find ... project-away');
  const projectClause = node.Project;
  const smart = !projectClause || String(projectClause.ProjectKeyword?.Text ?? '').toLowerCase() === 'project-smart';
  const last = out[out.length - 1];
  const packColumn = smart && last.name === 'pack_' && last.type === 'dynamic' ? 'pack_' : null;
  let sources = tableSources(node.InClause, node, api, 'find');
  const refs = referencedColumns(node.Condition, api);
  if (refs.size > 0) sources = sources.filter((s) => s.schema.some((c) => refs.has(c.name)));
  const ctx: PredicateContext = { api, search: false, caseSensitive: false };
  return unionOf(sources.map((s) => leg(s, predicate(node.Condition, s, ctx), out, sourceColumn, packColumn)), out);
});

function searchPlan(node: KNode, api: TranslatorApi, sources: Source[], out: Schema): LogicalPlan {
  const kindParam = api.params(node).get('kind');
  const kindValue = kindParam ? String(kindParam.SimpleName ?? kindParam.ConstantValue ?? '').toLowerCase() : 'default';
  if (!['default', 'case_insensitive', 'case_sensitive'].includes(kindValue)) throw new KqlError('semantic', `search: unknown kind=${kindValue}`);
  const ctx: PredicateContext = { api, search: true, caseSensitive: kindValue === 'case_sensitive' };
  if (out[0]?.name !== '$table') throw new KqlError('semantic', 'search: expected the $table column first');
  return unionOf(sources.map((s) => leg(s, predicate(node.Condition, s, ctx), out, '$table', null)), out);
}

registerSource('SearchOperator', (node, api) => {
  const out = api.resultSchema(node);
  return searchPlan(node, api, tableSources(node.InClause, node, api, 'search'), out);
});

registerOperator('SearchOperator', (op, input, pipe, api) => {
  if (op.InClause) throw new KqlError('semantic', 'search: a piped input and in (...) cannot be used together');
  // $table is the table's name when the input is a table; for other inputs Kusto gives "some system-generated name".
  // A let-bound table goes by its name, as `in (...)` and union's withsource name it.
  const name = input.kind === 'scan' ? input.table : input.kind === 'shared' && input.name !== 'materialize' ? input.name : null;
  if (name === null) throw unsupported('search over a piped expression that is not a table (its $table value is undocumented)');
  return searchPlan(op, api, [{ name, plan: input, schema: input.schema }], api.resultSchema(pipe));
});
