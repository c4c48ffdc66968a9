/**
 * Threshold Random Walk over first contacts to services.
 *
 * J. Jung, V. Paxson, A. Berger, H. Balakrishnan, "Fast Portscan Detection Using Sequential Hypothesis Testing",
 * IEEE S&P 2004 (doi:10.1109/SECPRI.2004.1301325). For each remote source the outcomes Y_i of its first contacts are
 * i.i.d. Bernoulli: under H0 (benign) a first contact succeeds with probability θ0, under H1 (scanner) with θ1. Wald's
 * sequential test keeps the likelihood ratio
 *
 *   Λ(Y) = Π_i Pr[Y_i | H1] / Pr[Y_i | H0]
 *
 * so a success multiplies Λ by θ1/θ0 and a failure by (1-θ1)/(1-θ0); Λ ≥ η1 decides H1 (scanner), Λ ≤ η0 decides H0
 * (benign), with η1 = P_D/P_F and η0 = (1-P_D)/(1-P_F) for the desired detection and false-positive probabilities.
 * The paper's parameters, also the defaults of Bro's trw-impl.bro (../shared/detection/scan-detectors.md §1.3):
 * θ0 = 0.8, θ1 = 0.2, P_D = 0.99, P_F = 0.01 → success × 0.25, failure × 4, η1 = 99, η0 ≈ 0.0101; so four
 * consecutive failed first contacts (4^4 = 256 ≥ 99) flag a scanner and four successes (0.25^4 ≈ 0.0039) clear it.
 * Λ is kept as a logarithm (a sum), which is exact enough and never overflows.
 *
 * Departures from the paper, and why:
 * - A "first contact" is to a service (local host, protocol, port), not to a host. The paper (and Bro) count
 *   distinct local hosts, so a vertical scan of one internet-facing device is a single observation (note §1.3
 *   caveat). Per service, a vertical scan, a sweep and a mixed scan all walk up by ×4 per closed port, while a
 *   client that reuses one service adds one observation however often it connects (retries are not first contacts:
 *   the Slips #34 false positive).
 * - Unknown outcomes (seed-style data: an InboundConnectionAttempt with no answer recorded). An unknown first
 *   contact is held as pending; a later probe of the same service with a known outcome (typically the
 *   InboundConnectionAccepted of the same connection) resolves it. When a source has `unknownAsFailureAfter`
 *   (default 5) services pending at once, they all count as failures: a client whose connections complete gets its
 *   Accepted rows and never accumulates pending services, whereas a source that touched five services and was
 *   answered by none looks like the scanner hypothesis. Five, one more than the four failures TRW needs, because an
 *   unknown is weaker evidence than an observed RST or silence; 4^5 = 1024 ≥ 99, so such a source is flagged at its
 *   fifth distinct service.
 * - No "friendly remotes" (Bro skips remotes that local hosts contacted first): the probe stream carries no
 *   outbound connections.
 *
 * State (Bro's expiries): an undecided source is forgotten 30 min after its last probe (lambda, failed_locals
 * &write_expire = 30 mins); a verdict is kept 1 h (scan_sources, benign_sources &write_expire = 1 hr). A scanner's
 * verdict is refreshed by its probes, so a continuing scan alerts once; a benign verdict is not (it expires 1 h after
 * it was reached), which bounds the Mell & Harang evasion of opening with successful connections to an hour, and the
 * windowed counter (distinct-counter.ts) does not honour the benign verdict at all.
 */
import type { Alert } from '../alert.js';
import { BoundedState, type Tracked } from './bounded-state.js';
import type { NetScope } from './net-scope.js';
import type { ProbeOutcome } from './probe-event.js';
import { buildScanAlert, type SeverityOptions } from './scan-alert.js';
import type { HostTable } from './services.js';

export const TRW_RULE_ID = 'trw';

export interface TrwOptions {
  /** Pr[first contact succeeds | benign]; paper 0.8. */
  readonly theta0: number;
  /** Pr[first contact succeeds | scanner]; paper 0.2. */
  readonly theta1: number;
  /** Desired detection probability P_D; paper 0.99. */
  readonly detectionProbability: number;
  /** Desired false-positive probability P_F; paper 0.01. */
  readonly falsePositiveProbability: number;
  /** Undecided state expiry after the last probe, ms; 30 min (Bro trw-impl.bro). */
  readonly stateTtlMs: number;
  /** Verdict retention, ms; 1 h (Bro trw-impl.bro). */
  readonly verdictTtlMs: number;
  /** Pending unknown services at which they count as failures (module comment); 5. */
  readonly unknownAsFailureAfter: number;
  /**
   * Services remembered per undecided source; at the limit the older half is forgotten (a forgotten service probed
   * again counts as a new first contact). 64: TRW decides within a handful of first contacts, so a source still
   * undecided after 64 is rare (its successes and failures alternate) and its older contacts matter little.
   */
  readonly maxServicesPerSource: number;
}

export const DEFAULT_TRW: TrwOptions = Object.freeze({
  theta0: 0.8,
  theta1: 0.2,
  detectionProbability: 0.99,
  falsePositiveProbability: 0.01,
  stateTtlMs: 30 * 60_000,
  verdictTtlMs: 60 * 60_000,
  unknownAsFailureAfter: 5,
  maxServicesPerSource: 64,
});

/** The thresholds and per-observation steps of the walk, in natural-log space. */
export interface TrwWalk {
  readonly logEta1: number;
  readonly logEta0: number;
  readonly logSuccess: number;
  readonly logFailure: number;
}

export function trwWalk(o: TrwOptions): TrwWalk {
  const { theta0, theta1, detectionProbability: pd, falsePositiveProbability: pf } = o;
  if (!(theta1 > 0 && theta1 < theta0 && theta0 < 1)) throw new RangeError(`TRW: need 0 < θ1 < θ0 < 1, got θ0=${theta0} θ1=${theta1}`);
  if (!(pf > 0 && pf < pd && pd < 1)) throw new RangeError(`TRW: need 0 < P_F < P_D < 1, got P_D=${pd} P_F=${pf}`);
  return {
    logEta1: Math.log(pd / pf),
    logEta0: Math.log((1 - pd) / (1 - pf)),
    logSuccess: Math.log(theta1 / theta0),
    logFailure: Math.log((1 - theta1) / (1 - theta0)),
  };
}

// Float slack so that a walk landing exactly on a threshold (4^k = η for some parameters) decides as the paper's ≥.
const EPS = 1e-9;

// Per-service entry of a source: key * 4 + state (keys stay below 2^41 while host ids are below 2^22, so exact).
const FAILED = 0;
const ANSWERED = 1;
const PENDING = 2;

class TrwSource implements Tracked {
  lastMs = 0;
  placedMs = 0;
  logL = 0;
  /** First-contacted services, oldest first, as key * 4 + state. */
  entries: number[];
  pendingCount = 0;
  probes = 0;
  failures = 0;
  constructor(
    readonly firstTicks: bigint,
    public lastTicks: bigint,
    first: number,
  ) {
    this.entries = [first];
  }
}

/** Index of the entry of service `key`, or -1. */
function findService(entries: readonly number[], key: number): number {
  const lo = key * 4;
  const hi = lo + 4;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e >= lo && e < hi) return i;
  }
  return -1;
}

/**
 * Appends to a small array. `concat` allocates the exact size, where `push` on a full array reserves 16 more slots
 * (about 130 B per source): most sources make one to three first contacts.
 */
export function append(a: number[], v: number): number[] {
  if (a.length < 16) return a.concat(v);
  a.push(v);
  return a;
}

const SCANNER = 1;
const BENIGN = 2;

class TrwVerdict implements Tracked {
  lastMs = 0;
  placedMs = 0;
  probes = 0;
  constructor(readonly verdict: number) {}
}

export interface TrwStats {
  readonly tracked: number;
  readonly scanners: number;
  readonly benign: number;
  readonly expired: number;
  readonly shed: number;
}

export class TrwDetector {
  readonly options: TrwOptions;
  private readonly walk: TrwWalk;
  readonly active: BoundedState<TrwSource>;
  readonly verdicts: BoundedState<TrwVerdict>;
  private scannerCount = 0;
  private benignCount = 0;

  constructor(
    options: Partial<TrwOptions>,
    cap: number,
    private readonly hosts: HostTable,
    private readonly scope: NetScope,
    private readonly severity: SeverityOptions,
  ) {
    this.options = { ...DEFAULT_TRW, ...options };
    this.walk = trwWalk(this.options);
    if (!(Number.isInteger(this.options.unknownAsFailureAfter) && this.options.unknownAsFailureAfter >= 1)) {
      throw new RangeError(`TRW: unknownAsFailureAfter must be a positive integer, got ${this.options.unknownAsFailureAfter}`);
    }
    if (!(Number.isInteger(this.options.maxServicesPerSource) && this.options.maxServicesPerSource >= 2)) {
      throw new RangeError(`TRW: maxServicesPerSource must be an integer >= 2, got ${this.options.maxServicesPerSource}`);
    }
    this.active = new BoundedState<TrwSource>({ ttlMs: this.options.stateTtlMs, cap });
    this.verdicts = new BoundedState<TrwVerdict>({ ttlMs: this.options.verdictTtlMs, cap });
  }

  /**
   * One probe. `nowMs` is the detector clock. Returns the alert when this probe makes the walk cross η1, else null.
   * `shed` receives how many sources the cap evicted to make room.
   */
  push(src: string, key: number, outcome: ProbeOutcome, ticks: bigint, nowMs: number, shed: (table: string, n: number) => void): Alert | null {
    const v = this.verdicts.get(src, nowMs);
    if (v !== undefined) {
      v.probes++;
      if (v.verdict === SCANNER) this.verdicts.touch(src, v, nowMs);
      return null;
    }
    const w = this.walk;
    let s = this.active.get(src, nowMs);
    if (s === undefined) {
      s = new TrwSource(ticks, ticks, key * 4 + (outcome === 'unknown' ? PENDING : outcome === 'success' ? ANSWERED : FAILED));
      const n = this.active.insert(src, s, nowMs, shedBatch(this.active.cap));
      if (n > 0) shed('trw', n);
      this.firstContact(s, outcome, w);
    } else {
      this.active.touch(src, s, nowMs);
      if (ticks > s.lastTicks) s.lastTicks = ticks;
      const i = findService(s.entries, key);
      if (i < 0) {
        // A first contact.
        if (s.entries.length >= this.options.maxServicesPerSource) {
          s.entries.splice(0, s.entries.length >> 1);
          s.pendingCount = 0;
          for (const e of s.entries) if (e % 4 === PENDING) s.pendingCount++;
        }
        s.entries = append(s.entries, key * 4 + (outcome === 'unknown' ? PENDING : outcome === 'success' ? ANSWERED : FAILED));
        this.firstContact(s, outcome, w);
      } else if (outcome !== 'unknown') {
        const state = s.entries[i]! % 4;
        if (state === PENDING) {
          // A known outcome for a first contact that was pending.
          s.pendingCount--;
          s.entries[i] = key * 4 + (outcome === 'success' ? ANSWERED : FAILED);
          if (outcome === 'success') s.logL += w.logSuccess;
          else {
            s.logL += w.logFailure;
            s.failures++;
          }
        } else if (state === FAILED && outcome === 'success') {
          s.entries[i] = key * 4 + ANSWERED; // answered later: the walk keeps the first outcome, the alert shows it open
        }
      }
    }
    s.probes++;

    if (s.logL >= w.logEta1 - EPS) return this.decideScanner(src, s, nowMs, shed);
    if (s.logL <= w.logEta0 + EPS) {
      this.active.delete(src);
      const n = this.verdicts.insert(src, new TrwVerdict(BENIGN), nowMs, shedBatch(this.verdicts.cap));
      if (n > 0) shed('trw-verdicts', n);
      this.benignCount++;
    }
    return null;
  }

  /** The walk's step for a first contact just appended; unknown ones wait (module comment). */
  private firstContact(s: TrwSource, outcome: ProbeOutcome, w: TrwWalk): void {
    if (outcome === 'success') {
      s.logL += w.logSuccess;
    } else if (outcome === 'failure') {
      s.logL += w.logFailure;
      s.failures++;
    } else if (++s.pendingCount >= this.options.unknownAsFailureAfter) {
      const e = s.entries;
      for (let i = 0; i < e.length; i++) if (e[i]! % 4 === PENDING) e[i] = e[i]! - PENDING + FAILED;
      s.logL += s.pendingCount * w.logFailure;
      s.failures += s.pendingCount;
      s.pendingCount = 0;
    }
  }

  private decideScanner(src: string, s: TrwSource, nowMs: number, shed: (table: string, n: number) => void): Alert {
    this.active.delete(src);
    const verdict = new TrwVerdict(SCANNER);
    verdict.probes = s.probes;
    const n = this.verdicts.insert(src, verdict, nowMs, shedBatch(this.verdicts.cap));
    if (n > 0) shed('trw-verdicts', n);
    this.scannerCount++;
    const failures = s.failures;
    const services = s.entries.map((e) => Math.floor(e / 4));
    const answered = s.entries.filter((e) => e % 4 === ANSWERED).map((e) => Math.floor(e / 4));
    return buildScanAlert(
      {
        ruleId: TRW_RULE_ID,
        remoteIp: src,
        services,
        answered,
        firstTicks: s.firstTicks,
        lastTicks: s.lastTicks,
        count: s.probes,
        title: ({ hosts, ports, scanType }) =>
          `Port scan (${scanType}) from ${src}: ${failures} of ${services.length} first contacts to services failed ` +
          `(${hosts} host${hosts === 1 ? '' : 's'}, ${ports} port${ports === 1 ? '' : 's'}; threshold random walk)`,
      },
      this.hosts,
      this.scope,
      this.severity,
    );
  }

  expire(nowMs: number): void {
    this.active.expire(nowMs);
    this.verdicts.expire(nowMs);
  }

  clear(): void {
    this.active.clear();
    this.verdicts.clear();
  }

  stats(): TrwStats {
    return {
      tracked: this.active.size,
      scanners: this.scannerCount,
      benign: this.benignCount,
      expired: this.active.expired + this.verdicts.expired,
      shed: this.active.shed + this.verdicts.shed,
    };
  }
}

/** Shed about 1/1024 of the cap at once, so a flood of new sources reports a few batches, not one line per source. */
export function shedBatch(cap: number): number {
  return Math.max(1, Math.floor(cap / 1024));
}
