import { Table } from '../../data/batch.js';
import { VectorBuilder } from '../../data/vector.js';
/** The join key of one row, as a Map key (one column: the value itself; several: a JSON tuple). */
function keyOf(vs, k) {
    if (vs.length === 1) {
        const v = vs[0].get(k);
        if (v === null)
            return null;
        return typeof v === 'object' ? JSON.stringify(v) : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
    }
    const parts = [];
    for (const v of vs) {
        const x = v.get(k);
        if (x === null)
            return null;
        parts.push(x);
    }
    return JSON.stringify(parts, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}
/**
 * Hash join: builds a hash table on the right side, probes with the left side's batches. innerunique keeps the
 * first left row of each key (Kusto's default); outer kinds pad the missing side with nulls ("" for strings).
 * Null keys match nothing.
 */
export class HashJoinOp {
    kind;
    left;
    right;
    leftKeys;
    rightKeys;
    output;
    schema;
    origin;
    children;
    constructor(kind, left, right, leftKeys, rightKeys, 
    /** Output columns: side and slot. */
    output, schema, origin) {
        this.kind = kind;
        this.left = left;
        this.right = right;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.output = output;
        this.schema = schema;
        this.origin = origin;
        this.children = [left, right];
    }
    describe() {
        return `HashJoinExec[${this.origin}] kind=${this.kind} on ${this.leftKeys.map((k, i) => `${k.describe} == ${this.rightKeys[i].describe}`).join(', ')} build=right`;
    }
    *execute() {
        const right = Table.fromBatches(this.right.schema, [...this.right.execute()]);
        const rb = { columns: right.columns, length: right.length };
        const rkeys = this.rightKeys.map((k) => k.eval(rb));
        const table = new Map();
        for (let r = 0; r < right.length; r++) {
            const key = keyOf(rkeys, r);
            if (key === null)
                continue;
            const list = table.get(key);
            if (list)
                list.push(r);
            else
                table.set(key, [r]);
        }
        const kind = this.kind;
        const rightMatched = kind === 'rightouter' || kind === 'fullouter' || kind === 'rightsemi' || kind === 'rightanti' ? new Uint8Array(right.length) : null;
        const seenLeftKeys = kind === 'innerunique' ? new Set() : null;
        for (const b of this.left.execute()) {
            const lkeys = this.leftKeys.map((k) => k.eval(b));
            const lpos = [];
            const rpos = [];
            for (let k = 0; k < b.length; k++) {
                const key = keyOf(lkeys, k);
                const matches = key === null ? undefined : table.get(key);
                switch (kind) {
                    case 'innerunique':
                        if (!matches || seenLeftKeys.has(key))
                            break;
                        seenLeftKeys.add(key);
                        for (const r of matches)
                            (lpos.push(k), rpos.push(r));
                        break;
                    case 'inner':
                        if (matches)
                            for (const r of matches)
                                (lpos.push(k), rpos.push(r));
                        break;
                    case 'leftouter':
                        if (matches)
                            for (const r of matches)
                                (lpos.push(k), rpos.push(r));
                        else
                            (lpos.push(k), rpos.push(-1));
                        break;
                    case 'fullouter':
                    case 'rightouter':
                        if (matches) {
                            for (const r of matches) {
                                lpos.push(k);
                                rpos.push(r);
                                rightMatched[r] = 1;
                            }
                        }
                        else if (kind === 'fullouter')
                            (lpos.push(k), rpos.push(-1));
                        break;
                    case 'leftsemi':
                        if (matches)
                            (lpos.push(k), rpos.push(-1));
                        break;
                    case 'leftanti':
                        if (!matches)
                            (lpos.push(k), rpos.push(-1));
                        break;
                    case 'rightsemi':
                    case 'rightanti':
                        if (matches)
                            for (const r of matches)
                                rightMatched[r] = 1;
                        break;
                }
            }
            if (lpos.length > 0)
                yield this.emit(b.columns, lpos, right.columns, rpos);
        }
        if (rightMatched) {
            const want = kind === 'rightsemi' ? 1 : 0;
            const rp = [];
            for (let r = 0; r < right.length; r++)
                if (rightMatched[r] === want)
                    rp.push(r);
            if (rp.length > 0) {
                if (kind === 'rightsemi' || kind === 'rightanti')
                    yield this.emit([], rp.map(() => -1), right.columns, rp);
                else if (kind !== 'rightouter' || true)
                    yield this.emit(null, rp.map(() => -1), right.columns, rp);
            }
        }
    }
    emit(leftCols, lpos, rightCols, rpos) {
        const n = lpos.length;
        const cols = this.output.map((o, i) => {
            const type = this.schema[i].type;
            if (o.side === 'left')
                return gather(leftCols ? leftCols[o.slot] : null, lpos, n, type);
            return gather(rightCols[o.slot], rpos, n, type);
        });
        return { columns: cols, length: n };
    }
}
/** Rows at positions (-1: a null row) of a vector; a selection when no null row is needed. */
function gather(v, pos, n, type) {
    if (v && pos.every((p) => p >= 0))
        return v.select(Uint32Array.from(pos), n);
    const b = new VectorBuilder(type, n);
    for (let k = 0; k < n; k++)
        b.set(k, v && pos[k] >= 0 ? v.get(pos[k]) : null);
    return b.finish();
}
