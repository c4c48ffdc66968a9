import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crAtan2, crCos, crSin, crSinCos } from '../../src/kql/functions/geo-libm.js';

// Expected values are glibc's (CPython's math module on Linux), which Kusto's S2 code gets on .NET. Each input
// is one where V8's Math function returns a different double.
const SIN_COS: [number, number, number][] = [
  [3.0741691326401064, 0.06737244877860359, -0.997727895343001],
  [2.3796607833563206, 0.6903204477835952, -0.7235037521477388],
  [-0.21475901227883298, -0.21311198279310262, 0.977027779947936],
  [-2.2595211874299213, -0.7720570613801004, -0.6355532188362544],
  [-0.32900848908782176, -0.32310485795922206, 0.9463631706502271],
  [-0.7127750132219642, -0.6539357227674486, 0.7565501110228023],
];
const ATAN2: [number, number, number][] = [
  [0.11051765744959274, 1.054803980525958, 0.10439464089271164],
  [1.8938056195521056, -0.0025517688334759647, 1.5721437550963187],
  [-0.765882292289076, 1.3932062978502424, -0.5026331344328966],
  [0.3127036211967371, 0.5886246612772106, 0.48832967134342564],
  [0.9176007212909796, -0.4652414684398405, 2.0400437621912872],
  [-1.718186107777532, 1.4723123614993878, -0.862310512521592],
];

test('crSin/crCos/crSinCos give the correctly rounded (glibc) result', () => {
  for (const [x, s, c] of SIN_COS) {
    assert.equal(crSin(x), s, `sin(${x})`);
    assert.equal(crCos(x), c, `cos(${x})`);
    assert.deepEqual(crSinCos(x), [s, c]);
  }
});

test('crAtan2 gives the correctly rounded (glibc) result', () => {
  for (const [y, x, a] of ATAN2) assert.equal(crAtan2(y, x), a, `atan2(${y}, ${x})`);
});

test('special values behave as Math', () => {
  assert.equal(crSin(0), 0);
  assert.ok(Object.is(crSin(-0), -0));
  assert.equal(crCos(0), 1);
  assert.ok(Number.isNaN(crSin(NaN)));
  assert.equal(crAtan2(0, -1), Math.PI);
  assert.equal(crAtan2(1, 0), Math.PI / 2);
  assert.equal(crSin(100), Math.sin(100)); // outside the reduced range: V8's answer
});

test('a line densified through points and back keeps Kusto\'s coordinates (oracle geo-line-densify-function-01)', async () => {
  const { toLngLat, toPoint } = await import('../../src/kql/functions/geo-spatial-sphere.js');
  // glibc: 50.375 round-trips exactly, 51 gives 50.99999999999999 in longitude (V8: 50.37499999999999 / both 50.99999999999999).
  assert.deepEqual(toLngLat(toPoint(50.375, 50.375)), [50.375, 50.375]);
  assert.deepEqual(toLngLat(toPoint(51, 51)), [50.99999999999999, 51]);
  assert.deepEqual(toLngLat(toPoint(-73.973093, 40.764226)), [-73.973093, 40.76422600000001]);
});
