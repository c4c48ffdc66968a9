/**
 * Loads the conformance cases: the Kusto oracle cases (shared/kql/oracle/cases.json: doc queries with the results
 * the real engine returned) and the hand-computed derived cases (shared/kql/derived-cases.jsonl, semantics.md §40),
 * into one shape.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KType } from '../../src/kql/data/types.js';

export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const ORACLE_FILE = `${SHARED_DIR}kql/oracle/cases.json`;
export const DERIVED_FILE = `${SHARED_DIR}kql/derived-cases.jsonl`;

export interface ExpectedResult {
  readonly columns: readonly { readonly name: string; readonly type: KType }[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface ConformanceCase {
  readonly id: string;
  readonly origin: 'oracle' | 'derived';
  readonly source: string;
  readonly query: string;
  readonly expected: ExpectedResult;
  /** Rows must come in the expected order (otherwise they are compared as a multiset). */
  readonly ordered: boolean;
  /** The expected result may be wrong (doc typo, arbitrary row choice...): see the case's note. */
  readonly unsure: boolean;
  /** The result depends on randomness or the clock: only its shape (columns, row count) is compared. */
  readonly nondeterministic: boolean;
}

/** cases.json writes column types as CLR names (its `column_types` note). */
const CLR_TYPES: Readonly<Record<string, KType>> = {
  Object: 'dynamic', SByte: 'bool', Boolean: 'bool', Int32: 'int', Int64: 'long', Double: 'real', String: 'string',
  DateTime: 'datetime', TimeSpan: 'timespan', Guid: 'guid', SqlDecimal: 'decimal', Decimal: 'decimal',
};

const KTYPES = new Set<string>(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid']);

// Functions and operators whose output differs from run to run (or from the oracle's run).
const NONDETERMINISTIC_CALL = /\b(rand|new_guid|now|ago|cursor_current|cursor_after|cursor_before_or_at|ingestion_time|current_cluster_endpoint|current_database)\s*\(/;
const NONDETERMINISTIC_OP = /\|\s*(sample|sample-distinct)\b/;

export function isNondeterministicQuery(query: string): boolean {
  const q = stripComments(query);
  return NONDETERMINISTIC_CALL.test(q) || NONDETERMINISTIC_OP.test(q);
}

/** Removes `//` line comments outside string literals (doc queries often start with one). */
export function stripComments(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '"' || c === "'") {
      // A string literal: copy through the closing quote (backslash escapes, unless verbatim @'...').
      const verbatim = i > 0 && query[i - 1] === '@';
      let j = i + 1;
      while (j < query.length && query[j] !== c) {
        if (!verbatim && query[j] === '\\') j++;
        j++;
      }
      out += query.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && query[i + 1] === '/') {
      while (i < query.length && query[i] !== '\n') i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// Operators that keep the order of their input rows; anything else after the last sort makes the order undefined.
const ORDER_PRESERVING = new Set([
  'project', 'project-away', 'project-keep', 'project-rename', 'project-reorder', 'extend', 'where', 'filter',
  'take', 'limit', 'render', 'serialize', 'parse', 'parse-where', 'parse-kv', 'as', 'getschema',
]);

/**
 * cases.json has no `ordered` field: the oracle's rows are ordered when the query's output passes through a
 * sort / order / top followed only by order-preserving operators (semantics.md §12, §13).
 */
export function queryEndsOrdered(query: string): boolean {
  const q = stripComments(query);
  const ops = [...q.matchAll(/\|\s*([a-z][a-z-]*)/g)].map((m) => ({ name: m[1]!, at: m.index! }));
  let last = -1;
  for (let i = 0; i < ops.length; i++) if (/^(sort|order|top)$/.test(ops[i]!.name)) last = i;
  if (last < 0) return false;
  // A later statement (`; T | ...` ) or a closing parenthesis of a subquery after the sort also ends the guarantee.
  // Balanced parentheses (call arguments such as `sort by strlen(x)`) are removed first; a remaining ')' or ';'
  // means the sort sat in a subquery or an earlier statement.
  let tail = q.slice(ops[last]!.at).replace(/(["'])(?:\\.|(?!\1).)*\1/g, '');
  for (let prev = ''; prev !== tail; ) {
    prev = tail;
    tail = tail.replace(/\([^()]*\)/g, '');
  }
  if (/[;)]/.test(tail)) return false;
  return ops.slice(last + 1).every((o) => ORDER_PRESERVING.has(o.name));
}

interface RawOracle {
  id: string;
  source: string;
  kql: string;
  expected: { columns: string[]; column_types: string[]; rows: unknown[][] };
  ordered?: boolean;
  unsure?: boolean;
  nondeterministic?: boolean;
}

interface RawDerived {
  id: string;
  source: string;
  query: string;
  expected: { columns: { name: string; type: string }[]; rows: unknown[][] };
  ordered: boolean;
  unsure?: boolean;
  nondeterministic?: boolean;
}

function ktype(name: string, caseId: string): KType {
  const t = CLR_TYPES[name] ?? (KTYPES.has(name) ? (name as KType) : undefined);
  if (t === undefined) throw new Error(`case ${caseId}: unknown column type '${name}'`);
  return t;
}

/**
 * JSON.parse rounds integers beyond 2^53 (hash-function-02 expects 1380966698541616202): such literals become
 * decimal strings, which the comparison reads as exact integers (the engine writes big longs as strings too).
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  const quoted = text.replace(/"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.\deE])/g, (tok) => {
    if (tok.startsWith('"')) return tok;
    return Number.isSafeInteger(Number(tok)) ? tok : `"${tok}"`;
  });
  return JSON.parse(quoted);
}

export function loadOracleCases(file = ORACLE_FILE): ConformanceCase[] {
  const doc = parseJsonKeepingBigInts(readFileSync(file, 'utf8')) as { cases: RawOracle[] };
  return doc.cases.map((c) => ({
    id: c.id,
    origin: 'oracle' as const,
    source: c.source,
    query: c.kql,
    expected: {
      columns: c.expected.columns.map((name, i) => ({ name, type: ktype(c.expected.column_types[i]!, c.id) })),
      rows: c.expected.rows,
    },
    ordered: c.ordered ?? queryEndsOrdered(c.kql),
    unsure: c.unsure === true,
    nondeterministic: c.nondeterministic === true || isNondeterministicQuery(c.kql),
  }));
}

export function loadDerivedCases(file = DERIVED_FILE): ConformanceCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const c = parseJsonKeepingBigInts(line) as RawDerived;
      return {
        id: c.id,
        origin: 'derived' as const,
        source: c.source,
        query: c.query,
        expected: {
          columns: c.expected.columns.map((col) => ({ name: col.name, type: ktype(col.type, c.id) })),
          rows: c.expected.rows,
        },
        ordered: c.ordered === true,
        unsure: c.unsure === true,
        nondeterministic: c.nondeterministic === true || isNondeterministicQuery(c.query),
      };
    });
}

/** Every case, oracle first; ids are unique across both files (checked). */
export function loadAllCases(): ConformanceCase[] {
  const all = [...loadOracleCases(), ...loadDerivedCases()];
  const seen = new Set<string>();
  for (const c of all) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return all;
}
