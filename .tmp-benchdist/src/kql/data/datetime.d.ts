/** 0001-01-01T00:00:00Z, the smallest Kusto datetime. */
export declare const MIN_DATETIME_TICKS: bigint;
/** 9999-12-31T23:59:59.9999999Z, the largest Kusto datetime. */
export declare const MAX_DATETIME_TICKS: bigint;
export declare function isDatetimeInRange(t: bigint): boolean;
/** Floor division for bigint (BigInt `/` truncates toward zero). */
export declare function floorDivBig(a: bigint, b: bigint): bigint;
/** Days since 1970-01-01 of the given civil date (month 1..12). No validation. */
export declare function daysFromCivil(year: number, month: number, day: number): number;
/** Civil date of a day number (days since 1970-01-01). */
export declare function civilFromDays(days: number): {
    year: number;
    month: number;
    day: number;
};
export declare function isLeapYear(year: number): boolean;
export declare function daysInMonth(year: number, month: number): number;
export interface DatetimeParts {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    /** Ticks within the second, 0..9_999_999. */
    fraction: number;
    /** 0 = Sunday .. 6 = Saturday (Kusto's and .NET's numbering). */
    dayOfWeek: number;
    /** 1..366 */
    dayOfYear: number;
}
/** Day number (since 1970-01-01) of a datetime, rounding toward negative infinity. */
export declare function dayNumber(t: bigint): number;
export declare function ticksToParts(t: bigint): DatetimeParts;
/** Ticks of a civil date and time. No validation (month/day overflow is not normalised: validate first). */
export declare function partsToTicks(year: number, month: number, day: number, hour?: number, minute?: number, second?: number, fraction?: number): bigint;
/** Validated construction: null for an impossible date/time or one outside 0001..9999. */
export declare function makeDatetimeTicks(year: number, month: number, day: number, hour?: number, minute?: number, second?: number, fraction?: number): bigint | null;
/** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export declare function isoWeekOfYear(t: bigint): number;
/**
 * Adds calendar months the way .NET DateTime.AddMonths does: the day is clamped to the target month's length,
 * the time of day is kept. Null when the result leaves 0001..9999.
 */
export declare function addMonths(t: bigint, months: number): bigint | null;
/**
 * ISO 8601 UTC as Kusto's JSON output writes a datetime column: fractional zeros trimmed and no fraction at all
 * when it is zero (oracle cases: `2017-01-01T00:00:00Z`, `2016-12-31T23:59:59.9999999Z`, `2026-08-01T04:32:02.4Z`).
 */
export declare function formatDatetime(ticks: bigint): string;
/**
 * `tostring(datetime)` and datetimes inside dynamic values: always 7 fractional digits
 * (`2017-10-15T12:00:00.0000000Z`; oracle cases `reverse-function-01`, `array-iff-function-02`, `range-function-01`).
 */
export declare function formatDatetimeTostring(ticks: bigint): string;
/**
 * Parses the text of a datetime literal (`datetime(...)` content, unquoted) or a `todatetime()` string.
 * Accepts the formats of the "datetime data type" doc page (ISO 8601, RFC 822, RFC 850, sortable) plus the
 * US `M-d-yyyy` form and `yyyy, M, d` seen in doc examples. Returns null when the text does not parse.
 */
export declare function parseDatetime(text: string): bigint | null;
export declare function parseIsoUtcFast(s: string): bigint | null;
