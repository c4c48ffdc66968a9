/**
 * Kusto timespan values: bigint 100 ns ticks (may be negative).
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from './types.js';
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/**
 * Literal unit suffixes, as Kusto.Language's lexer lists them (TokenParser.TimespanSuffixes), each as a
 * rational number of ticks [numerator, denominator] (a nanosecond is 1/100 tick).
 */
export const TIMESPAN_UNITS = Object.freeze({
    d: [TICKS_PER_DAY, 1n], day: [TICKS_PER_DAY, 1n], days: [TICKS_PER_DAY, 1n],
    h: [TICKS_PER_HOUR, 1n], hr: [TICKS_PER_HOUR, 1n], hrs: [TICKS_PER_HOUR, 1n], hour: [TICKS_PER_HOUR, 1n], hours: [TICKS_PER_HOUR, 1n],
    m: [TICKS_PER_MINUTE, 1n], min: [TICKS_PER_MINUTE, 1n], minute: [TICKS_PER_MINUTE, 1n], minutes: [TICKS_PER_MINUTE, 1n],
    s: [TICKS_PER_SECOND, 1n], sec: [TICKS_PER_SECOND, 1n], second: [TICKS_PER_SECOND, 1n], seconds: [TICKS_PER_SECOND, 1n],
    ms: [10000n, 1n], milli: [10000n, 1n], millis: [10000n, 1n], millisec: [10000n, 1n], millisecond: [10000n, 1n], milliseconds: [10000n, 1n],
    micro: [10n, 1n], micros: [10n, 1n], microsec: [10n, 1n], microsecond: [10n, 1n], microseconds: [10n, 1n],
    nano: [1n, 100n], nanos: [1n, 100n], nanosec: [1n, 100n], nanosecond: [1n, 100n], nanoseconds: [1n, 100n],
    tick: [1n, 1n], ticks: [1n, 1n],
});
function inInt64(t) {
    return t >= INT64_MIN && t <= INT64_MAX ? t : null;
}
/** `<digits>[.<digits>]` times a unit, exactly; a result finer than a tick is truncated toward zero. */
function scaled(intDigits, fracDigits, unit, negative) {
    const f = fracDigits ?? '';
    const mantissa = BigInt(intDigits + f);
    const scale = 10n ** BigInt(f.length);
    const t = (mantissa * unit[0]) / (scale * unit[1]);
    return inInt64(negative ? -t : t);
}
const RE_LITERAL = /^(\d+)(?:\.(\d+))?([a-z]+)$/;
/**
 * A timespan literal token: `2d`, `1.5h`, `30m`, `10s`, `100ms`, `10microsecond`, `1tick`, `25min`, `2days`...
 * (every suffix of TIMESPAN_UNITS, lower case as the lexer requires). Null when it is not one.
 */
export function parseTimespanLiteral(text) {
    const m = RE_LITERAL.exec(text.trim());
    if (!m)
        return null;
    const unit = TIMESPAN_UNITS[m[3]];
    if (!unit)
        return null;
    return scaled(m[1], m[2], unit, false);
}
const RE_WITH_SPACE = /^(\d+)(?:\.(\d+))?\s*([a-z]+)$/;
const RE_CLOCK = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;
/**
 * The content of `timespan(...)` / `time(...)` and the strings `totimespan()` accepts:
 * `[-][d.]hh:mm[:ss[.fffffff]]` (`0.12:34:56.7`, `12:34:56`, `-1.00:00:00`), a bare integer meaning days
 * (`timespan(2)`), and a number with a unit, with or without a space (`15 seconds`, `1d`, `25min`).
 * Null when the text does not parse.
 */
export function parseTimespan(text) {
    let s = text.trim();
    let negative = false;
    if (s.startsWith('-')) {
        negative = true;
        s = s.slice(1).trimStart();
    }
    if (/^\d+$/.test(s))
        return inInt64((negative ? -1n : 1n) * BigInt(s) * TICKS_PER_DAY);
    let m = RE_CLOCK.exec(s);
    if (m) {
        const days = m[1] === undefined ? 0n : BigInt(m[1]);
        const h = Number(m[2]);
        const mi = Number(m[3]);
        const sec = m[4] === undefined ? 0 : Number(m[4]);
        if (h > 23 || mi > 59 || sec > 59)
            return null;
        const frac = m[5] === undefined ? 0n : BigInt(m[5].padEnd(7, '0'));
        const t = days * TICKS_PER_DAY + BigInt(h) * TICKS_PER_HOUR + BigInt(mi) * TICKS_PER_MINUTE + BigInt(sec) * TICKS_PER_SECOND + frac;
        return inInt64(negative ? -t : t);
    }
    m = RE_WITH_SPACE.exec(s);
    if (m) {
        const unit = TIMESPAN_UNITS[m[3]];
        if (!unit)
            return null;
        return scaled(m[1], m[2], unit, negative);
    }
    return null;
}
/**
 * Kusto's text form `[-][d.]hh:mm:ss[.fffffff]` (.NET TimeSpan "c" format): the fraction, when not zero, is
 * always 7 digits (oracle: `04:32:02.4000000`, `4.00:00:00`, `-12:00:00`).
 */
export function formatTimespan(ticks) {
    const negative = ticks < 0n;
    const a = negative ? -ticks : ticks;
    const days = a / TICKS_PER_DAY;
    const rem = Number(a % TICKS_PER_DAY);
    const h = Math.floor(rem / 36_000_000_000);
    const mi = Math.floor((rem % 36_000_000_000) / 600_000_000);
    const s = Math.floor((rem % 600_000_000) / 10_000_000);
    const f = rem % 10_000_000;
    let out = negative ? '-' : '';
    if (days > 0n)
        out += `${days}.`;
    out += `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    if (f !== 0)
        out += `.${String(f).padStart(7, '0')}`;
    return out;
}
