/**
 * Spherical geometry for the geo_* functions. Kusto computes on a sphere of radius 6371010 m (S2's Earth radius; the
 * doc example geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056) = 1546754.35197381 m pins it to
 * 1e-16) with geodesic edges, the way Google's S2 library does, so the formulas here follow S2's: points are unit
 * vectors, angles are atan2(|a x b|, a . b), loops are normalised to enclose at most half the sphere.
 * Predicates use plain doubles (S2 falls back to exact arithmetic on near-degenerate input; we do not).
 */

import { crAtan2, crSinCos } from './geo-libm.js';

export type Vec = readonly [number, number, number];

export const EARTH_RADIUS_M = 6371010;
const DEG = Math.PI / 180;
const RAD = 180 / Math.PI;

export const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const mul = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k, a[2] * k];
export const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm2 = (a: Vec): number => dot(a, a);
export const norm = (a: Vec): number => Math.sqrt(dot(a, a));
export const eq = (a: Vec, b: Vec): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
export function normalize(a: Vec): Vec {
  const n = norm(a);
  return n === 0 ? a : mul(a, 1 / n);
}

/** S2LatLng::FromDegrees(lat, lng).ToPoint(), with glibc's (correctly rounded) sin/cos as Kusto has them. */
export function toPoint(lng: number, lat: number): Vec {
  const [sp, cp] = crSinCos(lat * DEG);
  const [st, ct] = crSinCos(lng * DEG);
  return [ct * cp, st * cp, sp];
}

/** [lng, lat] in degrees of a (not necessarily unit) vector (S2LatLng(p), with a correctly rounded atan2). */
export function toLngLat(p: Vec): [number, number] {
  return [RAD * crAtan2(p[1], p[0]), RAD * crAtan2(p[2], Math.sqrt(p[0] * p[0] + p[1] * p[1]))];
}

/** The angle between two vectors, in radians (S2Point::Angle). */
export function angle(a: Vec, b: Vec): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/** Sign of the determinant (a x b) . c: +1 when a, b, c turn counterclockwise. */
export function sign(a: Vec, b: Vec, c: Vec): number {
  if (eq(a, b) || eq(b, c) || eq(a, c)) return 0;
  const d = dot(cross(a, b), c);
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/** S2::Ortho: a fixed unit vector orthogonal to a. */
function ortho(a: Vec): Vec {
  const ax = Math.abs(a[0]);
  const ay = Math.abs(a[1]);
  const az = Math.abs(a[2]);
  const largest = ax > ay ? (ax > az ? 0 : 2) : ay > az ? 1 : 2;
  let k = largest - 1;
  if (k < 0) k = 2;
  const t: [number, number, number] = [0.012, 0.0053, 0.00457];
  t[k] = 1;
  return normalize(cross(a, t));
}

/** True when a, b, c are encountered in that order (CCW) around o. */
function orderedCCW(a: Vec, b: Vec, c: Vec, o: Vec): boolean {
  let sum = 0;
  if (sign(b, o, a) >= 0) ++sum;
  if (sign(c, o, b) >= 0) ++sum;
  if (sign(a, o, c) > 0) ++sum;
  return sum >= 2;
}

/** +1 when edges ab and cd cross at an interior point, 0 when they share a vertex, -1 otherwise. */
export function crossingSign(a: Vec, b: Vec, c: Vec, d: Vec): number {
  if (eq(a, c) || eq(a, d) || eq(b, c) || eq(b, d)) return 0;
  const acb = -sign(a, b, c);
  const bda = sign(a, b, d);
  if (acb === 0 || bda === 0) return 0;
  if (bda !== acb) return -1;
  const cbd = -sign(c, d, b);
  if (cbd !== acb) return -1;
  const dac = sign(c, d, a);
  return dac !== acb ? -1 : 1;
}

/** S2::VertexCrossing: the tie-break that makes containment semi-open. */
function vertexCrossing(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  if (eq(a, b) || eq(c, d)) return false;
  if (eq(a, d)) return orderedCCW(ortho(a), c, b, a);
  if (eq(b, c)) return orderedCCW(ortho(b), d, a, b);
  if (eq(a, c)) return orderedCCW(ortho(a), d, b, a);
  if (eq(b, d)) return orderedCCW(ortho(b), c, a, b);
  return false;
}

function edgeOrVertexCrossing(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  const s = crossingSign(a, b, c, d);
  if (s < 0) return false;
  if (s > 0) return true;
  return vertexCrossing(a, b, c, d);
}

const ORIGIN: Vec = normalize([-0.0099994664350250197, 0.0025924542609324121, 0.99994664350250195]);

/** Signed area of the spherical triangle abc (S2::Area with l'Huilier / Girard), positive when CCW. */
function triangleArea(a: Vec, b: Vec, c: Vec): number {
  const sa = angle(b, c);
  const sb = angle(c, a);
  const sc = angle(a, b);
  const s = 0.5 * (sa + sb + sc);
  let area: number | undefined;
  if (s >= 3e-4) {
    const s2 = s * s;
    const dmin = s - Math.max(sa, sb, sc);
    if (dmin < 1e-2 * s * s2 * s2) {
      const ab = cross(a, b);
      const bc = cross(b, c);
      const ac = cross(a, c);
      const girard = Math.max(0, angle(ab, ac) - angle(ab, bc) + angle(bc, ac));
      if (dmin < s * (0.1 * (girard + 5e-15))) area = girard;
    }
  }
  if (area === undefined) {
    area = 4 * Math.atan(Math.sqrt(Math.max(0, Math.tan(0.5 * s) * Math.tan(0.5 * (s - sa)) * Math.tan(0.5 * (s - sb)) * Math.tan(0.5 * (s - sc)))));
  }
  const d = dot(cross(a, b), c);
  return d < 0 ? -area : area;
}

/** The integral of the point over the triangle abc (S2::TrueCentroid), signed like the triangle. */
function triangleCentroid(a: Vec, b: Vec, c: Vec): Vec {
  const aa = angle(b, c);
  const ab = angle(c, a);
  const ac = angle(a, b);
  const ra = aa === 0 ? 1 : aa / Math.sin(aa);
  const rb = ab === 0 ? 1 : ab / Math.sin(ab);
  const rc = ac === 0 ? 1 : ac / Math.sin(ac);
  const x: Vec = [a[0], b[0] - a[0], c[0] - a[0]];
  const y: Vec = [a[1], b[1] - a[1], c[1] - a[1]];
  const z: Vec = [a[2], b[2] - a[2], c[2] - a[2]];
  const r: Vec = [ra, rb - ra, rc - ra];
  return mul([dot(cross(y, z), r), dot(cross(z, x), r), dot(cross(x, y), r)], 0.5);
}

/** The integral of the point along the geodesic ab (S2::TrueCentroid of an edge). */
export function edgeCentroid(a: Vec, b: Vec): Vec {
  const vsum = add(a, b);
  const len = norm(vsum);
  if (len === 0) return [0, 0, 0];
  // |integral| = 2 sin(angle / 2), in the direction of the arc's midpoint (a + b) / |a + b|.
  return mul(vsum, (2 * Math.sin(angle(a, b) / 2)) / len);
}

/** A loop of distinct vertices (no closing duplicate), normalised to enclose at most half the sphere. */
export class Loop {
  readonly v: Vec[];
  private originInside = false;
  constructor(vertices: Vec[]) {
    this.v = vertices;
    // Orientation: a clockwise ring as given encloses the larger region, so S2 inverts it (reverses the vertices).
    if (this.rawSignedArea() < 0) this.v.reverse();
    const v0 = this.v[0]!;
    const v1 = this.v[1]!;
    const v2 = this.v[2]!;
    const v1Inside = !eq(v0, v1) && !eq(v2, v1) && !orderedCCW(ortho(v1), v2, v0, v1);
    this.originInside = false;
    if (v1Inside !== this.contains(v1)) this.originInside = true;
  }

  /** Signed area of the vertex fan, positive when the ring is counterclockwise (encloses the smaller region). */
  private rawSignedArea(): number {
    const v = this.v;
    let sum = 0;
    for (let i = 1; i + 1 < v.length; i++) sum += triangleArea(v[0]!, v[i]!, v[i + 1]!);
    return sum;
  }

  area(): number {
    return Math.max(0, this.rawSignedArea());
  }

  /** Integral of the point over the loop's interior. */
  centroid(): Vec {
    const v = this.v;
    let c: Vec = [0, 0, 0];
    for (let i = 1; i + 1 < v.length; i++) c = add(c, triangleCentroid(v[0]!, v[i]!, v[i + 1]!));
    return c;
  }

  /** Semi-open containment: every point of a subdivision is in exactly one loop. */
  contains(p: Vec): boolean {
    let inside = this.originInside;
    const v = this.v;
    const n = v.length;
    for (let i = 0; i < n; i++) if (edgeOrVertexCrossing(ORIGIN, p, v[i]!, v[(i + 1) % n]!)) inside = !inside;
    return inside;
  }

  perimeter(): number {
    let sum = 0;
    const n = this.v.length;
    for (let i = 0; i < n; i++) sum += angle(this.v[i]!, this.v[(i + 1) % n]!);
    return sum;
  }

  edges(): [Vec, Vec][] {
    const n = this.v.length;
    return this.v.map((a, i) => [a, this.v[(i + 1) % n]!]);
  }
}

/** The point of geodesic ab closest to x (S2::Project). */
export function project(x: Vec, a: Vec, b: Vec): Vec {
  const n = cross(add(b, a), sub(b, a)); // robust a x b (times 2)
  if (norm2(n) === 0) return a;
  const p = sub(x, mul(n, dot(x, n) / norm2(n)));
  if (dot(cross(n, a), p) > 0 && dot(cross(p, b), n) > 0) return normalize(p);
  return norm2(sub(x, a)) <= norm2(sub(x, b)) ? a : b;
}

/** Angular distance from x to the geodesic segment ab. */
export function distanceToEdge(x: Vec, a: Vec, b: Vec): number {
  return angle(x, project(x, a, b));
}

/** S2::Interpolate: the point a fraction t of the way along geodesic ab. */
export function interpolate(a: Vec, b: Vec, t: number): Vec {
  if (t === 0) return a;
  if (t === 1) return b;
  const ab = angle(a, b);
  const dir = normalize(cross(cross(a, b), a)); // tangent at a towards b
  const r = t * ab;
  return normalize(add(mul(a, Math.cos(r)), mul(dir, Math.sin(r))));
}

const INTERP_FRACTION = 0.31215691082248315;
const SCALE_FACTOR = 0.83829992569888509;
const MIN_TOLERANCE = 1e-13;

/** Chord length squared between two unit vectors (S1ChordAngle's representation). */
function chord2(a: Vec, b: Vec): number {
  return Math.min(4, norm2(sub(a, b)));
}

/**
 * S2EdgeTessellator::AppendUnprojected with the plate carrée projection (x = lng, y = lat in degrees): the planar
 * edge pa-pb is split at projected midpoints until the geodesic between consecutive points is within `tolerance`
 * radians of the planar edge. Appends the points after pa (pa itself too when `out` is empty).
 */
export function tessellatePlanarEdge(pa: [number, number], pb: [number, number], toleranceRad: number, out: Vec[]): void {
  const tol = Math.max(toleranceRad, MIN_TOLERANCE);
  const tolChord = 2 * Math.sin(0.5 * Math.min(Math.PI, tol));
  const scaled = tolChord * tolChord * SCALE_FACTOR * SCALE_FACTOR;
  const unproject = (p: [number, number]): Vec => toPoint(p[0], p[1]);
  const lerp = (t: number, p: [number, number], q: [number, number]): [number, number] => [(1 - t) * p[0] + t * q[0], (1 - t) * p[1] + t * q[1]];
  const a = unproject(pa);
  const b = unproject(pb);
  if (out.length === 0) out.push(a);
  const maxError = (qa: [number, number], va: Vec, qb: [number, number], vb: Vec): number => {
    if (dot(va, vb) < -1e-14) return Infinity;
    const t1 = INTERP_FRACTION;
    const t2 = 1 - INTERP_FRACTION;
    const m1 = interpolate(va, vb, t1);
    const m2 = interpolate(va, vb, t2);
    const p1 = unproject(lerp(t1, qa, qb));
    const p2 = unproject(lerp(t2, qa, qb));
    return Math.max(chord2(m1, p1), chord2(m2, p2));
  };
  const rec = (qa: [number, number], va: Vec, qb: [number, number], vb: Vec, depth: number): void => {
    if (depth > 24 || maxError(qa, va, qb, vb) <= scaled) {
      out.push(vb);
      return;
    }
    const qm = lerp(0.5, qa, qb);
    const vm = unproject(qm);
    rec(qa, va, qm, vm, depth + 1);
    rec(qm, vm, qb, vb, depth + 1);
  };
  rec(pa, a, pb, b, 0);
}
