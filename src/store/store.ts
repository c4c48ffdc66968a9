/**
 * The embedded on-disk store: Arrow IPC segment files per table and UTC day, listed by a manifest.
 *
 *   <dir>/manifest.json                                   what is committed (the only source of truth)
 *   <dir>/segments/<Table>/<yyyy-mm-dd>/<id>.arrow        Arrow IPC file format (see arrow-codec.ts)
 *   <dir>/segments/<Table>/undated/<id>.arrow             rows without an event time (or tables without one)
 *   <dir>/quarantine/<commit-id>.jsonl                    rejected records: source, line/offset, message, raw
 *
 * A commit writes its segment files under temporary names, fsyncs them, renames them into place, fsyncs their
 * folders, then writes the new manifest to a temporary file, fsyncs it, renames it over manifest.json and fsyncs
 * the store folder. The rename is the commit point: files the manifest does not list are leftovers of a commit
 * that never happened, and the writer deletes them when it opens the store. Readers never delete anything (a
 * writer may be half-way through a commit), and reload the manifest when it changes, so a long-lived engine sees
 * each new commit at its next query.
 *
 * Deduplication: rows are keyed on (DeviceId, Timestamp, ReportId) per table (the columns of those three the table
 * has; a table without ReportId is keyed on every column). A row without ReportId gets one from the canonical JSON
 * of the row (reportIdFor), so re-ingesting the same input adds nothing. The keys of a partition are loaded from
 * its segments the first time a commit touches it, and held as numbers (keys.ts). Readers that parse into columns
 * hand whole batches to `addBatch` (no row objects on the way).
 */
import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync, mkdirSync, renameSync, readdirSync, rmSync, unlinkSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Field, Schema } from '../kql/data/batch.js';
import { Table } from '../kql/data/batch.js';
import { tableFromRecords } from '../kql/data/from-rows.js';
import { TICKS_PER_DAY } from '../kql/data/types.js';
import { INGESTION_TIME_COLUMN, INGESTION_TIME_FIELD, withIngestionTime } from '../kql/data/ingestion-time.js';
import { civilFromDays, formatDatetime, floorDivBig, parseDatetime } from '../kql/data/datetime.js';
import { formatTimespan } from '../kql/data/timespan.js';
import { ConstVector, DictVector, FlatVector, materialize, type Vector } from '../kql/data/vector.js';
import { getTable } from '../telemetry/mde-schema.js';
import { reportIdFor } from '../sources/identity.js';
import { decodeArrowFile, encodeArrowFile } from './arrow-codec.js';
import { canonicalJson, dayPartitions, partitionOf, TableKeys, type PartKeySet } from './keys.js';

export { canonicalJson, partitionOf };
import { concatTables } from './concat.js';

export const MANIFEST = 'manifest.json';
/** `edgewatch ingest` and `query` use this store (relative to the current folder) unless told otherwise. */
export const DEFAULT_STORE = '.edgewatch/store';
const FORMAT = 'edgewatch-store';
const VERSION = 1;
const UNDATED = 'undated';
const LOCK = 'writer.lock';

export interface SegmentMeta {
  readonly id: string;
  /** Path relative to the store folder. */
  readonly file: string;
  readonly rows: number;
  readonly bytes: number;
  /** Oldest and newest event time (ISO, 7 digits kept), null when no row has one. */
  readonly minTime: string | null;
  readonly maxTime: string | null;
}

export interface TableMeta {
  readonly schema: Field[];
  readonly timeColumn: string | null;
  /** Partition (yyyy-mm-dd, or `undated`) -> segments. */
  readonly partitions: Record<string, SegmentMeta[]>;
}

export interface QuarantineMeta {
  readonly commit: string;
  readonly file: string;
  readonly records: number;
}

export interface Manifest {
  readonly format: typeof FORMAT;
  readonly version: number;
  /** Incremented by every commit (and every compaction or retention swap). */
  readonly generation: number;
  readonly tables: Record<string, TableMeta>;
  readonly quarantine: QuarantineMeta[];
}

/** Where a record came from, for messages and the quarantine. */
export interface RecordOrigin {
  readonly source: string;
  readonly line?: number;
  readonly offset?: number;
}

export interface Rejected extends RecordOrigin {
  readonly message: string;
  readonly raw: string;
}

export interface CommitResult {
  readonly id: string;
  /** Rows newly stored. */
  readonly rows: number;
  /** Rows dropped because the store already had them (or the same commit had them twice). */
  readonly duplicates: number;
  /** Records quarantined by this commit (reader rejections and rows whose values do not fit their columns). */
  readonly rejected: Rejected[];
  /** Records (rows and rejections) this commit acknowledges, counted since the writer opened. */
  readonly acknowledged: number;
  readonly tables: string[];
}

export class StoreError extends Error {}

export function isStore(dir: string): boolean {
  return existsSync(join(dir, MANIFEST));
}

function emptyManifest(): Manifest {
  return { format: FORMAT, version: VERSION, generation: 0, tables: {}, quarantine: [] };
}

function readManifest(dir: string): Manifest {
  const text = readFileSync(join(dir, MANIFEST), 'utf8');
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new StoreError(`${join(dir, MANIFEST)}: not valid JSON (${(e as Error).message})`);
  }
  if (m.format !== FORMAT) throw new StoreError(`${join(dir, MANIFEST)}: not an edgewatch store manifest`);
  if (m.version !== VERSION) throw new StoreError(`${join(dir, MANIFEST)}: store format version ${m.version} is not supported (expected ${VERSION})`);
  return m;
}

/** Writes a file durably under a temporary name, then renames it into place. */
function writeDurable(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The schema a new table gets: Defender's documented one, else inferred from its first commit's rows. */
function documentedSchema(name: string): { schema: Field[]; timeColumn: string | null } | undefined {
  const t = getTable(name);
  if (!t) return undefined;
  return { schema: t.columns.map((c) => ({ name: c.name, type: c.type })), timeColumn: t.timeColumn ?? null };
}

/** Key columns for deduplication (see the file comment). */
function keyColumnsOf(schema: Schema): number[] {
  const idx = ['DeviceId', 'Timestamp', 'ReportId'].map((n) => schema.findIndex((f) => f.name === n));
  if (idx[2] < 0) return schema.map((_, i) => i);
  return idx.filter((i) => i >= 0);
}

/** Rows of one table converted to columns (every CHUNK rows, so row objects die young), with the bad ones. */
interface Chunk {
  readonly table: Table;
  readonly bad: Map<number, Rejected>;
}

interface TablePending {
  rows: Record<string, unknown>[];
  origins: RecordOrigin[];
  chunks: Chunk[];
  count: number;
}

interface TableShape {
  readonly schema: Field[];
  readonly timeColumn: string | null;
}

const CHUNK = 8192;

export interface OpenOptions {
  /** Create an empty store when the folder has none. */
  readonly create?: boolean;
}

/**
 * A store opened for reading: the tables of the latest commit. `readTable` reloads the manifest when it changed on
 * disk, so a long-lived reader sees new commits.
 */
export class Store {
  protected manifest: Manifest;
  private manifestStamp = '';
  private readonly cache = new Map<string, { segments: string[]; table: Table }>();

  protected constructor(readonly dir: string) {
    this.manifest = emptyManifest();
  }

  static open(dir: string, options: OpenOptions = {}): Store {
    if (!isStore(dir)) {
      if (!options.create) throw new StoreError(`${dir} is not an edgewatch store (no ${MANIFEST})`);
      return StoreWriter.openWriter(dir).closeWriter();
    }
    const s = new Store(dir);
    s.refresh();
    return s;
  }

  /** Rereads the manifest when the file changed (a rename gives it a new inode). True when it did. */
  refresh(): boolean {
    let st;
    try {
      st = statSync(join(this.dir, MANIFEST), { bigint: true });
    } catch (e) {
      throw new StoreError(`${this.dir} is not an edgewatch store (${(e as Error).message})`);
    }
    const stamp = `${st.ino}:${st.size}:${st.mtimeNs}`;
    if (stamp === this.manifestStamp) return false;
    this.manifest = readManifest(this.dir);
    this.manifestStamp = stamp;
    return true;
  }

  get generation(): number {
    return this.manifest.generation;
  }

  tableNames(): string[] {
    return Object.keys(this.manifest.tables).sort();
  }

  schemaOf(name: string): Schema | undefined {
    return this.manifest.tables[name]?.schema;
  }

  /** Committed rows of a table (events of every partition). */
  rowCount(name: string): number {
    let n = 0;
    for (const segs of Object.values(this.manifest.tables[name]?.partitions ?? {})) for (const s of segs) n += s.rows;
    return n;
  }

  /** Partitions of a table, oldest first, with their segments. */
  partitions(name: string): { partition: string; segments: SegmentMeta[] }[] {
    const parts = this.manifest.tables[name]?.partitions ?? {};
    return Object.keys(parts)
      .sort()
      .map((p) => ({ partition: p, segments: parts[p] }));
  }

  get quarantineFiles(): readonly QuarantineMeta[] {
    return this.manifest.quarantine;
  }

  /** The committed rows of a table as one columnar table (decoded segments are cached until the table changes). */
  readTable(name: string): Table {
    for (let attempt = 0; ; attempt++) {
      this.refresh();
      try {
        return this.readTableOnce(name);
      } catch (e) {
        // A compaction or retention swap may have deleted a segment between our manifest read and the file read.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 5) {
          this.manifestStamp = '';
          continue;
        }
        throw e;
      }
    }
  }

  private readTableOnce(name: string): Table {
    const meta = this.manifest.tables[name];
    if (!meta) throw new StoreError(`no table '${name}' in store ${this.dir}`);
    const segs: SegmentMeta[] = [];
    for (const p of Object.keys(meta.partitions).sort()) segs.push(...meta.partitions[p]);
    const ids = segs.map((s) => s.id);
    const cached = this.cache.get(name);
    if (cached && cached.segments.length === ids.length && cached.segments.every((id, i) => id === ids[i])) return cached.table;
    let table: Table;
    if (cached && cached.segments.every((id) => ids.includes(id))) {
      // Only new segments since the last read (commits append): decode those and append.
      const known = new Set(cached.segments);
      const fresh = segs.filter((s) => !known.has(s.id));
      table = concatTables(withHidden(meta.schema), [cached.table, ...fresh.map((s) => this.readSegment(meta, s))]);
      ids.splice(0, ids.length, ...cached.segments, ...fresh.map((s) => s.id));
    } else {
      table = concatTables(withHidden(meta.schema), segs.map((s) => this.readSegment(meta, s)));
    }
    if (table.length === 0) table = Table.fromBatches(meta.schema, []);
    this.cache.set(name, { segments: ids, table });
    return table;
  }

  /**
   * A segment's columns (all of the table's, or `columns`). A full read also returns the hidden ingestion-time
   * column last (null for segments written before the store kept it: Kusto's answer for data ingested without
   * its IngestionTime policy).
   */
  protected readSegment(meta: TableMeta, s: SegmentMeta, columns?: readonly string[]): Table {
    const bytes = readFileSync(join(this.dir, s.file));
    const t = decodeArrowFile(bytes, columns ?? meta.schema.map((f) => f.name), columns ? [] : [INGESTION_TIME_COLUMN]);
    const want = columns ? columns.map((c) => meta.schema.find((f) => f.name === c)!) : withHidden(meta.schema);
    t.schema.forEach((f, i) => {
      if (f.type !== want[i].type) throw new StoreError(`${s.file}: column ${f.name} is ${f.type}, the manifest says ${want[i].type}`);
    });
    if (columns || t.schema.length === want.length) return t;
    return new Table(want, [...t.columns, new ConstVector('datetime', null, t.length)], t.length);
  }
}

/** Options of the writer's maintenance. */
export interface WriterOptions {
  /** Compact a partition once it has more than this many segments (default 8). */
  readonly maxSegments?: number;
  /** Segments with fewer rows than this are "small" (default 50,000); 4 or more small ones are merged. */
  readonly smallRows?: number;
}

/**
 * The single writer of a store (a lock file keeps a second one out; a lock left by a dead process is taken over).
 * Records are added to a pending set; `commit()` makes them durable atomically.
 */
export class StoreWriter extends Store {
  private pending = new Map<string, TablePending>();
  private pendingRows = 0;
  private rejects: Rejected[] = [];
  /** Schemas of tables this writer has converted rows for (fixed by their first rows). */
  private readonly shapes = new Map<string, TableShape>();
  private readonly keySets = new Map<string, PartKeySet>();
  private readonly tableKeys = new Map<string, TableKeys>();
  private readonly ordinals = new Map<string, Map<number, number>>();
  private records = 0;
  private seq = 0;
  private committing: Promise<unknown> = Promise.resolve();
  private locked = false;
  private readonly maxSegments: number;
  private readonly smallRows: number;

  private constructor(dir: string, options: WriterOptions) {
    super(dir);
    this.maxSegments = options.maxSegments ?? 8;
    this.smallRows = options.smallRows ?? 50_000;
  }

  static openWriter(dir: string, options: WriterOptions = {}): StoreWriter {
    mkdirSync(dir, { recursive: true });
    const w = new StoreWriter(dir, options);
    w.lock();
    try {
      if (!isStore(dir)) {
        mkdirSync(join(dir, 'segments'), { recursive: true });
        mkdirSync(join(dir, 'quarantine'), { recursive: true });
        writeDurable(join(dir, MANIFEST), JSON.stringify(emptyManifest(), null, 1));
        fsyncDir(dir);
      }
      w.refresh();
      w.removeOrphans();
    } catch (e) {
      w.unlock();
      throw e;
    }
    return w;
  }

  /** Releases the lock and returns a plain reader of the same store. */
  closeWriter(): Store {
    this.unlock();
    return Store.open(this.dir);
  }

  close(): void {
    this.unlock();
  }

  private lock(): void {
    const path = join(this.dir, LOCK);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(path, String(process.pid), { flag: 'wx' });
        this.locked = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreError(`store ${this.dir} is being written by process ${pid}`);
      }
      rmSync(path, { force: true });
    }
    throw new StoreError(`cannot lock store ${this.dir}`);
  }

  private unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    rmSync(join(this.dir, LOCK), { force: true });
  }

  /** Deletes segment and quarantine files the manifest does not list (a commit that never completed). */
  private removeOrphans(): void {
    const listed = new Set<string>();
    for (const t of Object.values(this.manifest.tables)) for (const segs of Object.values(t.partitions)) for (const s of segs) listed.add(s.file);
    for (const q of this.manifest.quarantine) listed.add(q.file);
    const walk = (d: string): boolean => {
      let entries;
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch {
        return true;
      }
      let empty = true;
      for (const e of entries) {
        const p = join(d, e.name);
        if (e.isDirectory()) {
          if (walk(p)) rmSync(p, { recursive: true, force: true });
          else empty = false;
        } else if (!listed.has(relative(this.dir, p))) unlinkSync(p);
        else empty = false;
      }
      return empty;
    };
    walk(join(this.dir, 'segments'));
    mkdirSync(join(this.dir, 'segments'), { recursive: true });
    walk(join(this.dir, 'quarantine'));
    mkdirSync(join(this.dir, 'quarantine'), { recursive: true });
    for (const name of readdirSync(this.dir)) if (name.startsWith(`${MANIFEST}.tmp`)) rmSync(join(this.dir, name), { force: true });
  }

  /** Records added and not yet committed. */
  get pendingCount(): number {
    return this.pendingRows + this.rejects.length;
  }

  /** Adds a row of `table` (Defender column names, JSON-friendly values). */
  add(table: string, row: Record<string, unknown>, origin: RecordOrigin): void {
    this.records++;
    if (!TABLE_NAME.test(table)) {
      this.rejects.push({ ...origin, message: `not a valid table name: ${JSON.stringify(table)}`, raw: safeJson(row) });
      return;
    }
    if (row.ReportId === undefined || row.ReportId === null || row.ReportId === '') {
      const raw = canonicalJson({ ...row, ReportId: undefined, '#table': table });
      const base = reportIdFor(raw, 0);
      let counts = this.ordinals.get(origin.source);
      if (!counts) this.ordinals.set(origin.source, (counts = new Map()));
      const k = counts.get(base) ?? 0;
      counts.set(base, k + 1);
      row = { ...row, ReportId: k === 0 ? base : reportIdFor(raw, k) };
    }
    let tp = this.pending.get(table);
    if (!tp) this.pending.set(table, (tp = { rows: [], origins: [], chunks: [], count: 0 }));
    tp.rows.push(row);
    tp.origins.push(origin);
    tp.count++;
    this.pendingRows++;
    if (tp.rows.length >= CHUNK) this.flushChunk(table, tp);
  }

  /**
   * Adds rows of `table` already in columns (a reader's batch), with the input line of each row. A batch whose
   * schema is the table's goes to the store as it is; otherwise (a store made with another schema, rows without
   * ReportId) its rows take the `add` path, which converts them to the table's columns.
   */
  addBatch(table: string, data: Table, origin: { readonly source: string; readonly lines?: Int32Array }): void {
    const n = data.length;
    if (n === 0) return;
    const shape = TABLE_NAME.test(table) ? this.batchShape(table, data.schema) : null;
    if (!shape || !sameSchema(shape.schema, data.schema) || !hasEveryReportId(data)) {
      for (let i = 0; i < n; i++) this.add(table, inputRow(data, i), { source: origin.source, line: origin.lines?.[i] });
      return;
    }
    this.records += n;
    let tp = this.pending.get(table);
    if (!tp) this.pending.set(table, (tp = { rows: [], origins: [], chunks: [], count: 0 }));
    // Rows added one by one before this batch keep their place.
    this.flushChunk(table, tp);
    tp.chunks.push({ table: data, bad: new Map() });
    tp.count += n;
    this.pendingRows += n;
  }

  /** The shape of a table for a batch: as shapeOf, but an undocumented new table takes the batch's schema. */
  private batchShape(name: string, schema: Schema): TableShape {
    const known = this.shapes.get(name);
    if (known) return known;
    if (this.manifest.tables[name] || documentedSchema(name)) return this.shapeOf(name, []);
    const shape: TableShape = { schema: [...schema], timeColumn: schema.find((f) => f.name === 'Timestamp' && f.type === 'datetime')?.name ?? schema.find((f) => f.type === 'datetime')?.name ?? null };
    this.shapes.set(name, shape);
    return shape;
  }

  /** The schema of a table: the store's, else Defender's documented one, else inferred from its first rows. */
  private shapeOf(name: string, rows: readonly Record<string, unknown>[]): TableShape {
    let shape = this.shapes.get(name);
    if (shape) return shape;
    const existing = this.manifest.tables[name];
    if (existing) shape = { schema: existing.schema, timeColumn: existing.timeColumn };
    else {
      const doc = documentedSchema(name);
      if (doc) shape = doc;
      else {
        // Not a Defender table: the schema of its first rows, with `Timestamp` (or the first datetime) as time.
        const schema = tableFromRecords(rows).table.schema.map((f) => (f.type === 'decimal' ? { ...f, type: 'real' as const } : f));
        const timeColumn = schema.find((f) => f.name === 'Timestamp' && f.type === 'datetime')?.name ?? schema.find((f) => f.type === 'datetime')?.name ?? null;
        shape = { schema, timeColumn };
      }
    }
    this.shapes.set(name, shape);
    return shape;
  }

  private flushChunk(name: string, tp: TablePending): void {
    if (tp.rows.length === 0) return;
    const { schema } = this.shapeOf(name, tp.rows);
    const { table, errors } = tableFromRecords(tp.rows, schema);
    const bad = new Map<number, Rejected>();
    for (const e of errors) {
      if (bad.has(e.row)) continue;
      bad.set(e.row, { ...tp.origins[e.row], message: `${name}: column ${e.column}: ${e.message}`, raw: safeJson(tp.rows[e.row]) });
    }
    tp.chunks.push({ table, bad });
    tp.rows = [];
    tp.origins = [];
  }

  /** Records a rejected record; it is written to the quarantine by the next commit. */
  reject(r: Rejected): void {
    this.records++;
    this.rejects.push(r);
  }

  /**
   * Makes every record added so far durable, atomically. Commits run one at a time; records added while a commit
   * runs go to the next one. Resolves once the manifest rename is done (the records are then acknowledged).
   */
  commit(): Promise<CommitResult> {
    for (const [name, tp] of this.pending) this.flushChunk(name, tp);
    const pending = this.pending;
    const rejects = this.rejects;
    const acknowledged = this.records;
    this.pending = new Map();
    this.pendingRows = 0;
    this.rejects = [];
    const run = this.committing.then(() => this.commitNow(pending, rejects, acknowledged));
    this.committing = run.catch(() => undefined);
    return run;
  }

  private newId(): string {
    this.seq++;
    return `${String(this.manifest.generation + 1).padStart(8, '0')}-${randomBytes(4).toString('hex')}`;
  }

  private async commitNow(pending: Map<string, TablePending>, rejects: Rejected[], acknowledged: number): Promise<CommitResult> {
    this.refresh();
    const id = this.newId();
    // ingestion_time() of every row of this commit: the clock just before the data is committed (Kusto's
    // IngestionTime policy), stored as a hidden constant column of each segment.
    const ingested = BigInt(Date.now()) * TICKS_PER_MS;
    const tables: Record<string, TableMeta> = { ...this.manifest.tables };
    // Keys are added to the partitions' sets as rows are taken; a commit that fails takes them out again.
    const undo: { set: PartKeySet; size: number }[] = [];
    const written: string[] = [];
    const dirs = new Set<string>();
    let rows = 0;
    let duplicates = 0;
    const rejected: Rejected[] = [...rejects];
    try {
      for (const [name, tp] of pending) {
        const existing = tables[name];
        const { schema, timeColumn } = this.shapes.get(name)!;
        const table = concatTables(schema, tp.chunks.map((c) => c.table));
        const bad = new Set<number>();
        let base = 0;
        for (const c of tp.chunks) {
          for (const [i, r] of c.bad) {
            bad.add(base + i);
            rejected.push(r);
          }
          base += c.table.length;
        }
        const keyCols = keyColumnsOf(schema).map((i) => table.columns[i]);
        const keys = this.keysOf(name, schema).encode(keyCols, table.length);
        const timeIdx = timeColumn ? schema.findIndex((f) => f.name === timeColumn) : -1;
        const timeCol = timeIdx >= 0 ? materialize(table.columns[timeIdx]) : null;
        const days = timeCol && timeCol.enc === 'flat' ? dayPartitions(timeCol, table.length) : null;
        // Per partition: its key set, how many keys it had (to undo a failed commit), the rows to store.
        const parts = new Map<string, { set: PartKeySet; positions: number[] }>();
        const byDay: ({ set: PartKeySet; positions: number[] } | undefined)[] = [];
        const partFor = (part: string) => {
          let x = parts.get(part);
          if (!x) {
            const set = this.keySet(name, part, tables[name]);
            undo.push({ set, size: set.size });
            parts.set(part, (x = { set, positions: [] }));
          }
          return x;
        };
        for (let i = 0; i < table.length; i++) {
          if (bad.size > 0 && bad.has(i)) continue;
          const d = days ? days.part[i] : -1;
          const x = d >= 0 ? (byDay[d] ??= partFor(days!.names[d])) : partFor(UNDATED);
          if (!x.set.add(keys, i)) {
            duplicates++;
            continue;
          }
          x.positions.push(i);
        }
        if (![...parts.values()].some((x) => x.positions.length > 0) && existing) continue;
        const partitions: Record<string, SegmentMeta[]> = { ...(existing?.partitions ?? {}) };
        for (const [part, { positions }] of parts) {
          if (positions.length === 0) continue;
          const sel = Uint32Array.from(positions);
          // Every row in one partition (the common case for a live feed): no gather; a run of rows (time-ordered
          // input across a day boundary): views of it.
          const seg = sel.length === table.length ? table : (rowRange(table, sel) ?? new Table(schema, table.columns.map((c) => materialize(c.select(sel, sel.length))), sel.length));
          const meta = this.writeSegment(name, part, withIngestionTime(seg, ingested), timeIdx, id, dirs);
          written.push(meta.file);
          partitions[part] = [...(partitions[part] ?? []), meta];
          rows += sel.length;
        }
        tables[name] = { schema, timeColumn, partitions };
      }
      const quarantine = [...this.manifest.quarantine];
      if (rejected.length > 0) {
        const file = join('quarantine', `${id}.jsonl`);
        const text = rejected.map((r) => JSON.stringify({ source: r.source, line: r.line, offset: r.offset, message: r.message, raw: r.raw })).join('\n') + '\n';
        writeDurable(join(this.dir, file), text);
        written.push(file);
        dirs.add(join(this.dir, 'quarantine'));
        quarantine.push({ commit: id, file, records: rejected.length });
      }
      if (written.length === 0) return { id, rows: 0, duplicates, rejected, acknowledged, tables: [] };
      for (const d of dirs) fsyncDir(d);
      this.swapManifest({ ...this.manifest, generation: this.manifest.generation + 1, tables, quarantine });
    } catch (e) {
      // Not committed: remove what this attempt wrote (the next open would too), and forget its keys.
      for (const f of written) rmSync(join(this.dir, f), { force: true });
      for (const { set, size } of undo) set.truncate(size);
      throw e;
    }
    return { id, rows, duplicates, rejected, acknowledged, tables: [...pending.keys()] };
  }

  private writeSegment(table: string, part: string, seg: Table, timeIdx: number, commitId: string, dirs: Set<string>): SegmentMeta {
    const rel = join('segments', table, part, `${commitId}-${this.seq}-${randomBytes(2).toString('hex')}.arrow`);
    this.seq++;
    const path = join(this.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    dirs.add(dirname(path));
    dirs.add(dirname(dirname(path)));
    const bytes = encodeArrowFile(seg);
    writeDurable(path, bytes);
    let min: bigint | null = null;
    let max: bigint | null = null;
    if (timeIdx >= 0) {
      const c = seg.columns[timeIdx];
      for (let i = 0; i < seg.length; i++) {
        const t = c.get(i) as bigint | null;
        if (t === null) continue;
        if (min === null || t < min) min = t;
        if (max === null || t > max) max = t;
      }
    }
    return {
      id: rel.split('/').pop()!.replace(/\.arrow$/, ''),
      file: rel,
      rows: seg.length,
      bytes: bytes.length,
      minTime: min === null ? null : formatDatetime(min),
      maxTime: max === null ? null : formatDatetime(max),
    };
  }

  private swapManifest(m: Manifest): void {
    writeDurable(join(this.dir, MANIFEST), JSON.stringify(m, null, 1));
    fsyncDir(this.dir);
    this.manifest = m;
    this.refresh();
  }

  private keysOf(table: string, schema: Schema): TableKeys {
    let k = this.tableKeys.get(table);
    if (!k) this.tableKeys.set(table, (k = TableKeys.forSchema(schema, keyColumnsOf(schema))));
    return k;
  }

  /** The stored keys of a partition, loaded from its segments' key columns on first use. */
  private keySet(table: string, part: string, meta: TableMeta | undefined): PartKeySet {
    const k = `${table}\u0000${part}`;
    let s = this.keySets.get(k);
    if (s) return s;
    const schema = this.shapes.get(table)?.schema ?? this.manifest.tables[table]?.schema;
    const tk = this.keysOf(table, schema!);
    s = tk.newSet();
    const committed = this.manifest.tables[table];
    if (committed && meta) {
      const names = keyColumnsOf(committed.schema).map((i) => committed.schema[i].name);
      for (const seg of committed.partitions[part] ?? []) {
        const t = this.readSegment(committed, seg, names);
        const keys = tk.encode(t.columns, t.length);
        for (let i = 0; i < t.length; i++) s.add(keys, i);
      }
    }
    this.keySets.set(k, s);
    return s;
  }

  /**
   * Drops the partitions whose newest event is older than `now - retention` (ticks). Atomic: the manifest swap
   * comes first, the files are deleted after it. Returns the partitions dropped (`Table/yyyy-mm-dd`).
   */
  async applyRetention(retention: bigint, now: bigint): Promise<string[]> {
    await this.committing;
    this.refresh();
    const cutoff = now - retention;
    const dropped: string[] = [];
    const files: string[] = [];
    const tables: Record<string, TableMeta> = {};
    for (const [name, t] of Object.entries(this.manifest.tables)) {
      const partitions: Record<string, SegmentMeta[]> = {};
      for (const [part, segs] of Object.entries(t.partitions)) {
        const newest = segs.reduce<bigint | null>((acc, s) => {
          const m = s.maxTime === null ? null : parseDatetime(s.maxTime);
          return m === null ? acc : acc === null || m > acc ? m : acc;
        }, null);
        if (part !== UNDATED && newest !== null && newest < cutoff) {
          dropped.push(`${name}/${part}`);
          files.push(...segs.map((s) => s.file));
          this.keySets.delete(`${name}\u0000${part}`);
        } else partitions[part] = segs;
      }
      tables[name] = { ...t, partitions };
    }
    if (dropped.length === 0) return [];
    this.swapManifest({ ...this.manifest, generation: this.manifest.generation + 1, tables });
    this.deleteFiles(files);
    return dropped;
  }

  /**
   * Merges a partition's segments when it has more than `maxSegments`, or 4 or more small ones: the smallest are
   * merged into one new segment, the manifest swapped, and the old files deleted after the swap.
   * Returns the partitions compacted.
   */
  async compact(): Promise<string[]> {
    await this.committing;
    this.refresh();
    const done: string[] = [];
    for (const [name, t] of Object.entries(this.manifest.tables)) {
      for (const [part, segs] of Object.entries(t.partitions)) {
        const small = segs.filter((s) => s.rows < this.smallRows);
        const merge = new Set<SegmentMeta>(small.length >= 4 ? small : []);
        if (segs.length - merge.size + (merge.size ? 1 : 0) > this.maxSegments) {
          // Still too many: also merge the smallest ones so that about half the limit remain (log-structured).
          const keep = Math.max(1, Math.floor(this.maxSegments / 2)) - 1;
          for (const s of [...segs].sort((a, b) => a.rows - b.rows).slice(0, segs.length - keep)) merge.add(s);
        }
        if (merge.size < 2) continue;
        const timeIdx = t.timeColumn ? t.schema.findIndex((f) => f.name === t.timeColumn) : -1;
        // The hidden ingestion-time column is merged with the rest: each row keeps the time of its commit.
        const merged = concatTables(withHidden(t.schema), [...merge].map((s) => this.readSegment(t, s)));
        const dirs = new Set<string>();
        const id = this.newId();
        const meta = this.writeSegment(name, part, merged, timeIdx, id, dirs);
        for (const d of dirs) fsyncDir(d);
        const gone = new Set([...merge].map((s) => s.id));
        const partSegs = [...segs.filter((s) => !gone.has(s.id)), meta];
        const tables = { ...this.manifest.tables, [name]: { ...this.manifest.tables[name], partitions: { ...this.manifest.tables[name].partitions, [part]: partSegs } } };
        try {
          this.swapManifest({ ...this.manifest, generation: this.manifest.generation + 1, tables });
        } catch (e) {
          rmSync(join(this.dir, meta.file), { force: true });
          throw e;
        }
        this.deleteFiles([...merge].map((s) => s.file));
        done.push(`${name}/${part}`);
      }
    }
    return done;
  }

  private deleteFiles(files: string[]): void {
    for (const f of files) rmSync(join(this.dir, f), { force: true });
  }
}

const TICKS_PER_MS = 10_000n;

/** A table's schema with the hidden ingestion-time column that every full segment read returns last. */
function withHidden(schema: Schema): Field[] {
  return [...schema, INGESTION_TIME_FIELD];
}

/** Rows `sel` of a table as views (no copy of typed data) when they are consecutive and no column has a selection, else null. */
function rowRange(t: Table, sel: Uint32Array): Table | null {
  const n = sel.length;
  const from = sel[0];
  const to = from + n;
  if (sel[n - 1] !== to - 1) return null;
  const cols: Vector[] = [];
  for (const c of t.columns) {
    if (c.sel !== null) return null;
    if (c.enc === 'dict') cols.push(new DictVector(c.type, c.codes.subarray(from, to), c.dict));
    else if (c.enc === 'const') cols.push(new ConstVector(c.type, c.value, n));
    else if (c.data instanceof Array) cols.push(new FlatVector(c.type, c.data.slice(from, to), null));
    else cols.push(new FlatVector(c.type, c.data.subarray(from, to), c.nulls ? c.nulls.subarray(from, to) : null));
  }
  return new Table(t.schema, cols, n);
}

function sameSchema(a: Schema, b: Schema): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.type === b[i].type);
}

/** False when a row of the batch lacks a ReportId (the `add` path derives one). */
function hasEveryReportId(t: Table): boolean {
  const j = t.schema.findIndex((f) => f.name === 'ReportId');
  if (j < 0) return true;
  const c = t.columns[j];
  for (let i = 0; i < t.length; i++) {
    const v = c.get(i);
    if (v === null || v === '') return false;
  }
  return true;
}

/** Row `i` of a table as a reader's row (datetimes and timespans as text, which convertValue reads back exactly). */
function inputRow(t: Table, i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  t.schema.forEach((f, j) => {
    const v = t.columns[j].get(i);
    if (v === null) return;
    row[f.name] = f.type === 'datetime' ? formatDatetime(v as bigint) : f.type === 'timespan' ? formatTimespan(v as bigint) : v;
  });
  return row;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

