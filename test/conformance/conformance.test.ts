/**
 * Conformance against the real Kusto engine's results: every case in test/conformance/baseline.json must still
 * pass. Cases that newly pass are reported as a hint to run `scripts/conformance.ts --update-baseline`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAllCases } from './cases.js';
import { checkBaseline, formatResultLine, formatSummary, readBaseline, runCases, summarize } from './runner.js';

test('conformance: no baseline case regresses', { timeout: 120_000 }, async (t) => {
  const cases = loadAllCases();
  const baseline = readBaseline();
  const results = await runCases(cases);
  const summary = summarize(results);
  t.diagnostic(formatSummary(summary, 5).replace(/\n/g, ' | '));

  assert.equal(results.length, cases.length, 'every case ran');
  const check = checkBaseline(baseline, results, new Set(cases.map((c) => c.id)));
  if (check.newPasses.length) t.diagnostic(`${check.newPasses.length} new passing case(s); run scripts/conformance.ts --update-baseline`);

  assert.deepEqual(check.unknown, [], 'baseline ids that name no case');
  assert.deepEqual(check.regressed.map(formatResultLine), [], 'baseline cases that no longer pass');
  // The committed baseline is the floor: the engine passes at least that many cases.
  assert.ok(summary.counts.pass >= baseline.length, `passes ${summary.counts.pass} < baseline ${baseline.length}`);
});
