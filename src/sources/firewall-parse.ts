/**
 * Parsing of Linux netfilter LOG lines (iptables, ip6tables, ufw, nftables `log`): the log header that carries
 * the time and host (BSD syslog, ISO/RFC 5424 syslog, journald exports, dmesg), then the kernel's
 * `PREFIX IN=... OUT=... SRC=... DST=... PROTO=...` body as printed by nf_log_syslog.
 */
import { fixedOffsetMs, fractionTicks, monthNumber } from './firewall-time.js';
import { parseIp, type ParsedIp } from './firewall-net.js';

const TICKS_PER_SECOND = 10_000_000n;
const TICKS_PER_MINUTE = 600_000_000n;

/** When a line happened, as far as its header says. */
export type When =
  /** An instant (the header carried an offset, or epoch time). */
  | { readonly kind: 'utc'; readonly ticks: bigint }
  /** Local wall time in `--tz`; `year` null when the header has none (BSD syslog). */
  | {
      readonly kind: 'wall'; readonly year: number | null; readonly month: number; readonly day: number;
      readonly hour: number; readonly minute: number; readonly second: number; readonly fraction: number;
    }
  /** Seconds since boot only (`dmesg` without -T): no wall-clock time. */
  | { readonly kind: 'uptime' };

export interface LogHeader {
  readonly when: When;
  /** The logging host (syslog HOSTNAME), or null for dmesg output, which has none. */
  readonly host: string | null;
  /** The message after the header, tag and kernel uptime stamp. */
  readonly message: string;
}

export class LineError extends Error {}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
// BSD syslog (RFC 3164) and journalctl's default "short"/"short-precise": `Mar 15 20:55:15[.123456] host msg`.
const BSD = /^(?:<\d{1,3}>)?([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? +(\S+)(?: +(.*))?$/;
// ISO timestamps: rsyslog's RFC 3339 template, RFC 5424 (`<pri>1 ts host app procid msgid sd msg`),
// journalctl -o short-iso[-precise], and dmesg --time-format=iso (comma before the fraction, no host).
const ISO = /^(?:<\d{1,3}>)?(?:(1) )?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:([.,])(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)? +(.*)$/;
// journalctl -o short-unix: `1714558272.123456 host msg`.
const UNIX = /^(\d{9,11})(?:\.(\d{1,9}))? +(\S+)(?: +(.*))?$/;
// journalctl -o short-full: `Wed 2024-05-01 10:11:12[.123456] UTC host msg`.
const FULL = new RegExp(`^${DAY} (\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))? (\\S+) +(\\S+)(?: +(.*))?$`);
// dmesg -T / --time-format=ctime: `[Wed May  1 10:11:12 2024] msg`.
const CTIME = new RegExp(`^\\[${DAY} ([A-Za-z]{3}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})\\] ?(.*)$`);
// dmesg and journalctl -o short-monotonic: `[ 1234.567890] ...`.
const UPTIME = /^\[ *\d+\.\d+\] ?(.*)$/;
// The kernel's own uptime stamp at the start of a syslog message (printk time).
const KERNEL_STAMP = /^\[ *\d+\.\d+\] ?/;
// A syslog tag: `kernel:` or `name[pid]:`.
const TAG = /^([A-Za-z0-9_.\/-]+)(\[\d+\])?: ?/;
const STRIPPED_TAGS = /^(kernel|klogd|ulogd2?)$/i;

/**
 * The header of one log line; null when the line is in none of the known log formats.
 * Throws LineError for a recognised header with impossible content.
 */
export function parseHeader(line: string): LogHeader | null {
  let m: RegExpExecArray | null;
  if (line.startsWith('{')) return parseJournalJson(line);
  if ((m = BSD.exec(line))) {
    const month = monthNumber(m[1]!);
    if (month === 0) return null;
    return {
      when: wall(null, month, +m[2]!, +m[3]!, +m[4]!, +m[5]!, fractionTicks(m[6])),
      host: m[7]!,
      message: stripTag(m[8] ?? ''),
    };
  }
  if ((m = ISO.exec(line))) {
    const [, version, y, mo, d, h, mi, s, sep, frac, zone, rest] = m;
    const w = wall(+y!, +mo!, +d!, +h!, +mi!, +s!, fractionTicks(frac));
    const when = zone === undefined ? w : withOffset(w, zone);
    if (sep === ',' && version === undefined) return { when, host: null, message: stripStamp(rest!) };
    const sp = rest!.indexOf(' ');
    const host = sp < 0 ? rest! : rest!.slice(0, sp);
    const msg = sp < 0 ? '' : rest!.slice(sp + 1);
    if (version === '1') return { when, host: host === '-' ? null : host, message: stripStamp(rfc5424Message(msg)) };
    return { when, host, message: stripTag(msg) };
  }
  if ((m = UNIX.exec(line))) {
    const ticks = BigInt(m[1]!) * TICKS_PER_SECOND + BigInt(fractionTicks(m[2]));
    return { when: { kind: 'utc', ticks }, host: m[3]!, message: stripTag(m[4] ?? '') };
  }
  if ((m = FULL.exec(line))) {
    const [, y, mo, d, h, mi, s, frac, zone, host, rest] = m;
    const w = wall(+y!, +mo!, +d!, +h!, +mi!, +s!, fractionTicks(frac));
    // Zone abbreviations other than UTC/GMT are ambiguous (IST, CST): refuse rather than guess.
    if (/^(UTC|GMT|Z)$/i.test(zone!)) return { when: withOffset(w, 'Z'), host: host!, message: stripTag(rest ?? '') };
    if (fixedOffsetMs(zone!) !== null) return { when: withOffset(w, zone!), host: host!, message: stripTag(rest ?? '') };
    throw new LineError(`time zone abbreviation '${zone}' is ambiguous; export with journalctl -o short-iso`);
  }
  if ((m = CTIME.exec(line))) {
    const month = monthNumber(m[1]!);
    if (month === 0) return null;
    return { when: wall(+m[6]!, month, +m[2]!, +m[3]!, +m[4]!, +m[5]!, 0), host: null, message: m[7]! };
  }
  if ((m = UPTIME.exec(line))) return { when: { kind: 'uptime' }, host: null, message: stripTag(m[1]!) };
  return null;
}

function wall(year: number | null, month: number, day: number, hour: number, minute: number, second: number, fraction: number): When {
  return { kind: 'wall', year, month, day, hour, minute, second, fraction };
}

/** A wall time with an explicit offset becomes an instant (validated later with the rest of the date). */
function withOffset(w: When, zone: string): When {
  if (w.kind !== 'wall' || w.year === null) return w;
  const offsetMs = zone === 'Z' ? 0 : fixedOffsetMs(zone);
  if (offsetMs === null) throw new LineError(`bad UTC offset '${zone}'`);
  const ticks = wallTicksChecked(w);
  return { kind: 'utc', ticks: ticks - (BigInt(offsetMs) / 60_000n) * TICKS_PER_MINUTE };
}

/** Ticks of a wall time read as UTC; throws for a date that does not exist. */
export function wallTicksChecked(w: Extract<When, { kind: 'wall' }>, year = w.year): bigint {
  if (year === null) throw new LineError('no year');
  const { month, day, hour, minute, second, fraction } = w;
  const ok = month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 60;
  if (!ok) throw new LineError(`impossible date ${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`);
  // A leap second (:60) is kept as the last instant of the minute's 59th second rather than rejected.
  const s = Math.min(second, 59);
  const days = Date.UTC(year, month - 1, day) / 86_400_000;
  return BigInt(days) * 86_400n * TICKS_PER_SECOND + BigInt(hour * 3600 + minute * 60 + s) * TICKS_PER_SECOND
    + BigInt(second === 60 ? 9_999_999 : fraction);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function stripTag(msg: string): string {
  const t = TAG.exec(msg);
  // Only known kernel/ulogd tags are removed: with ulogd's LOGEMU there is no tag and the text before `IN=` is the
  // log prefix, which may itself end in a colon (`DROP: IN=...`).
  if (t && (STRIPPED_TAGS.test(t[1]!) || t[2] !== undefined)) msg = msg.slice(t[0].length);
  return stripStamp(msg);
}

function stripStamp(msg: string): string {
  return msg.replace(KERNEL_STAMP, '');
}

/** RFC 5424 `APP-NAME PROCID MSGID STRUCTURED-DATA MSG` -> MSG. */
function rfc5424Message(rest: string): string {
  const m = /^\S+ \S+ \S+ /.exec(rest);
  if (!m) return '';
  let i = m[0].length;
  if (rest[i] === '-') i++;
  else {
    // One or more [id param="value"...] elements; `]` and `"` inside values are escaped with a backslash.
    while (rest[i] === '[') {
      let inQuote = false;
      for (i++; i < rest.length; i++) {
        const c = rest[i];
        if (c === '\\') i++;
        else if (c === '"') inQuote = !inQuote;
        else if (c === ']' && !inQuote) break;
      }
      i++;
    }
  }
  let msg = rest.slice(i).replace(/^ /, '');
  if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
  return msg;
}

/** journalctl -o json: one object per line with __REALTIME_TIMESTAMP (microseconds), _HOSTNAME and MESSAGE. */
function parseJournalJson(line: string): LogHeader | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
  const r = o as Record<string, unknown>;
  if (!('MESSAGE' in r) && !('__REALTIME_TIMESTAMP' in r)) return null;
  const us = r.__REALTIME_TIMESTAMP;
  if (typeof us !== 'string' || !/^\d{1,17}$/.test(us)) throw new LineError('journal record without __REALTIME_TIMESTAMP');
  // journald writes a message that is not valid UTF-8 as an array of byte values.
  const msg = Array.isArray(r.MESSAGE) ? Buffer.from(r.MESSAGE as number[]).toString('utf8') : r.MESSAGE;
  if (typeof msg !== 'string') throw new LineError('journal record without MESSAGE');
  const host = typeof r._HOSTNAME === 'string' && r._HOSTNAME !== '' ? r._HOSTNAME : null;
  return { when: { kind: 'utc', ticks: BigInt(us) * 10n }, host, message: stripStamp(msg) };
}

// ------------------------------------------------------------------------------------------- packet body

export interface Packet {
  /** Text before `IN=` (trimmed): the `--log-prefix` / nft `log prefix`. */
  readonly prefix: string;
  readonly inIf: string;
  readonly outIf: string;
  readonly src: ParsedIp;
  readonly dst: ParsedIp;
  /** `PROTO=` as logged: TCP, UDP, UDPLITE, ICMP, ICMPv6, SCTP, ESP, AH, ... or a number. */
  readonly proto: string;
  readonly spt: number | null;
  readonly dpt: number | null;
  /** TCP flags in the kernel's order (CWR ECE URG ACK PSH RST SYN FIN); null when the line has none logged. */
  readonly tcpFlags: readonly string[] | null;
  readonly icmpType: number | null;
  readonly icmpCode: number | null;
  /** A non-first fragment (FRAG offset > 0): no transport header at all. */
  readonly fragment: boolean;
  /** The kernel logged INCOMPLETE: the transport header was cut short (empty-payload probes of nmap -sO). */
  readonly incomplete: boolean;
  /** IP-level key=value pairs (MAC, LEN, TOS, TTL, ID, HOPLIMIT, ...) and bare flags (DF, MF, CE). */
  readonly ip: ReadonlyMap<string, string>;
  readonly ipFlags: readonly string[];
  /** Transport-level key=value pairs (WINDOW, RES, URGP, SEQ, LEN, ID, MTU, ...). */
  readonly l4: ReadonlyMap<string, string>;
  /** The packet quoted in an ICMP error (`[SRC=... DST=... ...]`), as text. */
  readonly quoted: string | null;
}

const TCP_FLAGS = new Set(['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN']);
const PORT_PROTOS = new Set(['TCP', 'UDP', 'UDPLITE', 'SCTP', 'DCCP']);
const KEY_RE = /^[A-Z][A-Z0-9_]*$/;
// A packet log has OUT= right after IN=<iface>.
const BODY_RE = /(?:^|\s)IN=\S* OUT=/g;

/** Where the packet body (`IN=...`) starts in a message, or -1 when the message is not a packet log. */
export function bodyStart(message: string): number {
  BODY_RE.lastIndex = 0;
  const m = BODY_RE.exec(message);
  if (!m) return -1;
  return m[0].startsWith('IN=') ? m.index : m.index + 1;
}

/** Parses the message of a packet log line. Throws LineError for a malformed body. */
export function parsePacket(message: string, at = bodyStart(message)): Packet {
  if (at < 0) throw new LineError('no IN= ... OUT= packet fields');
  const prefix = message.slice(0, at).trim();
  const ip = new Map<string, string>();
  const l4 = new Map<string, string>();
  const ipFlags: string[] = [];
  let flags: string[] | null = null;
  let quoted: string | null = null;
  let inL4 = false;
  let fragment = false;
  let incomplete = false;
  let afterIncomplete = false;
  const s = message;
  let i = at;
  const n = s.length;
  while (i < n) {
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    if (s.charCodeAt(i) === 91 /* [ */) {
      // A bracketed group: the packet an ICMP error quotes, or INCOMPLETE's "[N bytes]".
      let depth = 0;
      const start = i;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c === 91) depth++;
        else if (c === 93 && --depth === 0) break;
      }
      if (i >= n) throw new LineError('unbalanced [ in packet fields');
      const inner = s.slice(start + 1, i).trim();
      i++;
      if (afterIncomplete) afterIncomplete = false;
      else if (inL4 && quoted === null) quoted = inner;
      continue;
    }
    let j = s.indexOf(' ', i);
    if (j < 0) j = n;
    const word = s.slice(i, j);
    i = j;
    if (word === 'OPT') {
      // `OPT (0204...)`: IP or TCP options in hex.
      while (i < n && s.charCodeAt(i) === 32) i++;
      if (s.charCodeAt(i) === 40 /* ( */) {
        const close = s.indexOf(')', i);
        if (close < 0) throw new LineError('unbalanced ( in OPT');
        (inL4 ? l4 : ip).set('OPT', s.slice(i + 1, close));
        i = close + 1;
      }
      continue;
    }
    const eq = word.indexOf('=');
    const c0 = word.charCodeAt(0);
    if (eq > 0 && c0 >= 65 && c0 <= 90 && KEY_RE.test(word.slice(0, eq))) {
      const key = word.slice(0, eq);
      const value = word.slice(eq + 1);
      if (!inL4 && key === 'PROTO') {
        ip.set(key, value);
        inL4 = true;
        continue;
      }
      // MARK, UID and GID follow the transport fields but belong to the packet as a whole.
      const target = inL4 && key !== 'MARK' && key !== 'UID' && key !== 'GID' ? l4 : ip;
      if (!target.has(key)) target.set(key, value);
      continue;
    }
    if (!inL4) {
      if (word === 'CE' || word === 'DF' || word === 'MF') ipFlags.push(word);
      else if (word.startsWith('FRAG:')) {
        ip.set('FRAG', word.slice(5));
        if (Number(word.slice(5)) > 0) fragment = true;
      }
      continue;
    }
    if (TCP_FLAGS.has(word)) (flags ??= []).push(word);
    else if (word === 'INCOMPLETE') {
      incomplete = true;
      afterIncomplete = true;
    }
  }

  const inIf = ip.get('IN');
  const outIf = ip.get('OUT');
  if (inIf === undefined || outIf === undefined) throw new LineError('no IN= or OUT=');
  if (inIf === '' && outIf === '') throw new LineError('both IN= and OUT= are empty');
  const src = address(ip, 'SRC');
  const dst = address(ip, 'DST');
  if (src.v6 !== dst.v6) throw new LineError('SRC and DST are of different IP versions');
  const proto = ip.get('PROTO');
  if (proto === undefined || proto === '') throw new LineError('no PROTO=');
  if (/^\d+$/.test(proto) ? Number(proto) > 255 : !/^[A-Za-z][A-Za-z0-9-]*$/.test(proto)) throw new LineError(`bad PROTO=${proto}`);
  for (const k of ['LEN', 'TTL', 'HOPLIMIT']) if (ip.has(k)) uint(ip.get(k)!, k, 0xffff);

  const upper = proto.toUpperCase();
  const partial = fragment || incomplete;
  let spt: number | null = null;
  let dpt: number | null = null;
  let icmpType: number | null = null;
  let icmpCode: number | null = null;
  if (PORT_PROTOS.has(upper)) {
    const sp = l4.get('SPT');
    const dp = l4.get('DPT');
    if (sp === undefined || dp === undefined) {
      if (!partial) throw new LineError(`PROTO=${proto} without SPT= and DPT=`);
    } else {
      spt = uint(sp, 'SPT', 0xffff);
      dpt = uint(dp, 'DPT', 0xffff);
    }
    // The flags are printed between RES= and URGP=; a line with neither did not log them.
    if (upper === 'TCP' && flags === null && (l4.has('RES') || l4.has('URGP'))) flags = [];
    if (l4.has('WINDOW')) uint(l4.get('WINDOW')!, 'WINDOW', 0xffff);
  } else if (upper === 'ICMP' || upper === 'ICMPV6') {
    const t = l4.get('TYPE');
    const c = l4.get('CODE');
    if (t === undefined || c === undefined) {
      if (!partial) throw new LineError(`PROTO=${proto} without TYPE= and CODE=`);
    } else {
      icmpType = uint(t, 'TYPE', 255);
      icmpCode = uint(c, 'CODE', 255);
    }
  }
  return {
    prefix, inIf, outIf, src, dst, proto, spt, dpt, tcpFlags: upper === 'TCP' ? flags : null, icmpType, icmpCode,
    fragment, incomplete, ip, ipFlags, l4, quoted,
  };
}

function address(ip: Map<string, string>, key: string): ParsedIp {
  const text = ip.get(key);
  if (text === undefined) throw new LineError(`no ${key}=`);
  const a = parseIp(text);
  if (!a) throw new LineError(`bad ${key}=${text}`);
  return a;
}

function uint(text: string, key: string, max: number): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > max) throw new LineError(`bad ${key}=${text}`);
  return Number(text);
}
