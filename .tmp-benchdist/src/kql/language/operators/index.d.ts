/**
 * Translators for operators beyond the core set, by Kusto.Language syntax kind name (e.g. 'EvaluateOperator',
 * 'ParseOperator'). Each returns a LogicalPlan (usually an ExtensionNode).
 */
import type { LogicalPlan } from '../../plan/logical-plan.js';
import type { OperatorTranslator } from './api.js';
export declare const operatorTranslators: Record<string, OperatorTranslator>;
export declare function registerOperator(kind: string, t: OperatorTranslator): void;
export type { LogicalPlan };
