#!/usr/bin/env node
/**
 * The edgewatch command line. Exit codes: 0 success, 2 usage, 3 syntax or semantic error, 4 unsupported feature,
 * 5 runtime error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The engine is imported when a command needs it: `ingest` (often fed by a pipe) starts without it.
import { KqlError } from '../kql/errors.js';
import { formatResult, type OutputFormat } from './format.js';
import { packageRoot } from './package-root.js';
import { isStore, DEFAULT_STORE } from '../store/store.js';

export const EXIT = { ok: 0, usage: 2, query: 3, unsupported: 4, runtime: 5 } as const;

class UsageError extends Error {}

const HELP = `edgewatch: port-scan detection over Defender-schema telemetry, with a local KQL engine

Usage:
  edgewatch demo [--now ISO] [--seed N] [--devices N] [--events N] [--out DIR] [--format table|json|csv]
      Generate the demo data set, run the seed detection on it and print the result.
  edgewatch query [FILE|-] [--query TEXT] [--data DIR | --store DIR] [--now ISO] [--format table|json|csv] [--explain]
                  [--schema mde|sentinel] [--allow-external-files] [--allow-external-urls]
      Run a KQL query (from FILE, standard input with -, or --query) over the tables of a data folder or a store
      (default: the store ./.edgewatch/store when it exists). --schema sentinel shows the tables as Microsoft
      Sentinel (Log Analytics) does (TimeGenerated, dynamic AdditionalFields, MachineGroup, _IsBillable...).
      externaldata may read local files or fetch http(s) URLs only with the matching --allow-external-* flag.
  edgewatch ingest [FILES...|-] [--store DIR] [--format auto|NAME] [--device NAME] [--local-net CIDR...]
                   [--year N] [--tz TZ] [--retention 30d] [--strict] [--follow]
      Read telemetry files (or standard input) into the store (default ./.edgewatch/store). .gz is read as is.
      Exit 1 under --strict when a record was rejected.

  edgewatch rules [--rules DIR]... [--format table|json|csv]
      List the detection rules (shipped ones and those of each DIR); a rule that does not parse is refused
      with its diagnostic and the others still load.

  edgewatch detect [--once] [--store DIR | --data DIR] [--now ISO] [--format table|json] [--rules DIR]...
                   [--only ID]... [--allow IP|CIDR|ASn]... [--allow-file FILE] [--hostile-countries FILE]
                   [--db FILE] [--webhook URL] [--syslog udp://HOST:PORT|tcp://HOST:PORT]
      Run the detection rules over their lookback against the store; alerts with triage context go to the
      alert store and to standard output. --now replays old data at a pinned time.

  edgewatch watch [FILES...|-] [--format auto|NAME] [--device NAME] [--local-net CIDR...] [--follow]
                  [--store DIR] [--ingest] [--alerts json|table] [--allow IP|CIDR|ASn]... [--allow-file FILE]
                  [--db FILE] [--webhook URL] [--syslog udp://HOST:PORT|tcp://HOST:PORT] [--max-sources N]
                  [--update-every SECONDS]
      Stream events (a capture on standard input: tcpdump -w - | edgewatch watch --format pcap -, a followed
      log, files) through the streaming scan detectors (threshold random walk, windowed distinct counts) and
      print each alert as it fires, one JSON line (or --alerts table), with context; alerts also go to the alert
      store. --ingest also commits the events to the store. A summary goes to stderr at the end.

  edgewatch alerts [list|show ID|ack ID|close ID|blocklist nft|ipset|csv] [--store DIR | --db FILE] ...
      The alert store: list alerts (--status, --since, --limit, --format), show one with its evidence,
      acknowledge or close it, or write a blocklist with expiry.

Exit codes: 0 ok, 2 usage, 3 syntax or semantic error, 4 unsupported feature, 5 runtime error.
`;

function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT.usage;
  if (e instanceof KqlError) {
    if (e.code === 'syntax' || e.code === 'semantic') return EXIT.query;
    if (e.code === 'unsupported') return EXIT.unsupported;
    return EXIT.runtime;
  }
  return EXIT.runtime;
}

function parseFormat(v: string | undefined): OutputFormat {
  const f = v ?? 'table';
  if (f !== 'table' && f !== 'json' && f !== 'csv') throw new UsageError(`--format must be table, json or csv (got '${f}')`);
  return f;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function cmdQuery(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        query: { type: 'string', short: 'q' },
        data: { type: 'string', short: 'd' },
        store: { type: 'string' },
        now: { type: 'string' },
        format: { type: 'string', short: 'f' },
        explain: { type: 'boolean' },
        schema: { type: 'string' },
        'allow-external-files': { type: 'boolean' },
        'allow-external-urls': { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const format = parseFormat(values.format);
  if (positionals.length > 1) throw new UsageError('query takes at most one FILE');
  if (values.query !== undefined && positionals.length > 0) throw new UsageError('give either FILE or --query, not both');
  let text: string;
  if (values.query !== undefined) text = values.query;
  else if (positionals[0] === '-' || (positionals.length === 0 && !process.stdin.isTTY)) text = await readStdin();
  else if (positionals.length === 1) {
    try {
      text = readFileSync(positionals[0], 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${positionals[0]}: ${(e as Error).message}`);
    }
  } else throw new UsageError('no query: give FILE, - for standard input, or --query TEXT');
  if (values.now !== undefined && Number.isNaN(Date.parse(values.now))) throw new UsageError(`--now is not an ISO datetime: ${values.now}`);
  const schema = values.schema ?? 'mde';
  if (schema !== 'mde' && schema !== 'sentinel') throw new UsageError(`--schema must be mde or sentinel (got '${schema}')`);

  if (values.data !== undefined && values.store !== undefined) throw new UsageError('give either --data or --store, not both');
  if (values.store !== undefined && !isStore(values.store)) throw new UsageError(`${values.store} is not an edgewatch store (no manifest.json)`);
  const source = values.data ?? values.store ?? (isStore(DEFAULT_STORE) ? DEFAULT_STORE : undefined);
  const { createEngine } = await import('../index.js');
  // externaldata reads nothing unless asked to: local files and http(s) URLs are separate opt-ins.
  const externalData = { files: values['allow-external-files'] === true, urls: values['allow-external-urls'] === true };
  const engine = createEngine({ schema, externalData });
  if (source !== undefined) {
    let report;
    try {
      report = await engine.load(source);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    for (const w of report.warnings) process.stderr.write(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
  }
  const options = values.now ? { now: values.now } : {};
  if (values.explain) {
    const ex = engine.explain(text, options);
    process.stdout.write(`Logical plan:\n${ex.logical}\n\nPhysical plan:\n${ex.physical}\n`);
    return EXIT.ok;
  }
  const result = await engine.query(text, options);
  process.stdout.write(formatResult(result, format) + '\n');
  if (result.render && format === 'table') process.stderr.write(`note: render ${result.render} accepted; edgewatch prints the table, it does not draw charts\n`);
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'query':
        return await cmdQuery(rest);
      case 'rules':
        return await (await import('./rules.js')).runRules(rest, parseFormat, UsageError);
      case 'detect':
        return await (await import('./detect.js')).runDetect(rest, { UsageError });
      case 'alerts':
        return await (await import('./alerts.js')).runAlerts(rest, { UsageError });
      case 'ingest':
        return await (await import('./ingest.js')).runIngest(rest, { UsageError });
      case 'watch':
        return await (await import('./watch.js')).runWatch(rest, { UsageError });
      case 'demo':
        return await (await import('./demo.js')).runDemo(rest, { seedQuery: readFileSync(join(packageRoot(), 'rules', 'verbatim', 'seed-port-scan.kql'), 'utf8'), parseFormat, UsageError });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return cmd === undefined ? EXIT.usage : EXIT.ok;
      case '--version':
      case 'version':
        process.stdout.write(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version + '\n');
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command '${cmd}'\n\n${HELP}`);
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`edgewatch: ${msg}\n`);
    if (process.env.EDGEWATCH_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return exitCodeOf(e);
  }
}

// Run when executed directly (node dist/src/cli/main.js, or the bin link).
const invoked = process.argv[1] ?? '';
if (/main\.(js|ts)$/.test(invoked) || /edgewatch$/.test(invoked)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
