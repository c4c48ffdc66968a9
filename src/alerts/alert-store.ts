/**
 * The alert store: alerts and their evidence in one SQLite file (better-sqlite3, WAL so that `edgewatch alerts`
 * can read while `watch` writes).
 *
 * De-duplication: an alert for the same (rule, remote IP, suppressed or not) whose time span lies within the
 * suppression window (default 24 h) of an alert that is not closed updates that alert instead of opening a new one.
 * Suppressed alerts (an allow-list entry matched) are kept apart from real ones, so that a change of the allow-list
 * never hides or reveals an alert already shown.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Alert, AlertContext, Severity } from '../detect/alert.js';
import { canonicalIp } from '../detect/ip-list.js';
import { sqlite, type Database } from './sqlite.js';

export type AlertStatus = 'new' | 'acknowledged' | 'closed';
export const ALERT_STATUSES: readonly AlertStatus[] = ['new', 'acknowledged', 'closed'];

/** One probe behind an alert. */
export type { Evidence } from '../detect/alert.js';
import type { Evidence } from '../detect/alert.js';

export interface StoredAlert {
  readonly id: number;
  readonly status: AlertStatus;
  readonly suppressed: boolean;
  /** ISO 8601 UTC, wall clock of the store. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Times a detection updated this alert after it was opened. */
  readonly updates: number;
  readonly alert: Alert;
}

export interface StoredAlertWithEvidence extends StoredAlert {
  readonly evidence: readonly Evidence[];
}

export interface UpsertResult {
  readonly id: number;
  /** True when a new alert was opened, false when an open one was updated. */
  readonly created: boolean;
  readonly stored: StoredAlert;
}

export interface ListOptions {
  readonly status?: AlertStatus | readonly AlertStatus[];
  /** Alerts whose last activity is at or after this ISO time. */
  readonly since?: string;
  readonly limit?: number;
  readonly ruleId?: string;
  readonly remoteIp?: string;
}

export interface AlertStoreOptions {
  /** Default 24 h. */
  readonly suppressionWindowMs?: number;
  /** Wall clock for created/updated stamps (tests pin it). */
  readonly now?: () => Date;
  /** Open an existing file only. */
  readonly mustExist?: boolean;
}

export class AlertStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertStoreError';
  }
}

export class AlertNotFoundError extends AlertStoreError {
  readonly alertId: number;
  constructor(id: number) {
    super(`no alert with id ${id}`);
    this.name = 'AlertNotFoundError';
    this.alertId = id;
  }
}

export const DEFAULT_SUPPRESSION_WINDOW_MS = 24 * 3600 * 1000;
export const ALERT_DB_FILE = 'alerts.sqlite';

/** Each entry upgrades the schema from version i to i + 1; the file's PRAGMA user_version says where it stands. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE alerts (
     id            INTEGER PRIMARY KEY AUTOINCREMENT,
     rule_id       TEXT    NOT NULL,
     title         TEXT    NOT NULL,
     severity      TEXT    NOT NULL CHECK (severity IN ('Informational', 'Low', 'Medium', 'High')),
     techniques    TEXT    NOT NULL,                -- JSON array
     entity_key    TEXT    NOT NULL,                -- canonical remote IP
     remote_ip     TEXT    NOT NULL,                -- as the detector reported it
     device_ids    TEXT    NOT NULL,                -- JSON array
     local_ips     TEXT    NOT NULL,                -- JSON array
     ports         TEXT    NOT NULL,                -- JSON array, ascending
     first_seen    TEXT    NOT NULL,                -- ISO 8601 as reported (may carry 100 ns digits)
     last_seen     TEXT    NOT NULL,
     first_seen_ms INTEGER NOT NULL,                -- for comparisons and indexes
     last_seen_ms  INTEGER NOT NULL,
     count         INTEGER NOT NULL CHECK (count >= 0),
     status        TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'closed')),
     context       TEXT    NOT NULL,                -- JSON object
     suppressed    INTEGER NOT NULL DEFAULT 0 CHECK (suppressed IN (0, 1)),
     updates       INTEGER NOT NULL DEFAULT 0,
     created_at    TEXT    NOT NULL,
     updated_at    TEXT    NOT NULL
   );
   CREATE INDEX alerts_entity ON alerts (rule_id, entity_key, suppressed, status, last_seen_ms);
   CREATE INDEX alerts_last_seen ON alerts (last_seen_ms);
   CREATE TABLE evidence (
     id        INTEGER PRIMARY KEY,
     alert_id  INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
     time      TEXT    NOT NULL,
     time_ms   INTEGER NOT NULL,
     device_id TEXT    NOT NULL,
     local_ip  TEXT    NOT NULL,
     port      INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
     protocol  TEXT    NOT NULL,
     outcome   TEXT    NOT NULL
   );
   -- A re-run over an overlapping lookback reports the same probes again: keep one row each.
   CREATE UNIQUE INDEX evidence_unique ON evidence (alert_id, time, device_id, local_ip, port, protocol);`,
];
export const SCHEMA_VERSION = MIGRATIONS.length;

const SEVERITY_RANK: Record<Severity, number> = { Informational: 0, Low: 1, Medium: 2, High: 3 };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isoMs(s: unknown, what: string): number {
  if (typeof s !== 'string' || !ISO.test(s)) throw new AlertStoreError(`${what} is not an ISO 8601 time with a zone: ${JSON.stringify(s)}`);
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new AlertStoreError(`${what} is not a valid time: ${s}`);
  return ms;
}

function checkId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw new AlertStoreError(`alert id must be a positive integer (got ${String(id)})`);
  return id;
}

function sortedUnion<T>(a: readonly T[], b: readonly T[], cmp?: (x: T, y: T) => number): T[] {
  return [...new Set([...a, ...b])].sort(cmp);
}

const byNumber = (x: number, y: number) => x - y;

interface AlertRow {
  id: number;
  rule_id: string;
  title: string;
  severity: Severity;
  techniques: string;
  entity_key: string;
  remote_ip: string;
  device_ids: string;
  local_ips: string;
  ports: string;
  first_seen: string;
  last_seen: string;
  first_seen_ms: number;
  last_seen_ms: number;
  count: number;
  status: AlertStatus;
  context: string;
  suppressed: number;
  updates: number;
  created_at: string;
  updated_at: string;
}

interface EvidenceRow {
  time: string;
  device_id: string;
  local_ip: string;
  port: number;
  protocol: string;
  outcome: string;
}

function rowToStored(r: AlertRow): StoredAlert {
  const alert: Alert = {
    ruleId: r.rule_id,
    title: r.title,
    severity: r.severity,
    techniques: JSON.parse(r.techniques),
    entities: { remoteIp: r.remote_ip, deviceIds: JSON.parse(r.device_ids), localIps: JSON.parse(r.local_ips), ports: JSON.parse(r.ports) },
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    count: r.count,
    context: JSON.parse(r.context),
  };
  return { id: r.id, status: r.status, suppressed: r.suppressed === 1, createdAt: r.created_at, updatedAt: r.updated_at, updates: r.updates, alert };
}

function validateAlert(a: Alert): void {
  if (!a || typeof a !== 'object') throw new AlertStoreError('alert must be an object');
  if (typeof a.ruleId !== 'string' || !a.ruleId) throw new AlertStoreError('alert.ruleId must be a non-empty string');
  if (typeof a.title !== 'string') throw new AlertStoreError('alert.title must be a string');
  if (!(a.severity in SEVERITY_RANK)) throw new AlertStoreError(`alert.severity must be Informational, Low, Medium or High (got ${JSON.stringify(a.severity)})`);
  if (!Array.isArray(a.techniques)) throw new AlertStoreError('alert.techniques must be an array');
  if (!a.entities || typeof a.entities.remoteIp !== 'string' || !a.entities.remoteIp) throw new AlertStoreError('alert.entities.remoteIp must be a non-empty string');
  for (const p of a.entities.ports ?? []) {
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new AlertStoreError(`alert.entities.ports: ${String(p)} is not a port number`);
  }
  if (!Number.isSafeInteger(a.count) || a.count < 0) throw new AlertStoreError(`alert.count must be a non-negative integer (got ${String(a.count)})`);
}

function validateEvidence(e: Evidence, i: number): number {
  const ms = isoMs(e.time, `evidence[${i}].time`);
  if (!Number.isInteger(e.port) || e.port < 0 || e.port > 65535) throw new AlertStoreError(`evidence[${i}].port: ${String(e.port)} is not a port number`);
  for (const k of ['deviceId', 'localIp', 'protocol', 'outcome'] as const) {
    if (typeof e[k] !== 'string') throw new AlertStoreError(`evidence[${i}].${k} must be a string`);
  }
  return ms;
}

/** Context of an updated alert: the newest enrichment wins, the port and vulnerability facts accumulate. */
function mergeContext(old: AlertContext, neu: AlertContext): AlertContext {
  const merged: Record<string, unknown> = { ...old, ...neu };
  const answered = sortedUnion(old.portsAnswered ?? [], neu.portsAnswered ?? [], byNumber);
  if (old.portsAnswered || neu.portsAnswered) merged.portsAnswered = answered;
  if (old.portsProbedOnly || neu.portsProbedOnly) {
    // A port that answered once is no longer "only probed".
    const set = new Set(answered);
    merged.portsProbedOnly = sortedUnion(old.portsProbedOnly ?? [], neu.portsProbedOnly ?? [], byNumber).filter((p) => !set.has(p));
  }
  if (old.vulnerabilities || neu.vulnerabilities) {
    const seen = new Map<string, NonNullable<AlertContext['vulnerabilities']>[number]>();
    for (const v of [...(old.vulnerabilities ?? []), ...(neu.vulnerabilities ?? [])]) seen.set(`${v.deviceId}\u0000${v.cveId}`, v);
    merged.vulnerabilities = [...seen.values()];
  }
  if (old.firstProbe && neu.firstProbe) merged.firstProbe = Date.parse(old.firstProbe) <= Date.parse(neu.firstProbe) ? old.firstProbe : neu.firstProbe;
  if (old.lastProbe && neu.lastProbe) merged.lastProbe = Date.parse(old.lastProbe) >= Date.parse(neu.lastProbe) ? old.lastProbe : neu.lastProbe;
  return merged as AlertContext;
}

export class AlertStore {
  readonly path: string;
  readonly suppressionWindowMs: number;
  private readonly db: Database;
  private readonly now: () => Date;

  private constructor(path: string, db: Database, options: AlertStoreOptions) {
    this.path = path;
    this.db = db;
    this.now = options.now ?? (() => new Date());
    const w = options.suppressionWindowMs ?? DEFAULT_SUPPRESSION_WINDOW_MS;
    if (!Number.isFinite(w) || w < 0) throw new AlertStoreError(`suppression window must be a non-negative number of milliseconds (got ${w})`);
    this.suppressionWindowMs = w;
  }

  /** Opens (creating when needed) the store file and brings its schema up to date. */
  static open(path: string, options: AlertStoreOptions = {}): AlertStore {
    if (!options.mustExist && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const Db = sqlite();
    let db: Database;
    try {
      db = new Db(path, { fileMustExist: options.mustExist ?? false, timeout: 5000 });
    } catch (e) {
      throw new AlertStoreError(`cannot open alert store ${path}: ${(e as Error).message}`);
    }
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      // WAL makes NORMAL durable against application crashes; only a power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      migrate(db, path);
      return new AlertStore(path, db, options);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  get journalMode(): string {
    return this.db.pragma('journal_mode', { simple: true }) as string;
  }

  /**
   * Records an alert: updates the matching open alert (same rule, remote IP and suppression, not closed, time spans
   * no more than the suppression window apart), else opens a new one. Evidence rows already stored are not repeated.
   */
  upsert(alert: Alert, evidence: readonly Evidence[] = []): UpsertResult {
    validateAlert(alert);
    const first = isoMs(alert.firstSeen, 'alert.firstSeen');
    const last = isoMs(alert.lastSeen, 'alert.lastSeen');
    if (last < first) throw new AlertStoreError(`alert.lastSeen ${alert.lastSeen} is before alert.firstSeen ${alert.firstSeen}`);
    const evMs = evidence.map(validateEvidence);
    const key = canonicalIp(alert.entities.remoteIp)?.ip ?? alert.entities.remoteIp;
    const suppressed = alert.context?.suppressedBy ? 1 : 0;
    const stamp = this.now().toISOString();
    const w = this.suppressionWindowMs;

    return this.db.transaction((): UpsertResult => {
      // Intervals [first, last] within w of each other: existing.last >= first - w and existing.first <= last + w.
      const open = this.db
        .prepare(
          `SELECT * FROM alerts WHERE rule_id = ? AND entity_key = ? AND suppressed = ? AND status <> 'closed'
             AND last_seen_ms >= ? AND first_seen_ms <= ? ORDER BY last_seen_ms DESC, id DESC LIMIT 1`,
        )
        .get(alert.ruleId, key, suppressed, first - w, last + w) as AlertRow | undefined;
      let id: number;
      let created: boolean;
      if (!open) {
        const r = this.db
          .prepare(
            `INSERT INTO alerts (rule_id, title, severity, techniques, entity_key, remote_ip, device_ids, local_ips, ports,
               first_seen, last_seen, first_seen_ms, last_seen_ms, count, context, suppressed, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            alert.ruleId,
            alert.title,
            alert.severity,
            JSON.stringify([...alert.techniques]),
            key,
            alert.entities.remoteIp,
            JSON.stringify(sortedUnion(alert.entities.deviceIds ?? [], [])),
            JSON.stringify(sortedUnion(alert.entities.localIps ?? [], [])),
            JSON.stringify(sortedUnion(alert.entities.ports ?? [], [], byNumber)),
            alert.firstSeen,
            alert.lastSeen,
            first,
            last,
            alert.count,
            JSON.stringify(alert.context ?? {}),
            suppressed,
            stamp,
            stamp,
          );
        id = Number(r.lastInsertRowid);
        created = true;
      } else {
        const old = rowToStored(open).alert;
        // A later, disjoint span holds new probes: add them. An overlapping span is a re-detection over an
        // overlapping lookback (queryPeriod > queryFrequency) that counts the same probes again: keep the larger.
        const count = first > open.last_seen_ms ? open.count + alert.count : Math.max(open.count, alert.count);
        const takeFirst = first < open.first_seen_ms;
        const takeLast = last > open.last_seen_ms;
        const severity = SEVERITY_RANK[alert.severity] > SEVERITY_RANK[old.severity] ? alert.severity : old.severity;
        this.db
          .prepare(
            `UPDATE alerts SET title = ?, severity = ?, techniques = ?, device_ids = ?, local_ips = ?, ports = ?,
               first_seen = ?, first_seen_ms = ?, last_seen = ?, last_seen_ms = ?, count = ?, context = ?,
               updates = updates + 1, updated_at = ? WHERE id = ?`,
          )
          .run(
            alert.title,
            severity,
            JSON.stringify(sortedUnion(old.techniques, alert.techniques)),
            JSON.stringify(sortedUnion(old.entities.deviceIds, alert.entities.deviceIds ?? [])),
            JSON.stringify(sortedUnion(old.entities.localIps, alert.entities.localIps ?? [])),
            JSON.stringify(sortedUnion(old.entities.ports, alert.entities.ports ?? [], byNumber)),
            takeFirst ? alert.firstSeen : open.first_seen,
            takeFirst ? first : open.first_seen_ms,
            takeLast ? alert.lastSeen : open.last_seen,
            takeLast ? last : open.last_seen_ms,
            count,
            JSON.stringify(mergeContext(old.context, alert.context ?? {})),
            stamp,
            open.id,
          );
        id = open.id;
        created = false;
      }
      const ins = this.db.prepare(
        `INSERT OR IGNORE INTO evidence (alert_id, time, time_ms, device_id, local_ip, port, protocol, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      evidence.forEach((e, i) => ins.run(id, e.time, evMs[i], e.deviceId, e.localIp, e.port, e.protocol, e.outcome));
      return { id, created, stored: this.row(id) };
      // IMMEDIATE: two writers (watch and detect) must not both see "no open alert" and both open one.
    }).immediate();
  }

  /** Alerts, most recent activity first. */
  list(options: ListOptions = {}): StoredAlert[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.status !== undefined) {
      const statuses = typeof options.status === 'string' ? [options.status] : [...options.status];
      for (const s of statuses) if (!ALERT_STATUSES.includes(s)) throw new AlertStoreError(`unknown status '${s}' (new, acknowledged or closed)`);
      if (statuses.length === 0) return [];
      where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    if (options.since !== undefined) {
      where.push('last_seen_ms >= ?');
      params.push(isoMs(options.since, 'since'));
    }
    if (options.ruleId !== undefined) {
      where.push('rule_id = ?');
      params.push(options.ruleId);
    }
    if (options.remoteIp !== undefined) {
      where.push('entity_key = ?');
      params.push(canonicalIp(options.remoteIp)?.ip ?? options.remoteIp);
    }
    let sql = `SELECT * FROM alerts${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen_ms DESC, id DESC`;
    if (options.limit !== undefined) {
      if (!Number.isSafeInteger(options.limit) || options.limit < 1) throw new AlertStoreError(`limit must be a positive integer (got ${options.limit})`);
      sql += ' LIMIT ?';
      params.push(options.limit);
    }
    return (this.db.prepare(sql).all(...params) as AlertRow[]).map(rowToStored);
  }

  /** One alert with its evidence (oldest probe first). */
  get(id: number): StoredAlertWithEvidence {
    const stored = this.row(checkId(id));
    const rows = this.db
      .prepare('SELECT time, device_id, local_ip, port, protocol, outcome FROM evidence WHERE alert_id = ? ORDER BY time_ms, id')
      .all(id) as EvidenceRow[];
    const evidence = rows.map((r) => ({ time: r.time, deviceId: r.device_id, localIp: r.local_ip, port: r.port, protocol: r.protocol, outcome: r.outcome }));
    return { ...stored, evidence };
  }

  /** Marks an alert acknowledged; a closed alert cannot be acknowledged. */
  ack(id: number): StoredAlert {
    return this.setStatus(id, 'acknowledged');
  }

  /** Closes an alert: later detections of the same source open a new one. Closing a closed alert changes nothing. */
  close(id: number): StoredAlert {
    return this.setStatus(id, 'closed');
  }

  /** Closes the database (the method `close` closes an alert). */
  dispose(): void {
    if (this.db.open) this.db.close();
  }

  private setStatus(id: number, status: AlertStatus): StoredAlert {
    checkId(id);
    return this.db.transaction((): StoredAlert => {
      const cur = this.row(id);
      if (cur.status === status) return cur;
      if (cur.status === 'closed') throw new AlertStoreError(`alert ${id} is closed; it cannot be ${status === 'new' ? 'reopened' : status}`);
      this.db.prepare('UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?').run(status, this.now().toISOString(), id);
      return this.row(id);
    }).immediate();
  }

  private row(id: number): StoredAlert {
    const r = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    if (!r) throw new AlertNotFoundError(id);
    return rowToStored(r);
  }
}

function migrate(db: Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new AlertStoreError(`alert store ${path} has schema version ${version}, newer than this edgewatch understands (${SCHEMA_VERSION}); upgrade edgewatch`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      // Another process may have migrated between our read and this write lock: read again under the lock.
      if ((db.pragma('user_version', { simple: true }) as number) !== v) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
