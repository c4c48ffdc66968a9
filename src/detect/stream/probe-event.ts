/**
 * The streaming detectors' input: one inbound probe, decoded, and the mapping from a DeviceNetworkEvents row to it.
 *
 * Mapping (ActionType names and AdditionalFields shapes per ../shared/mde/schema.md section 2.1 and issue 3):
 *
 * | ActionType                      | probe? | outcome                                                         |
 * |---------------------------------|--------|-----------------------------------------------------------------|
 * | InboundConnectionAccepted       | yes    | success (the handshake completed: the port is open)             |
 * | InboundConnectionAttempt        | yes    | from AdditionalFields (below); without answer info: unknown    |
 * | ConnectionAttempt, direction In | yes    | same as InboundConnectionAttempt (device-discovery sensor SYN)  |
 * | InboundInternetScanInspected    | no     | Microsoft's own external attack-surface scan, not an adversary  |
 * | anything else                   | no     | outbound, listening, inspected or reply (ConnectionAcknowledged) |
 *
 * Outcome of an attempt, first rule that applies:
 * 1. `Answer` (what the probed device sent back, recorded by the capture reader): `syn-ack` (or a UDP/ICMP reply)
 *    = success; `rst`, `icmp-unreachable`, `none` = failure. A UDP probe with no answer is "open|filtered" to nmap;
 *    it is still a failed first contact in TRW's sense (no service answered).
 * 2. `TcpFlags` / `Tcp Flags` (number, tcpdump letters or names): a stealth probe (no SYN, or SYN with FIN/RST:
 *    FIN, NULL, XMAS, lone ACK) = failure whatever the answer, because no ordinary client opens a connection so.
 * 3. `Verdict` / `Action` of a firewall log line: DROP / REJECT / BLOCK = failure (the device never answered).
 * 4. Otherwise unknown (the seed-style data: `{"direction":"In","Tcp Flags":2}` says SYN and nothing more).
 */
import { parseDatetime } from '../../kql/data/datetime.js';

/** `Ip`: another IP protocol (an IP protocol scan, nmap -sO); its `localPort` is the protocol number. */
export type ProbeProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'IcmpV6' | 'Ip';
export type ProbeOutcome = 'success' | 'failure' | 'unknown';

export interface ProbeEvent {
  /** 100 ns ticks since 1970-01-01 UTC (Kusto datetime). */
  readonly time: bigint;
  /** The prober. */
  readonly remoteIp: string;
  /** The probed address on the device. */
  readonly localIp: string;
  /** 0 for ICMP (no ports). */
  readonly localPort: number;
  readonly protocol: ProbeProtocol;
  readonly deviceId: string;
  readonly outcome: ProbeOutcome;
}

/** The DeviceNetworkEvents columns the mapping reads, as the engine boxes them (or as a JSON record has them). */
export interface NetworkEventRow {
  readonly ActionType?: unknown;
  readonly RemoteIP?: unknown;
  readonly LocalIP?: unknown;
  readonly LocalPort?: unknown;
  readonly Protocol?: unknown;
  readonly Timestamp?: unknown;
  readonly DeviceId?: unknown;
  readonly AdditionalFields?: unknown;
}

const TICKS_PER_MS = 10_000n;

/**
 * The probe a DeviceNetworkEvents row stands for, or null when the row is not an inbound probe (see the module
 * comment) or lacks a source or target address. Throws on a Timestamp it cannot read: a probe silently placed at
 * the wrong time would corrupt every window.
 */
export function probeEventFromRow(row: NetworkEventRow): ProbeEvent | null {
  const action = str(row.ActionType);
  let fields: Record<string, unknown> | null = null;
  if (action === 'InboundConnectionAttempt' || action === 'InboundConnectionAccepted') {
    fields = parseFields(row.AdditionalFields);
  } else if (action === 'ConnectionAttempt') {
    fields = parseFields(row.AdditionalFields);
    // The device-discovery sensor reports both directions; only "In" is a probe of this device.
    if (fields === null || str(field(fields, 'direction')).toLowerCase() !== 'in') return null;
  } else {
    return null;
  }
  const remoteIp = normalizeIp(str(row.RemoteIP));
  const localIp = normalizeIp(str(row.LocalIP));
  if (remoteIp === '' || localIp === '') return null;
  // Loopback never crosses a network: the "prober" is the device itself (a health check, a local audit log line).
  if (remoteIp.startsWith('127.') || remoteIp === '::1') return null;
  const protoText = str(row.Protocol);
  const protocol = protocolOf(protoText, remoteIp);
  const port = protocol === 'Icmp' || protocol === 'IcmpV6' ? 0 : protocol === 'Ip' ? ipProtocolNumber(protoText) : portOf(row.LocalPort);
  if (port < 0) return null;
  return {
    time: ticksOf(row.Timestamp),
    remoteIp,
    localIp,
    localPort: port,
    protocol,
    deviceId: str(row.DeviceId),
    outcome: action === 'InboundConnectionAccepted' ? 'success' : attemptOutcome(fields),
  };
}

/** Outcome of an inbound attempt from its AdditionalFields (rules 1 to 4 of the module comment). */
export function attemptOutcome(fields: Record<string, unknown> | null): ProbeOutcome {
  if (fields === null) return 'unknown';
  const answer = answerOutcome(field(fields, 'Answer'));
  if (answer !== 'unknown') return answer;
  const flags = tcpFlags(field(fields, 'TcpFlags') ?? field(fields, 'Tcp Flags'));
  if (flags >= 0 && isStealth(flags)) return 'failure';
  const verdict = str(field(fields, 'Verdict') ?? field(fields, 'Action')).toUpperCase();
  if (verdict === 'DROP' || verdict === 'REJECT' || verdict === 'BLOCK' || verdict === 'DENY') return 'failure';
  return 'unknown';
}

/** `Answer` text to an outcome; unknown for an absent or unrecognised value. */
export function answerOutcome(v: unknown): ProbeOutcome {
  const a = str(v).toLowerCase().replace(/[\s_]/g, '-');
  switch (a) {
    case 'syn-ack': case 'synack': case 'syn/ack': case 'open': case 'udp': case 'udp-reply': case 'reply':
    case 'icmp-echo-reply': case 'echo-reply':
      return 'success';
    case 'rst': case 'rst-ack': case 'rst/ack': case 'reset': case 'closed':
    case 'icmp-unreachable': case 'icmp': case 'unreachable': case 'none': case 'no-answer': case 'filtered':
      return 'failure';
    default:
      return 'unknown';
  }
}

// TCP header flag bits (RFC 9293 section 3.1).
const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;
const FLAG_NAMES: Record<string, number> = { FIN, SYN, RST, PSH, ACK, URG, ECE, CWR };
const FLAG_LETTERS: Record<string, number> = { F: FIN, S: SYN, R: RST, P: PSH, '.': ACK, A: ACK, U: URG, E: ECE, W: CWR };

/** TCP flags from a number, a numeric string, tcpdump letters ("S", "FPU", "S.") or names ("SYN,ACK"); -1 if none. */
export function tcpFlags(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 255 ? v : -1;
  if (typeof v !== 'string') return -1;
  const s = v.trim();
  if (s === '') return -1;
  if (/^\d+$/.test(s)) return tcpFlags(Number(s));
  if (/^0x[0-9a-f]+$/i.test(s)) return tcpFlags(Number.parseInt(s.slice(2), 16));
  // Names first ("SYN,ACK"); if any token is not a name, tcpdump letters ("FPU" is FIN|PSH|URG).
  let bits = 0;
  let names = true;
  for (const name of s.toUpperCase().split(/[\s,|+]+/)) {
    if (name === '') continue;
    const b = FLAG_NAMES[name];
    if (b === undefined) {
      names = false;
      break;
    }
    bits |= b;
  }
  if (names) return bits;
  bits = 0;
  for (const ch of s.toUpperCase()) {
    const b = FLAG_LETTERS[ch];
    if (b === undefined) return -1;
    bits |= b;
  }
  return bits;
}

/** A probe no ordinary client sends to open a connection: no SYN (FIN, NULL, XMAS, lone ACK) or SYN with FIN/RST. */
function isStealth(flags: number): boolean {
  return (flags & SYN) === 0 || (flags & (FIN | RST)) !== 0;
}

function protocolOf(p: string, remoteIp: string): ProbeProtocol {
  switch (p.toLowerCase()) {
    case 'udp': return 'Udp';
    case 'icmp': return remoteIp.includes(':') ? 'IcmpV6' : 'Icmp';
    case 'icmpv6': case 'icmp6': case 'ipv6-icmp': return 'IcmpV6';
    // Defender writes Tcp; an empty Protocol on an inbound connection attempt is a TCP SYN in every known sample.
    case 'tcp': case '': return 'Tcp';
    default: return 'Ip';
  }
}

// IANA protocol numbers of the names firewall logs write (iptables PROTO=).
const IP_PROTOCOLS: Record<string, number> = { gre: 47, esp: 50, ah: 51, sctp: 132, udplite: 136, igmp: 2, ipip: 4, ospf: 89, pim: 103, vrrp: 112, l2tp: 115, dccp: 33, mptcp: 262 };

/** The IP protocol number of a Protocol value (a number, or a name); names without a number get a stable code above 255. */
function ipProtocolNumber(p: string): number {
  const n = Number(p);
  if (p.trim() !== '' && Number.isInteger(n) && n >= 0) return n;
  const known = IP_PROTOCOLS[p.toLowerCase()];
  if (known !== undefined) return known;
  let h = 0;
  for (let i = 0; i < p.length; i++) h = (h * 31 + p.charCodeAt(i)) % 60000;
  return 256 + h;
}

function portOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : -1;
}

function ticksOf(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return BigInt(v.getTime()) * TICKS_PER_MS;
  if (typeof v === 'string') {
    const t = parseDatetime(v);
    if (t !== null) return t;
  }
  throw new TypeError(`probe event: unreadable Timestamp ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`);
}

/**
 * Canonical text for an address, so one source is one key: IPv6 lower-cased, and an IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.5`, as dual-stack sockets report IPv4 peers) reduced to its IPv4 form.
 */
export function normalizeIp(ip: string): string {
  const s = ip.trim();
  if (!s.includes(':')) return s;
  const lower = s.toLowerCase();
  const m = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  return m ? m[1]! : lower;
}

function parseFields(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') {
    try {
      const o: unknown = JSON.parse(v);
      return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : null;
    } catch {
      return null; // not JSON: no answer info, the outcome stays unknown
    }
  }
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** A key of AdditionalFields, exact first, then case-insensitively (readers differ in casing). */
function field(o: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}
