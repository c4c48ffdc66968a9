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

/** `evaluate` plugins implemented in their own modules: (op, input, pipe, api, plugin arguments) -> plan. */
export type PluginTranslator = (
  op: import('../kusto.js').KNode,
  input: LogicalPlan,
  pipe: import('../kusto.js').KNode,
  api: import('./api.js').TranslatorApi,
  args: import('../kusto.js').KNode[],
) => LogicalPlan;

export const pluginTranslators: Record<string, PluginTranslator> = {};

export function registerPlugin(name: string, t: PluginTranslator): void {
  pluginTranslators[name] = t;
  implementedPlugins.add(name);
}

/**
 * Translators for tabular expressions that start a pipeline (externaldata, find, search...), by syntax kind name.
 * Called with the expression node; no piped input.
 */
export type SourceTranslator = (node: import('../kusto.js').KNode, api: import('./api.js').TranslatorApi) => LogicalPlan;

export const sourceTranslators: Record<string, SourceTranslator> = {};

export function registerSource(kind: string, t: SourceTranslator): void {
  sourceTranslators[kind] = t;
}
