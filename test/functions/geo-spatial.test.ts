// geo_* functions against the values the real engine returned (oracle cases, named in comments) and the doc pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Boxed, Dyn, KType } from '../../src/kql/data/types.js';
import { functions } from '../../src/kql/functions/geo-spatial.js';
import { KqlError } from '../../src/kql/errors.js';

function call(name: string, ...args: Boxed[]): Boxed {
  const f = functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} is registered`);
  const argTypes: KType[] = args.map((a) => (typeof a === 'string' ? 'string' : typeof a === 'object' ? 'dynamic' : 'real'));
  return f.bind({ name, argTypes, resultType: 'dynamic', constArgs: args.map(() => undefined), now: 0n })(args);
}

function close(actual: Boxed, expected: number, what: string, rel = 1e-9): void {
  assert.equal(typeof actual, 'number', `${what}: ${String(actual)} is a number`);
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= rel * Math.abs(expected), `${what}: ${a} vs ${expected}`);
}

function closeDyn(actual: Dyn, expected: Dyn, what: string): void {
  if (typeof expected === 'number') return close(actual as number, expected, what, 1e-12);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
    expected.forEach((e, i) => closeDyn((actual as Dyn[])[i]!, e, `${what}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', what);
    for (const k of Object.keys(expected)) closeDyn((actual as Record<string, Dyn>)[k]!, (expected as Record<string, Dyn>)[k]!, `${what}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, what);
}

const DEG = 180 / Math.PI;
const centralPark: Dyn = { type: 'Polygon', coordinates: [[[-73.9495, 40.7969], [-73.95807266235352, 40.80068603561921], [-73.98201942443848, 40.76825672305777], [-73.97317886352539, 40.76455136505513], [-73.9495, 40.7969]]] };
const badRing: Dyn = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 10], [0, 0]]] };

test('point measures', () => {
  close(call('geo_distance_2points', -122.407628, 47.578557, -118.275287, 34.019056), 1546754.35197381, 'Seattle-LA (doc)');
  assert.equal(call('geo_distance_2points', 300, 1, 1, 1), null); // geo-distance-2points-function-03
  close((call('geo_angle', 0, 10, 0, 5, 3, -10) as number) * DEG, 168.73254319800884, 'geo-angle-function-01');
  close(call('geo_angle', 0, 10, 0, 5, 3, -10), 2.94493843406882, 'geo_angle doc', 1e-14);
  assert.equal(call('geo_angle', 0, 10, 0, 10, 3, -10), null); // geo-angle-function-02
  close((call('geo_azimuth', 5, 10, 10, -40) as number) * DEG, 175.01565360656755, 'geo-azimuth-function-01');
  assert.equal(call('geo_azimuth', 5, 10, 5, 10), null);
  assert.throws(() => call('geo_distance_2points', 1, 1, 2, 2, true), KqlError);
  // geo-point-in-circle-function-03/04
  assert.equal(call('geo_point_in_circle', -122.143564, 47.535677, -122.100896, 47.527351, 3500), true);
  assert.equal(call('geo_point_in_circle', -122.137575, 47.630683, -122.100896, 47.527351, 3500), false);
});

test('geohash', () => {
  assert.deepEqual(call('geo_geohash_neighbors', 'sunny'), ['sunnv', 'sunnt', 'sunnw', 'sunnx', 'sunpp', 'sunnz', 'sunpn', 'sunpj']);
  assert.deepEqual(call('geo_geohash_to_central_point', 'sunny'), { type: 'Point', coordinates: [42.47314453125, 23.70849609375] });
  assert.equal(call('geo_geohash_to_central_point', 'a'), null);
  assert.equal(call('geo_geohash_to_polygon', 'a'), null);
  const h = call('geo_point_to_geohash', -73.975212, 40.789608, 5);
  assert.deepEqual(call('geo_geohash_to_polygon', h), { type: 'Polygon', coordinates: [[[-74.00390625, 40.78125], [-73.9599609375, 40.78125], [-73.9599609375, 40.8251953125], [-74.00390625, 40.8251953125], [-74.00390625, 40.78125]]] });
  assert.equal(call('geo_point_to_geohash', 300, 1, 5), '');
});

test('S2 cells', () => {
  assert.equal(call('geo_point_to_s2cell', -80.195829, 25.802215, 8), '88d9b');
  assert.equal(call('geo_point_to_s2cell', 300, 1, 8), '');
  closeDyn(call('geo_s2cell_to_polygon', '89c259') as Dyn, { type: 'Polygon', coordinates: [[[-74.03001224983848, 40.8012684339439], [-74.03001224983848, 40.7222262918358], [-73.93598211433742, 40.708880489804564], [-73.93598211433742, 40.78791713450684], [-74.03001224983848, 40.8012684339439]]] }, 'geo-s2cell-to-polygon-function-00');
  // geospatial-joins-00: nearby points share a level-22 cell
  assert.equal(call('geo_point_to_s2cell', -0.12433080766874127, 51.51115841361647, 22), call('geo_point_to_s2cell', -0.12432668105284961, 51.51115938802832, 22));
  assert.equal(call('geo_s2cell_to_polygon', 'a'), null);
  assert.throws(() => call('geo_s2cell_neighbors', '89c259'), KqlError);
});

test('H3 cells', () => {
  assert.equal(call('geo_h3cell_level', '862a1072fffffff'), 6);
  assert.equal(call('geo_h3cell_level', 'abc'), null);
  assert.equal(call('geo_h3cell_parent', '862a1072fffffff'), '852a1073fffffff');
  assert.equal(call('geo_h3cell_parent', '862a1072fffffff', 1), '812a3ffffffffff');
  assert.equal(call('geo_h3cell_parent', '862a1072fffffff', 100), '');
  assert.deepEqual(call('geo_h3cell_children', '862a1072fffffff'), ['872a10728ffffff', '872a10729ffffff', '872a1072affffff', '872a1072bffffff', '872a1072cffffff', '872a1072dffffff', '872a1072effffff']);
  assert.deepEqual((call('geo_h3cell_rings', '861f8894fffffff', 1) as Dyn[])[1], ['861f88947ffffff', '861f8895fffffff', '861f88867ffffff', '861f8d497ffffff', '861f8d4b7ffffff', '861f8896fffffff']);
  assert.deepEqual(call('geo_h3cell_neighbors', '861f8894fffffff'), ['861f88947ffffff', '861f8895fffffff', '861f88867ffffff', '861f8d497ffffff', '861f8d4b7ffffff', '861f8896fffffff']);
  assert.equal(call('geo_h3cell_rings', 'abc', 3), null);
  closeDyn(call('geo_h3cell_to_central_point', '862a1072fffffff') as Dyn, { type: 'Point', coordinates: [-74.01600847979243, 40.704167908350385] }, 'geo-h3cell-to-central-point-function-00');
  assert.equal(call('geo_point_to_h3cell', -73.956683, 40.807907, 5), '852a100bfffffff');
  assert.equal(call('geo_point_to_h3cell', 1, 1, 16), '');
  assert.equal(call('geo_h3cell_to_polygon', '@'), null);
});

test('lines', () => {
  const line: Dyn = { type: 'LineString', coordinates: [[-73.95807266235352, 40.800426144169315], [-73.94966125488281, 40.79691751000055], [-73.97317886352539, 40.764486356930334]] };
  close(call('geo_line_length', line), 4922.4801699208065, 'geo-line-length-function-00');
  const multi: Dyn = { type: 'MultiLineString', coordinates: [[[-73.95798683166502, 40.800556090021466], [-73.98193359375, 40.76819171855746]], [[-73.94940376281738, 40.79691751000055], [-73.97317886352539, 40.76435634049001]]] };
  close(call('geo_line_length', multi), 8262.243397537412, 'geo-line-length-function-01');
  closeDyn(call('geo_line_centroid', multi) as Dyn, { type: 'Point', coordinates: [-73.96562218400669, 40.78250336313828] }, 'geo-line-centroid-function-02');
  assert.equal(call('geo_line_length', { type: 'LineString', coordinates: [[1, 1]] }), null);
  assert.equal(call('geo_line_densify', { type: 'LineString', coordinates: [[1, 1], [2, 2]] }, 0), null); // geo-line-densify-function-03
  closeDyn(call('geo_line_densify', { type: 'LineString', coordinates: [[50, 50], [51, 51]] }) as Dyn, { type: 'LineString', coordinates: [[50, 50], [50.125, 50.125], [50.25, 50.25], [50.375, 50.375], [50.5, 50.5], [50.625, 50.625], [50.75, 50.75], [50.875, 50.875], [51, 51]] }, 'geo-line-densify-function-01');
});

test('polygons', () => {
  close(call('geo_polygon_area', centralPark), 3475207.28346606, 'geo-polygon-area-function-00');
  closeDyn(call('geo_polygon_centroid', centralPark) as Dyn, { type: 'Point', coordinates: [-73.96573568990762, 40.78255053805781] }, 'geo-polygon-centroid-function-00');
  assert.equal(call('geo_polygon_area', badRing), null);
  assert.equal(call('geo_point_in_polygon', 1, 1, badRing), null);
  assert.equal(call('geo_distance_point_to_polygon', 500, 1, { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 1], [0, 0]]] }), null);
  assert.equal(call('geo_point_in_polygon', -73.97, 40.78, centralPark), true);
  assert.equal(call('geo_point_in_polygon', -73.99, 40.78, centralPark), false);
  // A clockwise ring still means the smaller region.
  const cw: Dyn = { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]] };
  assert.equal(call('geo_point_in_polygon', 0.5, 0.5, cw), true);
  assert.equal(call('geo_distance_point_to_polygon', 0.5, 0.5, cw), 0);
  closeDyn(call('geo_closest_point_on_polygon', -73.9839, 40.7705, centralPark) as Dyn, { type: 'Point', coordinates: [-73.98120558015391, 40.76935945284321] }, 'geo-closest-point-on-polygon-function-00');
  // geo-polygon-densify-function-00: a clockwise ring comes back reversed
  closeDyn(call('geo_polygon_densify', { type: 'Polygon', coordinates: [[[-73.958244, 40.800719], [-73.949146, 40.79695], [-73.973093, 40.764226], [-73.982062, 40.768159], [-73.958244, 40.800719]]] }) as Dyn,
    { type: 'Polygon', coordinates: [[[-73.982062, 40.768159], [-73.973093, 40.764226], [-73.949146, 40.79695], [-73.958244, 40.800719], [-73.982062, 40.768159]]] }, 'densify');
  // Overlapping multipolygon members need a union, which is not implemented.
  const overlapping: Dyn = { type: 'MultiPolygon', coordinates: [centralPark.coordinates as Dyn, [[[-73.94262313842773, 40.775991804565585], [-73.98107528686523, 40.791849155467695], [-73.99600982666016, 40.77092185281977], [-73.96150588989258, 40.75609977566361], [-73.94262313842773, 40.775991804565585]]]] };
  assert.throws(() => call('geo_polygon_area', overlapping), KqlError);
});

test('geo_from_wkt', () => {
  assert.deepEqual(call('geo_from_wkt', 'LINESTRING (1 2, 3 4)'), { type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  assert.deepEqual(call('geo_from_wkt', 'MULTIPOINT (1 1, 2 2, 3 3)'), { type: 'MultiPoint', coordinates: [[1, 1], [2, 2], [3, 3]] });
  assert.deepEqual(call('geo_from_wkt', 'MULTILINESTRING ((1 1, 2 2, 3 3), (4 4, 5 5))'), { type: 'MultiLineString', coordinates: [[[1, 1], [2, 2], [3, 3]], [[4, 4], [5, 5]]] });
  assert.deepEqual(call('geo_from_wkt', 'POINT (1 2)'), { type: 'Point', coordinates: [1, 2] });
  assert.equal(call('geo_from_wkt', 'LINESTRING (1 2)'), null);
  assert.equal(call('geo_from_wkt', 'POINT (300 2)'), null);
});
