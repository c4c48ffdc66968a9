/**
 * Runs the community hunting corpus (shared/hunting/queries: real Defender XDR advanced-hunting queries, some of
 * them written for Microsoft Sentinel) against engines loaded with the demo data, and classifies each query: it
 * executes, binds but needs an unsupported feature, fails to bind (semantic / syntax: schema gaps, Defender
 * functions), or fails at run time. Shared by scripts/hunting.ts and hunting.test.ts.
 *
 * Flavours: each query runs on the Defender schema first. If it fails to bind there (a semantic error), it is run
 * on the Sentinel schema (createEngine({ schema: 'sentinel' }), the same demo data in its Log Analytics shape),
 * as an analyst would paste a Sentinel query into Sentinel; when it binds there, its outcome there is its result
 * (flavour 'sentinel'). When it binds in neither, the Defender error is reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createEngine, KqlError, type Engine } from '../../src/index.js';
import { DEFAULT_NOW, generateDemo } from '../../src/demo/generate.js';

export const QUERIES_DIR = fileURLToPath(new URL('../../../shared/hunting/queries/', import.meta.url));
/** Demo events: a fraction of the demo's default, enough to exercise every operator, quick to generate and scan. */
export const HUNTING_EVENTS = 50_000;
/** A query slower than this is reported as slow (measured; the engine runs synchronously). */
export const SLOW_MS = 10_000;

export type Category = 'executes' | 'unsupported' | 'semantic' | 'syntax' | 'runtime' | 'internal';
export const CATEGORIES: readonly Category[] = ['executes', 'unsupported', 'semantic', 'syntax', 'runtime', 'internal'];

export type Flavour = 'mde' | 'sentinel';

export interface QueryResultRow {
  readonly file: string;
  readonly category: Category;
  /** The schema the outcome comes from (see the file comment). */
  readonly flavour: Flavour;
  /** The engine's message (first line, without the position), for every category but executes. */
  readonly message?: string;
  /** For unsupported: the feature, i.e. the text after "unsupported: ". */
  readonly feature?: string;
  readonly rows?: number;
  readonly ms: number;
  readonly slow: boolean;
}

export function listQueryFiles(dir = QUERIES_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.kql')).sort();
}

export interface LoadedEngine {
  readonly engine: Engine;
  /** The same demo data in the Sentinel (Log Analytics) shape. */
  readonly sentinel: Engine;
  readonly now: string;
  /** Demo rows the Defender schema rejected, per table (should be none). */
  readonly rowErrors: Record<string, number>;
}

export function loadDemoEngine(events = HUNTING_EVENTS): LoadedEngine {
  const data = generateDemo({ events });
  const engine = createEngine({ schema: 'mde' });
  const sentinel = createEngine({ schema: 'sentinel' });
  // externaldata URLs are served from local fixtures (test/fixtures/external/map.json), never fetched.
  const fixtures = fileURLToPath(new URL('../fixtures/external/', import.meta.url));
  const external = { map: JSON.parse(readFileSync(fixtures + 'map.json', 'utf8')) as Record<string, string>, mapBase: fixtures };
  engine.setExternalData(external);
  sentinel.setExternalData(external);
  const rowErrors: Record<string, number> = {};
  for (const [table, rows] of Object.entries(data.tables)) {
    const { errors } = engine.addTable(table, rows);
    if (errors.length) rowErrors[table] = errors.length;
    sentinel.addTable(table, rows);
  }
  return { engine, sentinel, now: data.now ?? DEFAULT_NOW, rowErrors };
}

/** First line of an engine message, without Kusto's "(line L, column C)" position. */
export function messageHead(message: string): string {
  const first = message.split('\n', 1)[0]!.trim();
  return first.replace(/\s*\(line \d+, column \d+\)\s*$/, '');
}

export function classify(e: unknown): { category: Category; message: string; feature?: string } {
  if (e instanceof KqlError) {
    const message = messageHead(e.message);
    if (e.code === 'unsupported') return { category: 'unsupported', message, feature: message.replace(/^unsupported:\s*/, '') };
    return { category: e.code, message };
  }
  // Anything else escaped the engine's error handling: an engine bug, kept apart from runtime errors.
  return { category: 'internal', message: messageHead(e instanceof Error ? `${e.name}: ${e.message}` : String(e)) };
}

async function runOn(engine: Engine, flavour: Flavour, now: string, file: string, text: string): Promise<Omit<QueryResultRow, 'ms' | 'slow'>> {
  try {
    const result = await engine.query(text, { now });
    return { file, flavour, category: 'executes', rows: result.rows.length };
  } catch (e) {
    return { file, flavour, ...classify(e) };
  }
}

export async function runQuery(loaded: LoadedEngine, file: string, text: string): Promise<QueryResultRow> {
  const t0 = performance.now();
  let row = await runOn(loaded.engine, 'mde', loaded.now, file, text);
  if (row.category === 'semantic') {
    // Does not bind on Defender: try it where Sentinel queries run (see the file comment).
    const other = await runOn(loaded.sentinel, 'sentinel', loaded.now, file, text);
    if (other.category !== 'semantic' && other.category !== 'syntax') row = other;
  }
  const ms = performance.now() - t0;
  return { ...row, ms, slow: ms > SLOW_MS };
}

export async function runCorpus(
  files: readonly string[], loaded: LoadedEngine, onResult?: (r: QueryResultRow) => void, dir = QUERIES_DIR,
): Promise<QueryResultRow[]> {
  const out: QueryResultRow[] = [];
  for (const f of files) {
    const r = await runQuery(loaded, f, readFileSync(dir + f, 'utf8'));
    out.push(r);
    onResult?.(r);
  }
  return out;
}

export interface CorpusSummary {
  readonly total: number;
  readonly counts: Record<Category, number>;
  /** Queries that execute, by the schema they ran on. */
  readonly executesBy: Record<Flavour, number>;
  readonly executePercent: number;
  /** Unsupported features, most frequent first. */
  readonly wanted: [string, number][];
  /** Semantic / syntax / runtime / internal messages, most frequent first. */
  readonly errors: [string, number][];
  readonly slow: QueryResultRow[];
}

/**
 * The grouping key of an unsupported feature: messages that quote the query's own text (`dynamic literal [...]`)
 * are cut before the quoted literal so that one missing feature counts once.
 */
export function featureGroup(feature: string): string {
  const cut = feature.replace(/\s*[[{].*$/s, '').trim();
  return cut.length > 100 ? cut.slice(0, 97) + '...' : cut;
}

function countBy(keys: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Issue "KQL coverage": at least this share of the corpus must execute on the demo data. */
export const EXECUTE_BAR = 0.95;

export function summarizeCorpus(results: readonly QueryResultRow[]): CorpusSummary {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const r of results) counts[r.category]++;
  const executesBy: Record<Flavour, number> = { mde: 0, sentinel: 0 };
  for (const r of results) if (r.category === 'executes') executesBy[r.flavour]++;
  return {
    total: results.length,
    counts,
    executesBy,
    executePercent: results.length ? (100 * counts.executes) / results.length : 0,
    wanted: countBy(results.filter((r) => r.category === 'unsupported').map((r) => featureGroup(r.feature ?? ''))),
    errors: countBy(results.filter((r) => r.category !== 'executes' && r.category !== 'unsupported').map((r) => `${r.category}: ${r.message ?? ''}`)),
    slow: results.filter((r) => r.slow),
  };
}

export function formatCorpusSummary(s: CorpusSummary, top = 20): string {
  const lines = [
    `queries: ${s.total}  ` + CATEGORIES.map((c) => `${c}: ${s.counts[c]}`).join('  '),
    `executes: ${s.executePercent.toFixed(1)}% (on the Defender schema: ${s.executesBy.mde}, on the Sentinel schema after failing to bind on Defender's: ${s.executesBy.sentinel})`,
  ];
  if (s.wanted.length) {
    lines.push('most wanted unsupported features:');
    for (const [k, n] of s.wanted.slice(0, top)) lines.push(`  ${String(n).padStart(4)}  ${k}`);
  }
  if (s.errors.length) {
    lines.push('most frequent errors:');
    for (const [k, n] of s.errors.slice(0, top)) lines.push(`  ${String(n).padStart(4)}  ${k.length > 140 ? k.slice(0, 137) + '...' : k}`);
  }
  if (s.slow.length) {
    lines.push(`slow (> ${SLOW_MS / 1000} s): ${s.slow.length}`);
    for (const r of s.slow) lines.push(`  ${Math.round(r.ms)} ms  ${r.file}`);
  }
  return lines.join('\n');
}
