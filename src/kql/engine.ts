/**
 * The KQL engine: a catalog of tables, a cache of translated plans, and `query()`. It receives its schema from the
 * caller (src/index.ts wires in the Defender schema); it imports nothing outside kql/.
 */
import { type Schema, Table } from './data/batch.js';
import type { KType } from './data/types.js';
import { toJsonValue } from './data/format-value.js';
import { parseDatetime } from './data/datetime.js';
import { visibleSchema } from './data/ingestion-time.js';
import { KqlError, runtimeError, unsupported } from './errors.js';
import type { ExecContext } from './exec/context.js';
import { explainPhysical } from './exec/operators/physical-op.js';
import { analyze, buildGlobals, type FunctionDecl, type TableDecl } from './language/kusto.js';
import { Translator, type TranslatedQuery } from './language/translate.js';
import { withDeclaredSchema } from './language/open-schema.js';
import { explainLogical, type LogicalPlan } from './plan/logical-plan.js';
import { denyAll, type ExternalResolver } from './external/resolver.js';
import { externalUrls } from './external/plan.js';
import { planPhysical } from './plan/physical-planner.js';
import { optimize } from './plan/optimize.js';

export interface QueryOptions {
  /** Pins now() / ago(): an ISO string or a Date. A `set query_now = ...` in the query wins. */
  readonly now?: string | Date;
}

export interface QueryResult {
  readonly columns: { name: string; type: KType }[];
  /** Values encoded as Kusto's REST API does (see data/format-value.ts). */
  readonly rows: unknown[][];
  /** `render` visualization named by the query, if any (accepted, not drawn). */
  readonly render?: string;
}

export interface Explained {
  readonly logical: string;
  readonly physical: string;
}

/** A table read on demand (e.g. from a store): its schema is known up front, its rows when a query scans it. */
export interface TableSource {
  readonly schema: Schema;
  /** The current rows; called at most once per query that scans the table. */
  read(): Table;
}

export interface KqlEngineOptions {
  /** Where `externaldata` reads from (see kql/external/resolver.ts createResolver); default: nothing is allowed. */
  readonly externalData?: ExternalResolver;
}

export class KqlEngine {
  private externalResolver: ExternalResolver;
  private readonly tables = new Map<string, Table>();
  private readonly sources = new Map<string, TableSource>();
  /** Declared schemas: tables that exist (possibly empty) even before any data is loaded. */
  private readonly declared = new Map<string, Schema>();
  private readonly functions: FunctionDecl[] = [];
  private globals: unknown = null;
  private readonly plans = new Map<string, TranslatedQuery>();

  constructor(options: KqlEngineOptions = {}) {
    this.externalResolver = options.externalData ?? denyAll;
  }

  /** Replaces the externaldata resolver. */
  setExternalResolver(resolver: ExternalResolver): void {
    this.externalResolver = resolver;
  }

  /** Declares a table's schema; it reads as empty until rows are added. */
  declareTable(name: string, schema: Schema): void {
    this.declared.set(name, schema);
    this.invalidate();
  }

  declareFunction(decl: FunctionDecl): void {
    this.functions.push(decl);
    this.invalidate();
  }

  /** Adds (or replaces) a table's data. Its schema becomes the table's schema. */
  setTable(name: string, table: Table): void {
    const prev = this.schemaOf(name);
    this.sources.delete(name);
    this.tables.set(name, table);
    if (!prev || !sameSchema(prev, visibleSchema(table.schema))) this.invalidate();
  }

  /** Registers (or replaces) a table whose rows are read when a query needs them. */
  setTableSource(name: string, source: TableSource): void {
    const prev = this.schemaOf(name);
    this.tables.delete(name);
    this.sources.set(name, source);
    if (!prev || !sameSchema(prev, source.schema)) this.invalidate();
  }

  getTable(name: string): Table | undefined {
    return this.tables.get(name) ?? this.sources.get(name)?.read();
  }

  tableNames(): string[] {
    return [...new Set([...this.declared.keys(), ...this.tables.keys(), ...this.sources.keys()])].sort();
  }

  /** The schema queries bind to (a table's hidden columns, such as `$IngestionTime`, are left out). */
  schemaOf(name: string): Schema | undefined {
    const t = this.tables.get(name);
    return t ? visibleSchema(t.schema) : this.sources.get(name)?.schema ?? this.declared.get(name);
  }

  /**
   * A view of this engine: the same schemas and functions, each table transformed on first read (for example
   * limited to a detection rule's time window). The view reads this engine's data; it copies nothing up front.
   */
  view(transform: (name: string, table: Table) => Table): KqlEngine {
    const v = new KqlEngine();
    for (const [n, s] of this.declared) v.declared.set(n, s);
    v.functions.push(...this.functions);
    for (const name of new Set([...this.tables.keys(), ...this.sources.keys()])) {
      const schema = this.schemaOf(name)!;
      let cached: Table | null = null;
      v.sources.set(name, { schema, read: () => (cached ??= transform(name, this.getTable(name)!)) });
    }
    return v;
  }

  private invalidate(): void {
    this.globals = null;
    this.plans.clear();
  }

  private catalog(): TableDecl[] {
    return this.tableNames().map((name) => ({ name, schema: this.schemaOf(name)! }));
  }

  /** Parses, binds and translates (cached per query text until the catalog's schemas change). */
  prepare(text: string): TranslatedQuery {
    let t = this.plans.get(text);
    if (t) return t;
    this.globals ??= buildGlobals(this.catalog(), this.functions);
    const code = analyze(text, this.globals);
    const translated = new Translator().translateQuery(code);
    t = { ...translated, plan: optimize(translated.plan) };
    this.plans.set(text, t);
    return t;
  }

  explain(text: string, options: QueryOptions = {}): Explained {
    let t = this.prepare(text);
    for (let i = 0; t.pendingSchema; i++) t = this.settleOpenSchema(t, options, this.resolveSync(t), i);
    const ctx = this.context(t, options);
    return { logical: explainLogical(t.plan), physical: explainPhysical(planPhysical(t.plan, ctx)) };
  }

  /**
   * Runs a query to a table (our columnar form). Synchronous: externaldata works only with a resolver that answers
   * synchronously (mapped or local files); use queryAsync for URLs.
   */
  run(text: string, options: QueryOptions = {}): { table: Table; render: string | null } {
    let t = this.prepare(text);
    if (t.pendingSchema) options = pinNow(options);
    for (let i = 0; t.pendingSchema; i++) t = this.settleOpenSchema(t, options, this.resolveSync(t), i);
    return this.execute(t, options, this.resolveSync(t));
  }

  /** Runs a query, fetching its externaldata artifacts first (they may be URLs). */
  async queryAsync(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    let t = this.prepare(text);
    if (t.pendingSchema) options = pinNow(options);
    for (let i = 0; t.pendingSchema; i++) t = this.settleOpenSchema(t, options, await this.fetchExternal(t), i);
    const { table, render } = this.execute(t, options, await this.fetchExternal(t));
    return encodeResult(table, render);
  }

  private async fetchExternal(t: TranslatedQuery): Promise<Map<string, Uint8Array | Error> | null> {
    const urls = externalUrls(t.plan);
    if (urls.length === 0) return null;
    const fetched = new Map<string, Uint8Array | Error>();
    // Fetched concurrently; a refused or failed URL fails the query only if execution reads it.
    await Promise.all(urls.map(async (u) => {
      try {
        fetched.set(u, await this.externalResolver(u));
      } catch (e) {
        fetched.set(u, e instanceof Error ? e : new Error(String(e)));
      }
    }));
    return fetched;
  }

  /**
   * One step for a query whose translation waits on an evaluate plugin's data-dependent columns
   * (language/open-schema.ts): runs that evaluate, declares its columns in the text and prepares that text.
   */
  private settleOpenSchema(t: TranslatedQuery, options: QueryOptions, external: Map<string, Uint8Array | Error> | null, step: number): TranslatedQuery {
    const pending = t.pendingSchema!;
    if (step >= 64) throw unsupported('more than 64 evaluate plugins whose columns depend on the data');
    const { table } = this.execute(t, options, external);
    if (table.schema.length === 0) throw unsupported('an evaluate plugin whose output has no columns, followed by other operators');
    return this.prepare(withDeclaredSchema(pending.text, pending.at, table.schema));
  }

  private resolveSync(t: TranslatedQuery): Map<string, Uint8Array | Error> | null {
    const urls = externalUrls(t.plan);
    if (urls.length === 0) return null;
    const out = new Map<string, Uint8Array | Error>();
    for (const u of urls) {
      try {
        const r = this.externalResolver(u);
        if (r instanceof Promise) {
          r.catch(() => undefined);
          out.set(u, runtimeError(`externaldata: '${u}' needs an asynchronous fetch; use query() (KqlEngine.queryAsync), not run()`));
        } else out.set(u, r);
      } catch (e) {
        out.set(u, e instanceof Error ? e : new Error(String(e)));
      }
    }
    return out;
  }

  private execute(t: TranslatedQuery, options: QueryOptions, external: Map<string, Uint8Array | Error> | null): { table: Table; render: string | null } {
    const ctx = this.context(t, options, external);
    try {
      return { table: ctx.runSubplan(t.plan), render: t.render };
    } catch (e) {
      throw asKqlError(e);
    }
  }

  query(text: string, options: QueryOptions = {}): QueryResult {
    const { table, render } = this.run(text, options);
    return encodeResult(table, render);
  }

  private context(t: TranslatedQuery, options: QueryOptions, external: Map<string, Uint8Array | Error> | null = null): ExecContext {
    const now = resolveNow(t.options.get('query_now'), options.now);
    const read = new Map<string, Table>();
    const tables = {
      get: (name: string): Table | undefined => {
        const t = this.tables.get(name) ?? read.get(name);
        if (t) return t;
        const src = this.sources.get(name);
        if (src) {
          const r = src.read();
          read.set(name, r);
          return r;
        }
        const schema = this.declared.get(name);
        return schema ? emptyTable(schema) : undefined;
      },
    };
    const ctx: ExecContext = {
      tables,
      now,
      shared: new Map(),
      externalData: (url: string) => {
        const got = external?.get(url);
        if (got === undefined) throw runtimeError(`externaldata: '${url}' was not fetched before execution`);
        if (got instanceof Error) throw got;
        return got;
      },
      // The physical root's schema: an open-schema plugin (bag_unpack, pivot without a declared schema) knows
      // its columns only once it has seen the data.
      runSubplan: (plan: LogicalPlan) => {
        const op = planPhysical(plan, ctx);
        return Table.fromBatches(op.schema, [...op.execute()]);
      },
    };
    return ctx;
  }
}

/** Options with `now` fixed, so that every run of one query (see settleOpenSchema) reads the same clock. */
function pinNow(options: QueryOptions): QueryOptions {
  return options.now === undefined ? { ...options, now: new Date() } : options;
}

function sameSchema(a: Schema, b: Schema): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.type === b[i].type);
}

function emptyTable(schema: Schema): Table {
  return Table.fromBatches(schema, []);
}

const EPOCH_MS_TICKS = 10_000n;

function resolveNow(option: unknown, now: string | Date | undefined): bigint {
  if (typeof option === 'bigint') return option;
  if (now instanceof Date) return BigInt(now.getTime()) * EPOCH_MS_TICKS;
  if (typeof now === 'string') {
    const t = parseDatetime(now);
    if (t === null) throw new KqlError('runtime', `not a datetime: ${now}`);
    return t;
  }
  return BigInt(Date.now()) * EPOCH_MS_TICKS;
}

export function encodeResult(table: Table, render: string | null = null): QueryResult {
  const columns = table.schema.map((f) => ({ name: f.name, type: f.type }));
  const rows: unknown[][] = new Array(table.length);
  for (let r = 0; r < table.length; r++) {
    const row = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = toJsonValue(table.columns[c].get(r), columns[c].type);
    rows[r] = row;
  }
  return render ? { columns, rows, render } : { columns, rows };
}

function asKqlError(e: unknown): KqlError {
  if (e instanceof KqlError) return e;
  if (e instanceof RangeError && /Maximum call stack|Invalid array length/.test(e.message)) return runtimeError(`runtime error: ${e.message}`);
  const err = runtimeError(`runtime error: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof Error) err.stack = e.stack;
  return err;
}
