import type { Schema } from '../kql/data/batch.js';
import { Table } from '../kql/data/batch.js';
export interface LoadWarning {
    readonly file: string;
    readonly line?: number;
    readonly message: string;
}
export interface LoadedTable {
    readonly name: string;
    readonly table: Table;
    readonly files: string[];
}
export interface LoadReport {
    readonly tables: LoadedTable[];
    readonly warnings: LoadWarning[];
}
export declare function loadDataDir(dir: string, schemaOf: (table: string) => Schema | undefined): Promise<LoadReport>;
export declare function tableNameOf(file: string): string | null;
