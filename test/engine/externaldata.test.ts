// externaldata: the resolver policy (off by default, files / URLs / map opt-ins), the formats, and the fixture
// map the hunting corpus runs with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createEngine, KqlError } from '../../src/index.js';
import { KqlEngine } from '../../src/kql/engine.js';
import { createResolver } from '../../src/kql/external/resolver.js';
import { resolveFormat } from '../../src/kql/external/formats.js';

const dir = mkdtempSync(join(tmpdir(), 'edgewatch-externaldata-'));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function rows(engine: ReturnType<typeof createEngine>, q: string): Promise<unknown[][]> {
  return (await engine.query(q, { now: '2026-11-27T12:00:00Z' })).rows;
}

async function rejects(p: Promise<unknown>, code: string, text: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof KqlError, String(e));
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.includes(text), `'${e.message}' includes '${text}'`);
    return true;
  });
}

test('off by default: URLs and files are refused with how to enable them', async () => {
  const engine = createEngine({});
  await rejects(engine.query('externaldata (a:string) ["https://example.org/x.csv"]'), 'runtime',
    "fetching 'https://example.org/x.csv' is disabled; enable URLs with createEngine({ externalData: { urls: true } }) or `edgewatch query --allow-external-urls`");
  const p = file('off.csv', 'a\n');
  await rejects(engine.query(`externaldata (a:string) [@"${p}"]`), 'runtime', '--allow-external-files');
  await rejects(engine.query(`externaldata (a:string) ["${pathToFileURL(p).href}"]`), 'runtime', 'enable local files');
  // files: true does not open URLs, and urls: true does not open files.
  await rejects(createEngine({ externalData: { files: true } }).query('externaldata (a:string) ["http://127.0.0.1:9/x.csv"]'), 'runtime', 'enable URLs');
  await rejects(createEngine({ externalData: { urls: true } }).query(`externaldata (a:string) [@"${p}"]`), 'runtime', 'enable local files');
});

test('local files: plain paths and file:// URLs, once allowed', async () => {
  const p = file('hosts.csv', 'Host,Ip,Port\nweb1,10.0.0.1,443\n"db, primary",10.0.0.2,1433\n');
  const engine = createEngine({ externalData: { files: true } });
  const q = (src: string) => `externaldata (Host:string, Ip:string, Port:int) [@"${src}"] with (format="csv", ignoreFirstRecord=true)`;
  const expected = [['web1', '10.0.0.1', 443], ['db, primary', '10.0.0.2', 1433]];
  assert.deepEqual(await rows(engine, q(p)), expected);
  assert.deepEqual(await rows(engine, q(pathToFileURL(p).href)), expected);
  await rejects(engine.query(q(join(dir, 'missing.csv'))), 'runtime', 'cannot read');
});

test('map: URLs served from local files, relative to mapBase, always allowed', async () => {
  file('ips.txt', '# header\n198.51.100.1\n\n198.51.100.2\r\n');
  const engine = createEngine({ externalData: { map: { 'https://feeds.example/ips.txt': 'ips.txt' }, mapBase: dir } });
  assert.deepEqual(await rows(engine, 'externaldata (ip:string) ["https://feeds.example/ips.txt"] with (format="txt", ignoreFirstRecord=true)'),
    [['198.51.100.1'], ['198.51.100.2']]);
  // A URL not in the map falls through to the policy (off).
  await rejects(engine.query('externaldata (ip:string) ["https://feeds.example/other.txt"]'), 'runtime', 'is disabled');
});

interface FormatCase {
  name: string;
  content: string | Uint8Array;
  fileName: string;
  schema: string;
  props: string;
  expected: unknown[][];
}

const FORMATS: FormatCase[] = [
  { name: 'csv: quoted fields, doubled quotes, embedded newline; missing fields are null', fileName: 'a.csv', schema: 'a:string, b:long, c:real',
    content: '"x ""q""",1,1.5\n"two\nlines",2\n', props: 'with (format="csv")', expected: [['x "q"', 1, 1.5], ['two\nlines', 2, null]] },
  { name: 'csv: extra fields are dropped; a value that does not convert is null', fileName: 'b.csv', schema: 'a:string, b:long',
    content: 'x,1,extra\ny,notanumber\n', props: 'with (format="csv")', expected: [['x', 1], ['y', null]] },
  { name: 'tsv', fileName: 'c.tsv', schema: 'a:string, b:bool', content: 'x\ttrue\ny z\tfalse\n', props: 'with (format="tsv")', expected: [['x', true], ['y z', false]] },
  { name: 'scsv and psv', fileName: 'd.txt', schema: 'a:string, b:string', content: 'x;1\n', props: 'with (format="scsv")', expected: [['x', '1']] },
  { name: 'psv', fileName: 'e.txt', schema: 'a:string, b:datetime', content: 'x|2026-01-02T03:04:05Z\n', props: 'with (format=psv)', expected: [['x', '2026-01-02T03:04:05Z']] },
  { name: 'tsve: backslash escapes', fileName: 'f.tsv', schema: 'a:string, b:string', content: 'x\\ty\tz\n', props: 'with (format="tsve")', expected: [['x\ty', 'z']] },
  { name: 'txt: one line per record, empty lines skipped', fileName: 'g.txt', schema: 'line:string', content: 'a, b\n\n"c"\n', props: 'with (format="txt")', expected: [['a, b'], ['"c"']] },
  { name: 'raw: the whole artifact as one value', fileName: 'h.raw', schema: 'doc:string', content: 'a\nb', props: 'with (format="raw")', expected: [['a\nb']] },
  { name: 'json: one object per line, by column name (case-insensitive fallback)', fileName: 'i.json', schema: 'Name:string, Count:long, Tags:dynamic',
    content: '{"Name":"a","Count":1,"Tags":["x"]}\n{"name":"b","count":2}\n', props: 'with (format="json")', expected: [['a', 1, ['x']], ['b', 2, null]] },
  { name: 'multijson: an array, or objects spanning lines', fileName: 'j.multijson', schema: 'Name:string',
    content: '[{"Name":"a"},\n{"Name":"b"}]\n{\n "Name": "c"\n}\n', props: 'with (format="multijson")', expected: [['a'], ['b'], ['c']] },
  { name: 'format from the file extension, csv by default', fileName: 'k.tsv', schema: 'a:string, b:string', content: 'x\ty\n', props: '', expected: [['x', 'y']] },
  { name: 'gzip artifacts are decompressed', fileName: 'l.csv.gz', schema: 'a:string, b:long', content: gzipSync('x,1\ny,2\n'), props: '', expected: [['x', 1], ['y', 2]] },
  { name: 'ignoreFirstRecord drops a header', fileName: 'm.csv', schema: 'a:string', content: 'Header\nvalue\n', props: 'with (ignoreFirstRecord=True, format="csv")', expected: [['value']] },
];

for (const c of FORMATS) {
  test(`format ${c.name}`, async () => {
    const p = file(c.fileName, c.content);
    const engine = createEngine({ externalData: { files: true } });
    assert.deepEqual(await rows(engine, `externaldata (${c.schema}) [@"${p}"] ${c.props}`), c.expected);
  });
}

test('several artifacts are read in order, each with its own header dropped', async () => {
  const a = file('part1.csv', 'h\n1\n2\n');
  const b = file('part2.csv', 'h\n3\n');
  const engine = createEngine({ externalData: { files: true } });
  assert.deepEqual(await rows(engine, `externaldata (n:long) [@"${a}", @"${b}"] with (ignoreFirstRecord=true)`), [[1], [2], [3]]);
});

test('format detection', () => {
  const cases: [string | null, string, string][] = [
    [null, 'https://x/list.csv', 'csv'], [null, 'https://x/list.tsv?sig=1', 'tsv'], [null, 'https://x/list.json.gz', 'json'],
    [null, 'https://x/list.sha1', 'csv'], [null, 'https://x/recent/', 'csv'], ['TXT', 'https://x/a.csv', 'txt'],
  ];
  for (const [declared, url, want] of cases) assert.equal(resolveFormat(declared, url), want, `${declared} ${url}`);
  assert.throws(() => resolveFormat('parquet', 'x'), /unsupported: externaldata format 'parquet'/);
  assert.throws(() => resolveFormat('nonsense', 'x'), /unknown format 'nonsense'/);
});

test('externaldata as a lookup list in a larger query', async () => {
  const p = file('bad-ips.txt', '198.51.100.7\n203.0.113.9\n');
  const engine = createEngine({ externalData: { files: true } });
  engine.addTable('Conn', [{ ip: '198.51.100.7', n: 1 }, { ip: '10.0.0.1', n: 2 }, { ip: '203.0.113.9', n: 3 }]);
  const q = `let Bad = externaldata (ip:string) [@"${p}"] with (format="txt");
    Conn | where ip in (Bad) | summarize sum(n)`;
  assert.deepEqual(await rows(engine, q), [[4]]);
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

test('http(s) URLs once allowed: fetch, HTTP errors, size limit, timeout', async () => {
  const { server, base } = await listen((req, res) => {
    if (req.url === '/list.csv') res.end('a,1\nb,2\n');
    else if (req.url === '/big.txt') res.end('x'.repeat(5000));
    else if (req.url === '/slow.txt') setTimeout(() => res.end('late\n'), 3000);
    else {
      res.statusCode = 404;
      res.end('no');
    }
  });
  try {
    const engine = createEngine({ externalData: { urls: true, maxBytes: 1000 } });
    assert.deepEqual(await rows(engine, `externaldata (k:string, v:long) ["${base}/list.csv"]`), [['a', 1], ['b', 2]]);
    await rejects(engine.query(`externaldata (k:string) ["${base}/missing.csv"]`), 'runtime', 'HTTP 404');
    await rejects(engine.query(`externaldata (k:string) ["${base}/big.txt"]`), 'runtime', 'more than the limit of 1000');
    // (After the first fetch: node loads its fetch implementation on first use, which takes a while.)
    const impatient = createEngine({ externalData: { urls: true, timeoutMs: 500 } });
    await rejects(impatient.query(`externaldata (k:string) ["${base}/slow.txt"]`), 'runtime', 'no answer within 500 ms');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the synchronous run() reads mapped files, and says to use query() for URLs', () => {
  const p = file('sync.txt', 'one\ntwo\n');
  const kql = new KqlEngine({ externalData: createResolver({ map: { 'https://x/sync.txt': p } }) });
  assert.equal(kql.run('externaldata (s:string) ["https://x/sync.txt"] | count').table.columns[0].get(0), 2n);
  const remote = new KqlEngine({ externalData: createResolver({ urls: true }) });
  assert.throws(() => remote.run('externaldata (s:string) ["http://127.0.0.1:9/x.txt"]'), /needs an asynchronous fetch; use query\(\)/);
});

test('explain shows the externaldata source without fetching it', () => {
  const engine = createEngine({});
  const ex = engine.explain('externaldata (s:string) ["https://x/list.txt?sig=secret"] with (format="txt")');
  assert.match(ex.logical, /ExternalData \[https:\/\/x\/list\.txt\?\.\.\.\] format=txt/);
  assert.doesNotMatch(ex.logical + ex.physical, /secret/);
});

test('the hunting fixture map covers every externaldata URL of the corpus, and every file exists', () => {
  const fixtures = fileURLToPath(new URL('../fixtures/external/', import.meta.url));
  const map = JSON.parse(readFileSync(fixtures + 'map.json', 'utf8')) as Record<string, string>;
  for (const [url, f] of Object.entries(map)) assert.ok(existsSync(join(fixtures, f)), `${url} -> ${f}`);
  const queries = fileURLToPath(new URL('../../../shared/hunting/queries/', import.meta.url));
  if (!existsSync(queries)) return; // the corpus lives outside the repository
  const literal = /externaldata\s*\([^)]*\)\s*\[\s*h?@?(["'])(.*?)\1/gis;
  let seen = 0;
  for (const f of readdirSync(queries)) {
    const text = readFileSync(join(queries, f), 'utf8');
    for (const m of text.matchAll(literal)) {
      seen++;
      assert.ok(m[2] in map, `${f}: ${m[2]} has no fixture`);
    }
  }
  assert.ok(seen >= 50, `found ${seen} externaldata URLs`);
});
