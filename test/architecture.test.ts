/**
 * The layers of src/ (README "Design"): each folder may import only the layers listed for it, so that the engine
 * (kql/) and the Defender schema (telemetry/) stay free of everything else and the readers never reach into the
 * store's internals from below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

// Layer -> the other layers it may import. Files at the top of src/ (index.ts and its helpers) are the facade.
const ALLOWED: Record<string, readonly string[]> = {
  kql: [],
  telemetry: [],
  sources: ['kql', 'telemetry'],
  store: ['kql', 'telemetry', 'sources'],
  detect: ['kql', 'telemetry', 'sources', 'store'],
  alerts: ['kql', 'telemetry', 'sources', 'store', 'detect'],
  demo: ['kql', 'telemetry', 'sources', 'store'],
  facade: ['kql', 'telemetry', 'sources', 'store'],
  server: ['kql', 'telemetry', 'sources', 'store', 'detect', 'alerts', 'facade'],
  cli: ['kql', 'telemetry', 'sources', 'store', 'detect', 'alerts', 'facade', 'demo', 'server'],
  web: ['kql', 'telemetry', 'sources', 'store', 'detect', 'alerts', 'facade', 'server'],
};

function layerOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? 'facade' : parts[0]!;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Relative import specifiers of a source file: static, re-export and dynamic forms. */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

test('relativeImports finds static, re-export and dynamic imports', () => {
  assert.deepEqual(relativeImports(`import { a } from './a.js';\nexport { b } from '../b.js';\nconst c = await import('./c.js');\nimport 'node:fs';`),
    ['./a.js', '../b.js', './c.js']);
});

test('every layer imports only the layers below it', () => {
  const violations: string[] = [];
  const files = tsFiles(SRC);
  assert.ok(files.length > 100, `found ${files.length} source files`);
  for (const file of files) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    assert.ok(allowed, `${relative(SRC, file)}: layer '${from}' is not in the table`);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const to = layerOf(resolve(dirname(file), spec));
      if (to !== from && !allowed.includes(to)) violations.push(`${relative(SRC, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.deepEqual(violations, []);
});
