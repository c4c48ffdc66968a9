/**
 * Bound Kusto.Language syntax tree -> our logical plan. Names and types are read from the binder (every pipe stage
 * has a ResultType); this file never re-derives them. Anything it does not know fails with `unsupported: ...`.
 */
import type { Boxed, KType } from '../data/types.js';
import type { Schema } from '../data/batch.js';
import { type Expr } from '../plan/expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { type KNode } from './kusto.js';
import './operators/all.js';
export interface TranslatedQuery {
    readonly plan: LogicalPlan;
    /** `set query_now = datetime(...)` and other query options. */
    readonly options: ReadonlyMap<string, Boxed>;
    /** `render` visualization, if the query ends with one. */
    readonly render: string | null;
}
interface Frame {
    /** let-bound scalars and function parameters: Kusto symbol -> expression. */
    readonly scalars: Map<unknown, Expr>;
    /** let-bound tables: Kusto symbol -> plan. */
    readonly tables: Map<unknown, LogicalPlan>;
    /** function parameters by name (the expanded body binds them to fresh symbols). */
    readonly paramScalars: Map<string, Expr>;
    readonly paramTables: Map<string, LogicalPlan>;
    readonly parent: Frame | null;
}
export declare function toKType(sym: KNode): KType;
export declare function toArray(list: KNode): KNode[];
export declare function schemaOf(tableSym: KNode): Schema;
export declare class Translator {
    private nextShared;
    private readonly options;
    private render;
    private readonly K;
    /** The schema of the rows the expressions being translated read (the current operator's input). */
    private rowSchema;
    translateQuery(code: KNode): TranslatedQuery;
    private setOption;
    private constant;
    private letStatement;
    private share;
    private isTabular;
    private resultSchema;
    tabular(node: KNode, frame: Frame): LogicalPlan;
    private tableReference;
    private lookupTable;
    private lookupScalar;
    private datatable;
    private datatableValue;
    private print;
    private operator;
    private operatorInner;
    private api;
    private project;
    private extend;
    private summarize;
    private isAggregateCall;
    private aggregateCall;
    private sortKeys;
    private params;
    private union;
    private join;
    private mvExpand;
    private invoke;
    /** A call of a user function (let f = ... or a declared Defender function) whose result is a table. */
    private tabularCall;
    private expandCall;
    private functionBody;
    scalar(node: KNode, frame: Frame, onAggregate?: (call: KNode) => Expr): Expr;
    private nameReference;
    private listMatch;
    /** Functions that depend on the row's schema rather than on values: resolved here, at translation. */
    private specialCall;
    private functionCall;
}
/** The value of a constant expression (a literal or a negated numeric literal), or undefined. */
export declare function foldConstant(e: Expr): Boxed | undefined;
/** A datatable literal written as one type but stored in a column of another (e.g. 1 in a real column). */
export declare function coerceLiteral(v: Boxed, from: KType, to: KType): Boxed;
export {};
