import type { Batch, Schema, Table } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';

/** Emits an already computed table (datatable rows, range, a shared subplan's result). */
export class TableSourceOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[] = [];
  constructor(
    readonly label: string,
    private readonly produce: () => Table,
    readonly schema: Schema,
  ) {}
  describe(): string {
    return this.label;
  }
  *execute(): Iterable<Batch> {
    yield* this.produce().batches();
  }
}
