/**
 * Correctly rounded sin, cos and atan2 for the geo functions' degree <-> unit-vector conversions.
 *
 * Kusto's S2 code runs on .NET over glibc's libm, whose sin/cos/atan2 return the correctly rounded result; V8's
 * Math.sin/cos/atan2 (fdlibm) are only within 1 ulp. Coordinates that go through a point and back (densified lines,
 * for one) then differ from Kusto's in the last digit (oracle cases geo-line-densify-function-01 and
 * geo-polygon-densify-function-00: glibc's results reproduce every expected coordinate, V8's do not).
 * So these compute in double-double (about 106 bits) and round once.
 */

type DD = [number, number];

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp split: exact products without FMA)

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a[0], b[0]);
  const t = twoSum(a[1], b[1]);
  let hi = s[0];
  let lo = s[1] + t[0];
  let n = twoSum(hi, lo);
  hi = n[0];
  lo = n[1] + t[1];
  n = twoSum(hi, lo);
  return n;
}

function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a[0], b[0]);
  return twoSum(p[0], p[1] + (a[0] * b[1] + a[1] * b[0]));
}

function ddMulD(a: DD, b: number): DD {
  const p = twoProd(a[0], b);
  return twoSum(p[0], p[1] + a[1] * b);
}

function ddDivD(a: DD, d: number): DD {
  const q1 = a[0] / d;
  const r = ddAdd(a, ddMulD([q1, 0], -d));
  return twoSum(q1, r[0] / d);
}

// pi/2 as three doubles (fdlibm's pio2_1, pio2_1t split further): 159 bits, ample for |x| <= 8.
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const MAX_ARG = 8;

/** x - k*pi/2 in double-double, and k mod 4. */
function reduce(x: number): { r: DD; q: number } {
  const k = Math.round(x / PIO2_1);
  let r: DD = twoSum(x, 0);
  r = ddAdd(r, twoProd(-k, PIO2_1));
  r = ddAdd(r, twoProd(-k, PIO2_2));
  r = ddAdd(r, twoProd(-k, PIO2_3));
  return { r, q: ((k % 4) + 4) % 4 };
}

/** sin and cos by their Taylor series in double-double (slow; builds the table). */
function sinCosSeries(r: DD): { s: DD; c: DD } {
  const r2 = ddMul(r, r);
  let s: DD = r;
  let term: DD = r;
  for (let n = 2; n < 40; n += 2) {
    term = ddDivD(ddMul(term, r2), -(n * (n + 1)));
    s = ddAdd(s, term);
    if (Math.abs(term[0]) < 1e-35) break;
  }
  let c: DD = [1, 0];
  term = [1, 0];
  for (let n = 1; n < 40; n += 2) {
    term = ddDivD(ddMul(term, r2), -(n * (n + 1)));
    c = ddAdd(c, term);
    if (Math.abs(term[0]) < 1e-35) break;
  }
  return { s, c };
}

// sin and cos of j/64 (j = 0..52, covering [0, pi/4 + 1/128]) in double-double, from the series once.
const TABLE_STEP = 64;
const TABLE: { s: DD; c: DD }[] = Array.from({ length: 53 }, (_, j) => sinCosSeries([j / TABLE_STEP, 0]));

/**
 * sin and cos of a reduced argument r (|r| <= pi/4 + a little): r = a + h with a = j/64 from the table and
 * |h| <= 1/128, whose sin and cos need only short polynomials. Error about 1e-22, far below the 1e-16 ulp.
 */
function sinCosReduced(r: DD): { s: DD; c: DD } {
  const neg = r[0] < 0;
  const r0 = neg ? -r[0] : r[0];
  const r1 = neg ? -r[1] : r[1];
  const j = Math.round(r0 * TABLE_STEP);
  const a = j / TABLE_STEP;
  const h = twoSum(r0 - a, r1); // r0 - a is exact (Sterbenz)
  const h1 = h[0];
  const h2 = h[1];
  const hh = h1 * h1;
  const sTail = h1 * hh * (-1 / 6 + hh * (1 / 120 + hh * (-1 / 5040 + hh * (1 / 362880))));
  const sh = twoSum(h1, h2 + sTail - (h2 * hh) / 2);
  const p = twoProd(h1, h1);
  const chHead = twoSum(1, -p[0] / 2);
  const ch = twoSum(chHead[0], chHead[1] - p[1] / 2 - h1 * h2 + hh * hh * (1 / 24 + hh * (-1 / 720 + hh * (1 / 40320))));
  const t = TABLE[j];
  const sin = ddAdd(ddMul(t.s, ch), ddMul(t.c, sh));
  const cos = ddAdd(ddMul(t.c, ch), ddMul(t.s, [-sh[0], -sh[1]]));
  return { s: neg ? [-sin[0], -sin[1]] : sin, c: cos };
}

function sinCosDD(x: number): { s: DD; c: DD } {
  const { r, q } = reduce(x);
  const { s, c } = sinCosReduced(r);
  const neg = (a: DD): DD => [-a[0], -a[1]];
  switch (q) {
    case 0: return { s, c };
    case 1: return { s: c, c: neg(s) };
    case 2: return { s: neg(s), c: neg(c) };
    default: return { s: neg(c), c: s };
  }
}

/** [sin x, cos x], each correctly rounded (one argument reduction and series for both). */
export function crSinCos(x: number): [number, number] {
  if (!(Math.abs(x) <= MAX_ARG)) return [Math.sin(x), Math.cos(x)];
  if (x === 0) return [x, 1];
  const { s, c } = sinCosDD(x);
  return [s[0], c[0]];
}

export function crSin(x: number): number {
  if (!(Math.abs(x) <= MAX_ARG) || x === 0) return Math.sin(x);
  return sinCosDD(x).s[0];
}

export function crCos(x: number): number {
  if (!(Math.abs(x) <= MAX_ARG)) return Math.cos(x);
  return sinCosDD(x).c[0];
}

/** atan2 by one Newton step in double-double from V8's (1-ulp) answer. */
export function crAtan2(y: number, x: number): number {
  const t0 = Math.atan2(y, x);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0 || !Number.isFinite(t0)) return t0;
  const { s, c } = sinCosDD(t0);
  // f(t) = y cos t - x sin t vanishes at the answer; f'(t) = -(x cos t + y sin t).
  const num = ddAdd(ddMulD(c, y), ddMulD(s, -x));
  const den = x * c[0] + y * s[0];
  const delta = num[0] / den + num[1] / den;
  return t0 + delta;
}
