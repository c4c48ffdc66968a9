/**
 * geo_line_interpolate_point(lineString, fraction) (query/geo-line-interpolate-point-function.md): the point at that
 * fraction of the line's length, as S2Polyline::Interpolate computes it (edge lengths as S1Angle, the point on the
 * edge's geodesic by S2::GetPointOnLine), with correctly rounded trigonometry as Kusto's libm has it (oracle case
 * geo-line-interpolate-point-function-00 matches to the last digit).
 * A fraction outside [0, 1] or an invalid line gives null; a MultiLineString is unsupported (the docs take a
 * LineString, and which part a fraction of a multiline falls on is not documented).
 */
import type { Boxed, Dyn } from '../data/types.js';
import { unsupported } from '../errors.js';
import { crAtan2, crSinCos } from './geo-libm.js';
import { add, cross, dot, mul, norm, normalize, toLngLat, type Vec } from './geo-spatial-sphere.js';
import { parseLines } from './geo-spatial-shapes.js';
import type { ScalarFunction } from './scalar-function.js';

/** S1Angle(a, b): atan2(|a x b|, a . b). */
function angleCR(a: Vec, b: Vec): number {
  return crAtan2(norm(cross(a, b)), dot(a, b));
}

/** S2::GetPointOnLine(a, b, t): the point t radians from a towards b. */
function pointOnLine(a: Vec, b: Vec, t: number): Vec {
  const dir = normalize(cross(cross(a, b), a));
  const [s, c] = crSinCos(t);
  return normalize(add(mul(a, c), mul(dir, s)));
}

function interpolate(pts: readonly Vec[], fraction: number): Vec {
  if (fraction <= 0) return pts[0]!;
  let total = 0;
  for (let i = 1; i < pts.length; i++) total += angleCR(pts[i - 1]!, pts[i]!);
  let target = fraction * total;
  for (let i = 1; i < pts.length; i++) {
    const length = angleCR(pts[i - 1]!, pts[i]!);
    if (target < length) return pointOnLine(pts[i - 1]!, pts[i]!, target);
    target -= length;
  }
  return pts[pts.length - 1]!;
}

export const functions: readonly ScalarFunction[] = [
  {
    name: 'geo_line_interpolate_point',
    bind: () => (args: Boxed[]) => {
      const v = (args[0] ?? null) as Dyn;
      const f = args[1] ?? null;
      const fraction = typeof f === 'number' ? f : typeof f === 'bigint' ? Number(f) : null;
      const lines = parseLines(v);
      if (!lines || fraction === null || !(fraction >= 0 && fraction <= 1)) return null;
      if (lines.length !== 1 || (v as { [k: string]: Dyn })['type'] !== 'LineString') throw unsupported('geo_line_interpolate_point of a MultiLineString');
      const [lng, lat] = toLngLat(interpolate(lines[0]!.pts, fraction));
      return { type: 'Point', coordinates: [lng, lat] };
    },
  },
];
