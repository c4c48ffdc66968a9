/**
 * partition (query/partition-operator.md): `T | partition [hint.strategy=native|shuffle|legacy] [hint.*] by Column
 * ( Subquery )` runs the subquery over the rows of each distinct value of Column and unions the results. The hints
 * only choose how Kusto distributes the work; the result is the same, so they are accepted and ignored.
 * The `{ ... }` form with its own source (partition key read with toscalar) and `in (...)` scopes are unsupported.
 */
import { unsupported } from '../../errors.js';
import type { ExtensionNode, LogicalPlan } from '../../plan/logical-plan.js';
import { registerOperator } from './index.js';
import { nameText } from './make-series.js';
import { subqueryRows, translateSubquery } from './mv-apply.js';

export interface PartitionParams {
  readonly rowsNode: ExtensionNode;
  readonly subplan: LogicalPlan;
}

const HINTS = new Set(['hint.strategy', 'hint.materialized', 'hint.concurrency', 'hint.spread', 'hint.shufflekey', 'hint.num_partitions']);

registerOperator('PartitionOperator', (op, input, _pipe, api) => {
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
  // The result is the subquery's (its plan already carries the binder's names; where the two differ, e.g. the
  // match_id Kusto.Language adds to scan, the plan is what the rows hold).
  const out = subplan.schema;
  const params: PartitionParams = { rowsNode, subplan };
  const node: ExtensionNode = {
    kind: 'extension',
    name: 'partition',
    inputs: [input],
    exprs: [key],
    params,
    describe: 'Partition (subquery per partition)',
    schema: out,
  };
  return Object.freeze(node);
});
