/**
 * binary_all_and, binary_all_or, binary_all_xor: bitwise fold of a long expression per group. Nulls are ignored;
 * a group without values gives null (the empty-input default of aggregates not listed with 0 or []).
 */
import { FlatVector } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { agg, grow } from './common.js';
class BinaryAllAcc {
    op;
    acc = new BigInt64Array(16);
    has = new Uint8Array(16);
    constructor(op) {
        this.op = op;
    }
    update(groups, n, args, _r, numGroups) {
        const acc = (this.acc = grow(this.acc, numGroups));
        const has = (this.has = grow(this.has, numGroups));
        const v = args[0];
        for (let k = 0; k < n; k++) {
            const x = v.get(k);
            if (x === null)
                continue;
            const b = typeof x === 'bigint' ? x : BigInt(x);
            const g = groups[k];
            if (has[g] === 0) {
                acc[g] = b;
                has[g] = 1;
            }
            else {
                acc[g] = this.op === 'and' ? acc[g] & b : this.op === 'or' ? acc[g] | b : acc[g] ^ b;
            }
        }
    }
    finish(numGroups) {
        this.acc = grow(this.acc, numGroups);
        this.has = grow(this.has, numGroups);
        const nulls = new Uint8Array(numGroups);
        for (let g = 0; g < numGroups; g++)
            nulls[g] = 1 - this.has[g];
        return [new FlatVector('long', this.acc.slice(0, numGroups), nulls)];
    }
}
function create(site, op) {
    const t = site.argTypes[0];
    if (t !== 'long' && t !== 'int')
        throw unsupported(`binary_all_${op}: ${t} values`);
    return new BinaryAllAcc(op);
}
export const binaryAllAnd = agg('binary_all_and', (s) => create(s, 'and'));
export const binaryAllOr = agg('binary_all_or', (s) => create(s, 'or'));
export const binaryAllXor = agg('binary_all_xor', (s) => create(s, 'xor'));
