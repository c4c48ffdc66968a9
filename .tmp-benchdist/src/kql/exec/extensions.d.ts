/**
 * Physical planning of extension operators (see ExtensionNode in plan/logical-plan.ts). Each operator module
 * registers a planner under the node's `name`.
 */
import type { ExtensionNode } from '../plan/logical-plan.js';
import type { ExecContext } from './context.js';
import type { PhysicalExpr } from './evaluate.js';
import type { PhysicalOp } from './operators/physical-op.js';
export type ExtensionPlanner = (node: ExtensionNode, inputs: PhysicalOp[], exprs: PhysicalExpr[], ctx: ExecContext) => PhysicalOp;
export declare function registerExtension(name: string, planner: ExtensionPlanner): void;
export declare function getExtension(name: string): ExtensionPlanner | undefined;
