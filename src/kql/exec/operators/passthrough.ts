import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalOp } from './physical-op.js';

/** Operators that change nothing about the rows here: render (reported, not drawn), serialize. */
export class PassthroughOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly label: string,
  ) {
    this.children = [input];
  }
  get schema(): Schema {
    return this.input.schema;
  }
  describe(): string {
    return this.label;
  }
  execute(): Iterable<Batch> {
    return this.input.execute();
  }
}
