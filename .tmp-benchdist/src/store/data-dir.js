/**
 * Loads a data folder: every `<Table>.jsonl`, `<Table>.json` and `<Table>.csv` (optionally `.gz`) becomes table
 * `<Table>`. Tables of a known schema get their documented types; others get inferred types. A bad line is
 * reported with its file and line and skipped; the rest of the file loads.
 */
import { readdir, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { tableFromRecords } from '../kql/data/from-rows.js';
import { parseCsv, CsvError } from '../sources/csv.js';
const PATTERN = /^(.+?)\.(jsonl|ndjson|json|csv)(\.gz)?$/i;
export async function loadDataDir(dir, schemaOf) {
    let names;
    try {
        names = (await readdir(dir)).sort();
    }
    catch (e) {
        throw new Error(`cannot read data folder ${dir}: ${e.message}`);
    }
    const byTable = new Map();
    const warnings = [];
    for (const name of names) {
        const m = PATTERN.exec(name);
        if (!m)
            continue;
        const table = m[1];
        const kind = m[2].toLowerCase();
        const path = join(dir, name);
        let buf = await readFile(path);
        if (m[3])
            buf = gunzipSync(buf);
        const text = buf.toString('utf8');
        const entry = byTable.get(table) ?? { records: [], files: [], lines: [] };
        byTable.set(table, entry);
        entry.files.push(path);
        const add = (r, line) => {
            if (r === null || typeof r !== 'object' || Array.isArray(r)) {
                warnings.push({ file: path, line, message: 'not a JSON object' });
                return;
            }
            entry.records.push(r);
            entry.lines.push({ file: path, line });
        };
        if (kind === 'jsonl' || kind === 'ndjson') {
            let line = 0;
            for (const raw of text.split('\n')) {
                line++;
                const s = raw.trim();
                if (s === '')
                    continue;
                try {
                    add(JSON.parse(s), line);
                }
                catch (e) {
                    warnings.push({ file: path, line, message: `invalid JSON: ${e.message}` });
                }
            }
        }
        else if (kind === 'json') {
            let doc;
            try {
                doc = JSON.parse(text);
            }
            catch (e) {
                warnings.push({ file: path, message: `invalid JSON: ${e.message}` });
                continue;
            }
            const rows = jsonRows(doc);
            if (!rows) {
                warnings.push({ file: path, message: 'expected an array of objects, {"records": [...]} or {"Schema": ..., "Results": [...]}' });
                continue;
            }
            rows.forEach((r, i) => add(r, i + 1));
        }
        else {
            try {
                let header = null;
                for (const row of parseCsv(text)) {
                    if (!header) {
                        header = row.fields.map((h) => h.trim());
                        continue;
                    }
                    if (row.fields.length !== header.length) {
                        warnings.push({ file: path, line: row.line, message: `expected ${header.length} fields, found ${row.fields.length}` });
                        continue;
                    }
                    const rec = {};
                    header.forEach((h, i) => (rec[h] = row.fields[i]));
                    add(rec, row.line);
                }
            }
            catch (e) {
                if (e instanceof CsvError)
                    warnings.push({ file: path, line: e.line, message: e.message });
                else
                    throw e;
            }
        }
    }
    const tables = [];
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
function jsonRows(doc) {
    if (Array.isArray(doc))
        return doc;
    if (doc && typeof doc === 'object') {
        const o = doc;
        if (Array.isArray(o.Results))
            return o.Results;
        if (Array.isArray(o.records))
            return o.records.map((r) => (r && typeof r === 'object' && r.properties ? r.properties : r));
    }
    return null;
}
export function tableNameOf(file) {
    const m = PATTERN.exec(basename(file));
    return m ? m[1] : null;
}
