/** Emits an already computed table (datatable rows, range, a shared subplan's result). */
export class TableSourceOp {
    label;
    produce;
    schema;
    children = [];
    constructor(label, produce, schema) {
        this.label = label;
        this.produce = produce;
        this.schema = schema;
    }
    describe() {
        return this.label;
    }
    *execute() {
        yield* this.produce().batches();
    }
}
