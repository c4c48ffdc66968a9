import { VectorBuilder } from '../data/vector.js';
import { unsupported } from '../errors.js';
import { compareBoxed, equalBoxed } from '../functions/operators.js';
export const WINDOW_FUNCTIONS = new Set(['row_number', 'prev', 'next', 'row_cumsum', 'row_rank_min', 'row_rank_dense', 'row_window_session']);
export function usesWindow(e) {
    if (e.kind === 'call')
        return WINDOW_FUNCTIONS.has(e.name) || e.args.some(usesWindow);
    if (e.kind === 'listMatch')
        return usesWindow(e.target) || e.values.some(usesWindow);
    return false;
}
const truthy = (v) => v === true;
function add(a, b, type) {
    if (a === null)
        return b;
    if (b === null)
        return a;
    if (type === 'real')
        return Number(a) + Number(b);
    return BigInt(a) + BigInt(b);
}
/** Evaluates a window function over the whole row set in one batch. */
export function evalWindow(name, args, type, b) {
    const n = b.length;
    const vs = args.map((a) => a.eval(b));
    const out = new VectorBuilder(type, n);
    const restartAt = (k, i) => vs[i] !== undefined && truthy(vs[i].get(k));
    switch (name) {
        case 'row_number': {
            const start = vs[0] ? Number(vs[0].get(0) ?? 1) : 1;
            let r = start;
            for (let k = 0; k < n; k++) {
                if (k > 0 && restartAt(k, 1))
                    r = start;
                out.set(k, BigInt(r++));
            }
            break;
        }
        case 'prev':
        case 'next': {
            const off = vs[1] ? Number(vs[1].get(0) ?? 1) : 1;
            const dir = name === 'prev' ? -off : off;
            for (let k = 0; k < n; k++) {
                const j = k + dir;
                out.set(k, j >= 0 && j < n ? vs[0].get(j) : vs[2] ? vs[2].get(k) : null);
            }
            break;
        }
        case 'row_cumsum': {
            let acc = null;
            for (let k = 0; k < n; k++) {
                if (restartAt(k, 1))
                    acc = null;
                acc = add(acc, vs[0].get(k), type);
                out.set(k, acc ?? (type === 'real' ? 0 : 0n));
            }
            break;
        }
        case 'row_rank_min':
        case 'row_rank_dense': {
            let rank = 0;
            let rowInPart = 0;
            for (let k = 0; k < n; k++) {
                const restart = k === 0 || restartAt(k, 1);
                if (restart)
                    rowInPart = 0;
                rowInPart++;
                const same = !restart && equalBoxed(vs[0].get(k), vs[0].get(k - 1));
                if (!same)
                    rank = name === 'row_rank_min' ? rowInPart : restart ? 1 : rank + 1;
                out.set(k, BigInt(rank));
            }
            break;
        }
        case 'row_window_session': {
            // (expr, maxDistanceFromFirst, maxDistanceBetweenNeighbors [, restart]) -> the session's first value.
            let first = null;
            let prev = null;
            for (let k = 0; k < n; k++) {
                const v = vs[0].get(k);
                const fromFirst = vs[1].get(k);
                const between = vs[2].get(k);
                const newSession = first === null ||
                    v === null ||
                    restartAt(k, 3) ||
                    (fromFirst !== null && v - first > fromFirst) ||
                    (between !== null && prev !== null && v - prev > between);
                if (newSession)
                    first = v;
                prev = v;
                out.set(k, first);
            }
            break;
        }
        default:
            throw unsupported(`window function '${name}'`);
    }
    void compareBoxed;
    return out.finish();
}
