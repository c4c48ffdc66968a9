/**
 * The endpoint side of the demo: processes, files, registry, image loads, logons and the miscellaneous
 * DeviceEvents of the same fleet and day as the network events, generated as one consistent world:
 * - a process has one pid, creation time and unique id, and the rows it causes in every table name it the same way
 *   (its ProcessCreated row's ProcessId is the InitiatingProcessId of what it does next);
 * - a file has one SHA1 / SHA256 / MD5 (derived from its path and version, so a Windows binary has the same hash
 *   on every device with the same build; the processes the network events already named keep their hashes);
 * - every DeviceId is a device of DeviceInfo, and accounts and SIDs are the fleet's.
 *
 * Rows are built from the Defender schema (src/telemetry/mde-schema.ts): one compiled constructor per table
 * writes every column in schema order, from the event's own fields, the initiating process and (for process
 * and device events) the subject process. generate.ts is imported for types only, so there is no import cycle.
 */
import { Rng } from './random.js';
import type { Clock, Device, Fleet, ProcInstance, Row } from './generate.js';
import { getTable } from '../telemetry/mde-schema.js';
import { DLLS, IMAGES, LOADS, SIGNERS, type DllSpec, type ImageSpec } from './endpoint-catalog.js';

export const HOUR = 3_600_000;
export const MIN = 60_000;
const TPMS = 10_000; // 100 ns ticks per ms
export const DAY_TICKS = 24 * HOUR * TPMS;
export const HOUR_TICKS = HOUR * TPMS;
export const MIN_TICKS = MIN * TPMS;
export const SEC_TICKS = 1000 * TPMS;

/** What generate.ts lends the endpoint generator (passed in, rather than imported, to avoid an import cycle). */
export interface EndpointInput {
  rng: Rng;
  clock: Clock;
  fleet: Fleet;
  seed: number;
  procOf(dev: Device, key: string, rng: Rng, clock: Clock): ProcInstance;
  uniqueId(dev: Device): string;
}

/** A process as the row constructors read it (the Initiating* columns and the subject columns). */
export interface PV {
  dev: Device;
  key: string;
  file: string | null;
  /** Lower-case full path: Defender writes InitiatingProcessFolderPath that way. */
  folder: string | null;
  /** Full path as on disk: FolderPath of the process's own rows. */
  path: string | null;
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
  /** Creation time in window ticks (negative: before the window). */
  t: number;
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
  remoteDevice: string | null;
  remoteIp: string | null;
  logonId: number | null;
  uniqueId: string | null;
  signerType: string | null;
  signatureStatus: string | null;
}

export interface Acct {
  domain: string;
  name: string;
  sid: string | null;
  upn: string | null;
  objectId: string | null;
  logonId: number;
  admin: boolean;
}

export type Fields = Record<string, unknown>;
type Builder = (d: Device | null, f: Fields, i: PV | null, p: PV | null) => Row;

// Columns filled from the initiating process, and (process / device events) from the subject process.
const INIT_MAP: Record<string, keyof PV> = {
  InitiatingProcessSHA1: 'sha1', InitiatingProcessSHA256: 'sha256', InitiatingProcessMD5: 'md5',
  InitiatingProcessFileName: 'file', InitiatingProcessFileSize: 'size',
  InitiatingProcessVersionInfoCompanyName: 'company', InitiatingProcessVersionInfoProductName: 'product',
  InitiatingProcessVersionInfoProductVersion: 'version', InitiatingProcessVersionInfoInternalFileName: 'internal',
  InitiatingProcessVersionInfoOriginalFileName: 'original', InitiatingProcessVersionInfoFileDescription: 'description',
  InitiatingProcessId: 'pid', InitiatingProcessCommandLine: 'cmd', InitiatingProcessCreationTime: 'created',
  InitiatingProcessFolderPath: 'folder', InitiatingProcessParentFileName: 'parentFile', InitiatingProcessParentId: 'parentPid',
  InitiatingProcessParentCreationTime: 'parentCreated', InitiatingProcessAccountDomain: 'domain',
  InitiatingProcessAccountName: 'account', InitiatingProcessAccountSid: 'sid', InitiatingProcessAccountUpn: 'upn',
  InitiatingProcessAccountObjectId: 'objectId', InitiatingProcessIntegrityLevel: 'integrity',
  InitiatingProcessTokenElevation: 'elevation', InitiatingProcessSessionId: 'sessionId',
  IsInitiatingProcessRemoteSession: 'remoteSession', InitiatingProcessRemoteSessionDeviceName: 'remoteDevice',
  InitiatingProcessRemoteSessionIP: 'remoteIp', InitiatingProcessLogonId: 'logonId', InitiatingProcessUniqueId: 'uniqueId',
  InitiatingProcessSignerType: 'signerType', InitiatingProcessSignatureStatus: 'signatureStatus',
};

const SUBJECT_MAP: Record<string, keyof PV> = {
  FileName: 'file', FolderPath: 'path', SHA1: 'sha1', SHA256: 'sha256', MD5: 'md5', FileSize: 'size',
  ProcessVersionInfoCompanyName: 'company', ProcessVersionInfoProductName: 'product',
  ProcessVersionInfoProductVersion: 'version', ProcessVersionInfoInternalFileName: 'internal',
  ProcessVersionInfoOriginalFileName: 'original', ProcessVersionInfoFileDescription: 'description',
  ProcessId: 'pid', ProcessCommandLine: 'cmd', ProcessIntegrityLevel: 'integrity', ProcessTokenElevation: 'elevation',
  ProcessCreationTime: 'created', AccountDomain: 'domain', AccountName: 'account', AccountSid: 'sid',
  AccountUpn: 'upn', AccountObjectId: 'objectId', LogonId: 'logonId', CreatedProcessSessionId: 'sessionId',
  IsProcessRemoteSession: 'remoteSession', ProcessRemoteSessionDeviceName: 'remoteDevice',
  ProcessRemoteSessionIP: 'remoteIp', ProcessUniqueId: 'uniqueId',
};

/** The schema's columns of a table, in order (throws for a table the schema does not know). */
export function columnsOf(table: string): string[] {
  const t = getTable(table);
  if (!t) throw new Error(`demo: table ${table} is not in the Defender schema`);
  return t.columns.map((c) => c.name);
}

/**
 * One object literal per table, compiled from the schema: every row gets exactly the schema's columns in order
 * (and the same hidden class, which keeps 100k rows cheap). A field given in `f` wins over the process columns.
 */
function compile(table: string, subject: boolean): Builder {
  const parts = columnsOf(table).map((c) => {
    const k = JSON.stringify(c);
    if (c === 'Timestamp' || c === 'TimeGenerated') return `${k}: ''`;
    if (c === 'ReportId') return `${k}: f.ReportId !== undefined ? f.ReportId : 0`;
    if (c === 'DeviceId') return `${k}: f.DeviceId !== undefined ? f.DeviceId : (d !== null ? d.id : null)`;
    if (c === 'DeviceName') return `${k}: f.DeviceName !== undefined ? f.DeviceName : (d !== null ? d.name : null)`;
    let dflt = 'null';
    if (INIT_MAP[c]) dflt = `(i !== null ? i.${INIT_MAP[c]} : null)`;
    else if (subject && SUBJECT_MAP[c]) dflt = `(p !== null ? p.${SUBJECT_MAP[c]} : null)`;
    return `${k}: f.${c} !== undefined ? f.${c} : ${dflt}`;
  });
  return new Function('d', 'f', 'i', 'p', `return {${parts.join(',\n')}};`) as Builder;
}

/** Rows of one table, stamped in time order when finished. */
export class Sink {
  readonly rows: Row[] = [];
  readonly ticks: number[] = [];
  readonly devs: (Device | null)[] = [];
  private readonly build: Builder;
  readonly hasTime: boolean;
  readonly hasReportId: boolean;

  /** Event sinks drop what falls outside the window (a follow-up step planned past "now"). */
  window = true;

  constructor(readonly table: string, subject = false) {
    this.build = compile(table, subject);
    const cols = columnsOf(table);
    this.hasTime = cols.includes('Timestamp');
    this.hasReportId = cols.includes('ReportId');
  }

  add(t: number, d: Device | null, f: Fields, i: PV | null = null, p: PV | null = null): Row | null {
    if (this.window && this.hasTime && (t <= 0 || t >= DAY_TICKS)) return null;
    const row = this.build(d, f, i, p);
    this.rows.push(row);
    this.ticks.push(t);
    this.devs.push(d);
    return row;
  }

  get length(): number {
    return this.rows.length;
  }

  /** Sorts by time (stable), then writes Timestamp / TimeGenerated and per-device increasing ReportIds. */
  finish(clock: Clock, reportBase: (d: Device) => number): Row[] {
    const n = this.rows.length;
    const order = Array.from({ length: n }, (_, i) => i);
    const ticks = this.ticks;
    order.sort((a, b) => ticks[a]! - ticks[b]! || a - b);
    const next = new Map<Device, number>();
    const out: Row[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const j = order[k]!;
      const row = this.rows[j]!;
      if (this.hasTime) row.Timestamp = clock.format(ticks[j]!);
      if ('TimeGenerated' in row) row.TimeGenerated = row.Timestamp;
      const d = this.devs[j];
      if (this.hasReportId && d && row.ReportId === 0) {
        const id = next.get(d) ?? reportBase(d);
        row.ReportId = id;
        next.set(d, id + 1 + (k % 3 === 0 ? 1 : 0));
      }
      out[k] = row;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hashes

function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export interface FileId { sha1: string; sha256: string; md5: string }

/** Hashes of a file identified by a key (path and version): the same key, the same hashes. */
export function fileHashes(key: string, seed: number): FileId {
  const r = new Rng(fnv(key, seed));
  return { sha1: r.hex(40), sha256: r.hex(64), md5: r.hex(32) };
}

/** SHA256 for a file whose SHA1 was drawn elsewhere (the network events leave SHA256 empty). */
function sha256For(sha1: string, seed: number): string {
  return new Rng(fnv('sha256:' + sha1, seed)).hex(64);
}

// ---------------------------------------------------------------------------------------------------------------
// Images on a device

export interface Img {
  key: string;
  file: string;
  path: string;
  folder: string;
  sha1: string;
  sha256: string;
  md5: string;
  size: number;
  company: string | null;
  product: string | null;
  version: string | null;
  internal: string | null;
  original: string | null;
  description: string | null;
  signer: string | null;
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(i + 1);
}

export interface DevState {
  dev: Device;
  win: boolean;
  imgs: Map<string, Img>;
  /** Images by catalogue key (a cache in front of imgs, which is keyed by path). */
  byKey: Map<string, Img>;
  /** Files seen on the device, for the certificate table. */
  seen: Map<Img, number>;
  /** Long-lived processes by role (services.exe, the Schedule svchost, explorer of the user session, ...). */
  base: Map<string, PV>;
  user: Acct | null;
  /** Windows devices: the local Administrator (RID 500). */
  localAdmin: Acct | null;
  machineSid: string;
  nextPid: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The world: devices, processes, and one sink per table

export const WELL_KNOWN = {
  system: { domain: 'nt authority', name: 'system', sid: 'S-1-5-18', upn: null, objectId: null, logonId: 999, admin: true },
  network: { domain: 'nt authority', name: 'network service', sid: 'S-1-5-20', upn: null, objectId: null, logonId: 996, admin: false },
  local: { domain: 'nt authority', name: 'local service', sid: 'S-1-5-19', upn: null, objectId: null, logonId: 997, admin: false },
} as const satisfies Record<string, Acct>;

export class World {
  readonly rng: Rng;
  readonly clock: Clock;
  readonly fleet: Fleet;
  readonly seed: number;
  readonly input: EndpointInput;
  readonly domainSid: string;
  readonly states = new Map<Device, DevState>();
  private readonly fromInst = new Map<ProcInstance, PV>();
  private logonSeq = 0x3a0000;

  readonly proc = new Sink('DeviceProcessEvents', true);
  readonly file = new Sink('DeviceFileEvents');
  readonly reg = new Sink('DeviceRegistryEvents');
  readonly logon = new Sink('DeviceLogonEvents');
  readonly image = new Sink('DeviceImageLoadEvents');
  readonly events = new Sink('DeviceEvents', true);

  constructor(input: EndpointInput) {
    this.input = input;
    this.rng = input.rng;
    this.clock = input.clock;
    this.fleet = input.fleet;
    this.seed = input.seed;
    const withSid = this.fleet.devices.find((d) => d.user && d.user.sid.startsWith('S-1-5-21-'));
    this.domainSid = withSid ? withSid.user!.sid.replace(/-\d+$/, '') : 'S-1-5-21-1004336348-1177238915-682003330';
  }

  state(dev: Device): DevState {
    let s = this.states.get(dev);
    if (s) return s;
    const win = dev.os.family.startsWith('win');
    const r = new Rng(fnv(dev.id, this.seed));
    const machineSid = `S-1-5-21-${r.int(1_000_000_000, 4_000_000_000)}-${r.int(1_000_000_000, 4_000_000_000)}-${r.int(1_000_000_000, 4_000_000_000)}`;
    let user: Acct | null = null;
    if (dev.user) {
      user = {
        domain: win ? 'contoso' : dev.name.split('.')[0]!, name: dev.user.name, sid: win ? dev.user.sid : null,
        upn: dev.user.upn, objectId: dev.user.objectId, logonId: this.newLogonId(), admin: false,
      };
    }
    s = {
      dev, win, imgs: new Map(), byKey: new Map(), seen: new Map(), base: new Map(), user,
      localAdmin: win ? { domain: dev.name.split('.')[0]!, name: 'administrator', sid: `${machineSid}-500`, upn: null, objectId: null, logonId: 0, admin: true } : null,
      machineSid, nextPid: 0,
    };
    this.states.set(dev, s);
    // The processes the network events already named keep their hashes here.
    for (const inst of dev.procs.values()) this.imgOfInst(s, inst);
    return s;
  }

  private imgOfInst(s: DevState, inst: ProcInstance): Img | null {
    if (!inst.folder || !inst.sha1) return null;
    const hit = s.imgs.get(inst.folder);
    if (hit) return hit;
    const im: Img = {
      key: inst.folder, file: inst.file!, path: inst.folder, folder: inst.folder, sha1: inst.sha1,
      sha256: sha256For(inst.sha1, this.seed), md5: inst.md5 ?? fileHashes(inst.folder, this.seed).md5, size: inst.size ?? 0,
      company: inst.company, product: inst.product, version: inst.version, internal: inst.internal,
      original: inst.original, description: inst.description,
      signer: inst.company === 'Microsoft Corporation' ? 'microsoft' : inst.company === 'Google LLC' ? 'google' : null,
    };
    s.imgs.set(inst.folder, im);
    return im;
  }

  newLogonId(): number {
    this.logonSeq += 1 + this.rng.int(0, 4000);
    return this.logonSeq;
  }

  /** A program file on a device (catalogued image, or an ad-hoc one given by path). */
  img(dev: Device, key: string, spec?: Partial<ImageSpec> & { path: string }): Img {
    const s = this.state(dev);
    const cached = s.byKey.get(key);
    if (cached) return cached;
    const im = this.resolveImg(s, key, spec);
    s.byKey.set(key, im);
    return im;
  }

  private resolveImg(s: DevState, key: string, spec?: Partial<ImageSpec> & { path: string }): Img {
    const dev = s.dev;
    const cat = IMAGES[key];
    const base: ImageSpec | undefined = spec ? { ...(cat ?? { company: null, product: null, version: null, description: null, original: null, internal: null, size: 100_000, signer: null }), ...spec } as ImageSpec : cat;
    if (!base) {
      // A program of the network catalogue (chrome, outlook, w3wp, ...): the instance the network events named.
      const im = this.imgOfInst(s, this.input.procOf(dev, key, this.rng, this.clock));
      if (!im) throw new Error(`demo: unknown image ${key}`);
      return im;
    }
    const folder = base.path.toLowerCase();
    const hit = s.imgs.get(folder);
    if (hit) return hit;
    const version = base.version === 'os' ? osVersion(dev) : base.version;
    const h = fileHashes(`${folder}|${version ?? ''}|${base.size}`, this.seed);
    const im: Img = {
      key, file: baseName(base.path), path: base.path, folder, sha1: h.sha1, sha256: h.sha256, md5: h.md5, size: base.size,
      company: base.company, product: base.product, version, internal: base.internal, original: base.original,
      description: base.description, signer: base.signer,
    };
    s.imgs.set(folder, im);
    return im;
  }

  dllImg(dev: Device, key: string): Img {
    const d: DllSpec = DLLS[key]!;
    return this.img(dev, 'dll:' + key, {
      path: d.path, company: d.company ?? 'Microsoft Corporation', product: d.company ? null : 'Microsoft\u00ae Windows\u00ae Operating System',
      version: d.signer === 'windows' ? 'os' : null, description: d.description, original: baseName(d.path), internal: baseName(d.path), size: d.size, signer: d.signer,
    });
  }

  /** Wraps a process the network generator created. */
  existing(dev: Device, key: string): PV {
    const inst = this.input.procOf(dev, key, this.rng, this.clock);
    let pv = this.fromInst.get(inst);
    if (pv) return pv;
    const acct = inst.account === 'system' ? WELL_KNOWN.system : inst.account === 'network service' ? WELL_KNOWN.network : inst.account === 'local service' ? WELL_KNOWN.local : null;
    const user = this.state(dev).user;
    pv = {
      dev, key, file: inst.file, folder: inst.folder, path: inst.folder, sha1: inst.sha1,
      sha256: inst.sha1 ? sha256For(inst.sha1, this.seed) : null, md5: inst.md5, size: inst.size, company: inst.company,
      product: inst.product, version: inst.version, internal: inst.internal, original: inst.original,
      description: inst.description, pid: inst.pid, cmd: inst.cmd, created: inst.created,
      t: inst.created ? this.ticksOf(inst.created) : -DAY_TICKS, parentFile: inst.parentFile, parentPid: inst.parentPid,
      parentCreated: inst.parentCreated, domain: inst.domain, account: inst.account, sid: inst.sid, upn: inst.upn,
      objectId: inst.objectId, integrity: inst.integrity, elevation: inst.elevation, sessionId: inst.sessionId,
      remoteSession: inst.remoteSession, remoteDevice: null, remoteIp: null,
      logonId: acct ? acct.logonId : user ? user.logonId : null, uniqueId: inst.uniqueId,
      signerType: inst.company ? (inst.company === 'Microsoft Corporation' ? 'OsVendor' : 'ThirdParty') : null,
      signatureStatus: inst.sha1 ? 'Valid' : null,
    };
    this.fromInst.set(inst, pv);
    // A process the network events named that started inside the window gets its ProcessCreated row too, under
    // the parent the network events name (same pid and creation time).
    if (pv.t > 0 && pv.t < DAY_TICKS && inst.parentFile && inst.parentPid !== null) {
      const parent = this.standIn(dev, pv, inst);
      this.proc.add(pv.t, dev, { ActionType: 'ProcessCreated' }, parent, pv);
      const im = this.state(dev).imgs.get(inst.folder ?? '');
      if (im) this.seen(dev, im, pv.t);
    }
    return pv;
  }

  /** The parent of a network-catalogue process, as its network rows describe it (file, pid, creation time). */
  private standIn(dev: Device, child: PV, inst: ProcInstance): PV {
    const name = inst.parentFile!.toLowerCase();
    const key = name === child.file?.toLowerCase() ? null : Object.keys(IMAGES).find((k) => baseName(IMAGES[k]!.path).toLowerCase() === name);
    const im: Img | null = key ? this.img(dev, key) : name === child.file?.toLowerCase() ? this.state(dev).imgs.get(child.folder ?? '') ?? null : null;
    return {
      ...child, key: key ?? 'parent', file: im?.file ?? inst.parentFile, folder: im?.folder ?? null, path: im?.path ?? null,
      sha1: im?.sha1 ?? null, sha256: im?.sha256 ?? null, md5: im?.md5 ?? null, size: im?.size ?? null, company: im?.company ?? null,
      product: im?.product ?? null, version: im?.version ?? null, internal: im?.internal ?? null, original: im?.original ?? null,
      description: im?.description ?? null, pid: inst.parentPid, cmd: null, created: inst.parentCreated,
      t: inst.parentCreated ? this.ticksOf(inst.parentCreated) : -DAY_TICKS, parentFile: null, parentPid: null, parentCreated: null,
      uniqueId: null,
    };
  }

  /** The parent of init / System: no image, pid 0. */
  kernel(dev: Device): PV {
    return {
      dev, key: 'kernel', file: null, folder: null, path: null, sha1: null, sha256: null, md5: null, size: null, company: null,
      product: null, version: null, internal: null, original: null, description: null, pid: 0, cmd: null, created: null,
      t: -DAY_TICKS * 30, parentFile: null, parentPid: null, parentCreated: null, domain: null, account: null, sid: null,
      upn: null, objectId: null, integrity: null, elevation: null, sessionId: null, remoteSession: null, remoteDevice: null,
      remoteIp: null, logonId: null, uniqueId: null, signerType: null, signatureStatus: null,
    };
  }

  /** Window ticks of an ISO time, keeping its 100 ns digits (Date.parse stops at milliseconds). */
  ticksOf(iso: string): number {
    const m = /\.(\d{3})(\d{0,4})Z$/.exec(iso);
    const sub = m ? Number(m[2]!.padEnd(4, '0')) : 0;
    return (Date.parse(iso) - (this.clock.nowMs - 24 * HOUR)) * TPMS + sub;
  }

  pid(dev: Device): number {
    const s = this.state(dev);
    if (!s.win) return this.rng.int(300, 400_000);
    // Windows reuses small pids; a fresh one every time keeps them unique enough for a day.
    s.nextPid = (s.nextPid + this.rng.int(1, 40)) % 3000;
    return (600 + s.nextPid) * 4;
  }

  /**
   * A process that starts at `t` (window ticks). Emits its ProcessCreated row when `t` is inside the window and
   * `emit` is not false, plus (sometimes) the library loads its image is known for.
   */
  spawn(t: number, parent: PV, key: string, cmd: string, o: SpawnOptions = {}): PV {
    const dev = parent.dev;
    const im = o.img ?? this.img(dev, key);
    const acct = o.acct ?? acctOf(parent);
    const isSystem = acct.sid === 'S-1-5-18' || acct.sid === 'S-1-5-19' || acct.sid === 'S-1-5-20';
    const win = this.state(dev).win;
    const p: PV = {
      dev, key, file: im.file, folder: im.folder, path: im.path, sha1: im.sha1, sha256: im.sha256, md5: im.md5, size: im.size,
      company: im.company, product: im.product, version: im.version, internal: im.internal, original: im.original,
      description: im.description, pid: this.pid(dev), cmd, created: this.clock.format(t), t,
      parentFile: parent.file, parentPid: parent.pid, parentCreated: parent.created,
      domain: acct.domain, account: acct.name, sid: acct.sid, upn: acct.upn, objectId: acct.objectId,
      integrity: win ? (o.integrity ?? (isSystem ? 'System' : acct.admin && parent.integrity === 'High' ? 'High' : parent.integrity ?? 'Medium')) : null,
      elevation: win ? (o.elevation ?? (isSystem ? 'TokenElevationTypeDefault' : parent.elevation ?? 'TokenElevationTypeLimited')) : null,
      sessionId: win ? (o.sessionId ?? parent.sessionId ?? 0) : null,
      remoteSession: win ? (o.remoteIp ? true : parent.remoteSession ?? false) : null,
      remoteDevice: o.remoteDevice ?? parent.remoteDevice, remoteIp: o.remoteIp ?? parent.remoteIp,
      logonId: acct.logonId, uniqueId: this.input.uniqueId(dev),
      signerType: im.signer ? (im.company === 'Microsoft Corporation' ? 'OsVendor' : 'ThirdParty') : win ? 'None' : null,
      signatureStatus: im.signer ? 'Valid' : win ? 'Unsigned' : null,
    };
    if (o.emit !== false && t > 0 && t < DAY_TICKS) {
      this.proc.add(t, dev, { ActionType: 'ProcessCreated', AdditionalFields: o.additional ?? null }, parent, p);
      this.seen(dev, im, t);
      const loads = LOADS[key];
      if (loads && o.loads !== false) {
        for (const l of loads) if (this.rng.chance(o.loadChance ?? 0.35)) this.load(t + this.rng.int(1, 400) * TPMS, p, l);
      }
    }
    return p;
  }

  /** A DeviceImageLoadEvents row: process `p` loads a catalogued DLL (or an ad-hoc image). */
  load(t: number, p: PV, dllKey: string, adhoc?: Img): void {
    const im = adhoc ?? this.dllImg(p.dev, dllKey);
    this.image.add(t, p.dev, {
      ActionType: 'ImageLoaded', FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, MD5: im.md5, FileSize: im.size,
    }, p);
    this.seen(p.dev, im, t);
  }

  /** A DeviceFileEvents row for an image (hashes from the catalogue) or a plain file. */
  fileEvent(t: number, p: PV, action: string, path: string, f: Fields = {}, im?: Img): Img {
    const dev = p.dev;
    // Programs keep one identity per path on a device (they are what later loads and runs); a document's hash is
    // a function of its path and size, so a modified document gets a new hash, as on disk.
    const size = (f.FileSize as number | undefined) ?? this.rng.int(2_000, 2_000_000);
    const ident = im ?? (EXECUTABLE_RE.test(path) ? this.img(dev, 'file:' + path.toLowerCase(), { path, size }) : this.plainFile(dev, path, size));
    this.file.add(t, dev, {
      ActionType: action, FileName: ident.file, FolderPath: ident.path, SHA1: ident.sha1, SHA256: ident.sha256, MD5: ident.md5,
      FileSize: ident.size, AdditionalFields: fileTypeField(ident.file), ...f,
    }, p);
    if (ident.signer !== null || /\.(exe|dll|sys|msi)$/i.test(ident.file)) this.seen(dev, ident, t);
    return ident;
  }

  private plainFile(dev: Device, path: string, size: number): Img {
    const h = fileHashes(`${dev.index}|${path}|${size}`, this.seed);
    return {
      key: path, file: baseName(path), path, folder: path, sha1: h.sha1, sha256: h.sha256, md5: h.md5, size, company: null, product: null,
      version: null, internal: null, original: null, description: null, signer: null,
    };
  }

  regEvent(t: number, p: PV, action: string, key: string, name: string | null, type: string | null, data: string | null, f: Fields = {}): void {
    this.reg.add(t, p.dev, {
      ActionType: action, RegistryKey: key, RegistryValueType: type, RegistryValueName: name, RegistryValueData: data, ...f,
    }, p);
  }

  devEvent(t: number, dev: Device, action: string, f: Fields, i: PV | null, p: PV | null = null): void {
    this.events.add(t, dev, { ActionType: action, ...f }, i, p);
  }

  /** Remembers a file for the certificate table (Windows executables and libraries). */
  seen(dev: Device, im: Img, t: number): void {
    const s = this.state(dev);
    if (s.win && !s.seen.has(im)) s.seen.set(im, t);
  }
}

const EXECUTABLE_RE = /\.(exe|dll|sys|scr|cpl|ocx|msi|jpg)$/i;

// Defender's file-type classification, as AdditionalFields of file events (precomputed JSON per type).
const FILE_TYPES: Record<string, string> = {
  exe: 'PortableExecutable', dll: 'PortableExecutable', sys: 'PortableExecutable', pdf: 'PDF', docx: 'Docx', docm: 'Docm', xlsx: 'Xlsx',
  pptx: 'Pptx', zip: 'Zip', lnk: 'Lnk', ps1: 'PowerShell', bat: 'Batch', hta: 'Hta', iso: 'Iso', msi: 'Msi', pfx: 'Pfx', jpg: 'Jpeg',
};
const FILE_TYPE_JSON = new Map(Object.entries(FILE_TYPES).map(([k, v]) => [k, JSON.stringify({ FileType: v })]));

function fileTypeField(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : FILE_TYPE_JSON.get(name.slice(dot + 1).toLowerCase()) ?? null;
}

export interface SpawnOptions {
  acct?: Acct;
  img?: Img;
  integrity?: string;
  elevation?: string;
  sessionId?: number;
  remoteIp?: string | null;
  remoteDevice?: string | null;
  emit?: boolean;
  loads?: boolean;
  loadChance?: number;
  additional?: string | null;
}

export function acctOf(p: PV): Acct {
  return { domain: p.domain ?? '', name: p.account ?? '', sid: p.sid, upn: p.upn, objectId: p.objectId, logonId: p.logonId ?? 0, admin: p.integrity === 'High' || p.integrity === 'System' };
}

export function osVersion(dev: Device): string {
  const rev = dev.os.clientVersion.split('.').at(-1) ?? '1';
  return dev.os.build ? `10.0.${dev.os.build}.${rev}` : dev.os.version;
}

export function isServer(dev: Device): boolean {
  return dev.kind === 'if-server' || dev.kind === 'stale-server' || dev.kind === 'server';
}

export { SIGNERS };
