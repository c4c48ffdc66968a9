/**
 * Streaming scan detectors (src/detect/stream): throughput, alert latency and memory per tracked source.
 *
 *   node --expose-gc --import tsx bench/detect-bench.ts [--events N (2m)] [--runs K (3)] [--memory-sources N (1m)]
 *     [--seed S] [--json FILE]
 *
 * 1. Throughput: N decoded probe events are generated in memory first (parsing is measured by the ingest bench), with
 *    a fresh string per address per event as a decoder would produce them: ordinary clients (successful connections
 *    to a few services, some seed-style Attempt + Accepted pairs), internet background radiation (1-2 unanswered
 *    attempts per source), and scanners (vertical, sweeps, mixed; closed, filtered, unknown answers). They go through
 *    a fresh StreamDetector on one thread, K timed runs after a warm-up: both detectors, TRW only, windowed only.
 *    Target: at least 500,000 events/s.
 * 2. Latency: the wall time of each push() that returned an alert, i.e. from handing the detector the probe that
 *    crosses a threshold to getting the alert back (p50 / p99 / max), beside the p50 / p99 of all pushes.
 * 3. Memory: heap growth after GC per tracked source, for sources in typical states (seed-style background radiation
 *    with two unanswered services, a one-failure source, a successful client), up to the default cap of a million.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { StreamDetector, type StreamDetectorOptions } from '../src/detect/stream/stream-detector.js';
import type { ProbeEvent, ProbeOutcome, ProbeProtocol } from '../src/detect/stream/probe-event.js';

interface Options {
  events: number;
  runs: number;
  memorySources: number;
  seed: number;
  json: string | null;
  /** Only this throughput configuration, no latency or memory (for profiling). */
  only: 'both' | 'trw' | 'windowed' | null;
}

function parseCount(s: string | undefined, flag: string): number {
  const m = s === undefined ? null : /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.replace(/_/g, ''));
  const v = m ? Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]!) ? 1e3 : 1e6) : NaN;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${flag}: not a positive integer: ${s}`);
  return v;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { events: 2_000_000, runs: 3, memorySources: 1_000_000, seed: 20261127, json: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--events': o.events = parseCount(argv[++i], a); break;
      case '--runs': o.runs = parseCount(argv[++i], a); break;
      case '--memory-sources': o.memorySources = parseCount(argv[++i], a); break;
      case '--seed': o.seed = parseCount(argv[++i], a); break;
      case '--json': o.json = argv[++i] ?? null; break;
      case '--only': {
        const v = argv[++i];
        if (v !== 'both' && v !== 'trw' && v !== 'windowed') throw new Error('--only: both, trw or windowed');
        o.only = v;
        break;
      }
      case '-h': case '--help':
        console.log('usage: node --expose-gc --import tsx bench/detect-bench.ts [--events N] [--runs K] [--memory-sources N] [--seed S] [--json FILE] [--only both|trw|windowed]');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

// ------------------------------------------------------------------------------------------------ data

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = BigInt(Date.UTC(2026, 10, 26, 12)) * 10_000n;
const DAY_MS = 86_400_000;

interface Actor {
  src: [number, number, number, number] | string; // IPv4 octets, or an IPv6 text
  kind: 'client' | 'seedClient' | 'radiation' | 'vertical' | 'sweep' | 'mixed';
  left: number;
  i: number;
  host: number;
  answer: ProbeOutcome;
  pendingSuccess: [number, number] | null;
}

const SERVICES = [80, 443, 22, 25, 3389, 8443];

/**
 * Deterministic event stream: about 1/3 ordinary-client events, 1/6 seed-style clients (Attempt + Accepted),
 * 1/4 background radiation, the rest scanners; times spread over 24 h in order.
 */
function generate(n: number, seed: number): ProbeEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const hostCount = 500;
  const out: ProbeEvent[] = new Array(n);
  const live: Actor[] = [];
  const octet = (): number => 1 + Math.floor(r() * 223);
  const newActor = (): Actor => {
    const x = r();
    const kind: Actor['kind'] = x < 0.33 ? 'client' : x < 0.5 ? 'seedClient' : x < 0.75 ? 'radiation' : x < 0.85 ? 'vertical' : x < 0.95 ? 'sweep' : 'mixed';
    const v6 = r() < 0.1;
    const src: Actor['src'] = v6 ? `2001:db8:${Math.floor(r() * 65536).toString(16)}::${Math.floor(r() * 65536).toString(16)}` : [octet(), Math.floor(r() * 256), Math.floor(r() * 256), octet()];
    const left = kind === 'client' ? 3 + Math.floor(r() * 30) : kind === 'seedClient' ? 2 * (1 + Math.floor(r() * 6)) : kind === 'radiation' ? 1 + Math.floor(r() * 2) : 20 + Math.floor(r() * 300);
    const answer = pick<ProbeOutcome>(['failure', 'failure', 'unknown']);
    return { src, kind, left, i: 0, host: Math.floor(r() * hostCount), answer, pendingSuccess: null };
  };
  for (let k = 0; k < 2000; k++) live.push(newActor());
  let burst = 0;
  let a = live[0]!;
  for (let k = 0; k < n; k++) {
    if (burst <= 0 || a.left <= 0) {
      const slot = Math.floor(r() * live.length);
      a = live[slot]!;
      if (a.left <= 0) a = live[slot] = newActor();
      // Scanners send bursts (masscan's default is 100 probes/s); clients one connection at a time.
      burst = a.kind === 'vertical' || a.kind === 'sweep' || a.kind === 'mixed' ? 1 + Math.floor(r() * 40) : 1;
    }
    burst--;
    a.left--;
    let host = a.host;
    let port = 443;
    let outcome: ProbeOutcome = 'success';
    let protocol: ProbeProtocol = 'Tcp';
    switch (a.kind) {
      case 'client':
        port = SERVICES[a.i % 2]!;
        break;
      case 'seedClient':
        if (a.pendingSuccess) {
          [host, port] = a.pendingSuccess;
          a.pendingSuccess = null;
        } else {
          port = SERVICES[Math.floor(r() * 2)]!;
          host = (a.host + Math.floor(r() * 3)) % hostCount;
          outcome = 'unknown';
          a.pendingSuccess = [host, port];
        }
        break;
      case 'radiation':
        port = pick([23, 445, 22, 3389, 5900, 1433]);
        host = Math.floor(r() * hostCount);
        outcome = 'unknown';
        break;
      case 'vertical':
        port = 1 + a.i;
        outcome = a.i % 50 === 21 ? 'success' : a.answer;
        break;
      case 'sweep':
        host = (a.host + a.i) % hostCount;
        port = 445;
        outcome = a.answer;
        break;
      case 'mixed':
        host = (a.host + (a.i % 7)) % hostCount;
        port = 20 + Math.floor(a.i / 7);
        outcome = a.answer;
        if (a.i % 11 === 0) protocol = 'Udp';
        break;
    }
    a.i++;
    const s = a.src;
    // A fresh string per event, as a decoder makes them (so hashing is paid per event, as it would be).
    const remoteIp = typeof s === 'string' ? s.slice(0) + '' : `${s[0]}.${s[1]}.${s[2]}.${s[3]}`;
    out[k] = {
      time: T0 + BigInt(Math.floor((k / n) * DAY_MS)) * 10_000n,
      remoteIp,
      localIp: `10.${host >> 8}.${host & 255}.10`,
      localPort: port,
      protocol,
      deviceId: `device-${host}`,
      outcome,
    };
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ measures

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;
function heapAfterGc(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

function throughput(events: readonly ProbeEvent[], options: StreamDetectorOptions, runs: number): { eventsPerSec: number; cpuEventsPerSec: number; alerts: number; runs: number[] } {
  // Warm-up on a slice with a throwaway detector.
  const warm = new StreamDetector(options);
  for (let i = 0; i < Math.min(events.length, 200_000); i++) warm.push(events[i]!);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let alerts = 0;
  for (let k = 0; k < runs; k++) {
    heapAfterGc();
    const d = new StreamDetector(options);
    let n = 0;
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < events.length; i++) n += d.push(events[i]!).length;
    const ms = performance.now() - t;
    const cu = process.cpuUsage(c);
    rates.push(events.length / (ms / 1000));
    // CPU time of this thread's work (plus GC helpers): steadier than wall time on a shared machine.
    cpuRates.push(events.length / ((cu.user + cu.system) / 1e6));
    alerts = n;
  }
  return { eventsPerSec: median(rates), cpuEventsPerSec: median(cpuRates), alerts, runs: rates };
}

function latency(events: readonly ProbeEvent[]): { alertPushes: number; alertP50us: number; alertP99us: number; alertMaxUs: number; allP50us: number; allP99us: number } {
  const d = new StreamDetector();
  const all = new Float64Array(events.length);
  const alerting: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const t = process.hrtime.bigint();
    const n = d.push(events[i]!).length;
    const dt = Number(process.hrtime.bigint() - t) / 1000;
    all[i] = dt;
    if (n > 0) alerting.push(dt);
  }
  all.sort();
  const al = Float64Array.from(alerting).sort();
  return {
    alertPushes: al.length,
    alertP50us: quantile(al, 0.5),
    alertP99us: quantile(al, 0.99),
    alertMaxUs: al.length ? al[al.length - 1]! : NaN,
    allP50us: quantile(all, 0.5),
    allP99us: quantile(all, 0.99),
  };
}

interface MemoryProfile {
  name: string;
  steps: [port: number, outcome: ProbeOutcome][];
  options?: StreamDetectorOptions;
}

const PROFILES: MemoryProfile[] = [
  { name: 'background radiation: 2 unanswered services (TRW pending + windowed pairs)', steps: [[23, 'unknown'], [445, 'unknown']] },
  { name: 'one failed first contact (TRW + windowed)', steps: [[23, 'failure']] },
  { name: 'client, 2 successful services (TRW only: no windowed state)', steps: [[80, 'success'], [443, 'success']] },
  { name: 'background radiation, TRW only', steps: [[23, 'unknown'], [445, 'unknown']], options: { windowed: false } },
  { name: 'background radiation, windowed only', steps: [[23, 'unknown'], [445, 'unknown']], options: { trw: false } },
];

function memoryPerSource(sources: number, p: MemoryProfile): { bytesPerSource: number; trackedTrw: number; trackedWindow: number; totalMB: number } {
  const before = heapAfterGc();
  const d = new StreamDetector({ maxSources: Math.max(sources, 1), ...p.options });
  let t = T0;
  for (let i = 0; i < sources; i++) {
    // Distinct public sources, one second of stream time per 1,000 sources (a million within the 30-min expiry).
    const remoteIp = `${11 + (i >>> 24)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
    if (i % 1000 === 0) t += 10_000_000n;
    const host = i % 500;
    for (const [port, outcome] of p.steps) {
      d.push({ time: t, remoteIp, localIp: `10.${host >> 8}.${host & 255}.10`, localPort: port, protocol: 'Tcp', deviceId: `device-${host}`, outcome });
    }
  }
  const after = heapAfterGc();
  const s = d.stats();
  const tracked = Math.max(s.trw?.tracked ?? 0, s.windowed?.tracked ?? 0);
  const bytes = (after - before) / Math.max(1, tracked);
  // Keep d alive until after the measurement.
  if (s.events !== sources * p.steps.length) throw new Error('memory bench: events lost');
  return { bytesPerSource: bytes, trackedTrw: s.trw?.tracked ?? 0, trackedWindow: s.windowed?.tracked ?? 0, totalMB: (after - before) / 2 ** 20 };
}

// ------------------------------------------------------------------------------------------------ main

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (!gc) console.warn('warning: run with node --expose-gc for meaningful memory figures');
  console.log(`streaming detectors: ${fmtInt(o.events)} events, ${o.runs} runs, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  const tg = performance.now();
  const events = generate(o.events, o.seed);
  console.log(`generated in ${((performance.now() - tg) / 1000).toFixed(1)} s (not timed below)`);
  const outcomes = { success: 0, failure: 0, unknown: 0 };
  for (const e of events) outcomes[e.outcome]++;
  console.log(`outcomes: ${fmtInt(outcomes.success)} success, ${fmtInt(outcomes.failure)} failure, ${fmtInt(outcomes.unknown)} unknown`);

  const result: Record<string, unknown> = { events: o.events, node: process.version };
  const configs: [string, StreamDetectorOptions, string][] = [['TRW + windowed', {}, 'both'], ['TRW only', { windowed: false }, 'trw'], ['windowed only', { trw: false }, 'windowed']];
  const tput: Record<string, unknown> = {};
  for (const [name, opts, id] of configs) {
    if (o.only !== null && o.only !== id) continue;
    const r = throughput(events, opts, o.runs);
    tput[name] = r;
    const ok = r.eventsPerSec >= 500_000 ? 'meets' : 'MISSES';
    console.log(
      `throughput ${name.padEnd(15)} ${fmtInt(r.eventsPerSec).padStart(11)} events/s wall, ${fmtInt(r.cpuEventsPerSec).padStart(11)} per CPU second ` +
        `(median of ${o.runs}; ${r.alerts} alerts) ${ok} the 500,000/s target`,
    );
  }
  result.throughput = tput;
  if (o.only !== null) return;

  const lat = latency(events);
  result.latency = lat;
  console.log(
    `latency: push that raised an alert (${lat.alertPushes}): p50 ${lat.alertP50us.toFixed(1)} µs, p99 ${lat.alertP99us.toFixed(1)} µs, max ${lat.alertMaxUs.toFixed(1)} µs; ` +
      `every push: p50 ${lat.allP50us.toFixed(2)} µs, p99 ${lat.allP99us.toFixed(2)} µs (includes ~0.05 µs of timer overhead)`,
  );

  const mem: Record<string, unknown> = {};
  for (const p of PROFILES) {
    const m = memoryPerSource(o.memorySources, p);
    mem[p.name] = m;
    console.log(`memory ${p.name}: ${m.bytesPerSource.toFixed(0)} B per tracked source (${fmtInt(m.trackedTrw)} TRW, ${fmtInt(m.trackedWindow)} windowed; ${m.totalMB.toFixed(0)} MB)`);
  }
  result.memory = mem;
  if (o.json) writeFileSync(o.json, JSON.stringify(result, null, 2));
}

main();
