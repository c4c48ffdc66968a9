/**
 * `edgewatch detect [--once] [--store DIR | --data DIR] [--now ISO] [--format table|json] [--rules DIR]...
 *                   [--allow IP|CIDR|ASn]... [--allow-file FILE] [--hostile-countries FILE] [--db FILE]
 *                   [--webhook URL] [--syslog udp://HOST:PORT|tcp://HOST:PORT]`
 *
 * Runs each rule over its lookback against the store. `--once` runs every rule once at `--now` (default: the
 * clock) and exits; without it, each rule runs on its own frequency until interrupted. Alerts go to the alert
 * store (the same rule and source within the suppression window update the open alert), to standard output
 * (a table, or one JSON alert per line), and to the webhook / syslog targets given.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../index.js';
import { parseDatetime } from '../kql/data/datetime.js';
import { loadRules } from '../detect/rules.js';
import { runRules, type RuleRun } from '../detect/runner.js';
import { AlertStore, ALERT_DB_FILE } from '../alerts/alert-store.js';
import { formatAlertTable } from '../alerts/outputs/console.js';
import { toJsonLine } from '../alerts/outputs/jsonl.js';
import { sendWebhook } from '../alerts/outputs/webhook.js';
import { sendSyslog } from '../alerts/outputs/syslog.js';
import { DEFAULT_STORE } from '../store/store.js';
import { packageRoot } from './package-root.js';
import { allowListFrom, hostileCountriesFrom, parseSyslogTarget } from './alert-options.js';
import type { Alert } from '../detect/alert.js';

interface Deps {
  UsageError: new (m: string) => Error;
}

function nowTicks(): bigint {
  return BigInt(Date.now()) * 10_000n;
}


export async function runDetect(argv: string[], deps: Deps): Promise<number> {
  const U = deps.UsageError;
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        once: { type: 'boolean' },
        store: { type: 'string' },
        data: { type: 'string' },
        now: { type: 'string' },
        format: { type: 'string', short: 'f' },
        rules: { type: 'string', multiple: true },
        only: { type: 'string', multiple: true },
        allow: { type: 'string', multiple: true },
        'allow-file': { type: 'string' },
        'hostile-countries': { type: 'string' },
        db: { type: 'string' },
        'no-alert-store': { type: 'boolean' },
        webhook: { type: 'string' },
        syslog: { type: 'string' },
        interval: { type: 'string' },
      },
    }));
  } catch (e) {
    throw new U((e as Error).message);
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new U(`--format must be table or json (got '${format}')`);
  if (values.store && values.data) throw new U('give either --store or --data, not both');
  let fixedNow: bigint | null = null;
  if (values.now !== undefined) {
    fixedNow = parseDatetime(values.now);
    if (fixedNow === null) throw new U(`--now is not an ISO datetime: ${values.now}`);
  }
  const syslog = values.syslog ? parseSyslogTarget(values.syslog, U) : undefined;

  const allow = allowListFrom(values.allow, values['allow-file'], U);
  const hostile = hostileCountriesFrom(values['hostile-countries'], U);

  const engine = createEngine({ schema: 'mde' });
  const dataDir = values.data ?? values.store ?? DEFAULT_STORE;
  if (!existsSync(dataDir)) throw new U(`no data at ${dataDir}: ingest telemetry first (edgewatch ingest ...) or pass --store / --data`);
  try {
    await engine.load(dataDir);
  } catch (e) {
    throw new U((e as Error).message);
  }
  const loaded = loadRules([join(packageRoot(), 'rules'), ...(values.rules ?? [])], engine.kql);
  for (const e of loaded.errors) process.stderr.write(`refused: ${e.source}: ${e.message}\n`);
  let rules = loaded.rules;
  if (values.only) {
    const unknown = values.only.filter((id) => !rules.some((r) => r.id === id));
    if (unknown.length) throw new U(`no rule with id ${unknown.join(', ')}`);
    rules = rules.filter((r) => values.only!.includes(r.id));
  }

  const dbPath = values.db ?? join(values.data ? '.edgewatch' : dataDir, ALERT_DB_FILE);
  const store = values['no-alert-store'] ? null : AlertStore.open(dbPath);

  const emit = async (runs: RuleRun[]) => {
    const fresh: Alert[] = [];
    for (const run of runs) {
      if (run.error) process.stderr.write(`rule ${run.rule.id} failed: ${run.error}\n`);
      for (const d of run.detections) {
        if (store) store.upsert(d.alert, d.evidence);
        fresh.push(d.alert);
      }
    }
    const shown = fresh.filter((a) => !a.context.suppressedBy);
    const suppressed = fresh.filter((a) => a.context.suppressedBy);
    if (format === 'json') {
      for (const a of fresh) process.stdout.write(toJsonLine(a) + '\n');
    } else if (shown.length > 0) {
      process.stdout.write(formatAlertTable(shown) + '\n');
    }
    for (const a of suppressed) process.stderr.write(`suppressed: ${a.ruleId} ${a.entities.remoteIp} (allow-list entry ${a.context.suppressedBy})\n`);
    for (const a of shown) {
      if (values.webhook) {
        try {
          await sendWebhook(values.webhook, a);
        } catch (e) {
          process.stderr.write(`webhook: ${(e as Error).message}\n`);
        }
      }
    }
    if (syslog && shown.length > 0) {
      try {
        await sendSyslog(shown, syslog);
      } catch (e) {
        process.stderr.write(`syslog: ${(e as Error).message}\n`);
      }
    }
    const summary = runs.map((r) => `${r.rule.id}: ${r.error ? 'error' : `${r.detections.length} alert(s)`} (${r.ms.toFixed(0)} ms)`).join('; ');
    process.stderr.write(`${summary}\n`);
    return fresh.length;
  };

  try {
    if (values.once || fixedNow !== null) {
      // A pinned clock replays the data once: there is no later "now" to wait for.
      await emit(runRules(engine.kql, rules, { now: fixedNow ?? nowTicks(), allowList: allow, hostileCountries: hostile }));
      return 0;
    }
    const tickMs = values.interval ? Number(values.interval) * 1000 : 10_000;
    if (!Number.isFinite(tickMs) || tickMs <= 0) throw new U('--interval must be a positive number of seconds');
    const lastRun = new Map<string, bigint>();
    let stop = false;
    const onSignal = () => {
      stop = true;
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.stderr.write(`detect: ${rules.length} rules over ${dataDir}; Ctrl-C to stop\n`);
    while (!stop) {
      const now = nowTicks();
      const due = rules.filter((r) => {
        const last = lastRun.get(r.id);
        return last === undefined || now - last >= r.queryFrequency;
      });
      if (due.length > 0) {
        for (const r of due) lastRun.set(r.id, now);
        await emit(runRules(engine.kql, due, { now, allowList: allow, hostileCountries: hostile }));
      }
      await new Promise((res) => setTimeout(res, tickMs));
    }
    return 0;
  } finally {
    store?.dispose();
  }
}
