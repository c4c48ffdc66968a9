import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';

/** Stops pulling from its input once it has `limit` rows. */
export class TakeOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly limit: number,
  ) {
    this.children = [input];
  }
  get schema(): Schema {
    return this.input.schema;
  }
  describe(): string {
    return `TakeExec ${this.limit}`;
  }
  *execute(): Iterable<Batch> {
    let left = this.limit;
    if (left <= 0) return;
    for (const b of this.input.execute()) {
      if (b.length <= left) {
        yield b;
        left -= b.length;
      } else {
        const pos = new Uint32Array(left);
        for (let k = 0; k < left; k++) pos[k] = k;
        yield { columns: b.columns.map((c) => c.select(pos, left)), length: left };
        left = 0;
      }
      if (left === 0) return;
    }
  }
}
