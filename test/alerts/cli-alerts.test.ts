import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertStore } from '../../src/alerts/alert-store.js';
import { runAlerts, alertDbPath } from '../../src/cli/alerts.js';
import { mkAlert, ev } from './fixtures.js';

class UsageError extends Error {}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAlerts(argv, { UsageError, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

test('edgewatch alerts list / show / ack / close / blocklist over a real store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgewatch-cli-alerts-'));
  try {
    const storeDir = join(dir, 'store');
    const s = AlertStore.open(alertDbPath(storeDir));
    const a = s.upsert(mkAlert({ lastSeen: '2024-05-01T10:05:00Z' }), [ev('2024-05-01T10:00:00Z', 22, { outcome: 'filtered' })]).id;
    const b = s.upsert(mkAlert({ ruleId: 'scan-horizontal', entities: { remoteIp: '2001:db8::7' }, lastSeen: '2024-05-01T11:00:00Z' })).id;
    s.dispose();
    const st = ['--store', storeDir];

    let r = await run(['list', ...st]);
    assert.equal(r.code, 0);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1], new RegExp(`^\\s*${b}\\s+new\\s+2024-05-01 11:00:00Z\\s+Medium\\s+scan-horizontal\\s+2001:db8::7`));
    assert.match(lines[2], new RegExp(`^\\s*${a}\\s+new\\s+2024-05-01 10:05:00Z\\s+Medium\\s+scan-vertical\\s+203\\.0\\.113\\.7\\s+NL\\s+198\\.51\\.100\\.10\\s+30\\s+22,80,443$`));

    r = await run(['show', String(a), ...st]);
    assert.match(r.out, /^id\s+1$/m);
    assert.match(r.out, /^only probed\s+22,80$/m);
    assert.match(r.out, /^evidence \(1\):\n {2}2024-05-01T10:00:00Z {2}dev-a {2}198\.51\.100\.10:22\/Tcp {2}filtered$/m);
    r = await run(['show', String(a), '--format', 'json', ...st]);
    const shown = JSON.parse(r.out);
    assert.equal(shown.id, a);
    assert.deepEqual(shown.alert, JSON.parse(JSON.stringify(mkAlert({ lastSeen: '2024-05-01T10:05:00Z' }))));
    assert.equal(shown.evidence.length, 1);

    assert.equal((await run(['ack', String(a), ...st])).out, `alert ${a} acknowledged\n`);
    assert.equal((await run(['close', String(b), ...st])).out, `alert ${b} closed\n`);
    r = await run(['list', '--format', 'json', ...st]);
    assert.deepEqual(r.out.trim().split('\n').map((l) => [JSON.parse(l).id, JSON.parse(l).status]), [[a, 'acknowledged']]);
    r = await run(['list', '--status', 'closed', '--format', 'json', ...st]);
    assert.deepEqual(r.out.trim().split('\n').map((l) => JSON.parse(l).id), [b]);
    r = await run(['list', '--status', 'all', '--since', '1h', '--now', '2024-05-01T11:30:00Z', '--format', 'json', ...st]);
    assert.deepEqual(r.out.trim().split('\n').map((l) => JSON.parse(l).id), [b]);

    r = await run(['blocklist', 'nft', '--now', '2024-05-01T12:00:00Z', ...st]);
    assert.match(r.out, /^add element inet filter edgewatch_block \{ 203\.0\.113\.7 timeout 79500s \}$/m);
    assert.doesNotMatch(r.out, /2001:db8::7/, 'the closed alert is not blocked');
    r = await run(['blocklist', 'csv', '--allow', '203.0.113.0/24', '--now', '2024-05-01T12:00:00Z', ...st]);
    assert.equal(r.out, 'ip,first_seen,last_seen,expires,rule,reason\r\n');
    assert.match(r.err, /skipped 203\.0\.113\.7 \(scan-vertical\): allow-listed by 203\.0\.113\.0\/24/);

    await assert.rejects(run(['show', '99', ...st]), /no alert with id 99/);
    await assert.rejects(run(['ack', 'x', ...st]), (e) => e instanceof UsageError && /positive integer/.test(e.message));
    await assert.rejects(run(['frob', ...st]), UsageError);
    await assert.rejects(run(['list', '--status', 'open,closed', ...st]), UsageError);
    await assert.rejects(run(['list', '--since', 'yesterday', ...st]), UsageError);
    await assert.rejects(run(['blocklist', 'pf', ...st]), UsageError);

    const empty = await run(['list', '--store', join(dir, 'nothing')]);
    assert.equal(empty.out, 'no alerts\n');
    await assert.rejects(run(['show', '1', '--store', join(dir, 'nothing')]), /no alert store at/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
