/**
 * partition (query/partition-operator.md): `T | partition [hint.strategy=native|shuffle|legacy] [hint.*] by Column
 * ( Subquery )` runs the subquery over the rows of each distinct value of Column and unions the results. The hints
 * only choose how Kusto distributes the work; the result is the same, so they are accepted and ignored.
 * The `{ ... }` form with its own source (partition key read with toscalar) and `in (...)` scopes are unsupported.
 */
import { KqlError, unsupported } from '../../errors.js';
import type { ExtensionNode, LogicalPlan } from '../../plan/logical-plan.js';
import { registerOperator } from './index.js';
import { nameText } from './make-series.js';
import { subqueryRows, translateSubquery } from './mv-apply.js';

export interface PartitionParams {
  readonly rowsNode: ExtensionNode;
  readonly subplan: LogicalPlan;
}

const HINTS = new Set(['hint.strategy', 'hint.materialized', 'hint.concurrency', 'hint.spread', 'hint.shufflekey', 'hint.num_partitions']);

registerOperator('PartitionOperator', (op, input, pipe, api) => {
  for (const [name, value] of api.params(op)) {
    if (!HINTS.has(name)) throw unsupported(`partition parameter ${name}`);
    if (name === 'hint.strategy') {
      const s = nameText(value).toLowerCase();
      if (s !== 'native' && s !== 'shuffle' && s !== 'legacy') throw unsupported(`partition hint.strategy=${s}`);
    }
  }
  if (op.Scope) throw unsupported('partition ... in (...)');
  const operand = op.Operand;
  if (api.kindName(operand) !== 'PartitionSubquery') throw unsupported('partition with a { query } operand');
  const key = api.scalar(op.ByExpression);
  const rowsNode = subqueryRows(input.schema, 'partition');
  const subplan = translateSubquery(api, operand.Subquery, rowsNode, 'partition');
  const out = api.resultSchema(pipe);
  if (out.length !== subplan.schema.length) {
    throw new KqlError('semantic', `partition output has ${out.length} columns, the subquery ${subplan.schema.length}`);
  }
  const params: PartitionParams = { rowsNode, subplan };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'partition',
    inputs: [input],
    exprs: [key],
    params,
    describe: 'Partition (subquery per partition)',
    schema: out.map((f, i) => ({ name: f.name, type: subplan.schema[i].type })),
  };
  return Object.freeze(node);
});
