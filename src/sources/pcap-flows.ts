/**
 * Flow state for the capture reader: decides which packets are probes, waits for their answer, and hands back
 * rows in capture-time order.
 *
 * - A probe is a TCP segment that opens or probes (SYN without ACK; FIN, NULL, XMAS and other ACK-less flag sets;
 *   a lone ACK or FIN+ACK on a flow never seen before), the first UDP datagram of a flow, or an ICMP echo /
 *   timestamp / address-mask request. Replies (SYN-ACK, RST, ICMP errors and what they quote, echo replies) are
 *   never probes.
 * - Each probe to a local address waits, keyed by (proto, src, sport, dst, dport), for its answer: SYN-ACK, RST,
 *   ICMP unreachable (matched by the header it quotes), a UDP or echo reply; after `timeoutTicks` of capture time
 *   (or at the end of input) it is answered "none". A lone ACK that turns out to belong to a connection already
 *   running when the capture started (more traffic follows on the flow) is withdrawn.
 * - A completed handshake (SYN, SYN-ACK, ACK) adds an accepted row.
 * Rows leave in the order their packets arrived: an answered probe waits behind older unanswered ones.
 * Memory: the pending probes of the last `timeoutTicks`, plus flows idle for less than their idle timeout.
 */
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, type DecodedPacket } from './pcap-decode.js';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;
const URG = 0x20;

export type Answer = 'syn-ack' | 'rst' | 'icmp-unreachable' | 'udp-reply' | 'echo-reply' | 'none';
export type ProbeType = 'syn' | 'fin' | 'null' | 'xmas' | 'ack' | 'maimon' | 'tcp-other' | 'udp' | 'echo' | 'timestamp' | 'address-mask';

export interface FlowRow {
  readonly action: 'InboundConnectionAttempt' | 'InboundConnectionAccepted';
  readonly ticks: bigint;
  readonly offset: number;
  readonly reportId: number;
  readonly proto: number;
  /** Prober (remote) and target (local). Ports are null for ICMP. */
  readonly src: string;
  readonly srcBytes: Uint8Array;
  readonly sport: number | null;
  readonly dst: string;
  readonly dstBytes: Uint8Array;
  readonly dport: number | null;
  readonly fields: Record<string, unknown>;
}

interface Entry {
  state: 'pending' | 'ready' | 'cancelled';
  key: string | null;
  row: FlowRow;
  answer: Answer | null;
}

interface TcpFlow {
  state: 'syn' | 'synack' | 'established' | 'ackprobe';
  /** `addr|port` of the side that sent the SYN (or the lone ACK). */
  client: string;
  probe: Entry | null;
}

interface SimpleFlow {
  client: string;
}

export interface TrackerOptions {
  /** Is this destination a local device (rows are written only for probes that reach one)? */
  isLocal(p: DecodedPacket): boolean;
  /** ReportId for the row a packet produces. */
  reportId(ticks: bigint, data: Uint8Array): number;
  /** How long a probe waits for its answer, in 100 ns ticks of capture time (default 5 s). */
  timeoutTicks?: bigint;
}

/** UDP sources that answer rather than ask: a datagram from one of these to a high port is taken as a reply. */
const UDP_SERVER_PORTS = new Set([7, 17, 19, 53, 69, 111, 123, 137, 161, 389, 1900, 3702, 5353, 11211]);

// Idle times after which a flow is forgotten (at most twice these; like conntrack's): connections 2 min, unanswered
// handshakes twice the answer timeout (a fast SYN scan must not pile up), UDP and ICMP 30 s.
const TCP_IDLE = 120n * 10_000_000n;
const UDP_IDLE = 30n * 10_000_000n;
const NONE: FlowRow[] = [];

export class FlowTracker {
  private readonly timeout: bigint;
  private readonly queue: Entry[] = [];
  private qHead = 0;
  private readonly pending = new Map<string, Entry>();
  /** Handshakes in progress and lone-ACK probes (short-lived), and established connections. */
  private readonly tcpHalf: AgingMap<TcpFlow>;
  private readonly tcpEst = new AgingMap<TcpFlow>(TCP_IDLE);
  private readonly udp = new AgingMap<SimpleFlow>(UDP_IDLE);
  private readonly icmp = new AgingMap<SimpleFlow>(UDP_IDLE);

  constructor(private readonly opts: TrackerOptions) {
    this.timeout = opts.timeoutTicks ?? 5n * 10_000_000n;
    this.tcpHalf = new AgingMap<TcpFlow>(this.timeout > 0n ? 2n * this.timeout : 1n);
  }

  /** Feeds one decoded packet (in capture order). */
  packet(p: DecodedPacket, ticks: bigint, data: Uint8Array, offset: number): void {
    this.tcpHalf.age(ticks);
    this.tcpEst.age(ticks);
    this.udp.age(ticks);
    this.icmp.age(ticks);
    if (!p.hasL4) return;
    if (p.proto === IPPROTO_TCP) this.tcpPacket(p, ticks, data, offset);
    else if (p.proto === IPPROTO_UDP) this.udpPacket(p, ticks, data, offset);
    else if ((p.proto === IPPROTO_ICMP && !p.v6) || (p.proto === IPPROTO_ICMPV6 && p.v6)) this.icmpPacket(p, ticks, data, offset);
  }

  /** Rows ready by capture time `now` (probes older than the timeout are answered "none"); all rows at the end. */
  drain(now: bigint | 'end'): FlowRow[] {
    const q = this.queue;
    if (this.qHead >= q.length) return NONE;
    // Fast path: the oldest entry is still waiting (most packets end here).
    const head = q[this.qHead]!;
    if (head.state === 'pending' && now !== 'end' && head.row.ticks + this.timeout > now) return NONE;
    const out: FlowRow[] = [];
    while (this.qHead < q.length) {
      const e = q[this.qHead]!;
      if (e.state === 'pending') {
        if (now !== 'end' && e.row.ticks + this.timeout > now) break;
        this.resolve(e, 'none');
      }
      this.qHead++;
      if (e.state === 'ready') out.push(finish(e));
    }
    if (this.qHead > 1024 && this.qHead * 2 > q.length) {
      q.splice(0, this.qHead);
      this.qHead = 0;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------

  private tcpPacket(p: DecodedPacket, ticks: bigint, data: Uint8Array, offset: number): void {
    const f = p.tcpFlags & 0x3f;
    const from = `${p.src}|${p.sport}`;
    const to = `${p.dst}|${p.dport}`;
    const ck = from < to ? `${from}|${to}` : `${to}|${from}`;
    const flow = this.tcpHalf.get(ck) ?? this.tcpEst.get(ck);

    if (f & RST) {
      // A reset answers a probe sent the other way; it never probes itself.
      this.answer(key(IPPROTO_TCP, p.dst, p.dport, p.src, p.sport), 'rst');
      this.tcpHalf.delete(ck);
      this.tcpEst.delete(ck);
      return;
    }
    if ((f & SYN) && (f & ACK)) {
      this.answer(key(IPPROTO_TCP, p.dst, p.dport, p.src, p.sport), 'syn-ack');
      if (flow && flow.state === 'syn' && flow.client === to) flow.state = 'synack';
      else if (!flow) this.putTcp(ck, { state: 'established', client: to, probe: null });
      return;
    }
    if (f & SYN) {
      this.probe(p, ticks, data, offset, 'syn');
      // A new SYN restarts the flow (port reuse).
      this.tcpEst.delete(ck);
      this.putTcp(ck, { state: 'syn', client: from, probe: null });
      return;
    }
    if (!(f & ACK)) {
      // Every segment after the handshake carries ACK: a segment without it is a stealth probe.
      const type: ProbeType = f === 0 ? 'null' : f === FIN ? 'fin' : (f & (FIN | PSH | URG)) === (FIN | PSH | URG) ? 'xmas' : 'tcp-other';
      this.probe(p, ticks, data, offset, type);
      return;
    }
    if (flow) {
      if (flow.state === 'synack' && flow.client === from) {
        flow.state = 'established';
        this.putTcp(ck, flow);
        if (this.opts.isLocal(p)) this.emitAccepted(p, ticks, data, offset);
      } else if (flow.state === 'ackprobe' && flow.probe) {
        // The same bare ACK again is a retransmitted probe; anything else means the flow is a live connection.
        if (!(flow.client === from && p.payloadLen === 0 && (f === ACK || f === (FIN | ACK)))) {
          this.cancel(flow.probe);
          flow.probe = null;
          flow.state = 'established';
          this.putTcp(ck, flow);
        }
      }
      return;
    }
    if (p.payloadLen === 0 && (f === ACK || f === (FIN | ACK))) {
      const e = this.probe(p, ticks, data, offset, f === ACK ? 'ack' : 'maimon');
      this.putTcp(ck, { state: 'ackprobe', client: from, probe: e });
      return;
    }
    // Mid-connection traffic of a flow that began before the capture.
    this.putTcp(ck, { state: 'established', client: from, probe: null });
  }

  /** Files a TCP flow under its state's map, at the back (most recently active). */
  private putTcp(ck: string, flow: TcpFlow): void {
    const est = flow.state === 'established';
    (est ? this.tcpHalf : this.tcpEst).delete(ck);
    (est ? this.tcpEst : this.tcpHalf).set(ck, flow);
  }

  private udpPacket(p: DecodedPacket, ticks: bigint, data: Uint8Array, offset: number): void {
    const from = `${p.src}|${p.sport}`;
    const to = `${p.dst}|${p.dport}`;
    const ck = from < to ? `${from}|${to}` : `${to}|${from}`;
    const flow = this.udp.get(ck);
    if (flow) {
      if (flow.client === to) this.answer(key(IPPROTO_UDP, p.dst, p.dport, p.src, p.sport), 'udp-reply');
      return;
    }
    if (UDP_SERVER_PORTS.has(p.sport) && p.dport >= 1024) {
      // Looks like a reply whose request we did not see (e.g. reflected DNS/NTP backscatter): not a probe.
      this.udp.set(ck, { client: to });
      return;
    }
    this.udp.set(ck, { client: from });
    this.probe(p, ticks, data, offset, 'udp');
  }

  private icmpPacket(p: DecodedPacket, ticks: bigint, data: Uint8Array, offset: number): void {
    const t = p.icmpType;
    if (p.quoted) {
      const unreachable = p.v6 ? t === 1 : t === 3;
      if (unreachable) {
        const qh = p.quoted;
        this.answer(key(qh.proto, qh.src, qh.sport, qh.dst, qh.dport), 'icmp-unreachable');
      }
      return;
    }
    const request = p.v6 ? (t === 128 ? 'echo' : null) : t === 8 ? 'echo' : t === 13 ? 'timestamp' : t === 17 ? 'address-mask' : null;
    const replyTo = p.v6 ? (t === 129 ? 128 : -1) : t === 0 ? 8 : t === 14 ? 13 : t === 18 ? 17 : -1;
    if (request) {
      const fk = `${p.src}|${p.dst}|${p.icmpId}|${t}`;
      if (this.icmp.get(fk)) return;
      this.icmp.set(fk, { client: p.src });
      this.probe(p, ticks, data, offset, request);
    } else if (replyTo >= 0) {
      this.answer(key(p.proto, p.dst, p.icmpId, p.src, replyTo), 'echo-reply');
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  private probe(p: DecodedPacket, ticks: bigint, data: Uint8Array, offset: number, type: ProbeType): Entry | null {
    if (!this.opts.isLocal(p)) return null;
    const isIcmp = p.proto === IPPROTO_ICMP || p.proto === IPPROTO_ICMPV6;
    const k = isIcmp ? key(p.proto, p.src, p.icmpId, p.dst, p.icmpType) : key(p.proto, p.src, p.sport, p.dst, p.dport);
    // A retransmitted probe still waiting for its answer is the same attempt.
    if (this.pending.has(k)) return this.pending.get(k)!;
    const fields: Record<string, unknown> = {};
    if (p.proto === IPPROTO_TCP) fields.TcpFlags = tcpFlagLetters(p.tcpFlags);
    if (isIcmp) {
      fields.IcmpType = p.icmpType;
      fields.IcmpCode = p.icmpCode;
    }
    fields.ProbeType = type;
    const e: Entry = {
      state: 'pending',
      key: k,
      answer: null,
      row: {
        action: 'InboundConnectionAttempt', ticks, offset, reportId: this.opts.reportId(ticks, data), proto: p.proto,
        src: p.src, srcBytes: p.srcBytes.slice(), sport: isIcmp ? null : p.sport,
        dst: p.dst, dstBytes: p.dstBytes.slice(), dport: isIcmp ? null : p.dport, fields,
      },
    };
    this.pending.set(k, e);
    this.queue.push(e);
    return e;
  }

  private emitAccepted(p: DecodedPacket, ticks: bigint, data: Uint8Array, offset: number): void {
    this.queue.push({
      state: 'ready',
      key: null,
      answer: null,
      row: {
        action: 'InboundConnectionAccepted', ticks, offset, reportId: this.opts.reportId(ticks, data), proto: p.proto,
        src: p.src, srcBytes: p.srcBytes.slice(), sport: p.sport, dst: p.dst, dstBytes: p.dstBytes.slice(), dport: p.dport,
        fields: { TcpFlags: tcpFlagLetters(p.tcpFlags) },
      },
    });
  }

  private answer(k: string, answer: Answer): void {
    const e = this.pending.get(k);
    if (e) this.resolve(e, answer);
  }

  private resolve(e: Entry, answer: Answer): void {
    e.answer = answer;
    e.state = 'ready';
    if (e.key !== null) this.pending.delete(e.key);
  }

  private cancel(e: Entry): void {
    if (e.state !== 'pending') return;
    e.state = 'cancelled';
    if (e.key !== null) this.pending.delete(e.key);
  }

  /** Flows held now (for tests of bounded memory). */
  get flowCount(): number {
    return this.tcpHalf.size + this.tcpEst.size + this.udp.size + this.icmp.size;
  }
}

/**
 * A map whose entries are forgotten after `period` to 2 x `period` of capture time without a lookup: two
 * generations, the older dropped whole at each turn, so the hot path never deletes (deleting and re-inserting on
 * every packet fills V8's hash tables with holes and costs far more).
 */
class AgingMap<V> {
  private cur = new Map<string, V>();
  private old = new Map<string, V>();
  private turnedAt: bigint | null = null;
  constructor(private readonly period: bigint) {}

  age(now: bigint): void {
    if (this.turnedAt === null || now < this.turnedAt) {
      this.turnedAt = now; // first packet, or the clock went back: start counting from here
    } else if (now - this.turnedAt >= this.period) {
      this.old = now - this.turnedAt >= 2n * this.period ? new Map() : this.cur;
      this.cur = new Map();
      this.turnedAt = now;
    }
  }

  get(k: string): V | undefined {
    const v = this.cur.get(k);
    if (v !== undefined || this.old.size === 0) return v;
    const o = this.old.get(k);
    if (o !== undefined) {
      this.old.delete(k);
      this.cur.set(k, o);
    }
    return o;
  }

  set(k: string, v: V): void {
    if (this.old.size) this.old.delete(k);
    this.cur.set(k, v);
  }

  delete(k: string): void {
    this.cur.delete(k);
    this.old.delete(k);
  }

  get size(): number {
    return this.cur.size + this.old.size;
  }
}

function finish(e: Entry): FlowRow {
  if (e.answer !== null) e.row.fields.Answer = e.answer;
  return e.row;
}

function key(proto: number, src: string, sport: number, dst: string, dport: number): string {
  return `${proto}|${src}|${sport}|${dst}|${dport}`;
}

/** TCP flags as letters in bit order (F S R P A U E C), the empty string for a NULL segment. */
export function tcpFlagLetters(flags: number): string {
  const letters = 'FSRPAUEC';
  let s = '';
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += letters[i];
  return s;
}
