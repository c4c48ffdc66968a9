import { ConstVector } from '../../data/vector.js';
/** Reads a stored table in batches, zero copy. Columns the table lacks (schema drift) read as nulls. */
export class ScanOp {
    name;
    table;
    schema;
    children = [];
    constructor(name, table, schema) {
        this.name = name;
        this.table = table;
        this.schema = schema;
    }
    describe() {
        return `ScanExec ${this.name} rows=${this.table.length}`;
    }
    *execute() {
        const slots = this.schema.map((f) => this.table.schema.findIndex((c) => c.name === f.name));
        for (const b of this.table.batches()) {
            yield { columns: slots.map((s, i) => (s >= 0 ? b.columns[s] : new ConstVector(this.schema[i].type, null, b.length))), length: b.length };
        }
    }
}
