/**
 * scan (query/scan-operator.md): `scan [with_match_id=Id] [declare (Col:type[=default], ...)] with (step Name
 * [output=all|none]: Condition [=> Col = Expr, ...]; ...)`.
 *
 * Conditions and assignments read the current row's columns and `Step.Col`, a value in a step's state. The latter
 * become columns named `Step.Col` of the row the physical operator evaluates them on (see exec/operators/ext/scan.ts).
 */
import type { Field, Schema } from '../../data/batch.js';
import type { KType } from '../../data/types.js';
import { KqlError, unsupported } from '../../errors.js';
import { getScalarFunction } from '../../functions/registry.js';
import { type Expr, Exprs } from '../../plan/expr.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import { type KNode, kusto } from '../kusto.js';
import { literalValue } from '../literals.js';
import { toKType } from '../translate.js';
import type { TranslatorApi } from './api.js';
import { registerOperator } from './index.js';
import { nameText } from './make-series.js';

export interface ScanStepDef {
  readonly name: string;
  readonly output: 'all' | 'none';
  readonly condition: Expr;
  /** Declared column index and the expression assigned to it. */
  readonly assignments: readonly { column: number; expr: Expr }[];
}

export interface ScanParams {
  readonly declared: readonly { name: string; type: KType; default: Expr | null }[];
  readonly steps: readonly ScanStepDef[];
  readonly matchId: string | null;
  /** The `Step.Col` references the expressions read: step index, and column (input or declared) name and type. */
  readonly refs: readonly { step: number; column: string; type: KType; name: string }[];
}

/** The column name standing for `step.column` in the evaluation row. */
export function stepRefName(step: string, column: string): string {
  return `${step}.${column}`;
}

class ScanExprs {
  readonly refs: { step: number; column: string; type: KType; name: string }[] = [];
  constructor(
    private readonly api: TranslatorApi,
    private readonly stepNames: readonly string[],
    private readonly declaredNames: ReadonlySet<string>,
    private readonly inputTypes: ReadonlyMap<string, KType>,
  ) {}

  private stepOf(node: KNode): number {
    if (this.api.kindName(node) !== 'NameReference') return -1;
    const sym = node.ReferencedSymbol;
    // A step name binds as a variable of a tuple type.
    if (!sym || sym.Kind !== kusto().K.Symbols.SymbolKind.Variable) return -1;
    return this.stepNames.indexOf(String(sym.Name));
  }

  /** Whether the subtree reads a step's state, or a declared column without a step (which we do not accept). */
  private special(node: KNode): boolean {
    if (!node || node.IsToken) return false;
    const k = this.api.kindName(node);
    if (k === 'PathExpression' && this.stepOf(node.Expression) >= 0) return true;
    if (k === 'NameReference') {
      const name = String(node.ReferencedSymbol?.Name ?? '');
      if (this.stepOf(node) >= 0) return true;
      if (this.declaredNames.has(name) && !this.inputTypes.has(name)) return true;
    }
    for (let i = 0; i < node.ChildCount; i++) if (this.special(node.GetChild(i))) return true;
    return false;
  }

  translate(node: KNode): Expr {
    const api = this.api;
    if (!this.special(node)) return api.scalar(node);
    const k = api.kindName(node);
    const type = (): KType => toKType(node.ResultType);
    if (k === 'PathExpression') {
      const step = this.stepOf(node.Expression);
      if (step >= 0) {
        const column = String(node.Selector.ReferencedSymbol?.Name ?? node.Selector.SimpleName);
        const name = stepRefName(this.stepNames[step], column);
        // An input column keeps the type the input actually has (the binder's may differ, see translate.ts).
        const t = this.declaredNames.has(column) ? type() : (this.inputTypes.get(column) ?? type());
        if (!this.refs.some((r) => r.name === name)) this.refs.push({ step, column, type: t, name });
        return Exprs.column(name, t);
      }
    }
    if (k === 'NameReference') {
      if (this.stepOf(node) >= 0) throw unsupported('scan: a step name used as a value');
      throw unsupported(`scan: declared column '${String(node.ReferencedSymbol?.Name)}' read without a step name`);
    }
    if (k === 'ParenthesizedExpression') return this.translate(node.Expression);
    if (k === 'UnaryMinusExpression') return Exprs.call('op:neg', [this.translate(node.Expression)], type());
    if (k === 'UnaryPlusExpression') return this.translate(node.Expression);
    if (k === 'BetweenExpression' || k === 'NotBetweenExpression') {
      // x between (low .. high): the bounds are the First and Second of an ExpressionCouple.
      const bounds = [node.Right.First, node.Right.Second].map((b: KNode) => this.translate(b));
      return Exprs.call(k === 'BetweenExpression' ? 'op:between' : 'op:!between', [this.translate(node.Left), ...bounds], 'bool');
    }
    if (node.Left && node.Right && node.Operator && node.Operator.IsToken && api.kindName(node.Right) !== 'ExpressionList') {
      const name = `op:${String(node.Operator.Text).toLowerCase()}`;
      if (!getScalarFunction(name)) throw unsupported(`scan: operator ${String(node.Operator.Text)} over step state`);
      return Exprs.call(name, [this.translate(node.Left), this.translate(node.Right)], type());
    }
    if (k === 'FunctionCallExpression') {
      const sym = node.ReferencedSymbol;
      const { K } = kusto();
      if (!sym || !K.Functions.All.includes(sym)) throw unsupported('scan: a user function over step state');
      const args = node.ArgumentList ? api.elements(node.ArgumentList.Expressions) : [];
      return Exprs.call(String(sym.Name), args.map((a: KNode) => this.translate(a)), type());
    }
    throw unsupported(`scan: expression '${k}' over step state`);
  }
}

const LITERAL_TYPES: Record<string, KType> = {
  LongLiteralExpression: 'long',
  IntLiteralExpression: 'int',
  RealLiteralExpression: 'real',
  BooleanLiteralExpression: 'bool',
  StringLiteralExpression: 'string',
  DateTimeLiteralExpression: 'datetime',
  TimespanLiteralExpression: 'timespan',
  GuidLiteralExpression: 'guid',
  DynamicExpression: 'dynamic',
};

/** A declared column's default: a literal the binder leaves untyped, so its type comes from its syntax kind. */
function defaultValue(api: TranslatorApi, node: KNode): Expr {
  if (node.ResultType) return api.scalar(node);
  const k = api.kindName(node);
  if (k === 'UnaryMinusExpression') {
    const e = defaultValue(api, node.Expression);
    return Exprs.call('op:neg', [e], e.type);
  }
  if (k === 'NullLiteralExpression') return Exprs.literal('dynamic', null);
  const t = LITERAL_TYPES[k];
  if (!t) throw unsupported(`scan: default value '${k}'`);
  return Exprs.literal(t, literalValue(node, t));
}

registerOperator('ScanOperator', (op, input, pipe, api) => {
  const out: Schema = api.resultSchema(pipe);
  let matchId: string | null = null;
  for (const [name, value] of api.params(op)) {
    if (name === 'with_match_id') matchId = nameText(value);
    else throw unsupported(`scan parameter ${name}`);
  }
  if (op.OrderByClause) throw unsupported('scan order by');
  if (op.PartitionByClause) throw unsupported('scan partition by');
  const declared = (op.DeclareClause ? api.elements(op.DeclareClause.Declarations) : []).map((d: KNode) => {
    const nd = d.NameAndType.Name;
    const name = String(nd.SimpleName);
    const type = toKType(nd.ResultType ?? nd.ReferencedSymbol?.Type);
    const def = d.DefaultValue ? defaultValue(api, d.DefaultValue.Value) : null;
    return { name, type, default: def };
  });
  const declaredNames = new Set<string>(declared.map((d: { name: string }) => d.name));
  const inputTypes = new Map(input.schema.map((f) => [f.name, f.type]));
  const stepNodes: KNode[] = api.elements(op.Steps);
  const stepNames = stepNodes.map((s) => String(s.Name.SimpleName));
  const ex = new ScanExprs(api, stepNames, declaredNames, inputTypes);
  const steps: ScanStepDef[] = stepNodes.map((s, i) => {
    if (s.OptionalKeyword) throw unsupported('scan optional steps');
    let output: 'all' | 'none' = 'all';
    if (s.ScanStepOutput) {
      const kind = String(s.ScanStepOutput.OutputKind?.Text ?? '').toLowerCase();
      if (kind === 'none') output = 'none';
      else if (kind !== 'all') throw unsupported(`scan step output=${kind}`);
    }
    const assignments = (s.ComputationClause ? api.elements(s.ComputationClause.Assignments) : []).map((a: KNode) => {
      const col = String(a.Name.ReferencedSymbol?.Name ?? a.Name.SimpleName);
      const column = declared.findIndex((d: { name: string }) => d.name === col);
      if (column < 0) throw new KqlError('semantic', `scan step ${stepNames[i]} assigns '${col}', which is not declared`);
      return { column, expr: ex.translate(a.Expression) };
    });
    return { name: stepNames[i], output, condition: ex.translate(s.Condition), assignments };
  });
  // Output: the input's columns, the declared ones, the match id (the binder's names; our types).
  const expected: Field[] = [...input.schema, ...declared.map((d: { name: string; type: KType }) => ({ name: d.name, type: d.type }))];
  if (matchId !== null) expected.push({ name: matchId, type: 'long' });
  // Kusto.Language always appends a match_id column; the engine adds it only with with_match_id (oracle scan-operator-01).
  const binder = matchId === null && out.length === expected.length + 1 && out[out.length - 1].name === 'match_id' ? out.slice(0, -1) : out;
  if (expected.length !== binder.length || expected.some((f, i) => f.name !== binder[i].name)) {
    throw unsupported(`scan output shape (${out.map((f) => f.name).join(', ')})`);
  }
  const params: ScanParams = { declared, steps, matchId, refs: ex.refs };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'scan',
    inputs: [input],
    exprs: [],
    params,
    describe: `Scan${matchId ? ` with_match_id=${matchId}` : ''} steps=[${stepNames.join(', ')}]`,
    schema: expected,
  };
  return Object.freeze(node);
});
