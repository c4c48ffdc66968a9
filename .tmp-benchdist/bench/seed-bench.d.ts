import { type DuckDBConnection } from '@duckdb/node-api';
import { type BenchData } from './bench-data.js';
/**
 * The seed without geolocation. `has_any` over a single-term 40-hex DeviceId is case-insensitive equality; the
 * generated ids are lower-case in both tables (as Defender's are), so a plain equality semi join is equivalent here.
 */
export declare function duckSql(now: string): string;
/**
 * Loads the generated data: numeric columns and string codes through the appender, then each string dictionary as
 * a small table, then CREATE TABLE AS with the joins, so DuckDB ends up with plain VARCHAR / TIMESTAMP / INTEGER /
 * BOOLEAN columns holding exactly edgewatch's values (per-row VARCHAR appends would cost ~15 M native calls).
 */
export declare function loadDuck(conn: DuckDBConnection, d: BenchData, log: (stage: string) => void): Promise<void>;
