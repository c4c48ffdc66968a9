/**
 * Times in log files: `--tz` zones (IANA names through Intl, or fixed offsets), syslog month names, and the year
 * of syslog lines that do not write one.
 */
const TICKS_PER_MS = 10_000n;
const MS_PER_DAY = 86_400_000;

/** A time zone: how far local wall time is ahead of UTC at an instant. */
export interface Zone {
  readonly name: string;
  /** Milliseconds to add to UTC to get local wall time, at the UTC instant `utcMs`. */
  offsetAt(utcMs: number): number;
}

const UTC_ZONE: Zone = { name: 'UTC', offsetAt: () => 0 };

/**
 * `--tz`: undefined or empty = UTC; `UTC`, `Z`, `GMT`; `+hh:mm`, `-hhmm`, `+hh`; or an IANA name (`Europe/Paris`).
 * Throws on anything else: a wrong zone would shift every event silently.
 */
export function parseZone(tz: string | undefined): Zone {
  if (tz === undefined || tz === '' || /^(utc|z|gmt)$/i.test(tz)) return UTC_ZONE;
  const fixed = fixedOffsetMs(tz);
  if (fixed !== null) return { name: tz, offsetAt: () => fixed };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  } catch {
    throw new Error(`--tz: unknown time zone '${tz}' (use an IANA name such as Europe/Paris, or +hh:mm)`);
  }
  // Zone offsets change on quarter-hour boundaries at most, so one Intl call per 15-minute slot is enough.
  const cache = new Map<number, number>();
  return {
    name: tz,
    offsetAt(utcMs: number): number {
      const slot = Math.floor(utcMs / 900_000);
      let off = cache.get(slot);
      if (off === undefined) {
        const at = slot * 900_000;
        const p: Record<string, number> = {};
        for (const part of fmt.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
        off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
        if (cache.size > 10_000) cache.clear();
        cache.set(slot, off);
      }
      return off;
    },
  };
}

/** `+hh:mm`, `-hhmm`, `+hh` as milliseconds ahead of UTC; null when the text is not an offset. */
export function fixedOffsetMs(s: string): number | null {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? '0');
  if (h > 23 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
}

/**
 * UTC ticks of a local wall time (given as ticks of the same digits read as UTC). In a DST gap the wall time is
 * read with the offset before the change; an ambiguous hour takes the offset the two-step search lands on.
 */
export function wallToUtcTicks(zone: Zone, wallTicks: bigint): bigint {
  if (zone === UTC_ZONE) return wallTicks;
  const wallMs = Number(wallTicks / TICKS_PER_MS);
  const first = zone.offsetAt(wallMs);
  const second = zone.offsetAt(wallMs - first);
  return wallTicks - BigInt(second) * TICKS_PER_MS;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1..12 for an English month abbreviation (any case), 0 otherwise. */
export function monthNumber(abbr: string): number {
  return MONTHS.indexOf(abbr.toLowerCase()) + 1;
}

/** Digits after the decimal point as 100 ns ticks (7 digits kept, the rest truncated). */
export function fractionTicks(digits: string | undefined): number {
  if (!digits) return 0;
  return Number(digits.slice(0, 7).padEnd(7, '0'));
}

/**
 * The year of each syslog line that does not write one.
 * - With `--year Y`: the file's first dated line is in Y; a month going back by six or more (Dec -> Jan) starts
 *   the next year; a line whose month jumps forward by six or more right after a rollover (a late Dec line among
 *   Jan lines) belongs to the year before.
 * - Without it: each line takes the latest year that does not put it more than a day after the reference time
 *   (the file's modification time when the ingest layer knows it, else now), so a log written across New Year
 *   and read in January gets December of last year. A file longer than a year cannot be placed this way.
 */
export class SyslogYears {
  private year: number;
  private lastMonth = 0;

  constructor(
    private readonly explicitYear: number | undefined,
    private readonly referenceMs: number,
  ) {
    this.year = explicitYear ?? new Date(referenceMs).getUTCFullYear();
  }

  yearOf(month: number, day: number): number {
    if (this.explicitYear === undefined) {
      const refYear = new Date(this.referenceMs).getUTCFullYear();
      // Date.UTC rolls Feb 29 of a common year into Mar 1, which is fine for this comparison.
      return Date.UTC(refYear, month - 1, day) > this.referenceMs + MS_PER_DAY ? refYear - 1 : refYear;
    }
    if (this.lastMonth === 0) {
      this.lastMonth = month;
      return this.year;
    }
    if (this.lastMonth - month >= 6) {
      this.year++;
      this.lastMonth = month;
      return this.year;
    }
    if (month - this.lastMonth >= 6) return this.year - 1;
    this.lastMonth = month;
    return this.year;
  }
}
