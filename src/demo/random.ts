/**
 * A small seeded PRNG for the demo data set. mulberry32: 32-bit state, fast, and good enough for synthetic
 * telemetry (not for anything cryptographic). Same seed, same sequence, on every platform, because it only
 * uses 32-bit integer arithmetic (Math.imul, >>>).
 */
/** Two hex digits per byte value: hex() builds strings from these instead of toString(16) + padStart. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One item, chosen with probability proportional to its weight (linear scan; see WeightedPicker for hot loops). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return new WeightedPicker(items, weights).pick(this);
  }

  /** Approximately normal (Irwin-Hall with 4 uniforms): bounded tails are what synthetic jitter wants. */
  normal(mean: number, sd: number): number {
    const s = this.next() + this.next() + this.next() + this.next() - 2; // variance 4/12
    return mean + s * sd * Math.sqrt(3);
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** n lower-case hex digits (8 per draw, most significant first). */
  hex(n: number): string {
    let s = '';
    while (s.length < n) {
      const x = (this.next() * 4294967296) >>> 0;
      s += HEX2[x >>> 24]! + HEX2[(x >>> 16) & 255]! + HEX2[(x >>> 8) & 255]! + HEX2[x & 255]!;
    }
    return s.length === n ? s : s.slice(0, n);
  }

  /** A random (version 4 layout) GUID string. */
  guid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(0, 3)]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** An independent stream derived from this seed and a label, so one section's draws do not shift another's. */
  fork(label: string): Rng {
    let h = (this.state ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new Rng(h);
  }
}

/** Weighted choice with a precomputed cumulative table and binary search, for per-row use. */
export class WeightedPicker<T> {
  private readonly items: readonly T[];
  private readonly cdf: Float64Array;
  private readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('WeightedPicker: items and weights must be non-empty and of equal length');
    this.items = items;
    this.cdf = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0)) throw new Error('WeightedPicker: weights must be >= 0');
      acc += w;
      this.cdf[i] = acc;
    }
    if (acc <= 0) throw new Error('WeightedPicker: total weight must be > 0');
    this.total = acc;
  }

  pick(rng: Rng): T {
    return this.items[this.index(rng)]!;
  }

  index(rng: Rng): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
