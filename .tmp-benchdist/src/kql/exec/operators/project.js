/** Computes the output columns; a column reference passes the input vector through untouched. */
export class ProjectOp {
    input;
    exprs;
    schema;
    origin;
    children;
    constructor(input, exprs, schema, origin) {
        this.input = input;
        this.exprs = exprs;
        this.schema = schema;
        this.origin = origin;
        this.children = [input];
    }
    describe() {
        return `ProjectExec[${this.origin}] ${this.schema.map((f, i) => (this.exprs[i].describe.endsWith(`:${f.name}`) ? f.name : `${f.name}=${this.exprs[i].describe}`)).join(', ')}`;
    }
    *execute() {
        for (const b of this.input.execute()) {
            yield { columns: this.exprs.map((e) => e.eval(b)), length: b.length };
        }
    }
}
