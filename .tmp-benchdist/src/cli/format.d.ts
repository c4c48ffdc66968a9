/** Query output: an aligned text table (the console's default), JSON (Kusto REST encoding) or CSV. */
import type { QueryResult } from '../kql/engine.js';
export type OutputFormat = 'table' | 'json' | 'csv';
export declare function formatTable(r: QueryResult, maxWidth?: number): string;
export declare function formatCsv(r: QueryResult): string;
export declare function formatJson(r: QueryResult): string;
export declare function formatResult(r: QueryResult, format: OutputFormat): string;
