/**
 * `edgewatch watch [FILES...|-] [--format auto|NAME] [--device NAME] [--local-net CIDR...] [--year N] [--tz TZ]
 *                  [--follow] [--store DIR] [--ingest] [--alerts json|table] [--allow IP|CIDR|ASn]...
 *                  [--allow-file FILE] [--hostile-countries FILE] [--db FILE] [--no-alert-store] [--webhook URL]
 *                  [--syslog udp://HOST:PORT|tcp://HOST:PORT] [--max-sources N] [--update-every SECONDS]`
 *
 * Streams events through the streaming scan detectors (src/detect/stream: TRW over services, windowed distinct
 * counts) as they are read (a capture piped on standard input, a followed log, files) and emits each alert as soon
 * as a detector fires: one JSON object per line on stdout (the Alert shape of `detect --format json`), or a table.
 *
 * Timing. A new alert is written when the input next waits for bytes (at most 250 ms after the detector fired), so
 * the probes of the same burst (one read chunk) are in it: a 10-port scan read at once is one alert listing 10 ports,
 * not the 4 that crossed TRW's threshold. Probes that arrive after an alert was written update it: an update is the
 * same alert (same ruleId, remoteIp, firstSeen) with the grown ports, count and lastSeen, written every
 * `--update-every` seconds (default 60; 0: only at the end) and at the end of input; the alert store merges it into
 * the alert it opened. Webhook and syslog receive new alerts only.
 *
 * Context: geo / ASN / hostile watchlist (ContextBuilder); device state (firewall, vulnerabilities, exposure) from
 * the store of `--store DIR` when it exists, else "unknown". Allow-listed sources are reported on stderr and stored
 * as suppressed, not written to stdout. `--ingest` also commits the events to the store (`--store`, default
 * ./.edgewatch/store) as `ingest` does. The alert store is `--db`, else `<store>/alerts.sqlite` (the file that
 * `edgewatch alerts` reads by default). SIGINT / SIGTERM end the input cleanly (flush, summary, exit 0).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Alert, Evidence, ScanType } from '../detect/alert.js';
import { StreamDetector, probeEventFromRow, type ProbeEvent, type ShedEvent } from '../detect/stream/index.js';
import { DEFAULT_SEVERITY, scanTypeOf, severityOf } from '../detect/stream/scan-alert.js';
import { WINDOW_HORIZONTAL_RULE_ID, WINDOW_VERTICAL_RULE_ID } from '../detect/stream/distinct-counter.js';
import { ContextBuilder } from '../detect/context.js';
import { formatDatetime, parseDatetime } from '../kql/data/datetime.js';
import type { KqlEngine } from '../kql/engine.js';
import { AlertStore, ALERT_DB_FILE } from '../alerts/alert-store.js';
import { formatAlertTable } from '../alerts/outputs/console.js';
import { toJsonLine } from '../alerts/outputs/jsonl.js';
import { sendWebhook } from '../alerts/outputs/webhook.js';
import { SyslogSender } from '../alerts/outputs/syslog.js';
import { READERS } from '../sources/registry.js';
import { StoreWriter, DEFAULT_STORE, isStore, type CommitResult } from '../store/store.js';
import { formatOption, localNetsOption, openInput, readerOptionsFor, resolveInputs, where, yearOption, type StopFlag } from './ingest.js';
import { allowListFrom, hostileCountriesFrom, parseSyslogTarget } from './alert-options.js';

interface Deps {
  UsageError: new (m: string) => Error;
}

/** The longest a new alert waits for the rest of its burst before it is written. */
const HOLD_MS = 250;
/** Recent probes kept for the evidence of an alert that fires (a fixed ring: memory does not grow with sources). */
const RING = 16_384;
/** Evidence rows stored per alert, as `detect` keeps (runner.ts maxEvidence). */
const MAX_EVIDENCE = 500;
/** An alert stops collecting updates 30 min (event time) after its source's last probe: the detectors' state expiry. */
const LIVE_TTL_MS = 30 * 60_000;
const SWEEP_EVERY = 4096;
/** How far out of time order probes may arrive (merged inputs, clock skew) for the evidence search: 5 min. */
const OUT_OF_ORDER_TICKS = 5n * 60n * 10_000_000n;
// As ingest: commit --ingest rows at least every second and every 100,000 records.
const COMMIT_MS = 1000;
const COMMIT_RECORDS = 100_000;
/** Device state (firewall, vulnerabilities) is re-read from the store this often. */
const CONTEXT_REFRESH_MS = 5 * 60_000;
const MAX_WARNINGS = 1000;
/** Output deliveries (webhook, syslog) waiting; beyond it new ones are dropped with a warning. */
const MAX_QUEUED_OUTPUTS = 1000;

/** Evidence outcome of a probe: open, closed (RST, ICMP unreachable, REJECT), filtered (no answer, DROP), unknown. */
function evidenceOutcome(p: ProbeEvent, row: Record<string, unknown>): string {
  if (p.outcome === 'success') return 'open';
  if (p.outcome === 'unknown') return 'unknown';
  const f = row.AdditionalFields;
  const text = typeof f === 'string' ? f : f === null || f === undefined ? '' : JSON.stringify(f);
  if (/"answer"\s*:\s*"(rst|rst-ack|reset|closed|icmp-unreachable|unreachable)"/i.test(text)) return 'closed';
  if (/"(verdict|action)"\s*:\s*"reject"/i.test(text)) return 'closed';
  return 'filtered';
}

function toEvidence(p: ProbeEvent, outcome: string): Evidence {
  return { time: formatDatetime(p.time), deviceId: p.deviceId, localIp: p.localIp, port: p.localPort, protocol: p.protocol, outcome };
}

/** An alert that fired, collecting the later probes of its source. */
class Live {
  readonly ports: Set<number>;
  readonly answered: Set<number>;
  readonly localIps: Set<string>;
  readonly deviceIds: Set<string>;
  count: number;
  readonly firstTicks: bigint;
  lastTicks: bigint;
  /** Detector clock (ms) of the source's last probe. */
  lastMs: number;
  /** Evidence not yet stored, and how many rows were taken in all (capped at MAX_EVIDENCE). */
  evidence: Evidence[];
  evidenceTaken: number;
  /** Written at least once; changed since last written. */
  emitted = false;
  dirty = false;
  suppressedBy: string | undefined;
  constructor(
    readonly key: string,
    readonly alert: Alert,
    evidence: Evidence[],
    nowMs: number,
  ) {
    this.ports = new Set(alert.entities.ports);
    this.answered = new Set(alert.context.portsAnswered ?? []);
    this.localIps = new Set(alert.entities.localIps);
    this.deviceIds = new Set(alert.entities.deviceIds);
    this.count = alert.count;
    this.firstTicks = parseDatetime(alert.firstSeen) ?? 0n;
    this.lastTicks = parseDatetime(alert.lastSeen) ?? this.firstTicks;
    this.lastMs = nowMs;
    this.evidence = evidence;
    this.evidenceTaken = evidence.length;
  }
}

export interface Emission {
  readonly alert: Alert;
  /** Evidence rows not stored before. */
  readonly evidence: Evidence[];
  /** First write of this alert, or an update of one already written. */
  readonly kind: 'new' | 'update';
}

export interface FollowerOptions {
  readonly detector: StreamDetector;
  /** Context (geo, ASN, device state) for an alert's current facts. */
  readonly context: (alert: Alert) => Alert['context'];
  /** Allow-list entry covering the source, if any. */
  readonly allowed: (remoteIp: string, asn: number | undefined) => string | undefined;
  readonly emit: (e: Emission) => void;
  /** Alerts followed at once; beyond it the least recently updated stop collecting updates. */
  readonly maxAlerts: number;
  readonly onShed?: (count: number, reason: string) => void;
}

/**
 * Runs probes through the detector and owns what happens to the alerts: evidence from the recent-probe ring, the
 * hold that lets a burst land in its alert, updates from later probes, and expiry of followed alerts.
 */
export class Follower {
  private readonly lives = new Map<string, Live>();
  private readonly bySource = new Map<string, Live[]>();
  private readonly ring: ({ p: ProbeEvent; outcome: string } | undefined)[] = new Array(RING);
  private ringAt = 0;
  private held: Live[] = [];
  private heldSince = 0;
  private probes = 0;
  private clockMs = -Infinity;
  alerts = 0;
  suppressed = 0;
  updates = 0;
  shed = 0;

  constructor(private readonly o: FollowerOptions) {}

  get followed(): number {
    return this.lives.size;
  }

  get holding(): boolean {
    return this.held.length > 0;
  }

  push(p: ProbeEvent, row: Record<string, unknown>): void {
    this.probes++;
    const ms = Number(p.time) / 10_000;
    if (ms > this.clockMs) this.clockMs = ms;
    const outcome = evidenceOutcome(p, row);
    // Probes of sources already alerted on grow their alerts (the detector has decided and stays silent).
    const lives = this.bySource.get(p.remoteIp);
    if (lives !== undefined) for (const l of lives) this.absorb(l, p, outcome);
    const fired = this.o.detector.push(p);
    this.ring[this.ringAt] = { p, outcome };
    this.ringAt = (this.ringAt + 1) % RING;
    for (const a of fired) this.start(a);
    if ((this.probes & (SWEEP_EVERY - 1)) === 0) this.sweep();
    if (this.held.length > 0 && Date.now() - this.heldSince >= HOLD_MS) this.release();
  }

  private absorb(l: Live, p: ProbeEvent, outcome: string): void {
    l.count++;
    l.ports.add(p.localPort);
    if (p.outcome === 'success') l.answered.add(p.localPort);
    l.localIps.add(p.localIp);
    if (p.deviceId !== '') l.deviceIds.add(p.deviceId);
    if (p.time > l.lastTicks) l.lastTicks = p.time;
    l.lastMs = this.clockMs;
    if (l.evidenceTaken < MAX_EVIDENCE) {
      l.evidence.push(toEvidence(p, outcome));
      l.evidenceTaken++;
    }
    l.dirty = true;
  }

  private start(a: Alert): void {
    const key = `${a.ruleId}\u0000${a.entities.remoteIp}`;
    const old = this.lives.get(key);
    if (old !== undefined) this.drop(old); // a new detection of the same source: the old alert is done
    // Evidence: the source's probes still in the ring, from the alert's first probe on.
    const first = parseDatetime(a.firstSeen) ?? 0n;
    const ev: Evidence[] = [];
    const oldest = first - OUT_OF_ORDER_TICKS;
    for (let i = 1; i <= RING && ev.length < MAX_EVIDENCE; i++) {
      const r = this.ring[(this.ringAt - i + RING) % RING];
      // The ring is in arrival order: well before the first probe, nothing older can be evidence.
      if (r === undefined || r.p.time < oldest) break;
      if (r.p.remoteIp === a.entities.remoteIp && r.p.time >= first) ev.push(toEvidence(r.p, r.outcome));
    }
    ev.reverse();
    const l = new Live(key, a, ev, this.clockMs);
    l.dirty = true;
    if (this.lives.size >= this.o.maxAlerts) this.evictOldest();
    this.lives.set(key, l);
    const list = this.bySource.get(a.entities.remoteIp);
    if (list) list.push(l);
    else this.bySource.set(a.entities.remoteIp, [l]);
    if (this.held.length === 0) this.heldSince = Date.now();
    this.held.push(l);
    this.alerts++;
  }

  /** Writes the alerts held for their burst. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const l of held) if (!l.emitted) this.write(l);
  }

  /** Writes the updates of alerts already written. */
  flushUpdates(): void {
    for (const l of this.lives.values()) if (l.emitted && l.dirty) this.write(l);
  }

  /** End of input: everything held or changed is written. */
  finish(): void {
    for (const a of this.o.detector.flush()) this.start(a);
    this.release();
    this.flushUpdates();
  }

  private write(l: Live): void {
    const alert = this.current(l);
    const kind = l.emitted ? 'update' : 'new';
    if (kind === 'new' && alert.context.suppressedBy) this.suppressed++;
    if (kind === 'update') this.updates++;
    l.emitted = true;
    l.dirty = false;
    const evidence = l.evidence;
    l.evidence = [];
    this.o.emit({ alert, evidence, kind });
  }

  /** The alert with everything its source did so far. */
  private current(l: Live): Alert {
    const a = l.alert;
    const ports = [...l.ports].sort((x, y) => x - y);
    const open = [...l.answered].sort((x, y) => x - y);
    const fixed: ScanType | undefined = a.ruleId === WINDOW_VERTICAL_RULE_ID ? 'vertical' : a.ruleId === WINDOW_HORIZONTAL_RULE_ID ? 'horizontal' : undefined;
    const scanType = fixed ?? scanTypeOf(l.localIps.size, ports.length);
    const grown = severityOf(l.localIps.size, ports.length, open.length, DEFAULT_SEVERITY);
    const severity = grown === 'High' ? 'High' : a.severity;
    // Probes per minute as the detectors rate them: a burst inside one second counts as one second.
    const spanMs = Math.max(1000, Number(l.lastTicks - l.firstTicks) / 10_000);
    const draft: Alert = {
      ruleId: a.ruleId,
      title: a.title,
      severity,
      techniques: a.techniques,
      entities: {
        remoteIp: a.entities.remoteIp,
        deviceIds: [...l.deviceIds].sort(),
        localIps: [...l.localIps].sort(),
        ports,
      },
      firstSeen: formatDatetime(l.firstTicks),
      lastSeen: formatDatetime(l.lastTicks),
      count: l.count,
      context: { ...a.context, portsAnswered: open, portsProbedOnly: ports.filter((p) => !l.answered.has(p)), scanType },
    };
    let context = { ...this.o.context(draft), rate: Math.round((l.count * 60_000 * 100) / spanMs) / 100 };
    if (!l.emitted) l.suppressedBy = this.o.allowed(a.entities.remoteIp, context.asn);
    if (l.suppressedBy) context = { ...context, suppressedBy: l.suppressedBy };
    return { ...draft, context };
  }

  /** Stops following alerts whose source has been quiet for the detectors' state lifetime. */
  sweep(): void {
    for (const l of this.lives.values()) if (this.clockMs - l.lastMs > LIVE_TTL_MS) this.drop(l);
  }

  private evictOldest(): void {
    let n = 0;
    // Map order is start order; the oldest started are dropped (their final state written first).
    const batch = Math.max(1, Math.floor(this.o.maxAlerts / 1024));
    for (const l of this.lives.values()) {
      if (n >= batch) break;
      this.drop(l);
      n++;
    }
    this.shed += n;
    this.o.onShed?.(n, `followed alerts reached the cap of ${this.o.maxAlerts}; the oldest stop collecting updates`);
  }

  private drop(l: Live): void {
    if (l.dirty) this.write(l); // its last state (or, if still held, its first) is not lost
    this.lives.delete(l.key);
    const list = this.bySource.get(l.alert.entities.remoteIp);
    if (list) {
      const i = list.indexOf(l);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.bySource.delete(l.alert.entities.remoteIp);
    }
  }
}

/** The engine ContextBuilder queries when there is no store: every device-state table is empty. */
const NO_DEVICE_STATE = { query: () => ({ columns: [], rows: [] }) } as unknown as KqlEngine;


export async function runWatch(argv: string[], deps: Deps): Promise<number> {
  const U = deps.UsageError;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        device: { type: 'string' },
        'local-net': { type: 'string', multiple: true },
        year: { type: 'string' },
        tz: { type: 'string' },
        follow: { type: 'boolean' },
        store: { type: 'string', short: 's' },
        ingest: { type: 'boolean' },
        alerts: { type: 'string' },
        allow: { type: 'string', multiple: true },
        'allow-file': { type: 'string' },
        'hostile-countries': { type: 'string' },
        db: { type: 'string' },
        'no-alert-store': { type: 'boolean' },
        webhook: { type: 'string' },
        syslog: { type: 'string' },
        'max-sources': { type: 'string' },
        'update-every': { type: 'string' },
      },
    });
  } catch (e) {
    throw new U((e as Error).message);
  }
  const { values, positionals } = parsed;
  const reader = formatOption(values.format, U);
  const year = yearOption(values.year, U);
  const localNets = localNetsOption(values['local-net'], U);
  const alertsFormat = values.alerts ?? 'json';
  if (alertsFormat !== 'json' && alertsFormat !== 'table') throw new U(`--alerts must be json or table (got '${alertsFormat}')`);
  let maxSources = 1_000_000;
  if (values['max-sources'] !== undefined) {
    maxSources = Number(values['max-sources']);
    if (!Number.isInteger(maxSources) || maxSources < 1) throw new U(`--max-sources must be a positive integer (got '${values['max-sources']}')`);
  }
  let updateMs = 60_000;
  if (values['update-every'] !== undefined) {
    const s = Number(values['update-every']);
    if (!Number.isFinite(s) || s < 0) throw new U(`--update-every must be a number of seconds, 0 for end of input only (got '${values['update-every']}')`);
    updateMs = s * 1000;
  }
  const syslogTarget = values.syslog ? parseSyslogTarget(values.syslog, U) : undefined;
  const allow = allowListFrom(values.allow, values['allow-file'], U);
  const hostile = hostileCountriesFrom(values['hostile-countries'], U);
  const follow = values.follow === true;
  const stop: StopFlag = { stopped: false };
  const { files, inputs } = resolveInputs('watch', positionals, follow, stop, U);
  const storeDir = values.store ?? DEFAULT_STORE;

  // Context: device state from --store when it is a store; otherwise there is none ("unknown"), and no engine is
  // loaded: a stand-in answers the device-state queries with no rows.
  let engine: KqlEngine = NO_DEVICE_STATE;
  const makeContext = async (): Promise<{ builder: ContextBuilder; at: number }> => {
    // A store that --ingest creates later is attached at a refresh; an attached one shows each new commit.
    if (engine === NO_DEVICE_STATE && values.store !== undefined && isStore(values.store)) {
      const { createEngine } = await import('../index.js');
      const e = createEngine({ schema: 'mde' });
      await e.load(values.store);
      engine = e.kql;
    }
    const builder = new ContextBuilder(engine, hostile, BigInt(Date.now()) * 10_000n);
    // Pay the one-time costs (geo and ASN tables, the engine's first query) before the input, not on the first alert.
    builder.build({ remoteIp: '192.0.2.1', deviceIds: [], ports: [], openPorts: [], count: 0, firstSeen: 0n, lastSeen: 0n, scanType: 'vertical' });
    builder.build({ remoteIp: '8.8.8.8', deviceIds: [''], ports: [], openPorts: [], count: 0, firstSeen: 0n, lastSeen: 0n, scanType: 'vertical' });
    return { builder, at: Date.now() };
  };
  let ctx = await makeContext();

  const alertStore = values['no-alert-store'] ? null : AlertStore.open(values.db ?? join(storeDir, ALERT_DB_FILE));
  const writer = values.ingest ? StoreWriter.openWriter(storeDir) : null;
  const syslog = syslogTarget ? new SyslogSender(syslogTarget) : null;

  let warnings = 0;
  const warn = (msg: string) => {
    warnings++;
    if (warnings <= MAX_WARNINGS) process.stderr.write(`warning: ${msg}\n`);
    else if (warnings === MAX_WARNINGS + 1) process.stderr.write('warning: further warnings are not shown\n');
  };

  // Outputs that may be slow (HTTP retries, TCP) run one at a time behind the detection loop.
  let outputs: Promise<void> = Promise.resolve();
  let queued = 0;
  const deliver = (what: string, f: () => Promise<unknown>) => {
    if (queued >= MAX_QUEUED_OUTPUTS) {
      warn(`${what}: ${queued} deliveries waiting; this alert is not sent`);
      return;
    }
    queued++;
    outputs = outputs.then(async () => {
      try {
        await f();
      } catch (e) {
        process.stderr.write(`${what}: ${(e as Error).message}\n`);
      } finally {
        queued--;
      }
    });
  };

  const emit = ({ alert, evidence, kind }: Emission) => {
    if (alertStore) {
      try {
        alertStore.upsert(alert, evidence);
      } catch (e) {
        warn(`alert store: ${(e as Error).message}`);
      }
    }
    if (alert.context.suppressedBy) {
      if (kind === 'new') process.stderr.write(`suppressed: ${alert.ruleId} ${alert.entities.remoteIp} (allow-list entry ${alert.context.suppressedBy})\n`);
      return;
    }
    process.stdout.write(alertsFormat === 'json' ? toJsonLine(alert) + '\n' : formatAlertTable([alert]) + '\n');
    if (kind !== 'new') return;
    if (values.webhook) {
      const url = values.webhook;
      deliver('webhook', () => sendWebhook(url, alert));
    }
    if (syslog) deliver('syslog', () => syslog.send(alert));
  };

  let shedPending = 0;
  let shedReason = '';
  let shedShownAt = 0;
  const reportShed = (force: boolean) => {
    if (shedPending === 0 || (!force && Date.now() - shedShownAt < 1000)) return;
    process.stderr.write(`watch: shed ${shedPending} source state(s): ${shedReason}\n`);
    shedPending = 0;
    shedShownAt = Date.now();
  };
  const onShed = (count: number, reason: string) => {
    shedPending += count;
    shedReason = reason;
    reportShed(false);
  };

  const detector = new StreamDetector({
    maxSources,
    ...(localNets ? { localNets } : {}),
    onShed: (e: ShedEvent) => onShed(e.count, e.reason),
  });
  const follower = new Follower({
    detector,
    maxAlerts: maxSources,
    onShed,
    emit,
    allowed: (ip, asn) => allow.match(ip, asn),
    context: (a) =>
      ctx.builder.build({
        remoteIp: a.entities.remoteIp,
        deviceIds: a.entities.deviceIds,
        ports: a.entities.ports,
        openPorts: a.context.portsAnswered ?? [],
        count: a.count,
        firstSeen: parseDatetime(a.firstSeen) ?? 0n,
        lastSeen: parseDatetime(a.lastSeen) ?? 0n,
        scanType: a.context.scanType ?? 'seed',
      }),
  });

  // --ingest: commits as ingest does (every second and every 100,000 records, and at the end).
  let committed = 0;
  let commitError: unknown = null;
  let inFlight: Promise<void> = Promise.resolve();
  const commit = (): Promise<void> => {
    if (!writer) return Promise.resolve();
    const p = inFlight.then(async () => {
      if (writer.pendingCount === 0) return;
      const r: CommitResult = await writer.commit();
      committed += r.rows;
      if (r.rows || r.duplicates || r.rejected.length) {
        process.stderr.write(`committed ${r.rows} rows (${r.duplicates} duplicates) to ${storeDir} [commit ${r.id}, ${r.acknowledged} records acknowledged]\n`);
      }
    });
    inFlight = p.catch((e) => {
      commitError ??= e;
    });
    return inFlight;
  };

  const timers: NodeJS.Timeout[] = [];
  if (writer) timers.push(setInterval(() => void commit(), COMMIT_MS));
  if (updateMs > 0) timers.push(setInterval(() => follower.flushUpdates(), updateMs));
  // The alerts of a burst are written as soon as the input waits: setImmediate runs only once the loop idles.
  let releaseScheduled = false;
  const scheduleRelease = () => {
    if (releaseScheduled || !follower.holding) return;
    releaseScheduled = true;
    setImmediate(() => {
      releaseScheduled = false;
      follower.release();
    });
  };

  const onSignal = () => {
    // End the input and finish cleanly; a second signal exits at once.
    if (stop.stopped) process.exit(130);
    stop.stopped = true;
    if (files.includes('-')) process.stdin.destroy();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = Date.now();
  let events = 0;
  let probes = 0;
  let rejected = 0;
  try {
    for (const input of inputs) {
      if (stop.stopped) break;
      let opened;
      try {
        opened = await openInput(input, reader);
      } catch (e) {
        if (stop.stopped) break;
        throw e;
      }
      if (opened.reader === null) {
        if (!opened.empty) warn(`${input.name}: unrecognised format (use --format; known: ${READERS.map((x) => x.name).join(', ') || 'none'})`);
        continue;
      }
      const opts = readerOptionsFor(input, { device: values.device, localNets, year, tz: values.tz });
      try {
        for await (const ev of opened.reader.read(opened.body, opts)) {
          if (ev.kind === 'row') {
            events++;
            writer?.add(ev.table, ev.row, { source: input.name, line: ev.line, offset: ev.offset });
            if (ev.table === 'DeviceNetworkEvents') {
              let p: ProbeEvent | null = null;
              try {
                p = probeEventFromRow(ev.row);
              } catch (e) {
                warn(`${where(input.name, ev.line, ev.offset)}: ${(e as Error).message}`);
              }
              if (p !== null) {
                probes++;
                follower.push(p, ev.row);
                scheduleRelease();
              }
            }
          } else if (ev.kind === 'reject') {
            rejected++;
            writer?.reject({ source: input.name, line: ev.line, offset: ev.offset, message: ev.message, raw: ev.raw });
            warn(`${where(input.name, ev.line, ev.offset)}: ${ev.message}`);
          } else {
            warn(`${input.name}: truncated at byte offset ${ev.offset}: ${ev.message}`);
          }
          if (writer && writer.pendingCount >= COMMIT_RECORDS) await commit();
          if (commitError) throw commitError;
          if (Date.now() - ctx.at > CONTEXT_REFRESH_MS) ctx = await makeContext();
        }
      } catch (e) {
        // Standard input destroyed by a signal ends its iteration with an error: that is the requested stop.
        if (!stop.stopped) throw e;
      }
    }
    follower.finish();
    await commit();
    if (commitError) throw commitError;
  } finally {
    for (const t of timers) clearInterval(t);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await inFlight;
    writer?.close();
    await outputs;
    await syslog?.close();
    alertStore?.dispose();
  }
  reportShed(true);
  const st = detector.stats();
  const secs = (Date.now() - started) / 1000;
  process.stderr.write(
    `watch: ${events} events, ${probes} probes, ${follower.alerts} alerts (${follower.suppressed} suppressed, ${follower.updates} updates) in ${secs.toFixed(1)} s; ` +
      `sources tracked: ${st.trw?.tracked ?? 0} undecided (TRW), ${st.windowed?.tracked ?? 0} windowed; shed ${st.shed + follower.shed}` +
      `${rejected ? `; ${rejected} records rejected` : ''}${writer ? `; ${committed} rows committed to ${storeDir}` : ''}\n`,
  );
  return 0;
}
