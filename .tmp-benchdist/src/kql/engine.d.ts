/**
 * The KQL engine: a catalog of tables, a cache of translated plans, and `query()`. It receives its schema from the
 * caller (src/index.ts wires in the Defender schema); it imports nothing outside kql/.
 */
import { type Schema, Table } from './data/batch.js';
import type { KType } from './data/types.js';
import { type FunctionDecl } from './language/kusto.js';
import { type TranslatedQuery } from './language/translate.js';
export interface QueryOptions {
    /** Pins now() / ago(): an ISO string or a Date. A `set query_now = ...` in the query wins. */
    readonly now?: string | Date;
}
export interface QueryResult {
    readonly columns: {
        name: string;
        type: KType;
    }[];
    /** Values encoded as Kusto's REST API does (see data/format-value.ts). */
    readonly rows: unknown[][];
    /** `render` visualization named by the query, if any (accepted, not drawn). */
    readonly render?: string;
}
export interface Explained {
    readonly logical: string;
    readonly physical: string;
}
export declare class KqlEngine {
    private readonly tables;
    /** Declared schemas: tables that exist (possibly empty) even before any data is loaded. */
    private readonly declared;
    private readonly functions;
    private globals;
    private readonly plans;
    /** Declares a table's schema; it reads as empty until rows are added. */
    declareTable(name: string, schema: Schema): void;
    declareFunction(decl: FunctionDecl): void;
    /** Adds (or replaces) a table's data. Its schema becomes the table's schema. */
    setTable(name: string, table: Table): void;
    getTable(name: string): Table | undefined;
    tableNames(): string[];
    schemaOf(name: string): Schema | undefined;
    private invalidate;
    private catalog;
    /** Parses, binds and translates (cached per query text until the catalog's schemas change). */
    prepare(text: string): TranslatedQuery;
    explain(text: string, options?: QueryOptions): Explained;
    /** Runs a query to a table (our columnar form). */
    run(text: string, options?: QueryOptions): {
        table: Table;
        render: string | null;
    };
    query(text: string, options?: QueryOptions): QueryResult;
    private context;
}
export declare function encodeResult(table: Table, render?: string | null): QueryResult;
