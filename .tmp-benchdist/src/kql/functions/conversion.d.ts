/**
 * Conversion functions: tostring, toint, tolong, toreal/todouble, tobool/toboolean, toguid, tohex, todecimal,
 * plus `convertTo` (a general typed conversion other modules can reuse, e.g. for `to typeof(T)` casts).
 * Failed conversions give null (Kusto docs, toint/tolong/toreal pages).
 */
import type { Boxed, Dyn, KType } from '../data/types.js';
import { toKustoString } from '../data/format-value.js';
import type { ScalarFunction } from './scalar-function.js';
export { toKustoString };
/** .NET ticks of 1970-01-01: tolong(datetime) returns ticks counted from 0001-01-01. */
export declare const DOTNET_EPOCH_TICKS = 621355968000000000n;
/** Parses an integer literal (optional sign, surrounding whitespace) to a bigint, or null. */
export declare function parseIntegerText(s: string): bigint | null;
/** Parses a string as .NET `double.TryParse` does for the common forms (no thousands separators), or null. */
export declare function parseRealText(s: string): number | null;
/** Parses the .NET Guid text forms N, D, B ({...}) and P ((...)) to the canonical lower-case D form, or null. */
export declare function parseGuidText(s: string): string | null;
/** The JS value that stands for a typed value inside a dynamic (datetime/timespan become their text forms). */
export declare function boxToDyn(v: Boxed, type: KType): Dyn;
/** Converts a value of type `from` to type `to` with Kusto's to*() rules (null on failure). */
export declare function convertTo(v: Boxed, from: KType, to: KType): Boxed;
export declare const functions: ScalarFunction[];
