/**
 * `evaluate ipv4_lookup(LookupTable, SourceIP, LookupRange [, return_unmatched])` and `ipv6_lookup(...)`
 * (query/ipv4-lookup-plugin.md, ipv6-lookup-plugin.md): joins each input row to the lookup rows whose range (IP-prefix
 * notation; a bare address is a /32 or /128 range) contains the source address (itself possibly a prefix: then the
 * whole source range must lie inside). One output row per match, in lookup-table order; rows without a match are
 * dropped, or kept with null lookup columns under return_unmatched. Unparsable addresses never match.
 *
 * Ranges are indexed by prefix length (a map from the masked network per length), so a lookup costs one map probe
 * per distinct prefix length; each distinct source text is resolved once.
 */
import { type Batch, type Schema, Table } from '../../../data/batch.js';
import type { Boxed } from '../../../data/types.js';
import { type Vector, VectorBuilder } from '../../../data/vector.js';
import { KqlError } from '../../../errors.js';
import { IPV4_INVALID, newV6, parseIPv4, parseIPv6, v4Address, v4Masked, v4Prefix, v6Mask } from '../../../functions/ip-address.js';
import type { IpLookupParams } from '../../../language/operators/evaluate.js';
import type { PhysicalExpr } from '../../evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { toText } from './parse.js';

/** Parsed address: a comparable key per prefix length, and the address's own prefix. */
interface Addr {
  prefix: number;
  keyAt(prefix: number): string | number;
}

function parseAddr(text: string, version: 4 | 6): Addr | null {
  if (version === 4) {
    const p = parseIPv4(text);
    if (p === IPV4_INVALID) return null;
    const addr = v4Address(p);
    return { prefix: v4Prefix(p), keyAt: (len) => v4Masked(addr, len) };
  }
  const a = newV6();
  const prefix = parseIPv6(text, a);
  if (prefix < 0) return null;
  const words = Uint32Array.from(a);
  return {
    prefix,
    keyAt: (len) => {
      const m = Uint32Array.from(words);
      v6Mask(m, len);
      return `${m[0]}:${m[1]}:${m[2]}:${m[3]}`;
    },
  };
}

class IpLookupOp implements PhysicalOp {
  readonly children: readonly PhysicalOp[];
  constructor(
    readonly input: PhysicalOp,
    readonly lookup: PhysicalOp,
    readonly ip: PhysicalExpr,
    readonly p: IpLookupParams,
    readonly schema: Schema,
  ) {
    this.children = [input, lookup];
  }
  describe(): string {
    return `IpLookupExec v${this.p.version} source=${this.ip.describe} range=${this.p.rangeColumn}${this.p.returnUnmatched ? ' return_unmatched' : ''}`;
  }
  *execute(): Iterable<Batch> {
    const table = Table.fromBatches(this.lookup.schema, [...this.lookup.execute()]);
    const rangeSlot = table.schema.findIndex((f) => f.name === this.p.rangeColumn);
    if (rangeSlot < 0) throw new KqlError('semantic', `ip lookup: no column '${this.p.rangeColumn}' in the lookup table`);
    // prefix length -> masked network -> lookup rows
    const index = new Map<number, Map<string | number, number[]>>();
    for (let r = 0; r < table.length; r++) {
      const a = parseAddr(toText(table.columns[rangeSlot].get(r), table.schema[rangeSlot].type), this.p.version);
      if (!a) continue;
      let byNet = index.get(a.prefix);
      if (!byNet) index.set(a.prefix, (byNet = new Map()));
      const key = a.keyAt(a.prefix);
      const rows = byNet.get(key);
      if (rows) rows.push(r);
      else byNet.set(key, [r]);
    }
    const lengths = [...index.keys()].sort((x, y) => x - y);
    const resolved = new Map<string, number[]>();
    const matchesOf = (text: string): number[] => {
      let m = resolved.get(text);
      if (m) return m;
      m = [];
      const a = parseAddr(text, this.p.version);
      if (a) {
        for (const len of lengths) {
          if (len > a.prefix) break;
          const rows = index.get(len)!.get(a.keyAt(len));
          if (rows) m.push(...rows);
        }
        m.sort((x, y) => x - y);
      }
      resolved.set(text, m);
      return m;
    };
    const inSchema = this.input.schema;
    for (const b of this.input.execute()) {
      const v = this.ip.eval(b);
      const left: number[] = [];
      const right: number[] = [];
      for (let k = 0; k < b.length; k++) {
        const m = matchesOf(toText(v.get(k), v.type));
        if (m.length === 0) {
          if (this.p.returnUnmatched) {
            left.push(k);
            right.push(-1);
          }
          continue;
        }
        for (const r of m) {
          left.push(k);
          right.push(r);
        }
      }
      const n = left.length;
      if (n === 0) continue;
      const pos = Uint32Array.from(left);
      const columns: Vector[] = this.p.output.map((o, i) => {
        if (o.side === 'left') return b.columns[inSchema.findIndex((f) => f.name === o.column)].select(pos, n);
        const slot = table.schema.findIndex((f) => f.name === o.column);
        const vb = new VectorBuilder(this.schema[i].type, n);
        for (let j = 0; j < n; j++) vb.set(j, right[j] < 0 ? null : (table.columns[slot].get(right[j]) as Boxed));
        return vb.finish();
      });
      yield { columns, length: n };
    }
  }
}

registerExtension('evaluate-ip_lookup', (node, inputs, exprs): PhysicalOp => new IpLookupOp(inputs[0], inputs[1], exprs[0], node.params as IpLookupParams, node.schema));
