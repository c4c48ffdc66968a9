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

export const Exprs = {
  column(name: string, type: KType): ColumnExpr {
    return Object.freeze({ kind: 'column', name, type });
  },
  literal(type: KType, value: Boxed): LiteralExpr {
    return Object.freeze({ kind: 'literal', type, value });
  },
  call(name: string, args: readonly Expr[], type: KType): CallExpr {
    return Object.freeze({ kind: 'call', name, args: Object.freeze([...args]), type });
  },
};

/** A short text for `explain`. */
export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return e.name;
    case 'literal':
      return describeLiteral(e);
    case 'call': {
      if (e.name.startsWith('op:')) {
        const op = e.name.slice(3);
        if (op === 'member') return `${describeExpr(e.args[0])}.${String((e.args[1] as LiteralExpr).value)}`;
        if (op === 'index') return `${describeExpr(e.args[0])}[${describeExpr(e.args[1])}]`;
        if (e.args.length === 1) return `${op}(${describeExpr(e.args[0])})`;
        return `(${e.args.map(describeExpr).join(` ${op} `)})`;
      }
      return `${e.name}(${e.args.map(describeExpr).join(', ')})`;
    }
    case 'listMatch': {
      const parts = [...e.values.map(describeExpr), ...e.tables.map(() => '<table>')];
      return `${describeExpr(e.target)} ${e.op} (${parts.join(', ')})`;
    }
    case 'scalarQuery':
      return 'toscalar(<table>)';
  }
}

function describeLiteral(e: LiteralExpr): string {
  const v = e.value;
  if (v === null) return `${e.type}(null)`;
  if (e.type === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${e.type}(${v})`;
  if (typeof v === 'object') return `dynamic(${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))})`;
  return String(v);
}
