/**
 * `evaluate bag_unpack(Column [, Prefix] [, columnsConflict=...] [, ignoredProperties=...]) [: (OutputSchema)]`
 * (query/bag-unpack-plugin.md, semantics.md §28).
 *
 * Without an output schema: the source column is removed, the input's other columns keep their order, and each
 * distinct top-level key of the bags becomes a column (prefix + key), appended in ordinal key order (the doc and
 * the oracle list `Age, Name`). A column's type is the type its non-null values share (long for integers, real,
 * string, bool), else dynamic. A key whose column name is an input column: `error` (the default) fails,
 * `replace_source` replaces the input column's values in place (null/"" where the bag lacks the key: oracle
 * bag-unpack-plugin-02), `keep_source` keeps the input column and drops the key.
 * With an output schema: exactly the declared columns (`*` = the input's other columns, as the binder lists
 * them), each declared column read from the bag (key = name without the prefix) and converted to its type.
 */
import { type Field, type Schema, Table } from '../../../data/batch.js';
import type { Boxed, Dyn, KType } from '../../../data/types.js';
import { type Vector, VectorBuilder } from '../../../data/vector.js';
import { KqlError, runtimeError } from '../../../errors.js';
import { convertTo } from '../../../functions/conversion.js';
import type { BagUnpackParams } from '../../../language/operators/evaluate.js';
import { registerExtension } from '../../extensions.js';
import type { PhysicalOp } from '../physical-op.js';
import { WholeTableOp, requireOpenSchemaSupport } from './evaluate-open.js';

type Bag = { [k: string]: Dyn };

function isBag(v: Boxed): v is Bag {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The Kusto type of one JSON value inside a bag. */
function typeOfValue(v: Dyn): KType {
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'dynamic';
}

/** A bag value as a column of the slot's uniform type (see typeOfValue). */
function asType(v: Dyn | undefined, t: KType): Boxed {
  if (v === undefined || v === null) return null;
  if (t === 'long') return typeof v === 'bigint' ? v : BigInt(v as number);
  return v as Boxed;
}

function unpackFromData(p: BagUnpackParams, input: Table): Table {
  const src = input.schema.findIndex((f) => f.name === p.column);
  if (src < 0) throw new KqlError('semantic', `bag_unpack: no column '${p.column}'`);
  const bagCol = input.columns[src];
  const n = input.length;
  const ignored = new Set(p.ignored);
  const keyType = new Map<string, KType | null>();
  for (let k = 0; k < n; k++) {
    const b = bagCol.get(k);
    if (!isBag(b)) continue;
    for (const [key, v] of Object.entries(b)) {
      if (ignored.has(key)) continue;
      const prev = keyType.get(key);
      if (v === null) {
        if (prev === undefined) keyType.set(key, null);
        continue;
      }
      const t = typeOfValue(v);
      keyType.set(key, prev === undefined || prev === null ? t : prev === t ? t : 'dynamic');
    }
  }
  const keys = [...keyType.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const fields: Field[] = [];
  const columns: Vector[] = [];
  input.schema.forEach((f, i) => {
    if (i === src) return;
    fields.push(f);
    columns.push(input.columns[i]);
  });
  const build = (key: string, t: KType): Vector => {
    const vb = new VectorBuilder(t, n);
    for (let k = 0; k < n; k++) {
      const b = bagCol.get(k);
      vb.set(k, isBag(b) ? asType(b[key], t) : null);
    }
    return vb.finish();
  };
  for (const key of keys) {
    const name = p.prefix + key;
    const t = keyType.get(key) ?? 'dynamic';
    const at = fields.findIndex((f) => f.name === name);
    if (at >= 0) {
      if (p.conflict === 'error') throw runtimeError(`bag_unpack: the column '${name}' already exists (use columnsConflict='replace_source' or 'keep_source')`);
      if (p.conflict === 'keep_source') continue;
      fields[at] = { name, type: t };
      columns[at] = build(key, t);
      continue;
    }
    fields.push({ name, type: t });
    columns.push(build(key, t));
  }
  return new Table(fields, columns, n);
}

function unpackDeclared(p: BagUnpackParams, schema: Schema, input: Table): Table {
  const src = input.schema.findIndex((f) => f.name === p.column);
  if (src < 0) throw new KqlError('semantic', `bag_unpack: no column '${p.column}'`);
  const bagCol = input.columns[src];
  const n = input.length;
  const ignored = new Set(p.ignored);
  const columns = schema.map((f) => {
    const inputAt = input.schema.findIndex((c, i) => i !== src && c.name === f.name);
    const key = p.prefix && f.name.startsWith(p.prefix) ? f.name.slice(p.prefix.length) : f.name;
    // The binder's `*` columns come from the input; a declared column that is also an input column follows the
    // conflict rule.
    if (inputAt >= 0 && (p.conflict !== 'replace_source' || ignored.has(key))) return input.columns[inputAt];
    const vb = new VectorBuilder(f.type, n);
    for (let k = 0; k < n; k++) {
      const b = bagCol.get(k);
      const v = isBag(b) && !ignored.has(key) ? b[key] : undefined;
      vb.set(k, v === undefined || v === null ? null : convertTo(v as Boxed, 'dynamic', f.type));
    }
    return vb.finish();
  });
  return new Table(schema, columns, n);
}

registerExtension('evaluate-bag_unpack', (node, inputs, _exprs, ctx): PhysicalOp => {
  const p = node.params as BagUnpackParams;
  const declared = p.outputSchema;
  if (!declared) requireOpenSchemaSupport(ctx, 'evaluate bag_unpack');
  return new WholeTableOp(
    inputs[0],
    (t) => (declared ? unpackDeclared(p, declared, t) : unpackFromData(p, t)),
    `BagUnpackExec ${p.column}${p.prefix ? ` prefix='${p.prefix}'` : ''} conflict=${p.conflict}${declared ? '' : ' (columns from the data)'}`,
    declared,
  );
});
