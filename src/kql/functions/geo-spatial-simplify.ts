/**
 * geo_line_simplify, geo_polygon_simplify and geo_simplify_polygons_array (query/geo-line-simplify-function.md,
 * geo-polygon-simplify-function.md, geo-simplify-polygons-array-function.md):
 * only the cases whose answer does not depend on how S2Builder snaps and simplifies.
 *
 * Kusto simplifies with S2Builder: vertices snap to sites at least `tolerance` apart, then edge chains are
 * simplified. Which sites it picks, and so the output vertices, follow S2Builder's internals, which we do not
 * reproduce: such calls are unsupported. What is certain:
 * - invalid shapes and tolerances outside [0, 70 degrees] (S2Builder's maximum snap radius, the documented
 *   "~7,800,000 meters") give null;
 * - when every vertex lies within the tolerance of every other, all snap to one site, every edge degenerates and the
 *   shape disappears ("high tolerance may cause small line to disappear"): null.
 */
import type { Boxed, Dyn } from '../data/types.js';
import { unsupported } from '../errors.js';
import { angle, EARTH_RADIUS_M, type Vec } from './geo-spatial-sphere.js';
import { parseLines, parsePolygons } from './geo-spatial-shapes.js';
import type { ScalarFunction } from './scalar-function.js';

const MAX_TOLERANCE_RAD = (70 * Math.PI) / 180;

/** The tolerance in radians, or null when invalid (default 10 m). */
function tolerance(args: Boxed[]): number | null {
  const v = args.length > 1 ? (args[1] ?? null) : 10;
  const t = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
  if (t === null || !Number.isFinite(t)) return null;
  const rad = t / EARTH_RADIUS_M;
  return rad >= 0 && rad <= MAX_TOLERANCE_RAD ? rad : null;
}

function allWithin(points: readonly Vec[], rad: number): boolean {
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) if (angle(points[i]!, points[j]!) >= rad) return false;
  return true;
}

function polygonVertices(v: Dyn): Vec[] | null {
  return parsePolygons(v)?.flatMap((p) => p.loops.flatMap((l) => l.v)) ?? null;
}

function simplify(name: string, vertices: (v: Dyn) => Vec[] | null): ScalarFunction {
  return {
    name,
    notImplemented: "S2Builder's snapping is not reproduced (null for invalid input or a shape within the tolerance only)",
    bind: () => (args) => {
      const pts = vertices((args[0] ?? null) as Dyn);
      const tol = tolerance(args);
      if (pts === null || tol === null) return null;
      if (allWithin(pts, tol)) return null;
      throw unsupported(`${name}: S2Builder's snapping and edge-chain simplification`);
    },
  };
}

export const functions: readonly ScalarFunction[] = [
  simplify('geo_line_simplify', (v) => parseLines(v)?.flatMap((l) => l.pts) ?? null),
  simplify('geo_polygon_simplify', polygonVertices),
  // The union of the polygons, simplified: with all vertices together the same certain cases hold.
  simplify('geo_simplify_polygons_array', (v) => {
    if (!Array.isArray(v)) return null;
    const out: Vec[] = [];
    for (const p of v) {
      const pts = polygonVertices(p);
      if (pts === null) return null;
      out.push(...pts);
    }
    return out.length > 0 ? out : null;
  }),
];
