/**
 * The streaming port-scan detector behind `edgewatch watch`: Threshold Random Walk over first contacts to services
 * (trw.ts) plus windowed distinct-port / distinct-host counting (distinct-counter.ts), over decoded probe events
 * (probe-event.ts), with bounded memory (bounded-state.ts).
 *
 *   const d = new StreamDetector({ onShed: (e) => console.error(`shed ${e.count}: ${e.reason}`) });
 *   for (const e of events) for (const alert of d.push(e)) emit(alert);
 *   d.flush(nowTicks);
 *
 * Time is event time: the clock is the largest event time pushed (or given to flush), so replaying an old capture
 * behaves as it did live. Events may arrive slightly out of order; state ages by the clock.
 *
 * Memory. Default cap: 1,000,000 sources per table (TRW undecided, TRW verdicts, windowed). Per source, for a V8
 * heap with pointer compression (4-byte tagged fields, doubles boxed in 12-byte heap numbers):
 *   - the key string (the remote address, shared by the tables): 12 B header + 7-15 chars (IPv4) ≈ 24-28 B;
 *   - a Map entry: 3 slots × 4 B plus the bucket and growth slack ≈ 20-30 B per table;
 *   - the TRW source: object 12 B + 9 fields × 4 B = 48 B, three boxed doubles (lastMs, placedMs, logL) 36 B, the
 *     entries array of its services (16 B + 8 B header + 8 B each, allocated to size: 40 B for two), and the two
 *     bigint times (about 20 B each, shared with the windowed state): ≈ 250 B in all;
 *   - the windowed source (only with a non-success probe): object 12 + 10 × 4 = 52 B, two boxed doubles 24 B, the
 *     flat pair array (16 + 8 + 16 B per pair: 56 B for two pairs) and its Map entry: ≈ 170 B more.
 * So ≈ 250 B for a TRW-only source and ≈ 500 B for one in both tables: a million tracked sources ≈ 0.5 GB of heap,
 * well inside Node's default heap limit on a 64-bit host. bench/detect-bench.ts measures it: 257 B (TRW only),
 * 289 B (windowed only) and 511 B (both) per source at a million sources of background radiation.
 * When a table reaches its cap the least recently active sources are shed, 1/1024 of the cap at a time, and
 * `onShed` is told ({ kind: 'shed', count, reason }).
 */
import type { Alert } from '../alert.js';
import { DistinctCounter, type WindowOptions, type WindowStats } from './distinct-counter.js';
import { NetScope } from './net-scope.js';
import type { ProbeEvent } from './probe-event.js';
import { DEFAULT_SEVERITY, type SeverityOptions } from './scan-alert.js';
import { HostTable, PROTOCOL_CODE, serviceKey } from './services.js';
import { TrwDetector, type TrwOptions, type TrwStats } from './trw.js';

export interface ShedEvent {
  readonly kind: 'shed';
  /** Per-source states dropped (for a host-table reset: every state, all tables together). */
  readonly count: number;
  readonly reason: string;
}

export interface StreamDetectorOptions {
  /** TRW settings, or false to run the windowed counter only. */
  readonly trw?: Partial<TrwOptions> | false;
  /** Windowed-counter settings, or false to run TRW only. */
  readonly windowed?: Partial<WindowOptions> | false;
  /** Sources tracked per table before the least recently active are shed; default 1,000,000. */
  readonly maxSources?: number;
  /** Distinct local addresses interned; at the limit all state is reset (and reported). Default 2^22. */
  readonly maxLocalHosts?: number;
  /** CIDRs inside the organisation besides the private ranges (`--local-net`); sources there map to T1046. */
  readonly localNets?: readonly string[];
  readonly severity?: Partial<SeverityOptions>;
  /** Told whenever state is shed to stay within the caps. */
  readonly onShed?: (e: ShedEvent) => void;
}

export interface StreamStats {
  /** Events pushed. */
  readonly events: number;
  readonly outcomes: { readonly success: number; readonly failure: number; readonly unknown: number };
  readonly alerts: number;
  /** Detector clock (largest event time seen), ISO 8601, or null before the first event. */
  readonly clock: string | null;
  readonly localHosts: number;
  readonly trw: TrwStats | null;
  readonly windowed: WindowStats | null;
  /** Sources shed for the caps, all tables. */
  readonly shed: number;
}

const EMPTY: readonly Alert[] = Object.freeze([]);
// Expiry sweeps run at least this often in event count, so idle sources leave even on a stream of new ones.
const SWEEP_EVERY = 4096;

export class StreamDetector {
  readonly maxSources: number;
  private readonly hosts: HostTable;
  private readonly scope: NetScope;
  private readonly trw: TrwDetector | null;
  private readonly windowed: DistinctCounter | null;
  private readonly onShed: ((e: ShedEvent) => void) | undefined;
  private clockMs = -Infinity;
  private clockTicks: bigint | null = null;
  private events = 0;
  private success = 0;
  private failure = 0;
  private unknown = 0;
  private alertCount = 0;
  private resetShed = 0;
  private readonly shedFn: (table: string, n: number) => void;

  constructor(options: StreamDetectorOptions = {}) {
    this.maxSources = options.maxSources ?? 1_000_000;
    if (!(Number.isInteger(this.maxSources) && this.maxSources >= 1)) throw new RangeError(`maxSources must be a positive integer, got ${this.maxSources}`);
    if (options.trw === false && options.windowed === false) throw new RangeError('StreamDetector: both detectors are disabled');
    this.hosts = new HostTable(options.maxLocalHosts ?? 1 << 22);
    this.scope = new NetScope(options.localNets ?? []);
    const severity: SeverityOptions = { ...DEFAULT_SEVERITY, ...options.severity };
    this.trw = options.trw === false ? null : new TrwDetector(options.trw ?? {}, this.maxSources, this.hosts, this.scope, severity);
    this.windowed = options.windowed === false ? null : new DistinctCounter(options.windowed ?? {}, this.maxSources, this.hosts, this.scope, severity);
    this.onShed = options.onShed;
    this.shedFn = (table, n) =>
      this.onShed?.({ kind: 'shed', count: n, reason: `${table} state reached its cap of ${this.maxSources} sources; dropped the least recently active` });
  }

  /** Feeds one probe; returns the alerts it raised (usually none; the returned empty array is shared, do not mutate). */
  push(e: ProbeEvent): readonly Alert[] {
    this.events++;
    const ms = Number(e.time) / 10_000;
    if (ms > this.clockMs) {
      this.clockMs = ms;
      this.clockTicks = e.time;
    }
    const now = this.clockMs;
    if ((this.events & (SWEEP_EVERY - 1)) === 0) this.expire(now);
    const outcome = e.outcome;
    if (outcome === 'success') this.success++;
    else if (outcome === 'failure') this.failure++;
    else this.unknown++;

    let host = this.hosts.intern(e.localIp, e.deviceId);
    if (host < 0) {
      this.resetAll(`local host table reached its cap of ${this.hosts.cap} addresses`);
      host = this.hosts.intern(e.localIp, e.deviceId);
    }
    const proto = PROTOCOL_CODE[e.protocol];
    const port = e.localPort;
    // A bad port or protocol would alias another service's key: refuse it loudly.
    if (proto === undefined || !(port >= 0 && port <= 65535 && (port | 0) === port)) {
      throw new RangeError(`probe event: bad protocol/port ${String(e.protocol)}/${String(port)} from ${e.remoteIp}`);
    }
    const key = serviceKey(host, proto, port);
    let out: Alert[] | null = null;
    if (this.trw !== null) {
      const a = this.trw.push(e.remoteIp, key, outcome, e.time, now, this.shedFn);
      if (a !== null) out = [a];
    }
    if (this.windowed !== null) {
      const as = this.windowed.push(e.remoteIp, key, outcome, e.time, now, this.shedFn);
      if (as !== null) out = out === null ? as : out.concat(as);
    }
    if (out === null) return EMPTY;
    this.alertCount += out.length;
    return out;
  }

  /**
   * Advances the clock to `now` (100 ns ticks; no-op if earlier than the clock) and drops expired state: call it
   * when the stream idles or ends. No rule holds an alert back, so the result is empty today; it is an array so that
   * callers need not change if a rule that alerts on window close is added.
   */
  flush(now?: bigint): Alert[] {
    if (now !== undefined) {
      const ms = Number(now) / 10_000;
      if (ms > this.clockMs) {
        this.clockMs = ms;
        this.clockTicks = now;
      }
    }
    if (this.clockMs !== -Infinity) this.expire(this.clockMs);
    return [];
  }

  stats(): StreamStats {
    const trw = this.trw?.stats() ?? null;
    const windowed = this.windowed?.stats() ?? null;
    return {
      events: this.events,
      outcomes: { success: this.success, failure: this.failure, unknown: this.unknown },
      alerts: this.alertCount,
      clock: this.clockTicks === null ? null : new Date(Number(this.clockTicks / 10_000n)).toISOString(),
      localHosts: this.hosts.size,
      trw,
      windowed,
      shed: (trw?.shed ?? 0) + (windowed?.shed ?? 0) + this.resetShed,
    };
  }

  private expire(now: number): void {
    this.trw?.expire(now);
    this.windowed?.expire(now);
  }

  /** Service keys embed host ids, so when the host table is full every state goes with it. */
  private resetAll(reason: string): void {
    const n = (this.trw?.active.size ?? 0) + (this.trw?.verdicts.size ?? 0) + (this.windowed?.table.size ?? 0);
    this.trw?.clear();
    this.windowed?.clear();
    this.hosts.clear();
    this.resetShed += n;
    this.onShed?.({ kind: 'shed', count: n, reason: `${reason}; all scan state was reset` });
  }
}
