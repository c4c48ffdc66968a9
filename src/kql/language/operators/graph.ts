/**
 * The graph operators (query/make-graph-operator.md, graph-mark-components-operator.md, graph-to-table-operator.md):
 * `Edges | make-graph Src --> Dst [with T1 on Key1, ... | with_node_id=Name] [| graph-mark-components ...]
 * | graph-to-table nodes|edges ...`.
 *
 * A graph is not a table, so make-graph and graph-mark-components translate to a `graph` node that only describes
 * the graph; graph-to-table turns that description into one `graph-to-table` extension whose inputs are the edges
 * and the node tables. Anything else on a graph (graph-match, graph-shortest-paths, the two-table form of
 * graph-to-table) is unsupported.
 */
import type { Schema } from '../../data/batch.js';
import { KqlError, unsupported } from '../../errors.js';
import type { ExtensionNode, LogicalPlan } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';
import type { TranslatorApi } from './api.js';
import { registerOperator } from './index.js';

export interface GraphComponents {
  readonly kind: 'weak' | 'strong';
  /** The node property the component index is written to. */
  readonly property: string;
}

/** params of the `graph` node. inputs[0] is the edges, inputs[1..] the node tables (in `keys` order). */
export interface GraphParams {
  readonly source: string;
  readonly target: string;
  /** The key column of each node table. */
  readonly keys: readonly string[];
  /** `with_node_id=Name`: the node property holding the node's ID. */
  readonly nodeIdProperty: string | null;
  readonly components: readonly GraphComponents[];
}

/** params of the `graph-to-table` extension (same inputs as the graph). */
export interface GraphToTableParams {
  readonly graph: GraphParams;
  readonly entity: 'nodes' | 'edges';
  /** Output column name -> which node hash it holds. */
  readonly idColumns: Readonly<Record<string, 'node' | 'source' | 'target'>>;
}

const GRAPH = 'graph';

function nameOf(node: KNode): string {
  const sym = node?.ReferencedSymbol?.Name ?? node?.SimpleName ?? node?.Name?.SimpleName;
  if (sym === undefined || sym === null) throw new KqlError('semantic', `expected a name, got '${String(node?.toString?.() ?? '').trim()}'`);
  return String(sym);
}

function graphOf(input: LogicalPlan, op: string): ExtensionNode & { params: GraphParams } {
  if (input.kind !== 'extension' || input.name !== GRAPH) throw new KqlError('semantic', `${op} needs a graph (from make-graph) as its input`);
  return input as ExtensionNode & { params: GraphParams };
}

function graphNode(inputs: readonly LogicalPlan[], params: GraphParams): LogicalPlan {
  const node: ExtensionNode = {
    kind: 'extension',
    name: GRAPH,
    inputs,
    exprs: [],
    params,
    describe: `Graph ${params.source} --> ${params.target}${params.keys.length ? ` with nodes on ${params.keys.join(', ')}` : ''}${params.components.map((c) => ` components(${c.kind})=${c.property}`).join('')}`,
    schema: [],
  };
  return Object.freeze(node);
}

registerOperator('MakeGraphOperator', (op, input, _pipe, api) => {
  const source = nameOf(op.SourceColumn);
  const target = nameOf(op.TargetColumn);
  for (const c of [source, target]) if (!input.schema.some((f) => f.name === c)) throw new KqlError('semantic', `make-graph: '${c}' is not a column of the edges`);
  const inputs: LogicalPlan[] = [input];
  const keys: string[] = [];
  let nodeIdProperty: string | null = null;
  const w = op.WithClause;
  if (w) {
    const k = api.kindName(w);
    if (k === 'MakeGraphWithImplicitIdClause') nodeIdProperty = String(w.Name.SimpleName);
    else if (k === 'MakeGraphWithTablesAndKeysClause') {
      for (const clause of api.elements(w.TablesAndKeys)) {
        const table = api.tabular(clause.Table);
        const key = nameOf(clause.Column);
        if (!table.schema.some((f) => f.name === key)) throw new KqlError('semantic', `make-graph: '${key}' is not a column of the node table`);
        inputs.push(table);
        keys.push(key);
      }
    } else throw unsupported(`make-graph ${k}`);
  }
  if (api.params(op).size > 0) throw unsupported('make-graph parameters');
  return graphNode(inputs, { source, target, keys, nodeIdProperty, components: [] });
});

registerOperator('GraphMarkComponentsOperator', (op, input, _pipe, api) => {
  const g = graphOf(input, 'graph-mark-components');
  let kind: GraphComponents['kind'] = 'weak';
  let property = 'ComponentId';
  for (const [name, value] of api.params(op)) {
    const v = String(value?.SimpleName ?? value?.Name?.SimpleName ?? value?.toString?.() ?? '').trim();
    if (name === 'kind') {
      const lower = v.toLowerCase();
      if (lower !== 'weak' && lower !== 'strong') throw new KqlError('semantic', `graph-mark-components: kind=${v}`);
      kind = lower;
    } else if (name === 'with_component_id') property = v;
    else throw unsupported(`graph-mark-components parameter '${name}'`);
  }
  return graphNode(g.inputs, { ...g.params, components: [...g.params.components, { kind, property }] });
});

registerOperator('GraphToTableOperator', (op, input, pipe, api) => {
  const g = graphOf(input, 'graph-to-table');
  const clauses = api.elements(op.OutputClause);
  if (clauses.length !== 1) throw unsupported('graph-to-table with both nodes and edges (two result tables)');
  const clause = clauses[0];
  const entityText = String(clause.EntityKeyword?.Text ?? '').toLowerCase();
  if (entityText !== 'nodes' && entityText !== 'edges') throw unsupported(`graph-to-table ${entityText}`);
  const entity: 'nodes' | 'edges' = entityText;
  const idColumns: Record<string, 'node' | 'source' | 'target'> = {};
  for (const p of api.elements(clause.Parameters)) {
    const name = String(p.Name.SimpleName).toLowerCase();
    const column = String(p.Expression?.SimpleName ?? p.Expression?.Name?.SimpleName ?? p.Expression);
    if (name === 'with_node_id' && entity === 'nodes') idColumns[column] = 'node';
    else if (name === 'with_source_id' && entity === 'edges') idColumns[column] = 'source';
    else if (name === 'with_target_id' && entity === 'edges') idColumns[column] = 'target';
    else throw unsupported(`graph-to-table ${entity} parameter '${name}'`);
  }
  const schema: Schema = api.resultSchema(pipe);
  if (schema.length === 0) throw unsupported('graph-to-table of nodes without properties (a table without columns)');
  const params: GraphToTableParams = { graph: g.params, entity, idColumns };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'graph-to-table',
    inputs: g.inputs,
    exprs: [],
    params,
    describe: `GraphToTable ${entity} of ${g.describe}`,
    schema,
  };
  return Object.freeze(node);
});
