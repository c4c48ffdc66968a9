/**
 * Runs every community hunting query (shared/hunting/queries) against the demo data and reports what executes,
 * what binds but needs an unsupported feature, and what fails to bind or run. A query that does not bind on the
 * Defender schema is run on the Sentinel schema (test/hunting/corpus.ts); the summary says how many ran where.
 *
 *   node --import tsx scripts/hunting.ts [--verbose] [--filter substr] [--json out.json] [--events N]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  EXECUTE_BAR, HUNTING_EVENTS, formatCorpusSummary, listQueryFiles, loadDemoEngine, runCorpus, summarizeCorpus,
} from '../test/hunting/corpus.js';

interface Args {
  verbose: boolean;
  filter?: string;
  json?: string;
  events: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { verbose: false, events: HUNTING_EVENTS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--filter') args.filter = value();
    else if (a === '--json') args.json = value();
    else if (a === '--events') args.events = Number(value());
    else if (a === '--help' || a === '-h') {
      console.log('usage: hunting.ts [--verbose] [--filter substr] [--json out.json] [--events N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.events) || args.events <= 0) throw new Error('--events needs a positive integer');
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let files = listQueryFiles();
  if (args.filter) files = files.filter((f) => f.includes(args.filter!));

  const t0 = performance.now();
  const loaded = loadDemoEngine(args.events);
  console.log(`demo data: ${args.events} events, now ${loaded.now}, loaded in ${Math.round(performance.now() - t0)} ms`);
  for (const [table, n] of Object.entries(loaded.rowErrors)) console.log(`  warning: ${table}: ${n} demo rows rejected`);

  const t1 = performance.now();
  const results = await runCorpus(files, loaded, (r) => {
    if (args.verbose) {
      const detail = r.category === 'executes' ? `${r.rows} rows` : r.message ?? '';
      console.log(`${r.category.padEnd(11)} ${r.flavour.padEnd(8)} ${Math.round(r.ms).toString().padStart(6)} ms  ${r.file}: ${detail}`);
    }
  });
  const summary = summarizeCorpus(results);
  console.log(formatCorpusSummary(summary));
  const nonEmpty = results.filter((r) => r.category === 'executes' && (r.rows ?? 0) > 0).length;
  console.log(`executes (non-empty result): ${nonEmpty} of ${summary.counts.executes}`);
  console.log(`ran in ${Math.round(performance.now() - t1)} ms`);

  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ summary: { ...summary, slow: summary.slow.map((r) => r.file) }, results }, null, 1) + '\n');
    console.log(`results written to ${args.json}`);
  }
  // The whole corpus must meet the bar; a filtered run only reports.
  if (!args.filter && summary.counts.executes < Math.ceil(EXECUTE_BAR * summary.total)) {
    console.error(`FAIL: ${summary.counts.executes} of ${summary.total} execute, below the ${EXECUTE_BAR * 100}% bar`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exit(2);
  },
);
