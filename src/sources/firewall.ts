/**
 * Reader for Linux firewall logs: iptables / ip6tables `LOG` target, ufw, and nftables `log` statements, in syslog
 * (BSD or ISO/RFC 5424), journald exports and `dmesg -T` / `--time-format=iso` forms. One DeviceNetworkEvents row
 * per logged packet; the mapping is documented in docs/readers/firewall-zeek.md.
 */
import { formatDatetime } from '../kql/data/datetime.js';
import type { FormatReader, ReaderEvent, ReaderOptions } from './reader.js';
import { deviceIdOf, headLines, LineReportIds, readLines } from './firewall-lines.js';
import { DEFAULT_LOCAL_NETS, ipType, LocalNets } from './firewall-net.js';
import { bodyStart, LineError, parseHeader, parsePacket, wallTicksChecked, type LogHeader, type Packet } from './firewall-parse.js';
import { parseZone, SyslogYears, wallToUtcTicks, type Zone } from './firewall-time.js';

export interface FirewallReaderOptions extends ReaderOptions {
  /**
   * Not part of the common contract yet: the instant a log without years was last written (the file's mtime).
   * Used only when `year` is undefined; lines are then placed in the latest year that is not after it. Defaults
   * to now.
   */
  readonly referenceTime?: Date | number;
}

/** Verdict words in a log prefix and the FirewallAction they mean; the first word of the prefix found here wins. */
export const VERDICT_WORDS: Readonly<Record<string, string>> = Object.freeze({
  DROP: 'DROP', DROPPED: 'DROP', DROPPING: 'DROP', DENY: 'DROP', DENIED: 'DROP', DISCARD: 'DROP', DISCARDED: 'DROP',
  REJECT: 'REJECT', REJECTED: 'REJECT',
  BLOCK: 'BLOCK', BLOCKED: 'BLOCK',
  ACCEPT: 'ACCEPT', ACCEPTED: 'ACCEPT', PASS: 'ACCEPT', PASSED: 'ACCEPT', PERMIT: 'ACCEPT', PERMITTED: 'ACCEPT',
  ALLOW: 'ALLOW', ALLOWED: 'ALLOW',
  AUDIT: 'AUDIT',
});

const BLOCKING = new Set(['DROP', 'REJECT', 'BLOCK']);

/** FirewallAction from a log prefix: `[UFW BLOCK]` -> BLOCK, `DROP INVALID` -> DROP, `nft-accept: ` -> ACCEPT. */
export function verdictOf(prefix: string): string {
  for (const word of prefix.toUpperCase().split(/[^A-Z0-9]+/)) {
    const v = VERDICT_WORDS[word];
    if (v !== undefined && Object.hasOwn(VERDICT_WORDS, word)) return v;
  }
  return 'UNKNOWN';
}

/**
 * What a logged packet is, for the ActionType: a `probe` opens or probes a connection (TCP SYN without ACK, the
 * stealth probes NULL / FIN / XMAS / lone ACK and other flag sets without SYN, ACK or RST, TCP whose flags were not
 * logged, UDP and other transports, ICMP echo / timestamp / information / address-mask requests, other IP
 * protocols); a `reply` answers one (SYN-ACK, RST, ICMP errors and echo replies); `other` is neither (ACK with data
 * or FIN, ICMPv6 neighbour discovery, non-first fragments).
 */
export type PacketKind = 'probe' | 'reply' | 'other';

export function packetKind(p: Packet): PacketKind {
  const proto = p.proto.toUpperCase();
  if (p.fragment) return 'other';
  if (proto === 'TCP') {
    const f = p.tcpFlags;
    if (f === null) return 'probe';
    const syn = f.includes('SYN');
    const ack = f.includes('ACK');
    const rst = f.includes('RST');
    if (syn) return ack ? 'reply' : 'probe';
    if (rst) return 'reply';
    if (!ack) return 'probe';
    return f.every((x) => x === 'ACK' || x === 'CWR' || x === 'ECE') ? 'probe' : 'other';
  }
  if (proto === 'ICMP') return icmpKind(p.icmpType, [8, 13, 15, 17], [0, 3, 4, 5, 11, 12, 14, 16, 18]);
  if (proto === 'ICMPV6') return icmpKind(p.icmpType, [128], [1, 2, 3, 4, 129]);
  return 'probe';
}

function icmpKind(type: number | null, requests: number[], replies: number[]): PacketKind {
  // Type not logged (INCOMPLETE): counted as a probe, like TCP whose flags were not logged.
  if (type === null) return 'probe';
  if (requests.includes(type)) return 'probe';
  return replies.includes(type) ? 'reply' : 'other';
}

/** Protocol as Defender writes it (`Tcp`, `Udp`, `Icmp`, `IcmpV6`); other protocols as the kernel logged them. */
export function defenderProtocol(proto: string): string {
  switch (proto.toUpperCase()) {
    case 'TCP': return 'Tcp';
    case 'UDP': return 'Udp';
    case 'ICMP': return 'Icmp';
    case 'ICMPV6': return 'IcmpV6';
    default: return proto;
  }
}

type Direction = 'In' | 'Out';

export const firewallReader: FormatReader = {
  name: 'iptables',
  description: 'Linux firewall logs: iptables/ip6tables LOG, ufw and nftables log lines (syslog, journald, dmesg -T)',

  detect(head: Buffer): boolean {
    return headLines(head).some((l) =>
      l.startsWith('{') ? /"MESSAGE"\s*:/.test(l) && /IN=\S* OUT=/.test(l) : bodyStart(l) >= 0 && /\sSRC=\S+ DST=/.test(l));
  },

  async *read(input: AsyncIterable<Buffer>, options: FirewallReaderOptions): AsyncIterable<ReaderEvent> {
    // Option errors are usage errors: thrown before the first event rather than turned into rejects.
    const zone = parseZone(options.tz);
    const nets = new LocalNets(options.localNets && options.localNets.length > 0 ? options.localNets : DEFAULT_LOCAL_NETS);
    const ref = options.referenceTime;
    // No --year and no file time: the current year (and the year before for dates still ahead of today).
    const refMs = ref === undefined ? Date.now() : typeof ref === 'number' ? ref : ref.getTime();
    const years = new SyslogYears(options.year, refMs);
    const reportIds = new LineReportIds();

    for await (const { text, line } of readLines(input)) {
      if (text.trim() === '') continue;
      try {
        const header = parseHeader(text);
        if (header === null) {
          yield { kind: 'reject', message: 'not a syslog, journald or kernel log line', line, raw: text };
          continue;
        }
        // The year follows every dated line, packet or not, so that a rollover in between is seen.
        const year = header.when.kind === 'wall' && header.when.year === null ? years.yearOf(header.when.month, header.when.day) : null;
        const at = bodyStart(header.message);
        // Other kernel and daemon messages of the same log: not packets and not errors.
        if (at < 0) continue;
        const packet = parsePacket(header.message, at);
        const ticks = eventTicks(header, year, zone);
        const row = toRow(packet, header.host, ticks, options.device, nets, reportIds.next(text));
        yield { kind: 'row', table: 'DeviceNetworkEvents', row, line };
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        yield { kind: 'reject', message: e.message, line, raw: text };
      }
    }
  },
};

function eventTicks(h: LogHeader, year: number | null, zone: Zone): bigint {
  const w = h.when;
  if (w.kind === 'utc') return w.ticks;
  if (w.kind === 'uptime') {
    throw new LineError('kernel uptime stamp only, no wall-clock time: log with dmesg -T, dmesg --time-format=iso or journalctl -k -o short-iso');
  }
  return wallToUtcTicks(zone, wallTicksChecked(w, w.year ?? year));
}

function toRow(p: Packet, host: string | null, ticks: bigint, device: string | undefined, nets: LocalNets, reportId: number): Record<string, unknown> {
  const forwarded = p.inIf !== '' && p.outIf !== '';
  // A packet the host forwards goes to a device behind it: inbound unless it leaves a local network for a remote one.
  const dir: Direction = !forwarded ? (p.outIf === '' ? 'In' : 'Out') : nets.has(p.src) && !nets.has(p.dst) ? 'Out' : 'In';
  const local = dir === 'In' ? p.dst : p.src;
  const remote = dir === 'In' ? p.src : p.dst;
  const hasPorts = p.spt !== null;
  const kind = packetKind(p);
  const verdict = verdictOf(p.prefix);
  const blocked = BLOCKING.has(verdict);
  const action = kind !== 'probe' ? 'ConnectionFound'
    : dir === 'In' ? 'InboundConnectionAttempt'
    : blocked ? 'ConnectionFailed' : 'ConnectionRequest';
  // Without a host name (dmesg) or a forwarding gateway, the device is the local address, as for captures.
  const name = device ?? (host !== null && !forwarded ? host : local.text);
  return {
    Timestamp: formatDatetime(ticks),
    DeviceId: deviceIdOf(name),
    DeviceName: name,
    ActionType: action,
    RemoteIP: remote.text,
    RemotePort: hasPorts ? (dir === 'In' ? p.spt : p.dpt) : null,
    RemoteUrl: '',
    LocalIP: local.text,
    LocalPort: hasPorts ? (dir === 'In' ? p.dpt : p.spt) : null,
    Protocol: defenderProtocol(p.proto),
    LocalIPType: ipType(local),
    RemoteIPType: ipType(remote),
    ReportId: reportId,
    AdditionalFields: JSON.stringify(additionalFields(p, dir, forwarded, host, kind, verdict, blocked)),
  };
}

function additionalFields(
  p: Packet, dir: Direction, forwarded: boolean, host: string | null, kind: PacketKind, verdict: string, blocked: boolean,
): Record<string, unknown> {
  const f: Record<string, unknown> = { direction: dir };
  f.FirewallAction = verdict;
  if (verdict !== 'UNKNOWN' && verdict !== 'AUDIT') f.Blocked = blocked;
  f.LogPrefix = p.prefix;
  if (forwarded) {
    f.Forwarded = true;
    if (host !== null) f.Gateway = host;
    f.Interface = p.inIf;
    f.OutInterface = p.outIf;
  } else {
    f.Interface = dir === 'In' ? p.inIf : p.outIf;
  }
  f.PacketKind = kind;
  // A dropped packet got no answer from this host; other verdicts say nothing certain about the answer.
  if (verdict === 'DROP' && kind === 'probe') f.Answer = 'none';
  const mac = p.ip.get('MAC');
  // MAC= is destination (6 bytes), source (6 bytes), EtherType (2 bytes) on Ethernet; other link types vary.
  if (mac !== undefined && /^([0-9a-f]{2}:){13}[0-9a-f]{2}$/i.test(mac)) {
    f['Source Mac'] = mac.slice(18, 35).toLowerCase();
    f['Destination Mac'] = mac.slice(0, 17).toLowerCase();
  } else if (mac !== undefined && mac !== '') {
    f.Mac = mac;
  }
  if (p.ip.has('MACSRC')) f['Source Mac'] = p.ip.get('MACSRC');
  if (p.ip.has('MACDST')) f['Destination Mac'] = p.ip.get('MACDST');
  const len = p.ip.get('LEN');
  if (len !== undefined) f['Packet Size'] = Number(len);
  const ttl = p.ip.get('TTL') ?? p.ip.get('HOPLIMIT');
  if (ttl !== undefined) f.Ttl = Number(ttl);
  if (p.ipFlags.length > 0) f.IpFlags = p.ipFlags.join(' ');
  if (p.ip.has('FRAG')) f.FragmentOffset = Number(p.ip.get('FRAG'));
  if (p.tcpFlags !== null) {
    f.TcpFlags = p.tcpFlags.join(' ');
    f['Tcp Flags'] = tcpFlagBits(p.tcpFlags);
  }
  const win = p.l4.get('WINDOW');
  if (win !== undefined) f.Window = Number(win);
  if (p.icmpType !== null) {
    f.IcmpType = p.icmpType;
    f.IcmpCode = p.icmpCode;
  }
  if (p.quoted !== null) f.IcmpQuotedPacket = p.quoted;
  const protoNumber = /^\d+$/.test(p.proto) ? Number(p.proto) : PROTOCOL_NUMBERS[p.proto.toUpperCase()];
  if (protoNumber !== undefined) f.IpProtocol = protoNumber;
  if (p.incomplete) f.Incomplete = true;
  for (const k of ['UID', 'GID', 'MARK', 'PHYSIN', 'PHYSOUT']) {
    const v = p.ip.get(k);
    if (v !== undefined) f[k === 'PHYSIN' ? 'PhysInterface' : k === 'PHYSOUT' ? 'PhysOutInterface' : k[0] + k.slice(1).toLowerCase()] = v;
  }
  return f;
}

// The names nf_log prints for PROTO= (other protocols are printed as numbers).
const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  ICMP: 1, TCP: 6, UDP: 17, DCCP: 33, ESP: 50, AH: 51, ICMPV6: 58, SCTP: 132, UDPLITE: 136,
};

const FLAG_BITS: Readonly<Record<string, number>> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 };

/** The TCP flags byte, as Defender's `Tcp Flags` (2 = SYN). */
export function tcpFlagBits(flags: readonly string[]): number {
  let v = 0;
  for (const f of flags) v |= FLAG_BITS[f] ?? 0;
  return v;
}
