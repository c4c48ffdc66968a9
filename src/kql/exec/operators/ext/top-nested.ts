/**
 * top-nested: hierarchical aggregation. Level by level, each partition of rows (all rows at the first level) is
 * grouped by the level's value, each group aggregated, and the top N groups (by the aggregate, descending unless
 * asc; ties in order of first appearance; null aggregates last) become the next level's partitions. A last-level
 * `with others` adds a row per partition whose aggregate covers the groups left out. Output rows come in that
 * hierarchical order.
 */
import { type Batch, type Schema, Table, selectBatch } from '../../../data/batch.js';
import type { Boxed, KType } from '../../../data/types.js';
import { runtimeError, unsupported } from '../../../errors.js';
import type { Accumulator } from '../../../functions/aggregate-function.js';
import { getAggregate } from '../../../functions/aggregates/index.js';
import { convertTo } from '../../../functions/conversion.js';
import { compareBoxed } from '../../../functions/operators.js';
import type { TopNestedLevel, TopNestedParams } from '../../../language/operators/top-nested.js';
import { tableFromRows } from '../../../plan/physical-planner.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import { KeyColumn } from '../group-keys.js';
import type { PhysicalOp } from '../physical-op.js';

class TopNestedOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly p: TopNestedParams,
    readonly schema: Schema,
    readonly label: string,
  ) {
    this.children = [input];
  }

  describe(): string {
    return `TopNestedExec ${this.label}`;
  }

  private accumulator(l: TopNestedLevel): Accumulator {
    const fn = getAggregate(l.fn);
    if (!fn) throw unsupported(`aggregate '${l.fn}'`);
    const args = this.exprs.slice(l.argAt, l.argAt + l.argCount);
    return fn.create({ name: l.fn, argTypes: args.map((a) => a.type), outputTypes: [l.aggType], constArgs: args.map((a) => (a.constant ? a.constant.value : undefined)) });
  }

  /** The aggregate of each group: rows (positions into the whole batch) with their group ids. */
  private aggregate(l: TopNestedLevel, whole: Batch, rows: Uint32Array, gids: Int32Array, groups: number): Boxed[] {
    const acc = this.accumulator(l);
    if (rows.length > 0) {
      const b = selectBatch(whole, rows, rows.length);
      acc.update(gids, rows.length, this.exprs.slice(l.argAt, l.argAt + l.argCount).map((a) => a.eval(b)), [], groups);
    }
    const v = acc.finish(groups)[0];
    const out: Boxed[] = [];
    for (let g = 0; g < groups; g++) out.push(v.get(g));
    return out;
  }

  *execute(): Iterable<Batch> {
    const levels = this.p.levels;
    const t = Table.fromBatches(this.input.schema, [...this.input.execute()]);
    const whole: Batch = { columns: t.columns, length: t.length };
    const values = levels.map((l) => this.exprs[l.ofAt].eval(whole));
    const limits = levels.map((l) => {
      if (!l.hasN) return Infinity;
      const c = this.exprs[l.nAt].constant;
      if (!c || c.value === null) throw runtimeError('top-nested: N is not a constant');
      return Math.max(0, Number(c.value));
    });
    const others = levels.map((l) => {
      const e = this.exprs[l.othersAt];
      if (!l.hasOthers) return null;
      if (!e.constant) throw unsupported('top-nested: with others value that is not a constant');
      return convertTo(e.constant.value, e.type, this.exprs[l.ofAt].type as KType);
    });
    const out: Boxed[][] = [];
    const all = new Uint32Array(t.length);
    for (let i = 0; i < t.length; i++) all[i] = i;

    const descend = (level: number, rows: Uint32Array, prefix: Boxed[]): void => {
      const l = levels[level];
      if (rows.length === 0) return;
      const keys = new KeyColumn(this.exprs[l.ofAt].type);
      const gids = new Int32Array(rows.length);
      keys.assign(values[level].select(rows, rows.length), rows.length, gids);
      const groups = keys.size;
      const aggs = this.aggregate(l, whole, rows, gids, groups);
      const order = Array.from({ length: groups }, (_x, g) => g);
      order.sort((a, b) => {
        const x = aggs[a];
        const y = aggs[b];
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
        const c = compareBoxed(x, y);
        return (l.ascending ? c : -c) || a - b;
      });
      const top = order.slice(0, Math.min(groups, limits[level]));
      const members: number[][] = Array.from({ length: groups }, () => []);
      for (let k = 0; k < rows.length; k++) members[gids[k]].push(rows[k]);
      for (const g of top) {
        const row = [...prefix, keys.values[g], aggs[g]];
        if (level === levels.length - 1) out.push(row);
        else descend(level + 1, Uint32Array.from(members[g]), row);
      }
      if (l.hasOthers && top.length < groups) {
        const rest: number[] = [];
        for (const g of order.slice(top.length)) rest.push(...members[g]);
        const restAgg = this.aggregate(l, whole, Uint32Array.from(rest), new Int32Array(rest.length), 1)[0];
        out.push([...prefix, others[level], restAgg]);
      }
    };
    descend(0, all, []);
    if (out.length > 0) yield* tableFromRows(this.schema, out).batches();
  }
}

registerExtension('top-nested', (node, inputs, exprs) => {
  return new TopNestedOp(inputs[0], exprs, node.params as TopNestedParams, node.schema, node.describe.replace(/^TopNested ?/, ''));
});
