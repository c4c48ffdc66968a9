/**
 * Literal unit suffixes, as Kusto.Language's lexer lists them (TokenParser.TimespanSuffixes), each as a
 * rational number of ticks [numerator, denominator] (a nanosecond is 1/100 tick).
 */
export declare const TIMESPAN_UNITS: Readonly<Record<string, readonly [bigint, bigint]>>;
/**
 * A timespan literal token: `2d`, `1.5h`, `30m`, `10s`, `100ms`, `10microsecond`, `1tick`, `25min`, `2days`...
 * (every suffix of TIMESPAN_UNITS, lower case as the lexer requires). Null when it is not one.
 */
export declare function parseTimespanLiteral(text: string): bigint | null;
/**
 * The content of `timespan(...)` / `time(...)` and the strings `totimespan()` accepts:
 * `[-][d.]hh:mm[:ss[.fffffff]]` (`0.12:34:56.7`, `12:34:56`, `-1.00:00:00`), a bare integer meaning days
 * (`timespan(2)`), and a number with a unit, with or without a space (`15 seconds`, `1d`, `25min`).
 * Null when the text does not parse.
 */
export declare function parseTimespan(text: string): bigint | null;
/**
 * Kusto's text form `[-][d.]hh:mm:ss[.fffffff]` (.NET TimeSpan "c" format): the fraction, when not zero, is
 * always 7 digits (oracle: `04:32:02.4000000`, `4.00:00:00`, `-12:00:00`).
 */
export declare function formatTimespan(ticks: bigint): string;
