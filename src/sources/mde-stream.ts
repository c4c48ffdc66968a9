/**
 * Reader for the Defender XDR streaming API (../shared/mde/schema.md section 7; docs/readers/mde.md):
 * Event Hub messages `{"records":[...]}` and Storage blobs (one record per line). Each record is
 * `{time, tenantId, category: "AdvancedHunting-<Table>", properties: {<row>}}`; other top-level keys
 * (`operationName`, `Tenant`, `_TimeReceivedBySvc`, ...) are ignored.
 *
 * Input layouts accepted:
 * - JSON lines: each line a message, a record, or an array of either (Event Hub consumers, Storage blobs);
 * - one JSON document, pretty-printed or not: a message, a record, or an array of messages — streamed, records
 *   are cut out one by one (a root array's elements, i.e. whole messages, are parsed one at a time);
 * - the Splunk MSCS wrapper `{"body": <message>, "x-opt-...": ...}`, body as an object or as JSON text.
 * Values keep their JSON form, except that the schema type decides what a JSON-bearing column holds: string
 * columns (AdditionalFields on Device* tables) keep JSON text, dynamic columns get the value. Datetimes are passed
 * through untouched (7 fractional digits survive), after checking that they parse.
 */
import { createHash } from 'node:crypto';
import type { FormatReader, ReaderEvent, ReaderOptions } from './reader.js';
import { excerpt, JsonScanner, textLines } from './json-lines.js';
import { OrdinalCounter, reportIdFor } from './identity.js';
import { getTable, type ColumnType, type TableSchema } from '../telemetry/mde-schema.js';
import { parseDatetime, parseIsoUtcFast } from '../kql/data/datetime.js';
import { convertValue, ValueError } from '../kql/data/from-rows.js';

const CATEGORY_PREFIX = 'AdvancedHunting-';

// ------------------------------------------------------------------------------------------------ rows

/**
 * Builds Defender rows from JSON-like property bags, per a table schema. Shared by the streaming-API and
 * advanced-hunting readers so that both write the same values for the same event.
 */
interface TablePlan {
  readonly types: ReadonlyMap<string, ColumnType>;
  readonly hasTimeGenerated: boolean;
  readonly reportIdType: ColumnType | undefined;
}

const PLANS = new WeakMap<TableSchema, TablePlan>();

function planFor(schema: TableSchema): TablePlan {
  let p = PLANS.get(schema);
  if (!p) {
    const types = new Map(schema.columns.map((c) => [c.name, c.type] as const));
    p = { types, hasTimeGenerated: types.has('TimeGenerated'), reportIdType: types.get('ReportId') };
    PLANS.set(schema, p);
  }
  return p;
}

export class RowBuilder {
  private readonly ordinals = new OrdinalCounter();

  /**
   * `raw` is the record's source text: used to derive a ReportId when the record has none (a projected export),
   * so that ingesting the same input twice yields the same ids. Returns the row, or why it cannot be stored.
   * Properties that are not columns of the table are left out.
   */
  build(schema: TableSchema, props: Readonly<Record<string, unknown>>, raw: string): Record<string, unknown> | string {
    const plan = planFor(schema);
    const row: Record<string, unknown> = {};
    for (const name in props) {
      const type = plan.types.get(name);
      if (type === undefined) continue;
      let v = props[name];
      if (v === undefined) continue;
      switch (type) {
        case 'string':
          // Defender types AdditionalFields & co. as string holding JSON: an object in the input becomes its text.
          if (v !== null && typeof v === 'object') v = JSON.stringify(v);
          else if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
          break;
        case 'dynamic':
          if (typeof v === 'string') {
            const s = v.trim();
            if (s.startsWith('{') || s.startsWith('[')) {
              try {
                v = JSON.parse(s);
              } catch {
                // Not JSON after all: kept as a string value.
              }
            }
          }
          break;
        case 'datetime':
          if (v === null || v === '') {
            v = null;
            break;
          }
          if (typeof v !== 'string' || (parseIsoUtcFast(v) === null && parseDatetime(v.trim()) === null)) {
            return `${name}: not a datetime: ${excerpt(JSON.stringify(v) ?? String(v), 80)}`;
          }
          break;
        case 'decimal':
          break;
        default:
          if (v === null || v === '') {
            v = null;
            break;
          }
          try {
            convertValue(v, type);
          } catch (e) {
            if (e instanceof ValueError) return `${name} (${type}): ${e.message}`;
            throw e;
          }
      }
      row[name] = v;
    }
    // Our Device* schemas carry Sentinel's TimeGenerated beside Timestamp, "same value" (mde-schema.ts).
    if (plan.hasTimeGenerated) {
      if (row.TimeGenerated == null && row.Timestamp != null) row.TimeGenerated = row.Timestamp;
      else if (row.Timestamp == null && row.TimeGenerated != null) row.Timestamp = row.TimeGenerated;
    }
    if (schema.timeColumn && row[schema.timeColumn] == null) return `no ${schema.timeColumn}`;
    if (plan.reportIdType !== undefined && (row.ReportId == null || row.ReportId === '')) {
      // The counter keys on a digest, not the record: it lives as long as the input.
      const id = reportIdFor(raw, this.ordinals.next(createHash('sha1').update(raw).digest('base64')));
      row.ReportId = plan.reportIdType === 'string' ? String(id) : id;
    }
    return row;
  }
}

// ------------------------------------------------------------------------------------------------ records

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

class RecordHandler {
  readonly rows = new RowBuilder();

  /** One streaming-API record. */
  record(rec: unknown, line: number, raw: string): ReaderEvent {
    if (!isObject(rec)) return { kind: 'reject', message: 'record is not a JSON object', line, raw };
    const category = rec.category;
    if (typeof category !== 'string' || !category.startsWith(CATEGORY_PREFIX)) {
      return {
        kind: 'reject', line, raw,
        message: category === undefined ? 'record has no category' : `category ${JSON.stringify(category)} is not AdvancedHunting-<Table>`,
      };
    }
    const tableName = category.slice(CATEGORY_PREFIX.length);
    const schema = getTable(tableName);
    if (!schema) return { kind: 'reject', message: `unknown table ${tableName} (category ${category})`, line, raw };
    const props = rec.properties;
    if (!isObject(props)) {
      return { kind: 'reject', message: `${tableName} record has no properties object`, line, raw };
    }
    const row = this.rows.build(schema, props, raw);
    if (typeof row === 'string') return { kind: 'reject', message: `${tableName}: ${row}`, line, raw };
    return { kind: 'row', table: tableName, row, line };
  }

  /** A parsed JSON value: a message, a record, an MSCS wrapper, or an array of those. */
  *value(v: unknown, line: number, raw: string): Generator<ReaderEvent> {
    if (Array.isArray(v)) {
      for (const el of v) yield* this.value(el, line, JSON.stringify(el));
      return;
    }
    if (isObject(v)) {
      if (Array.isArray(v.records)) {
        for (const rec of v.records) yield this.record(rec, line, v.records.length === 1 ? raw : JSON.stringify(rec));
        return;
      }
      if (v.category !== undefined || v.properties !== undefined) {
        yield this.record(v, line, raw);
        return;
      }
      if (v.body !== undefined) {
        let body = v.body;
        if (typeof body === 'string') {
          try {
            body = JSON.parse(body);
          } catch {
            yield { kind: 'reject', message: 'body is not JSON', line, raw };
            return;
          }
        }
        yield* this.value(body, line, raw);
        return;
      }
    }
    yield { kind: 'reject', message: 'not a streaming-API message or record (no records, category or properties)', line, raw };
  }
}

// ------------------------------------------------------------------------------------------------ layout

const PEEK_LIMIT = 1 << 20;

/** Reads the first bytes, to choose between JSON lines and one streamed document, then replays them. */
async function peek(input: AsyncIterable<Buffer>): Promise<{ head: Buffer; eof: boolean; replay: AsyncIterable<Buffer> }> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let eof = false;
  for (;;) {
    const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const f = firstNonSpace(head);
    if (f >= 0 && head.indexOf(0x0a, f) >= 0) break;
    if (size >= PEEK_LIMIT) break;
    const r = await it.next();
    if (r.done) {
      eof = true;
      break;
    }
    chunks.length = 0;
    chunks.push(head, r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(chunks);
  const replay = (async function* () {
    if (head.length > 0) yield head;
    if (eof) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  })();
  return { head, eof, replay };
}

function firstNonSpace(b: Buffer): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xef && c !== 0xbb && c !== 0xbf) return i;
  }
  return -1;
}

/**
 * JSON lines unless the first line opens a document that continues on later lines (pretty-printed JSON:
 * `{`, `[`, `{"records": [` ...) or is too long to be a line we want to hold (a huge single-line array).
 */
function isDocument(head: Buffer, eof: boolean): boolean {
  const f = firstNonSpace(head);
  if (f < 0) return false;
  const nl = head.indexOf(0x0a, f);
  const opener = head[f] === 0x7b || head[f] === 0x5b;
  if (nl < 0 && !eof) return opener;
  const first = head.toString('utf8', f, nl < 0 ? head.length : nl).trim();
  try {
    JSON.parse(first);
    return false;
  } catch {
    return opener && /[[{,:]$/.test(first);
  }
}

async function* readStream(input: AsyncIterable<Buffer>, _options: ReaderOptions): AsyncGenerator<ReaderEvent> {
  const { head, eof, replay } = await peek(input);
  const h = new RecordHandler();
  if (!isDocument(head, eof)) {
    for await (const { text, line } of textLines(replay)) {
      if (text.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        yield { kind: 'reject', message: `not JSON: ${(e as Error).message}`, line, raw: text };
        continue;
      }
      yield* h.value(v, line, text);
    }
    return;
  }
  // One document (or several in a row): records are cut out as they arrive.
  const scanner = new JsonScanner(new Set(['records']));
  let members: Record<string, unknown> = {};
  let memberLine = 0;
  let streamed = false;
  let failed = false;
  const handle = function* (events: ReturnType<JsonScanner['push']>): Generator<ReaderEvent> {
    for (const ev of events) {
      switch (ev.kind) {
        case 'element': {
          if (ev.key !== undefined) streamed = true;
          let v: unknown;
          try {
            v = JSON.parse(ev.text);
          } catch (e) {
            yield { kind: 'reject', message: `not JSON: ${(e as Error).message}`, line: ev.line, raw: ev.text };
            break;
          }
          if (ev.key === undefined) yield* h.value(v, ev.line, ev.text);
          else yield h.record(v, ev.line, ev.text);
          break;
        }
        case 'member':
          if (memberLine === 0) memberLine = ev.line;
          try {
            members[ev.key] = JSON.parse(ev.text);
          } catch (e) {
            yield { kind: 'reject', message: `${ev.key}: not JSON: ${(e as Error).message}`, line: ev.line, raw: ev.text };
          }
          break;
        case 'end-document': {
          // A root object whose records were streamed is done; otherwise its members are the record (or wrapper).
          if (!streamed && memberLine > 0) yield* h.value(members, memberLine, JSON.stringify(members));
          members = {};
          memberLine = 0;
          streamed = false;
          break;
        }
        case 'root':
          yield { kind: 'reject', message: 'not a streaming-API message or record', line: ev.line, raw: ev.text };
          break;
        case 'error':
          failed = true;
          yield { kind: 'reject', message: `${ev.message}; the rest of the input is not read`, line: ev.line, raw: ev.text };
          break;
      }
    }
  };
  for await (const chunk of replay) {
    yield* handle(scanner.pushBytes(chunk));
    if (failed) return;
  }
  yield* handle(scanner.end());
}

/** `{` / `[` first, then a `records` array or an `AdvancedHunting-` category (not an advanced-hunting API result). */
function detect(head: Buffer): boolean {
  const s = head.toString('utf8', 0, Math.min(head.length, 1 << 16)).replace(/^\uFEFF/, '').trimStart();
  if (!(s.startsWith('{') || s.startsWith('['))) return false;
  if (/^\{\s*("@odata\.context"\s*:\s*"[^"]*"\s*,\s*)?"(Schema|schema|Results|results|Stats)"\s*:/.test(s)) return false;
  return /"records"\s*:\s*\[/.test(s) || /"category"\s*:\s*"AdvancedHunting-/.test(s);
}

export const mdeStreamReader: FormatReader = {
  name: 'mde-stream',
  description: 'Defender XDR streaming API: Event Hub messages {"records":[...]} and Storage blobs (one record per line)',
  detect,
  read: readStream,
};
