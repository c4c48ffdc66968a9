// Tuple-valued calls: the plan computes the underlying call once per row, whatever the number of outputs used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/index.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('extend of a tuple-valued call evaluates the call once, in one carrier column', () => {
  const e = createEngine({});
  const { logical, physical } = e.explain('print y=dynamic([2, 5, 6, 8]) | extend series_fit_line(y)');
  assert.equal(count(logical, 'tuple:series_fit_line('), 1, logical);
  assert.equal(count(physical, 'tuple:series_fit_line('), 1, physical);
  // Six outputs, each read from the carrier.
  assert.equal(count(logical, 'tuple:item(__tuple0'), 6, logical);
});

test('the hidden carrier column does not reach the result', async () => {
  const e = createEngine({});
  const r = await e.query('print y=dynamic([1, 2, 3]) | project (a, b) = series_fit_line(y)');
  assert.deepEqual(r.columns.map((c) => c.name), [
    'a', 'b', 'series_fit_line_y_variance', 'series_fit_line_y_rvariance', 'series_fit_line_y_interception', 'series_fit_line_y_line_fit',
  ]);
  assert.deepEqual(r.rows[0]!.slice(0, 2), [1, 1]);
});
