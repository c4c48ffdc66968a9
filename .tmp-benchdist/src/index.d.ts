/**
 * edgewatch's library facade: wires the KQL engine (src/kql) to the Defender schema (src/telemetry) and to data
 * folders (src/store).
 *
 *   import { createEngine } from 'edgewatch';
 *   const engine = createEngine({ schema: 'mde' });
 *   await engine.load('./data');
 *   const { columns, rows } = await engine.query('DeviceInfo | take 5', { now: '2026-11-27T12:00:00Z' });
 */
import type { Schema } from './kql/data/batch.js';
import { type RowError } from './kql/data/from-rows.js';
import { KqlEngine, type Explained, type QueryOptions, type QueryResult } from './kql/engine.js';
import { type LoadReport } from './store/data-dir.js';
export { KqlError } from './kql/errors.js';
export type { QueryResult, QueryOptions, Explained } from './kql/engine.js';
export type { LoadReport, LoadWarning } from './store/data-dir.js';
export interface EngineOptions {
    /** 'mde' declares every Defender XDR advanced-hunting table (empty until loaded); omit for no predefined tables. */
    readonly schema?: 'mde';
}
export interface ColumnDef {
    readonly name: string;
    readonly type: Schema[number]['type'];
}
export declare class Engine {
    /** The underlying engine (columnar tables, explain). */
    readonly kql: KqlEngine;
    private readonly known;
    constructor(options?: EngineOptions);
    /** Loads every <Table>.jsonl / .json / .csv of a folder, as `edgewatch query --data DIR` does. */
    load(dir: string): Promise<LoadReport>;
    /**
     * Adds (replaces) a table from plain records. Known Defender tables use their documented types; otherwise pass
     * `columns`, or the types are inferred from the values.
     */
    addTable(name: string, records: readonly Record<string, unknown>[], columns?: readonly ColumnDef[]): {
        errors: RowError[];
    };
    query(text: string, options?: QueryOptions): Promise<QueryResult>;
    /** The logical and physical plans of a query, as text. */
    explain(text: string, options?: QueryOptions): Explained;
    tableNames(): string[];
}
export declare function createEngine(options?: EngineOptions): Engine;
