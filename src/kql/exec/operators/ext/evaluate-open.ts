/**
 * Evaluate plugins whose whole output is computed from the whole input (bag_unpack, pivot, narrow).
 *
 * Two phases: when the output schema depends on the data (bag_unpack / pivot without `: (OutputSchema)`), the
 * first read of `schema` (by the operator above, while it is being planned, or by the engine) runs the input to a
 * table and computes the result; `execute` then only hands out the stored result. With a declared schema nothing
 * runs before `execute`.
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import type { PhysicalOp } from '../physical-op.js';

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
