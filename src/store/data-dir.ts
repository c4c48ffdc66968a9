/**
 * Loads a data folder: every `<Table>.jsonl`, `<Table>.json` and `<Table>.csv` (optionally `.gz`) becomes table
 * `<Table>`. Tables of a known schema get their documented types; others get inferred types. A bad line is
 * reported with its file and line and skipped; the rest of the file loads.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip, gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import type { Schema } from '../kql/data/batch.js';
import { Table } from '../kql/data/batch.js';
import { tableFromRecords } from '../kql/data/from-rows.js';
import { parseCsv, CsvError } from '../sources/csv.js';

export interface LoadWarning {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export interface LoadedTable {
  readonly name: string;
  readonly table: Table;
  readonly files: string[];
}

export interface LoadReport {
  readonly tables: LoadedTable[];
  readonly warnings: LoadWarning[];
}

const PATTERN = /^(.+?)\.(jsonl|ndjson|json|csv)(\.gz)?$/i;

export async function loadDataDir(dir: string, schemaOf: (table: string) => Schema | undefined): Promise<LoadReport> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (e) {
    throw new Error(`cannot read data folder ${dir}: ${(e as Error).message}`);
  }
  const byTable = new Map<string, { records: Record<string, unknown>[]; files: string[]; lines: { file: string; line: number }[] }>();
  const warnings: LoadWarning[] = [];
  for (const name of names) {
    const m = PATTERN.exec(name);
    if (!m) continue;
    const table = m[1];
    const kind = m[2].toLowerCase();
    const path = join(dir, name);
    const entry = byTable.get(table) ?? { records: [], files: [], lines: [] };
    byTable.set(table, entry);
    entry.files.push(path);
    const add = (r: unknown, line: number) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) {
        warnings.push({ file: path, line, message: 'not a JSON object' });
        return;
      }
      entry.records.push(r as Record<string, unknown>);
      entry.lines.push({ file: path, line });
    };
    if (kind === 'jsonl' || kind === 'ndjson') {
      // Streamed line by line: a JSON-lines file may be larger than the biggest string V8 can hold.
      const stream = createReadStream(path);
      const lines = createInterface({ input: m[3] ? stream.pipe(createGunzip()) : stream, crlfDelay: Infinity });
      let line = 0;
      for await (const raw of lines) {
        line++;
        const s = raw.trim();
        if (s === '') continue;
        try {
          add(JSON.parse(s), line);
        } catch (e) {
          warnings.push({ file: path, line, message: `invalid JSON: ${(e as Error).message}` });
        }
      }
      continue;
    }
    let buf = await readFile(path);
    if (m[3]) buf = gunzipSync(buf);
    if (buf.length >= 0x1fffffe8) {
      warnings.push({ file: path, message: `too large to load as one ${kind.toUpperCase()} document (${buf.length} bytes): use JSON lines, or edgewatch ingest` });
      continue;
    }
    const text = buf.toString('utf8');
    if (kind === 'json') {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        warnings.push({ file: path, message: `invalid JSON: ${(e as Error).message}` });
        continue;
      }
      const rows = jsonRows(doc);
      if (!rows) {
        warnings.push({ file: path, message: 'expected an array of objects, {"records": [...]} or {"Schema": ..., "Results": [...]}' });
        continue;
      }
      rows.forEach((r, i) => add(r, i + 1));
    } else {
      try {
        let header: string[] | null = null;
        for (const row of parseCsv(text)) {
          if (!header) {
            header = row.fields.map((h) => h.trim());
            continue;
          }
          if (row.fields.length !== header.length) {
            warnings.push({ file: path, line: row.line, message: `expected ${header.length} fields, found ${row.fields.length}` });
            continue;
          }
          const rec: Record<string, unknown> = {};
          header.forEach((h, i) => (rec[h] = row.fields[i]));
          add(rec, row.line);
        }
      } catch (e) {
        if (e instanceof CsvError) warnings.push({ file: path, line: e.line, message: e.message });
        else throw e;
      }
    }
  }
  const tables: LoadedTable[] = [];
  for (const [name, entry] of byTable) {
    const { table, errors } = tableFromRecords(entry.records, schemaOf(name));
    for (const e of errors) {
      const at = entry.lines[e.row];
      warnings.push({ file: at.file, line: at.line, message: `column ${e.column}: ${e.message} (stored as null)` });
    }
    tables.push({ name, table, files: entry.files });
  }
  return { tables, warnings };
}

/** The row arrays of the JSON shapes users have: a plain array, Event Hub `records`, or an API `Results`. */
function jsonRows(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (Array.isArray(o.Results)) return o.Results;
    if (Array.isArray(o.records)) return o.records.map((r) => (r && typeof r === 'object' && (r as Record<string, unknown>).properties ? (r as Record<string, unknown>).properties : r));
  }
  return null;
}

export function tableNameOf(file: string): string | null {
  const m = PATTERN.exec(basename(file));
  return m ? m[1] : null;
}
