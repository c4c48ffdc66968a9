/**
 * Parses an external artifact into the schema `externaldata` declares, per the Kusto ingestion data formats:
 * - csv, tsv, tsve, psv, scsv, sohsv: delimited records (RFC 4180 quoting); field i goes to column i, missing
 *   fields are null and extra ones are dropped;
 * - txt: one record per line (empty lines skipped), the line is the first column's value;
 * - raw: the whole artifact is one record, one value;
 * - json: one JSON object per line; multijson: a JSON array of objects, or objects one after another (each may
 *   span lines). Object properties go to the column of the same name (exact, else case-insensitive).
 * A value that does not convert to its column's type is null, as ingestion leaves it. `ignoreFirstRecord` drops
 * each artifact's first record (a CSV header). Binary formats (parquet, avro, orc) are not read.
 */
import { gunzipSync } from 'node:zlib';
import type { Schema } from '../data/batch.js';
import { Table } from '../data/batch.js';
import { tableFromRecords } from '../data/from-rows.js';
import { runtimeError, unsupported } from '../errors.js';
import { parseCsv } from '../data/csv.js';

export type ExternalFormat = 'csv' | 'tsv' | 'tsve' | 'psv' | 'scsv' | 'sohsv' | 'txt' | 'raw' | 'json' | 'multijson';

const DELIMITERS: Partial<Record<ExternalFormat, string>> = {
  csv: ',', tsv: '\t', tsve: '\t', psv: '|', scsv: ';', sohsv: '\x01',
};

const KNOWN: readonly ExternalFormat[] = ['csv', 'tsv', 'tsve', 'psv', 'scsv', 'sohsv', 'txt', 'raw', 'json', 'multijson'];
const BINARY = new Set(['parquet', 'avro', 'apacheavro', 'orc', 'w3clogfile', 'singlejson']);

/** The format named by the `format` property, or detected from the artifact's file extension (default csv). */
export function resolveFormat(declared: string | null, url: string): ExternalFormat {
  if (declared !== null) {
    const f = declared.toLowerCase();
    if ((KNOWN as readonly string[]).includes(f)) return f as ExternalFormat;
    if (BINARY.has(f)) throw unsupported(`externaldata format '${declared}'`);
    throw runtimeError(`externaldata: unknown format '${declared}'`);
  }
  const path = url.replace(/[?#].*$/, '').toLowerCase().replace(/\.(gz|zip)$/, '');
  const ext = /\.([a-z]+)$/.exec(path)?.[1];
  if (ext && (KNOWN as readonly string[]).includes(ext)) return ext as ExternalFormat;
  return 'csv';
}

export interface ParseOptions {
  readonly format: ExternalFormat;
  readonly ignoreFirstRecord: boolean;
}

/** Decodes (gunzipping a .gz artifact) and parses one artifact to records keyed by column name. */
export function parseArtifact(bytes: Uint8Array, url: string, schema: Schema, options: ParseOptions): Record<string, unknown>[] {
  const path = url.replace(/[?#].*$/, '').toLowerCase();
  let data = bytes;
  if (path.endsWith('.zip')) throw unsupported('externaldata from a .zip archive');
  if (path.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      data = gunzipSync(bytes);
    } catch (e) {
      throw runtimeError(`externaldata: '${url}' is not valid gzip: ${(e as Error).message}`);
    }
  }
  let text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const names = schema.map((f) => f.name);
  let records: Record<string, unknown>[];
  switch (options.format) {
    case 'txt':
      records = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '').map((l) => ({ [names[0]]: l }));
      break;
    case 'raw':
      records = [{ [names[0]]: text }];
      break;
    case 'json':
      records = jsonLines(text, url).map((v) => toRecord(v, schema));
      break;
    case 'multijson':
      records = jsonValues(text, url).flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => toRecord(v, schema));
      break;
    default: {
      const fields = delimited(text, DELIMITERS[options.format]!, options.format === 'tsve');
      records = fields.map((fs) => {
        const r: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) r[names[i]] = fs[i];
        return r;
      });
    }
  }
  return options.ignoreFirstRecord ? records.slice(1) : records;
}

/** The table of several artifacts' records, in artifact order. */
export function recordsToTable(records: readonly Record<string, unknown>[], schema: Schema): Table {
  // Values that do not convert are stored as null, as ingestion does; the errors are not reported.
  return tableFromRecords(records, schema).table;
}

function delimited(text: string, sep: string, backslashEscapes: boolean): string[][] {
  if (sep === ',' && !backslashEscapes) return [...parseCsv(text)].map((r) => r.fields);
  // parseCsv knows only commas: the other separators get the same RFC 4180 rules here.
  const out: string[][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw runtimeError('externaldata: unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += text[i++];
        }
        while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      } else {
        while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') {
          if (backslashEscapes && text[i] === '\\' && i + 1 < n) {
            const c = text[i + 1];
            field += c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c;
            i += 2;
            continue;
          }
          field += text[i++];
        }
      }
      fields.push(field);
      if (i < n && text[i] === sep) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) out.push(fields);
  }
  return out;
}

function jsonLines(text: string, url: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '') continue;
    try {
      out.push(JSON.parse(l));
    } catch (e) {
      throw runtimeError(`externaldata: '${url}' line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
  }
  return out;
}

/** JSON values one after another (separated by whitespace or nothing), each possibly spanning lines. */
function jsonValues(text: string, url: string): unknown[] {
  const out: unknown[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && /\s|,/.test(text[i])) i++;
    if (i >= n) break;
    const start = i;
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      let inString = false;
      for (; i < n; i++) {
        const c = text[i];
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
    } else {
      while (i < n && !/\s/.test(text[i])) i++;
    }
    try {
      out.push(JSON.parse(text.slice(start, i)));
    } catch (e) {
      throw runtimeError(`externaldata: '${url}' is not JSON at offset ${start}: ${(e as Error).message}`);
    }
  }
  return out;
}

function toRecord(v: unknown, schema: Schema): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    // A bare value fills a one-column schema; otherwise there is nothing to map it to.
    return schema.length === 1 ? { [schema[0].name]: v } : {};
  }
  const obj = v as Record<string, unknown>;
  const r: Record<string, unknown> = {};
  let lower: Map<string, string> | null = null;
  for (const f of schema) {
    if (f.name in obj) {
      r[f.name] = obj[f.name];
      continue;
    }
    lower ??= new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
    const k = lower.get(f.name.toLowerCase());
    if (k !== undefined) r[f.name] = obj[k];
  }
  return r;
}

/** An empty table of the schema (no artifacts). */
export function emptyExternal(schema: Schema): Table {
  return Table.fromBatches(schema, []);
}
