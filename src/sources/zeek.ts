/**
 * Reader for Zeek conn.log, both the ASCII (TSV) writer's format with its `#separator` / `#fields` header and the
 * JSON writer's one-object-per-line format. One DeviceNetworkEvents row per connection; the mapping is documented
 * in docs/readers/firewall-zeek.md.
 */
import { formatDatetime, parseDatetime } from '../kql/data/datetime.js';
import type { FormatReader, ReaderEvent, ReaderOptions } from './reader.js';
import { deviceIdOf, headLines, LineReportIds, readLines } from './firewall-lines.js';
import { DEFAULT_LOCAL_NETS, ipType, LocalNets, parseIp, type ParsedIp } from './firewall-net.js';
import { fractionTicks } from './firewall-time.js';

class ZeekError extends Error {}

/** One conn.log record with Zeek's field names; absent = unset. */
type ConnRecord = Record<string, string | number | boolean | undefined>;

/** How a connection went, from the responder's side: the basis of the ActionType. */
export type Outcome = 'accepted' | 'answered' | 'refused' | 'unanswered' | 'midstream';

/** conn_state -> Outcome when there is no history to look at (Zeek's base/protocols/conn/main.zeek meanings). */
export const CONN_STATE_OUTCOME: Readonly<Record<string, Outcome>> = Object.freeze({
  S0: 'unanswered', // attempt seen, no reply
  REJ: 'refused', // attempt rejected
  S1: 'accepted', // established, not terminated
  SF: 'accepted', // normal establishment and termination
  S2: 'accepted', // established, originator's close seen, no reply
  S3: 'accepted', // established, responder's close seen, no reply
  RSTO: 'accepted', // established, originator aborted
  RSTR: 'accepted', // responder sent a RST after establishment
  RSTOS0: 'unanswered', // originator sent SYN then RST, no SYN-ACK seen
  SH: 'unanswered', // originator sent SYN then FIN, no SYN-ACK seen
  RSTRH: 'midstream', // responder sent SYN-ACK then RST, no SYN from the originator
  SHR: 'midstream', // responder sent SYN-ACK then FIN, no SYN from the originator
  OTH: 'midstream', // no SYN seen, just midstream traffic
});

/** Outcome -> ActionType, by direction (inbound: the responder is local; outbound: it is not). */
export const OUTCOME_ACTION: Readonly<Record<Outcome, { readonly In: string; readonly Out: string }>> = Object.freeze({
  accepted: { In: 'InboundConnectionAccepted', Out: 'ConnectionSuccess' },
  answered: { In: 'InboundConnectionAttempt', Out: 'ConnectionRequest' },
  refused: { In: 'InboundConnectionAttempt', Out: 'ConnectionFailed' },
  unanswered: { In: 'InboundConnectionAttempt', Out: 'ConnectionFailed' },
  midstream: { In: 'ConnectionFound', Out: 'ConnectionFound' },
});

/**
 * The outcome of a connection. For TCP the history letters decide when present (S = originator SYN, h = responder
 * SYN-ACK, A / D = originator ACK / data, r = responder RST): a SYN-ACK followed by the originator's ACK is an
 * accepted connection; a SYN-ACK alone (a half-open SYN scan of an open port) is answered; a responder RST without
 * SYN-ACK is refused. Otherwise, and for UDP, conn_state decides (ICMP: see icmpOutcome).
 */
export function outcomeOf(proto: string, connState: string | undefined, history: string | undefined): Outcome {
  if (proto === 'tcp' && history !== undefined && history !== '') {
    if (!history.includes('S')) return 'midstream';
    if (history.includes('h')) return history.includes('A') || history.includes('D') ? 'accepted' : 'answered';
    return history.includes('r') ? 'refused' : 'unanswered';
  }
  if (connState === undefined) throw new ZeekError('no conn_state');
  const o = Object.hasOwn(CONN_STATE_OUTCOME, connState) ? CONN_STATE_OUTCOME[connState] : undefined;
  if (o === undefined) throw new ZeekError(`unknown conn_state ${connState}`);
  return o;
}

/**
 * ICMP: Zeek writes conn_state OTH for every ICMP flow, so the outcome comes from the first packet's type (in
 * id.orig_p) and whether the responder sent anything back. A flow that starts with a reply or an error is midstream.
 */
function icmpOutcome(type: number | null, v6: boolean, respPkts: string | number | boolean | undefined): Outcome {
  const requests = v6 ? [128] : [8, 13, 15, 17];
  if (type === null || !requests.includes(type)) return 'midstream';
  return Number(respPkts ?? 0) > 0 ? 'accepted' : 'unanswered';
}

function answerOf(proto: string, outcome: Outcome, history: string | undefined): string | undefined {
  if (proto === 'tcp') {
    if (history !== undefined && history !== '') {
      if (history.includes('h')) return 'syn-ack';
      if (history.includes('r')) return 'rst';
      return history.includes('S') ? 'none' : undefined;
    }
    return outcome === 'accepted' ? 'syn-ack' : outcome === 'refused' ? 'rst' : outcome === 'unanswered' ? 'none' : undefined;
  }
  return outcome === 'accepted' ? 'reply' : outcome === 'unanswered' ? 'none' : undefined;
}

export const zeekReader: FormatReader = {
  name: 'zeek',
  description: 'Zeek conn.log, TSV (with its #fields header) or JSON lines',

  detect(head: Buffer): boolean {
    const text = head.toString('utf8');
    if (text.startsWith('#separator')) return /^#path.conn\r?$/m.test(text) || /^#fields.*conn_state/m.test(text);
    const first = headLines(head, 1)[0] ?? '';
    return first.startsWith('{') && first.includes('"id.orig_h"') && first.includes('"id.resp_h"')
      && (first.includes('"conn_state"') || first.includes('"history"') || first.includes('"orig_bytes"'));
  },

  async *read(input: AsyncIterable<Buffer>, options: ReaderOptions): AsyncIterable<ReaderEvent> {
    const nets = new LocalNets(options.localNets && options.localNets.length > 0 ? options.localNets : DEFAULT_LOCAL_NETS);
    const reportIds = new LineReportIds();
    const tsv = new TsvHeader();
    for await (const { text, line } of readLines(input)) {
      if (text.trim() === '') continue;
      try {
        let rec: ConnRecord;
        let rawTs: string | undefined;
        if (text.startsWith('#')) {
          tsv.header(text);
          continue;
        }
        if (text.startsWith('{')) {
          rec = jsonRecord(text);
          // The float in the text, not the parsed double: 1700828217.314165 has more digits than a double keeps.
          rawTs = /"ts"\s*:\s*(-?\d[\d.eE+-]*)/.exec(text)?.[1];
        } else {
          rec = tsv.record(text);
        }
        const row = toRow(rec, rawTs, options.device, nets, reportIds.next(text));
        yield { kind: 'row', table: 'DeviceNetworkEvents', row, line };
      } catch (e) {
        if (!(e instanceof ZeekError)) throw e;
        yield { kind: 'reject', message: e.message, line, raw: text };
      }
    }
  },
};

/** The ASCII writer's header: separator, unset / empty markers, field names; re-read at every header block. */
class TsvHeader {
  private sep = '\t';
  private unset = '-';
  private empty = '(empty)';
  private fields: string[] | null = null;
  private path: string | null = null;

  header(text: string): void {
    if (text.startsWith('#separator ')) {
      this.sep = unescapeZeek(text.slice('#separator '.length));
      this.fields = null;
      return;
    }
    const cut = text.indexOf(this.sep);
    if (cut < 0) return; // #close without a value, comments
    const key = text.slice(1, cut);
    const value = text.slice(cut + this.sep.length);
    if (key === 'unset_field') this.unset = value;
    else if (key === 'empty_field') this.empty = value;
    else if (key === 'path') this.path = value;
    else if (key === 'fields') this.fields = value.split(this.sep);
  }

  record(text: string): ConnRecord {
    if (this.fields === null) throw new ZeekError('neither a JSON object nor a TSV record after a #fields header');
    if (this.path !== null && this.path !== 'conn') throw new ZeekError(`not a conn log (#path ${this.path})`);
    const values = text.split(this.sep);
    if (values.length !== this.fields.length) {
      throw new ZeekError(`${values.length} fields where #fields names ${this.fields.length}`);
    }
    const rec: ConnRecord = {};
    this.fields.forEach((f, i) => {
      const v = values[i]!;
      // The markers are compared before unescaping: a real "-" value is written escaped (\x2d).
      if (v === this.unset) return;
      rec[f] = v === this.empty ? '' : unescapeZeek(v);
    });
    return rec;
  }
}

/** Zeek's ASCII escaping: `\xHH` for separators and non-printable bytes, `\\` for a backslash. */
function unescapeZeek(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      bytes.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (s[i] === '\\' && s[i + 1] === '\\') {
      bytes.push(0x5c);
      i++;
    } else {
      for (const b of Buffer.from(s[i]!, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function jsonRecord(text: string): ConnRecord {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new ZeekError('not valid JSON');
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ZeekError('not a JSON object');
  const src = o as Record<string, unknown>;
  const rec: ConnRecord = {};
  for (const [k, v] of Object.entries(src)) {
    // Some pipelines nest the connection id: {"id": {"orig_h": ...}}.
    if (k === 'id' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (isScalar(v2)) rec[`id.${k2}`] = v2;
    } else if (isScalar(v)) {
      rec[k] = v;
    }
  }
  return rec;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function toRow(rec: ConnRecord, rawTs: string | undefined, device: string | undefined, nets: LocalNets, reportId: number): Record<string, unknown> {
  const ticks = tsTicks(rec.ts, rawTs);
  const orig = addr(rec, 'id.orig_h');
  const resp = addr(rec, 'id.resp_h');
  const proto = str(rec.proto);
  if (proto === undefined || proto === '') throw new ZeekError('no proto');
  const origP = port(rec, 'id.orig_p');
  const respP = port(rec, 'id.resp_p');
  const state = str(rec.conn_state);
  const history = str(rec.history);
  // ICMP connections carry the type and code in the port fields.
  const icmp = proto === 'icmp';
  const outcome = icmp ? icmpOutcome(origP, resp.v6, rec.resp_pkts) : outcomeOf(proto, state, history);
  const dir = nets.has(resp) ? 'In' : 'Out';
  const local = dir === 'In' ? resp : orig;
  const remote = dir === 'In' ? orig : resp;
  const localPort = icmp ? null : dir === 'In' ? respP : origP;
  const remotePort = icmp ? null : dir === 'In' ? origP : respP;
  const name = device ?? local.text;

  const f: Record<string, unknown> = { direction: dir };
  const answer = answerOf(proto, outcome, history);
  if (answer !== undefined) f.Answer = answer;
  if (icmp) {
    f.IcmpType = origP;
    f.IcmpCode = respP;
  }
  for (const k of ['uid', 'conn_state', 'history', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'missed_bytes',
    'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'local_orig', 'local_resp']) {
    const v = rec[k];
    if (v === undefined) continue;
    f[k] = typed(k, v);
  }
  return {
    Timestamp: formatDatetime(ticks),
    DeviceId: deviceIdOf(name),
    DeviceName: name,
    ActionType: OUTCOME_ACTION[outcome][dir],
    RemoteIP: remote.text,
    RemotePort: remotePort,
    RemoteUrl: '',
    LocalIP: local.text,
    LocalPort: localPort,
    Protocol: protocolName(proto, local.v6),
    LocalIPType: ipType(local),
    RemoteIPType: ipType(remote),
    ReportId: reportId,
    AdditionalFields: JSON.stringify(f),
  };
}

/** TSV gives every value as text; AdditionalFields keeps Zeek's types (count -> number, bool -> boolean). */
function typed(key: string, v: string | number | boolean): unknown {
  if (typeof v !== 'string') return v;
  if (key === 'local_orig' || key === 'local_resp') return v === 'T' ? true : v === 'F' ? false : v;
  if (key.endsWith('bytes') || key.endsWith('pkts') || key === 'duration') {
    const n = Number(v);
    return v !== '' && Number.isFinite(n) ? n : v;
  }
  return v;
}

function protocolName(proto: string, v6: boolean): string {
  switch (proto) {
    case 'tcp': return 'Tcp';
    case 'udp': return 'Udp';
    case 'icmp': return v6 ? 'IcmpV6' : 'Icmp';
    default: return proto;
  }
}

function str(v: string | number | boolean | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

function addr(rec: ConnRecord, key: string): ParsedIp {
  const v = rec[key];
  if (v === undefined) throw new ZeekError(`no ${key}`);
  const a = typeof v === 'string' ? parseIp(v) : null;
  if (!a) throw new ZeekError(`bad ${key}: ${String(v)}`);
  return a;
}

function port(rec: ConnRecord, key: string): number | null {
  const v = rec[key];
  if (v === undefined) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ZeekError(`bad ${key}: ${String(v)}`);
  return n;
}

/**
 * `ts`: epoch seconds (TSV text, or a JSON number whose text is read exactly), epoch milliseconds (a JSON integer
 * above 10^11: the JSON writer's TS_MILLIS), or ISO 8601 text (TS_ISO8601).
 */
function tsTicks(v: string | number | boolean | undefined, rawJson: string | undefined): bigint {
  if (v === undefined) throw new ZeekError('no ts');
  if (typeof v === 'number') {
    const text = rawJson ?? String(v);
    if (/^\d+$/.test(text) && v > 1e11) return BigInt(text) * 10_000n;
    return epochTicks(text);
  }
  if (typeof v === 'string') {
    if (/^\d+(\.\d+)?$/.test(v)) return epochTicks(v);
    const t = parseDatetime(v);
    if (t !== null) return t;
  }
  throw new ZeekError(`bad ts: ${String(v)}`);
}

function epochTicks(text: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (m) return BigInt(m[1]!) * 10_000_000n + BigInt(fractionTicks(m[2]));
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0) throw new ZeekError(`bad ts: ${text}`);
  return BigInt(Math.round(x * 1e7));
}
