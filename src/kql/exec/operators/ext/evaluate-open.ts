/**
 * Evaluate plugins whose whole output is computed from the whole input (bag_unpack, pivot, narrow).
 *
 * Two phases: when the output schema depends on the data (bag_unpack / pivot without `: (OutputSchema)`), the
 * first read of `schema` (by the operator above, while it is being planned, or by the engine) runs the input to a
 * table and computes the result; `execute` then only hands out the stored result. With a declared schema nothing
 * runs before `execute`.
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import { constVector } from '../../../data/vector.js';
import { unsupported } from '../../../errors.js';
import type { LogicalPlan } from '../../../plan/logical-plan.js';
import type { ExecContext } from '../../context.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { TableSourceOp } from '../table-source.js';

export class WholeTableOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  private result: Table | null = null;
  constructor(
    readonly input: PhysicalOp,
    /** Computes the output from the materialized input. */
    private readonly compute: (input: Table) => Table,
    private readonly label: string,
    /** The declared schema, or null when only the data decides it. */
    private readonly declared: Schema | null,
  ) {
    this.children = [input];
  }
  private run(): Table {
    this.result ??= this.compute(Table.fromBatches(this.input.schema, [...this.input.execute()]));
    return this.result;
  }
  get schema(): Schema {
    return this.declared ?? this.run().schema;
  }
  describe(): string {
    return this.label;
  }
  *execute(): Iterable<Batch> {
    // Physical operators are built per execution, so the stored result is never stale.
    yield* this.run().batches();
  }
}

// ------------------------------------------------------------------------------------------------ engine support

/**
 * A data-dependent schema only reaches the result if whoever runs the plan takes the result's columns from the
 * physical root (`op.schema`) rather than from the logical plan (whose schema is the binder's partial one). The
 * probe asks `ctx.runSubplan` once: a logical node with no columns whose physical operator has one.
 */
const PROBE = 'evaluate-open-schema-probe';
registerExtension(PROBE, () => new TableSourceOp('SchemaProbe', () => new Table(PROBE_SCHEMA, [constVector('long', 1n, 1)], 1), PROBE_SCHEMA));
const PROBE_SCHEMA: Schema = [{ name: 'probe', type: 'long' }];
const probeNode: LogicalPlan = Object.freeze({ kind: 'extension', name: PROBE, inputs: [], exprs: [], params: null, describe: 'SchemaProbe', schema: [] });

/** Throws `unsupported` when the engine would drop the columns a data-dependent schema adds. */
export function requireOpenSchemaSupport(ctx: ExecContext, what: string): void {
  if (ctx.runSubplan(probeNode).schema.length !== 1) {
    throw unsupported(`${what} without an output schema (the engine takes result columns from the logical plan, which cannot know them; add ': (Col:type, ...)')`);
  }
}
