import { ConstVector } from '../../data/vector.js';
/** union: each leg's columns mapped by name onto the output schema; a column a leg lacks reads as null. */
export class UnionOp {
    children;
    mapping;
    source;
    schema;
    constructor(children, mapping, source, schema) {
        this.children = children;
        this.mapping = mapping;
        this.source = source;
        this.schema = schema;
    }
    describe() {
        return `UnionExec legs=${this.children.length}${this.source ? ` withsource=${this.source.name}` : ''}`;
    }
    *execute() {
        for (let i = 0; i < this.children.length; i++) {
            const map = this.mapping[i];
            for (const b of this.children[i].execute()) {
                const cols = [];
                let j = 0;
                for (let o = 0; o < this.schema.length; o++) {
                    if (this.source && o === this.source.at) {
                        cols.push(new ConstVector('string', this.source.values[i] ?? '', b.length));
                        continue;
                    }
                    const slot = map[j++];
                    cols.push(slot === null ? new ConstVector(this.schema[o].type, null, b.length) : b.columns[slot]);
                }
                yield { columns: cols, length: b.length };
            }
        }
    }
}
