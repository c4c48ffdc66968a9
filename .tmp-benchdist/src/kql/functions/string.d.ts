/**
 * Kusto string functions (semantics.md §30 and the per-function doc pages). Each row function takes boxed
 * values (data/types.ts). Where a function's output is undocumented for some input, it throws
 * `unsupported(...)` rather than guess.
 */
import type { Boxed, KType } from '../data/types.js';
import type { ScalarFunction } from './scalar-function.js';
/** `tostring(datetime)`: `2017-10-15T12:00:00.0000000Z` (always 7 fraction digits; case reverse-non-string). */
export declare function formatDatetime(ticks: bigint): string;
/** `tostring(timespan)`: .NET's constant format `[-][d.]hh:mm:ss[.fffffff]` (`tostring(3h)` is `03:00:00`). */
export declare function formatTimespan(ticks: bigint): string;
/**
 * `tostring(real)`. In [1e-4, 1e15) JS and .NET (shortest round-trip) print the same digits; outside it .NET
 * switches to `E+XX` notation, whose exact form for Kusto is unverified, so those values are refused.
 */
export declare function formatReal(x: number): string;
/** tostring of a boxed value of Kusto type `t`: null becomes "", a dynamic string is rendered without quotes. */
export declare function kustoToString(v: Boxed, t: KType): string;
export declare const functions: ScalarFunction[];
