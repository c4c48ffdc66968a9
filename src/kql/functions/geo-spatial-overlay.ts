/**
 * Geo functions whose results come out of S2's overlay and buffer operations (S2BooleanOperation, S2BufferOperation,
 * S2Builder): intersections, unions and buffers. We do not reproduce those operations, so every call with valid
 * arguments is unsupported; only the documented "invalid argument gives null" answers are given.
 */
import type { Boxed, Dyn } from '../data/types.js';
import { unsupported } from '../errors.js';
import { parseLines, parsePolygons, validLngLat } from './geo-spatial-shapes.js';
import type { ScalarFunction } from './scalar-function.js';

type Check = (args: Boxed[]) => boolean;

function arg(args: Boxed[], i: number): Dyn {
  const v = args[i];
  return (v === undefined ? null : v) as Dyn;
}

function num(v: Boxed): number | null {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
}

const isLine = (v: Dyn): boolean => parseLines(v) !== null;
const isPolygon = (v: Dyn): boolean => parsePolygons(v) !== null;

/** A dynamic array whose every element passes `ok` (an empty array is left to the operation). */
function arrayOf(v: Dyn, ok: (x: Dyn) => boolean): boolean {
  return Array.isArray(v) && v.every(ok);
}

/** Buffer radius and tolerance (docs: radius positive, tolerance default 10 and positive). */
function bufferArgs(args: Boxed[], radiusAt: number): boolean {
  const r = num(arg(args, radiusAt));
  const t = args.length > radiusAt + 1 ? num(arg(args, radiusAt + 1)) : 10;
  return r !== null && Number.isFinite(r) && r > 0 && t !== null && Number.isFinite(t) && t > 0;
}

/** Valid arguments make the call unsupported; invalid ones give null. */
function overlay(name: string, valid: Check): ScalarFunction {
  return {
    name,
    notImplemented: "S2's overlay/buffer operations are not reproduced (null for invalid input only)",
    bind: () => (args) => {
      if (!valid(args)) return null;
      throw unsupported(`${name}: S2's overlay/buffer operations are not reproduced`);
    },
  };
}

export const functions: readonly ScalarFunction[] = [
  overlay('geo_intersection_2lines', (a) => isLine(arg(a, 0)) && isLine(arg(a, 1))),
  overlay('geo_intersection_2polygons', (a) => isPolygon(arg(a, 0)) && isPolygon(arg(a, 1))),
  overlay('geo_intersection_line_with_polygon', (a) => isLine(arg(a, 0)) && isPolygon(arg(a, 1))),
  overlay('geo_union_lines_array', (a) => arrayOf(arg(a, 0), isLine)),
  overlay('geo_union_polygons_array', (a) => arrayOf(arg(a, 0), isPolygon)),
  overlay('geo_point_buffer', (a) => {
    const lng = num(arg(a, 0));
    const lat = num(arg(a, 1));
    return lng !== null && lat !== null && validLngLat(lng, lat) && bufferArgs(a, 2);
  }),
  overlay('geo_line_buffer', (a) => isLine(arg(a, 0)) && bufferArgs(a, 1)),
  overlay('geo_polygon_buffer', (a) => isPolygon(arg(a, 0)) && bufferArgs(a, 1)),
];
