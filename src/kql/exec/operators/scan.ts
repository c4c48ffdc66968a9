import type { Batch, Schema, Table } from '../../data/batch.js';
import { ConstVector } from '../../data/vector.js';
import type { PhysicalOp } from './physical-op.js';

/** Reads a stored table in batches, zero copy. Columns the table lacks (schema drift) read as nulls. */
export class ScanOp implements PhysicalOp {
  readonly children = [];
  constructor(
    readonly name: string,
    readonly table: Table,
    readonly schema: Schema,
  ) {}
  describe(): string {
    return `ScanExec ${this.name} rows=${this.table.length}`;
  }
  *execute(): Iterable<Batch> {
    const slots = this.schema.map((f) => this.table.schema.findIndex((c) => c.name === f.name));
    for (const b of this.table.batches()) {
      yield { columns: slots.map((s, i) => (s >= 0 ? b.columns[s] : new ConstVector(this.schema[i].type, null, b.length))), length: b.length };
    }
  }
}
