import { type Batch, type Schema, BATCH_SIZE, selectBatch } from '../../data/batch.js';
import { type PhysicalExpr, truePositions } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';

/** Keeps rows whose predicate is true (null counts as false) by narrowing each column's selection; no copy. */
export class FilterOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly predicate: PhysicalExpr,
  ) {
    this.children = [input];
  }
  get schema(): Schema {
    return this.input.schema;
  }
  describe(): string {
    return `FilterExec ${this.predicate.describe}`;
  }
  *execute(): Iterable<Batch> {
    let scratch = new Uint32Array(BATCH_SIZE);
    for (const b of this.input.execute()) {
      if (b.length > scratch.length) scratch = new Uint32Array(b.length);
      const m = truePositions(this.predicate.eval(b), b.length, scratch);
      if (m === 0) continue;
      if (m === b.length) {
        yield b;
        continue;
      }
      // Positions are copied out of the scratch buffer because the selection outlives this batch.
      yield selectBatch(b, scratch.slice(0, m), m);
    }
  }
}
