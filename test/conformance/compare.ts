/**
 * Compares an engine result (columns + rows in Kusto's REST JSON encoding) with a conformance case's expected
 * result, and runs one case against an engine.
 */
import { KqlError } from '../../src/index.js';
import { formatDatetime, parseDatetime } from '../../src/kql/data/datetime.js';
import { formatTimespan, parseTimespan } from '../../src/kql/data/timespan.js';
import type { KType } from '../../src/kql/data/types.js';
import type { ConformanceCase, ExpectedResult } from './cases.js';

export type Status = 'pass' | 'fail' | 'unsupported' | 'error';

export interface Outcome {
  readonly status: Status;
  /** Why it did not pass: the first difference, or the engine's error message. */
  readonly reason?: string;
  /** For failures, a short grouping key ("row count", "column types", "value: real"...); for errors, the code. */
  readonly kind?: string;
}

export interface ActualResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

export const REAL_REL_TOLERANCE = 1e-9;
// Sums computed in a different order can land a hair off zero where the oracle printed 0.
const REAL_ABS_TOLERANCE = 1e-12;

const MAX_REASON = 240;

function show(v: unknown): string {
  const s = typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

function clip(s: string): string {
  return s.length > MAX_REASON ? s.slice(0, MAX_REASON - 3) + '...' : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

function asReal(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v);
  return undefined;
}

export function realsEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const diff = Math.abs(a - b);
  return diff <= REAL_ABS_TOLERANCE || diff <= REAL_REL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Integers arrive as JSON numbers, or as decimal strings beyond 2^53. */
function asInteger(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return undefined;
}

function datetimeTicks(v: unknown): bigint | undefined {
  return typeof v === 'string' ? parseDatetime(v) ?? undefined : undefined;
}

function timespanTicks(v: unknown): bigint | undefined {
  return typeof v === 'string' ? parseTimespan(v) ?? undefined : undefined;
}

/** Structural equality of dynamic values: bags ignore key order, numbers compare as reals (1 equals 1.0). */
export function dynamicEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  const na = typeof a === 'number' || typeof a === 'bigint' ? Number(a) : undefined;
  const nb = typeof b === 'number' || typeof b === 'bigint' ? Number(b) : undefined;
  if (na !== undefined || nb !== undefined) {
    if (na !== undefined && nb !== undefined) return realsEqual(na, nb);
    // A long beyond 2^53 is a decimal string in one encoding and a (rounded) number in another; a small number
    // never equals a string.
    const n = (na ?? nb)!;
    const other = asInteger(na === undefined ? a : b);
    return !Number.isSafeInteger(n) && other !== undefined && realsEqual(n, Number(other));
  }
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => dynamicEqual(x, b[i]));
  }
  if (typeof a === 'object') {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    const ob = b as Record<string, unknown>;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && dynamicEqual((a as Record<string, unknown>)[k], ob[k]));
  }
  return false; // distinct strings / booleans
}

/** Equality of one cell of a column of the given (expected) type. */
export function valuesEqual(type: KType, expected: unknown, actual: unknown): boolean {
  // Strings cannot be null: the REST encoding writes "" (a null here would be an encoding bug, so it fails).
  if (expected === null || actual === null || expected === undefined || actual === undefined) {
    return (expected ?? null) === (actual ?? null);
  }
  switch (type) {
    case 'string':
      return expected === actual;
    case 'guid':
      return typeof expected === 'string' && typeof actual === 'string' && expected.toLowerCase() === actual.toLowerCase();
    case 'bool':
      return expected === actual;
    case 'int':
    case 'long': {
      const e = asInteger(expected);
      const a = asInteger(actual);
      return e !== undefined && a !== undefined && e === a;
    }
    case 'real':
    case 'decimal': {
      const e = asReal(expected);
      const a = asReal(actual);
      return e !== undefined && a !== undefined && realsEqual(e, a);
    }
    case 'datetime': {
      const e = datetimeTicks(expected);
      const a = datetimeTicks(actual);
      return e !== undefined && a !== undefined && e === a;
    }
    case 'timespan': {
      const e = timespanTicks(expected);
      const a = timespanTicks(actual);
      return e !== undefined && a !== undefined && e === a;
    }
    case 'dynamic':
      return dynamicEqual(expected, actual);
  }
}

/** A canonical text of a cell, equal for cells that compare equal except within the real tolerance. */
function canonical(type: KType, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (type) {
    case 'int':
    case 'long': {
      const i = asInteger(v);
      return i === undefined ? `?${show(v)}` : i.toString();
    }
    case 'real':
    case 'decimal': {
      const r = asReal(v);
      return r === undefined ? `?${show(v)}` : Number.isFinite(r) ? r.toPrecision(12) : String(r);
    }
    case 'datetime': {
      const t = datetimeTicks(v);
      return t === undefined ? `?${show(v)}` : formatDatetime(t);
    }
    case 'timespan': {
      const t = timespanTicks(v);
      return t === undefined ? `?${show(v)}` : formatTimespan(t);
    }
    case 'guid':
      return typeof v === 'string' ? v.toLowerCase() : `?${show(v)}`;
    case 'dynamic':
      return canonicalDyn(v);
    default:
      return JSON.stringify(v);
  }
}

function canonicalDyn(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') {
    const n = Number(v);
    return Number.isFinite(n) ? n.toPrecision(12) : String(n);
  }
  if (Array.isArray(v)) return '[' + v.map(canonicalDyn).join(',') + ']';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonicalDyn(o[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Results

export interface CompareOptions {
  readonly ordered: boolean;
  /** Compare columns and the row count only. */
  readonly shapeOnly?: boolean;
}

function fail(kind: string, reason: string): Outcome {
  return { status: 'fail', kind, reason: clip(reason) };
}

export function compareResults(expected: ExpectedResult, actual: ActualResult, options: CompareOptions): Outcome {
  const names = actual.columns.map((c) => c.name);
  const expNames = expected.columns.map((c) => c.name);
  if (names.length !== expNames.length || names.some((n, i) => n !== expNames[i])) {
    return fail('column names', `columns: expected [${expNames.join(', ')}], got [${names.join(', ')}]`);
  }
  const types = actual.columns.map((c) => c.type);
  const expTypes = expected.columns.map((c) => c.type);
  if (types.some((t, i) => t !== expTypes[i])) {
    const i = types.findIndex((t, j) => t !== expTypes[j]);
    return fail('column types', `column '${expNames[i]}': expected type ${expTypes[i]}, got ${types[i]}`);
  }
  if (actual.rows.length !== expected.rows.length) {
    return fail('row count', `row count: expected ${expected.rows.length}, got ${actual.rows.length}`);
  }
  const badArity = actual.rows.findIndex((r) => r.length !== expTypes.length);
  if (badArity >= 0) return fail('row width', `row ${badArity}: ${actual.rows[badArity]!.length} cells for ${expTypes.length} columns`);
  if (options.shapeOnly) return { status: 'pass' };

  const rowEqual = (e: readonly unknown[], a: readonly unknown[]): boolean => expTypes.every((t, j) => valuesEqual(t, e[j], a[j]));

  if (options.ordered) {
    for (let i = 0; i < expected.rows.length; i++) {
      const e = expected.rows[i]!;
      const a = actual.rows[i]!;
      const j = expTypes.findIndex((t, k) => !valuesEqual(t, e[k], a[k]));
      if (j >= 0) {
        // Tell an ordering problem from a value problem: the multiset may still match.
        const multiset = compareUnordered(expected, actual, expTypes, rowEqual);
        const kind = multiset === null ? 'row order' : `value: ${expTypes[j]}`;
        return fail(kind, `row ${i} column '${expNames[j]}': expected ${show(e[j])}, got ${show(a[j])}${multiset === null ? ' (same rows, different order)' : ''}`);
      }
    }
    return { status: 'pass' };
  }
  const diff = compareUnordered(expected, actual, expTypes, rowEqual);
  return diff === null ? { status: 'pass' } : diff;
}

/** Multiset comparison: exact matches by canonical key first, then tolerant pairing of the rest. Null = equal. */
function compareUnordered(
  expected: ExpectedResult, actual: ActualResult, types: readonly KType[],
  rowEqual: (e: readonly unknown[], a: readonly unknown[]) => boolean,
): Outcome | null {
  const key = (r: readonly unknown[]): string => types.map((t, j) => canonical(t, r[j])).join('\u0001');
  const pool = new Map<string, number[]>();
  actual.rows.forEach((r, i) => {
    const k = key(r);
    const list = pool.get(k);
    if (list) list.push(i);
    else pool.set(k, [i]);
  });
  const leftoverExpected: number[] = [];
  expected.rows.forEach((r, i) => {
    const list = pool.get(key(r));
    if (list && list.length > 0) list.pop();
    else leftoverExpected.push(i);
  });
  if (leftoverExpected.length === 0) return null;
  const leftoverActual = [...pool.values()].flat().sort((a, b) => a - b);
  const unmatched: number[] = [];
  for (const ei of leftoverExpected) {
    const at = leftoverActual.findIndex((ai) => rowEqual(expected.rows[ei]!, actual.rows[ai]!));
    if (at >= 0) leftoverActual.splice(at, 1);
    else unmatched.push(ei);
  }
  if (unmatched.length === 0) return null;
  const ei = unmatched[0]!;
  const e = expected.rows[ei]!;
  const near = leftoverActual[0] === undefined ? undefined : actual.rows[leftoverActual[0]]!;
  // Name the column that differs from the nearest unmatched actual row, to make the reason actionable.
  let detail = '';
  let kind = 'value';
  if (near) {
    const j = types.findIndex((t, k) => !valuesEqual(t, e[k], near[k]));
    if (j >= 0) {
      detail = `; column '${expected.columns[j]!.name}': expected ${show(e[j])}, got ${show(near[j])}`;
      kind = `value: ${types[j]}`;
    }
  }
  return fail(kind, `${unmatched.length} expected row(s) missing, e.g. row ${ei} ${show(e)}${near ? `, got ${show(near)}` : ''}${detail}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Running a case

export interface QueryEngine {
  query(text: string, options: { now: string }): Promise<ActualResult>;
}

/**
 * now() for every case: a moment inside the window when the oracle ran (range-operator-02 counts 4.534 h steps
 * from the start of the month to now() and got 11 rows ending 2026-08-02T21:20:24), so that clock-dependent row
 * counts agree; their values are compared by shape only anyway.
 */
export const CASE_NOW = '2026-08-02T23:00:00Z';

export function classifyError(e: unknown): Outcome {
  if (e instanceof KqlError) {
    if (e.code === 'unsupported') return { status: 'unsupported', kind: 'unsupported', reason: e.message };
    return { status: 'error', kind: e.code, reason: clip(`${e.code}: ${e.message}`) };
  }
  // Not a KqlError: an engine bug that escaped its error handling.
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { status: 'error', kind: 'internal', reason: clip(`internal: ${msg}`) };
}

export async function runCase(engine: QueryEngine, c: ConformanceCase): Promise<Outcome> {
  let actual: ActualResult;
  try {
    actual = await engine.query(c.query, { now: CASE_NOW });
  } catch (e) {
    return classifyError(e);
  }
  return compareResults(c.expected, actual, { ordered: c.ordered, shapeOnly: c.nondeterministic });
}
