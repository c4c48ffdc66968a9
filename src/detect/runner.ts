/**
 * Runs detection rules against the data at a given time, as Sentinel runs scheduled analytics rules: each rule
 * sees the data of its own lookback (queryPeriod) ending at `now`, and its rows become alerts with triage context.
 */
import type { Table } from '../kql/data/batch.js';
import { formatDatetime, parseDatetime } from '../kql/data/datetime.js';
import type { KqlEngine } from '../kql/engine.js';
import type { Alert, Evidence, ScanType } from './alert.js';
import { ContextBuilder } from './context.js';
import type { AllowList } from './ip-list.js';
import { type Rule, triggers } from './rules.js';



export interface Detection {
  readonly alert: Alert;
  readonly evidence: Evidence[];
}

export interface RuleRun {
  readonly rule: Rule;
  readonly rows: number;
  readonly triggered: boolean;
  readonly detections: Detection[];
  readonly error?: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly now: bigint;
  readonly allowList?: AllowList;
  readonly hostileCountries?: ReadonlySet<string>;
  /** Evidence rows kept per alert. */
  readonly maxEvidence?: number;
}

const SCAN_TYPES: readonly ScanType[] = ['vertical', 'horizontal', 'distributed', 'slow', 'mixed', 'seed'];

function toTicks(v: unknown): bigint | null {
  return typeof v === 'string' ? parseDatetime(v) : null;
}

function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined || v === '') return [];
  return [v];
}

function numbers(v: unknown): number[] {
  return [...new Set(list(v).map(Number).filter((n) => Number.isFinite(n)))].sort((a, b) => a - b);
}

function strings(v: unknown): string[] {
  return [...new Set(list(v).map(String).filter((s) => s !== ''))].sort();
}

/** The column holding the source address: the rule's IP entity mapping, else RemoteIP. */
function ipColumn(rule: Rule, columns: readonly string[]): number {
  for (const m of rule.entityMappings as { entityType?: string; fieldMappings?: { identifier?: string; columnName?: string }[] }[]) {
    if (m?.entityType !== 'IP') continue;
    for (const f of m.fieldMappings ?? []) {
      const i = columns.indexOf(String(f.columnName));
      if (i >= 0) return i;
    }
  }
  return columns.indexOf('RemoteIP');
}

/** Limits every table with a Timestamp column to [from, to] (a rule's lookback). */
function windowView(engine: KqlEngine, from: bigint, to: bigint): KqlEngine {
  const f = formatDatetime(from);
  const t = formatDatetime(to);
  return engine.view((name: string, table: Table) => {
    if (!table.schema.some((c) => c.name === 'Timestamp' && c.type === 'datetime')) return table;
    // The rows keep their ingestion time: `$IngestionTime` is the engine's hidden column that ingestion_time() reads.
    return engine.run(`['${name.replace(/'/g, "\\'")}'] | where Timestamp between (datetime(${f}) .. datetime(${t})) | extend ['$IngestionTime'] = ingestion_time()`).table;
  });
}

/** Runs each rule once at `now` and turns its rows into alerts. */
export function runRules(engine: KqlEngine, rules: readonly Rule[], options: RunOptions): RuleRun[] {
  const views = new Map<bigint, KqlEngine>();
  const context = new ContextBuilder(engine, options.hostileCountries ?? new Set(), options.now);
  const runs: RuleRun[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const t0 = performance.now();
    let view = views.get(rule.queryPeriod);
    if (!view) {
      view = windowView(engine, options.now - rule.queryPeriod, options.now);
      views.set(rule.queryPeriod, view);
    }
    try {
      const result = view.query(rule.query, { now: formatDatetime(options.now) });
      const triggered = triggers(rule, result.rows.length);
      const detections = triggered ? result.rows.map((row) => detection(rule, result.columns.map((c) => c.name), row, view!, context, options)).filter((d): d is Detection => d !== null) : [];
      runs.push({ rule, rows: result.rows.length, triggered, detections, ms: performance.now() - t0 });
    } catch (e) {
      runs.push({ rule, rows: 0, triggered: false, detections: [], error: (e as Error).message, ms: performance.now() - t0 });
    }
  }
  return runs;
}

function detection(rule: Rule, columns: string[], row: unknown[], view: KqlEngine, context: ContextBuilder, options: RunOptions): Detection | null {
  const col = (name: string) => {
    const i = columns.indexOf(name);
    return i >= 0 ? row[i] : undefined;
  };
  const ipAt = ipColumn(rule, columns);
  if (ipAt < 0) return null;
  const remoteIp = String(row[ipAt]);
  // Probes of this source in the rule's window: evidence, and the entities when the rule's rows do not carry them.
  const sources = col('Sources') !== undefined ? strings(col('Sources')) : [remoteIp];
  const probes = view.query(
    `DeviceNetworkEvents
     | where RemoteIP in (${sources.map((s) => JSON.stringify(s)).join(', ')})
     | where ActionType in ("InboundConnectionAttempt", "InboundConnectionAccepted")
     | extend Answer = tostring(parse_json(AdditionalFields).Answer)
     | project Timestamp, DeviceId, LocalIP, LocalPort, Protocol, ActionType, Answer
     | order by Timestamp asc`,
    { now: formatDatetime(options.now) },
  ).rows;
  const outcome = (action: unknown, answer: unknown) =>
    action === 'InboundConnectionAccepted' || answer === 'syn-ack' || answer === 'udp-reply' ? 'open' : answer === 'rst' || answer === 'icmp-unreachable' ? 'closed' : answer === 'none' ? 'filtered' : 'unknown';
  const deviceIds = col('DeviceIds') !== undefined ? strings(col('DeviceIds')) : strings(probes.map((p) => p[1]));
  const localIps = col('LocalIPs') !== undefined ? strings(col('LocalIPs')) : strings(probes.map((p) => p[2]));
  const ports = col('Ports') !== undefined ? numbers(col('Ports')) : numbers(probes.map((p) => p[3]));
  const openPorts = col('OpenPorts') !== undefined ? numbers(col('OpenPorts')) : numbers(probes.filter((p) => outcome(p[5], p[6]) === 'open').map((p) => p[3]));
  const count = Number(col('Count') ?? col('Connections') ?? probes.length);
  const firstSeen = toTicks(col('FirstSeen')) ?? toTicks(probes[0]?.[0]) ?? options.now;
  const lastSeen = toTicks(col('LastSeen')) ?? toTicks(probes[probes.length - 1]?.[0]) ?? options.now;
  const scanTypeText = String(col('ScanType') ?? 'seed');
  const scanType = (SCAN_TYPES.includes(scanTypeText as ScanType) ? scanTypeText : 'seed') as ScanType;
  const technique = col('Technique');
  const techniques = typeof technique === 'string' && technique ? [technique, ...(technique.startsWith('T1595.') ? ['T1595'] : [])] : [...rule.techniques];
  let ctx = context.build({ remoteIp, deviceIds, ports, openPorts, count, firstSeen, lastSeen, scanType });
  const allowed = options.allowList?.match(sources[0] ?? remoteIp, ctx.asn);
  if (allowed) ctx = { ...ctx, suppressedBy: allowed };
  const alert: Alert = {
    ruleId: rule.id,
    title: `${rule.name}: ${remoteIp}${deviceIds.length === 1 ? ` -> ${localIps[0] ?? deviceIds[0]}` : deviceIds.length > 1 ? ` -> ${deviceIds.length} devices` : ''}`,
    severity: rule.severity,
    techniques,
    entities: { remoteIp, deviceIds, localIps, ports },
    firstSeen: formatDatetime(firstSeen),
    lastSeen: formatDatetime(lastSeen),
    count,
    context: ctx,
  };
  const max = options.maxEvidence ?? 500;
  const evidence: Evidence[] = probes.slice(0, max).map((p) => ({
    time: String(p[0]),
    deviceId: String(p[1]),
    localIp: String(p[2]),
    port: p[3] === null ? 0 : Number(p[3]),
    protocol: String(p[4]),
    outcome: outcome(p[5], p[6]),
  }));
  return { alert, evidence };
}
