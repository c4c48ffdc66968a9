/**
 * Readers for advanced-hunting exports (docs/readers/mde.md):
 * - `ah-csv`: the Defender portal's "Export" of a result grid: a header row of column names, one row per line
 *   (RFC 4180 quoting; JSON columns such as AdditionalFields arrive as quoted JSON text);
 * - `ah-json`: the advanced-hunting API result, `{"Schema":[{"Name","Type"}], "Results":[{...}]}` (MDE API,
 *   api.securitycenter.microsoft.com/api/advancedqueries/run) or the Graph flavour `{"schema":[{"name","type"}],
 *   "results":[...]}` (graph.microsoft.com/v1.0/security/runHuntingQuery). Results are streamed one by one.
 * Neither format names its table: it is inferred from the column names (inferTable), or given by the caller
 * (createAhCsvReader / createAhJsonReader `{ table }`).
 */
import type { FormatReader, ReaderEvent, ReaderOptions } from './reader.js';
import { excerpt, JsonScanner, textLines } from './json-lines.js';
import { parseCsv, CsvError } from './csv.js';
import { RowBuilder } from './mde-stream.js';
import { getTable, MDE_TABLES, sentinelFlavour, type TableSchema } from '../telemetry/mde-schema.js';
import { formatDatetimeTostring, makeDatetimeTicks } from '../kql/data/datetime.js';

// ------------------------------------------------------------------------------------------------ table inference

/** Column names of a table plus those of its Sentinel (Log Analytics) copy, which an export may carry. */
const COLUMN_SETS: ReadonlyMap<TableSchema, ReadonlySet<string>> = new Map(
  MDE_TABLES.map((t) => [t, new Set([...t.columns, ...sentinelFlavour(t).columns].map((c) => c.name))]),
);
const ALL_COLUMNS: ReadonlySet<string> = new Set([...COLUMN_SETS.values()].flatMap((s) => [...s]));

/**
 * Tables that borrow columns from the others: DeviceEvents ("multiple event types"), and the entity lists of
 * alerts and behaviors. A header that fits one of these and a specific table comes from the specific one far
 * more often (a DeviceProcessEvents projection also fits DeviceEvents).
 */
const CATCH_ALL = new Set(['DeviceEvents', 'AlertEvidence', 'BehaviorEntities']);

function listNames(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * The table an export's columns come from: the one table whose columns include every one of them. Tables that
 * borrow other tables' columns (CATCH_ALL) only count when no specific table fits. Several specific tables
 * fitting is ambiguous (a `FileName, FolderPath, SHA1` projection fits file, process and image-load events
 * alike; picking the smallest would put it in image loads): the error names the candidates rather than guess.
 */
export function inferTable(names: readonly string[]): { table: TableSchema } | { error: string } {
  if (names.length === 0) return { error: 'no columns' };
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) return { error: `column ${dup} appears twice` };
  const fits = MDE_TABLES.filter((t) => names.every((n) => COLUMN_SETS.get(t)!.has(n)));
  if (fits.length === 0) {
    const unknown = names.filter((n) => !ALL_COLUMNS.has(n));
    if (unknown.length > 0) return { error: `columns that no Defender table has: ${listNames(unknown)}` };
    // Every column exists somewhere: a union of tables, or a projection mixing them.
    let best = MDE_TABLES[0];
    let bestN = -1;
    for (const t of MDE_TABLES) {
      const n = names.filter((c) => COLUMN_SETS.get(t)!.has(c)).length;
      if (n > bestN) [best, bestN] = [t, n];
    }
    const missing = names.filter((c) => !COLUMN_SETS.get(best)!.has(c));
    return {
      error: `no single Defender table has all these columns (a union of tables?); closest is ${best.name}, `
        + `which lacks ${listNames(missing)}; export one table per file`,
    };
  }
  const specific = fits.filter((t) => !CATCH_ALL.has(t.name));
  const cands = specific.length > 0 ? specific : fits;
  if (cands.length === 1) return { table: cands[0] };
  return {
    error: `ambiguous table: ${listNames(cands.map((t) => t.name), 8)} all have these columns; `
      + 'export a column that only the intended table has (or the whole table)',
  };
}

/** A header name without the unit suffix Azure portals add (`Timestamp [UTC]`), and whether it said UTC. */
function headerName(raw: string): { name: string; utc: boolean } {
  const m = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(raw.trim());
  if (!m) return { name: raw.trim(), utc: false };
  return { name: m[1], utc: m[2].trim().toUpperCase() === 'UTC' };
}

function chooseTable(names: readonly string[], explicit: string | undefined): { table: TableSchema } | { error: string } {
  if (explicit === undefined) return inferTable(names);
  const t = getTable(explicit);
  return t ? { table: t } : { error: `unknown table ${explicit}` };
}

// ------------------------------------------------------------------------------------------------ time zones

const TICKS_PER_MS = 10_000n;
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A fixed offset (`+02:00`, `-0530`, `UTC`, `Z`) in minutes, or undefined when `tz` is not one. */
function fixedOffsetMinutes(tz: string): number | undefined {
  const z = tz.trim().toUpperCase();
  if (z === 'UTC' || z === 'Z' || z === 'GMT' || z === 'ETC/UTC') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return undefined;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

function zoneFormat(tz: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    zoneFormats.set(tz, f);
  }
  return f;
}

/** Throws when `tz` is neither a fixed offset nor an IANA zone this runtime knows. */
export function checkTimeZone(tz: string): void {
  if (fixedOffsetMinutes(tz) !== undefined) return;
  try {
    zoneFormat(tz);
  } catch {
    throw new Error(`unknown time zone '${tz}' (use an IANA name such as Europe/Paris, or an offset such as +02:00)`);
  }
}

/** Offset of zone `tz` at the UTC instant `utcMs`, in ms. */
function offsetMs(tz: string, utcMs: number): number {
  const fixed = fixedOffsetMinutes(tz);
  if (fixed !== undefined) return fixed * 60_000;
  const p: Record<string, number> = {};
  for (const part of zoneFormat(tz).formatToParts(new Date(utcMs))) p[part.type] = Number(part.value);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return local - Math.floor(utcMs / 1000) * 1000;
}

/** Wall-clock ticks in zone `tz` to UTC ticks (the usual two-step guess; a time in a DST gap moves forward). */
function localToUtc(local: bigint, tz: string): bigint {
  const ms = Number(local / TICKS_PER_MS);
  const first = offsetMs(tz, ms);
  const second = offsetMs(tz, ms - first);
  return local - BigInt(second) * TICKS_PER_MS;
}

// ------------------------------------------------------------------------------------------------ portal datetimes

/*
 * What the portal writes in a CSV export's datetime cells depends on the user's settings (time zone and
 * browser locale), so the reader accepts the forms seen in real exports:
 * - `2023-10-18T14:37:28.2012261Z`: ISO 8601 UTC, 7 fractional digits (time zone setting "UTC"; a real export
 *   in github.com/dafneb/defender_hunting tests/data/advanced_hunting_test.csv; WDAC-Toolkit AdvancedHunting.cs).
 *   Passed through untouched, like any ISO value that carries its zone (`Z`, `+02:00`).
 * - `13/03/2024, 3:40:13.988 pm`: browser-locale date, comma, time with milliseconds (local time setting;
 *   MicrosoftDocs/WDAC-Toolkit PR #350). `5/1/2024, 10:11:12.123 AM` is the en-US form of the same, as Azure
 *   portal CSV exports write it (`2/25/2025, 9:19:25.391 AM`, "TimeGenerated [UTC]" header).
 * - `Apr 15, 2024 11:09:27 AM`, `Dec 29, 2025 12:10:57 PM` (WDAC-Toolkit PR #372; HotCakeX/Harden-Windows-Security
 *   issue #991).
 * - by extension of the locale mechanism: `01/05/2024, 10:11:12` (en-GB, 24 h), `1.5.2024, 10:11:12` (de),
 *   `2024-05-01, 10:11:12` (en-CA / sv), `1 May 2024, 10:11:12`.
 * Forms without a zone are wall-clock time in the portal's time zone: `--tz` (default UTC), or UTC when the
 * header says `[UTC]`. They are rewritten as ISO UTC with 7 fractional digits.
 * Numeric d/M/y vs M/d/y: a file uses one locale, so the first value with a day above 12 decides for the whole
 * file; rows before that are held back (up to HOLD_LIMIT). If no value decides, `AM`/`PM` in capitals (en-US)
 * means month first, anything else (`am`/`pm`, 24 h) day first.
 */
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?\s*([AaPp]\.?\s?[Mm]\.?)?`;
const RE_ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$/i;
const RE_ISO_LOCAL = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|,?\s+)${TIME})?$`);
const RE_NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,?\s+${TIME})?$`);
const RE_MONTH_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+${TIME})?$`);
const RE_DAY_FIRST = new RegExp(String.raw`^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:,?\s+${TIME})?$`);

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase();
  return MONTHS[n] ?? MONTHS[n.slice(0, 3)];
}

type DayOrder = 'dmy' | 'mdy';

/** Reads one file's datetime cells, learning its day/month order as it goes. */
class PortalDates {
  order: DayOrder | undefined;
  private upperAmPm = 0;
  private otherStyle = 0;

  constructor(private readonly tz: string) {}

  /** Learns from a value: returns 'ambiguous' when it is numeric d/M vs M/d and the order is not known yet. */
  observe(v: string): 'ok' | 'ambiguous' | 'conflict' {
    const m = RE_NUMERIC.exec(v.trim());
    if (!m || m[2] === '.') return 'ok';
    const ampm = m[9];
    if (ampm && /^[AP]/.test(ampm)) this.upperAmPm++;
    else this.otherStyle++;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const says: DayOrder | undefined = a > 12 && b <= 12 ? 'dmy' : b > 12 && a <= 12 ? 'mdy' : undefined;
    if (says) {
      if (this.order && this.order !== says) return 'conflict';
      this.order = says;
      return 'ok';
    }
    return this.order === undefined && a !== b ? 'ambiguous' : 'ok';
  }

  /** Settles the order from the style seen when no value decided it. */
  settle(): DayOrder {
    this.order ??= this.upperAmPm > this.otherStyle ? 'mdy' : 'dmy';
    return this.order;
  }

  /** The value as a datetime string the store reads exactly, or null when it is not a datetime. */
  convert(v: string, utc: boolean): string | null {
    const s = v.trim();
    if (RE_ZONED.test(s)) return v;
    const tz = utc ? 'UTC' : this.tz;
    let m = RE_ISO_LOCAL.exec(s);
    if (m) return this.build(tz, +m[1], +m[2], +m[3], m.slice(4, 9));
    m = RE_NUMERIC.exec(s);
    if (m) {
      const a = +m[1];
      const b = +m[3];
      // Day equal to month reads the same either way; otherwise the order is known by now (rows that need it are
      // held back until it is).
      const dayFirst = m[2] === '.' || a === b || (this.order ?? this.settle()) === 'dmy';
      return this.build(tz, +m[4], dayFirst ? b : a, dayFirst ? a : b, m.slice(5, 10));
    }
    m = RE_MONTH_FIRST.exec(s);
    if (m) {
      const mo = monthNumber(m[1]);
      return mo === undefined ? null : this.build(tz, +m[3], mo, +m[2], m.slice(4, 9));
    }
    m = RE_DAY_FIRST.exec(s);
    if (m) {
      const mo = monthNumber(m[2]);
      return mo === undefined ? null : this.build(tz, +m[3], mo, +m[1], m.slice(4, 9));
    }
    return null;
  }

  private build(tz: string, y: number, mo: number, d: number, t: (string | undefined)[]): string | null {
    let [hh, mi, ss, frac, ampm] = t;
    let h = hh === undefined ? 0 : Number(hh);
    if (ampm) {
      if (h < 1 || h > 12) return null;
      const pm = /^p/i.test(ampm);
      h = h === 12 ? (pm ? 12 : 0) : pm ? h + 12 : h;
    }
    const base = makeDatetimeTicks(y, mo, d, h, mi === undefined ? 0 : Number(mi), ss === undefined ? 0 : Number(ss), 0);
    if (base === null) return null;
    const local = base + BigInt((frac ?? '').padEnd(7, '0') || '0');
    return formatDatetimeTostring(localToUtc(local, tz));
  }
}

// ------------------------------------------------------------------------------------------------ CSV

/** Longest CSV record we accept: an unterminated quote must not swallow the rest of a large file. */
const MAX_RECORD_CHARS = 1 << 20;
/** Rows held back while a file's day/month order is unknown. */
const HOLD_LIMIT = 10_000;

interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
  readonly raw: string;
}

/** CSV records from a byte stream; a record whose quotes do not balance on its line continues on the next. */
async function* csvRecords(input: AsyncIterable<Buffer>): AsyncGenerator<CsvRecord | ReaderEvent> {
  let pending = '';
  let start = 0;
  let quotes = 0;
  const emit = (text: string, line: number): CsvRecord | ReaderEvent => {
    try {
      const first = parseCsv(text).next();
      return { fields: first.done ? [] : first.value.fields, line, raw: text };
    } catch (e) {
      if (e instanceof CsvError) return { kind: 'reject', message: e.message.replace(/ \(line \d+\)$/, ''), line, raw: text };
      throw e;
    }
  };
  for await (const { text, line } of textLines(input)) {
    if (pending === '' && quotes === 0) {
      if (text.trim() === '') continue;
      start = line;
    }
    pending = quotes % 2 === 1 ? `${pending}\n${text}` : text;
    for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
    if (quotes % 2 === 0) {
      yield emit(pending, start);
      pending = '';
      quotes = 0;
    } else if (pending.length > MAX_RECORD_CHARS) {
      yield { kind: 'reject', message: 'unterminated quoted field', line: start, raw: excerpt(pending, 4096) };
      pending = '';
      quotes = 0;
    }
  }
  if (quotes % 2 === 1) yield { kind: 'reject', message: 'unterminated quoted field at end of input', line: start, raw: pending };
}

interface Header {
  readonly table: TableSchema;
  readonly names: readonly string[];
  readonly utc: readonly boolean[];
  /** Index of each datetime column in the header. */
  readonly datetimes: readonly number[];
}

async function* readCsv(input: AsyncIterable<Buffer>, options: ReaderOptions, explicit: string | undefined): AsyncGenerator<ReaderEvent> {
  const tz = options.tz ?? 'UTC';
  checkTimeZone(tz);
  const dates = new PortalDates(tz);
  const rows = new RowBuilder();
  let header: Header | undefined;
  let headerError: string | undefined;
  let held: CsvRecord[] = [];

  const toEvent = (rec: CsvRecord): ReaderEvent => {
    const h = header!;
    if (rec.fields.length !== h.names.length) {
      return { kind: 'reject', message: `${rec.fields.length} fields where the header has ${h.names.length}`, line: rec.line, raw: rec.raw };
    }
    const props: Record<string, unknown> = {};
    for (let i = 0; i < h.names.length; i++) {
      const v = rec.fields[i];
      if (v !== '') props[h.names[i]] = v;
    }
    for (const i of h.datetimes) {
      const v = rec.fields[i];
      if (v === '') continue;
      const iso = dates.convert(v, h.utc[i]);
      if (iso === null) {
        const hint = dates.order ? ` (this file's dates read ${dates.order === 'dmy' ? 'day/month' : 'month/day'})` : '';
        return { kind: 'reject', message: `${h.names[i]}: not a datetime: ${JSON.stringify(excerpt(v, 60))}${hint}`, line: rec.line, raw: rec.raw };
      }
      props[h.names[i]] = iso;
    }
    const row = rows.build(h.table, props, rec.raw);
    if (typeof row === 'string') return { kind: 'reject', message: `${h.table.name}: ${row}`, line: rec.line, raw: rec.raw };
    return { kind: 'row', table: h.table.name, row, line: rec.line };
  };

  for await (const item of csvRecords(input)) {
    if ('kind' in item) {
      yield item;
      continue;
    }
    if (header === undefined && headerError === undefined) {
      const parsed = item.fields.map(headerName);
      const names = parsed.map((p) => p.name);
      const choice = chooseTable(names, explicit);
      if ('error' in choice) {
        headerError = choice.error;
        yield { kind: 'reject', message: `header: ${choice.error}`, line: item.line, raw: item.raw };
        continue;
      }
      const table = choice.table;
      const types = new Map(table.columns.map((c) => [c.name, c.type]));
      header = {
        table,
        names,
        utc: parsed.map((p) => p.utc),
        datetimes: names.flatMap((n, i) => (types.get(n) === 'datetime' ? [i] : [])),
      };
      continue;
    }
    if (headerError !== undefined) {
      yield { kind: 'reject', message: `no table for this file: ${headerError}`, line: item.line, raw: item.raw };
      continue;
    }
    // Hold rows back while their d/M order is unknown; the first decisive value releases them.
    let ambiguous = false;
    let conflict = false;
    for (const i of header!.datetimes) {
      const r = item.fields[i] === undefined ? 'ok' : dates.observe(item.fields[i]);
      if (r === 'ambiguous') ambiguous = true;
      else if (r === 'conflict') conflict = true;
    }
    if (conflict) {
      yield {
        kind: 'reject', line: item.line, raw: item.raw,
        message: `a date in this row reads ${dates.order === 'dmy' ? 'month/day' : 'day/month'}, earlier rows ${dates.order === 'dmy' ? 'day/month' : 'month/day'}`,
      };
      continue;
    }
    if (held.length > 0 && (dates.order !== undefined || held.length >= HOLD_LIMIT)) {
      dates.settle();
      for (const r of held) yield toEvent(r);
      held = [];
    }
    // Rows after a held one wait too, so that events keep the input's order.
    if ((ambiguous || held.length > 0) && dates.order === undefined) {
      held.push(item);
      continue;
    }
    yield toEvent(item);
  }
  if (held.length > 0) {
    dates.settle();
    for (const r of held) yield toEvent(r);
  }
}

/** The first line is a CSV header whose names are all Defender column names. */
function detectCsv(head: Buffer): boolean {
  let s = head.toString('utf8', 0, Math.min(head.length, 1 << 16));
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  const nl = s.indexOf('\n');
  if (nl < 0 && head.length >= 1 << 16) return false;
  const line = (nl < 0 ? s : s.slice(0, nl)).replace(/\r$/, '');
  if (line.trim() === '' || line.trimStart().startsWith('{') || line.trimStart().startsWith('[')) return false;
  try {
    const first = parseCsv(line).next();
    if (first.done) return false;
    const names = first.value.fields.map((f) => headerName(f).name);
    return names.length >= 2 && names.every((n) => ALL_COLUMNS.has(n));
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------------------------ JSON

const RESULT_KEYS = new Set(['Results', 'results']);
const SCHEMA_KEYS = new Set(['Schema', 'schema']);

async function* readJson(input: AsyncIterable<Buffer>, _options: ReaderOptions, explicit: string | undefined): AsyncGenerator<ReaderEvent> {
  const scanner = new JsonScanner(RESULT_KEYS);
  const rows = new RowBuilder();
  let schemaNames: string[] | undefined;
  let table: TableSchema | undefined;
  let tableError: string | undefined;
  let sawResults = false;
  let failed = false;

  const decide = (names: readonly string[], line: number, raw: string): ReaderEvent | undefined => {
    const choice = chooseTable(names, explicit);
    if ('error' in choice) {
      tableError = choice.error;
      return { kind: 'reject', message: `schema: ${choice.error}`, line, raw: excerpt(raw, 4096) };
    }
    table = choice.table;
    return undefined;
  };

  const handle = function* (events: ReturnType<JsonScanner['push']>): Generator<ReaderEvent> {
    for (const ev of events) {
      switch (ev.kind) {
        case 'member':
          if (SCHEMA_KEYS.has(ev.key) && schemaNames === undefined) {
            let schema: unknown;
            try {
              schema = JSON.parse(ev.text);
            } catch (e) {
              yield { kind: 'reject', message: `${ev.key}: not JSON: ${(e as Error).message}`, line: ev.line, raw: ev.text };
              break;
            }
            const names = Array.isArray(schema)
              ? schema.map((c) => (c && typeof c === 'object' ? (c as Record<string, unknown>).Name ?? (c as Record<string, unknown>).name : undefined))
              : [];
            if (!Array.isArray(schema) || names.some((n) => typeof n !== 'string')) {
              yield { kind: 'reject', message: `${ev.key} is not a list of {Name, Type}`, line: ev.line, raw: ev.text };
              break;
            }
            schemaNames = names as string[];
            if (table === undefined && tableError === undefined) {
              const r = decide(schemaNames, ev.line, ev.text);
              if (r) yield r;
            }
          } else if (RESULT_KEYS.has(ev.key)) {
            yield { kind: 'reject', message: `${ev.key} is not an array`, line: ev.line, raw: ev.text };
          }
          break;
        case 'element': {
          if (ev.key === undefined) {
            sawResults = true;
            yield { kind: 'reject', message: 'not an advanced-hunting result (a JSON array, expected {"Schema", "Results"})', line: ev.line, raw: ev.text };
            break;
          }
          sawResults = true;
          let v: unknown;
          try {
            v = JSON.parse(ev.text);
          } catch (e) {
            yield { kind: 'reject', message: `not JSON: ${(e as Error).message}`, line: ev.line, raw: ev.text };
            break;
          }
          if (v === null || typeof v !== 'object' || Array.isArray(v)) {
            yield { kind: 'reject', message: 'result row is not a JSON object', line: ev.line, raw: ev.text };
            break;
          }
          if (table === undefined && tableError === undefined) {
            // Results before Schema (or no Schema): the first row's names stand in for it.
            const r = decide(Object.keys(v), ev.line, ev.text);
            if (r) yield r;
          }
          if (table === undefined) {
            yield { kind: 'reject', message: `no table for this file: ${tableError}`, line: ev.line, raw: ev.text };
            break;
          }
          const row = rows.build(table, v as Record<string, unknown>, ev.text);
          if (typeof row === 'string') yield { kind: 'reject', message: `${table.name}: ${row}`, line: ev.line, raw: ev.text };
          else yield { kind: 'row', table: table.name, row, line: ev.line };
          break;
        }
        case 'root':
          yield { kind: 'reject', message: 'not an advanced-hunting result', line: ev.line, raw: ev.text };
          break;
        case 'end-document':
          break;
        case 'error':
          failed = true;
          yield { kind: 'reject', message: `${ev.message}; the rest of the input is not read`, line: ev.line, raw: ev.text };
          break;
      }
    }
  };
  for await (const chunk of input) {
    yield* handle(scanner.pushBytes(chunk));
    if (failed) return;
  }
  yield* handle(scanner.end());
  if (!failed && !sawResults && schemaNames === undefined) {
    yield { kind: 'reject', message: 'no Schema and no Results: not an advanced-hunting result', line: 1, raw: '' };
  }
}

function detectJson(head: Buffer): boolean {
  const s = head.toString('utf8', 0, Math.min(head.length, 1 << 16)).replace(/^\uFEFF/, '');
  return /^\s*\{\s*("@odata\.context"\s*:\s*"[^"]*"\s*,\s*)?"(Schema|schema|Results|results|Stats)"\s*:/.test(s);
}

// ------------------------------------------------------------------------------------------------ readers

export interface AhReaderOptions {
  /** The table the export holds, when known (skips inference). */
  readonly table?: string;
}

export function createAhCsvReader(opts: AhReaderOptions = {}): FormatReader {
  return {
    name: 'ah-csv',
    description: 'Defender portal advanced-hunting CSV export (header row of column names; table inferred from them)',
    detect: detectCsv,
    read: (input, options) => readCsv(input, options, opts.table),
  };
}

export function createAhJsonReader(opts: AhReaderOptions = {}): FormatReader {
  return {
    name: 'ah-json',
    description: 'Advanced-hunting API result {"Schema":[...],"Results":[...]} (MDE API or Microsoft Graph; table inferred)',
    detect: detectJson,
    read: (input, options) => readJson(input, options, opts.table),
  };
}

export const ahCsvReader: FormatReader = createAhCsvReader();
export const ahJsonReader: FormatReader = createAhJsonReader();
