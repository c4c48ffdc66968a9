/**
 * Services (local host, protocol, port) as plain numbers, so per-source state holds 8-byte keys (unboxed in a
 * double array) rather than strings, and the alert's entities can be rebuilt from them.
 *
 *   key = (hostId * 8 + protocol) * 65536 + port      (exact while hostId < 2^34)
 */
import type { ProbeProtocol } from './probe-event.js';

export const PROTOCOL_CODE: Readonly<Record<ProbeProtocol, number>> = { Tcp: 0, Udp: 1, Icmp: 2, IcmpV6: 3, Ip: 4 };

export function serviceKey(hostId: number, protocol: number, port: number): number {
  return (hostId * 8 + protocol) * 65536 + port;
}
export function serviceHost(key: number): number {
  return Math.floor(key / 524288);
}
export function servicePort(key: number): number {
  return key % 65536;
}
/** protocol * 65536 + port: the "port" of a horizontal (one port, many hosts) count, protocol kept apart. */
export function servicePortKey(key: number): number {
  return key % 524288;
}

/**
 * Interns local addresses: id -> address and the device ids seen with it. Bounded by the organisation's address
 * space, not by the sources; the detector resets (and says so) if it ever reaches its cap.
 */
export class HostTable {
  private readonly ids = new Map<string, number>();
  private readonly ips: string[] = [];
  private readonly devices: (string | string[])[] = [];

  constructor(readonly cap: number) {}

  get size(): number {
    return this.ips.length;
  }

  /** The id of a local address, recording the device; -1 when the table is full. */
  intern(ip: string, deviceId: string): number {
    let id = this.ids.get(ip);
    if (id === undefined) {
      if (this.ips.length >= this.cap) return -1;
      id = this.ips.length;
      this.ids.set(ip, id);
      this.ips.push(ip);
      this.devices.push(deviceId);
      return id;
    }
    const d = this.devices[id]!;
    if (d !== deviceId && deviceId !== '') {
      // Rare (several devices share an address: NAT, re-imaged hosts); keep them all for the alert.
      if (typeof d === 'string') this.devices[id] = d === '' ? deviceId : [d, deviceId];
      else if (!d.includes(deviceId) && d.length < 16) d.push(deviceId);
    }
    return id;
  }

  ip(id: number): string {
    return this.ips[id]!;
  }

  deviceIds(id: number): readonly string[] {
    const d = this.devices[id]!;
    return typeof d === 'string' ? (d === '' ? [] : [d]) : d;
  }

  clear(): void {
    this.ids.clear();
    this.ips.length = 0;
    this.devices.length = 0;
  }
}
