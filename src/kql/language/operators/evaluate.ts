/**
 * `T | evaluate plugin(args) [: (OutputSchema)]`: dispatches on the plugin name. Implemented: bag_unpack, pivot,
 * narrow, ipv4_lookup, ipv6_lookup; any other plugin is `unsupported`.
 *
 * bag_unpack and pivot without an output schema have a data-dependent schema: the binder reports the known
 * columns and marks the table open; the physical operator computes the real columns when it is planned (it runs
 * its input first: two phases, see exec/operators/ext/evaluate-open.ts). Where nothing after the evaluate uses
 * columns (it ends the query, followed at most by take, count, render) that is enough; otherwise the translation
 * is deferred until the engine has run the evaluate and knows its columns (language/open-schema.ts).
 */
import type { Field, Schema } from '../../data/batch.js';
import type { Dyn, KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import type { Expr } from '../../plan/expr.js';
import type { LogicalPlan } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';
import { toKType } from '../translate.js';
import type { TranslatorApi } from './api.js';
import { registerOperator, implementedPlugins, pluginTranslators } from './index.js';

export interface BagUnpackParams {
  readonly column: string;
  readonly prefix: string;
  readonly conflict: 'error' | 'replace_source' | 'keep_source';
  readonly ignored: readonly string[];
  /** Null when the schema is data-dependent. */
  readonly outputSchema: Schema | null;
}

export interface PivotParams {
  /** exprs[0] is the pivot column, exprs[1..] the aggregate's arguments. */
  readonly pivotColumn: string;
  readonly aggregate: { fn: string; type: KType };
  readonly groups: readonly Field[];
  readonly outputSchema: Schema | null;
}

export interface IpLookupParams {
  readonly version: 4 | 6;
  /** exprs[0] is the source IP. */
  readonly rangeColumn: string;
  readonly returnUnmatched: boolean;
  /** For each output column: from the input (left) or the lookup table (right), and which column. */
  readonly output: readonly { side: 'left' | 'right'; column: string }[];
}

function text(node: KNode): string {
  return String(node?.toString?.() ?? '').trim();
}

function literal(e: Expr, what: string): unknown {
  if (e.kind !== 'literal') throw unsupported(`${what} that is not a constant`);
  return e.value;
}

/**
 * Operators after which a data-dependent schema can stay open: they use no column, so the columns the physical
 * operator finds reach the result unchanged (see evaluate-open.ts).
 */
const NO_COLUMN_OPERATORS = new Set(['TakeOperator', 'RenderOperator', 'CountOperator']);

/** Whether nothing after this evaluate needs its columns: it ends the query, followed only by NO_COLUMN_OPERATORS. */
function openSchemaStaysOpen(pipe: KNode, api: TranslatorApi): boolean {
  let node = pipe;
  for (;;) {
    const parent = node.Parent;
    if (parent && api.kindName(parent) === 'PipeExpression' && parent.Expression === node) {
      if (!NO_COLUMN_OPERATORS.has(api.kindName(parent.Operator))) return false;
      node = parent;
      continue;
    }
    return !!parent && api.kindName(parent) === 'ExpressionStatement';
  }
}

/** An open-schema evaluate node as is, or (when later operators use its columns) a deferral to the engine. */
function openOrDeferred(node: LogicalPlan, op: KNode, pipe: KNode, api: TranslatorApi, plugin: string): LogicalPlan {
  if (openSchemaStaysOpen(pipe, api)) return node;
  return api.deferOpenSchema(op, node, `evaluate ${plugin}`);
}

/** The columns an open-schema bag_unpack surely has (the input's other columns); the rest come from the data. */
function openSchema(input: LogicalPlan, removed: string): Schema {
  return input.schema.filter((f) => f.name !== removed);
}

function declaredSchema(op: KNode, pipe: KNode, api: TranslatorApi): Schema | null {
  if (!op.Schema) return null;
  return api.resultSchema(pipe);
}

function bagUnpack(op: KNode, input: LogicalPlan, pipe: KNode, api: TranslatorApi, args: KNode[]): LogicalPlan {
  if (args.length === 0) throw new KqlError('semantic', 'bag_unpack needs a column');
  const col = api.scalar(args[0]);
  if (col.kind !== 'column') throw unsupported('bag_unpack of an expression (only a column)');
  let prefix = '';
  let conflict: BagUnpackParams['conflict'] = 'error';
  let ignored: string[] = [];
  let positional = 0;
  for (const a of args.slice(1)) {
    if (api.kindName(a) === 'SimpleNamedExpression') {
      const name = String(a.Name.SimpleName);
      const v = literal(api.scalar(a.Expression), `bag_unpack ${name}`);
      if (name === 'columnsConflict') {
        if (v !== 'error' && v !== 'replace_source' && v !== 'keep_source') throw new KqlError('semantic', `bag_unpack: columnsConflict='${String(v)}'`);
        conflict = v;
      } else if (name === 'ignoredProperties') {
        if (!Array.isArray(v)) throw new KqlError('semantic', 'bag_unpack: ignoredProperties must be a dynamic array');
        ignored = (v as Dyn[]).map((x) => String(x));
      } else throw unsupported(`bag_unpack parameter '${name}'`);
    } else if (positional++ === 0) {
      const v = literal(api.scalar(a), 'bag_unpack OutputColumnPrefix');
      prefix = String(v ?? '');
    } else throw unsupported('bag_unpack with more than two positional arguments');
  }
  const outputSchema = declaredSchema(op, pipe, api);
  const params: BagUnpackParams = { column: col.name, prefix, conflict, ignored, outputSchema };
  const node: LogicalPlan = Object.freeze({
    kind: 'extension',
    name: 'evaluate-bag_unpack',
    inputs: [input],
    exprs: [],
    params,
    describe: `Evaluate bag_unpack(${col.name}${prefix ? `, '${prefix}'` : ''}) conflict=${conflict}${outputSchema ? ' (declared schema)' : ' (schema from data)'}`,
    schema: outputSchema ?? openSchema(input, col.name),
  });
  return outputSchema ? node : openOrDeferred(node, op, pipe, api, 'bag_unpack');
}

function pivot(op: KNode, input: LogicalPlan, pipe: KNode, api: TranslatorApi, args: KNode[]): LogicalPlan {
  if (args.length === 0) throw new KqlError('semantic', 'pivot needs a column');
  const pc = api.scalar(args[0]);
  if (pc.kind !== 'column') throw unsupported('pivot of an expression (only a column)');
  let rest = args.slice(1);
  let aggregate = { fn: 'count', type: 'long' as KType };
  const aggArgs: Expr[] = [];
  if (rest.length > 0 && api.kindName(rest[0]) === 'FunctionCallExpression') {
    const call = rest[0];
    aggregate = { fn: String(call.Name.SimpleName), type: toKType(call.ResultType) };
    for (const a of api.elements(call.ArgumentList.Expressions)) aggArgs.push(api.scalar(a));
    rest = rest.slice(1);
  }
  const used = new Set<string>([pc.name]);
  for (const a of aggArgs) if (a.kind === 'column') used.add(a.name);
  let groups: Field[];
  if (rest.length > 0) {
    groups = rest.map((r) => {
      const e = api.scalar(r);
      if (e.kind !== 'column') throw unsupported('pivot group expression (only columns)');
      return { name: e.name, type: e.type };
    });
  } else groups = input.schema.filter((f) => !used.has(f.name));
  const outputSchema = declaredSchema(op, pipe, api);
  const params: PivotParams = { pivotColumn: pc.name, aggregate, groups, outputSchema };
  const node: LogicalPlan = Object.freeze({
    kind: 'extension',
    name: 'evaluate-pivot',
    inputs: [input],
    exprs: [pc, ...aggArgs],
    params,
    describe: `Evaluate pivot(${pc.name}, ${aggregate.fn}(${aggArgs.map((a) => (a.kind === 'column' ? a.name : '…')).join(', ')}) by ${groups.map((g) => g.name).join(', ')})`,
    schema: outputSchema ?? groups,
  });
  return outputSchema ? node : openOrDeferred(node, op, pipe, api, 'pivot');
}

function narrow(op: KNode, input: LogicalPlan, pipe: KNode, api: TranslatorApi, args: KNode[]): LogicalPlan {
  if (args.length > 0) throw new KqlError('semantic', 'narrow takes no arguments');
  return Object.freeze({ kind: 'extension', name: 'evaluate-narrow', inputs: [input], exprs: [], params: null, describe: 'Evaluate narrow()', schema: api.resultSchema(pipe) });
}

function ipLookup(version: 4 | 6, op: KNode, input: LogicalPlan, pipe: KNode, api: TranslatorApi, args: KNode[]): LogicalPlan {
  const name = `ipv${version}_lookup`;
  if (args.length < 3 || args.length > 4) throw new KqlError('semantic', `${name} takes 3 or 4 arguments`);
  const table = api.tabular(args[0]);
  const ip = api.scalar(args[1]);
  // The range column is a column of the lookup table, named bare.
  const rangeColumn = text(args[2]).replace(/^\['|'\]$|^\["|"\]$/g, '');
  if (!table.schema.some((f) => f.name === rangeColumn)) throw new KqlError('semantic', `${name}: '${rangeColumn}' is not a column of the lookup table`);
  let returnUnmatched = false;
  if (args.length === 4) {
    const v = literal(api.scalar(args[3]), `${name} return_unmatched`);
    if (typeof v !== 'boolean') throw new KqlError('semantic', `${name}: return_unmatched must be a bool`);
    returnUnmatched = v;
  }
  // Output: the binder's columns are the input's, then the lookup table's (renamed on a clash).
  const bound = api.resultSchema(pipe);
  const nIn = input.schema.length;
  if (bound.length !== nIn + table.schema.length) throw unsupported(`${name} output shape (${bound.length} columns for ${nIn} + ${table.schema.length})`);
  let output = bound.map((f, i) => (i < nIn ? { side: 'left' as const, column: input.schema[i].name, field: f } : { side: 'right' as const, column: table.schema[i - nIn].name, field: f }));
  // The real engine's ipv6_lookup lists the lookup table's columns first (oracle cases ipv6-lookup-plugin-00/01);
  // ipv4_lookup keeps the input's first (ipv4-lookup-plugin-00).
  if (version === 6) output = [...output.slice(nIn), ...output.slice(0, nIn)];
  const params: IpLookupParams = { version, rangeColumn, returnUnmatched, output: output.map((o) => ({ side: o.side, column: o.column })) };
  return Object.freeze({
    kind: 'extension',
    name: 'evaluate-ip_lookup',
    inputs: [input, table],
    exprs: [ip],
    params,
    describe: `Evaluate ${name}(<table>, ${text(args[1])}, ${rangeColumn}${returnUnmatched ? ', return_unmatched' : ''})`,
    schema: output.map((o) => o.field),
  });
}

for (const p of ['bag_unpack', 'pivot', 'narrow', 'ipv4_lookup', 'ipv6_lookup']) implementedPlugins.add(p);

registerOperator('EvaluateOperator', (op, input, pipe, api) => {
  const call = op.FunctionCall;
  if (!call) throw new KqlError('semantic', 'evaluate without a plugin call');
  const plugin = String(call.Name.SimpleName).toLowerCase();
  const args = api.elements(call.ArgumentList.Expressions);
  switch (plugin) {
    case 'bag_unpack':
      return bagUnpack(op, input, pipe, api, args);
    case 'pivot':
      return pivot(op, input, pipe, api, args);
    case 'narrow':
      return narrow(op, input, pipe, api, args);
    case 'ipv4_lookup':
      return ipLookup(4, op, input, pipe, api, args);
    case 'ipv6_lookup':
      return ipLookup(6, op, input, pipe, api, args);
    default: {
      const t = pluginTranslators[plugin];
      if (t) return t(op, input, pipe, api, args);
      throw unsupported(`evaluate plugin '${plugin}'`);
    }
  }
});
