/**
 * edgewatch's library facade: wires the KQL engine (src/kql) to the Defender schema (src/telemetry) and to data
 * folders (src/store).
 *
 *   import { createEngine } from 'edgewatch';
 *   const engine = createEngine({ schema: 'mde' });
 *   await engine.load('./data');
 *   const { columns, rows } = await engine.query('DeviceInfo | take 5', { now: '2026-11-27T12:00:00Z' });
 */
import { Table, type Schema } from './kql/data/batch.js';
import { tableFromRecords, type RowError } from './kql/data/from-rows.js';
import { KqlEngine, type Explained, type QueryOptions, type QueryResult } from './kql/engine.js';
import { KqlError } from './kql/errors.js';
import { createResolver, type ExternalDataOptions } from './kql/external/resolver.js';
import { MDE_TABLES } from './telemetry/mde-schema.js';
import { DEFENDER_FUNCTIONS } from './telemetry/defender-functions.js';
import { loadDataDir, type LoadReport } from './store/data-dir.js';
import { Store, isStore } from './store/store.js';

export { KqlError } from './kql/errors.js';
export type { QueryResult, QueryOptions, Explained } from './kql/engine.js';
export type { ExternalDataOptions } from './kql/external/resolver.js';
export type { LoadReport, LoadWarning } from './store/data-dir.js';

export interface EngineOptions {
  /** 'mde' declares every Defender XDR advanced-hunting table (empty until loaded); omit for no predefined tables. */
  readonly schema?: 'mde';
  /**
   * Where `externaldata` may read from. Off by default. `{ files: true }` allows local files (paths and file://
   * URLs), `{ urls: true }` http(s) URLs; `{ map: { url: '/path/file.csv' } }` serves URLs from local files.
   */
  readonly externalData?: ExternalDataOptions;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: Schema[number]['type'];
}

export class Engine {
  /** The underlying engine (columnar tables, explain). */
  readonly kql = new KqlEngine();
  private readonly known = new Map<string, Schema>();

  constructor(options: EngineOptions = {}) {
    if (options.externalData) this.setExternalData(options.externalData);
    if (options.schema === 'mde') {
      for (const t of MDE_TABLES) {
        const schema: Schema = t.columns.map((c) => ({ name: c.name, type: c.type }));
        this.known.set(t.name, schema);
        this.kql.declareTable(t.name, schema);
      }
      // FileProfile(), DeviceFromIP(), AssignedIPAddresses(), SeenBy(), computed from the tables above.
      for (const f of DEFENDER_FUNCTIONS) this.kql.declareFunction(f);
    } else if (options.schema !== undefined) {
      throw new KqlError('runtime', `unknown schema '${String(options.schema)}' (expected 'mde')`);
    }
  }

  /**
   * Loads every <Table>.jsonl / .json / .csv of a folder, as `edgewatch query --data DIR` does, or attaches a store
   * (a folder with the store's manifest.json, written by `edgewatch ingest`): its tables are read when a query
   * needs them, and each query sees the latest commit without reloading.
   */
  async load(dir: string): Promise<LoadReport> {
    if (isStore(dir)) return this.attachStore(dir);
    const report = await loadDataDir(dir, (name) => this.known.get(name));
    for (const t of report.tables) this.kql.setTable(t.name, t.table);
    return report;
  }

  private attachStore(dir: string): LoadReport {
    const store = Store.open(dir);
    const attached = new Set<string>();
    const attach = (name: string) => {
      const schema = store.schemaOf(name)!;
      attached.add(name);
      this.kql.setTableSource(name, {
        schema,
        read: () => {
          // A table created by a later commit is registered at the next read of any store table; a new table's
          // first query after that commit binds it.
          if (store.refresh()) for (const n of store.tableNames()) if (!attached.has(n)) attach(n);
          return store.readTable(name);
        },
      });
    };
    for (const name of store.tableNames()) attach(name);
    // Tables the store does not have yet: declared ones read empty until a commit creates them.
    for (const name of this.known.keys()) {
      if (attached.has(name)) continue;
      const schema = this.known.get(name)!;
      this.kql.setTableSource(name, {
        schema,
        read: () => {
          store.refresh();
          if (store.schemaOf(name)) {
            if (!attached.has(name)) attach(name);
            return store.readTable(name);
          }
          return Table.fromBatches(schema, []);
        },
      });
    }
    return { tables: [], warnings: [] };
  }

  /**
   * Adds (replaces) a table from plain records. Known Defender tables use their documented types; otherwise pass
   * `columns`, or the types are inferred from the values.
   */
  addTable(name: string, records: readonly Record<string, unknown>[], columns?: readonly ColumnDef[]): { errors: RowError[] } {
    const schema = columns ?? this.known.get(name);
    const { table, errors } = tableFromRecords(records, schema);
    this.kql.setTable(name, table);
    return { errors };
  }

  async query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    return this.kql.queryAsync(text, options);
  }

  /** Sets where `externaldata` may read from (replacing the createEngine option). */
  setExternalData(options: ExternalDataOptions): void {
    this.kql.setExternalResolver(createResolver(options));
  }

  /** The logical and physical plans of a query, as text. */
  explain(text: string, options: QueryOptions = {}): Explained {
    return this.kql.explain(text, options);
  }

  tableNames(): string[] {
    return this.kql.tableNames();
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}
