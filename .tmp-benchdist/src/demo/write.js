/** Writes a demo data set as `<Table>.jsonl` files (one JSON object per line), the streaming-export row shape. */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
/** Rows are written in chunks: a whole 300k-row table as one string would exceed V8's string limit. */
const CHUNK_ROWS = 4096;
export function writeDemo(data, dir) {
    mkdirSync(dir, { recursive: true });
    const written = [];
    for (const [table, rows] of Object.entries(data.tables)) {
        const file = join(dir, `${table}.jsonl`);
        const fd = openSync(file, 'w');
        try {
            for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
                let chunk = '';
                const end = Math.min(rows.length, i + CHUNK_ROWS);
                for (let j = i; j < end; j++)
                    chunk += JSON.stringify(rows[j]) + '\n';
                writeSync(fd, chunk);
            }
        }
        finally {
            closeSync(fd);
        }
        written.push(file);
    }
    return written;
}
