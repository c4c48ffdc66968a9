/**
 * Packet-capture reader (pcap and pcapng): the probes that reach local addresses become DeviceNetworkEvents rows,
 * and devices probed from public IPv4 addresses get an internet-facing DeviceInfo row.
 *
 * Mapping (see pcap-flows.ts for what counts as a probe and an answer):
 * - InboundConnectionAttempt: one per probe; RemoteIP/RemotePort = prober, LocalIP/LocalPort = target;
 *   AdditionalFields {"TcpFlags":"S","ProbeType":"syn","Answer":"syn-ack"|"rst"|"icmp-unreachable"|"none"|...}.
 * - InboundConnectionAccepted: the ACK that completes a handshake.
 * - DeviceInfo (at the end of input): IsInternetFacing true, stamped with the last probe from a public IPv4
 *   address, AdditionalFields with Microsoft's InternetFacing* keys.
 * The device is `--device NAME`, or one device per local address (named by the address).
 */
import type { FormatReader, ReaderEvent, ReaderOptions } from './reader.js';
import { deviceIdFor, reportIdFor } from './identity.js';
import { isCaptureHead, readCaptureBatches } from './pcap-container.js';
import { decodeFrame, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './pcap-decode.js';
import { FlowTracker, type FlowRow } from './pcap-flows.js';
import { ipType, ipv4IsPrivate, NetMatcher } from './pcap-addr.js';
import { formatDatetimeTostring } from '../kql/data/datetime.js';

/** Protocol column values as Defender writes them. */
const PROTOCOL: Record<number, string> = {
  [IPPROTO_TCP]: 'Tcp',
  [IPPROTO_UDP]: 'Udp',
  [IPPROTO_ICMP]: 'Icmp',
  [IPPROTO_ICMPV6]: 'IcmpV6',
};

/** InternetFacingReason for devices that received external incoming communication (as in public KQL). */
export const INTERNET_FACING_REASON = 'ExternalNetworkConnection';

export interface PcapReadOptions extends ReaderOptions {
  /** How long a probe waits for its answer, in seconds of capture time (default 5). */
  readonly answerTimeoutSeconds?: number;
}

interface FacingState {
  name: string;
  id: string;
  ticks: bigint;
  localIp: string;
  localPort: number | null;
  proto: number;
}

export const pcapReader: FormatReader = {
  name: 'pcap',
  description: 'Packet captures (pcap, pcapng): inbound probes as DeviceNetworkEvents, internet-facing devices as DeviceInfo',
  detect: isCaptureHead,
  read: readPcap,
};

export async function* readPcap(input: AsyncIterable<Buffer>, options: PcapReadOptions): AsyncGenerator<ReaderEvent> {
  const nets = options.localNets && options.localNets.length > 0 ? new NetMatcher(options.localNets) : null;
  const device = options.device ? { name: options.device, id: deviceIdFor(options.device) } : null;
  const deviceIds = new Map<string, string>();
  const deviceOf = (ip: string) => {
    if (device) return device;
    let id = deviceIds.get(ip);
    if (id === undefined) deviceIds.set(ip, (id = deviceIdFor(ip)));
    return { name: ip, id };
  };

  // Ordinals for identical packets (same bytes, same time): only records sharing one timestamp can collide, so
  // the counter restarts whenever the time moves, which keeps memory flat and ids stable across re-ingests.
  let ordinalTicks = -1n;
  const ordinals = new Map<string, number>();
  const reportId = (ticks: bigint, data: Uint8Array): number => {
    if (ticks !== ordinalTicks) {
      ordinals.clear();
      ordinalTicks = ticks;
    }
    const raw = Buffer.allocUnsafe(8 + data.length);
    raw.writeBigInt64BE(ticks, 0);
    raw.set(data, 8);
    const k = raw.toString('latin1', 8);
    const n = ordinals.get(k) ?? 0;
    ordinals.set(k, n + 1);
    return reportIdFor(raw, n);
  };

  const tracker = new FlowTracker({
    isLocal: (p) => (nets ? nets.contains(p.dstBytes) : true),
    reportId,
    timeoutTicks: BigInt(Math.round((options.answerTimeoutSeconds ?? 5) * 1e7)),
  });

  const facing = new Map<string, FacingState>();
  function* rows(list: FlowRow[]): Generator<ReaderEvent> {
    for (const r of list) {
      const dev = deviceOf(r.dst);
      if (r.action === 'InboundConnectionAttempt' && isPublicProber(r.srcBytes)) {
        facing.set(dev.id, { name: dev.name, id: dev.id, ticks: r.ticks, localIp: r.dst, localPort: r.dport, proto: r.proto });
      }
      yield {
        kind: 'row',
        table: 'DeviceNetworkEvents',
        offset: r.offset,
        row: {
          Timestamp: formatDatetimeTostring(r.ticks),
          DeviceId: dev.id,
          DeviceName: dev.name,
          ActionType: r.action,
          RemoteIP: r.src,
          RemotePort: r.sport,
          RemoteUrl: '',
          LocalIP: r.dst,
          LocalPort: r.dport,
          Protocol: PROTOCOL[r.proto] ?? String(r.proto),
          LocalIPType: ipType(r.dstBytes),
          RemoteIPType: ipType(r.srcBytes),
          ReportId: r.reportId,
          AdditionalFields: JSON.stringify(r.fields),
        },
      };
    }
  }

  let ending: ReaderEvent | null = null;
  for await (const batch of readCaptureBatches(input)) {
    for (const rec of batch) {
      if (rec.kind === 'packet') {
        // Time out older probes first, so an answer that arrives too late does not count.
        let ready = tracker.drain(rec.ticks);
        if (ready.length) yield* rows(ready);
        const p = decodeFrame(rec.linkType, rec.data);
        if (p) {
          tracker.packet(p, rec.ticks, rec.data, rec.offset);
          ready = tracker.drain(rec.ticks);
          if (ready.length) yield* rows(ready);
        }
      } else if (rec.kind === 'reject') {
        yield { kind: 'reject', message: `${options.source}: ${rec.message}`, offset: rec.offset, raw: rec.raw ?? '' };
      } else {
        // Report the cut after the rows read before it.
        ending = { kind: 'truncated', offset: rec.offset, message: `${options.source}: ${rec.message}` };
      }
    }
  }
  yield* rows(tracker.drain('end'));

  for (const f of facing.values()) {
    const when = formatDatetimeTostring(f.ticks);
    yield {
      kind: 'row',
      table: 'DeviceInfo',
      row: {
        Timestamp: when,
        DeviceId: f.id,
        DeviceName: f.name,
        OSPlatform: '',
        IsInternetFacing: true,
        ReportId: reportIdFor(`DeviceInfo|${f.id}|${when}`, 0),
        // Key names as in Microsoft's internet-facing query (schema.md 1.1).
        AdditionalFields: JSON.stringify({
          InternetFacingReason: INTERNET_FACING_REASON,
          InternetFacingLocalPort: f.localPort,
          InternetFacingLocalIp: f.localIp,
          InternetFacingTransportProtocol: (PROTOCOL[f.proto] ?? String(f.proto)).toUpperCase(),
          InternetFacingLastSeen: when,
        }),
      },
    };
  }
  if (ending) yield ending;
}

/**
 * A prober that makes its target internet-facing: IPv4 that ipv4_is_private calls public, less the special ranges
 * it also calls public (loopback, link-local, shared, multicast, reserved), as schema.md section 8 advises.
 */
export function isPublicProber(addr: Uint8Array): boolean {
  return addr.length === 4 && !ipv4IsPrivate(addr) && ipType(addr) === 'Public';
}
