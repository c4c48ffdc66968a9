import type { Boxed, KType } from '../data/types.js';
import type { LogicalPlan } from './logical-plan.js';
/**
 * Scalar expressions of the logical plan: immutable plain objects with a `kind` discriminant.
 * Names and types come from Kusto.Language's binder; no other layer re-derives them.
 */
export type Expr = ColumnExpr | LiteralExpr | CallExpr | ListMatchExpr | ScalarQueryExpr;
export interface ColumnExpr {
    readonly kind: 'column';
    readonly name: string;
    readonly type: KType;
}
export interface LiteralExpr {
    readonly kind: 'literal';
    readonly type: KType;
    readonly value: Boxed;
}
/** A call of a scalar function or of an operator (`op:+`, `op:==`, `op:has`, `op:and`, `op:member`...). */
export interface CallExpr {
    readonly kind: 'call';
    readonly name: string;
    readonly args: readonly Expr[];
    readonly type: KType;
}
/**
 * `x in (...)`, `x !in (...)`, `x in~ (...)`, `x !in~ (...)`, `x has_any (...)`, `x has_all (...)`:
 * the right side is a list of scalar expressions, dynamic arrays (flattened) and tabular expressions (first column).
 */
export interface ListMatchExpr {
    readonly kind: 'listMatch';
    readonly op: 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all' | 'has_any_cs' | 'has_all_cs';
    readonly target: Expr;
    readonly values: readonly Expr[];
    readonly tables: readonly LogicalPlan[];
    readonly type: 'bool';
}
/** `toscalar(T)`: the first column of the first row of a tabular expression, evaluated once. */
export interface ScalarQueryExpr {
    readonly kind: 'scalarQuery';
    readonly plan: LogicalPlan;
    readonly type: KType;
}
export declare const Exprs: {
    column(name: string, type: KType): ColumnExpr;
    literal(type: KType, value: Boxed): LiteralExpr;
    call(name: string, args: readonly Expr[], type: KType): CallExpr;
};
/** A short text for `explain`. */
export declare function describeExpr(e: Expr): string;
