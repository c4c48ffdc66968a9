import type { Batch, Schema } from '../../data/batch.js';
import type { Boxed, Dyn, KType } from '../../data/types.js';
import { VectorBuilder } from '../../data/vector.js';
import { unsupported } from '../../errors.js';
import { convertTo } from '../../functions/conversion.js';
import type { PhysicalExpr } from '../evaluate.js';
import type { PhysicalOp } from './physical-op.js';

/** An element of an expanded array converted to the `to typeof(...)` type; a failed conversion is null. */
function convert(v: Dyn, t: KType): Boxed {
  if (v === null || t === 'dynamic') return v as Boxed;
  switch (t) {
    case 'string':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'long':
      return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : typeof v === 'bigint' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : null;
    case 'int':
      return typeof v === 'number' ? Math.trunc(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : null;
    case 'real':
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;
    case 'bool':
      return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null;
    case 'datetime':
    case 'timespan':
    case 'guid':
      // Inside dynamic these are their string forms; a string that does not parse gives null.
      return typeof v === 'string' ? convertTo(v, 'dynamic', t) : null;
    default:
      throw unsupported(`mv-expand to typeof(${t})`);
  }
}

/**
 * mv-expand: one output row per element of the expanded arrays (several columns expand in parallel, the shorter
 * padded with nulls); a property bag expands to one `{key: value}` bag per property; a scalar stays one row;
 * an empty array or null yields no row.
 */
export class MvExpandOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    /** Output slot of each expanded column, its expression and element type. */
    readonly expand: readonly { slot: number; expr: PhysicalExpr; type: KType }[],
    readonly limit: number | null,
    readonly itemIndexSlot: number | null,
    readonly schema: Schema,
    /** For each output slot not expanded (and not the item index): the input slot. */
    readonly passSlots: readonly (number | null)[],
    readonly bagAsArray = false,
  ) {
    this.children = [input];
  }
  describe(): string {
    return `MvExpandExec ${this.expand.map((e) => `${this.schema[e.slot].name}=${e.expr.describe} to ${e.type}`).join(', ')}${this.limit !== null ? ` limit ${this.limit}` : ''}`;
  }
  *execute(): Iterable<Batch> {
    for (const b of this.input.execute()) {
      const vs = this.expand.map((e) => e.expr.eval(b));
      const rows: number[] = [];
      const items: Dyn[][] = this.expand.map(() => []);
      const idx: number[] = [];
      for (let k = 0; k < b.length; k++) {
        const lists = vs.map((v) => toList(v.get(k) as Dyn, this.bagAsArray));
        let len = 0;
        for (const l of lists) len = Math.max(len, l.length);
        if (this.limit !== null) len = Math.min(len, this.limit);
        for (let i = 0; i < len; i++) {
          rows.push(k);
          idx.push(i);
          lists.forEach((l, j) => items[j].push(i < l.length ? l[i] : null));
        }
      }
      const n = rows.length;
      if (n === 0) continue;
      const pos = Uint32Array.from(rows);
      const cols = this.schema.map((f, o) => {
        const e = this.expand.findIndex((x) => x.slot === o);
        if (e >= 0) {
          const vb = new VectorBuilder(f.type, n);
          const t = this.expand[e].type;
          for (let i = 0; i < n; i++) vb.set(i, convert(items[e][i], t));
          return vb.finish();
        }
        if (o === this.itemIndexSlot) {
          const vb = new VectorBuilder('long', n);
          for (let i = 0; i < n; i++) vb.set(i, BigInt(idx[i]));
          return vb.finish();
        }
        return b.columns[this.passSlots[o]!].select(pos, n);
      });
      yield { columns: cols, length: n };
    }
  }
}

function toList(v: Dyn, bagAsArray: boolean): Dyn[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  return [v];
}
