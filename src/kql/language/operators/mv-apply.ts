/**
 * mv-apply (query/mv-apply-operator.md): per input row, the listed arrays are expanded (as mv-expand does) into a
 * small row set, the subquery runs over it, and its rows are joined back with the row's other columns.
 *
 * The subquery's first operator has no explicit input; it is translated over a 'subquery-rows' leaf whose rows the
 * physical operator supplies before each run (see exec/operators/ext/mv-apply.ts). partition.ts shares this.
 */
import type { Field, Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import type { Expr } from '../../plan/expr.js';
import type { ExtensionNode, LogicalPlan } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';
import { toKType } from '../translate.js';
import type { TranslatorApi } from './api.js';
import { registerOperator } from './index.js';
import { nameText, unnamed } from './make-series.js';

/** The leaf standing for "the rows of this run" inside a per-row or per-partition subquery. */
export function subqueryRows(schema: Schema, origin: string): ExtensionNode {
  return Object.freeze({ kind: 'extension', name: 'subquery-rows', inputs: [], exprs: [], params: { origin }, describe: `SubqueryRows (${origin})`, schema });
}

/**
 * Translates a subquery whose first operator reads an implicit input. Needs TranslatorApi.subquery (see the
 * report to the lead); without it the operator is unsupported rather than wrong.
 */
export function translateSubquery(api: TranslatorApi, node: KNode, input: LogicalPlan, what: string): LogicalPlan {
  const f = (api as TranslatorApi & { subquery?: (n: KNode, i: LogicalPlan) => LogicalPlan }).subquery;
  if (!f) throw unsupported(`${what}: subqueries need TranslatorApi.subquery`);
  return f(node, input);
}

/** Where each output column comes from: the subquery's result or the input row. */
export interface OutputSource {
  readonly from: 'sub' | 'in';
  readonly slot: number;
}

export interface MvApplyParams {
  /** Expanded columns (exprs[i] is the i-th): the name in the row set and the element type. */
  readonly expand: readonly { name: string; type: KType }[];
  readonly itemIndex: string | null;
  /** exprs[expand.length] is the row limit when true. */
  readonly hasLimit: boolean;
  readonly rowsNode: ExtensionNode;
  readonly subplan: LogicalPlan;
  readonly output: readonly OutputSource[];
}

registerOperator('MvApplyOperator', (op, input, pipe, api) => {
  let itemIndex: string | null = null;
  for (const [name, value] of api.params(op)) {
    if (name === 'with_itemindex') itemIndex = nameText(value);
    else if (!name.startsWith('hint.')) throw unsupported(`mv-apply parameter ${name}`);
  }
  if (op.ContextIdClause) throw unsupported('mv-apply id= context');
  const exprs: Expr[] = [];
  const expand: { name: string; type: KType }[] = [];
  for (const m of api.elements(op.Expressions)) {
    const x = m.Expression;
    const e = api.scalar(unnamed(api, x));
    const name = api.kindName(x) === 'SimpleNamedExpression' ? String(x.Name.SimpleName) : e.kind === 'column' ? e.name : null;
    if (!name) throw unsupported('mv-apply of an unnamed expression');
    const sym = m.ToTypeOf?.TypeOf?.ReferencedSymbol;
    const type: KType = sym ? toKType(sym) : 'dynamic';
    exprs.push(e);
    expand.push({ name, type });
  }
  let hasLimit = false;
  if (op.RowLimitClause) {
    exprs.push(api.scalar(op.RowLimitClause.RowLimit));
    hasLimit = true;
  }
  // The row set: the input's columns (an expanded column of the same name replaced in place), then the new
  // expanded columns, then the item index (the binder's order, seen in its scope for the subquery).
  const rows: Field[] = input.schema.map((f) => {
    const x = expand.find((c) => c.name === f.name);
    return x ? { name: f.name, type: x.type } : f;
  });
  for (const x of expand) if (!input.schema.some((f) => f.name === x.name)) rows.push({ name: x.name, type: x.type });
  if (itemIndex !== null) rows.push({ name: itemIndex, type: 'long' });
  const rowsNode = subqueryRows(rows, 'mv-apply');
  const subplan = translateSubquery(api, op.Subquery.Expression, rowsNode, 'mv-apply');
  // Read after the subquery, whose translation gives the clearer message when it cannot be done.
  const out = api.resultSchema(pipe);
  const output: OutputSource[] = [];
  const schema: Field[] = out.map((f) => {
    const s = subplan.schema.findIndex((c) => c.name === f.name);
    if (s >= 0) {
      output.push({ from: 'sub', slot: s });
      return { name: f.name, type: subplan.schema[s].type };
    }
    const i = input.schema.findIndex((c) => c.name === f.name);
    if (i < 0) throw new KqlError('semantic', `mv-apply output column '${f.name}' is neither in the subquery's result nor in the input`);
    output.push({ from: 'in', slot: i });
    return { name: f.name, type: input.schema[i].type };
  });
  const params: MvApplyParams = { expand, itemIndex, hasLimit, rowsNode, subplan, output };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'mv-apply',
    inputs: [input],
    exprs,
    params,
    describe: `MvApply ${expand.map((x) => `${x.name} to ${x.type}`).join(', ')}${itemIndex ? ` with_itemindex=${itemIndex}` : ''} (subquery per row)`,
    schema,
  };
  return Object.freeze(node);
});
