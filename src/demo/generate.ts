/**
 * The demo data set: one day of Defender-schema telemetry for a fictional company (Contoso), with port scans
 * planted against its internet-facing servers. Deterministic: the same options give byte-identical output.
 *
 * Rows are plain objects whose keys are exactly the Defender column names (mde/schema.md), in schema order, with
 * JSON-friendly values: datetime = ISO string with 7 fractional digits and Z, long/int = number, bool = boolean,
 * string columns holding JSON (AdditionalFields, LoggedOnUsers) = JSON strings as Defender exports them,
 * dynamic columns (CveTags, Context, ...) = arrays. Unset values are null, as in the streaming export.
 *
 * Story (see DEMO_ACTORS in catalog.ts for the planted sources and what the seed query must return):
 * - ~10% of the devices are Windows servers tagged internet-facing (DeviceInfo hourly reports, tag in the last
 *   hour), behind 1:1 NAT on 203.0.113.0/24; one more server was tagged but was decommissioned 3 h ago; a Linux
 *   bastion is exposed but never tagged (MDE only tags Windows devices).
 * - Background: outbound ConnectionSuccess to public services (443/80/53), lateral traffic between private
 *   addresses, inbound InboundConnectionAccepted from public clients to the exposed services, and internet
 *   background radiation: InboundConnectionAttempt from many addresses with at most 2 attempts each.
 */
import { Rng, WeightedPicker } from './random.js';
import { endpointTables } from './endpoint-tables.js';
import { infoGatheringRows } from './tvm-info-gathering.js';
import {
  CLASS_PROCS, CVES, DEMO_ACTORS, FIREWALL_SCIDS, INTERNAL_SERVICES, OS, PROCS, PUBLIC_SERVICES, SCAN_PORTS_TOP,
  SCAN_PORT_WEIGHTS, type OsFamily, type OsInfo, type ProcProfile, type PublicService,
} from './catalog.js';

export { DEMO_ACTORS } from './catalog.js';
export type { DemoActor, ActorRole } from './catalog.js';

export interface DemoOptions {
  /** PRNG seed (default 42). */
  seed?: number;
  /**
   * Size of the endpoint tables (processes, files, logons, registry, image loads, events) relative to their
   * defaults (1 = ~50,000 process events); 0 leaves them out. The network events are sized by `events`.
   */
  scale?: number;
  /** Fleet size, 12 to 2,000 (default 300); about 10% are tagged internet-facing. */
  devices?: number;
  /** Target DeviceNetworkEvents rows (default 300,000): the planted actors always, background for the rest. */
  events?: number;
  /** ISO datetime; the data covers the 24 hours before it. */
  now?: string;
}

export type Row = Record<string, unknown>;

export interface DemoData {
  now: string;
  tables: Record<string, Row[]>;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_DEVICES = 300;
export const DEFAULT_EVENTS = 300_000;
export const DEFAULT_NOW = '2026-11-27T12:00:00.0000000Z';

export const HOUR_MS = 3_600_000;
export const MIN_MS = 60_000;
export const DAY_MS = 24 * HOUR_MS;
export const TICKS_PER_MS = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Time: event times are integer 100 ns ticks since the start of the window (now - 24 h); that stays below 2^53.

const PAD2: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const PAD4: string[] = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));

// Formatting through Date for every value is slow; consecutive values usually share the minute, so its
// "YYYY-MM-DDTHH:MM:" prefix is cached. (DeviceNetworkEvents has its own bulk path in NetEvents.finish.)
let cachedMinute = Number.NaN;
let cachedPrefix = '';

export function isoFromMs(ms: number, subMsTicks: number): string {
  const minute = Math.floor(ms / MIN_MS);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedPrefix = new Date(minute * MIN_MS).toISOString().slice(0, 17);
  }
  const rem = ms - minute * MIN_MS;
  const sec = Math.floor(rem / 1000);
  return cachedPrefix + PAD2[sec]! + '.' + PAD3[rem - sec * 1000]! + PAD4[subMsTicks]! + 'Z';
}

export class Clock {
  readonly nowMs: number;
  readonly startMs: number;
  constructor(now: string) {
    const ms = Date.parse(now);
    if (!Number.isFinite(ms)) throw new Error(`generateDemo: invalid 'now': ${now}`);
    this.nowMs = ms;
    this.startMs = ms - DAY_MS;
  }
  /** Ticks for a moment `msBeforeNow` before now, with random sub-millisecond digits. */
  ago(msBeforeNow: number, rng: Rng): number {
    return Math.round((DAY_MS - msBeforeNow) * TICKS_PER_MS) + rng.int(0, TICKS_PER_MS - 1);
  }
  /** Ticks may be negative (before the window). */
  format(ticks: number): string {
    const ms = Math.floor(ticks / TICKS_PER_MS);
    return isoFromMs(this.startMs + ms, ticks - ms * TICKS_PER_MS);
  }
  /** ISO for an absolute millisecond time (outside the window, e.g. process start times). */
  formatMs(ms: number, rng: Rng): string {
    return isoFromMs(Math.floor(ms), rng.int(0, TICKS_PER_MS - 1));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

function ipv4Octets(ip: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const o = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  return o.every((x) => x <= 255) ? o : null;
}

const ipTypeCache = new Map<string, string>();

/** MDE's LocalIPType / RemoteIPType (memoised: the same addresses recur on most rows). */
export function ipType(ip: string): string {
  let t = ipTypeCache.get(ip);
  if (t === undefined) {
    t = classifyIp(ip);
    if (ipTypeCache.size < 100_000) ipTypeCache.set(ip, t);
  }
  return t;
}

/** 100.64/10 as "Reserved" is an assumption (shared address space); MDE's exact mapping is not published. */
function classifyIp(ip: string): string {
  if (ip.includes(':')) {
    if (ip === '::1') return 'Loopback';
    if (/^fe80:/i.test(ip)) return 'LinkLocal';
    return 'Public';
  }
  const o = ipv4Octets(ip);
  if (!o) return 'Reserved';
  const [a, b] = o as [number, number, number, number];
  if (a === 127) return 'Loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'Private';
  if ((a === 100 && b >= 64 && b <= 127) || a === 0 || a >= 224 || (a === 169 && b === 254)) return 'Reserved';
  return 'Public';
}

/** True for unicast addresses that can appear as real internet sources (no private, reserved or documentation). */
function isRoutablePublic(a: number, b: number, c: number): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && (b === 168 || (b === 0 && (c === 0 || c === 2)))) return false;
  if (a === 198 && (b === 18 || b === 19 || (b === 51 && c === 100))) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}

function randomPublicIp(rng: Rng): string {
  for (;;) {
    const a = rng.int(1, 223);
    const b = rng.int(0, 255);
    const c = rng.int(0, 255);
    if (isRoutablePublic(a, b, c)) return `${a}.${b}.${c}.${rng.int(1, 254)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Devices

export type DeviceKind = 'if-server' | 'stale-server' | 'bastion' | 'server' | 'linux' | 'workstation' | 'mac' | 'discovered';

export interface ProcInstance {
  file: string | null;
  folder: string | null;
  sha1: string | null;
  sha256: string | null;
  md5: string | null;
  size: number | null;
  company: string | null;
  product: string | null;
  version: string | null;
  internal: string | null;
  original: string | null;
  description: string | null;
  pid: number | null;
  cmd: string | null;
  created: string | null;
  parentFile: string | null;
  parentPid: number | null;
  parentCreated: string | null;
  domain: string | null;
  account: string | null;
  sid: string | null;
  upn: string | null;
  objectId: string | null;
  integrity: string | null;
  elevation: string | null;
  sessionId: number | null;
  remoteSession: boolean | null;
  /** InitiatingProcessUniqueId: a per-device sequence (no random draw, so adding it changed no other value). */
  uniqueId: string | null;
}

/** Inbound attempts that never reach a listener carry no process. */
const NO_PROC: ProcInstance = {
  file: null, folder: null, sha1: null, sha256: null, md5: null, size: null, company: null, product: null, version: null,
  internal: null, original: null, description: null, pid: null, cmd: null, created: null, parentFile: null, parentPid: null,
  parentCreated: null, domain: null, account: null, sid: null, upn: null, objectId: null, integrity: null, elevation: null,
  sessionId: null, remoteSession: null, uniqueId: null,
};

export interface Device {
  index: number;
  id: string;
  name: string;
  kind: DeviceKind;
  role: string;
  os: OsInfo;
  localIp: string;
  localIp6: string | null;
  publicIp: string;
  /** Ports with a listener reachable from the internet (internet-facing and bastion). */
  services: number[];
  /** Hours before now from which the internet-facing tag is set (0 = never). */
  taggedForHours: number;
  /** Hours before now of the last report (0 = still alive); events stop then. */
  goneHoursAgo: number;
  ifReason: string;
  user: { name: string; sid: string; upn: string; objectId: string } | null;
  bootMs: number;
  netReportId: number;
  infoReportId: number;
  procs: Map<string, ProcInstance>;
  aadDeviceId: string | null;
  machineGroup: string;
  reportPhaseMs: number;
  /** Next process unique id sequence number on this device. */
  uniqueSeq: number;
}

const IF_ROLES: readonly { role: string; services: number[]; os: string }[] = [
  { role: 'web-prod', services: [443, 80], os: 'ws2022' },
  { role: 'api-prod', services: [443], os: 'ws2022' },
  { role: 'rdgw', services: [443], os: 'ws2019' },
  { role: 'web-dmz', services: [443, 80], os: 'ws2019' },
  { role: 'sftp', services: [22], os: 'ws2022' },
  { role: 'mail', services: [25, 443], os: 'ws2019' },
  { role: 'adfs-proxy', services: [443], os: 'ws2022' },
  { role: 'portal', services: [443, 80], os: 'ws2025' },
];

const SERVER_ROLES: readonly { role: string; os: string; weight: number }[] = [
  { role: 'dc', os: 'ws2022', weight: 2 },
  { role: 'file', os: 'ws2019', weight: 3 },
  { role: 'sql-prod', os: 'ws2022', weight: 3 },
  { role: 'sccm', os: 'ws2022', weight: 1 },
  { role: 'app-int', os: 'ws2019', weight: 5 },
  { role: 'print', os: 'ws2019', weight: 1 },
  { role: 'ca', os: 'ws2022', weight: 1 },
];

const SITES = [
  { code: 'lon', net: 10, egress: '198.51.100.10' },
  { code: 'nyc', net: 11, egress: '198.51.100.20' },
  { code: 'sin', net: 12, egress: '198.51.100.30' },
];

const FIRST = ['alex', 'maria', 'john', 'priya', 'wei', 'fatima', 'lukas', 'sofia', 'omar', 'emma', 'kenji', 'ana', 'david', 'chloe', 'ivan', 'leila', 'tom', 'nina', 'raj', 'zoe'];
const LAST = ['morgan', 'garcia', 'smith', 'patel', 'chen', 'khan', 'muller', 'rossi', 'haddad', 'jones', 'sato', 'silva', 'brown', 'martin', 'petrov', 'nasser', 'baker', 'novak', 'iyer', 'clark'];

export interface Fleet {
  devices: Device[];
  facing: Device[]; // tagged in the last hour
  stale: Device;
  bastion: Device;
  sensors: Device[]; // onboarded devices that report network events
  byRole: Map<string, Device[]>;
}

function buildFleet(nDevices: number, rng: Rng, clock: Clock): Fleet {
  const domainSid = `S-1-5-21-${rng.int(1_000_000_000, 2_000_000_000)}-${rng.int(1_000_000_000, 2_000_000_000)}-${rng.int(100_000_000, 999_999_999)}`;
  const devices: Device[] = [];
  const usedIds = new Set<string>();
  const roleCount = new Map<string, number>();
  const hostIp = new Map<string, number>();

  const nextName = (role: string, width: number): string => {
    const n = (roleCount.get(role) ?? 0) + 1;
    roleCount.set(role, n);
    return `${role}-${String(n).padStart(width, '0')}`;
  };
  // Sequential host numbers (with small random gaps) in x.y.z.10-249, rolling over into the next /24.
  const nextIp = (prefix: string): string => {
    const n = (hostIp.get(prefix) ?? -1) + 1 + rng.int(0, 2);
    hostIp.set(prefix, n);
    const [a, b, c] = prefix.split('.').map(Number) as [number, number, number];
    return `${a}.${b}.${c + Math.floor(n / 240)}.${10 + (n % 240)}`;
  };

  const add = (kind: DeviceKind, role: string, shortName: string, os: OsInfo, localIp: string, publicIp: string): Device => {
    let id: string;
    do id = rng.hex(40); while (usedIds.has(id));
    usedIds.add(id);
    const onboarded = kind !== 'discovered';
    const d: Device = {
      index: devices.length, id, name: `${shortName}.contoso.com`, kind, role, os, localIp, localIp6: null, publicIp, services: [],
      taggedForHours: 0, goneHoursAgo: 0, ifReason: '', user: null,
      bootMs: clock.nowMs - rng.int(2, 30) * DAY_MS / 2 - rng.int(0, DAY_MS / 2),
      netReportId: rng.int(1_000, 900_000), infoReportId: rng.int(100, 90_000), procs: new Map(),
      aadDeviceId: onboarded && os.family.startsWith('win') ? rng.guid() : null,
      machineGroup: 'UnassignedGroup',
      reportPhaseMs: rng.int(2 * MIN_MS, 57 * MIN_MS) + rng.int(0, 999),
      uniqueSeq: 0,
    };
    devices.push(d);
    return d;
  };

  // Internet-facing Windows servers: 10% of the fleet, at least 3.
  const nFacing = Math.max(3, Math.round(nDevices * 0.1));
  for (let i = 0; i < nFacing; i++) {
    const spec = IF_ROLES[i % IF_ROLES.length]!;
    const d = add('if-server', spec.role, nextName(spec.role, 2), OS[spec.os]!, nextIp('172.16.10'), `203.0.113.${10 + i}`);
    d.services = spec.services.slice();
    // Most were tagged before the window; a few got tagged during the day (new exposure).
    d.taggedForHours = i % 7 === 5 ? rng.int(3, 9) : 48;
    d.ifReason = i % 3 === 2 ? 'ExternalNetworkConnection' : 'PublicScan';
    d.machineGroup = 'Servers - DMZ';
  }
  // The first internet-facing server also has a global IPv6 address (target of the IPv6 scanner).
  devices[0]!.localIp6 = '2001:db8:4a2:10::15';

  const stale = add('stale-server', 'web-legacy', nextName('web-legacy', 2), OS.ws2019!, nextIp('172.16.10'), '203.0.113.251');
  stale.services = [443, 80];
  stale.taggedForHours = 48;
  stale.goneHoursAgo = 3;
  stale.ifReason = 'PublicScan';
  stale.machineGroup = 'Servers - DMZ';

  const bastion = add('bastion', 'bastion', nextName('bastion', 2), OS.ubuntu!, '172.16.10.250', '203.0.113.252');
  bastion.services = [22];
  bastion.machineGroup = 'Servers - DMZ';

  // The rest: internal servers, Linux, workstations, macs and a few discovered (not onboarded) devices.
  const serverPicker = new WeightedPicker(SERVER_ROLES, SERVER_ROLES.map((r) => r.weight));
  const rest = Math.max(0, nDevices - devices.length);
  const ensureRoles = ['dc', 'file', 'sql-prod', 'sccm', 'app-int'];
  for (let i = 0; i < rest; i++) {
    const x = rng.next();
    const site = SITES[i % SITES.length]!;
    if (i < ensureRoles.length || x < 0.13) {
      const role = i < ensureRoles.length ? ensureRoles[i]! : serverPicker.pick(rng).role;
      const osKey = SERVER_ROLES.find((r) => r.role === role)!.os;
      const d = add('server', role, nextName(role, 2), OS[osKey]!, nextIp('10.1.20'), site.egress);
      d.machineGroup = 'Servers - Internal';
    } else if (x < 0.2 || (i >= ensureRoles.length && i < ensureRoles.length + 2)) {
      const role = rng.chance(0.6) ? 'k8s-node' : 'build';
      const d = add('linux', role, nextName(role, 2), rng.chance(0.7) ? OS.ubuntu! : OS.rhel!, nextIp('10.1.30'), site.egress);
      d.machineGroup = 'Servers - Linux';
    } else if (x < 0.25) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const d = add('mac', 'mac', `mbp-${first[0]}${last}-${rng.int(10, 99)}`, OS.macos!, nextIp(`10.${site.net}.40`), site.egress);
      d.user = { name: `${first[0]}${last}`, sid: '', upn: `${first}.${last}@contoso.com`, objectId: rng.guid() };
    } else if (x < 0.28) {
      const printer = rng.chance(0.6);
      const role = printer ? `npi${site.code}` : `sw-${site.code}`;
      add('discovered', printer ? 'printer' : 'switch', nextName(role, 2), OS.ubuntu!, nextIp(`10.${site.net}.1`), site.egress);
    } else {
      const laptop = rng.chance(0.55);
      const osKey = rng.weighted(['win11', 'win11b', 'win10'], [5, 3, 2]);
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const name = nextName(`${laptop ? 'lt' : 'ws'}-${site.code}`, 4);
      // Some laptops work from home over the VPN and report their home router's address.
      const localIp = laptop && rng.chance(0.2) ? `192.168.${rng.pick([0, 1, 1, 8, 178])}.${rng.int(2, 250)}` : nextIp(`10.${site.net}.40`);
      const d = add('workstation', 'workstation', name, OS[osKey]!, localIp, laptop && localIp.startsWith('192.168') ? randomPublicIp(rng) : site.egress);
      const account = `${first[0]}${last}`;
      d.user = { name: account, sid: `${domainSid}-${rng.int(1100, 9999)}`, upn: `${first}.${last}@contoso.com`, objectId: rng.guid() };
    }
  }

  const facing = devices.filter((d) => d.kind === 'if-server');
  const sensors = devices.filter((d) => d.kind !== 'discovered');
  const byRole = new Map<string, Device[]>();
  for (const d of devices) {
    const list = byRole.get(d.role) ?? [];
    list.push(d);
    byRole.set(d.role, list);
  }
  return { devices, facing, stale, bastion, sensors, byRole };
}

export function procOf(dev: Device, key: string, rng: Rng, clock: Clock): ProcInstance {
  const hit = dev.procs.get(key);
  if (hit) return hit;
  const p: ProcProfile = PROCS[key]!;
  const isUser = p.account === 'user';
  const userName = dev.user?.name ?? 'svc_app';
  const folder = p.folder.replace('{user}', userName);
  const cmd = p.cmd.replace('{user}', userName);
  const created = isUser ? Math.max(dev.bootMs, clock.nowMs - rng.int(1, 20) * HOUR_MS) + rng.int(0, HOUR_MS) : dev.bootMs + rng.int(5_000, 120_000);
  const isKernel = key === 'system';
  let domain: string | null;
  let account: string | null;
  let sid: string | null;
  const win = dev.os.family.startsWith('win');
  if (p.account === 'user' && dev.user) {
    domain = win ? 'contoso' : dev.name.split('.')[0]!;
    account = dev.user.name;
    sid = win ? dev.user.sid : null;
  } else if (p.account === 'network service') {
    domain = 'nt authority'; account = 'network service'; sid = 'S-1-5-20';
  } else if (p.account === 'local service') {
    domain = 'nt authority'; account = 'local service'; sid = 'S-1-5-19';
  } else if (win) {
    domain = 'nt authority'; account = 'system'; sid = 'S-1-5-18';
  } else {
    domain = dev.name.split('.')[0]!; account = 'root'; sid = null;
  }
  const inst: ProcInstance = {
    file: p.file,
    folder: folder || null,
    sha1: isKernel ? null : rng.hex(40),
    sha256: null, // "usually not populated" per the schema
    md5: isKernel ? null : rng.hex(32),
    size: isKernel ? null : p.size,
    company: p.company,
    product: p.product,
    version: p.version,
    internal: p.internal,
    original: p.original,
    description: p.description,
    pid: isKernel ? 4 : win ? rng.int(100, 12_000) * 4 : rng.int(300, 400_000),
    cmd: cmd || null,
    created: clock.formatMs(isKernel ? dev.bootMs : created, rng),
    parentFile: p.parent || null,
    parentPid: isKernel ? 0 : win ? rng.int(100, 1_500) * 4 : rng.int(1, 5_000),
    parentCreated: clock.formatMs(isKernel ? dev.bootMs : Math.max(dev.bootMs, created - rng.int(1_000, 3 * HOUR_MS)), rng),
    domain,
    account,
    sid,
    upn: isUser && dev.user ? dev.user.upn : null,
    objectId: isUser && dev.user ? dev.user.objectId : null,
    integrity: win ? (isUser ? 'Medium' : 'System') : null,
    elevation: win ? (isUser ? 'TokenElevationTypeLimited' : 'TokenElevationTypeDefault') : null,
    sessionId: win ? (isUser ? rng.int(1, 3) : 0) : null,
    remoteSession: win ? false : null,
    uniqueId: processUniqueId(dev),
  };
  dev.procs.set(key, inst);
  return inst;
}

/** Defender's ProcessUniqueId is a device-scoped number, written as a string. */
export function processUniqueId(dev: Device): string {
  return String((dev.index + 1) * 1_000_000_000 + 4_000_000 + ++dev.uniqueSeq);
}

// ---------------------------------------------------------------------------------------------------------------
// DeviceNetworkEvents

class NetEvents {
  readonly rows: Row[] = [];
  readonly ticks: number[] = [];
  readonly devOf: number[] = [];

  add(
    t: number, dev: Device, action: string, localIp: string, localPort: number, remoteIp: string, remotePort: number,
    remoteUrl: string, protocol: string, localType: string, remoteType: string, p: ProcInstance, additional: string | null,
  ): void {
    this.ticks.push(t);
    this.devOf.push(dev.index);
    // One literal in schema order: every row has the same hidden class, which keeps 300k rows cheap.
    this.rows.push({
      Timestamp: '',
      TimeGenerated: '',
      DeviceId: dev.id,
      DeviceName: dev.name,
      ActionType: action,
      RemoteIP: remoteIp,
      RemotePort: remotePort,
      RemoteUrl: remoteUrl,
      LocalIP: localIp,
      LocalPort: localPort,
      Protocol: protocol,
      LocalIPType: localType,
      RemoteIPType: remoteType,
      InitiatingProcessSHA1: p.sha1,
      InitiatingProcessSHA256: p.sha256,
      InitiatingProcessMD5: p.md5,
      InitiatingProcessFileName: p.file,
      InitiatingProcessFileSize: p.size,
      InitiatingProcessVersionInfoCompanyName: p.company,
      InitiatingProcessVersionInfoProductName: p.product,
      InitiatingProcessVersionInfoProductVersion: p.version,
      InitiatingProcessVersionInfoInternalFileName: p.internal,
      InitiatingProcessVersionInfoOriginalFileName: p.original,
      InitiatingProcessVersionInfoFileDescription: p.description,
      InitiatingProcessId: p.pid,
      InitiatingProcessCommandLine: p.cmd,
      InitiatingProcessCreationTime: p.created,
      InitiatingProcessFolderPath: p.folder,
      InitiatingProcessParentFileName: p.parentFile,
      InitiatingProcessParentId: p.parentPid,
      InitiatingProcessParentCreationTime: p.parentCreated,
      InitiatingProcessAccountDomain: p.domain,
      InitiatingProcessAccountName: p.account,
      InitiatingProcessAccountSid: p.sid,
      InitiatingProcessAccountUpn: p.upn,
      InitiatingProcessAccountObjectId: p.objectId,
      InitiatingProcessIntegrityLevel: p.integrity,
      InitiatingProcessTokenElevation: p.elevation,
      ReportId: 0,
      AppGuardContainerId: null,
      AdditionalFields: additional,
      InitiatingProcessSessionId: p.sessionId,
      IsInitiatingProcessRemoteSession: p.remoteSession,
      InitiatingProcessRemoteSessionDeviceName: null,
      InitiatingProcessRemoteSessionIP: null,
      InitiatingProcessUniqueId: p.uniqueId,
    });
  }

  /** Sorts by time, then stamps Timestamp strings and per-device increasing ReportIds. */
  finish(clock: Clock, devices: Device[]): Row[] {
    const n = this.rows.length;
    // Native Float64Array sort on (ticks / 512) * 2^22 + index (exact below 2^53), then an insertion pass that
    // fixes the order inside each 51.2 us bucket: several times faster than a comparator sort over 300k rows.
    if (n >= 1 << 22) throw new Error('generateDemo: too many events (max 4,194,303)');
    const ticks = this.ticks;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = Math.floor(ticks[i]! / 512) * 4_194_304 + i;
    keys.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = keys[i]! % 4_194_304;
    for (let i = 1; i < n; i++) {
      const x = order[i]!;
      const tx = ticks[x]!;
      let j = i - 1;
      while (j >= 0 && (ticks[order[j]!]! > tx || (ticks[order[j]!]! === tx && order[j]! > x))) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = x;
    }
    // All timestamps are written as ASCII into one buffer, decoded once, and sliced per row: one small heap
    // object per row instead of a chain of concatenated strings (the garbage collector dominated the run time).
    const W = 28; // "YYYY-MM-DDTHH:MM:SS.fffffffZ"
    const buf = new Uint8Array(n * W);
    let lastMinute = Number.NaN;
    const prefix = new Uint8Array(17);
    for (let i = 0; i < n; i++) {
      const t = ticks[order[i]!]!;
      const msInWindow = Math.floor(t / TICKS_PER_MS);
      const ms = clock.startMs + msInWindow;
      const minute = Math.floor(ms / MIN_MS);
      if (minute !== lastMinute) {
        lastMinute = minute;
        const p = new Date(minute * MIN_MS).toISOString();
        for (let k = 0; k < 17; k++) prefix[k] = p.charCodeAt(k);
      }
      const o = i * W;
      buf.set(prefix, o);
      let rem = ms - minute * MIN_MS; // 0..59999 ms
      const sec = Math.floor(rem / 1000);
      rem -= sec * 1000;
      let sub = t - msInWindow * TICKS_PER_MS; // 0..9999
      buf[o + 17] = 48 + Math.floor(sec / 10);
      buf[o + 18] = 48 + (sec % 10);
      buf[o + 19] = 46; // '.'
      buf[o + 20] = 48 + Math.floor(rem / 100);
      buf[o + 21] = 48 + (Math.floor(rem / 10) % 10);
      buf[o + 22] = 48 + (rem % 10);
      for (let k = 26; k >= 23; k--) {
        buf[o + k] = 48 + (sub % 10);
        sub = Math.floor(sub / 10);
      }
      buf[o + 27] = 90; // 'Z'
    }
    const text = new TextDecoder('latin1').decode(buf);
    const out: Row[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      const row = this.rows[j]!;
      row.Timestamp = row.TimeGenerated = text.slice(i * W, i * W + W);
      row.ReportId = devices[this.devOf[j]!]!.netReportId++;
      out[i] = row;
    }
    return out;
  }
}

/** Inbound SYN as the device-side sensor sees it (dfir.ch example of a device-timeline export). */
const ATTEMPT_FIELDS = '{"direction":"In","Tcp Flags":2}';

function ephemeral(rng: Rng, family: OsFamily): number {
  return family === 'linux' ? rng.int(32_768, 60_999) : rng.int(49_152, 65_535);
}

function clientEphemeral(rng: Rng): number {
  // Internet clients: mostly Linux-ish or Windows ranges.
  return rng.chance(0.5) ? rng.int(32_768, 60_999) : rng.int(49_152, 65_535);
}

/** Diurnal weight of a UTC hour for user traffic (the company works mostly on European time). */
function diurnal(hourUtc: number): number {
  if (hourUtc >= 7 && hourUtc <= 17) return 1;
  if (hourUtc === 6 || hourUtc === 18 || hourUtc === 19) return 0.55;
  return 0.18;
}

interface Ctx {
  rng: Rng;
  clock: Clock;
  fleet: Fleet;
  net: NetEvents;
}

/** An inbound event on a device from a remote address (probe or accepted connection). */
function inbound(ctx: Ctx, t: number, dev: Device, remoteIp: string, localPort: number, action: string, remotePort?: number): void {
  const { rng, clock, net } = ctx;
  const v6 = remoteIp.includes(':');
  const localIp = v6 ? (dev.localIp6 ?? dev.localIp) : dev.localIp;
  let p = NO_PROC;
  if (action === 'InboundConnectionAccepted') p = procOf(dev, listenerProc(dev, localPort), rng, clock);
  net.add(
    t, dev, action, localIp, localPort, remoteIp, remotePort ?? clientEphemeral(rng), '', 'Tcp', ipType(localIp), ipType(remoteIp), p,
    action === 'InboundConnectionAttempt' ? ATTEMPT_FIELDS : null,
  );
}

function listenerProc(dev: Device, port: number): string {
  if (dev.os.family === 'linux') return 'sshdLinux';
  switch (port) {
    case 22: return 'sshd';
    case 25: return 'smtp';
    case 3389: return 'svchostRdp';
    case 1433: return 'sqlservr';
    case 88: case 389: return 'lsass';
    default: return 'system'; // http.sys and SMB listen in the kernel
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Planted actors

function plantActors(ctx: Ctx, usedRemote: Set<string>): void {
  const { rng, clock, fleet } = ctx;
  const f = fleet.facing;
  const at = (msBeforeNow: number): number => clock.ago(msBeforeNow, rng);
  const probe = (t: number, dev: Device, ip: string, port: number, srcPort?: number): void => inbound(ctx, t, dev, ip, port, 'InboundConnectionAttempt', srcPort);
  for (const a of DEMO_ACTORS) usedRemote.add(a.ip);

  // Vertical, masscan-style: 1,000 distinct ports on one server in ~90 s, one fixed source port.
  {
    const ports = distinctPorts(rng, 1000, 1, 10_000);
    const start = 7 * HOUR_MS + 12 * MIN_MS;
    const src = rng.int(40_000, 65_000);
    ports.forEach((port, i) => probe(at(start - (i * 90_000) / ports.length), f[0]!, '218.92.0.107', port, src));
  }
  // Vertical: the top-100 ports on two servers (3 h ago and 25 min ago).
  {
    const top = SCAN_PORTS_TOP.slice(0, 100);
    const targets = [f[1 % f.length]!, f[2 % f.length]!];
    targets.forEach((dev, k) => {
      const start = k === 0 ? 3 * HOUR_MS : 25 * MIN_MS;
      const src = rng.int(40_000, 65_000);
      rng.shuffle(top.slice()).forEach((port, i) => probe(at(start - i * rng.int(50, 400)), dev, '91.240.118.172', port, src));
    });
  }
  // Vertical, nmap-style: 300 random ports on one server 15 h ago.
  {
    const ports = distinctPorts(rng, 300, 1, 65_535);
    const src = rng.int(40_000, 65_000);
    ports.forEach((port, i) => probe(at(15 * HOUR_MS - i * rng.int(20, 200)), f[3 % f.length]!, '89.248.165.88', port, src));
  }
  // Horizontal: 3389 on every internet-facing server (and the one being decommissioned), two passes.
  for (const start of [11 * HOUR_MS + 4 * MIN_MS, 2 * HOUR_MS + 41 * MIN_MS]) {
    [...f, fleet.stale].forEach((dev, i) => {
      const ms = start - i * rng.int(150, 400);
      if (dev.goneHoursAgo * HOUR_MS < ms) probe(at(ms), dev, '185.220.101.34', 3389);
    });
  }
  // Horizontal, census-style: a handful of ports on every internet-facing server; open ports complete.
  {
    const start = 18 * HOUR_MS + 33 * MIN_MS;
    let k = 0;
    for (const port of [22, 80, 443, 8080, 8443]) {
      for (const dev of f) {
        const t = at(start - k++ * rng.int(200, 900));
        inbound(ctx, t, dev, '167.94.138.120', port, dev.services.includes(port) ? 'InboundConnectionAccepted' : 'InboundConnectionAttempt');
      }
    }
  }
  // Horizontal: an SMB sweep.
  f.forEach((dev, i) => probe(at(5 * HOUR_MS + 7 * MIN_MS - i * rng.int(100, 300)), dev, '141.98.10.63', 445));
  // Slow: one probe every 3-9 minutes from 20 h ago to 8 h ago, over three servers.
  for (let ms = 20 * HOUR_MS; ms > 8 * HOUR_MS; ms -= rng.int(3 * MIN_MS, 9 * MIN_MS)) {
    probe(at(ms), f[rng.int(0, Math.min(2, f.length - 1))]!, '177.54.144.22', rng.pick(SCAN_PORTS_TOP.slice(0, 30)));
  }
  // Slow: database ports about every 25 minutes all day, round-robin over the servers.
  {
    let i = 0;
    for (let ms = DAY_MS - 7 * MIN_MS; ms > 5 * MIN_MS; ms -= rng.int(20 * MIN_MS, 30 * MIN_MS)) {
      probe(at(ms), f[i % f.length]!, '14.225.205.50', [1433, 3306, 5432][i % 3]!);
      i++;
    }
  }
  // Benign HTTPS clients: many accepted connections, plus exactly 2 / exactly 3 failed handshakes.
  for (const [ip, fails, dev] of [['81.2.69.160', 2, f[0]!], ['1.128.0.10', 3, f[1 % f.length]!]] as const) {
    const port = dev.services.includes(443) ? 443 : dev.services[0]!;
    for (let i = 0; i < 12; i++) inbound(ctx, at(rng.int(10 * MIN_MS, 23 * HOUR_MS)), dev, ip, port, 'InboundConnectionAccepted');
    for (let i = 0; i < fails; i++) probe(at(rng.int(10 * MIN_MS, 23 * HOUR_MS)), dev, ip, port);
  }
  // IPv6 scanner: 200 ports against the server with a global IPv6 address.
  {
    const dev = fleet.devices[0]!;
    const src = rng.int(40_000, 65_000);
    distinctPorts(rng, 200, 1, 10_000).forEach((port, i) => probe(at(9 * HOUR_MS + 30 * MIN_MS - i * rng.int(100, 500)), dev, '2001:470:1:332::28', port, src));
  }
  // Private sources: an internal vulnerability scanner, a VPN user, a monitoring host in the last /16 of 172.16/12.
  for (const dev of f) {
    for (const port of distinctPorts(rng, 40, 1, 10_000)) probe(at(22 * HOUR_MS - rng.int(0, 40 * MIN_MS)), dev, '10.1.5.20', port);
  }
  const rdgw = fleet.byRole.get('rdgw')?.find((d) => d.kind === 'if-server') ?? f[0]!;
  for (let i = 0; i < 4; i++) probe(at(6 * HOUR_MS - i * 40_000), rdgw, '192.168.1.77', 3389);
  for (let i = 0; i < 5; i++) probe(at(rng.int(10 * MIN_MS, 23 * HOUR_MS)), f[i % f.length]!, '172.31.250.14', 8443);
  // Scans of devices the seed does not consider internet-facing.
  for (let i = 0; i < 40; i++) probe(at(13 * HOUR_MS - i * rng.int(20_000, 60_000)), fleet.bastion, '122.176.43.2', 22);
  const internal = fleet.devices.filter((d) => d.kind === 'server').slice(0, 5);
  internal.forEach((dev, i) => probe(at(12 * HOUR_MS - i * 700), dev, '122.176.43.2', 445));
  for (let i = 0; i < 60; i++) probe(at(10 * HOUR_MS - i * 6 * MIN_MS), fleet.stale, '45.148.10.81', rng.pick(SCAN_PORTS_TOP.slice(0, 40)));
  // Addresses ipv4_is_private calls public although they are not internet sources.
  for (let i = 0; i < 6; i++) probe(at(4 * HOUR_MS - i * 10 * MIN_MS), f[2 % f.length]!, '127.0.0.1', 8081);
  for (let i = 0; i < 5; i++) probe(at(16 * HOUR_MS - i * 30_000), rdgw, '100.72.14.9', 3389);
  for (let i = 0; i < 4; i++) probe(at(rng.int(10 * MIN_MS, 23 * HOUR_MS)), f[i % f.length]!, '172.32.1.9', 443);
}

// ---------------------------------------------------------------------------------------------------------------
// Microsoft's external attack-surface scan

/**
 * Source of Microsoft's external scan. Microsoft does not publish the scanner's addresses; this one is an
 * arbitrary pick, and stays out of the planted and background sources.
 */
export const EASM_SCANNER_IP = '20.171.46.112';

/**
 * InboundInternetScanInspected: "an incoming packet from a Microsoft Defender External Attack Surface Management
 * scan was inspected on the device" (mde/schema.md section 2). The scan is what tags a device "detected by an
 * external scan" (InternetFacingReason PublicScan), so only those devices get it, while tagged and still
 * reporting: each listening port is probed two or three times a day. The AdditionalFields keys PublicScannedIp and
 * PublicScannedPort are the ones community queries read from these rows (Bert-JanP "PublicFacingDeviceScanned",
 * alexverboon "internet-facing devices"); they carry the device's public address and port. Not a probe for the
 * detector (src/detect/stream/probe-event.ts), and not an InboundConnectionAttempt, so the seed query ignores it.
 */
function easmScans(ctx: Ctx): void {
  const { rng, clock, fleet, net } = ctx;
  for (const dev of [...fleet.facing, fleet.stale]) {
    if (dev.ifReason !== 'PublicScan') continue;
    for (const port of dev.services) {
      for (let k = rng.int(2, 3); k > 0; k--) {
        const ms = rng.int(5 * MIN_MS, DAY_MS - 5 * MIN_MS);
        if (ms > dev.taggedForHours * HOUR_MS || ms < dev.goneHoursAgo * HOUR_MS) continue;
        net.add(
          clock.ago(ms, rng), dev, 'InboundInternetScanInspected', dev.localIp, port, EASM_SCANNER_IP, clientEphemeral(rng), '', 'Tcp',
          ipType(dev.localIp), 'Public', NO_PROC, JSON.stringify({ PublicScannedIp: dev.publicIp, PublicScannedPort: port }),
        );
      }
    }
  }
}

function distinctPorts(rng: Rng, n: number, lo: number, hi: number): number[] {
  const set = new Set<number>();
  while (set.size < n) set.add(rng.int(lo, hi));
  return [...set];
}

// ---------------------------------------------------------------------------------------------------------------
// Background traffic

function background(ctx: Ctx, budget: number, usedRemote: Set<string>): void {
  const { rng, clock, fleet, net } = ctx;
  const f = fleet.facing;
  // Window hours in order; weights by UTC hour for user traffic, flat for server / internet traffic.
  const startHour = new Date(clock.startMs).getUTCHours();
  const hourIdx = Array.from({ length: 24 }, (_, i) => i);
  const userHours = new WeightedPicker(hourIdx, hourIdx.map((i) => diurnal((startHour + i) % 24)));
  const HOUR_TICKS = HOUR_MS * TICKS_PER_MS;
  const timeIn = (picker: WeightedPicker<number> | null, dev: Device): number => {
    const h = picker ? picker.pick(rng) : rng.int(0, 23);
    let t = h * HOUR_TICKS + Math.floor(rng.next() * HOUR_TICKS);
    const end = (24 - dev.goneHoursAgo) * HOUR_TICKS;
    if (t >= end) t = Math.floor(rng.next() * end); // a decommissioned device reports nothing after it is gone
    return Math.max(1, t);
  };

  const services = new WeightedPicker(PUBLIC_SERVICES, PUBLIC_SERVICES.map((s) => s.weight));
  const sensors = fleet.sensors;
  // Workstations are chattier than servers; Linux boxes are quiet.
  const sensorPicker = new WeightedPicker(sensors, sensors.map((d) => (d.kind === 'workstation' || d.kind === 'mac' ? 3 : d.kind === 'linux' ? 1 : 1.5)));
  const internalSvc = new WeightedPicker(INTERNAL_SERVICES, INTERNAL_SERVICES.map((s) => s.weight));

  // Public client pool for the exposed services: a Zipf-like popularity so some clients are regulars.
  const clients: string[] = [];
  while (clients.length < 4000) {
    const ip = randomPublicIp(rng);
    if (!usedRemote.has(ip)) { usedRemote.add(ip); clients.push(ip); }
  }
  const clientPicker = new WeightedPicker(clients, clients.map((_, i) => 1 / (1 + i)));
  const scanPorts = new WeightedPicker(SCAN_PORTS_TOP, SCAN_PORT_WEIGHTS);
  const attemptsBy = new Map<string, number>();
  const exposed = [...f, fleet.stale, fleet.bastion]; // the stale server took traffic until it was switched off

  const nOutbound = Math.round(budget * 0.55);
  const nLateral = Math.round(budget * 0.26);
  const nInbound = Math.round(budget * 0.16);
  const nNoise = Math.max(0, budget - nOutbound - nLateral - nInbound);

  // Outbound to public services.
  for (let i = 0; i < nOutbound; i++) {
    const dev = sensorPicker.pick(rng);
    const svc: PublicService = services.pick(rng);
    const userish = dev.kind === 'workstation' || dev.kind === 'mac';
    const t = timeIn(userish ? userHours : null, dev);
    const procs = CLASS_PROCS[svc.cls][dev.os.family];
    const p = procOf(dev, procs[procs.length === 1 ? 0 : rng.int(0, procs.length - 1)]!, rng, clock);
    const remote = svc.ips.length === 1 ? svc.ips[0]! : svc.ips[rng.int(0, svc.ips.length - 1)]!;
    const action = svc.protocol === 'Tcp' && rng.chance(0.03) ? 'ConnectionFailed' : 'ConnectionSuccess';
    net.add(t, dev, action, dev.localIp, ephemeral(rng, dev.os.family), remote, svc.port, svc.url, svc.protocol, ipType(dev.localIp), 'Public', p, null);
  }

  // Lateral traffic between private addresses: the client's ConnectionSuccess and, usually, the server's
  // InboundConnectionAccepted for the same connection; a few are blocked (InboundConnectionAttempt).
  for (let i = 0; i < nLateral; ) {
    const svc = internalSvc.pick(rng);
    const servers = fleet.byRole.get(svc.role);
    if (!servers || servers.length === 0) { i++; continue; }
    const server = servers[rng.int(0, servers.length - 1)]!;
    const client = sensorPicker.pick(rng);
    const clientProcKey = svc.clientProc[client.os.family];
    if (!clientProcKey || client === server) continue;
    const t = timeIn(client.kind === 'workstation' || client.kind === 'mac' ? userHours : null, client);
    const src = ephemeral(rng, client.os.family);
    const blocked = rng.chance(0.02);
    net.add(t, client, blocked ? 'ConnectionFailed' : 'ConnectionSuccess', client.localIp, src, server.localIp, svc.port, '', svc.protocol, ipType(client.localIp), 'Private', procOf(client, clientProcKey, rng, clock), null);
    i++;
    if (i < nLateral && rng.chance(0.8)) {
      const t2 = t + rng.int(1_000, 40_000); // the server sees it a few ms later
      if (blocked) net.add(t2, server, 'InboundConnectionAttempt', server.localIp, svc.port, client.localIp, src, '', svc.protocol, 'Private', ipType(client.localIp), NO_PROC, ATTEMPT_FIELDS);
      else net.add(t2, server, 'InboundConnectionAccepted', server.localIp, svc.port, client.localIp, src, '', svc.protocol, 'Private', ipType(client.localIp), procOf(server, svc.serverProc, rng, clock), null);
      i++;
    }
  }

  // Inbound connections from public clients to the exposed services.
  for (let i = 0; i < nInbound; i++) {
    const dev = exposed[rng.int(0, exposed.length - 1)]!;
    const port = dev.services[rng.int(0, dev.services.length - 1)]!;
    inbound(ctx, timeIn(userHours, dev), dev, clientPicker.pick(rng), port, 'InboundConnectionAccepted');
  }

  // Internet background radiation: many sources, each with at most 2 attempts (so none reaches the threshold).
  for (let i = 0; i < nNoise; i++) {
    let ip: string;
    if (rng.chance(0.15)) {
      ip = clientPicker.pick(rng); // a real client whose handshake failed
    } else {
      do ip = randomPublicIp(rng); while (usedRemote.has(ip) && !attemptsBy.has(ip));
      usedRemote.add(ip);
    }
    const seen = attemptsBy.get(ip) ?? 0;
    if (seen >= 2) { i--; continue; }
    attemptsBy.set(ip, seen + 1);
    const dev = rng.chance(0.9) ? f[rng.int(0, f.length - 1)]! : fleet.bastion;
    inbound(ctx, timeIn(null, dev), dev, ip, scanPorts.pick(rng), 'InboundConnectionAttempt');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// DeviceInfo

function deviceInfoRows(fleet: Fleet, rng: Rng, clock: Clock): Row[] {
  const rows: { t: number; row: Row }[] = [];
  for (const d of fleet.devices) {
    const onboarded = d.kind !== 'discovered';
    const server = d.kind === 'if-server' || d.kind === 'stale-server' || d.kind === 'server' || d.kind === 'bastion' || d.kind === 'linux';
    const win = d.os.family.startsWith('win');
    const loggedOn = d.user && win ? JSON.stringify([{ UserName: d.user.name, DomainName: 'CONTOSO', Sid: d.user.sid }]) : '[]';
    const manualTags = d.kind === 'if-server' || d.kind === 'stale-server' || d.kind === 'bastion' ? '["DMZ"]' : '[]';
    const exposure = d.kind === 'if-server' ? (d.index % 3 === 0 ? 'High' : 'Medium') : onboarded ? (rng.chance(0.2) ? 'Medium' : 'Low') : null;
    const discoveredPrinter = d.role === 'printer';
    const base: Row = {
      Timestamp: '',
      TimeGenerated: '',
      DeviceId: d.id,
      DeviceName: d.name,
      ClientVersion: onboarded ? d.os.clientVersion : null,
      PublicIP: d.publicIp,
      OSArchitecture: onboarded ? (d.os.family === 'mac' ? 'arm64' : '64-bit') : null,
      OSPlatform: onboarded ? d.os.platform : null,
      OSBuild: onboarded ? d.os.build : null,
      IsAzureADJoined: onboarded ? d.kind === 'workstation' : null,
      JoinType: onboarded ? (win ? (d.kind === 'workstation' ? 'Hybrid Azure AD Join' : 'Domain Joined') : null) : null,
      AadDeviceId: d.aadDeviceId,
      LoggedOnUsers: onboarded ? loggedOn : null,
      RegistryDeviceTag: d.kind === 'if-server' ? 'DMZ' : null,
      OSVersion: onboarded ? d.os.version : null,
      MachineGroup: d.machineGroup,
      ReportId: 0,
      OnboardingStatus: onboarded ? 'Onboarded' : 'Unsupported',
      AdditionalFields: null as string | null,
      DeviceCategory: onboarded ? 'Endpoint' : discoveredPrinter ? 'IoT' : 'Network device',
      DeviceType: onboarded ? (server ? 'Server' : 'Workstation') : discoveredPrinter ? 'Printer' : 'NetworkDevice',
      DeviceSubtype: null,
      Model: onboarded ? null : discoveredPrinter ? 'LaserJet Enterprise M507' : 'Catalyst 9300',
      Vendor: onboarded ? null : discoveredPrinter ? 'HP' : 'Cisco',
      OSDistribution: onboarded ? d.os.distribution : null,
      OSVersionInfo: onboarded ? d.os.versionInfo : null,
      MergedDeviceIds: null,
      MergedToDeviceId: null,
      IsInternetFacing: false,
      SensorHealthState: onboarded ? 'Active' : null,
      IsExcluded: false,
      ExclusionReason: null,
      ExposureLevel: exposure,
      AssetValue: d.kind === 'if-server' && d.index % 4 === 0 ? 'High' : 'Normal',
      DeviceManualTags: manualTags,
      DeviceDynamicTags: '[]',
      ConnectivityType: onboarded ? (win ? 'Streamlined' : 'Standard') : null,
      HostDeviceId: null,
      AzureResourceId: null,
      AwsResourceName: null,
      GcpFullResourceName: null,
      // Columns Microsoft added in 2025-2026; derived from the device without random draws.
      HardwareUuid: onboarded ? `${d.id.slice(0, 8)}-${d.id.slice(8, 12)}-${d.id.slice(12, 16)}-${d.id.slice(16, 20)}-${d.id.slice(20, 32)}` : null,
      CloudPlatforms: null,
      AzureVmId: null,
      AzureVmSubscriptionId: null,
      IsTransient: onboarded ? false : null,
      OsBuildRevision: onboarded && win ? d.os.clientVersion.split('.').at(-1)! : null,
      MitigationStatus: null,
      Site: null,
      DiscoverySources: onboarded ? null : '["NetworkScan"]',
      DeviceRoles: d.role === 'dc' ? '["DomainController"]' : d.role === 'file' ? '["FileServer"]' : d.role === 'sql-prod' ? '["SqlServer"]' : null,
      DlpInfo: null,
    };
    // Complete reports every hour (discovered devices: every 4 h), the newest `reportPhaseMs` before now.
    const step = onboarded ? 1 : 4;
    for (let k = d.goneHoursAgo; k < 24; k += step) {
      const msBefore = k * HOUR_MS + d.reportPhaseMs + rng.int(-20_000, 20_000);
      const t = clock.ago(msBefore, rng);
      const row: Row = { ...base };
      row.Timestamp = row.TimeGenerated = clock.format(t);
      row.ReportId = d.infoReportId++;
      if (d.taggedForHours > 0 && msBefore < d.taggedForHours * HOUR_MS) {
        row.IsInternetFacing = true;
        const port = d.services[0]!;
        // Key names and order as in Microsoft's internet-facing query; reason values as seen in public KQL.
        row.AdditionalFields = JSON.stringify({
          InternetFacingReason: d.ifReason,
          InternetFacingLocalPort: port,
          InternetFacingPublicScannedPort: port,
          InternetFacingPublicScannedIp: d.publicIp,
          InternetFacingLocalIp: d.localIp,
          InternetFacingTransportProtocol: 'TCP',
          InternetFacingLastSeen: clock.format(t - rng.int(1, 50) * MIN_MS * TICKS_PER_MS), // may precede the window
        });
      }
      rows.push({ t, row });
    }
  }
  rows.sort((a, b) => a.t - b.t);
  return rows.map((r) => r.row);
}

// ---------------------------------------------------------------------------------------------------------------
// Vulnerability management

function tvmTables(fleet: Fleet, rng: Rng, clock: Clock): Record<string, Row[]> {
  const vulns: Row[] = [];
  const used = new Set<string>();
  const vulnRow = (d: Device, cveIdx: number): void => {
    const c = CVES[cveIdx]!;
    used.add(c.cve);
    const osSoftware = c.software === 'os';
    vulns.push({
      DeviceId: d.id,
      DeviceName: d.name,
      OSPlatform: d.os.platform,
      OSVersion: d.os.version,
      OSArchitecture: '64-bit',
      SoftwareVendor: c.vendor,
      SoftwareName: osSoftware ? d.os.platform.replace(/^WindowsServer(\d+)$/, 'windows_server_$1') : c.software,
      SoftwareVersion: c.version ?? `10.0.${d.os.build}.${rng.int(1000, 2800)}`,
      CveId: c.cve,
      VulnerabilitySeverityLevel: c.severity,
      RecommendedSecurityUpdate: c.update,
      RecommendedSecurityUpdateId: c.updateId,
      CveTags: [...c.tags],
    });
  };
  const serverCves = CVES.map((c, i) => ({ c, i })).filter((x) => x.c.appliesTo === 'win-server');
  fleet.facing.forEach((d, k) => {
    // Every other internet-facing server misses a critical update; all miss the medium one.
    if (k % 2 === 0) vulnRow(d, serverCves[(k / 2) % 3]!.i);
    if (k % 4 === 0) vulnRow(d, serverCves[3]!.i);
    vulnRow(d, serverCves[4]!.i);
  });
  vulnRow(fleet.bastion, CVES.findIndex((c) => c.cve === 'CVE-2024-6387'));
  const chrome = CVES.findIndex((c) => c.cve === 'CVE-2024-7971');
  fleet.devices.filter((d) => d.kind === 'workstation').slice(0, 12).forEach((d) => vulnRow(d, chrome));

  const assessedAt = clock.ago(5 * HOUR_MS + rng.int(0, 30 * MIN_MS), rng);
  const config: Row[] = [];
  const windows = fleet.devices.filter((d) => d.kind !== 'discovered' && d.os.family.startsWith('win'));
  for (const d of windows) {
    const facing = d.kind === 'if-server';
    if (!facing && !rng.chance(0.3)) continue; // a sample of the rest
    const fi = fleet.facing.indexOf(d);
    for (const s of FIREWALL_SCIDS) {
      if (s.id !== 'scid-2070' && s.id !== 'scid-2073') continue;
      // Planted: facing[2] has the firewall off; facing[4] has an insecure public profile.
      let compliant = !rng.chance(0.05);
      if (facing) compliant = !(fi === 2 || (fi === 4 && s.id === 'scid-2073'));
      const ts = clock.format(assessedAt + rng.int(0, 600) * TICKS_PER_MS * 1000);
      config.push({
        DeviceId: d.id,
        DeviceName: d.name,
        OSPlatform: d.os.platform,
        Timestamp: ts,
        TimeGenerated: ts,
        ConfigurationId: s.id,
        ConfigurationCategory: 'Security controls',
        ConfigurationSubcategory: 'Firewall',
        ConfigurationImpact: s.impact,
        IsCompliant: compliant,
        IsApplicable: true,
        Context: compliant ? [] : [[s.id === 'scid-2070' ? 'EnableFirewall' : 'PublicProfile', '0']],
        IsExpectedUserImpact: s.id === 'scid-2070',
      });
    }
  }

  const kb: Row[] = CVES.filter((c) => used.has(c.cve)).map((c) => ({
    CveId: c.cve,
    CvssScore: c.cvss,
    IsExploitAvailable: c.exploit,
    VulnerabilitySeverityLevel: c.severity,
    LastModifiedTime: isoFromMs(Date.parse('2025-06-02T00:00:00Z') + rng.int(0, 120) * DAY_MS + rng.int(0, DAY_MS - 1), rng.int(0, 9999)),
    PublishedDate: `${c.published}T00:00:00.0000000Z`,
    VulnerabilityDescription: c.description,
    AffectedSoftware: [c.software === 'os' ? 'windows_server' : c.software],
  }));
  const scidKb: Row[] = FIREWALL_SCIDS.map((s) => ({
    ConfigurationId: s.id,
    ConfigurationImpact: s.impact,
    ConfigurationName: s.name,
    ConfigurationDescription: s.description,
    RiskDescription: 'An attacker can reach services that the firewall would otherwise block.',
    ConfigurationCategory: 'Security controls',
    ConfigurationSubcategory: 'Firewall',
    ConfigurationBenchmarks: [],
    Tags: ['Firewall'],
    RemediationOptions: 'Turn on and configure Microsoft Defender Firewall through Group Policy or Intune.',
  }));
  return {
    DeviceTvmSoftwareVulnerabilities: vulns,
    DeviceTvmSoftwareVulnerabilitiesKB: kb,
    DeviceTvmSecureConfigurationAssessment: config,
    DeviceTvmSecureConfigurationAssessmentKB: scidKb,
  };
}

// ---------------------------------------------------------------------------------------------------------------

export function generateDemo(opts: DemoOptions = {}): DemoData {
  const seed = opts.seed ?? DEFAULT_SEED;
  const nDevices = Math.max(12, Math.floor(opts.devices ?? DEFAULT_DEVICES));
  // The address plan (203.0.113.0/24 for the DMZ NAT, /24s rolling over inside 10.x) holds 2,000 devices.
  if (nDevices > 2000) throw new Error('generateDemo: at most 2,000 devices');
  const nEvents = Math.max(0, Math.floor(opts.events ?? DEFAULT_EVENTS));
  const scale = opts.scale ?? 1;
  if (!Number.isFinite(scale) || scale < 0 || scale > 20) throw new Error('generateDemo: scale must be between 0 and 20');
  const clock = new Clock(opts.now ?? DEFAULT_NOW);
  const root = new Rng(seed);
  const fleet = buildFleet(nDevices, root.fork('fleet'), clock);
  const net = new NetEvents();
  const usedRemote = new Set<string>();
  const ctx: Ctx = { rng: root.fork('actors'), clock, fleet, net };
  plantActors(ctx, usedRemote);
  usedRemote.add(EASM_SCANNER_IP);
  easmScans({ ...ctx, rng: root.fork('easm') });
  const budget = Math.max(0, nEvents - net.rows.length);
  background({ ...ctx, rng: root.fork('background') }, budget, usedRemote);

  const tvm = tvmTables(fleet, root.fork('tvm'), clock);
  const tables: Record<string, Row[]> = {
    DeviceInfo: deviceInfoRows(fleet, root.fork('deviceinfo'), clock),
    DeviceNetworkEvents: net.finish(clock, fleet.devices),
    ...tvm,
    DeviceTvmInfoGathering: infoGatheringRows(fleet, root.fork('infogathering'), clock),
  };
  // The endpoint tables come last and draw from their own stream, so the tables above do not depend on them.
  const endpoint = endpointTables({ rng: root.fork('endpoint'), clock, fleet, seed, procOf, uniqueId: processUniqueId }, scale);
  // Tables both sides write (the TVM ones) keep generate.ts's rows first and get the endpoint rows appended.
  for (const [name, rows] of Object.entries(endpoint)) tables[name] = tables[name] ? tables[name]!.concat(rows) : rows;
  return { now: isoFromMs(clock.nowMs, 0), tables };
}
