/**
 * Syslog output: RFC 5424 messages over UDP (RFC 5426, one message per datagram) or TCP (RFC 6587 octet counting:
 * `LEN SP MSG`, which survives newlines inside a message, unlike LF framing).
 *
 *   <PRI>1 TIMESTAMP HOSTNAME edgewatch PROCID MSGID [edgewatch@PEN ruleId="..." ...] BOM summary
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import { hostname as osHostname } from 'node:os';
import type { Alert, Severity } from '../../detect/alert.js';
import type { StoredAlert } from '../alert-store.js';
import { alertShape } from './jsonl.js';
import { formatPorts } from './console.js';

export interface SyslogFormatOptions {
  /** RFC 5424 facility 0..23. Default 4 (security/authorization messages). */
  readonly facility?: number;
  /** Default: the machine's host name. */
  readonly hostname?: string;
  /** Default edgewatch. */
  readonly appName?: string;
  /** Default: this process id. */
  readonly procId?: string;
  /** Default: the rule id (so a collector can route by rule). */
  readonly msgId?: string;
  /**
   * SD-ID of the structured-data element. Default `edgewatch@32473`: 32473 is the private enterprise number
   * RFC 5612 reserves for documentation; an organisation with its own PEN should set it.
   */
  readonly sdId?: string;
  /** Message time; default now. */
  readonly timestamp?: Date;
}

/** Alert severity to syslog severity (RFC 5424 table 2). */
export const SYSLOG_SEVERITY: Record<Severity, number> = { High: 2, Medium: 4, Low: 5, Informational: 6 };

/** PRINTUSASCII (33..126), at most `max` characters; empty becomes the NILVALUE. */
function header(value: string, max: number): string {
  const s = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return s || '-';
}

/** RFC 5424 6.3.3: inside PARAM-VALUE, '"', '\' and ']' MUST be escaped with a backslash. */
export function escapeParamValue(v: string): string {
  return v.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** SD-NAME: PRINTUSASCII except '=', SP, ']', '"', at most 32 characters. */
function sdName(n: string): string {
  const s = n.replace(/[^\x21-\x7e]|[= \]"]/g, '_').slice(0, 32);
  if (!s) throw new Error('syslog: empty SD-NAME');
  return s;
}

/** TIMESTAMP: RFC 3339 in UTC with at most 6 fraction digits (RFC 5424 6.2.3). */
function timestamp(d: Date): string {
  return d.toISOString();
}

function sdParams(a: Alert): [string, string][] {
  const c = a.context;
  const p: [string, string | number | boolean | undefined][] = [
    ['ruleId', a.ruleId],
    ['title', a.title],
    ['severity', a.severity],
    ['techniques', a.techniques.join(',')],
    ['remoteIp', a.entities.remoteIp],
    ['deviceIds', a.entities.deviceIds.join(',')],
    ['localIps', a.entities.localIps.join(',')],
    ['ports', a.entities.ports.join(',')],
    ['firstSeen', a.firstSeen],
    ['lastSeen', a.lastSeen],
    ['count', a.count],
    ['scanType', c.scanType],
    ['country', c.country],
    ['city', c.city],
    ['asn', c.asn],
    ['asnOrg', c.asnOrg],
    ['hostileCountry', c.hostileCountry],
    ['firewall', c.firewall],
    ['exposureLevel', c.exposureLevel],
    ['portsAnswered', c.portsAnswered?.join(',')],
    ['rate', c.rate],
    ['suppressedBy', c.suppressedBy],
  ];
  return p.filter((x): x is [string, string | number | boolean] => x[1] !== undefined && x[1] !== '').map(([k, v]) => [k, String(v)]);
}

/** One RFC 5424 message (without transport framing). */
export function formatSyslog5424(input: Alert | StoredAlert, options: SyslogFormatOptions = {}): string {
  const a = alertShape(input);
  const facility = options.facility ?? 4;
  if (!Number.isInteger(facility) || facility < 0 || facility > 23) throw new Error(`syslog facility must be 0..23 (got ${facility})`);
  const pri = facility * 8 + SYSLOG_SEVERITY[a.severity];
  const host = header(options.hostname ?? osHostname(), 255);
  const app = header(options.appName ?? 'edgewatch', 48);
  const proc = header(options.procId ?? String(process.pid), 128);
  const msgId = header(options.msgId ?? a.ruleId, 32);
  const sdId = options.sdId ?? 'edgewatch@32473';
  if (!/^[\x21-\x7e]{1,32}$/.test(sdId) || /[= \]"]/.test(sdId)) throw new Error(`syslog SD-ID '${sdId}' is not a valid SD-NAME`);
  const sd = `[${sdId}${sdParams(a).map(([k, v]) => ` ${sdName(k)}="${escapeParamValue(v)}"`).join('')}]`;
  const targets = a.entities.localIps.length || a.entities.deviceIds.length;
  const msg = `${a.severity} ${a.ruleId}: ${a.title} from ${a.entities.remoteIp}${a.context.country ? ` (${a.context.country})` : ''} against ${targets} host${targets === 1 ? '' : 's'}, ports ${formatPorts(a.entities.ports) || '-'}, ${a.count} probes`;
  // MSG in UTF-8 starts with the BOM (RFC 5424 6.4).
  return `<${pri}>1 ${timestamp(options.timestamp ?? new Date())} ${host} ${app} ${proc} ${msgId} ${sd} \uFEFF${msg}`;
}

/** RFC 6587 3.4.1 octet-counting frame: the length counts bytes, not characters. */
export function octetCountingFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

export interface SyslogTarget extends SyslogFormatOptions {
  readonly host: string;
  /** Default 514. */
  readonly port?: number;
  readonly protocol: 'udp' | 'tcp';
  /** Connection timeout for TCP, ms. Default 5 s. */
  readonly connectTimeoutMs?: number;
}

/** The largest UDP payload over IPv4 (65535 - 8 UDP - 20 IP header bytes). */
const MAX_UDP = 65507;

/** Sends alerts to one syslog receiver. `close()` when done (TCP keeps one connection open). */
export class SyslogSender {
  private readonly target: SyslogTarget;
  private udp?: UdpSocket;
  private tcp?: Promise<Socket>;

  constructor(target: SyslogTarget) {
    if (target.protocol !== 'udp' && target.protocol !== 'tcp') throw new Error(`syslog protocol must be udp or tcp (got ${String(target.protocol)})`);
    const port = target.port ?? 514;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`syslog port must be 1..65535 (got ${port})`);
    this.target = target;
  }

  async send(alert: Alert | StoredAlert): Promise<void> {
    const message = formatSyslog5424(alert, this.target);
    if (this.target.protocol === 'udp') await this.sendUdp(Buffer.from(message, 'utf8'));
    else await this.sendTcp(octetCountingFrame(message));
  }

  async sendAll(alerts: Iterable<Alert | StoredAlert>): Promise<number> {
    let n = 0;
    for (const a of alerts) {
      await this.send(a);
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    const udp = this.udp;
    this.udp = undefined;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    const tcp = this.tcp;
    this.tcp = undefined;
    if (tcp) {
      const s = await tcp.catch(() => undefined);
      if (s && !s.destroyed) await new Promise<void>((resolve) => s.end(() => resolve()));
    }
  }

  private where(): string {
    return `${this.target.protocol}://${this.target.host}:${this.target.port ?? 514}`;
  }

  private sendUdp(buf: Buffer): Promise<void> {
    if (buf.length > MAX_UDP) return Promise.reject(new Error(`syslog ${this.where()}: message of ${buf.length} bytes does not fit a UDP datagram; use tcp`));
    if (!this.udp) this.udp = createSocket(isIPv6(this.target.host) ? 'udp6' : 'udp4');
    const sock = this.udp;
    return new Promise((resolve, reject) =>
      sock.send(buf, this.target.port ?? 514, this.target.host, (err) => (err ? reject(new Error(`syslog ${this.where()}: ${err.message}`)) : resolve())),
    );
  }

  private connectTcp(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: this.target.host, port: this.target.port ?? 514 });
      const timer = setTimeout(() => s.destroy(new Error(`connection timed out after ${this.target.connectTimeoutMs ?? 5000} ms`)), this.target.connectTimeoutMs ?? 5000);
      s.once('connect', () => {
        clearTimeout(timer);
        // Later errors (receiver reset) must not crash the process: forget the socket, the next send reconnects.
        s.on('error', () => {
          if (this.tcp) this.tcp = undefined;
        });
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`syslog ${this.where()}: ${e.message}`));
      });
    });
  }

  private async sendTcp(frame: Buffer): Promise<void> {
    this.tcp ??= this.connectTcp();
    let s: Socket;
    try {
      s = await this.tcp;
    } catch (e) {
      this.tcp = undefined; // the next send tries to connect again
      throw e;
    }
    if (s.destroyed || !s.writable) {
      // The receiver went away between alerts: reconnect once.
      this.tcp = this.connectTcp();
      s = await this.tcp;
    }
    await new Promise<void>((resolve, reject) =>
      s.write(frame, (err) => {
        if (err) {
          this.tcp = undefined;
          reject(new Error(`syslog ${this.where()}: ${err.message}`));
        } else resolve();
      }),
    );
  }
}

/** Opens a sender, sends every alert, closes. Returns how many were sent. */
export async function sendSyslog(alerts: Iterable<Alert | StoredAlert>, target: SyslogTarget): Promise<number> {
  const sender = new SyslogSender(target);
  try {
    return await sender.sendAll(alerts);
  } finally {
    await sender.close();
  }
}
