/**
 * `parse`, `parse-where` and `parse-kv` (query/parse-operator.md, parse-where-operator.md, parse-kv-operator.md).
 * The output columns (names and types) come from the binder; the translator only records the pattern.
 */
import type { Field, Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import { Exprs } from '../../plan/expr.js';
import type { ExtensionNode, LogicalPlan, NamedExpr } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';
import type { TranslatorApi } from './api.js';
import { registerOperator } from './index.js';

/** One element of a parse pattern. */
export type ParsePart = { t: 'star' } | { t: 'lit'; text: string } | { t: 'col'; name: string; type: KType };

export interface ParseParams {
  readonly kind: 'simple' | 'regex' | 'relaxed';
  /** Kusto regex flags (regex kind only). */
  readonly flags: string;
  readonly parts: readonly ParsePart[];
  /** Slot of the first new column in the output (the input's width). */
  readonly firstNew: number;
}

export interface ParseKvParams {
  readonly keys: readonly { name: string; type: KType }[];
  readonly firstNew: number;
  /** Specified delimiters (both set), none (any non-alphanumeric character delimits), or a regex. */
  readonly pairDelimiter: string | null;
  readonly kvDelimiter: string | null;
  readonly quotes: readonly [string, string][];
  readonly escapes: readonly string[];
  readonly greedy: boolean;
  readonly regex: string | null;
}

function text(node: KNode): string {
  return String(node?.toString?.() ?? '').trim();
}

/** The value of a constant string node (literal, verbatim, concatenated literals or a constant let). */
function constString(node: KNode, api: TranslatorApi, what: string): string {
  const e = api.scalar(node);
  if (e.kind !== 'literal' || typeof e.value !== 'string') throw unsupported(`${what}: a pattern element that is not a string constant (${text(node)})`);
  return e.value;
}

/**
 * The columns a parse operator adds. A name that is already an input column (the binder lists it twice) replaces
 * that column in place, as extend does: the docs are silent on this case (parse-operator.md, parse-kv-operator.md);
 * we follow extend's rule (semantics.md §11). The extension node then writes such a column under a private name
 * and `finish` projects it over the old one.
 */
function newColumns(input: LogicalPlan, schema: Schema, count: number, op: string): { added: Schema; nodeSchema: Schema; finish: (node: LogicalPlan) => LogicalPlan } {
  // The last `count` columns: the binder's input may list more columns than ours (an earlier parse into an
  // existing name, which it keeps twice).
  const added = schema.slice(schema.length - count);
  const inputNames = new Set(input.schema.map((f) => f.name));
  const seen = new Set<string>();
  for (const f of added) {
    if (seen.has(f.name)) throw unsupported(`${op} with the same column twice ('${f.name}')`);
    seen.add(f.name);
  }
  const replaced = new Map<string, Field>();
  for (const f of added) if (inputNames.has(f.name)) replaced.set(f.name, f);
  if (replaced.size === 0) return { added, nodeSchema: schema, finish: (n) => n };
  const hidden = (name: string) => `${name}\u0000${op}`;
  const nodeSchema = [...input.schema, ...added.map((f) => (replaced.has(f.name) ? { name: hidden(f.name), type: f.type } : f))];
  const finish = (node: LogicalPlan): LogicalPlan => {
    const columns: NamedExpr[] = [
      ...input.schema.map((f) => {
        const r = replaced.get(f.name);
        return r ? { name: f.name, expr: Exprs.column(hidden(f.name), r.type) } : { name: f.name, expr: Exprs.column(f.name, f.type) };
      }),
      ...added.filter((f) => !replaced.has(f.name)).map((f) => ({ name: f.name, expr: Exprs.column(f.name, f.type) })),
    ];
    return Object.freeze({ kind: 'project', input: node, columns, schema: columns.map((c) => ({ name: c.name, type: c.expr.type })), origin: op });
  };
  return { added, nodeSchema, finish };
}

function parseLike(op: KNode, input: LogicalPlan, pipe: KNode, api: TranslatorApi, where: boolean): LogicalPlan {
  const opName = where ? 'parse-where' : 'parse';
  const params = api.params(op);
  const kindNode = params.get('kind');
  const kind = kindNode ? text(kindNode).toLowerCase() : 'simple';
  if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') throw unsupported(`${opName} kind=${kind}`);
  const flagsNode = params.get('flags');
  const flags = flagsNode ? text(flagsNode).replace(/^["']|["']$/g, '') : '';
  const patterns = api.elements(op.Patterns);
  const count = patterns.filter((el: KNode) => ['NameDeclaration', 'NameAndTypeDeclaration'].includes(api.kindName(el))).length;
  const { added, nodeSchema, finish } = newColumns(input, api.resultSchema(pipe), count, opName);
  const parts: ParsePart[] = [];
  let col = 0;
  for (const el of patterns) {
    const k = api.kindName(el);
    if (k === 'StarExpression') parts.push({ t: 'star' });
    else if (k === 'NameDeclaration' || k === 'NameAndTypeDeclaration') {
      const name = String(k === 'NameDeclaration' ? el.SimpleName : el.Name.SimpleName);
      const f = added[col++];
      if (!f || f.name !== name) throw new KqlError('semantic', `${opName}: column '${name}' is not in the binder's output`);
      parts.push({ t: 'col', name, type: f.type });
    } else parts.push({ t: 'lit', text: constString(el, api, opName) });
  }
  if (col !== added.length) throw new KqlError('semantic', `${opName}: ${added.length} new columns in the output, ${col} in the pattern`);
  const p: ParseParams = { kind, flags, parts, firstNew: input.schema.length };
  const describe = `${where ? 'ParseWhere' : 'Parse'} kind=${kind}${flags ? ` flags=${flags}` : ''} ${text(op.Expression)} with ${parts
    .map((x) => (x.t === 'star' ? '*' : x.t === 'lit' ? JSON.stringify(x.text) : `${x.name}:${x.type}`))
    .join(' ')}`;
  const node: ExtensionNode = Object.freeze({
    kind: 'extension',
    name: where ? 'parse-where' : 'parse',
    inputs: [input],
    exprs: [api.scalar(op.Expression)],
    params: p,
    describe,
    schema: nodeSchema,
  });
  return finish(node);
}

registerOperator('ParseOperator', (op, input, pipe, api) => parseLike(op, input, pipe, api, false));
registerOperator('ParseWhereOperator', (op, input, pipe, api) => parseLike(op, input, pipe, api, true));

registerOperator('ParseKvOperator', (op, input, pipe, api) => {
  const { added, nodeSchema, finish } = newColumns(input, api.resultSchema(pipe), api.elements(op.Keys.Columns).length, 'parse-kv');
  let pairDelimiter: string | null = null;
  let kvDelimiter: string | null = null;
  const quotes: [string, string][] = [];
  const escapes: string[] = [];
  let greedy = false;
  let regex: string | null = null;
  const props = op.WithClause ? api.elements(op.WithClause.Properties) : [];
  for (const p of props) {
    const name = String(p.Name.SimpleName).toLowerCase();
    const value = p.Expression;
    switch (name) {
      case 'pair_delimiter':
        pairDelimiter = constString(value, api, 'parse-kv');
        break;
      case 'kv_delimiter':
        kvDelimiter = constString(value, api, 'parse-kv');
        break;
      case 'quote': {
        const q = constString(value, api, 'parse-kv');
        if (q.length === 1) quotes.push([q, q]);
        else if (q.length === 2) quotes.push([q[0], q[1]]);
        else throw new KqlError('semantic', `parse-kv: quote must be one or two characters, got '${q}'`);
        break;
      }
      case 'escape': {
        const e = constString(value, api, 'parse-kv');
        if (e.length !== 1) throw new KqlError('semantic', `parse-kv: escape must be one character, got '${e}'`);
        escapes.push(e);
        break;
      }
      case 'greedy': {
        const e = api.scalar(value);
        if (e.kind !== 'literal' || typeof e.value !== 'boolean') throw unsupported('parse-kv: greedy that is not a bool constant');
        greedy = e.value;
        break;
      }
      case 'regex':
        regex = constString(value, api, 'parse-kv');
        break;
      default:
        throw unsupported(`parse-kv option '${name}'`);
    }
  }
  if ((pairDelimiter === null) !== (kvDelimiter === null)) throw new KqlError('semantic', 'parse-kv: pair_delimiter and kv_delimiter go together');
  if (regex !== null && (pairDelimiter !== null || quotes.length > 0)) throw new KqlError('semantic', 'parse-kv: regex excludes the other options');
  const p: ParseKvParams = { keys: added.map((f) => ({ name: f.name, type: f.type })), firstNew: input.schema.length, pairDelimiter, kvDelimiter, quotes, escapes, greedy, regex };
  const mode = regex !== null ? `regex=${JSON.stringify(regex)}` : pairDelimiter !== null ? `pair=${JSON.stringify(pairDelimiter)} kv=${JSON.stringify(kvDelimiter)}${greedy ? ' greedy' : ''}` : 'any-delimiter';
  return finish(Object.freeze({
    kind: 'extension',
    name: 'parse-kv',
    inputs: [input],
    exprs: [api.scalar(op.Expression)],
    params: p,
    describe: `ParseKv ${text(op.Expression)} as (${added.map((f) => `${f.name}:${f.type}`).join(', ')}) ${mode}`,
    schema: nodeSchema,
  }));
});
