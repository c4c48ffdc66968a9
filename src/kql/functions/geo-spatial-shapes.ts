/**
 * GeoJSON shapes for the geo_* functions: parsing with Kusto's validity rules (invalid input gives null, never an
 * error) and the derived spherical measures. Parsed shapes are cached per dynamic object, because a polygon is
 * usually a constant that every row passes again.
 */
import type { Dyn } from '../data/types.js';
import { unsupported } from '../errors.js';
import { angle, crossingSign, eq, Loop, toPoint, type Vec } from './geo-spatial-sphere.js';

export type LngLat = [number, number];

export function validLngLat(lng: number, lat: number): boolean {
  return Number.isFinite(lng) && Number.isFinite(lat) && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
}

function coord(v: Dyn): LngLat | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  const lng = typeof v[0] === 'bigint' ? Number(v[0]) : v[0];
  const lat = typeof v[1] === 'bigint' ? Number(v[1]) : v[1];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !validLngLat(lng, lat)) return null;
  return [lng, lat];
}

function isObj(v: Dyn): v is { [k: string]: Dyn } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v !== 'bigint';
}

function antipodal(a: Vec, b: Vec): boolean {
  return angle(a, b) >= Math.PI - 1e-15;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines

export interface Line {
  readonly coords: LngLat[];
  readonly pts: Vec[];
}

function parseLineCoords(v: Dyn): Line | null {
  if (!Array.isArray(v) || v.length < 2) return null;
  const coords: LngLat[] = [];
  for (const c of v) {
    const ll = coord(c);
    if (!ll) return null;
    coords.push(ll);
  }
  const pts = coords.map(([lng, lat]) => toPoint(lng, lat));
  for (let i = 1; i < pts.length; i++) if (antipodal(pts[i - 1]!, pts[i]!)) return null;
  return { coords, pts };
}

const lineCache = new WeakMap<object, Line[] | null>();

/** A LineString or MultiLineString as its lines, or null when invalid. */
export function parseLines(v: Dyn): Line[] | null {
  if (!isObj(v)) return null;
  const hit = lineCache.get(v);
  if (hit !== undefined) return hit;
  let res: Line[] | null = null;
  if (v['type'] === 'LineString') {
    const l = parseLineCoords(v['coordinates'] ?? null);
    res = l ? [l] : null;
  } else if (v['type'] === 'MultiLineString' && Array.isArray(v['coordinates']) && v['coordinates'].length > 0) {
    const ls = v['coordinates'].map(parseLineCoords);
    res = ls.every((l) => l !== null) ? (ls as Line[]) : null;
  }
  lineCache.set(v, res);
  return res;
}

export function linesLength(lines: Line[]): number {
  let sum = 0;
  for (const l of lines) for (let i = 1; i < l.pts.length; i++) sum += angle(l.pts[i - 1]!, l.pts[i]!);
  return sum;
}

// ---------------------------------------------------------------------------------------------------------------
// Polygons

export interface Polygon {
  readonly loops: Loop[]; // shell first, then holes
}

function parseRing(v: Dyn): Loop | null {
  if (!Array.isArray(v) || v.length < 4) return null;
  const coords: LngLat[] = [];
  for (const c of v) {
    const ll = coord(c);
    if (!ll) return null;
    coords.push(ll);
  }
  const first = coords[0]!;
  const last = coords[coords.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return null;
  const pts = coords.slice(0, -1).map(([lng, lat]) => toPoint(lng, lat));
  // Vertices must be distinct (S2Loop validity).
  for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) if (eq(pts[i]!, pts[j]!)) return null;
  if (pts.length < 3) return null;
  for (let i = 0; i < pts.length; i++) if (antipodal(pts[i]!, pts[(i + 1) % pts.length]!)) return null;
  return new Loop(pts);
}

/** No two edges of the given loops cross (S2Polygon validity). */
function edgesDisjoint(loops: Loop[]): boolean {
  const edges = loops.flatMap((l) => l.edges());
  if (edges.length > 4000) throw unsupported('geo polygon: validity check of more than 4000 edges');
  for (let i = 0; i < edges.length; i++) {
    const [a, b] = edges[i]!;
    for (let j = i + 1; j < edges.length; j++) {
      const [c, d] = edges[j]!;
      if (crossingSign(a, b, c, d) > 0) return false;
    }
  }
  return true;
}

function parsePolygonRings(v: Dyn): Polygon | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const loops: Loop[] = [];
  for (const r of v) {
    const l = parseRing(r);
    if (!l) return null;
    loops.push(l);
  }
  if (!edgesDisjoint(loops)) return null;
  return { loops };
}

const polyCache = new WeakMap<object, Polygon[] | null>();

/** A Polygon or MultiPolygon as its polygons, or null when invalid. */
export function parsePolygons(v: Dyn): Polygon[] | null {
  if (!isObj(v)) return null;
  const hit = polyCache.get(v);
  if (hit !== undefined) return hit;
  let res: Polygon[] | null = null;
  if (v['type'] === 'Polygon') {
    const p = parsePolygonRings(v['coordinates'] ?? null);
    res = p ? [p] : null;
  } else if (v['type'] === 'MultiPolygon' && Array.isArray(v['coordinates']) && v['coordinates'].length > 0) {
    const ps = v['coordinates'].map(parsePolygonRings);
    res = ps.every((p) => p !== null) ? (ps as Polygon[]) : null;
  }
  polyCache.set(v, res);
  return res;
}

export function polygonContains(p: Polygon, x: Vec): boolean {
  if (!p.loops[0]!.contains(x)) return false;
  for (let i = 1; i < p.loops.length; i++) if (p.loops[i]!.contains(x)) return false;
  return true;
}

/**
 * Kusto measures a multipolygon as the union of its polygons. We do not implement polygon union, so measures of a
 * multipolygon whose members overlap or touch are unsupported rather than double-counted.
 */
export function requireDisjoint(polys: Polygon[], fn: string): void {
  if (polys.length < 2) return;
  for (let i = 0; i < polys.length; i++) {
    for (let j = i + 1; j < polys.length; j++) {
      const a = polys[i]!;
      const b = polys[j]!;
      const overlap =
        !edgesDisjoint([...a.loops, ...b.loops]) ||
        a.loops[0]!.v.some((x) => polygonContains(b, x)) ||
        b.loops[0]!.v.some((x) => polygonContains(a, x)) ||
        a.loops.some((l) => l.v.some((x) => b.loops.some((m) => m.v.some((y) => eq(x, y)))));
      if (overlap) throw unsupported(`${fn}: multipolygon with overlapping polygons (union)`);
    }
  }
}
