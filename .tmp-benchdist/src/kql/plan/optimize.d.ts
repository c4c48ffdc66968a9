import { type Expr } from './expr.js';
import type { LogicalPlan } from './logical-plan.js';
export declare function optimize(plan: LogicalPlan): LogicalPlan;
/** Column names an expression reads. Subqueries read their own tables, not this input. */
export declare function columnsOf(e: Expr, out?: Set<string>): Set<string>;
