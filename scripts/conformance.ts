/**
 * Runs the Kusto conformance cases (shared/kql/oracle/cases.json + shared/kql/derived-cases.jsonl) against the engine.
 *
 *   node --import tsx scripts/conformance.ts [--verbose] [--filter substr] [--json out.json]
 *                                            [--update-baseline [--allow-shrink]]
 *
 * Exits 1 when a case listed in test/conformance/baseline.json no longer passes.
 */
import { writeFileSync } from 'node:fs';
import { loadAllCases } from '../test/conformance/cases.js';
import {
  BASELINE_FILE, checkBaseline, formatResultLine, formatSummary, readBaseline, runCases, selectCases, summarize,
  writeBaseline,
} from '../test/conformance/runner.js';

interface Args {
  verbose: boolean;
  filter?: string;
  json?: string;
  updateBaseline: boolean;
  allowShrink: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { verbose: false, updateBaseline: false, allowShrink: false };
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
    else if (a === '--update-baseline') args.updateBaseline = true;
    else if (a === '--allow-shrink') args.allowShrink = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: conformance.ts [--verbose] [--filter substr] [--json out.json] [--update-baseline [--allow-shrink]]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const cases = selectCases(args.filter);
  const results = await runCases(cases, {
    onResult: (r) => {
      if (args.verbose && r.status !== 'pass') console.log(formatResultLine(r));
    },
  });
  const summary = summarize(results);
  console.log(formatSummary(summary));

  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ summary, results }, null, 1) + '\n');
    console.log(`results written to ${args.json}`);
  }

  const baseline = readBaseline();
  const allIds = new Set(loadAllCases().map((c) => c.id));
  const check = checkBaseline(baseline, results, allIds);
  if (check.unknown.length) console.log(`baseline ids with no case: ${check.unknown.join(', ')}`);

  let regressed = check.regressed;
  if (args.updateBaseline) {
    const passing = results.filter((r) => r.status === 'pass').map((r) => r.id);
    let ids = new Set([...baseline, ...passing]);
    if (args.allowShrink) {
      const dropped = new Set([...check.regressed.map((r) => r.id), ...check.unknown]);
      for (const id of dropped) ids.delete(id);
      if (dropped.size) console.log(`baseline: removed ${dropped.size}: ${[...dropped].sort().join(', ')}`);
      regressed = [];
    }
    ids = new Set([...ids].sort());
    writeBaseline(ids);
    console.log(`baseline: ${ids.size} ids (${check.newPasses.length} added) -> ${BASELINE_FILE}`);
  } else if (check.newPasses.length) {
    console.log(`${check.newPasses.length} case(s) pass that are not in the baseline (run with --update-baseline): ${check.newPasses.join(', ')}`);
  }

  if (regressed.length) {
    console.log(`REGRESSIONS: ${regressed.length} baseline case(s) no longer pass${args.updateBaseline ? ' (kept in the baseline; --allow-shrink removes them)' : ''}:`);
    for (const r of regressed) console.log(`  ${formatResultLine(r)}`);
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
