/**
 * Runs the conformance cases against the engine and summarises them; shared by scripts/conformance.ts and
 * conformance.test.ts. Also reads and writes the baseline (sorted ids of the cases that pass).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../../src/index.js';
import { loadAllCases, type ConformanceCase } from './cases.js';
import { runCase, type Outcome, type Status } from './compare.js';

export const BASELINE_FILE = fileURLToPath(new URL('./baseline.json', import.meta.url));
/** A case slower than this counts as failed (measured: the engine runs synchronously, so it cannot be cut short). */
export const CASE_TIME_LIMIT_MS = 5_000;

export interface CaseResult extends Outcome {
  readonly id: string;
  readonly origin: ConformanceCase['origin'];
  readonly unsure: boolean;
  readonly nondeterministic: boolean;
  readonly ms: number;
}

export interface RunOptions {
  /** Keep cases whose id (or query text) contains this substring. */
  readonly filter?: string;
  readonly onResult?: (r: CaseResult, c: ConformanceCase) => void;
}

export function selectCases(filter?: string): ConformanceCase[] {
  const all = loadAllCases();
  if (!filter) return all;
  return all.filter((c) => c.id.includes(filter) || c.query.includes(filter));
}

export async function runCases(cases: readonly ConformanceCase[], options: RunOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  // Cases are self-contained (datatable / let / print / range): no table is shared, so one engine serves them all.
  // It is recreated after a failure so that no cached state from a broken case can leak into the next one.
  let engine = createEngine({});
  for (const c of cases) {
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      outcome = await runCase(engine, c);
    } catch (e) {
      outcome = { status: 'error', kind: 'internal', reason: `internal (comparison): ${e instanceof Error ? e.message : String(e)}` };
    }
    const ms = performance.now() - t0;
    if (ms > CASE_TIME_LIMIT_MS) {
      const was = outcome.status === 'pass' ? 'passed' : `${outcome.status}: ${outcome.reason ?? ''}`;
      outcome = { status: 'fail', kind: 'timeout', reason: `took ${Math.round(ms)} ms (limit ${CASE_TIME_LIMIT_MS} ms; ${was})` };
    }
    if (outcome.status !== 'pass') engine = createEngine({});
    const r: CaseResult = { id: c.id, origin: c.origin, unsure: c.unsure, nondeterministic: c.nondeterministic, ms, ...outcome };
    results.push(r);
    options.onResult?.(r, c);
  }
  return results;
}

export interface Summary {
  readonly total: number;
  readonly counts: Record<Status, number>;
  /** "unsupported: X" messages, most frequent first. */
  readonly unsupported: [string, number][];
  /** Failure and error reasons grouped, most frequent first. */
  readonly failures: [string, number][];
}

/** Groups a non-passing result: failures by kind (row count, column types...), errors by their message. */
export function reasonGroup(r: CaseResult): string {
  if (r.status === 'fail') return `fail: ${r.kind ?? 'other'}`;
  // First line only, without Kusto's position and caret display.
  const msg = (r.reason ?? '').split('\n', 1)[0]!.replace(/\s*\(line \d+, column \d+\).*$/, '').trim();
  return msg.length > 120 ? msg.slice(0, 117) + '...' : msg;
}

/** "unsupported: X" without the prefix, cut before any quoted literal text (`dynamic literal [...]`). */
export function unsupportedGroup(reason: string): string {
  const feature = reason.split('\n', 1)[0]!.replace(/^unsupported:\s*/, '').replace(/\s*[[{].*$/, '').trim();
  return feature.length > 100 ? feature.slice(0, 97) + '...' : feature;
}

function countBy(keys: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function summarize(results: readonly CaseResult[]): Summary {
  const counts: Record<Status, number> = { pass: 0, fail: 0, unsupported: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return {
    total: results.length,
    counts,
    unsupported: countBy(results.filter((r) => r.status === 'unsupported').map((r) => unsupportedGroup(r.reason ?? ''))),
    failures: countBy(results.filter((r) => r.status === 'fail' || r.status === 'error').map(reasonGroup)),
  };
}

export function formatSummary(s: Summary, top = 15): string {
  const lines = [
    `cases: ${s.total}  passed: ${s.counts.pass}  failed: ${s.counts.fail}  unsupported: ${s.counts.unsupported}  errors: ${s.counts.error}`,
  ];
  if (s.unsupported.length) {
    lines.push(`top unsupported features:`);
    for (const [k, n] of s.unsupported.slice(0, top)) lines.push(`  ${String(n).padStart(4)}  ${k}`);
  }
  if (s.failures.length) {
    lines.push(`top failure / error reasons:`);
    for (const [k, n] of s.failures.slice(0, top)) lines.push(`  ${String(n).padStart(4)}  ${k}`);
  }
  return lines.join('\n');
}

export function formatResultLine(r: CaseResult): string {
  const flags = [r.unsure ? 'unsure' : '', r.nondeterministic ? 'shape-only' : ''].filter(Boolean).join(',');
  return `${r.status.toUpperCase().padEnd(11)} ${r.id}${flags ? ` [${flags}]` : ''}: ${(r.reason ?? '').replace(/\s+/g, ' ')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Baseline

export function readBaseline(file = BASELINE_FILE): string[] {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${file}: expected a JSON array of case ids`);
    return v;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export function writeBaseline(ids: Iterable<string>, file = BASELINE_FILE): void {
  writeFileSync(file, JSON.stringify([...new Set(ids)].sort(), null, 1) + '\n');
}

export interface BaselineCheck {
  /** Baseline ids that ran and did not pass. */
  readonly regressed: CaseResult[];
  /** Ids that pass but are not in the baseline. */
  readonly newPasses: string[];
  /** Baseline ids with no such case (the case files changed). */
  readonly unknown: string[];
}

export function checkBaseline(baseline: readonly string[], results: readonly CaseResult[], allIds: ReadonlySet<string>): BaselineCheck {
  const base = new Set(baseline);
  return {
    regressed: results.filter((r) => base.has(r.id) && r.status !== 'pass'),
    newPasses: results.filter((r) => r.status === 'pass' && !base.has(r.id)).map((r) => r.id),
    unknown: baseline.filter((id) => !allIds.has(id)),
  };
}
