import type { Batch, Schema, Table } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';

/** Emits an already computed table (datatable rows, range, a shared subplan's result). */
export class TableSourceOp implements PhysicalOp {
  constructor(
    readonly label: string,
    private readonly produce: () => Table,
    readonly schema: Schema,
    readonly children: readonly PhysicalOp[] = [],
    /** Emit the table as a single batch (window functions need the whole row set at once). */
    private readonly single = false,
  ) {}
  describe(): string {
    return this.label;
  }
  *execute(): Iterable<Batch> {
    const t = this.produce();
    if (this.single) {
      if (t.length > 0) yield { columns: t.columns, length: t.length };
      return;
    }
    yield* t.batches();
  }
}
