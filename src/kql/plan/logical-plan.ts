import type { Boxed, KType } from '../data/types.js';
import type { Schema } from '../data/batch.js';
import { type Expr, describeExpr } from './expr.js';

/**
 * The logical plan: what the query means, as immutable `{ kind, ... }` nodes. Every node carries its output
 * schema (names and types exactly as Kusto.Language's binder computed them).
 */
export type LogicalPlan =
  | ScanNode
  | ValuesNode
  | RangeNode
  | FilterNode
  | ProjectNode
  | SummarizeNode
  | SortNode
  | TakeNode
  | TopNode
  | UnionNode
  | JoinNode
  | MvExpandNode
  | GetSchemaNode
  | SharedNode
  | RenderNode
  | SerializeNode
  | SampleNode
  | ExtensionNode;

export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

export interface ScanNode {
  readonly kind: 'scan';
  readonly table: string;
  readonly schema: Schema;
}

/** Literal rows (`datatable`, and the single empty row under `print`). */
export interface ValuesNode {
  readonly kind: 'values';
  readonly rows: readonly (readonly Boxed[])[];
  readonly schema: Schema;
}

export interface RangeNode {
  readonly kind: 'range';
  readonly from: Expr;
  readonly to: Expr;
  readonly step: Expr;
  readonly schema: Schema;
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: Expr;
  readonly schema: Schema;
}

/** Every column-shaping operator (project, extend, project-away/-rename/-reorder/-keep) lowers to this. */
export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly columns: readonly NamedExpr[];
  readonly schema: Schema;
  /** The Kusto operator it came from, for explain. */
  readonly origin: string;
}

export interface AggregateCall {
  /** Kusto aggregate name, e.g. `count`, `arg_max`, `dcount`. */
  readonly fn: string;
  readonly args: readonly Expr[];
  /** The output columns this aggregate produces (arg_max(x, *) produces several). */
  readonly outputs: readonly { name: string; type: KType }[];
  /** For arg_max/arg_min: which input expression each output after the first returns. */
  readonly returned?: readonly Expr[];
}

export interface SummarizeNode {
  readonly kind: 'summarize';
  readonly input: LogicalPlan;
  readonly keys: readonly NamedExpr[];
  readonly aggregates: readonly AggregateCall[];
  readonly schema: Schema;
  readonly origin: string;
}

export interface SortKey {
  readonly expr: Expr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
  readonly schema: Schema;
}

export interface TakeNode {
  readonly kind: 'take';
  readonly input: LogicalPlan;
  readonly count: Expr;
  readonly schema: Schema;
}

export interface TopNode {
  readonly kind: 'top';
  readonly input: LogicalPlan;
  readonly count: Expr;
  readonly keys: readonly SortKey[];
  readonly schema: Schema;
}

export interface UnionNode {
  readonly kind: 'union';
  readonly inputs: readonly LogicalPlan[];
  /** For each input, for each output column: the input column name or null (missing: nulls). */
  readonly mapping: readonly (readonly (string | null)[])[];
  /** `withsource=` column: its name and the value for each input. */
  readonly source?: { readonly name: string; readonly values: readonly string[] };
  readonly schema: Schema;
}

export type JoinKind = 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftanti' | 'rightanti' | 'leftsemi' | 'rightsemi';

export interface JoinNode {
  readonly kind: 'join';
  readonly joinKind: JoinKind;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly leftKeys: readonly Expr[];
  readonly rightKeys: readonly Expr[];
  /** For each output column: which side and which column it comes from. */
  readonly output: readonly { side: 'left' | 'right'; column: string; name: string; type: KType }[];
  readonly schema: Schema;
  /** `lookup` rather than `join` (for explain). */
  readonly origin: string;
}

export interface MvExpandNode {
  readonly kind: 'mvexpand';
  readonly input: LogicalPlan;
  /** Columns to expand, each with the type its elements are converted to (`to typeof(...)`), dynamic by default. */
  readonly expand: readonly { name: string; expr: Expr; type: KType }[];
  readonly limit: number | null;
  /** `with_itemindex=` column name. */
  readonly itemIndex: string | null;
  /** `bagexpansion=array` / `kind=array`: a property bag expands into [key, value] arrays, not {key: value} bags. */
  readonly bagAsArray?: boolean;
  readonly schema: Schema;
}

export interface GetSchemaNode {
  readonly kind: 'getschema';
  readonly input: LogicalPlan;
  readonly inputSchema: Schema;
  readonly schema: Schema;
}

/** A tabular expression referenced more than once (a let, `materialize`, `as`): computed once per query. */
export interface SharedNode {
  readonly kind: 'shared';
  readonly id: number;
  readonly name: string;
  readonly input: LogicalPlan;
  readonly schema: Schema;
}

/** `render`: accepted and reported, not drawn. */
export interface RenderNode {
  readonly kind: 'render';
  readonly input: LogicalPlan;
  readonly visualization: string;
  readonly schema: Schema;
}

export interface SerializeNode {
  readonly kind: 'serialize';
  readonly input: LogicalPlan;
  readonly schema: Schema;
}

export interface SampleNode {
  readonly kind: 'sample';
  readonly input: LogicalPlan;
  readonly count: Expr;
  readonly schema: Schema;
}

/**
 * An operator implemented outside the core switch (evaluate plugins, parse, make-series, mv-apply, ...): its
 * translator lives in language/operators/, its physical operator is found by `name` in exec/extensions.ts.
 */
export interface ExtensionNode {
  readonly kind: 'extension';
  readonly name: string;
  readonly inputs: readonly LogicalPlan[];
  /** Scalar expressions over the first input's schema (compiled by the physical planner, in order). */
  readonly exprs: readonly Expr[];
  /** Anything else the operator needs, plain data. */
  readonly params: unknown;
  readonly describe: string;
  readonly schema: Schema;
}

export function inputsOf(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case 'extension':
      return [...p.inputs];
    case 'scan':
    case 'values':
    case 'range':
      return [];
    case 'union':
      return [...p.inputs];
    case 'join':
      return [p.left, p.right];
    default:
      return [p.input];
  }
}

/** One line describing the node itself (children are printed by `explainLogical`). */
export function describeLogical(p: LogicalPlan): string {
  const cols = (s: Schema) => s.map((f) => `${f.name}:${f.type}`).join(', ');
  switch (p.kind) {
    case 'scan':
      return `Scan ${p.table}`;
    case 'values':
      return `Values rows=${p.rows.length} (${cols(p.schema)})`;
    case 'range':
      return `Range ${p.schema[0].name} from ${describeExpr(p.from)} to ${describeExpr(p.to)} step ${describeExpr(p.step)}`;
    case 'filter':
      return `Filter ${describeExpr(p.predicate)}`;
    case 'project':
      return `Project[${p.origin}] ${p.columns.map((c) => (c.expr.kind === 'column' && c.expr.name === c.name ? c.name : `${c.name}=${describeExpr(c.expr)}`)).join(', ')}`;
    case 'summarize':
      return `Summarize[${p.origin}] ${p.aggregates.map((a) => `${a.outputs.map((o) => o.name).join(',')}=${a.fn}(${a.args.map(describeExpr).join(', ')})`).join(', ')} by ${p.keys.map((k) => (k.expr.kind === 'column' && k.expr.name === k.name ? k.name : `${k.name}=${describeExpr(k.expr)}`)).join(', ')}`;
    case 'sort':
      return `Sort ${describeKeys(p.keys)}`;
    case 'take':
      return `Take ${describeExpr(p.count)}`;
    case 'top':
      return `Top ${describeExpr(p.count)} by ${describeKeys(p.keys)}`;
    case 'union':
      return `Union${p.source ? ` withsource=${p.source.name}` : ''} (${cols(p.schema)})`;
    case 'join':
      return `${p.origin === 'lookup' ? 'Lookup' : 'Join'} kind=${p.joinKind} on ${p.leftKeys.map((k, i) => `${describeExpr(k)} == ${describeExpr(p.rightKeys[i])}`).join(', ')}`;
    case 'mvexpand':
      return `MvExpand ${p.expand.map((e) => `${e.name}=${describeExpr(e.expr)} to ${e.type}`).join(', ')}${p.limit !== null ? ` limit ${p.limit}` : ''}`;
    case 'getschema':
      return 'GetSchema';
    case 'shared':
      return `Shared #${p.id} ${p.name}`;
    case 'render':
      return `Render ${p.visualization}`;
    case 'serialize':
      return 'Serialize';
    case 'sample':
      return `Sample ${describeExpr(p.count)}`;
    case 'extension':
      return p.describe;
  }
}

function describeKeys(keys: readonly SortKey[]): string {
  return keys.map((k) => `${describeExpr(k.expr)} ${k.ascending ? 'asc' : 'desc'} nulls ${k.nullsFirst ? 'first' : 'last'}`).join(', ');
}

export function explainLogical(p: LogicalPlan, indent = ''): string {
  const lines = [`${indent}${describeLogical(p)}  -> (${p.schema.map((f) => `${f.name}:${f.type}`).join(', ')})`];
  if (p.kind !== 'shared' || indent.length < 40) for (const c of inputsOf(p)) lines.push(explainLogical(c, indent + '  '));
  return lines.join('\n');
}
