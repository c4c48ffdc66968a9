/**
 * A small seeded PRNG for the demo data set. mulberry32: 32-bit state, fast, and good enough for synthetic
 * telemetry (not for anything cryptographic). Same seed, same sequence, on every platform, because it only
 * uses 32-bit integer arithmetic (Math.imul, >>>).
 */
export declare class Rng {
    private state;
    constructor(seed: number);
    /** Uniform in [0, 1). */
    next(): number;
    /** Uniform integer in [lo, hi], both inclusive. */
    int(lo: number, hi: number): number;
    /** True with probability p. */
    chance(p: number): boolean;
    pick<T>(items: readonly T[]): T;
    /** One item, chosen with probability proportional to its weight (linear scan; see WeightedPicker for hot loops). */
    weighted<T>(items: readonly T[], weights: readonly number[]): T;
    /** Approximately normal (Irwin-Hall with 4 uniforms): bounded tails are what synthetic jitter wants. */
    normal(mean: number, sd: number): number;
    /** Fisher-Yates, in place; returns the same array. */
    shuffle<T>(items: T[]): T[];
    /** n lower-case hex digits. */
    hex(n: number): string;
    /** A random (version 4 layout) GUID string. */
    guid(): string;
    /** An independent stream derived from this seed and a label, so one section's draws do not shift another's. */
    fork(label: string): Rng;
}
/** Weighted choice with a precomputed cumulative table and binary search, for per-row use. */
export declare class WeightedPicker<T> {
    private readonly items;
    private readonly cdf;
    private readonly total;
    constructor(items: readonly T[], weights: readonly number[]);
    pick(rng: Rng): T;
    index(rng: Rng): number;
}
