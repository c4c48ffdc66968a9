import type { Batch, Schema } from '../../data/batch.js';
import { ConstVector } from '../../data/vector.js';
import type { PhysicalOp } from './physical-op.js';

/** union: each leg's columns mapped by name onto the output schema; a column a leg lacks reads as null. */
export class UnionOp implements PhysicalOp {
  constructor(
    readonly children: readonly PhysicalOp[],
    readonly mapping: readonly (readonly (number | null)[])[],
    readonly source: { name: string; values: readonly string[]; at: number } | undefined,
    readonly schema: Schema,
  ) {}
  describe(): string {
    return `UnionExec legs=${this.children.length}${this.source ? ` withsource=${this.source.name}` : ''}`;
  }
  *execute(): Iterable<Batch> {
    for (let i = 0; i < this.children.length; i++) {
      const map = this.mapping[i];
      for (const b of this.children[i].execute()) {
        const cols = [];
        let j = 0;
        for (let o = 0; o < this.schema.length; o++) {
          if (this.source && o === this.source.at) {
            cols.push(new ConstVector('string', this.source.values[i] ?? '', b.length));
            continue;
          }
          const slot = map[j++];
          cols.push(slot === null ? new ConstVector(this.schema[o].type, null, b.length) : b.columns[slot]);
        }
        yield { columns: cols, length: b.length };
      }
    }
  }
}
