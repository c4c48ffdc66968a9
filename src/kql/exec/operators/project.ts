import type { Batch, Schema } from '../../data/batch.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';

/** Computes the output columns; a column reference passes the input vector through untouched. */
export class ProjectOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly exprs: readonly PhysicalExpr[],
    readonly schema: Schema,
    readonly origin: string,
  ) {
    this.children = [input];
  }
  describe(): string {
    return `ProjectExec[${this.origin}] ${this.schema.map((f, i) => (this.exprs[i].describe.endsWith(`:${f.name}`) ? f.name : `${f.name}=${this.exprs[i].describe}`)).join(', ')}`;
  }
  *execute(): Iterable<Batch> {
    for (const b of this.input.execute()) {
      yield { columns: this.exprs.map((e) => e.eval(b)), length: b.length };
    }
  }
}
