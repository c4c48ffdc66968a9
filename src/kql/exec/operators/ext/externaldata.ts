/**
 * externaldata: parses the artifacts the engine fetched before execution (ctx.externalData) into the declared
 * schema, one artifact after another.
 */
import type { Batch, Schema } from '../../../data/batch.js';
import { runtimeError } from '../../../errors.js';
import { parseArtifact, recordsToTable, resolveFormat } from '../../../external/formats.js';
import { EXTERNALDATA, type ExternalDataParams } from '../../../external/plan.js';
import type { ExecContext } from '../../context.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';

class ExternalDataOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[] = [];
  constructor(
    readonly params: ExternalDataParams,
    readonly schema: Schema,
    readonly ctx: ExecContext,
  ) {}
  describe(): string {
    const shown = this.params.urls.map((u) => u.replace(/\?.*$/, '?...')).join(', ');
    return `ExternalDataExec [${shown}]`;
  }
  *execute(): Iterable<Batch> {
    const get = this.ctx.externalData;
    if (!get) throw runtimeError('externaldata: this engine has no external data resolver');
    const records: Record<string, unknown>[] = [];
    for (const url of this.params.urls) {
      const format = resolveFormat(this.params.format, url);
      for (const r of parseArtifact(get(url), url, this.schema, { format, ignoreFirstRecord: this.params.ignoreFirstRecord })) records.push(r);
    }
    if (records.length > 0) yield* recordsToTable(records, this.schema).batches();
  }
}

registerExtension(EXTERNALDATA, (node, _inputs, _exprs, ctx) => new ExternalDataOp(node.params as ExternalDataParams, node.schema, ctx));
