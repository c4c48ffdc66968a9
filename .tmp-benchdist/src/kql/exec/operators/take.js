/** Stops pulling from its input once it has `limit` rows. */
export class TakeOp {
    input;
    limit;
    children;
    constructor(input, limit) {
        this.input = input;
        this.limit = limit;
        this.children = [input];
    }
    get schema() {
        return this.input.schema;
    }
    describe() {
        return `TakeExec ${this.limit}`;
    }
    *execute() {
        let left = this.limit;
        if (left <= 0)
            return;
        for (const b of this.input.execute()) {
            if (b.length <= left) {
                yield b;
                left -= b.length;
            }
            else {
                const pos = new Uint32Array(left);
                for (let k = 0; k < left; k++)
                    pos[k] = k;
                yield { columns: b.columns.map((c) => c.select(pos, left)), length: left };
                left = 0;
            }
            if (left === 0)
                return;
        }
    }
}
