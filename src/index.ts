/**
 * edgewatch's library facade: wires the KQL engine (src/kql) to the Defender schema, or its Sentinel (Log
 * Analytics) flavour (src/telemetry), and to data folders and stores (src/store). Rows added here carry their
 * ingestion time in the engine's hidden `$IngestionTime` column (kql/data/ingestion-time.ts).
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
import { withIngestionTime } from './kql/data/ingestion-time.js';
import { MDE_TABLES, sentinelFlavour } from './telemetry/mde-schema.js';
import { DEFENDER_FUNCTIONS } from './telemetry/defender-functions.js';
import { machineGroupsOf, toSentinelTable } from './sentinel-data.js';
import { loadDataDir, type LoadReport } from './store/data-dir.js';
import { Store, isStore } from './store/store.js';

export { KqlError } from './kql/errors.js';
export type { QueryResult, QueryOptions, Explained } from './kql/engine.js';
export type { ExternalDataOptions } from './kql/external/resolver.js';
export type { LoadReport, LoadWarning } from './store/data-dir.js';

export type SchemaFlavour = 'mde' | 'sentinel';

export interface EngineOptions {
  /**
   * 'mde' declares every Defender XDR advanced-hunting table (empty until loaded); 'sentinel' declares the same
   * tables as Microsoft Sentinel (Log Analytics) shows those the Defender XDR connector streams (TimeGenerated,
   * JSON columns as dynamic, MachineGroup, TenantId, Type, _IsBillable, _BilledSize; see
   * sentinel-data.ts) and reads the same data folders and stores; omit for no predefined tables.
   */
  readonly schema?: SchemaFlavour;
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
  /** The Defender schema of each known table: how its data is read (folders, records, stores). */
  private readonly known = new Map<string, Schema>();
  /** Sentinel flavour: the Log Analytics schema of each table shown in that shape, and its Defender-shaped data. */
  private readonly sentinel = new Map<string, Schema>();
  private readonly raw = new Map<string, () => Table>();
  private readonly converted = new Map<string, { raw: Table; deviceInfo: Table | undefined; table: Table }>();

  constructor(options: EngineOptions = {}) {
    if (options.externalData) this.setExternalData(options.externalData);
    if (options.schema === 'mde' || options.schema === 'sentinel') {
      for (const t of MDE_TABLES) {
        const schema: Schema = t.columns.map((c) => ({ name: c.name, type: c.type }));
        this.known.set(t.name, schema);
        const la = options.schema === 'sentinel' ? sentinelFlavour(t) : t;
        if (la !== t) {
          const shown: Schema = la.columns.map((c) => ({ name: c.name, type: c.type }));
          this.sentinel.set(t.name, shown);
          this.publish(t.name, () => Table.fromBatches(schema, []));
        } else this.kql.declareTable(t.name, schema);
      }
      // FileProfile(), DeviceFromIP(), AssignedIPAddresses(), SeenBy(), computed from the tables above. They are
      // Defender's own: Sentinel does not have them.
      if (options.schema === 'mde') for (const f of DEFENDER_FUNCTIONS) this.kql.declareFunction(f);
    } else if (options.schema !== undefined) {
      throw new KqlError('runtime', `unknown schema '${String(options.schema)}' (expected 'mde' or 'sentinel')`);
    }
  }

  /** Makes a table's rows available: as they are, or in their Log Analytics shape for the Sentinel flavour. */
  private publish(name: string, read: () => Table, schema?: Schema): void {
    const shown = this.sentinel.get(name);
    if (!shown) {
      this.kql.setTableSource(name, { schema: schema!, read });
      return;
    }
    this.raw.set(name, read);
    this.kql.setTableSource(name, { schema: shown, read: () => this.sentinelRows(name, shown) });
  }

  private publishTable(name: string, table: Table): void {
    if (this.sentinel.has(name)) this.publish(name, () => table);
    else this.kql.setTable(name, table);
  }

  /** A Sentinel-shaped table, converted again only when its data (or DeviceInfo, for MachineGroup) changed. */
  private sentinelRows(name: string, shown: Schema): Table {
    const raw = this.raw.get(name)!();
    const deviceInfo = name.startsWith('Device') && name !== 'DeviceInfo' ? this.raw.get('DeviceInfo')?.() : undefined;
    const hit = this.converted.get(name);
    if (hit && hit.raw === raw && hit.deviceInfo === deviceInfo) return hit.table;
    const table = toSentinelTable(name, raw, shown, machineGroupsOf(deviceInfo));
    this.converted.set(name, { raw, deviceInfo, table });
    return table;
  }

  /**
   * Loads every <Table>.jsonl / .json / .csv of a folder, as `edgewatch query --data DIR` does, or attaches a store
   * (a folder with the store's manifest.json, written by `edgewatch ingest`): its tables are read when a query
   * needs them, and each query sees the latest commit without reloading.
   */
  async load(dir: string): Promise<LoadReport> {
    if (isStore(dir)) return this.attachStore(dir);
    const report = await loadDataDir(dir, (name) => this.known.get(name));
    // ingestion_time() of a folder's rows: when they were loaded.
    const loaded = nowTicks();
    for (const t of report.tables) this.publishTable(t.name, withIngestionTime(t.table, loaded));
    return report;
  }

  private attachStore(dir: string): LoadReport {
    const store = Store.open(dir);
    const attached = new Set<string>();
    const attach = (name: string) => {
      const schema = store.schemaOf(name)!;
      attached.add(name);
      this.publish(name, () => {
        // A table created by a later commit is registered at the next read of any store table; a new table's
        // first query after that commit binds it.
        if (store.refresh()) for (const n of store.tableNames()) if (!attached.has(n)) attach(n);
        return store.readTable(name);
      }, schema);
    };
    for (const name of store.tableNames()) attach(name);
    // Tables the store does not have yet: declared ones read empty until a commit creates them.
    for (const name of this.known.keys()) {
      if (attached.has(name)) continue;
      const schema = this.known.get(name)!;
      this.publish(name, () => {
        store.refresh();
        if (store.schemaOf(name)) {
          if (!attached.has(name)) attach(name);
          return store.readTable(name);
        }
        return Table.fromBatches(schema, []);
      }, schema);
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
    // ingestion_time() of these rows: when the table was added.
    this.publishTable(name, withIngestionTime(table, nowTicks()));
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

function nowTicks(): bigint {
  return BigInt(Date.now()) * 10_000n;
}

export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}
