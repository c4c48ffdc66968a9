/** Emits an already computed table (datatable rows, range, a shared subplan's result). */
export class TableSourceOp {
    label;
    produce;
    schema;
    children;
    single;
    constructor(label, produce, schema, children = [], 
    /** Emit the table as a single batch (window functions need the whole row set at once). */
    single = false) {
        this.label = label;
        this.produce = produce;
        this.schema = schema;
        this.children = children;
        this.single = single;
    }
    describe() {
        return this.label;
    }
    *execute() {
        const t = this.produce();
        if (this.single) {
            if (t.length > 0)
                yield { columns: t.columns, length: t.length };
            return;
        }
        yield* t.batches();
    }
}
