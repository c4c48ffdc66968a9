// Shared by the store tests: run `edgewatch` (with the test-rows reader) as a real process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HARNESS = new URL('./ingest-harness.ts', import.meta.url).pathname;
export const ROOT = new URL('../../', import.meta.url).pathname;
// Absolute, so the process may run in any folder (tsx resolves from the project).
const TSX = import.meta.resolve('tsx');

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `edgewatch-${tag}-`));
}

export function run(args: string[], opts: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, HARNESS, ...args], {
    input: opts.input,
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', ...opts.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function start(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, HARNESS, ...args], {
    cwd: opts.cwd ?? ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'UTC', ...opts.env },
  });
}

/** A test-rows line. */
export function line(table: string, row: Record<string, unknown>): string {
  return JSON.stringify({ table, row }) + '\n';
}

/** `committed N rows (M duplicates) ... [commit ID, K records acknowledged]` lines of a stderr text. */
export function commits(stderr: string): { rows: number; duplicates: number; id: string; acknowledged: number }[] {
  const out = [];
  for (const m of stderr.matchAll(/^committed (\d+) rows \((\d+) duplicates\) to .* \[commit (\S+), (\d+) records acknowledged\]$/gm)) {
    out.push({ rows: Number(m[1]), duplicates: Number(m[2]), id: m[3], acknowledged: Number(m[4]) });
  }
  return out;
}
