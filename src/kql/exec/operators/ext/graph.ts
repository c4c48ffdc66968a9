/**
 * graph-to-table over a make-graph description (see language/operators/graph.ts).
 *
 * Nodes: each row of a node table is a node keyed by its key column; a node ID met in several rows or tables is one
 * node whose properties are merged (the docs let a conflicting value be chosen arbitrarily: the first one wins).
 * IDs met only in the edges become nodes without properties. Node order (the docs promise none): node-table rows
 * first, in table order, then edge-only nodes in order of first appearance (source before target).
 * A node's hash ID is hash() of its ID, which is what Kusto returns (oracle case graph-to-table-operator-00).
 * Components (graph-mark-components) are numbered from 0 in order of their first node in that node order (the docs
 * call the numbering arbitrary).
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import type { Boxed, KType } from '../../../data/types.js';
import { runtimeError, unsupported } from '../../../errors.js';
import { getScalarFunction } from '../../../functions/registry.js';
import type { GraphComponents, GraphParams, GraphToTableParams } from '../../../language/operators/graph.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';

interface Graph {
  /** Node IDs in node order. */
  readonly ids: Boxed[];
  readonly props: Map<string, Boxed>[];
  /** Edge endpoints as node indexes, one per edge row. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly edges: Table;
  readonly idType: KType;
}

function idKey(v: Boxed): string {
  return typeof v === 'bigint' ? `n${v}` : typeof v === 'number' ? `n${v}` : `${typeof v}:${String(v)}`;
}

function buildGraph(p: GraphParams, tables: Table[]): Graph {
  const edges = tables[0];
  const si = edges.schema.findIndex((f) => f.name === p.source);
  const ti = edges.schema.findIndex((f) => f.name === p.target);
  const idType = edges.schema[si].type;
  if (edges.schema[ti].type !== idType) throw unsupported(`make-graph: source and target columns of different types (${idType}, ${edges.schema[ti].type})`);
  const index = new Map<string, number>();
  const ids: Boxed[] = [];
  const props: Map<string, Boxed>[] = [];
  const nodeOf = (v: Boxed): number => {
    if (v === null) throw unsupported('make-graph: a null node ID');
    const k = idKey(v);
    let i = index.get(k);
    if (i === undefined) {
      i = ids.length;
      index.set(k, i);
      ids.push(v);
      props.push(new Map());
    }
    return i;
  };
  p.keys.forEach((key, j) => {
    const t = tables[j + 1];
    const ki = t.schema.findIndex((f) => f.name === key);
    if (t.schema[ki].type !== idType) throw unsupported(`make-graph: node key '${key}' is ${t.schema[ki].type}, the edges' node IDs are ${idType}`);
    for (let r = 0; r < t.length; r++) {
      const m = props[nodeOf(t.columns[ki].get(r))];
      t.schema.forEach((f, c) => {
        if (!m.has(f.name)) m.set(f.name, t.columns[c].get(r));
      });
    }
  });
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  for (let r = 0; r < edges.length; r++) {
    from[r] = nodeOf(edges.columns[si].get(r));
    to[r] = nodeOf(edges.columns[ti].get(r));
  }
  if (p.nodeIdProperty !== null) ids.forEach((v, i) => props[i].set(p.nodeIdProperty!, v));
  return { ids, props, from, to, edges, idType };
}

/** Component index of each node: weakly connected (union-find) or strongly connected (Tarjan). */
function components(g: Graph, kind: GraphComponents['kind']): Int32Array {
  const n = g.ids.length;
  const raw = new Int32Array(n);
  if (kind === 'weak') {
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (let e = 0; e < g.from.length; e++) {
      const a = find(g.from[e]);
      const b = find(g.to[e]);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
    for (let i = 0; i < n; i++) raw[i] = find(i);
  } else {
    const adj: number[][] = Array.from({ length: n }, () => []);
    for (let e = 0; e < g.from.length; e++) adj[g.from[e]].push(g.to[e]);
    const idx = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const stack: number[] = [];
    let counter = 0;
    // Iterative Tarjan (deep graphs would overflow the JS stack).
    for (let s = 0; s < n; s++) {
      if (idx[s] !== -1) continue;
      const work: [number, number][] = [[s, 0]];
      while (work.length > 0) {
        const top = work[work.length - 1];
        const v = top[0];
        if (top[1] === 0 && idx[v] === -1) {
          idx[v] = low[v] = counter++;
          stack.push(v);
          onStack[v] = 1;
        }
        if (top[1] < adj[v].length) {
          const w = adj[v][top[1]++];
          if (idx[w] === -1) work.push([w, 0]);
          else if (onStack[w]) low[v] = Math.min(low[v], idx[w]);
          continue;
        }
        work.pop();
        if (work.length > 0) {
          const u = work[work.length - 1][0];
          low[u] = Math.min(low[u], low[v]);
        }
        if (low[v] === idx[v]) {
          for (;;) {
            const w = stack.pop()!;
            onStack[w] = 0;
            raw[w] = v;
            if (w === v) break;
          }
        }
      }
    }
  }
  // Renumber 0, 1, ... in order of each component's first node.
  const out = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let c = seen.get(raw[i]);
    if (c === undefined) seen.set(raw[i], (c = seen.size));
    out[i] = c;
  }
  return out;
}

function nodeHash(idType: KType): (v: Boxed) => Boxed {
  const hash = getScalarFunction('hash');
  if (!hash) throw runtimeError('graph-to-table: hash() is not registered');
  const row = hash.bind({ name: 'hash', argTypes: [idType], resultType: 'long', constArgs: [undefined], now: 0n });
  return (v) => row([v]);
}

function graphToTable(p: GraphToTableParams, schema: Schema, tables: Table[]): Table {
  const g = buildGraph(p.graph, tables);
  for (const c of p.graph.components) {
    const comp = components(g, c.kind);
    g.props.forEach((m, i) => m.set(c.property, BigInt(comp[i])));
  }
  const hasIds = Object.keys(p.idColumns).length > 0;
  const hash = hasIds ? nodeHash(g.idType) : null;
  const rows: Boxed[][] = [];
  if (p.entity === 'nodes') {
    for (let i = 0; i < g.ids.length; i++) {
      rows.push(schema.map((f) => (p.idColumns[f.name] === 'node' ? hash!(g.ids[i]) : g.props[i].get(f.name) ?? null)));
    }
  } else {
    const e = g.edges;
    const col = new Map(e.schema.map((f, c) => [f.name, c]));
    for (let r = 0; r < e.length; r++) {
      rows.push(
        schema.map((f) => {
          const id = p.idColumns[f.name];
          if (id === 'source') return hash!(g.ids[g.from[r]]);
          if (id === 'target') return hash!(g.ids[g.to[r]]);
          const c = col.get(f.name);
          return c === undefined ? null : e.columns[c].get(r);
        }),
      );
    }
  }
  return tableFromRows(schema, rows);
}

class GraphToTableOp implements PhysicalOp {
  constructor(
    readonly children: readonly PhysicalOp[],
    private readonly params: GraphToTableParams,
    readonly schema: Schema,
  ) {}
  describe(): string {
    return `GraphToTableExec ${this.params.entity}`;
  }
  *execute(): Iterable<Batch> {
    const tables = this.children.map((c) => Table.fromBatches(c.schema, [...c.execute()]));
    yield* graphToTable(this.params, this.schema, tables).batches();
  }
}

registerExtension('graph-to-table', (node, inputs) => new GraphToTableOp(inputs, node.params as GraphToTableParams, node.schema));
// A graph reaching the result (or an operator other than graph-to-table / graph-mark-components) has no table form.
registerExtension('graph', () => {
  throw unsupported('make-graph not followed by graph-to-table (graph-match and graph-shortest-paths are not implemented)');
});
