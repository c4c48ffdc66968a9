import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, TICKS_PER_MS } from '../data/types.js';
import { MIN_DATETIME_TICKS, addMonths, civilFromDays, dayNumber, daysFromCivil, floorDivBig, isDatetimeInRange, isoWeekOfYear, makeDatetimeTicks, parseDatetime, ticksToParts, } from '../data/datetime.js';
import { parseTimespan } from '../data/timespan.js';
import { KqlError, runtimeError, unsupported } from '../errors.js';
// ---------------------------------------------------------------------------------------------------------------
// Small helpers
/** An integer-or-real argument as a JS number (null stays null). */
function num(v) {
    if (v === null || v === undefined)
        return null;
    if (typeof v === 'number')
        return v;
    if (typeof v === 'bigint')
        return Number(v);
    if (typeof v === 'boolean')
        return v ? 1 : 0;
    throw runtimeError(`expected a number, got ${typeof v}`);
}
/** An integral argument as a JS number; a real with a fraction is not silently truncated. */
function intArg(v, fn, what) {
    const n = num(v);
    if (n === null)
        return null;
    if (!Number.isInteger(n))
        throw unsupported(`${fn}: non-integral ${what} ${n}`);
    return n;
}
function ticks(v) {
    if (v === null || v === undefined)
        return null;
    if (typeof v === 'bigint')
        return v;
    throw runtimeError(`expected a datetime or timespan value, got ${typeof v}`);
}
/** Boxes an integer result as the call site's result type. */
function intBoxer(site) {
    switch (site.resultType) {
        case 'long': return (n) => BigInt(n);
        case 'int':
        case 'real': return (n) => n;
        default: throw unsupported(`${site.name}: result type ${site.resultType}`);
    }
}
function checked(t) {
    return isDatetimeInRange(t) ? t : null;
}
function def(name, bind, volatile = false) {
    return { name, volatile, bind };
}
/** Defines several names with one implementation (aliases). */
function defs(names, bind) {
    return names.map((n) => def(n, bind));
}
/** Period names of datetime_add / datetime_diff / datetime_part: case-insensitive. */
function periodOf(v, fn, allowed) {
    if (v === null)
        return null;
    const p = String(v).toLowerCase();
    if (!allowed.has(p))
        throw new KqlError('semantic', `${fn}: unknown period '${String(v)}'`);
    return p;
}
/** Resolves a period once when it is a constant, else per row. */
function periodResolver(site, index, allowed) {
    const c = site.constArgs[index];
    if (c !== undefined) {
        const p = periodOf(c, site.name, allowed);
        return () => p;
    }
    return (args) => periodOf(args[index], site.name, allowed);
}
/** Start of the unit holding t, shifted by offset units; may fall outside 0001..9999 (the caller checks). */
function startOfUnchecked(unit, t, offset) {
    const dn = dayNumber(t);
    switch (unit) {
        case 'day':
            return BigInt(dn + offset) * TICKS_PER_DAY;
        case 'week': {
            const dow = (((dn + 4) % 7) + 7) % 7; // Sunday = 0: Kusto weeks start on Sunday
            return BigInt(dn - dow + 7 * offset) * TICKS_PER_DAY;
        }
        case 'month': {
            const { year, month } = civilFromDays(dn);
            const total = year * 12 + (month - 1) + offset;
            const y = Math.floor(total / 12);
            return BigInt(daysFromCivil(y, total - y * 12 + 1, 1)) * TICKS_PER_DAY;
        }
        case 'year': {
            const { year } = civilFromDays(dn);
            return BigInt(daysFromCivil(year + offset, 1, 1)) * TICKS_PER_DAY;
        }
    }
}
function startEnd(name, unit, end) {
    return def(name, () => (args) => {
        const t = ticks(args[0]);
        if (t === null)
            return null;
        const offset = args.length > 1 ? intArg(args[1], name, 'offset') : 0;
        if (offset === null)
            return null;
        const r = end ? startOfUnchecked(unit, t, offset + 1) - 1n : startOfUnchecked(unit, t, offset);
        return checked(r);
    });
}
// ---------------------------------------------------------------------------------------------------------------
// datetime_add / datetime_diff / datetime_part
const PERIODS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond']);
const FIXED_PERIOD_TICKS = {
    week: 7n * TICKS_PER_DAY, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE,
    second: TICKS_PER_SECOND, millisecond: TICKS_PER_MS, microsecond: 10n,
};
function datetimeAdd(period, amount, t) {
    switch (period) {
        case 'year': return addMonths(t, amount * 12);
        case 'quarter': return addMonths(t, amount * 3);
        case 'month': return addMonths(t, amount);
        case 'nanosecond': return checked(t + BigInt(amount) / 100n); // whole ticks only, truncated like C# integer division
        default: return checked(t + BigInt(amount) * FIXED_PERIOD_TICKS[period]);
    }
}
/** Number of period boundaries between t2 and t1 (t1 - t2), as in the datetime_diff doc examples. */
function datetimeDiff(period, t1, t2) {
    switch (period) {
        case 'year': return BigInt(ticksToParts(t1).year - ticksToParts(t2).year);
        case 'quarter': {
            const a = ticksToParts(t1);
            const b = ticksToParts(t2);
            return BigInt((a.year * 4 + Math.floor((a.month - 1) / 3)) - (b.year * 4 + Math.floor((b.month - 1) / 3)));
        }
        case 'month': {
            const a = ticksToParts(t1);
            const b = ticksToParts(t2);
            return BigInt((a.year * 12 + a.month) - (b.year * 12 + b.month));
        }
        case 'week':
            return (startOfUnchecked('week', t1, 0) - startOfUnchecked('week', t2, 0)) / (7n * TICKS_PER_DAY);
        case 'nanosecond':
            return (t1 - t2) * 100n;
        default: {
            const size = FIXED_PERIOD_TICKS[period];
            return floorDivBig(t1, size) - floorDivBig(t2, size);
        }
    }
}
const PART_NAMES = new Set(['year', 'quarter', 'month', 'week_of_year', 'day', 'dayofyear', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond']);
function datetimePart(part, t) {
    const p = ticksToParts(t);
    switch (part) {
        case 'year': return p.year;
        case 'quarter': return Math.floor((p.month - 1) / 3) + 1;
        case 'month': return p.month;
        case 'week_of_year': return isoWeekOfYear(t);
        case 'day': return p.day;
        case 'dayofyear': return p.dayOfYear;
        case 'hour': return p.hour;
        case 'minute': return p.minute;
        case 'second': return p.second;
        case 'millisecond': return Math.floor(p.fraction / 10_000);
        case 'microsecond': return Math.floor(p.fraction / 10);
        case 'nanosecond': return p.fraction * 100;
        default: throw new KqlError('semantic', `datetime_part: unknown part '${part}'`);
    }
}
function datetimePartFn(name) {
    return def(name, (site) => {
        const part = periodResolver(site, 0, PART_NAMES);
        const box = intBoxer(site);
        return (args) => {
            const p = part(args);
            const t = ticks(args[1]);
            return p === null || t === null ? null : box(datetimePart(p, t));
        };
    });
}
/** A one-argument datetime -> integer function (getyear, hourofday, ...). */
function partGetter(names, get) {
    return defs(names, (site) => {
        const box = intBoxer(site);
        return (args) => {
            const t = ticks(args[0]);
            return t === null ? null : box(get(t));
        };
    });
}
// ---------------------------------------------------------------------------------------------------------------
// format_datetime / format_timespan
const FORMAT_DELIMITERS = new Set([' ', '/', '-', ':', ',', '.', '_', '[', ']']);
/** Splits a format into runs of one specifier letter and literal delimiters; anything else is unsupported. */
function tokenizeFormat(fn, format, valid) {
    const out = [];
    let i = 0;
    while (i < format.length) {
        const c = format[i];
        if (/[A-Za-z]/.test(c)) {
            let j = i;
            while (j < format.length && format[j] === c)
                j++;
            const n = j - i;
            if (!valid(c, n))
                throw unsupported(`${fn}: format specifier '${c.repeat(n)}'`);
            out.push({ spec: c, n });
            i = j;
        }
        else if (FORMAT_DELIMITERS.has(c)) {
            out.push(c);
            i++;
        }
        else {
            throw unsupported(`${fn}: format character '${c}'`);
        }
    }
    return out;
}
function fractionDigits(fraction, n, trim) {
    const digits = String(fraction).padStart(7, '0').slice(0, n);
    return trim ? digits.replace(/0+$/, '') : digits;
}
function validDatetimeSpec(c, n) {
    switch (c) {
        case 'd':
        case 'h':
        case 'H':
        case 'm':
        case 'M':
        case 's': return n <= 2;
        case 'f':
        case 'F': return n <= 7;
        case 'y': return n === 1 || n === 2 || n === 4;
        case 't': return n === 2;
        default: return false;
    }
}
function renderDatetime(pieces, t) {
    const p = ticksToParts(t);
    let out = '';
    for (const piece of pieces) {
        if (typeof piece === 'string') {
            out += piece;
            continue;
        }
        const { spec, n } = piece;
        const two = (v) => (n === 2 ? String(v).padStart(2, '0') : String(v));
        switch (spec) {
            case 'd':
                out += two(p.day);
                break;
            case 'H':
                out += two(p.hour);
                break;
            case 'h':
                out += two(p.hour % 12 === 0 ? 12 : p.hour % 12);
                break;
            case 'm':
                out += two(p.minute);
                break;
            case 'M':
                out += two(p.month);
                break;
            case 's':
                out += two(p.second);
                break;
            case 'y':
                out += n === 4 ? String(p.year).padStart(4, '0') : two(p.year % 100);
                break;
            case 't':
                out += p.hour < 12 ? 'AM' : 'PM';
                break;
            case 'f':
                out += fractionDigits(p.fraction, n, false);
                break;
            case 'F': {
                const f = fractionDigits(p.fraction, n, true);
                // .NET's DateTime formatter (whose specifiers format_datetime mirrors) drops the '.' before an empty F.
                if (f === '' && out.endsWith('.'))
                    out = out.slice(0, -1);
                out += f;
                break;
            }
        }
    }
    return out;
}
function validTimespanSpec(c, n) {
    switch (c) {
        case 'd': return n <= 8;
        case 'h':
        case 'H':
        case 'm':
        case 's': return n <= 2;
        case 'f':
        case 'F': return n <= 7;
        default: return false;
    }
}
function renderTimespan(pieces, t) {
    if (t < 0n)
        throw unsupported('format_timespan: negative timespan');
    const days = t / TICKS_PER_DAY;
    const rem = Number(t % TICKS_PER_DAY);
    const hour = Math.floor(rem / 36_000_000_000);
    const minute = Math.floor((rem % 36_000_000_000) / 600_000_000);
    const second = Math.floor((rem % 600_000_000) / 10_000_000);
    const fraction = rem % 10_000_000;
    let out = '';
    for (const piece of pieces) {
        if (typeof piece === 'string') {
            out += piece;
            continue;
        }
        const { spec, n } = piece;
        switch (spec) {
            case 'd':
                out += String(days).padStart(n, '0');
                break;
            case 'h':
            case 'H':
                out += String(hour).padStart(n, '0');
                break;
            case 'm':
                out += String(minute).padStart(n, '0');
                break;
            case 's':
                out += String(second).padStart(n, '0');
                break;
            case 'f':
                out += fractionDigits(fraction, n, false);
                break;
            case 'F':
                out += fractionDigits(fraction, n, true);
                break;
        }
    }
    return out;
}
function formatFn(name, valid, render) {
    return def(name, (site) => {
        const c = site.constArgs[1];
        if (typeof c === 'string') {
            const pieces = tokenizeFormat(name, c, valid);
            return (args) => {
                const t = ticks(args[0]);
                return t === null ? '' : render(pieces, t);
            };
        }
        const cache = new Map();
        return (args) => {
            const t = ticks(args[0]);
            const f = args[1];
            if (t === null || typeof f !== 'string')
                return '';
            let pieces = cache.get(f);
            if (!pieces) {
                pieces = tokenizeFormat(name, f, valid);
                cache.set(f, pieces);
            }
            return render(pieces, t);
        };
    });
}
// ---------------------------------------------------------------------------------------------------------------
// Conversions and constructors
function secondsToTicks(s) {
    return Math.round(s * 10_000_000);
}
const makeDatetime = def('make_datetime', () => (args) => {
    if (args.length !== 3 && args.length !== 5 && args.length !== 6)
        throw runtimeError('make_datetime: expects 3, 5 or 6 arguments');
    const ints = args.slice(0, 5).map((a) => num(a));
    if (ints.some((v) => v === null))
        return null;
    const [y, mo, d, h = 0, mi = 0] = ints;
    let sec = 0;
    let frac = 0;
    if (args.length === 6) {
        const s = num(args[5]);
        if (s === null)
            return null;
        if (!(s >= 0 && s < 60))
            return null;
        const total = secondsToTicks(s);
        sec = Math.floor(total / 10_000_000);
        frac = total % 10_000_000;
    }
    return makeDatetimeTicks(y, mo, d, h, mi, sec, frac);
});
const makeTimespan = def('make_timespan', () => (args) => {
    const vals = args.map((a) => num(a));
    if (vals.some((v) => v === null))
        return null;
    let d = 0, h, m, s = 0;
    if (vals.length === 2)
        [h, m] = vals;
    else if (vals.length === 3)
        [h, m, s] = vals;
    else if (vals.length === 4)
        [d, h, m, s] = vals;
    else
        throw runtimeError('make_timespan: expects 2, 3 or 4 arguments');
    // The doc gives hour 0-23, minute 0-59, second 0-59.9999999 and "otherwise, the result will be null".
    if (!Number.isInteger(d) || !Number.isInteger(h) || !Number.isInteger(m))
        return null;
    if (h < 0 || h > 23 || m < 0 || m > 59 || !(s >= 0 && s < 60))
        return null;
    return BigInt(d) * TICKS_PER_DAY + BigInt(h) * TICKS_PER_HOUR + BigInt(m) * TICKS_PER_MINUTE + BigInt(secondsToTicks(s));
});
function conversion(name, target) {
    const parse = target === 'datetime' ? parseDatetime : parseTimespan;
    return def(name, (site) => {
        const t = site.argTypes[0];
        if (t === target)
            return (args) => args[0];
        if (t === 'string')
            return (args) => (typeof args[0] === 'string' ? parse(args[0]) : null);
        if (t === 'dynamic') {
            return (args) => {
                const v = args[0];
                if (v === null || v === undefined)
                    return null;
                if (typeof v === 'string')
                    return parse(v);
                throw unsupported(`${name}: dynamic ${Array.isArray(v) ? 'array' : typeof v} value`);
            };
        }
        throw unsupported(`${name}(${t})`);
    });
}
/** unixtime_*_todatetime: `unit` ticks per input unit as a rational [num, den]. */
function unixtimeFn(name, num_, den) {
    return def(name, (site) => {
        const real = site.argTypes[0] === 'real';
        return (args) => {
            const v = args[0];
            if (v === null)
                return null;
            let t;
            if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && !real)) {
                t = (BigInt(v) * num_) / den;
            }
            else if (typeof v === 'number') {
                if (!Number.isFinite(v))
                    return null;
                // Whole and fractional parts separately, so that 1.5 seconds is exactly 15_000_000 ticks.
                const whole = Math.trunc(v);
                t = (BigInt(whole) * num_) / den + BigInt(Math.round(((v - whole) * Number(num_)) / Number(den)));
            }
            else {
                throw unsupported(`${name}: ${typeof v} argument`);
            }
            return checked(t);
        };
    });
}
// ---------------------------------------------------------------------------------------------------------------
// Time zones (datetime_utc_to_local / datetime_local_to_utc), exact to the second through Intl's tz database
const tzFormatters = new Map();
function tzFormatter(fn, tz) {
    let f = tzFormatters.get(tz);
    if (!f) {
        try {
            f = new Intl.DateTimeFormat('en-US', {
                timeZone: tz, hourCycle: 'h23', era: 'short',
                year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
            });
        }
        catch {
            throw unsupported(`${fn}: time zone '${tz}'`);
        }
        tzFormatters.set(tz, f);
    }
    return f;
}
/** UTC offset in seconds of zone `f` at the UTC instant `utcSeconds`. */
function offsetAt(f, utcSeconds) {
    const parts = f.formatToParts(new Date(utcSeconds * 1000));
    let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, bc = false;
    for (const p of parts) {
        switch (p.type) {
            case 'year':
                year = Number(p.value);
                break;
            case 'month':
                month = Number(p.value);
                break;
            case 'day':
                day = Number(p.value);
                break;
            case 'hour':
                hour = Number(p.value) % 24;
                break;
            case 'minute':
                minute = Number(p.value);
                break;
            case 'second':
                second = Number(p.value);
                break;
            case 'era':
                bc = /^B/i.test(p.value);
                break;
        }
    }
    if (bc)
        year = 1 - year;
    const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return local - utcSeconds;
}
/** Offsets per zone per UTC hour, kept only for hours with one offset throughout (no transition inside). */
const offsetCache = new Map();
function zoneOffsetSeconds(fn, tz, utcSeconds) {
    let cache = offsetCache.get(tz);
    if (!cache) {
        cache = new Map();
        offsetCache.set(tz, cache);
    }
    const hourIdx = Math.floor(utcSeconds / 3600);
    const hit = cache.get(hourIdx);
    if (hit !== undefined)
        return hit;
    const f = tzFormatter(fn, tz);
    const start = offsetAt(f, hourIdx * 3600);
    const end = offsetAt(f, hourIdx * 3600 + 3599);
    if (start === end) {
        if (cache.size > 100_000)
            cache.clear();
        cache.set(hourIdx, start);
        return start;
    }
    return offsetAt(f, utcSeconds);
}
function utcToLocal(fn, t, tz) {
    const sec = Number(floorDivBig(t, TICKS_PER_SECOND));
    return checked(t + BigInt(zoneOffsetSeconds(fn, tz, sec)) * TICKS_PER_SECOND);
}
function localToUtc(fn, local, tz) {
    const sec = Number(floorDivBig(local, TICKS_PER_SECOND));
    // The offsets in force a day before and a day after bracket any single transition near this local time.
    const before = zoneOffsetSeconds(fn, tz, sec - 86400);
    const after = zoneOffsetSeconds(fn, tz, sec + 86400);
    const valid = [...new Set([before, after])].filter((o) => zoneOffsetSeconds(fn, tz, sec - o) === o);
    let offset;
    if (valid.length === 1)
        offset = valid[0];
    else if (valid.length === 0)
        offset = after; // skipped local time (spring forward): oracle case datetime-local-to-utc-function-01
    else
        throw unsupported(`${fn}: ambiguous local time in '${tz}' (repeated by a DST transition)`);
    return checked(local - BigInt(offset) * TICKS_PER_SECOND);
}
function tzFn(name, convert) {
    return def(name, () => (args) => {
        const t = ticks(args[0]);
        const tz = args[1];
        if (t === null || typeof tz !== 'string' || tz === '')
            return null;
        return convert(name, t, tz);
    });
}
// ---------------------------------------------------------------------------------------------------------------
// bin / floor / bin_at
const INTEGRAL = new Set(['int', 'long']);
const NUMERIC = new Set(['int', 'long', 'real']);
function numericBoxer(site) {
    switch (site.resultType) {
        case 'real': return { real: (n) => n, int: (n) => Number(n) };
        case 'long': return { real: (n) => (Number.isFinite(n) ? BigInt(Math.trunc(n)) : null), int: (n) => n };
        case 'int': return { real: (n) => (Number.isFinite(n) ? Math.trunc(n) : null), int: (n) => Number(n) };
        default: throw unsupported(`${site.name}: result type ${site.resultType}`);
    }
}
function toBig(v) {
    return typeof v === 'bigint' ? v : BigInt(v);
}
/**
 * bin(value, size): the nearest multiple of size at or below value (toward negative infinity).
 * Datetimes are binned from 0001-01-01 (.NET DateTime.Ticks, which the engine bins), so 7d bins start on Mondays;
 * for sizes that divide a day this is the same as binning from 1970. Null value, null size or a size <= 0: null.
 */
function makeBin(site, withFixed) {
    const [vt, st, ft] = site.argTypes;
    const name = site.name;
    if (withFixed && ft !== vt && !(NUMERIC.has(vt) && NUMERIC.has(ft)))
        throw unsupported(`${name}(${vt}, ${st}, ${ft})`);
    if ((vt === 'datetime' || vt === 'timespan') && st === 'timespan') {
        const anchorDefault = vt === 'datetime' ? MIN_DATETIME_TICKS : 0n;
        const isDt = vt === 'datetime';
        return (args) => {
            const v = ticks(args[0]);
            const s = ticks(args[1]);
            if (v === null || s === null || s <= 0n)
                return null;
            let anchor = anchorDefault;
            if (withFixed) {
                const f = ticks(args[2]);
                if (f === null)
                    return null;
                anchor = f;
            }
            const r = floorDivBig(v - anchor, s) * s + anchor;
            return isDt ? checked(r) : r;
        };
    }
    if (NUMERIC.has(vt) && NUMERIC.has(st)) {
        const box = numericBoxer(site);
        const integral = INTEGRAL.has(vt) && INTEGRAL.has(st) && (!withFixed || INTEGRAL.has(ft)) && site.resultType !== 'real';
        if (integral) {
            return (args) => {
                const [v, s, f] = args;
                if (v === null || s === null || (withFixed && f === null))
                    return null;
                const sb = toBig(s);
                if (sb <= 0n)
                    return null;
                const anchor = withFixed ? toBig(f) : 0n;
                return box.int(floorDivBig(toBig(v) - anchor, sb) * sb + anchor);
            };
        }
        return (args) => {
            const v = num(args[0]);
            const s = num(args[1]);
            const f = withFixed ? num(args[2]) : 0;
            if (v === null || s === null || f === null || !(s > 0))
                return null;
            return box.real(Math.floor((v - f) / s) * s + f);
        };
    }
    throw unsupported(`${name}(${site.argTypes.join(', ')})`);
}
// ---------------------------------------------------------------------------------------------------------------
const dayOfWeek = (t) => (((dayNumber(t) + 4) % 7) + 7) % 7;
export const functions = [
    def('now', (site) => (args) => {
        if (args.length === 0)
            return site.now;
        const off = ticks(args[0]);
        return off === null ? null : checked(site.now + off);
    }),
    def('ago', (site) => (args) => {
        const ts = ticks(args[0]);
        return ts === null ? null : checked(site.now - ts);
    }),
    def('datetime_add', (site) => {
        const period = periodResolver(site, 0, PERIODS);
        return (args) => {
            const p = period(args);
            const amount = intArg(args[1], 'datetime_add', 'amount');
            const t = ticks(args[2]);
            if (p === null || amount === null || t === null)
                return null;
            return datetimeAdd(p, amount, t);
        };
    }),
    def('datetime_diff', (site) => {
        const period = periodResolver(site, 0, PERIODS);
        const box = site.resultType === 'int' ? (n) => Number(n) : (n) => n;
        return (args) => {
            const p = period(args);
            const a = ticks(args[1]);
            const b = ticks(args[2]);
            if (p === null || a === null || b === null)
                return null;
            return box(datetimeDiff(p, a, b));
        };
    }),
    datetimePartFn('datetime_part'),
    datetimePartFn('datepart'),
    startEnd('startofday', 'day', false),
    startEnd('startofweek', 'week', false),
    startEnd('startofmonth', 'month', false),
    startEnd('startofyear', 'year', false),
    startEnd('endofday', 'day', true),
    startEnd('endofweek', 'week', true),
    startEnd('endofmonth', 'month', true),
    startEnd('endofyear', 'year', true),
    // dayofweek is a timespan: whole days since the preceding Sunday.
    def('dayofweek', () => (args) => {
        const t = ticks(args[0]);
        return t === null ? null : BigInt(dayOfWeek(t)) * TICKS_PER_DAY;
    }),
    ...partGetter(['dayofmonth'], (t) => ticksToParts(t).day),
    ...partGetter(['dayofyear'], (t) => ticksToParts(t).dayOfYear),
    ...partGetter(['hourofday'], (t) => ticksToParts(t).hour),
    ...partGetter(['getmonth', 'monthofyear'], (t) => ticksToParts(t).month),
    ...partGetter(['getyear'], (t) => ticksToParts(t).year),
    ...partGetter(['week_of_year'], isoWeekOfYear),
    formatFn('format_datetime', validDatetimeSpec, renderDatetime),
    formatFn('format_timespan', validTimespanSpec, renderTimespan),
    makeDatetime,
    makeTimespan,
    conversion('todatetime', 'datetime'),
    conversion('totimespan', 'timespan'),
    conversion('totime', 'timespan'),
    unixtimeFn('unixtime_seconds_todatetime', TICKS_PER_SECOND, 1n),
    unixtimeFn('unixtime_milliseconds_todatetime', TICKS_PER_MS, 1n),
    unixtimeFn('unixtime_microseconds_todatetime', 10n, 1n),
    unixtimeFn('unixtime_nanoseconds_todatetime', 1n, 100n),
    tzFn('datetime_utc_to_local', utcToLocal),
    tzFn('datetime_local_to_utc', localToUtc),
    def('bin', (site) => makeBin(site, false)),
    def('floor', (site) => makeBin(site, false)),
    def('bin_at', (site) => makeBin(site, true)),
];
