import { BATCH_SIZE, selectBatch } from '../../data/batch.js';
import { truePositions } from '../evaluate.js';
/** Keeps rows whose predicate is true (null counts as false) by narrowing each column's selection; no copy. */
export class FilterOp {
    input;
    predicate;
    children;
    constructor(input, predicate) {
        this.input = input;
        this.predicate = predicate;
        this.children = [input];
    }
    get schema() {
        return this.input.schema;
    }
    describe() {
        return `FilterExec ${this.predicate.describe}`;
    }
    *execute() {
        let scratch = new Uint32Array(BATCH_SIZE);
        for (const b of this.input.execute()) {
            if (b.length > scratch.length)
                scratch = new Uint32Array(b.length);
            const m = truePositions(this.predicate.eval(b), b.length, scratch);
            if (m === 0)
                continue;
            if (m === b.length) {
                yield b;
                continue;
            }
            // Positions are copied out of the scratch buffer because the selection outlives this batch.
            yield selectBatch(b, scratch.slice(0, m), m);
        }
    }
}
