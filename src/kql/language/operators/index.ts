/**
 * Translators for operators beyond the core set, by Kusto.Language syntax kind name (e.g. 'EvaluateOperator',
 * 'ParseOperator'). Each returns a LogicalPlan (usually an ExtensionNode).
 */
import type { LogicalPlan } from '../../plan/logical-plan.js';
import type { OperatorTranslator } from './api.js';

export const operatorTranslators: Record<string, OperatorTranslator> = {};

export function registerOperator(kind: string, t: OperatorTranslator): void {
  operatorTranslators[kind] = t;
}

export type { LogicalPlan };

/** Names of the `evaluate` plugins implemented (the evaluate translator adds to it; read by the coverage report). */
export const implementedPlugins = new Set<string>();

/**
 * Translators for tabular expressions that start a pipeline (externaldata, find, search...), by syntax kind name.
 * Called with the expression node; no piped input.
 */
export type SourceTranslator = (node: import('../kusto.js').KNode, api: import('./api.js').TranslatorApi) => LogicalPlan;

export const sourceTranslators: Record<string, SourceTranslator> = {};

export function registerSource(kind: string, t: SourceTranslator): void {
  sourceTranslators[kind] = t;
}
