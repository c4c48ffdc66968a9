/** `edgewatch rules [--rules DIR]...`: lists the detection rules, and the ones refused with their diagnostics. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../index.js';
import { loadRules } from '../detect/rules.js';
import { formatTimespan } from '../kql/data/timespan.js';
import { formatResult, type OutputFormat } from './format.js';
import { packageRoot } from './package-root.js';

export function shippedRulesDir(): string {
  return join(packageRoot(), 'rules');
}

export async function runRules(argv: string[], parseFormat: (v: string | undefined) => OutputFormat, UsageError: new (m: string) => Error): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { rules: { type: 'string', multiple: true }, format: { type: 'string', short: 'f' } } }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const format = parseFormat(values.format);
  const engine = createEngine({ schema: 'mde' });
  let loaded;
  try {
    loaded = loadRules([shippedRulesDir(), ...(values.rules ?? [])], engine.kql);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const rows = loaded.rules.map((r) => [r.id, r.severity, formatTimespan(r.queryFrequency), formatTimespan(r.queryPeriod), r.techniques.join(' '), r.name, r.source]);
  process.stdout.write(
    formatResult(
      {
        columns: [
          { name: 'id', type: 'string' },
          { name: 'severity', type: 'string' },
          { name: 'frequency', type: 'timespan' },
          { name: 'period', type: 'timespan' },
          { name: 'techniques', type: 'string' },
          { name: 'name', type: 'string' },
          { name: 'source', type: 'string' },
        ],
        rows,
      },
      format,
    ) + '\n',
  );
  for (const e of loaded.errors) process.stderr.write(`refused: ${e.source}: ${e.message}\n`);
  return 0;
}
