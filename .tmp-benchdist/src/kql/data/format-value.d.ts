/**
 * Text and JSON encodings of boxed values: Kusto's `tostring()` forms, the REST-API-style JSON encoding
 * used for query output, and a display form for table output.
 */
import type { Boxed, Dyn, KType } from './types.js';
/**
 * Formats a double the way .NET Core 3.0+ `double.ToString()` does (Kusto's `tostring(real)`):
 * shortest round-trip digits, fixed notation unless the decimal exponent is beyond the
 * max(digit count, 15) window or below 1e-4, then `d.dddE+XX` with at least two exponent digits.
 */
export declare function formatReal(x: number): string;
/** Compact JSON text of a dynamic value, as Kusto's `tostring(dynamic)` writes it (property order kept). */
export declare function dynamicToJsonText(d: Dyn): string;
/** Kusto's `tostring()` of a value of the given type. Null gives "" (strings cannot be null in Kusto). */
export declare function toKustoString(v: Boxed, type: KType): string;
/**
 * A value encoded for JSON output, as Kusto's REST API does: datetime as ISO-8601 UTC (fraction trimmed),
 * timespan in Kusto text form, longs beyond 2^53 as decimal strings, NaN/Infinity as strings.
 */
export declare function toJsonValue(v: Boxed, type: KType): unknown;
/** Text for a table cell: null is shown empty; datetimes in the short ISO form, the rest as tostring(). */
export declare function toDisplayString(v: Boxed, type: KType): string;
