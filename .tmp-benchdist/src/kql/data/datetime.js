/**
 * Kusto datetime values: bigint 100 ns ticks since 1970-01-01T00:00:00Z (negative before 1970).
 *
 * All calendar arithmetic is done here on integers (proleptic Gregorian, days-from-civil), never through a JS
 * Date, because a Date keeps only milliseconds and Kusto values carry 100 ns ticks.
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from './types.js';
/** Days from 0001-01-01 to 1970-01-01. */
const EPOCH_DAYS_FROM_0001 = 719_162;
/** 0001-01-01T00:00:00Z, the smallest Kusto datetime. */
export const MIN_DATETIME_TICKS = -BigInt(EPOCH_DAYS_FROM_0001) * TICKS_PER_DAY;
/** 9999-12-31T23:59:59.9999999Z, the largest Kusto datetime. */
export const MAX_DATETIME_TICKS = BigInt(daysFromCivil(10000, 1, 1)) * TICKS_PER_DAY - 1n;
export function isDatetimeInRange(t) {
    return t >= MIN_DATETIME_TICKS && t <= MAX_DATETIME_TICKS;
}
/** Floor division for bigint (BigInt `/` truncates toward zero). */
export function floorDivBig(a, b) {
    const q = a / b;
    return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
// ---------------------------------------------------------------------------------------------------------------
// Civil calendar (H. Hinnant's days_from_civil / civil_from_days, proleptic Gregorian, day 0 = 1970-01-01)
/** Days since 1970-01-01 of the given civil date (month 1..12). No validation. */
export function daysFromCivil(year, month, day) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}
/** Civil date of a day number (days since 1970-01-01). */
export function civilFromDays(days) {
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
export function isLeapYear(year) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(year, month) {
    return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}
/** Day number (since 1970-01-01) of a datetime, rounding toward negative infinity. */
export function dayNumber(t) {
    return Number(floorDivBig(t, TICKS_PER_DAY));
}
export function ticksToParts(t) {
    const days = floorDivBig(t, TICKS_PER_DAY);
    const dn = Number(days);
    const rem = Number(t - days * TICKS_PER_DAY); // 0 .. 8.64e11, exact as a double
    const { year, month, day } = civilFromDays(dn);
    const hour = Math.floor(rem / 36_000_000_000);
    const minute = Math.floor((rem % 36_000_000_000) / 600_000_000);
    const second = Math.floor((rem % 600_000_000) / 10_000_000);
    const fraction = rem % 10_000_000;
    return {
        year, month, day, hour, minute, second, fraction,
        dayOfWeek: (((dn + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
        dayOfYear: dn - daysFromCivil(year, 1, 1) + 1,
    };
}
/** Ticks of a civil date and time. No validation (month/day overflow is not normalised: validate first). */
export function partsToTicks(year, month, day, hour = 0, minute = 0, second = 0, fraction = 0) {
    return BigInt(daysFromCivil(year, month, day)) * TICKS_PER_DAY
        + BigInt(hour) * TICKS_PER_HOUR + BigInt(minute) * TICKS_PER_MINUTE + BigInt(second) * TICKS_PER_SECOND
        + BigInt(fraction);
}
/** Validated construction: null for an impossible date/time or one outside 0001..9999. */
export function makeDatetimeTicks(year, month, day, hour = 0, minute = 0, second = 0, fraction = 0) {
    if (![year, month, day, hour, minute, second, fraction].every(Number.isInteger))
        return null;
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return null;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return null;
    if (fraction < 0 || fraction >= 10_000_000)
        return null;
    return partsToTicks(year, month, day, hour, minute, second, fraction);
}
/** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOfYear(t) {
    const dn = dayNumber(t);
    const dow = ((((dn + 4) % 7) + 7) % 7); // 0 = Sunday
    const isoDow = dow === 0 ? 7 : dow;
    const thursday = dn - isoDow + 4;
    const { year } = civilFromDays(thursday);
    return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}
/**
 * Adds calendar months the way .NET DateTime.AddMonths does: the day is clamped to the target month's length,
 * the time of day is kept. Null when the result leaves 0001..9999.
 */
export function addMonths(t, months) {
    const days = floorDivBig(t, TICKS_PER_DAY);
    const timeOfDay = t - days * TICKS_PER_DAY;
    const { year, month, day } = civilFromDays(Number(days));
    const total = year * 12 + (month - 1) + months;
    const ny = Math.floor(total / 12);
    const nm = total - ny * 12 + 1;
    if (ny < 1 || ny > 9999)
        return null;
    const nd = Math.min(day, daysInMonth(ny, nm));
    return BigInt(daysFromCivil(ny, nm, nd)) * TICKS_PER_DAY + timeOfDay;
}
// ---------------------------------------------------------------------------------------------------------------
// Formatting
function pad(n, width) {
    return String(n).padStart(width, '0');
}
function formatWith(ticks, fullFraction) {
    const p = ticksToParts(ticks);
    let s = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`;
    if (fullFraction)
        s += `.${pad(p.fraction, 7)}`;
    else if (p.fraction !== 0)
        s += `.${pad(p.fraction, 7).replace(/0+$/, '')}`;
    return s + 'Z';
}
/**
 * ISO 8601 UTC as Kusto's JSON output writes a datetime column: fractional zeros trimmed and no fraction at all
 * when it is zero (oracle cases: `2017-01-01T00:00:00Z`, `2016-12-31T23:59:59.9999999Z`, `2026-08-01T04:32:02.4Z`).
 */
export function formatDatetime(ticks) {
    return formatWith(ticks, false);
}
/**
 * `tostring(datetime)` and datetimes inside dynamic values: always 7 fractional digits
 * (`2017-10-15T12:00:00.0000000Z`; oracle cases `reverse-function-01`, `array-iff-function-02`, `range-function-01`).
 */
export function formatDatetimeTostring(ticks) {
    return formatWith(ticks, true);
}
// ---------------------------------------------------------------------------------------------------------------
// Parsing
const MONTHS = {
    jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
    jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
    dec: 12, december: 12,
};
const WEEKDAYS = {
    sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
    thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
// Time of day: H:MM[:SS[.fffffff...]] [AM|PM]
const TIME = String.raw `(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:\s*([AaPp][Mm]))?`;
// Zone designators: Z, UTC, GMT, UT, or a numeric offset (+02:00, +0200, +02)
const ZONE = String.raw `(?:\s*(Z|z|UTC|GMT|UT|[+-]\d{1,2}(?::?\d{2})?))?`;
// ISO 8601 and the "sortable" forms: yyyy-M-d[(T| )time][zone], also with '/' or '.' separators.
const RE_ISO = new RegExp(String.raw `^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|t|\s+)${TIME})?${ZONE}$`);
// US forms as .NET's invariant culture reads them: M-d-yyyy or M/d/yyyy (doc case `todatetime('12-02-2022')`).
const RE_US = new RegExp(String.raw `^(\d{1,2})([-/])(\d{1,2})\2(\d{4})(?:\s+${TIME})?${ZONE}$`);
// `datetime(2025, 6, 14)` appears in doc examples the real engine accepted.
const RE_COMMAS = /^(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})$/;
// RFC 822 (`Sat, 8 Nov 14 15:05:02 GMT`) and RFC 850 (`Saturday, 08-Nov-14 15:05:02 GMT`), weekday optional.
const RE_RFC = new RegExp(String.raw `^(?:([A-Za-z]+)\s*,\s*)?(\d{1,2})(?:\s+|-)([A-Za-z]+)(?:\s+|-)(\d{4}|\d{2})(?:\s+${TIME})?${ZONE}$`);
// `Nov 8, 2014 15:05:02` (month name first), as .NET also reads.
const RE_MDY_NAME = new RegExp(String.raw `^(?:([A-Za-z]+)\s*,\s*)?([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})(?:\s+${TIME})?${ZONE}$`);
/** .NET's default TwoDigitYearMax is 2029. */
function expandYear(text) {
    const y = Number(text);
    if (text.length > 2)
        return y;
    return y <= 29 ? 2000 + y : 1900 + y;
}
/** Fraction digits to ticks, rounding digits beyond the 7th half-to-even like .NET's parser. */
function fractionTicks(digits) {
    if (!digits)
        return 0;
    if (digits.length <= 7)
        return Number(digits.padEnd(7, '0'));
    let base = Number(digits.slice(0, 7));
    const rest = digits.slice(7);
    const first = rest.charCodeAt(0) - 48;
    const tailNonZero = /[1-9]/.test(rest.slice(1));
    if (first > 5 || (first === 5 && (tailNonZero || base % 2 === 1)))
        base += 1;
    return base; // may be 10_000_000: the caller adds ticks, so the carry is right
}
/** Offset in ticks of a zone designator (east of UTC positive), or null if malformed. */
function zoneOffsetTicks(zone) {
    if (!zone)
        return 0n;
    const z = zone.toUpperCase();
    if (z === 'Z' || z === 'UTC' || z === 'GMT' || z === 'UT')
        return 0n;
    const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
    if (!m)
        return null;
    const h = Number(m[2]);
    const mi = m[3] ? Number(m[3]) : 0;
    if (h > 14 || mi > 59)
        return null;
    const t = BigInt(h) * TICKS_PER_HOUR + BigInt(mi) * TICKS_PER_MINUTE;
    return m[1] === '-' ? -t : t;
}
function build(year, month, day, hh, mm, ss, frac, ampm, zone) {
    let hour = hh === undefined ? 0 : Number(hh);
    const minute = mm === undefined ? 0 : Number(mm);
    const second = ss === undefined ? 0 : Number(ss);
    if (ampm) {
        if (hour > 12)
            return null;
        const pm = ampm.toUpperCase() === 'PM';
        if (hour === 12)
            hour = pm ? 12 : 0;
        else if (pm)
            hour += 12;
    }
    const base = makeDatetimeTicks(year, month, day, hour, minute, second, 0);
    if (base === null)
        return null;
    const off = zoneOffsetTicks(zone);
    if (off === null)
        return null;
    const t = base + BigInt(fractionTicks(frac)) - off;
    return isDatetimeInRange(t) ? t : null;
}
/**
 * Parses the text of a datetime literal (`datetime(...)` content, unquoted) or a `todatetime()` string.
 * Accepts the formats of the "datetime data type" doc page (ISO 8601, RFC 822, RFC 850, sortable) plus the
 * US `M-d-yyyy` form and `yyyy, M, d` seen in doc examples. Returns null when the text does not parse.
 */
export function parseDatetime(text) {
    const fast = parseIsoUtcFast(text);
    if (fast !== null)
        return fast;
    const s = text.trim();
    if (s === '')
        return null;
    let m = RE_ISO.exec(s);
    if (m)
        return build(Number(m[1]), Number(m[3]), Number(m[4]), m[5], m[6], m[7], m[8], m[9], m[10]);
    m = RE_US.exec(s);
    if (m)
        return build(Number(m[4]), Number(m[1]), Number(m[3]), m[5], m[6], m[7], m[8], m[9], m[10]);
    m = RE_COMMAS.exec(s);
    if (m)
        return build(Number(m[1]), Number(m[2]), Number(m[3]), undefined, undefined, undefined, undefined, undefined, undefined);
    m = RE_RFC.exec(s);
    if (m) {
        const month = MONTHS[m[3].toLowerCase()];
        if (month === undefined)
            return null;
        const t = build(expandYear(m[4]), month, Number(m[2]), m[5], m[6], m[7], m[8], m[9], m[10]);
        return checkWeekday(t, m[1], m[10]);
    }
    m = RE_MDY_NAME.exec(s);
    if (m) {
        const month = MONTHS[m[2].toLowerCase()];
        if (month === undefined)
            return null;
        const t = build(Number(m[4]), month, Number(m[3]), m[5], m[6], m[7], m[8], m[9], m[10]);
        return checkWeekday(t, m[1], m[10]);
    }
    return null;
}
/** .NET rejects a weekday name that contradicts the date; so do we. */
function checkWeekday(t, weekday, zone) {
    if (t === null || weekday === undefined)
        return t;
    const wd = WEEKDAYS[weekday.toLowerCase()];
    if (wd === undefined)
        return null;
    // The weekday names the date as written, i.e. before the zone offset was applied.
    const off = zoneOffsetTicks(zone) ?? 0n;
    return ticksToParts(t + off).dayOfWeek === wd ? t : null;
}
// The exact shape exports use (`2026-11-27T10:15:02.1234567Z`), parsed without a regex: data loading calls this
// once per value. The day number of the last date seen is cached, since rows arrive in time order.
let fastDatePrefix = '';
let fastDayTicks = 0n;
const D0 = 48;
function digits(s, from, count) {
    let v = 0;
    for (let i = from; i < from + count; i++) {
        const c = s.charCodeAt(i) - D0;
        if (c < 0 || c > 9)
            return -1;
        v = v * 10 + c;
    }
    return v;
}
export function parseIsoUtcFast(s) {
    const n = s.length;
    if (n < 20 || n > 28 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */)
        return null;
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
        return null;
    const prefix = s.slice(0, 10);
    if (prefix !== fastDatePrefix) {
        const y = digits(s, 0, 4);
        const mo = digits(s, 5, 2);
        const d = digits(s, 8, 2);
        if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
            return null;
        fastDayTicks = BigInt(daysFromCivil(y, mo, d)) * TICKS_PER_DAY;
        fastDatePrefix = prefix;
    }
    const h = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    const se = digits(s, 17, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
        return null;
    let frac = 0;
    if (n > 20) {
        if (s.charCodeAt(19) !== 46 /* . */)
            return null;
        const fd = n - 21;
        if (fd < 1 || fd > 7)
            return null;
        frac = digits(s, 20, fd);
        if (frac < 0)
            return null;
        for (let i = fd; i < 7; i++)
            frac *= 10;
    }
    else if (n !== 20)
        return null;
    return fastDayTicks + BigInt((h * 3600 + mi * 60 + se) * 10_000_000 + frac);
}
