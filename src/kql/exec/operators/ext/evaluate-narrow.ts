/**
 * `evaluate narrow()` (query/narrowplugin.md): unpivots a table into (Row, Column, Value) rows, Row counting input
 * rows from 0, Value the cell's text as tostring() gives it. Columns come in schema order within each row.
 */
import { Table } from '../../../data/batch.js';
import { VectorBuilder, dictEncodeStrings } from '../../../data/vector.js';
import { toKustoString } from '../../../functions/conversion.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { WholeTableOp } from './evaluate-open.js';

registerExtension('evaluate-narrow', (node, inputs): PhysicalOp =>
  new WholeTableOp(
    inputs[0],
    (t) => {
      const w = t.schema.length;
      const n = t.length * w;
      const row = new VectorBuilder('long', n);
      const names: string[] = new Array(n);
      const values: string[] = new Array(n);
      let o = 0;
      for (let k = 0; k < t.length; k++) {
        for (let c = 0; c < w; c++) {
          row.set(o, BigInt(k));
          names[o] = t.schema[c].name;
          values[o] = toKustoString(t.columns[c].get(k), t.schema[c].type);
          o++;
        }
      }
      return new Table(node.schema, [row.finish(), dictEncodeStrings(names), dictEncodeStrings(values)], n);
    },
    'NarrowExec',
    node.schema,
  ),
);
