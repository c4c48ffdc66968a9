/** What an operator translator may use from the core translator (language/translate.ts). */
import type { Schema } from '../../data/batch.js';
import type { Expr } from '../../plan/expr.js';
import type { LogicalPlan } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';

export interface TranslatorApi {
  /** Translates a scalar expression node (column references resolve by name against the operator's input). */
  scalar(node: KNode): Expr;
  /** Translates a tabular expression node. */
  tabular(node: KNode): LogicalPlan;
  /** The binder's output schema of a node with a table ResultType (use the pipe expression for an operator's output). */
  resultSchema(node: KNode): Schema;
  /** Elements of a SyntaxList of SeparatedElements. */
  elements(list: KNode): KNode[];
  /** SyntaxKind name of a node, e.g. 'SimpleNamedExpression'. */
  kindName(node: KNode): string;
  /** `kind=...` style parameters of an operator, lower-cased names -> value node. */
  params(op: KNode): Map<string, KNode>;
  /** Translates a subquery whose first operator has no explicit input (mv-apply, partition bodies). */
  subquery(node: KNode, input: LogicalPlan): LogicalPlan;
  /** Whether an expression node's result is a table. */
  isTabular(node: KNode): boolean;
  /**
   * For an evaluate whose columns depend on the data (`plan` is its node) and that later operators use: stops the
   * translation so that the engine runs `plan` first and translates the query again with its columns
   * (language/open-schema.ts). Throws `unsupported` where that cannot work (in a subquery or function body).
   */
  deferOpenSchema(op: KNode, plan: LogicalPlan, what: string): never;
}

/** op: the operator node; input: the plan of what is piped in; pipe: the PipeExpression (its ResultType is the output). */
export type OperatorTranslator = (op: KNode, input: LogicalPlan, pipe: KNode, api: TranslatorApi) => LogicalPlan;
