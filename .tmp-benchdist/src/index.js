import { tableFromRecords } from './kql/data/from-rows.js';
import { KqlEngine } from './kql/engine.js';
import { KqlError } from './kql/errors.js';
import { MDE_TABLES } from './telemetry/mde-schema.js';
import { loadDataDir } from './store/data-dir.js';
export { KqlError } from './kql/errors.js';
export class Engine {
    /** The underlying engine (columnar tables, explain). */
    kql = new KqlEngine();
    known = new Map();
    constructor(options = {}) {
        if (options.schema === 'mde') {
            for (const t of MDE_TABLES) {
                const schema = t.columns.map((c) => ({ name: c.name, type: c.type }));
                this.known.set(t.name, schema);
                this.kql.declareTable(t.name, schema);
            }
        }
        else if (options.schema !== undefined) {
            throw new KqlError('runtime', `unknown schema '${String(options.schema)}' (expected 'mde')`);
        }
    }
    /** Loads every <Table>.jsonl / .json / .csv of a folder, as `edgewatch query --data DIR` does. */
    async load(dir) {
        const report = await loadDataDir(dir, (name) => this.known.get(name));
        for (const t of report.tables)
            this.kql.setTable(t.name, t.table);
        return report;
    }
    /**
     * Adds (replaces) a table from plain records. Known Defender tables use their documented types; otherwise pass
     * `columns`, or the types are inferred from the values.
     */
    addTable(name, records, columns) {
        const schema = columns ?? this.known.get(name);
        const { table, errors } = tableFromRecords(records, schema);
        this.kql.setTable(name, table);
        return { errors };
    }
    async query(text, options = {}) {
        return this.kql.query(text, options);
    }
    /** The logical and physical plans of a query, as text. */
    explain(text, options = {}) {
        return this.kql.explain(text, options);
    }
    tableNames() {
        return this.kql.tableNames();
    }
}
export function createEngine(options = {}) {
    return new Engine(options);
}
