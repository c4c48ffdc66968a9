// Data-driven engine tests: each test/engine/cases/*.kqltest holds cases of the form
//
//   # name: what it checks
//   <query lines>
//   ----
//   col:type, col:type          (the expected schema)
//   [json row]                  (expected rows, in order when the query orders them, else compared as a multiset)
//
// or, instead of the schema and rows, `error: <code> <substring of the message>`.
// Cases are separated by blank lines followed by `# name:`. `now` is pinned to 2026-11-27T12:00:00Z.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createEngine, KqlError } from '../../src/index.js';

interface Case {
  file: string;
  name: string;
  query: string;
  expect: { schema: string; rows: unknown[][]; ordered: boolean } | { error: string; text: string };
}

function parse(file: string, text: string): Case[] {
  const out: Case[] = [];
  for (const block of text.split(/\n(?=# name:)/)) {
    const lines = block.trim().split('\n');
    if (!lines[0]?.startsWith('# name:')) continue;
    const name = lines[0].slice(7).trim();
    const sep = lines.indexOf('----');
    if (sep < 0) throw new Error(`${file}: case '${name}' has no ---- line`);
    const query = lines.slice(1, sep).join('\n');
    const rest = lines.slice(sep + 1).filter((l) => l.trim() !== '');
    if (rest[0]?.startsWith('error:')) {
      const [, code, ...msg] = rest[0].split(/\s+/);
      out.push({ file, name, query, expect: { error: code, text: msg.join(' ') } });
      continue;
    }
    const ordered = /\|\s*(sort|order|top)\b[^|]*$/.test(query.trim()) || /\bserialize\b/.test(query);
    out.push({ file, name, query, expect: { schema: rest[0] ?? '', rows: rest.slice(1).map((l) => JSON.parse(l)), ordered } });
  }
  return out;
}

const dir = new URL('./cases/', import.meta.url);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.kqltest'))
  .sort()
  .flatMap((f) => parse(f, readFileSync(new URL(f, dir), 'utf8')));

const key = (r: unknown[]) => JSON.stringify(r);

for (const c of cases) {
  test(`${c.file}: ${c.name}`, async () => {
    const engine = createEngine({});
    if ('error' in c.expect) {
      const exp = c.expect;
      await assert.rejects(engine.query(c.query, { now: '2026-11-27T12:00:00Z' }), (e: unknown) => {
        assert.ok(e instanceof KqlError, `a KqlError, got ${String(e)}`);
        assert.equal(e.code, exp.error, e.message);
        assert.ok(e.message.includes(exp.text), `message '${e.message}' includes '${exp.text}'`);
        return true;
      });
      return;
    }
    const r = await engine.query(c.query, { now: '2026-11-27T12:00:00Z' });
    assert.equal(r.columns.map((x) => `${x.name}:${x.type}`).join(', '), c.expect.schema);
    if (c.expect.ordered) assert.deepEqual(r.rows, c.expect.rows);
    else assert.deepEqual(r.rows.map(key).sort(), c.expect.rows.map(key).sort());
  });
}
