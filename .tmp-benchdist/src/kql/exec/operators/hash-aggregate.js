import { Table } from '../../data/batch.js';
import { GroupIndex, KeyColumn } from './group-keys.js';
/** summarize: dense group ids from the keys, typed accumulators per aggregate, one output row per group. */
export class HashAggregateOp {
    input;
    keys;
    aggregates;
    schema;
    origin;
    children;
    constructor(input, keys, aggregates, schema, origin) {
        this.input = input;
        this.keys = keys;
        this.aggregates = aggregates;
        this.schema = schema;
        this.origin = origin;
        this.children = [input];
    }
    describe() {
        const aggs = this.aggregates.map((a) => `${a.fn}(${[...a.args, ...a.returned].map((x) => x.describe).join(', ')})`);
        return `HashAggregateExec[${this.origin}] keys=[${this.keys.map((k) => k.describe).join(', ')}] aggs=[${aggs.join(', ')}]`;
    }
    *execute() {
        const keyCols = this.keys.map((k) => new KeyColumn(k.type));
        const index = new GroupIndex(this.keys.length);
        const accs = this.aggregates.map((a) => a.accumulator());
        let keyIds = this.keys.map(() => new Int32Array(0));
        let gids = new Int32Array(0);
        for (const b of this.input.execute()) {
            const n = b.length;
            if (gids.length < n) {
                gids = new Int32Array(n);
                keyIds = this.keys.map(() => new Int32Array(n));
            }
            for (let i = 0; i < this.keys.length; i++)
                keyCols[i].assign(this.keys[i].eval(b), n, keyIds[i]);
            index.assign(keyIds, n, gids);
            for (let i = 0; i < accs.length; i++) {
                const a = this.aggregates[i];
                const args = a.args.map((x) => x.eval(b));
                const ret = a.returned.map((x) => x.eval(b));
                accs[i].update(gids, n, args, ret, index.numGroups);
            }
        }
        if (this.keys.length === 0 && index.numGroups === 0)
            index.numGroups = 1; // one row even over no input
        const g = index.numGroups;
        const columns = keyCols.map((kc, i) => kc.output(index.keyIdsByGroup[i], g));
        for (const acc of accs)
            columns.push(...acc.finish(g));
        yield* new Table(this.schema, columns, g).batches();
    }
}
