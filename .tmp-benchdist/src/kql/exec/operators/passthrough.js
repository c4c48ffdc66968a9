/** Operators that change nothing about the rows here: render (reported, not drawn), serialize. */
export class PassthroughOp {
    input;
    label;
    children;
    constructor(input, label) {
        this.input = input;
        this.label = label;
        this.children = [input];
    }
    get schema() {
        return this.input.schema;
    }
    describe() {
        return this.label;
    }
    execute() {
        return this.input.execute();
    }
}
