/**
 * The hidden `$IngestionTime` column (Kusto's IngestionTime policy: "a hidden datetime column ... recorded just
 * before the data is committed"; ingestion_time() is the only way to read it).
 *
 * A table's data may carry it as a column of this name: the engine never shows it to the binder (so `*`,
 * getschema and column references do not see it), and a scan reads it only when ingestion_time() is used on that
 * table's rows. A table without it answers null, as Kusto does for data ingested without the policy.
 */
import { Table, type Field, type Schema } from './batch.js';
import { ConstVector } from './vector.js';

export const INGESTION_TIME_COLUMN = '$IngestionTime';

export const INGESTION_TIME_FIELD: Field = Object.freeze({ name: INGESTION_TIME_COLUMN, type: 'datetime' });

/** Hidden columns are named with a leading `$`, which a Kusto identifier cannot start with. */
export function isHiddenColumn(name: string): boolean {
  return name.startsWith('$');
}

/** The schema the binder sees: the table's columns without the hidden ones. */
export function visibleSchema(schema: Schema): Schema {
  return schema.some((f) => isHiddenColumn(f.name)) ? schema.filter((f) => !isHiddenColumn(f.name)) : schema;
}

/** The table with every row stamped as ingested at `ticks` (a constant column: no per-row cost). */
export function withIngestionTime(table: Table, ticks: bigint): Table {
  const at = table.schema.findIndex((f) => f.name === INGESTION_TIME_COLUMN);
  const col = new ConstVector('datetime', ticks, table.length);
  if (at >= 0) return new Table(table.schema, table.columns.map((c, i) => (i === at ? col : c)), table.length);
  return new Table([...table.schema, INGESTION_TIME_FIELD], [...table.columns, col], table.length);
}
