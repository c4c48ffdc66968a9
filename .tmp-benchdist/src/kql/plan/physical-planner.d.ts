/**
 * Logical plan -> physical plan: resolves column names to slots, compiles expressions into kernels, picks the
 * operator implementations. Built per execution (it binds the query's `now`); the logical plan is what gets cached.
 */
import { type Schema, Table } from '../data/batch.js';
import type { Boxed } from '../data/types.js';
import type { ExecContext } from '../exec/context.js';
import type { PhysicalOp } from '../exec/operators/physical-op.js';
import '../exec/operators/ext/index.js';
import type { LogicalPlan } from './logical-plan.js';
export declare function planPhysical(p: LogicalPlan, ctx: ExecContext): PhysicalOp;
export declare function tableFromRows(schema: Schema, rows: readonly (readonly Boxed[])[]): Table;
