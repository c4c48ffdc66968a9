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
import { isBatchingReader } from '../sources/mde-stream.js';
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

/** One input of `ingest` / `watch`: a file, a followed file or standard input (`-`). */
export interface Input {
  readonly name: string;
  readonly stream: () => AsyncIterable<Buffer>;
  /** Read as it arrives (standard input, --follow): commit and report periodically. */
  readonly streaming: boolean;
}

/** Set when a signal asks a followed input to end. */
export interface StopFlag {
  stopped: boolean;
}

/** Prepends already-read chunks to the rest of a byte stream. */
export async function* prepend(head: Buffer[], it: AsyncIterator<Buffer>): AsyncIterable<Buffer> {
  let done = false;
  try {
    for (const c of head) yield c;
    for (;;) {
      const r = await it.next();
      if (r.done) return void (done = true);
      yield r.value;
    }
  } finally {
    // Abandoned before its end (a reader that reads the file itself): the source is released.
    if (!done) await it.return?.();
  }
}

/** Gunzips the stream when it starts with the gzip magic bytes (1f 8b). */
export async function* maybeGunzip(src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
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
export async function* followFile(path: string, stop: StopFlag): AsyncIterable<Buffer> {
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

export function where(source: string, line?: number, offset?: number): string {
  if (line !== undefined) return `${source}:${line}`;
  if (offset !== undefined) return `${source}@${offset}`;
  return source;
}

/** `--format auto|NAME`: the named reader, or undefined for content detection. */
export function formatOption(format: string | undefined, U: Deps['UsageError']): FormatReader | undefined {
  const f = format ?? 'auto';
  if (f === 'auto') return undefined;
  const reader = readerByName(f);
  if (!reader) throw new U(`unknown --format '${f}' (known: auto${READERS.map((r) => `, ${r.name}`).join('')})`);
  return reader;
}

export function yearOption(v: string | undefined, U: Deps['UsageError']): number | undefined {
  if (v === undefined) return undefined;
  const year = Number(v);
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new U(`--year must be a year (got '${v}')`);
  return year;
}

/** `--local-net`: several CIDRs may follow one flag, separated by commas or spaces. */
export function localNetsOption(v: string[] | undefined, U: Deps['UsageError']): string[] | undefined {
  const localNets = v?.flatMap((s) => s.split(/[\s,]+/).filter(Boolean));
  for (const c of localNets ?? []) if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(c)) throw new U(`--local-net expects CIDR blocks like 192.0.2.0/24 (got '${c}')`);
  return localNets;
}

/**
 * The inputs named on the command line (standard input when none is given and it is not a terminal), checked:
 * `-` at most once, not with --follow, files readable.
 */
export function resolveInputs(command: string, positionals: readonly string[], follow: boolean, stop: StopFlag, U: Deps['UsageError']): { files: string[]; inputs: Input[] } {
  const files = positionals.length ? [...positionals] : process.stdin.isTTY ? [] : ['-'];
  if (files.length === 0) throw new U(`${command}: give FILES, or - for standard input`);
  if (files.filter((f) => f === '-').length > 1) throw new U(`${command}: standard input (-) can be read only once`);
  if (follow && files.some((f) => f === '-')) throw new U('--follow applies to files, not standard input');
  for (const f of files) {
    if (f === '-') continue;
    try {
      if (!statSync(f).isFile()) throw new Error('not a file');
    } catch (e) {
      throw new U(`cannot read ${f}: ${(e as Error).message}`);
    }
  }
  const inputs: Input[] = files.map((f) =>
    f === '-'
      ? { name: '-', stream: () => process.stdin as AsyncIterable<Buffer>, streaming: true }
      : follow
        ? { name: f, stream: () => followFile(f, stop), streaming: true }
        : { name: f, stream: () => createReadStream(f, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>, streaming: false },
  );
  return { files, inputs };
}

export type OpenedInput = { reader: FormatReader; body: AsyncIterable<Buffer> } | { reader: null; empty: boolean };

/**
 * Opens an input: gunzips gzip content, and picks the reader (`reader`, else detected from the first bytes: tried
 * after each chunk, up to 64 KiB, since a slow pipe need not fill 64 KiB). `wrap` sees the raw bytes (counting).
 * `{ reader: null }` when nothing matched (`empty`: the input had no bytes at all).
 */
export async function openInput(
  input: Input,
  reader: FormatReader | undefined,
  wrap: (src: AsyncIterable<Buffer>) => AsyncIterable<Buffer> = (src) => src,
): Promise<OpenedInput> {
  const bytes = maybeGunzip(wrap(input.stream()));
  if (reader) return { reader, body: bytes };
  const it = bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let n = 0;
  let done = false;
  let r: FormatReader | undefined;
  while (!r && !done && n < DETECT_BYTES) {
    const x = await it.next();
    if (x.done) done = true;
    else (head.push(x.value), (n += x.value.length));
    const h = Buffer.concat(head);
    r = detectReader(h.subarray(0, DETECT_BYTES));
  }
  if (!r) {
    // Release the source (a file descriptor) when it is abandoned before its end.
    if (!done) await it.return?.();
    return { reader: null, empty: n === 0 };
  }
  return { reader: r, body: prepend(head, it) };
}

/** Reader options from the command line; a file without --year takes the year of its modification time. */
export function readerOptionsFor(input: Input, o: { device?: string; localNets?: readonly string[]; year?: number; tz?: string }): ReaderOptions {
  return {
    source: input.name,
    ...(o.device !== undefined ? { device: o.device } : {}),
    ...(o.localNets ? { localNets: o.localNets } : {}),
    ...(o.year !== undefined ? { year: o.year } : input.name !== '-' ? { year: statSync(input.name).mtime.getUTCFullYear() } : {}),
    ...(o.tz !== undefined ? { tz: o.tz } : {}),
  };
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
  const reader = formatOption(values.format, deps.UsageError);
  const year = yearOption(values.year, deps.UsageError);
  const localNets = localNetsOption(values['local-net'], deps.UsageError);
  let retention: bigint | undefined;
  if (values.retention !== undefined) {
    const r = parseTimespanLiteral(values.retention);
    if (r === null || r <= 0n) throw new deps.UsageError(`--retention expects a Kusto timespan like 30d or 12h (got '${values.retention}')`);
    retention = r;
  }
  const follow = values.follow === true;
  const stop: StopFlag = { stopped: false };
  const { files, inputs } = resolveInputs('ingest', positionals, follow, stop, deps.UsageError);

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
      const opened = await openInput(input, reader, counted);
      if (opened.reader === null) {
        if (opened.empty) continue; // an empty input yields nothing
        warn(`${input.name}: unrecognised format (use --format; known: ${READERS.map((x) => x.name).join(', ') || 'none'})`);
        rejectedTotal++;
        continue;
      }
      const opts = readerOptionsFor(input, { device: values.device, localNets, year, tz: values.tz });
      const { reader: r, body } = opened;
      // Readers that can hand over column-oriented batches do (no row objects on the way to the store).
      // A plain file is handed over by name too: the batching reader's parser threads read it themselves.
      const events = isBatchingReader(r) ? r.readBatches(body, opts, input.streaming ? undefined : input.name) : r.read(body, opts);
      for await (const ev of events) {
        if (ev.kind === 'batch') {
          // Commit first when this batch would take the pending records past the limit.
          if (writer.pendingCount > 0 && writer.pendingCount + ev.records > COMMIT_RECORDS) await commit();
          if (commitError) throw commitError;
          recordsRead += ev.records;
          bytesRead += ev.fileBytes ?? 0;
          for (const t of ev.tables) writer.addBatch(t.table, t.data, { source: input.name, lines: t.lines });
          for (const x of ev.rejects) {
            writer.reject({ source: input.name, line: x.line, offset: x.offset, message: x.message, raw: x.raw });
            warn(`${where(input.name, x.line, x.offset)}: ${x.message}`);
          }
        } else if (ev.kind === 'row') {
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
