import { Table } from '../../data/batch.js';
/**
 * sort / order by, and top (a sort that keeps `limit` rows). Stable; strings in ordinal order; null and NaN
 * grouped at the end that `nulls first|last` names (sort-operator.md).
 */
export class SortOp {
    input;
    keys;
    limit;
    children;
    constructor(input, keys, limit) {
        this.input = input;
        this.keys = keys;
        this.limit = limit;
        this.children = [input];
    }
    get schema() {
        return this.input.schema;
    }
    describe() {
        const keys = this.keys.map((k) => `${k.expr.describe} ${k.ascending ? 'asc' : 'desc'} nulls ${k.nullsFirst ? 'first' : 'last'}`).join(', ');
        return this.limit === null ? `SortExec ${keys}` : `TopExec ${this.limit} by ${keys}`;
    }
    *execute() {
        const table = Table.fromBatches(this.schema, [...this.input.execute()]);
        const n = table.length;
        if (n === 0)
            return;
        const whole = { columns: table.columns, length: n };
        const cmps = this.keys.map((k) => comparator(k.expr.eval(whole), n, k.ascending, k.nullsFirst));
        const order = new Array(n);
        for (let i = 0; i < n; i++)
            order[i] = i;
        order.sort((a, b) => {
            for (const c of cmps) {
                const r = c(a, b);
                if (r !== 0)
                    return r;
            }
            return 0;
        });
        const m = this.limit === null ? n : Math.max(0, Math.min(n, this.limit));
        const pos = Uint32Array.from(order.slice(0, m));
        yield* new Table(this.schema, table.columns.map((c) => c.select(pos, m)), m).batches();
    }
}
/** A comparator over row indices of one key vector. */
export function comparator(v, n, asc, nullsFirst) {
    const dir = asc ? 1 : -1;
    // Class: where null and NaN go relative to ordinary values.
    const NULL = nullsFirst ? -2 : 2;
    const NAN = nullsFirst ? -1 : 1;
    if (v.enc === 'dict' && v.type === 'string') {
        // Rank the dictionary once; compare ranks.
        const dict = v.dict;
        const idx = Array.from({ length: dict.length }, (_x, i) => i);
        const strs = idx.map((i) => dict.get(i));
        idx.sort((a, b) => (strs[a] < strs[b] ? -1 : strs[a] > strs[b] ? 1 : 0));
        const rank = new Int32Array(dict.length);
        idx.forEach((c, r) => (rank[c] = r));
        const codes = v.codes;
        const sel = v.sel;
        return (a, b) => dir * (rank[codes[sel ? sel[a] : a]] - rank[codes[sel ? sel[b] : b]]);
    }
    const vals = new Array(n);
    const cls = new Int8Array(n);
    for (let i = 0; i < n; i++) {
        const x = v.get(i);
        if (x === null)
            cls[i] = NULL;
        else if (typeof x === 'number' && Number.isNaN(x))
            cls[i] = NAN;
        vals[i] = x;
    }
    return (a, b) => {
        const ca = cls[a];
        const cb = cls[b];
        if (ca !== 0 || cb !== 0)
            return ca - cb;
        const x = vals[a];
        const y = vals[b];
        if (typeof x === 'object' || typeof y === 'object') {
            const sx = JSON.stringify(x, (_k, z) => (typeof z === 'bigint' ? z.toString() : z));
            const sy = JSON.stringify(y, (_k, z) => (typeof z === 'bigint' ? z.toString() : z));
            return dir * (sx < sy ? -1 : sx > sy ? 1 : 0);
        }
        return dir * (x < y ? -1 : x > y ? 1 : 0);
    };
}
