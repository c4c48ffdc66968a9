/**
 * `edgewatch demo`: generates the demo data set, ingests it into a store, runs the seed detection (verbatim) and
 * prints its result with the time it took, then runs every detection rule and prints the alerts with their triage
 * context. The demo's own internal vulnerability scanner is allow-listed, to show suppression.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../index.js';
import { DEFAULT_NOW, generateDemo } from '../demo/generate.js';
import { writeDemo } from '../demo/write.js';
import { parseDatetime } from '../kql/data/datetime.js';
import { StoreWriter } from '../store/store.js';
import { loadRules } from '../detect/rules.js';
import { runRules } from '../detect/runner.js';
import { AllowList } from '../detect/ip-list.js';
import { readCountryList } from '../detect/context.js';
import type { Alert } from '../detect/alert.js';
import { AlertStore, ALERT_DB_FILE } from '../alerts/alert-store.js';
import { formatAlertTable } from '../alerts/outputs/console.js';
import { toJsonLine } from '../alerts/outputs/jsonl.js';
import { formatResult, type OutputFormat } from './format.js';
import { packageRoot } from './package-root.js';

interface DemoDeps {
  seedQuery: string;
  parseFormat(v: string | undefined): OutputFormat;
  UsageError: new (m: string) => Error;
}

/** The demo company's own vulnerability scanner (see src/demo/catalog.ts): allow-listed, so its alerts are suppressed. */
export const DEMO_ALLOW = ['10.1.5.20'];
export const DEMO_STORE = '.edgewatch/demo-store';

function intOption(v: string | undefined, name: string, def: number, U: DemoDeps['UsageError']): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new U(`--${name} must be a positive integer (got '${v}')`);
  return n;
}

function contextLines(a: Alert): string[] {
  const c = a.context;
  const where = [c.country, c.city].filter(Boolean).join(', ') || 'unknown location';
  const asn = c.asn ? `AS${c.asn} ${c.asnOrg ?? ''}`.trim() : 'no ASN';
  const vulns = c.vulnerabilities?.length ? `${c.vulnerabilities.length} critical/high (${[...new Set(c.vulnerabilities.map((v) => v.cveId))].slice(0, 3).join(', ')}${c.vulnerabilities.length > 3 ? ', ...' : ''})` : 'none on record';
  return [
    `  ${a.ruleId} ${a.entities.remoteIp} [${a.context.scanType}] ${a.techniques.join(' ')}`,
    `    source: ${where}; ${asn}${c.hostileCountry ? '; ON THE HOSTILE-COUNTRY WATCHLIST' : ''}`,
    `    targets: ${a.entities.localIps.join(', ') || a.entities.deviceIds.length + ' devices'}; firewall ${c.firewall ?? 'unknown'}; exposure ${c.exposureLevel ?? 'unknown'}; vulnerabilities ${vulns}`,
    `    ports answered: ${c.portsAnswered?.length ? c.portsAnswered.join(', ') : 'none'}; probed only: ${c.portsProbedOnly?.length ?? 0}; ${a.count} probes at ${c.rate} per minute, ${c.firstProbe} .. ${c.lastProbe}`,
    ...(c.recommendedActions ?? []).slice(0, 3).map((r) => `    -> ${r}`),
  ];
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
        store: { type: 'string' },
        format: { type: 'string', short: 'f' },
      },
    }));
  } catch (e) {
    throw new deps.UsageError((e as Error).message);
  }
  const format = deps.parseFormat(values.format);
  const now = values.now ?? DEFAULT_NOW;
  const nowTicks = parseDatetime(now);
  if (nowTicks === null) throw new deps.UsageError(`--now is not an ISO datetime: ${now}`);
  const log = (s: string) => process.stderr.write(s + '\n');

  let t0 = performance.now();
  const data = generateDemo({
    now,
    seed: intOption(values.seed, 'seed', 42, deps.UsageError),
    devices: intOption(values.devices, 'devices', 300, deps.UsageError),
    events: intOption(values.events, 'events', 300_000, deps.UsageError),
  });
  const total = Object.values(data.tables).reduce((n, rows) => n + rows.length, 0);
  log(`generated ${total} demo rows in ${(performance.now() - t0).toFixed(0)} ms (${Object.keys(data.tables).length} tables)`);
  if (values.out) {
    const files = writeDemo(data, values.out);
    log(`wrote ${files.length} files to ${values.out}`);
  }

  // Ingest into a store, as `edgewatch ingest` would (a second run adds nothing: rows are deduplicated).
  const storeDir = values.store ?? DEMO_STORE;
  t0 = performance.now();
  const writer = StoreWriter.openWriter(storeDir);
  let committed;
  try {
    for (const [table, rows] of Object.entries(data.tables)) {
      rows.forEach((row, i) => writer.add(table, row, { source: `demo:${table}`, line: i + 1 }));
    }
    committed = await writer.commit();
  } finally {
    writer.close();
  }
  log(`ingested into ${storeDir} in ${(performance.now() - t0).toFixed(0)} ms: ${committed.rows} new rows, ${committed.duplicates} duplicates`);

  const engine = createEngine({ schema: 'mde' });
  await engine.load(storeDir);

  t0 = performance.now();
  const result = await engine.query(deps.seedQuery, { now });
  const ms = performance.now() - t0;
  log(`\nSeed detection "Detecting Port Scanning On Internet Facing Devices" (rules/verbatim/seed-port-scan.kql), now=${now}:`);
  process.stdout.write(formatResult(result, format) + '\n');
  log(`${result.rows.length} sources with 3 or more inbound connection attempts; query took ${ms.toFixed(1)} ms`);

  // The detections: every shipped rule over its own lookback ending at now.
  t0 = performance.now();
  const { rules, errors } = loadRules([join(packageRoot(), 'rules')], engine.kql);
  for (const e of errors) log(`refused: ${e.source}: ${e.message}`);
  const runs = runRules(engine.kql, rules, {
    now: nowTicks,
    allowList: new AllowList(DEMO_ALLOW),
    hostileCountries: readCountryList(join(packageRoot(), 'rules', 'hostile-countries.txt')),
  });
  const alertStore = AlertStore.open(join(storeDir, ALERT_DB_FILE));
  const alerts: Alert[] = [];
  try {
    for (const run of runs) {
      if (run.error) log(`rule ${run.rule.id} failed: ${run.error}`);
      for (const d of run.detections) {
        alertStore.upsert(d.alert, d.evidence);
        alerts.push(d.alert);
      }
    }
  } finally {
    alertStore.dispose();
  }
  const shown = alerts.filter((a) => !a.context.suppressedBy);
  const suppressed = alerts.filter((a) => a.context.suppressedBy);
  log(`\nDetections at ${now}: ${runs.map((r) => `${r.rule.id} ${r.detections.length}`).join(', ')} (${(performance.now() - t0).toFixed(0)} ms); ${suppressed.length} suppressed by the allow-list (${DEMO_ALLOW.join(', ')}, the demo's vulnerability scanner)`);
  if (format === 'json') {
    for (const a of alerts) process.stdout.write(toJsonLine(a) + '\n');
    return 0;
  }
  process.stdout.write('\n' + formatAlertTable(shown) + '\n');
  process.stdout.write('\nTriage context:\n');
  for (const a of shown) process.stdout.write(contextLines(a).join('\n') + '\n');
  log(`\nalerts stored in ${join(storeDir, ALERT_DB_FILE)} (edgewatch alerts list --store ${storeDir})`);
  return 0;
}
