/**
 * `edgewatch ingest [FILES...|-] [--store DIR] [--format auto|NAME] [--device NAME] [--local-net CIDR...] [--year N]
 * [--tz TZ] [--retention 30d] [--strict] [--follow]`
 *
 * Reads each input with a format reader (detected from its first 64 KiB, or `--format`), gunzips `.gz` content
 * (detected by its magic bytes), and commits the rows to the store. Files are committed before the command exits
 * 0; standard input and `--follow` commit at least every second and every 100,000 records, and each commit is
 * reported on stderr (`committed N rows (M duplicates) to DIR [commit ID, K records acknowledged]`: the first K
 * records read are durable). Rejected records are reported with their file and line (or byte offset), kept in the
 * store's quarantine, and the rest ingested. Exit: 0 when everything valid was committed, 1 under `--strict` when
 * a record was rejected, 2 for usage errors.
 */
import { createReadStream, statSync, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { Readable } from 'node:stream';
import { READERS, detectReader, readerByName } from '../sources/registry.js';
import type { FormatReader, ReaderOptions } from '../sources/reader.js';
import { StoreWriter, DEFAULT_STORE, type CommitResult } from '../store/store.js';
import { parseTimespanLiteral } from '../kql/data/timespan.js';

export { DEFAULT_STORE };
const DETECT_BYTES = 64 * 1024;
const COMMIT_RECORDS = 100_000;
// At least every second; tests shorten it (EDGEWATCH_COMMIT_MS) to land kills inside commits more often.
const COMMIT_MS = Math.min(1000, Math.max(10, Number(process.env.EDGEWATCH_COMMIT_MS) || 1000));
const FOLLOW_POLL_MS = 250;
const MAX_WARNINGS = 1000;

interface Deps {
  UsageError: new (m: string) => Error;
}

interface Input {
  readonly name: string;
  readonly stream: () => AsyncIterable<Buffer>;
  readonly streaming: boolean;
}

/** Prepends already-read chunks to the rest of a byte stream. */
async function* prepend(head: Buffer[], it: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  for (const c of head) yield c;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Gunzips the stream when it starts with the gzip magic bytes (1f 8b). */
async function* maybeGunzip(src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let n = 0;
  while (n < 2) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    n += r.value.length;
  }
  const first = Buffer.concat(head);
  const rest = prepend(first.length ? [first] : [], it);
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    // Concatenated gzip members (log rotation appends them) are read as one stream, as gunzip does.
    const gz = createGunzip();
    const feed = Readable.from(rest);
    feed.pipe(gz);
    feed.on('error', (e) => gz.destroy(e));
    yield* gz as AsyncIterable<Buffer>;
  } else yield* rest;
}

/** Reads a file and keeps reading it as it grows (`--follow`); a truncated or replaced file is read from its start. */
async function* followFile(path: string, stop: { stopped: boolean }): AsyncIterable<Buffer> {
  let fd = openSync(path, 'r');
  let ino = statSync(path).ino;
  let pos = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n > 0) {
      pos += n;
      yield Buffer.from(buf.subarray(0, n));
      continue;
    }
    if (stop.stopped) break;
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // rotated away, not yet recreated
    }
    if (st.ino !== ino || st.size < pos) {
      closeSync(fd);
      fd = openSync(path, 'r');
      ino = st.ino;
      pos = 0;
    }
  }
  closeSync(fd);
}

function where(source: string, line?: number, offset?: number): string {
  if (line !== undefined) return `${source}:${line}`;
  if (offset !== undefined) return `${source}@${offset}`;
  return source;
}

export async function runIngest(argv: string[], deps: Deps): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        store: { type: 'string', short: 's' },
        format: { type: 'string', short: 'f' },
        device: { type: 'string' },
        'local-net': { type: 'string', multiple: true },
        year: { type: 'string' },
        tz: { type: 'string' },
        retention: { type: 'string' },
        strict: { type: 'boolean' },
        follow: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new deps.UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const storeDir = values.store ?? DEFAULT_STORE;
  let reader: FormatReader | undefined;
  const format = values.format ?? 'auto';
  if (format !== 'auto') {
    reader = readerByName(format);
    if (!reader) throw new deps.UsageError(`unknown --format '${format}' (known: auto${READERS.map((r) => `, ${r.name}`).join('')})`);
  }
  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!Number.isInteger(year) || year < 1 || year > 9999) throw new deps.UsageError(`--year must be a year (got '${values.year}')`);
  }
  // Several CIDRs may follow one --local-net, separated by commas or spaces.
  const localNets = values['local-net']?.flatMap((s) => s.split(/[\s,]+/).filter(Boolean));
  for (const c of localNets ?? []) if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(c)) throw new deps.UsageError(`--local-net expects CIDR blocks like 192.0.2.0/24 (got '${c}')`);
  let retention: bigint | undefined;
  if (values.retention !== undefined) {
    const r = parseTimespanLiteral(values.retention);
    if (r === null || r <= 0n) throw new deps.UsageError(`--retention expects a Kusto timespan like 30d or 12h (got '${values.retention}')`);
    retention = r;
  }
  const files = positionals.length ? positionals : process.stdin.isTTY ? [] : ['-'];
  if (files.length === 0) throw new deps.UsageError('ingest: give FILES, or - for standard input');
  if (files.filter((f) => f === '-').length > 1) throw new deps.UsageError('ingest: standard input (-) can be read only once');
  const follow = values.follow === true;
  if (follow && files.some((f) => f === '-')) throw new deps.UsageError('--follow applies to files, not standard input');
  for (const f of files) {
    if (f === '-') continue;
    try {
      if (!statSync(f).isFile()) throw new Error('not a file');
    } catch (e) {
      throw new deps.UsageError(`cannot read ${f}: ${(e as Error).message}`);
    }
  }

  const stop = { stopped: false };
  const inputs: Input[] = files.map((f) =>
    f === '-'
      ? { name: '-', stream: () => process.stdin as AsyncIterable<Buffer>, streaming: true }
      : follow
        ? { name: f, stream: () => followFile(f, stop), streaming: true }
        : { name: f, stream: () => createReadStream(f, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>, streaming: false },
  );

  const writer = StoreWriter.openWriter(storeDir);
  const tty = process.stderr.isTTY === true;
  let warnings = 0;
  let rejectedTotal = 0;
  let rowsTotal = 0;
  let dupTotal = 0;
  let bytesRead = 0;
  let recordsRead = 0;
  const started = Date.now();
  let progressShown = false;
  const warn = (msg: string) => {
    warnings++;
    if (warnings <= MAX_WARNINGS) {
      clearProgress();
      process.stderr.write(`warning: ${msg}\n`);
    } else if (warnings === MAX_WARNINGS + 1) process.stderr.write('warning: further warnings are not shown (see the quarantine)\n');
  };
  const clearProgress = () => {
    if (progressShown) {
      process.stderr.write('\r\x1b[K');
      progressShown = false;
    }
  };
  const report = (r: CommitResult) => {
    rowsTotal += r.rows;
    dupTotal += r.duplicates;
    for (const x of r.rejected) if (x.message.includes(': column ')) warn(`${where(x.source, x.line, x.offset)}: ${x.message}`);
    rejectedTotal += r.rejected.length;
    if (r.rows === 0 && r.duplicates === 0 && r.rejected.length === 0) return;
    clearProgress();
    process.stderr.write(`committed ${r.rows} rows (${r.duplicates} duplicates) to ${storeDir} [commit ${r.id}, ${r.acknowledged} records acknowledged]\n`);
  };
  const maintain = async () => {
    if (retention !== undefined) {
      const dropped = await writer.applyRetention(retention, BigInt(Date.now()) * 10_000n);
      if (dropped.length) process.stderr.write(`retention: dropped ${dropped.length} partition(s) older than ${values.retention}: ${dropped.join(', ')}\n`);
    }
    await writer.compact();
  };
  let commitError: unknown = null;
  let inFlight: Promise<void> | null = null;
  const commit = (): Promise<void> => {
    const p = (inFlight ?? Promise.resolve()).then(async () => {
      if (writer.pendingCount === 0) return;
      report(await writer.commit());
      await maintain();
    });
    inFlight = p.catch((e) => {
      commitError ??= e;
    });
    return p;
  };
  const anyStreaming = inputs.some((i) => i.streaming);
  const timer = anyStreaming
    ? setInterval(() => {
        if (writer.pendingCount > 0) void commit().catch(() => undefined);
      }, COMMIT_MS)
    : null;
  const progress = tty
    ? setInterval(() => {
        const s = (Date.now() - started) / 1000;
        process.stderr.write(`\r\x1b[K${recordsRead} records, ${(recordsRead / s).toFixed(0)} records/s, ${(bytesRead / 1e6 / s).toFixed(1)} MB/s`);
        progressShown = true;
      }, 500)
    : null;
  const onSignal = () => {
    // Stop following and commit what was read; a second signal exits at once.
    if (stop.stopped) process.exit(130);
    stop.stopped = true;
    if (files.includes('-')) process.stdin.destroy();
  };
  if (follow) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  try {
    await maintain();
    for (const input of inputs) {
      const counted = async function* (src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
        for await (const c of src) {
          bytesRead += c.length;
          yield c;
        }
      };
      const bytes = maybeGunzip(counted(input.stream()));
      let r = reader;
      let body: AsyncIterable<Buffer> = bytes;
      if (!r) {
        // Detect from the first bytes: try after each chunk, up to 64 KiB (a slow pipe need not fill 64 KiB).
        const it = bytes[Symbol.asyncIterator]();
        const head: Buffer[] = [];
        let n = 0;
        let done = false;
        while (!r && !done && n < DETECT_BYTES) {
          const x = await it.next();
          if (x.done) done = true;
          else (head.push(x.value), (n += x.value.length));
          const h = Buffer.concat(head);
          r = detectReader(h.subarray(0, DETECT_BYTES));
        }
        if (!r) {
          if (n === 0) continue; // an empty input yields nothing
          warn(`${input.name}: unrecognised format (use --format; known: ${READERS.map((x) => x.name).join(', ') || 'none'})`);
          rejectedTotal++;
          continue;
        }
        body = prepend(head, it);
      }
      const opts: ReaderOptions = {
        source: input.name,
        ...(values.device !== undefined ? { device: values.device } : {}),
        ...(localNets ? { localNets } : {}),
        ...(year !== undefined ? { year } : input.name !== '-' ? { year: statSync(input.name).mtime.getUTCFullYear() } : {}),
        ...(values.tz !== undefined ? { tz: values.tz } : {}),
      };
      for await (const ev of r.read(body, opts)) {
        if (ev.kind === 'row') {
          recordsRead++;
          writer.add(ev.table, ev.row, { source: input.name, line: ev.line, offset: ev.offset });
        } else if (ev.kind === 'reject') {
          recordsRead++;
          writer.reject({ source: input.name, line: ev.line, offset: ev.offset, message: ev.message, raw: ev.raw });
          warn(`${where(input.name, ev.line, ev.offset)}: ${ev.message}`);
        } else {
          warn(`${input.name}: truncated at byte offset ${ev.offset}: ${ev.message}`);
        }
        if (writer.pendingCount >= COMMIT_RECORDS) await commit();
        if (commitError) throw commitError;
      }
    }
    await commit();
    if (commitError) throw commitError;
  } finally {
    if (timer) clearInterval(timer);
    if (progress) clearInterval(progress);
    clearProgress();
    await inFlight;
    writer.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (commitError) throw commitError;
  const secs = (Date.now() - started) / 1000;
  process.stderr.write(
    `ingested ${rowsTotal} rows (${dupTotal} duplicates, ${rejectedTotal} rejected) into ${storeDir} in ${secs.toFixed(1)} s\n`,
  );
  if (values.strict && rejectedTotal > 0) return 1;
  return 0;
}
