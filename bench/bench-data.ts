/**
 * Deterministic synthetic telemetry for the seed-detection benchmark, generated straight into columns.
 *
 * Strings are generated as dictionary codes (Int32Array) plus a small dictionary of distinct values, which is both
 * the engine's own storage form (DictVector) and cheap to hand to DuckDB (codes + dictionary tables, joined there).
 * So edgewatch's tables are zero-copy views of these arrays and DuckDB receives exactly the same values.
 *
 * Shape (per the bench issue): N DeviceNetworkEvents over the 24 h before `now`, ~1,000 devices (40-hex ids), 10% of
 * them internet facing according to DeviceInfo rows of the last hour, ~30% InboundConnectionAttempt, RemoteIP
 * drawn from ~100,000 distinct addresses (public IPv4, RFC 1918 ranges, 172.x around the 172.16/12 edges, IPv6),
 * with a few thousand "scanner" addresses that take a fifth of the inbound attempts so the detection finds both
 * heavy hitters and the Poisson tail around the `>= 3` threshold.
 */
import { Table, type Field, type Schema } from '../src/kql/data/batch.js';
import type { KType } from '../src/kql/data/types.js';
import { DictVector, FlatVector, type Vector } from '../src/kql/data/vector.js';
import { getTable } from '../src/telemetry/mde-schema.js';

/** mulberry32 (same generator as src/demo/random.ts, inlined so the hot loops stay monomorphic). */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A dictionary-encoded string column. */
export interface StrCol {
  readonly codes: Int32Array;
  readonly dict: readonly string[];
}

export interface DeviceInfoData {
  readonly n: number;
  /** 100 ns ticks since 1970. */
  readonly timestamp: BigInt64Array;
  readonly deviceId: StrCol;
  readonly deviceName: StrCol;
  readonly isInternetFacing: Uint8Array;
}

export interface NetworkEventsData {
  readonly n: number;
  readonly timestamp: BigInt64Array;
  readonly deviceId: StrCol;
  readonly deviceName: StrCol;
  readonly actionType: StrCol;
  readonly remoteIP: StrCol;
  readonly remotePort: Int32Array;
  readonly localIP: StrCol;
  readonly localPort: Int32Array;
  readonly protocol: StrCol;
}

export interface BenchData {
  /** The pinned clock (ISO) the queries run with. */
  readonly now: string;
  readonly nowTicks: bigint;
  readonly devices: number;
  readonly internetFacing: number;
  readonly info: DeviceInfoData;
  readonly events: NetworkEventsData;
}

export interface GenerateOptions {
  readonly events: number;
  readonly devices?: number;
  readonly distinctIPs?: number;
  readonly seed?: number;
  readonly now?: string;
}

const TICKS_PER_MS = 10_000;
const HOUR_MS = 3_600_000;

const ACTION_TYPES = ['InboundConnectionAttempt', 'ConnectionSuccess', 'InboundConnectionAccepted', 'ConnectionFailed', 'ConnectionAttempt', 'ListeningConnectionCreated', 'ConnectionRequest'];
/** Cumulative weights of ACTION_TYPES (InboundConnectionAttempt ~30%). */
const ACTION_CDF = cdf([30, 35, 12, 10, 6, 4, 3]);
const SERVICE_PORTS = [22, 23, 80, 443, 445, 3389, 8080, 8443, 1433, 3306, 5900, 25, 53, 21];

function cdf(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) out[i] = acc += weights[i] / total;
  return out;
}

function pickCdf(c: Float64Array, u: number): number {
  let i = 0;
  while (i < c.length - 1 && u >= c[i]) i++;
  return i;
}

function hex(rng: Prng, digits: number): string {
  let s = '';
  while (s.length < digits) s += ((rng.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return s.slice(0, digits);
}

/**
 * ~`count` distinct addresses: 60% random public-space IPv4, 10% 172.x.y.z with x over 0..255 (so both sides of
 * 172.16/12 appear), 15% 10/8 and 192.168/16, 15% IPv6. Returns the pool and which entries are public IPv4
 * (candidates for scanners).
 */
function ipPool(rng: Prng, count: number): { ips: string[]; publicV4: number[] } {
  const seen = new Set<string>();
  const ips: string[] = [];
  const publicV4: number[] = [];
  const add = (ip: string, pub: boolean): void => {
    if (seen.has(ip)) return;
    seen.add(ip);
    if (pub) publicV4.push(ips.length);
    ips.push(ip);
  };
  const octet = (): number => rng.below(256);
  while (ips.length < count) {
    const u = rng.next();
    if (u < 0.6) {
      // First octets 1..223 minus 10 and 127: unicast space that geolocates to many countries.
      let a = 1 + rng.below(223);
      if (a === 10 || a === 127) a = 11;
      if (a === 172 || a === 192) a += 1; // those get their own branches below
      add(`${a}.${octet()}.${octet()}.${octet()}`, true);
    } else if (u < 0.7) {
      const b = octet();
      add(`172.${b}.${octet()}.${octet()}`, b < 16 || b > 31);
    } else if (u < 0.85) {
      add(rng.next() < 0.5 ? `10.${octet()}.${octet()}.${octet()}` : `192.168.${octet()}.${octet()}`, false);
    } else {
      const g = (): string => rng.below(65536).toString(16);
      const prefix = rng.next() < 0.5 ? '2001:db8' : `2a0${rng.below(10)}:${g()}`;
      add(`${prefix}:${g()}:${g()}::${g()}`, false);
    }
  }
  return { ips, publicV4 };
}

export function generate(opts: GenerateOptions): BenchData {
  const n = opts.events;
  const nDevices = opts.devices ?? 1000;
  const nIPs = opts.distinctIPs ?? Math.min(100_000, Math.max(1000, Math.floor(n / 5)));
  const seed = opts.seed ?? 20261127;
  const now = opts.now ?? '2026-11-27T12:00:00.000Z';
  const nowMs = Date.parse(now);
  const nowTicks = BigInt(nowMs) * BigInt(TICKS_PER_MS);

  const rng = new Prng(seed);

  // ---- devices
  const deviceIds: string[] = [];
  const deviceNames: string[] = [];
  const ids = new Set<string>();
  while (deviceIds.length < nDevices) {
    const id = hex(rng, 40);
    if (ids.has(id)) continue;
    ids.add(id);
    deviceNames.push(`host-${String(deviceIds.length).padStart(4, '0')}.contoso.local`);
    deviceIds.push(id);
  }
  // 10% internet facing now; another 2% were facing only earlier in the day (dropped by the 1 h window).
  const facingNow = new Uint8Array(nDevices);
  const facingEarlier = new Uint8Array(nDevices);
  for (let d = 0; d < nDevices; d++) {
    const u = rng.next();
    if (u < 0.1) facingNow[d] = 1;
    else if (u < 0.12) facingEarlier[d] = 1;
  }
  let internetFacing = 0;
  for (let d = 0; d < nDevices; d++) internetFacing += facingNow[d];

  // ---- DeviceInfo: one report per device per hour for 24 h; report h is 1..50 min past (now - h hours).
  const infoN = nDevices * 24;
  const infoTs = new BigInt64Array(infoN);
  const infoDev = new Int32Array(infoN);
  const infoFacing = new Uint8Array(infoN);
  let r = 0;
  for (let h = 23; h >= 0; h--) {
    for (let d = 0; d < nDevices; d++) {
      const ms = nowMs - (h + 1) * HOUR_MS + (1 + rng.below(50)) * 60_000 + rng.below(60_000);
      infoTs[r] = BigInt(ms) * 10_000n;
      infoDev[r] = d;
      infoFacing[r] = facingNow[d] || (facingEarlier[d] && h >= 2) ? 1 : 0;
      r++;
    }
  }

  // ---- events
  const { ips, publicV4 } = ipPool(rng, nIPs);
  const nScanners = Math.min(publicV4.length, Math.max(10, Math.floor(nIPs / 50)));
  const scanners = new Int32Array(nScanners);
  for (let k = 0; k < nScanners; k++) scanners[k] = publicV4[rng.below(publicV4.length)];
  const localIPs = deviceIds.map((_, d) => `10.${(d >> 8) & 255}.${d & 255}.${1 + (d % 200)}`);

  const ts = new BigInt64Array(n);
  const dev = new Int32Array(n);
  const act = new Int32Array(n);
  const rip = new Int32Array(n);
  const rport = new Int32Array(n);
  const lport = new Int32Array(n);
  const proto = new Int32Array(n);
  const startMs = nowMs - 24 * HOUR_MS;
  const stepMs = (24 * HOUR_MS) / Math.max(1, n);
  for (let i = 0; i < n; i++) {
    // Time-ordered, as event tables arrive, with sub-step jitter; millisecond precision (DuckDB TIMESTAMP is us).
    ts[i] = BigInt(Math.floor(startMs + i * stepMs + rng.next() * stepMs)) * 10_000n;
    const d = rng.below(nDevices);
    dev[i] = d;
    const a = pickCdf(ACTION_CDF, rng.next());
    act[i] = a;
    const inbound = a === 0 || a === 2;
    rip[i] = inbound && rng.next() < 0.2 ? scanners[rng.below(nScanners)] : rng.below(ips.length);
    const svc = SERVICE_PORTS[rng.below(SERVICE_PORTS.length)];
    const ephemeral = 49152 + rng.below(16384);
    if (inbound) {
      lport[i] = svc;
      rport[i] = ephemeral;
    } else {
      lport[i] = ephemeral;
      rport[i] = svc;
    }
    proto[i] = rng.next() < 0.9 ? 0 : 1;
  }

  return {
    now,
    nowTicks,
    devices: nDevices,
    internetFacing,
    info: {
      n: infoN,
      timestamp: infoTs,
      deviceId: { codes: infoDev, dict: deviceIds },
      deviceName: { codes: infoDev, dict: deviceNames },
      isInternetFacing: infoFacing,
    },
    events: {
      n,
      timestamp: ts,
      deviceId: { codes: dev, dict: deviceIds },
      deviceName: { codes: dev, dict: deviceNames },
      actionType: { codes: act, dict: ACTION_TYPES },
      remoteIP: { codes: rip, dict: ips },
      remotePort: rport,
      localIP: { codes: dev, dict: localIPs },
      localPort: lport,
      protocol: { codes: proto, dict: ['Tcp', 'Udp'] },
    },
  };
}

// ---------------------------------------------------------------------------------------------- engine tables

/**
 * Builds an engine Table with the full Defender column list of `tableName`: the generated columns from `given`,
 * every other column empty (strings: "" through one shared all-zero code array; typed: all null through one shared
 * mask), so the schema is exactly what `createEngine({ schema: 'mde' })` declares.
 */
export function defenderTable(tableName: string, n: number, given: ReadonlyMap<string, Vector>): Table {
  const def = getTable(tableName);
  if (!def) throw new Error(`unknown Defender table ${tableName}`);
  const schema: Schema = def.columns.map((c): Field => ({ name: c.name, type: c.type as KType }));
  for (const name of given.keys()) {
    if (!schema.some((f) => f.name === name)) throw new Error(`${tableName} has no column ${name}`);
  }
  let zeros: Int32Array | null = null;
  let allNull: Uint8Array | null = null;
  const emptyData = new Map<KType, FlatVector['data']>();
  const emptyDict = new FlatVector('string', [''], null);
  const columns = schema.map((f): Vector => {
    const v = given.get(f.name);
    if (v) {
      if (v.type !== f.type) throw new Error(`${tableName}.${f.name}: generated ${v.type}, schema says ${f.type}`);
      return v;
    }
    if (f.type === 'string') return new DictVector('string', (zeros ??= new Int32Array(n)), emptyDict);
    allNull ??= new Uint8Array(n).fill(1);
    let data = emptyData.get(f.type);
    if (!data) {
      data = typedFor(f.type, n);
      emptyData.set(f.type, data);
    }
    return new FlatVector(f.type, data, allNull);
  });
  return new Table(schema, columns, n);
}

function typedFor(type: KType, n: number): FlatVector['data'] {
  switch (type) {
    case 'bool':
      return new Uint8Array(n);
    case 'int':
      return new Int32Array(n);
    case 'real':
      return new Float64Array(n);
    case 'long':
    case 'datetime':
    case 'timespan':
      return new BigInt64Array(n);
    default:
      throw new Error(`bench: no empty column for type ${type}`);
  }
}

function dictVector(c: StrCol): DictVector {
  return new DictVector('string', c.codes, new FlatVector('string', c.dict as string[], null));
}

export function deviceInfoTable(d: DeviceInfoData): Table {
  const ts = new FlatVector('datetime', d.timestamp, null);
  return defenderTable('DeviceInfo', d.n, new Map<string, Vector>([
    ['Timestamp', ts],
    ['TimeGenerated', ts],
    ['DeviceId', dictVector(d.deviceId)],
    ['DeviceName', dictVector(d.deviceName)],
    ['IsInternetFacing', new FlatVector('bool', d.isInternetFacing, null)],
  ]));
}

export function networkEventsTable(e: NetworkEventsData): Table {
  const ts = new FlatVector('datetime', e.timestamp, null);
  return defenderTable('DeviceNetworkEvents', e.n, new Map<string, Vector>([
    ['Timestamp', ts],
    ['TimeGenerated', ts],
    ['DeviceId', dictVector(e.deviceId)],
    ['DeviceName', dictVector(e.deviceName)],
    ['ActionType', dictVector(e.actionType)],
    ['RemoteIP', dictVector(e.remoteIP)],
    ['RemotePort', new FlatVector('int', e.remotePort, null)],
    ['LocalIP', dictVector(e.localIP)],
    ['LocalPort', new FlatVector('int', e.localPort, null)],
    ['Protocol', dictVector(e.protocol)],
  ]));
}

// ---------------------------------------------------------------------------------------------- reference answer

/** Dotted-quad IPv4 text (0..255, no leading zeros) outside 10/8, 172.16/12 and 192.168/16. */
export function isPublicIPv4Text(ip: string): boolean {
  const parts = ip.split('.');
  if (parts.length !== 4) return false;
  const o = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : NaN));
  if (o.some((x) => !(x <= 255))) return false;
  return !(o[0] === 10 || (o[0] === 172 && o[1] >= 16 && o[1] <= 31) || (o[0] === 192 && o[1] === 168));
}

/**
 * The seed's answer computed straight from the generated arrays, as a third opinion that shares no code with either
 * engine: RemoteIP -> Connections for inbound attempts on devices internet facing in the last hour, from public
 * IPv4 addresses, kept when >= 3.
 */
export function referenceSeedResult(d: BenchData): Map<string, number> {
  const since = d.nowTicks - 36_000_000_000n;
  const facing = new Uint8Array(d.info.deviceId.dict.length);
  for (let r = 0; r < d.info.n; r++) {
    if (d.info.isInternetFacing[r] === 1 && d.info.timestamp[r] > since) facing[d.info.deviceId.codes[r]] = 1;
  }
  // Both tables must share one device dictionary for the codes to be comparable.
  if (d.info.deviceId.dict !== d.events.deviceId.dict) throw new Error('bench: DeviceInfo and events use different device dictionaries');
  const ev = d.events;
  const inbound = ev.actionType.dict.indexOf('InboundConnectionAttempt');
  const pub = Uint8Array.from(ev.remoteIP.dict, (ip) => (isPublicIPv4Text(ip) ? 1 : 0));
  const counts = new Int32Array(ev.remoteIP.dict.length);
  for (let i = 0; i < ev.n; i++) {
    const ip = ev.remoteIP.codes[i];
    if (ev.actionType.codes[i] === inbound && facing[ev.deviceId.codes[i]] === 1 && pub[ip] === 1) counts[ip]++;
  }
  const out = new Map<string, number>();
  for (let ip = 0; ip < counts.length; ip++) if (counts[ip] >= 3) out.set(ev.remoteIP.dict[ip], counts[ip]);
  return out;
}
