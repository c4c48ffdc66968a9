/** `edgewatch demo`: generate the demo data set, load it, run the seed detection, print the result and the time. */
import { parseArgs } from 'node:util';
import { createEngine } from '../index.js';
import { DEFAULT_NOW, generateDemo } from '../demo/generate.js';
import { writeDemo } from '../demo/write.js';
import { formatResult, type OutputFormat } from './format.js';

interface DemoDeps {
  seedQuery: string;
  parseFormat(v: string | undefined): OutputFormat;
  UsageError: new (m: string) => Error;
}

function intOption(v: string | undefined, name: string, def: number, U: DemoDeps['UsageError']): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new U(`--${name} must be a positive integer (got '${v}')`);
  return n;
}

export async function runDemo(argv: string[], deps: DemoDeps): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        now: { type: 'string' },
        seed: { type: 'string' },
        devices: { type: 'string' },
        events: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', short: 'f' },
      },
    }));
  } catch (e) {
    throw new deps.UsageError((e as Error).message);
  }
  const format = deps.parseFormat(values.format);
  const now = values.now ?? DEFAULT_NOW;
  if (Number.isNaN(Date.parse(now))) throw new deps.UsageError(`--now is not an ISO datetime: ${now}`);
  const log = (s: string) => process.stderr.write(s + '\n');

  let t0 = performance.now();
  const data = generateDemo({
    now,
    seed: intOption(values.seed, 'seed', 42, deps.UsageError),
    devices: intOption(values.devices, 'devices', 300, deps.UsageError),
    events: intOption(values.events, 'events', 300_000, deps.UsageError),
  });
  const counts = Object.entries(data.tables).map(([t, rows]) => `${t}=${rows.length}`).join(', ');
  log(`generated demo data in ${(performance.now() - t0).toFixed(0)} ms: ${counts}`);
  if (values.out) {
    const files = writeDemo(data, values.out);
    log(`wrote ${files.length} files to ${values.out}`);
  }

  t0 = performance.now();
  const engine = createEngine({ schema: 'mde' });
  for (const [table, rows] of Object.entries(data.tables)) {
    const { errors } = engine.addTable(table, rows);
    if (errors.length) log(`warning: ${table}: ${errors.length} values did not fit their column types (first: row ${errors[0].row} ${errors[0].column}: ${errors[0].message})`);
  }
  log(`loaded into the engine in ${(performance.now() - t0).toFixed(0)} ms`);

  t0 = performance.now();
  const result = await engine.query(deps.seedQuery, { now });
  const ms = performance.now() - t0;
  log(`\nSeed detection "Detecting Port Scanning On Internet Facing Devices" (rules/verbatim/seed-port-scan.kql), now=${now}:`);
  process.stdout.write(formatResult(result, format) + '\n');
  log(`${result.rows.length} sources with 3 or more inbound connection attempts; query took ${ms.toFixed(1)} ms`);
  return 0;
}
