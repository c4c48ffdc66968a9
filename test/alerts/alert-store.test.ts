import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { AlertStore, AlertNotFoundError, AlertStoreError, SCHEMA_VERSION, type StoredAlert } from '../../src/alerts/alert-store.js';
import { mkAlert, ev } from './fixtures.js';

const HOUR = 3600_000;
let dir: string;
let path: string;
const clock = { t: Date.parse('2024-05-01T12:00:00Z') };
const now = () => new Date(clock.t);
let store: AlertStore;

beforeEach(() => {
  clock.t = Date.parse('2024-05-01T12:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'edgewatch-alerts-'));
  path = join(dir, 'sub', 'alerts.sqlite');
  store = AlertStore.open(path, { now });
});
afterEach(() => {
  store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening', () => {
  test('creates the file in WAL mode at the current schema version', () => {
    assert.equal(store.journalMode, 'wal');
    assert.equal(store.schemaVersion, SCHEMA_VERSION);
    assert.equal(SCHEMA_VERSION, 1);
    store.upsert(mkAlert());
    assert.ok(existsSync(path));
    assert.ok(existsSync(path + '-wal'), 'WAL file exists while the database is open');
  });

  test('persists across reopen, with evidence, and a second connection reads while one is open', () => {
    const { id } = store.upsert(mkAlert(), [ev('2024-05-01T10:00:00Z', 22), ev('2024-05-01T10:01:00Z', 80)]);
    store.ack(id);
    // A second reader on the same file while the writer is open (what `edgewatch alerts` does during `watch`).
    const other = AlertStore.open(path, { mustExist: true });
    assert.equal(other.get(id).status, 'acknowledged');
    other.dispose();
    store.dispose();
    store = AlertStore.open(path, { now });
    const got = store.get(id);
    assert.equal(got.status, 'acknowledged');
    assert.deepEqual(got.alert, mkAlert());
    assert.deepEqual(got.evidence.map((e) => [e.time, e.port, e.protocol, e.outcome]), [
      ['2024-05-01T10:00:00Z', 22, 'Tcp', 'closed'],
      ['2024-05-01T10:01:00Z', 80, 'Tcp', 'closed'],
    ]);
  });

  test('refuses a file from a newer edgewatch, and a missing file with mustExist', () => {
    store.dispose();
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => AlertStore.open(path), /schema version 99, newer than this edgewatch understands \(1\)/);
    assert.throws(() => AlertStore.open(join(dir, 'none.sqlite'), { mustExist: true }), AlertStoreError);
    store = AlertStore.open(join(dir, 'fresh.sqlite'));
  });
});

describe('upsert', () => {
  test('a new alert is stored as given, status new, not suppressed', () => {
    const r = store.upsert(mkAlert());
    assert.equal(r.created, true);
    assert.equal(r.stored.status, 'new');
    assert.equal(r.stored.suppressed, false);
    assert.equal(r.stored.createdAt, '2024-05-01T12:00:00.000Z');
    assert.deepEqual(r.stored.alert, mkAlert());
  });

  test('same rule and source within the window updates the open alert: span, counts, ports, devices merge', () => {
    const a = store.upsert(mkAlert(), [ev('2024-05-01T10:00:00Z', 22)]);
    clock.t += HOUR;
    const b = store.upsert(
      mkAlert({
        severity: 'High',
        firstSeen: '2024-05-01T14:00:00Z',
        lastSeen: '2024-05-01T14:10:00Z',
        count: 12,
        techniques: ['T1595'],
        entities: { deviceIds: ['dev-b'], localIps: ['198.51.100.11'], ports: [8080, 22] },
        context: { country: 'NL', scanType: 'vertical', portsAnswered: [22], portsProbedOnly: [8080] },
      }),
      [ev('2024-05-01T14:00:00Z', 8080, { deviceId: 'dev-b', localIp: '198.51.100.11' }), ev('2024-05-01T10:00:00Z', 22)],
    );
    assert.equal(b.created, false);
    assert.equal(b.id, a.id);
    const s = store.get(a.id);
    assert.equal(s.alert.firstSeen, '2024-05-01T10:00:00Z');
    assert.equal(s.alert.lastSeen, '2024-05-01T14:10:00Z');
    assert.equal(s.alert.count, 42, 'disjoint later span: counts add');
    assert.equal(s.alert.severity, 'High', 'the higher severity wins');
    assert.deepEqual(s.alert.techniques, ['T1595', 'T1595.001']);
    assert.deepEqual(s.alert.entities.ports, [22, 80, 443, 8080]);
    assert.deepEqual(s.alert.entities.deviceIds, ['dev-a', 'dev-b']);
    assert.deepEqual(s.alert.entities.localIps, ['198.51.100.10', '198.51.100.11']);
    assert.deepEqual(s.alert.context.portsAnswered, [22, 443]);
    assert.deepEqual(s.alert.context.portsProbedOnly, [80, 8080], '22 answered once, so it is no longer only probed');
    assert.equal(s.evidence.length, 2, 'the repeated evidence row is stored once');
    assert.equal(s.updates, 1);
    assert.equal(s.updatedAt, '2024-05-01T13:00:00.000Z');
    assert.equal(s.createdAt, '2024-05-01T12:00:00.000Z');
    assert.equal(store.list().length, 1);
  });

  test('an overlapping re-detection keeps the larger count instead of counting probes twice', () => {
    const a = store.upsert(mkAlert({ firstSeen: '2024-05-01T10:00:00Z', lastSeen: '2024-05-01T10:50:00Z', count: 100 }));
    store.upsert(mkAlert({ firstSeen: '2024-05-01T10:00:00Z', lastSeen: '2024-05-01T11:50:00Z', count: 150 }));
    assert.equal(store.get(a.id).alert.count, 150);
    assert.equal(store.get(a.id).alert.lastSeen, '2024-05-01T11:50:00Z');
  });

  // Cases: [what, second alert, same alert expected]
  const cases: [string, Parameters<typeof mkAlert>[0], boolean][] = [
    ['just inside the window', { firstSeen: '2024-05-02T10:05:00Z', lastSeen: '2024-05-02T10:06:00Z' }, true],
    ['just outside the window', { firstSeen: '2024-05-02T10:05:00.001Z', lastSeen: '2024-05-02T10:06:00Z' }, false],
    ['earlier, within the window before', { firstSeen: '2024-04-30T09:00:00Z', lastSeen: '2024-04-30T10:00:00Z' }, true],
    ['earlier, beyond the window', { firstSeen: '2024-04-29T09:00:00Z', lastSeen: '2024-04-30T09:59:59Z' }, false],
    ['another rule', { ruleId: 'scan-horizontal' }, false],
    ['another source', { entities: { remoteIp: '203.0.113.8' } }, false],
    ['the same source spelled as IPv4-mapped IPv6', { entities: { remoteIp: '::ffff:203.0.113.7' } }, true],
    ['a suppressed alert for the same source', { context: { suppressedBy: 'AS64500' } }, false],
  ];
  for (const [what, second, same] of cases) {
    test(`dedup: ${what} -> ${same ? 'updates' : 'opens a new alert'}`, () => {
      const a = store.upsert(mkAlert());
      const b = store.upsert(mkAlert(second));
      assert.equal(b.created, !same);
      assert.equal(b.id === a.id, same);
      assert.equal(store.list().length, same ? 1 : 2);
    });
  }

  test('the window is configurable', () => {
    store.dispose();
    store = AlertStore.open(path, { now, suppressionWindowMs: HOUR });
    const a = store.upsert(mkAlert());
    assert.equal(store.upsert(mkAlert({ firstSeen: '2024-05-01T11:05:00Z', lastSeen: '2024-05-01T11:06:00Z' })).id, a.id);
    assert.notEqual(store.upsert(mkAlert({ firstSeen: '2024-05-01T12:06:01Z', lastSeen: '2024-05-01T12:07:00Z' })).id, a.id);
    assert.throws(() => AlertStore.open(path, { suppressionWindowMs: -1 }), /suppression window/);
  });

  test('a closed alert is not updated: the next detection opens a new one; an acknowledged one is updated', () => {
    const a = store.upsert(mkAlert());
    store.ack(a.id);
    const b = store.upsert(mkAlert({ count: 5, firstSeen: '2024-05-01T11:00:00Z', lastSeen: '2024-05-01T11:01:00Z' }));
    assert.equal(b.id, a.id);
    assert.equal(b.stored.status, 'acknowledged');
    store.close(a.id);
    const c = store.upsert(mkAlert({ firstSeen: '2024-05-01T11:30:00Z', lastSeen: '2024-05-01T11:31:00Z' }));
    assert.equal(c.created, true);
    assert.notEqual(c.id, a.id);
    assert.equal(c.stored.status, 'new');
  });

  test('a failure midway through the evidence rolls back the alert row too', () => {
    const existing = store.upsert(mkAlert()).id;
    // A trigger on a second connection makes the second evidence insert fail inside upsert's transaction.
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(path);
    db.exec(`CREATE TRIGGER boom BEFORE INSERT ON evidence WHEN NEW.port = 9999 BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    db.close();
    const before = store.get(existing);
    assert.throws(() => store.upsert(mkAlert({ ruleId: 'other' }), [ev('2024-05-01T10:00:00Z', 22), ev('2024-05-01T10:00:01Z', 9999)]), /boom/);
    assert.throws(() => store.upsert(mkAlert({ count: 7, lastSeen: '2024-05-01T11:00:00Z' }), [ev('2024-05-01T10:00:00Z', 9999)]), /boom/);
    assert.deepEqual(store.list().map((s) => s.id), [existing], 'no new alert');
    assert.deepEqual(store.get(existing), before, 'the open alert is unchanged');
  });

  test('two processes creating a fresh store and upserting the same source concurrently open exactly one alert', async () => {
    store.dispose();
    const racePath = join(dir, 'race', 'alerts.sqlite');
    const storeUrl = new URL('../../src/alerts/alert-store.ts', import.meta.url).href;
    const script = `
      const { AlertStore } = await import(${JSON.stringify(storeUrl)});
      const s = AlertStore.open(process.argv[1]);
      for (let i = 0; i < 40; i++) {
        s.upsert({ ruleId: 'race', title: 't', severity: 'Low', techniques: [], entities: { remoteIp: '203.0.113.1', deviceIds: [], localIps: [], ports: [i] },
          firstSeen: '2024-05-01T10:00:00Z', lastSeen: '2024-05-01T10:00:00Z', count: 1, context: {} });
      }
      s.dispose();`;
    const { spawn } = await import('node:child_process');
    const runOne = () =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, racePath], { stdio: ['ignore', 'ignore', 'inherit'] });
        p.on('exit', (code) => resolve(code ?? 1));
      });
    assert.deepEqual(await Promise.all([runOne(), runOne()]), [0, 0]);
    store = AlertStore.open(racePath, { now });
    assert.equal(store.schemaVersion, 1);
    const all = store.list({ ruleId: 'race' });
    assert.equal(all.length, 1);
    assert.equal(all[0].updates, 79);
    assert.equal(all[0].alert.entities.ports.length, 40);
  });

  test('suppressed alerts are flagged', () => {
    const r = store.upsert(mkAlert({ context: { suppressedBy: '203.0.113.0/24' } }));
    assert.equal(r.stored.suppressed, true);
  });

  test('invalid input is refused and nothing is written (the transaction rolls back)', () => {
    const bad: [string, () => unknown, RegExp][] = [
      ['bad severity', () => store.upsert({ ...mkAlert(), severity: 'Severe' as never }), /severity/],
      ['bad time', () => store.upsert(mkAlert({ firstSeen: '2024-05-01 10:00' })), /ISO 8601/],
      ['last before first', () => store.upsert(mkAlert({ firstSeen: '2024-05-01T11:00:00Z', lastSeen: '2024-05-01T10:00:00Z' })), /before/],
      ['bad port', () => store.upsert(mkAlert({ entities: { ports: [70000] } })), /not a port/],
      ['bad evidence', () => store.upsert(mkAlert(), [ev('2024-05-01T10:00:00Z', 22), ev('2024-05-01T10:00:00Z', -1)]), /evidence\[1\]\.port/],
      ['negative count', () => store.upsert(mkAlert({ count: -1 })), /count/],
    ];
    for (const [what, f, re] of bad) assert.throws(f, (e: Error) => e instanceof AlertStoreError && re.test(e.message), what);
    assert.equal(store.list().length, 0);
  });
});

describe('list, get, ack, close', () => {
  function seed(): StoredAlert[] {
    return [
      store.upsert(mkAlert({ ruleId: 'r1', firstSeen: '2024-05-01T01:00:00Z', lastSeen: '2024-05-01T01:00:00Z' })).stored,
      store.upsert(mkAlert({ ruleId: 'r2', firstSeen: '2024-05-01T02:00:00Z', lastSeen: '2024-05-01T03:00:00Z' })).stored,
      store.upsert(mkAlert({ ruleId: 'r3', firstSeen: '2024-05-01T02:30:00Z', lastSeen: '2024-05-01T02:30:00Z' })).stored,
    ];
  }

  test('most recent activity first; filters by status, since, limit, rule, source', () => {
    const [a, b, c] = seed();
    assert.deepEqual(store.list().map((x) => x.id), [b.id, c.id, a.id]);
    store.ack(b.id);
    store.close(c.id);
    const ids = (o: Parameters<AlertStore['list']>[0]) => store.list(o).map((x) => x.id);
    assert.deepEqual(ids({ status: 'new' }), [a.id]);
    assert.deepEqual(ids({ status: ['new', 'acknowledged'] }), [b.id, a.id]);
    assert.deepEqual(ids({ status: [] }), []);
    assert.deepEqual(ids({ since: '2024-05-01T02:30:00Z' }), [b.id, c.id]);
    assert.deepEqual(ids({ since: '2024-05-01T04:30:00+02:00' }), [b.id, c.id], 'offsets are honoured');
    assert.deepEqual(ids({ limit: 1 }), [b.id]);
    assert.deepEqual(ids({ ruleId: 'r3' }), [c.id]);
    assert.deepEqual(ids({ remoteIp: '::FFFF:203.0.113.7', limit: 2 }), [b.id, c.id]);
    assert.throws(() => store.list({ status: 'open' as never }), /unknown status 'open'/);
    assert.throws(() => store.list({ limit: 0 }), /limit must be a positive integer/);
    assert.throws(() => store.list({ since: 'yesterday' }), /since is not an ISO 8601/);
  });

  test('status transitions and clear errors', () => {
    const [a] = seed();
    clock.t += 5 * 60_000;
    const acked = store.ack(a.id);
    assert.equal(acked.status, 'acknowledged');
    assert.equal(acked.updatedAt, new Date(clock.t).toISOString());
    assert.equal(store.ack(a.id).status, 'acknowledged', 'ack is idempotent');
    assert.equal(store.close(a.id).status, 'closed');
    assert.equal(store.close(a.id).status, 'closed', 'close is idempotent');
    assert.throws(() => store.ack(a.id), /alert \d+ is closed; it cannot be acknowledged/);
    for (const f of [() => store.get(999), () => store.ack(999), () => store.close(999)]) {
      assert.throws(f, (e: Error) => e instanceof AlertNotFoundError && e.message === 'no alert with id 999' && e.alertId === 999);
    }
    assert.throws(() => store.get(1.5), /positive integer/);
    assert.throws(() => store.get(0), /positive integer/);
  });
});
