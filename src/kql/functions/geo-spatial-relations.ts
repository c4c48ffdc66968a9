/**
 * geo_intersects_2lines and geo_intersects_2polygons (query/geo-intersects-2lines-function.md,
 * geo-intersects-2polygons-function.md), on geodesic edges as S2 has them; invalid shapes give null.
 *
 * Lines are closed sets (S2's default polyline model), so touching counts as intersecting. Polygons follow S2's
 * semi-open model, where whether two polygons that only touch intersect depends on S2's tie-breaking; those cases
 * are unsupported rather than guessed.
 */
import type { Boxed, Dyn } from '../data/types.js';
import { unsupported } from '../errors.js';
import { crossingSign, distanceToEdge, eq, type Vec } from './geo-spatial-sphere.js';
import { parseLines, parsePolygons, polygonContains, type Polygon } from './geo-spatial-shapes.js';
import type { ScalarFunction } from './scalar-function.js';

type Edge = [Vec, Vec];

/** Below this angle (radians, about 6 nm on Earth) a vertex counts as lying on an edge. */
const ON_EDGE = 1e-15;

/** 'cross' for an interior crossing, 'touch' for a shared vertex or a vertex on the other edge, 'none'. */
function edgeRelation(a: Vec, b: Vec, c: Vec, d: Vec): 'cross' | 'touch' | 'none' {
  const s = crossingSign(a, b, c, d);
  if (s > 0) return 'cross';
  if (eq(a, c) || eq(a, d) || eq(b, c) || eq(b, d)) return 'touch';
  if (s < 0) return 'none';
  // Three collinear points: touching only when one lies within the other edge.
  if (distanceToEdge(a, c, d) <= ON_EDGE || distanceToEdge(b, c, d) <= ON_EDGE || distanceToEdge(c, a, b) <= ON_EDGE || distanceToEdge(d, a, b) <= ON_EDGE) return 'touch';
  return 'none';
}

/** The strongest relation between any edge of one set and any edge of the other. */
function edgesRelation(xs: readonly Edge[], ys: readonly Edge[]): 'cross' | 'touch' | 'none' {
  let touch = false;
  for (const [a, b] of xs) {
    for (const [c, d] of ys) {
      const r = edgeRelation(a, b, c, d);
      if (r === 'cross') return 'cross';
      if (r === 'touch') touch = true;
    }
  }
  return touch ? 'touch' : 'none';
}

function lineEdges(v: Dyn): Edge[] | null {
  const lines = parseLines(v);
  if (!lines) return null;
  const out: Edge[] = [];
  for (const l of lines) for (let i = 1; i < l.pts.length; i++) out.push([l.pts[i - 1]!, l.pts[i]!]);
  return out;
}

function polygonEdges(p: Polygon): Edge[] {
  return p.loops.flatMap((l) => l.edges() as Edge[]);
}

function polygonsIntersect(a: Polygon, b: Polygon): boolean {
  const r = edgesRelation(polygonEdges(a), polygonEdges(b));
  if (r === 'cross') return true;
  if (r === 'touch') throw unsupported('geo_intersects_2polygons: polygons whose boundaries touch without crossing (S2 semi-open tie-breaking)');
  // Boundaries apart: they intersect only when a boundary of one lies inside the other.
  return a.loops.some((l) => l.v.some((x) => polygonContains(b, x))) || b.loops.some((l) => l.v.some((x) => polygonContains(a, x)));
}

function arg(args: Boxed[], i: number): Dyn {
  const v = args[i];
  return (v === undefined ? null : v) as Dyn;
}

export const functions: readonly ScalarFunction[] = [
  {
    name: 'geo_intersects_2lines',
    bind: () => (args) => {
      const a = lineEdges(arg(args, 0));
      const b = lineEdges(arg(args, 1));
      if (!a || !b) return null;
      return edgesRelation(a, b) !== 'none';
    },
  },
  {
    name: 'geo_intersects_2polygons',
    bind: () => (args) => {
      const a = parsePolygons(arg(args, 0));
      const b = parsePolygons(arg(args, 1));
      if (!a || !b) return null;
      // A multipolygon is the union of its polygons.
      return a.some((p) => b.some((q) => polygonsIntersect(p, q)));
    },
  },
];
