/** Kusto.Language's lists of built-ins, as plain data (for the coverage report). */
import { kusto } from './kusto.js';

export interface BuiltinInfo {
  readonly name: string;
  readonly hidden: boolean;
  readonly obsolete: boolean;
}

export interface KustoBuiltins {
  readonly functions: BuiltinInfo[];
  readonly aggregates: BuiltinInfo[];
  readonly plugins: BuiltinInfo[];
  /** Query operator syntax kinds, e.g. `SummarizeOperator`. */
  readonly operators: string[];
}

export function kustoBuiltins(): KustoBuiltins {
  const { K, System } = kusto();
  const info = (f: { Name: string; IsHidden: boolean; IsObsolete: boolean }): BuiltinInfo => ({
    name: String(f.Name),
    hidden: Boolean(f.IsHidden),
    obsolete: Boolean(f.IsObsolete),
  });
  const names: string[] = System.Enum.getNames(K.Syntax.SyntaxKind);
  return {
    functions: (K.Functions.All as { Name: string; IsHidden: boolean; IsObsolete: boolean }[]).map(info),
    aggregates: (K.Aggregates.All as { Name: string; IsHidden: boolean; IsObsolete: boolean }[]).map(info),
    plugins: (K.PlugIns.All as { Name: string; IsHidden: boolean; IsObsolete: boolean }[]).map(info),
    operators: names.filter((n) => n.endsWith('Operator') && n !== 'BadQueryOperator'),
  };
}
