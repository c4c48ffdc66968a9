/**
 * Defender-shaped data as Sentinel (Log Analytics) shows it: `createEngine({ schema: 'sentinel' })` reads the same
 * folders and stores as the Defender schema and presents each streamed table in its Log Analytics shape
 * (mde-schema.ts sentinelFlavour). How each Log Analytics column is filled:
 *
 * - TimeGenerated: the record's own TimeGenerated when it has one, else Timestamp (the Defender XDR connector
 *   copies the event time; mde-schema.ts).
 * - JSON text columns that Log Analytics types dynamic (AdditionalFields, DeviceInfo.LoggedOnUsers,
 *   DeviceNetworkInfo's address lists): parsed as parse_json does ("" is null, text that is not JSON stays a
 *   string).
 * - MachineGroup (Device* tables): the device's MachineGroup in DeviceInfo (the streaming API documents that
 *   "every event will be decorated with this column"), the latest report per DeviceId; "" for an unknown device.
 * - Type: the table name (Azure Monitor: "The name of the table").
 * - TenantId ("The Log Analytics workspace ID") and SourceSystem: "" (there is no workspace; Kusto strings are
 *   never null).
 * - _IsBillable: "true": data from the Defender XDR connector's advanced-hunting tables is billed ingestion.
 * - _BilledSize: Azure Monitor's definition, "calculated from a string representation of the columns that are
 *   stored ... for that record", excluding _ResourceId, _SubscriptionId, _ItemId, _IsBillable, _BilledSize and
 *   Type: here the UTF-8 size of each value as text (datetimes as ISO 8601 with 7 fractional digits, dynamic as
 *   JSON, nulls and "" as 0). Column names are not counted (the docs do not say; our choice). An approximation of
 *   the billed bytes, which Log Analytics does not publish exactly.
 */
import { Table, type Field, type Schema } from './kql/data/batch.js';
import type { Boxed, Dyn } from './kql/data/types.js';
import { ConstVector, DictVector, FlatVector, materialize, type Vector } from './kql/data/vector.js';
import { INGESTION_TIME_COLUMN } from './kql/data/ingestion-time.js';
import { formatDatetime } from './kql/data/datetime.js';
import { formatTimespan } from './kql/data/timespan.js';
import { parseJsonString } from './kql/functions/dynamic.js';
import { KqlError } from './kql/errors.js';

/** Columns Azure Monitor leaves out of a record's billed size. */
const NOT_BILLED = new Set(['_ResourceId', '_SubscriptionId', '_ItemId', '_IsBillable', '_BilledSize', 'Type']);

/** DeviceId -> MachineGroup from DeviceInfo rows (the latest report of each device wins). */
export function machineGroupsOf(deviceInfo: Table | undefined): Map<string, string> {
  const groups = new Map<string, string>();
  if (!deviceInfo) return groups;
  const col = (n: string) => {
    const i = deviceInfo.schema.findIndex((f) => f.name === n);
    return i >= 0 ? deviceInfo.columns[i] : null;
  };
  const ids = col('DeviceId');
  const mg = col('MachineGroup');
  const ts = col('Timestamp');
  if (!ids || !mg) return groups;
  const seen = new Map<string, bigint>();
  for (let i = 0; i < deviceInfo.length; i++) {
    const id = ids.get(i) as string;
    const t = (ts?.get(i) as bigint | null) ?? null;
    const prev = seen.get(id);
    if (prev !== undefined && t !== null && t < prev) continue;
    if (t !== null) seen.set(id, t);
    groups.set(id, (mg.get(i) as string) ?? '');
  }
  return groups;
}

/**
 * `data` (Defender columns, possibly with the hidden ingestion-time column) in the Sentinel `schema` of table
 * `name`. Columns of the target that the data lacks and that are not Log Analytics additions are null.
 */
export function toSentinelTable(name: string, data: Table, schema: Schema, machineGroups: Map<string, string>): Table {
  const n = data.length;
  const byName = new Map(data.schema.map((f, i) => [f.name, { f, v: data.columns[i] }]));
  const out: Vector[] = [];
  const fields: Field[] = [];
  let billedAt = -1;
  for (const target of schema) {
    const have = byName.get(target.name);
    let v: Vector;
    if (target.name === 'TimeGenerated') v = timeGenerated(have?.v, byName.get('Timestamp')?.v, n);
    else if (target.name === 'MachineGroup' && !have) v = machineGroupColumn(byName.get('DeviceId')?.v, machineGroups, n);
    else if (target.name === 'Type' && !have) v = new ConstVector('string', name, n);
    else if ((target.name === 'TenantId' || target.name === 'SourceSystem') && !have) v = new ConstVector('string', '', n);
    else if (target.name === '_IsBillable' && !have) v = new ConstVector('string', 'true', n);
    else if (target.name === '_BilledSize' && !have) {
      billedAt = out.length;
      v = new ConstVector('real', null, n);
    } else if (!have) v = new ConstVector(target.type, target.type === 'string' ? '' : null, n);
    else if (have.f.type === target.type) v = have.v;
    else if (have.f.type === 'string' && target.type === 'dynamic') v = parsedJson(have.v);
    else throw new KqlError('runtime', `${name}: column ${target.name} is ${have.f.type} in the data, ${target.type} in the Sentinel schema`);
    out.push(v);
    fields.push({ name: target.name, type: target.type });
  }
  if (billedAt >= 0) out[billedAt] = billedSize(fields, out, n);
  const hidden = byName.get(INGESTION_TIME_COLUMN);
  if (hidden) {
    out.push(hidden.v);
    fields.push(hidden.f);
  }
  return new Table(fields, out, n);
}

function timeGenerated(own: Vector | undefined, timestamp: Vector | undefined, n: number): Vector {
  if (!own || (own.enc === 'const' && own.value === null)) return timestamp ?? new ConstVector('datetime', null, n);
  if (!timestamp) return own;
  let anyNull = false;
  for (let i = 0; i < n && !anyNull; i++) anyNull = own.isNull(i);
  if (!anyNull) return own;
  const m = materialize(own) as FlatVector;
  const data = BigInt64Array.from(m.data as BigInt64Array);
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = (own.get(i) ?? timestamp.get(i)) as bigint | null;
    if (x === null) nulls[i] = 1;
    else data[i] = x;
  }
  return new FlatVector('datetime', data, nulls);
}

function machineGroupColumn(ids: Vector | undefined, groups: Map<string, string>, n: number): Vector {
  if (!ids || groups.size === 0) return new ConstVector('string', '', n);
  if (ids.enc === 'dict') {
    // One lookup per distinct device.
    const dict = ids.dict;
    const mapped: string[] = new Array(dict.length);
    for (let k = 0; k < dict.length; k++) mapped[k] = groups.get(dict.get(k) as string) ?? '';
    return new DictVector('string', ids.codes, new FlatVector('string', mapped, null), ids.sel, ids.length);
  }
  const vals: string[] = new Array(n);
  for (let i = 0; i < n; i++) vals[i] = groups.get(ids.get(i) as string) ?? '';
  return new FlatVector('string', vals, null);
}

function parsedJson(text: Vector): Vector {
  const n = text.length;
  if (text.enc === 'const') return new ConstVector('dynamic', parseJsonString((text.value as string) ?? ''), n);
  const vals: Dyn[] = new Array(n);
  if (text.enc === 'dict') {
    // Parsed once per distinct text (rows share the parsed value; dynamic values are never mutated in place).
    const parsed: Dyn[] = new Array(text.dict.length);
    for (let k = 0; k < parsed.length; k++) parsed[k] = parseJsonString((text.dict.get(k) as string) ?? '');
    for (let i = 0; i < n; i++) vals[i] = parsed[text.code(i)];
  } else {
    for (let i = 0; i < n; i++) vals[i] = parseJsonString((text.get(i) as string) ?? '');
  }
  return new FlatVector('dynamic', vals as Boxed[], null);
}

const encoder = new TextEncoder();

function textSize(v: Boxed, type: Field['type']): number {
  if (v === null || v === undefined) return 0;
  switch (type) {
    case 'string':
    case 'guid':
      return typeof v === 'string' ? utf8Length(v) : 0;
    case 'datetime':
      return formatDatetime(v as bigint).length;
    case 'timespan':
      return formatTimespan(v as bigint).length;
    case 'bool':
      return v ? 4 : 5;
    case 'dynamic':
      return utf8Length(typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? '');
    default:
      return String(v).length;
  }
}

function utf8Length(s: string): number {
  // ASCII (the common case) without encoding.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return encoder.encode(s).length;
  return s.length;
}

function billedSize(fields: readonly Field[], cols: readonly Vector[], n: number): Vector {
  const size = new Float64Array(n);
  fields.forEach((f, c) => {
    if (NOT_BILLED.has(f.name)) return;
    const v = cols[c];
    if (v.enc === 'const') {
      const s = textSize(v.value, f.type);
      if (s) for (let i = 0; i < n; i++) size[i] += s;
      return;
    }
    if (v.enc === 'dict') {
      const per = new Float64Array(v.dict.length);
      for (let k = 0; k < per.length; k++) per[k] = textSize(v.dict.get(k), f.type);
      for (let i = 0; i < n; i++) size[i] += per[v.code(i)];
      return;
    }
    for (let i = 0; i < n; i++) size[i] += textSize(v.get(i), f.type);
  });
  return new FlatVector('real', size, null);
}
