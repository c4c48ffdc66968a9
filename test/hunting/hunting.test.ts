/**
 * The hunting corpus: every query of ../shared/hunting/queries runs on the demo data, is classified, and at least
 * EXECUTE_BAR of them must execute (issue "KQL coverage"). scripts/hunting.ts prints the same report and fails
 * below the same bar.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KqlError } from '../../src/index.js';
import {
  CATEGORIES, classify, featureGroup, formatCorpusSummary, listQueryFiles, loadDemoEngine, messageHead, runCorpus,
  EXECUTE_BAR, runQuery, summarizeCorpus,
} from './corpus.js';


test('classify: error codes map to categories', () => {
  assert.deepEqual(classify(new KqlError('unsupported', 'unsupported: operator \'scan\'')), {
    category: 'unsupported', message: 'unsupported: operator \'scan\'', feature: 'operator \'scan\'',
  });
  assert.equal(classify(new KqlError('semantic', "error KS211: The name 'FileProfile' does not refer to any known function. (line 3, column 7)\n  x\n  ^")).message,
    "error KS211: The name 'FileProfile' does not refer to any known function.");
  assert.equal(classify(new KqlError('syntax', 'bad')).category, 'syntax');
  assert.equal(classify(new KqlError('runtime', 'boom')).category, 'runtime');
  assert.equal(classify(new RangeError('oops')).category, 'internal');
  assert.equal(messageHead('a (line 1, column 2)\nb'), 'a');
  assert.equal(featureGroup("dynamic literal ['a', 'b']"), 'dynamic literal');
  assert.equal(featureGroup("operator 'evaluate'"), "operator 'evaluate'");
});

test('hunting corpus: every query is classified and the execute bar holds', { timeout: 900_000 }, async (t) => {
  const all = listQueryFiles();
  assert.ok(all.length >= 600, `corpus has ${all.length} queries`);
  const files = all;
  assert.equal(new Set(files).size, files.length, 'no query file is listed twice');

  const loaded = loadDemoEngine();
  assert.deepEqual(loaded.rowErrors, {}, 'the Defender schema accepts every demo row');

  // Flavours: Defender first; a query that does not bind there runs on the Sentinel schema.
  const mde = await runQuery(loaded, 'mde.kql', 'DeviceEvents | summarize count() by ActionType');
  assert.equal(mde.category, 'executes');
  assert.equal(mde.flavour, 'mde');
  const la = await runQuery(loaded, 'la.kql', 'DeviceEvents | where _IsBillable == "true" | summarize sum(_BilledSize) by bin(TimeGenerated, 1d)');
  assert.equal(la.category, 'executes', la.message);
  assert.equal(la.flavour, 'sentinel');
  assert.ok((la.rows ?? 0) > 0, 'the demo data has DeviceEvents in Sentinel too');
  const neither = await runQuery(loaded, 'none.kql', 'NoSuchTable | take 1');
  assert.equal(neither.category, 'semantic');
  assert.equal(neither.flavour, 'mde', 'a query that binds nowhere reports the Defender error');

  const results = await runCorpus(files, loaded);
  const summary = summarizeCorpus(results);
  const text = formatCorpusSummary(summary, 10);
  t.diagnostic(text.split('\n').slice(0, 2).join(' | '));
  console.log(text);

  assert.equal(results.length, files.length);
  assert.deepEqual(results.map((r) => r.file), files);
  for (const r of results) {
    assert.ok(CATEGORIES.includes(r.category), `${r.file}: ${r.category}`);
    assert.ok(r.flavour === 'mde' || r.flavour === 'sentinel', r.file);
    if (r.category === 'executes') assert.equal(typeof r.rows, 'number', r.file);
    else assert.ok(r.message && r.message.length > 0, `${r.file}: a ${r.category} carries its message`);
    if (r.category === 'unsupported') assert.ok(r.feature, `${r.file}: unsupported names its feature`);
  }
  assert.equal(CATEGORIES.reduce((n, c) => n + summary.counts[c], 0), results.length, 'categories partition the queries');
  assert.equal(summary.executesBy.mde + summary.executesBy.sentinel, summary.counts.executes);
  assert.match(text, new RegExp(`^queries: ${files.length} {2}executes: ${summary.counts.executes}`));
  // The bar: at least 95% execute; the rest fail with a named reason (checked above).
  assert.ok(summary.counts.executes >= Math.ceil(EXECUTE_BAR * files.length),
    `${summary.counts.executes} of ${files.length} execute (${summary.executePercent.toFixed(1)}%), below the ${EXECUTE_BAR * 100}% bar`);
});
