/**
 * Windowed distinct counting, the way the established detectors count (../shared/detection/scan-detectors.md §0):
 * per source, over a sliding window,
 *
 * - vertical: distinct ports probed on one local host. Default 15 ports in 5 min: Zeek scan.zeek Port_Scan,
 *   `port_scan_threshold = 15.0`, `port_scan_interval = 5min` (note §1.1; Snort 3 med also wants >= 15 port changes,
 *   §2);
 * - horizontal: distinct local hosts probed on one port (protocol kept apart). Default 25 hosts in 5 min: Zeek
 *   scan.zeek Address_Scan, `addr_scan_threshold = 25.0`, `addr_scan_interval = 5min` (note §1.1).
 *
 * Like Zeek, only probes that did not succeed count (Zeek sees failed connections only: no answer, RST); an
 * `unknown` outcome counts too, since the seed-style data cannot tell, and a later success for the same (host, port)
 * withdraws it (the Attempt + Accepted pair of an ordinary connection). Differences from Zeek: the window slides
 * rather than tumbling in 5-min epochs (a scan straddling an epoch boundary is not split), and repeated probes of the
 * same (host, port) count once (distinct, as Zeek's UNIQUE reducer).
 *
 * Each rule alerts once per source while the source's state lives (30 min after its last probe, the TRW state
 * expiry); the alert store merges later evidence into the open alert. Once both rules have fired for a source its
 * per-probe detail is dropped, so a large scan costs a few hundred bytes, not its probe count.
 */
import type { Alert } from '../alert.js';
import { BoundedState, type Tracked } from './bounded-state.js';
import type { NetScope } from './net-scope.js';
import type { ProbeOutcome } from './probe-event.js';
import { buildScanAlert, type SeverityOptions } from './scan-alert.js';
import { serviceHost, servicePortKey, type HostTable } from './services.js';
import { append, shedBatch } from './trw.js';

export const WINDOW_VERTICAL_RULE_ID = 'window-vertical';
export const WINDOW_HORIZONTAL_RULE_ID = 'window-horizontal';

export interface WindowOptions {
  /** Sliding window, ms; 5 min (Zeek port_scan_interval / addr_scan_interval). */
  readonly windowMs: number;
  /** Distinct ports on one host; 15 (Zeek port_scan_threshold). */
  readonly verticalPorts: number;
  /** Distinct hosts on one port; 25 (Zeek addr_scan_threshold). */
  readonly horizontalHosts: number;
  /** Source state expiry after its last probe, ms (alert suppression lives as long); 30 min. */
  readonly stateTtlMs: number;
  /**
   * (host, port) pairs kept per source; beyond it the oldest are dropped. 4096 is far above both thresholds, so it
   * only bounds a huge scan that has fired one rule and not yet the other.
   */
  readonly maxPairsPerSource: number;
}

export const DEFAULT_WINDOW: WindowOptions = Object.freeze({
  windowMs: 5 * 60_000,
  verticalPorts: 15,
  horizontalHosts: 25,
  stateTtlMs: 30 * 60_000,
  maxPairsPerSource: 4096,
});

const VERTICAL = 1;
const HORIZONTAL = 2;

/**
 * Pairs in the window per source. Most sources probe a handful of (host, port) pairs, so up to SMALL pairs live in a
 * flat array `[key, ms, key, ms, ...]` (oldest first; counts by scanning it: at most SMALL steps), about 60 B;
 * beyond that, Maps with incremental counts (three Maps cost ~550 B, fine for the few sources that get there).
 */
const SMALL = 32;

class WindowSource implements Tracked {
  lastMs = 0;
  placedMs = 0;
  /** Small mode: [service key, clock ms of its latest non-success probe, ...], time order. */
  flat: number[] | null = null;
  /** Large mode: service key -> clock ms; insertion order = time order. */
  pairs: Map<number, number> | null = null;
  /** Large mode: host id -> distinct ports in the window. */
  hostPorts: Map<number, number> | null = null;
  /** Large mode: protocol * 65536 + port -> distinct hosts in the window. */
  portHosts: Map<number, number> | null = null;
  answered: number[] | null = null;
  fired = 0;
  probes = 0;
  constructor(
    readonly firstTicks: bigint,
    public lastTicks: bigint,
  ) {}
}

export interface WindowStats {
  readonly tracked: number;
  readonly vertical: number;
  readonly horizontal: number;
  readonly expired: number;
  readonly shed: number;
}

export class DistinctCounter {
  readonly options: WindowOptions;
  readonly table: BoundedState<WindowSource>;
  private verticalCount = 0;
  private horizontalCount = 0;

  constructor(
    options: Partial<WindowOptions>,
    cap: number,
    private readonly hosts: HostTable,
    private readonly scope: NetScope,
    private readonly severity: SeverityOptions,
  ) {
    this.options = { ...DEFAULT_WINDOW, ...options };
    const o = this.options;
    for (const [name, v] of [['verticalPorts', o.verticalPorts], ['horizontalHosts', o.horizontalHosts], ['maxPairsPerSource', o.maxPairsPerSource]] as const) {
      if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`windowed counter: ${name} must be a positive integer, got ${v}`);
    }
    if (!(o.windowMs > 0)) throw new RangeError(`windowed counter: windowMs must be positive, got ${o.windowMs}`);
    this.table = new BoundedState<WindowSource>({ ttlMs: Math.max(o.stateTtlMs, o.windowMs), cap });
  }

  /** One probe; returns the alerts it triggers (at most one per rule), or null. */
  push(src: string, key: number, outcome: ProbeOutcome, ticks: bigint, nowMs: number, shed: (table: string, n: number) => void): Alert[] | null {
    let s = this.table.get(src, nowMs);
    if (s === undefined) {
      if (outcome === 'success') return null; // nothing to count, and no state for a well-behaved client
      s = new WindowSource(ticks, ticks);
      const n = this.table.insert(src, s, nowMs, shedBatch(this.table.cap));
      if (n > 0) shed('window', n);
    } else {
      this.table.touch(src, s, nowMs);
      if (ticks > s.lastTicks) s.lastTicks = ticks;
    }
    s.probes++;
    if (outcome === 'success') {
      const a = s.answered;
      if (a === null) s.answered = [key];
      else if (a.length < 64 && !a.includes(key)) s.answered = append(a, key);
    }
    if (s.fired === (VERTICAL | HORIZONTAL)) return null;
    const start = nowMs - this.options.windowMs;
    const host = serviceHost(key);
    const port = servicePortKey(key);
    let nPorts: number;
    let nHosts: number;
    if (s.pairs === null) {
      // Small mode.
      let f = s.flat ?? [];
      let drop = 0;
      while (drop < f.length && f[drop + 1]! < start) drop += 2;
      if (drop > 0) removeAt(f, 0, drop);
      let at = -1;
      nPorts = 1;
      nHosts = 1;
      for (let i = 0; i < f.length; i += 2) {
        const k = f[i]!;
        if (k === key) at = i;
        else {
          if (serviceHost(k) === host) nPorts++;
          if (servicePortKey(k) === port) nHosts++;
        }
      }
      if (outcome === 'success') {
        if (at >= 0) removeAt(f, at, 2);
        s.flat = f;
        return null;
      }
      if (at >= 0) {
        // Re-append: keeps the array in time order; no count changed.
        removeAt(f, at, 2);
        f.push(key, nowMs);
        s.flat = f;
        return null;
      }
      f = f.length < 16 ? f.concat(key, nowMs) : (f.push(key, nowMs), f);
      if (f.length > 2 * this.options.maxPairsPerSource) removeAt(f, 0, 2);
      if (f.length > 2 * SMALL) this.toLarge(s, f);
      else s.flat = f;
    } else {
      const pairs = s.pairs;
      const hostPorts = s.hostPorts!;
      const portHosts = s.portHosts!;
      // Oldest first; keys() + get() rather than entries(): no [k, t] pair allocated per step.
      for (const k of pairs.keys()) {
        if (pairs.get(k)! >= start) break;
        pairs.delete(k);
        this.uncount(s, k);
      }
      if (outcome === 'success') {
        if (pairs.delete(key)) this.uncount(s, key);
        return null;
      }
      if (pairs.has(key)) {
        pairs.delete(key); // re-append: keeps the map in time order
        pairs.set(key, nowMs);
        return null; // not a new distinct pair: no count changed
      }
      pairs.set(key, nowMs);
      nPorts = (hostPorts.get(host) ?? 0) + 1;
      hostPorts.set(host, nPorts);
      nHosts = (portHosts.get(port) ?? 0) + 1;
      portHosts.set(port, nHosts);
      if (pairs.size > this.options.maxPairsPerSource) {
        for (const k of pairs.keys()) {
          pairs.delete(k);
          this.uncount(s, k);
          break;
        }
      }
    }

    let out: Alert[] | null = null;
    if ((s.fired & VERTICAL) === 0 && nPorts >= this.options.verticalPorts) {
      s.fired |= VERTICAL;
      this.verticalCount++;
      (out ??= []).push(this.alert(src, s, WINDOW_VERTICAL_RULE_ID, (k) => serviceHost(k) === host));
    }
    if ((s.fired & HORIZONTAL) === 0 && nHosts >= this.options.horizontalHosts) {
      s.fired |= HORIZONTAL;
      this.horizontalCount++;
      (out ??= []).push(this.alert(src, s, WINDOW_HORIZONTAL_RULE_ID, (k) => servicePortKey(k) === port));
    }
    if (s.fired === (VERTICAL | HORIZONTAL)) {
      // Both rules fired: the detail can go, only the suppression must stay.
      s.flat = null;
      s.pairs = s.hostPorts = s.portHosts = null;
      s.answered = null;
    }
    return out;
  }

  /** Small mode to Maps, counting as the Maps would have. */
  private toLarge(s: WindowSource, f: readonly number[]): void {
    const pairs = new Map<number, number>();
    const hostPorts = new Map<number, number>();
    const portHosts = new Map<number, number>();
    for (let i = 0; i < f.length; i += 2) {
      const k = f[i]!;
      pairs.set(k, f[i + 1]!);
      const h = serviceHost(k);
      const p = servicePortKey(k);
      hostPorts.set(h, (hostPorts.get(h) ?? 0) + 1);
      portHosts.set(p, (portHosts.get(p) ?? 0) + 1);
    }
    s.flat = null;
    s.pairs = pairs;
    s.hostPorts = hostPorts;
    s.portHosts = portHosts;
  }

  private uncount(s: WindowSource, key: number): void {
    dec(s.hostPorts!, serviceHost(key));
    dec(s.portHosts!, servicePortKey(key));
  }

  private alert(src: string, s: WindowSource, ruleId: string, match: (key: number) => boolean): Alert {
    const services: number[] = [];
    if (s.pairs !== null) {
      for (const k of s.pairs.keys()) if (match(k)) services.push(k);
    } else {
      const f = s.flat!;
      for (let i = 0; i < f.length; i += 2) if (match(f[i]!)) services.push(f[i]!);
    }
    const answered = (s.answered ?? []).filter(match);
    const vertical = ruleId === WINDOW_VERTICAL_RULE_ID;
    const minutes = this.options.windowMs / 60_000;
    return buildScanAlert(
      {
        ruleId,
        remoteIp: src,
        services,
        answered,
        firstTicks: s.firstTicks,
        lastTicks: s.lastTicks,
        count: s.probes,
        scanType: vertical ? 'vertical' : 'horizontal',
        title: ({ hosts, ports }) =>
          vertical
            ? `Vertical port scan from ${src}: ${ports} ports of one host without an answer within ${minutes} min`
            : `Horizontal port sweep from ${src}: ${hosts} hosts on one port without an answer within ${minutes} min`,
      },
      this.hosts,
      this.scope,
      this.severity,
    );
  }

  expire(nowMs: number): void {
    this.table.expire(nowMs);
  }

  clear(): void {
    this.table.clear();
  }

  stats(): WindowStats {
    return {
      tracked: this.table.size,
      vertical: this.verticalCount,
      horizontal: this.horizontalCount,
      expired: this.table.expired,
      shed: this.table.shed,
    };
  }
}

/** Removes `n` elements at `at` in place (splice would allocate an array of the removed ones). */
function removeAt(a: number[], at: number, n: number): void {
  const len = a.length - n;
  for (let i = at; i < len; i++) a[i] = a[i + n]!;
  a.length = len;
}

function dec(m: Map<number, number>, k: number): void {
  const n = m.get(k);
  if (n === undefined) return;
  if (n <= 1) m.delete(k);
  else m.set(k, n - 1);
}
