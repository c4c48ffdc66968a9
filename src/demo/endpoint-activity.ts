/**
 * Ordinary activity on the fleet: the long-lived processes of each device, user sessions, and a day of benign
 * work (browsers, Office, scheduled tasks, WMI, SCCM scripts, admins on servers, cron and SSH on Linux) with
 * the file, registry, image-load, logon and DeviceEvents rows that activity causes. The planted attacks are in
 * endpoint-stories.ts.
 */
import { WeightedPicker, type Rng } from './random.js';
import type { Device } from './generate.js';
import {
  DAY_TICKS, HOUR_TICKS, MIN_TICKS, SEC_TICKS, WELL_KNOWN, isServer, type Acct, type DevState, type PV, type World,
} from './endpoint.js';
import { DOWNLOADS, SITES } from './endpoint-catalog.js';

const MS_TICKS = 10_000;

/** Diurnal weight of a UTC hour (the company works mostly on European time, as the network events do). */
function diurnal(hourUtc: number): number {
  if (hourUtc >= 7 && hourUtc <= 17) return 1;
  if (hourUtc === 6 || hourUtc === 18 || hourUtc === 19) return 0.55;
  return 0.12;
}

export interface Session {
  acct: Acct;
  start: number;
  end: number;
  explorer: PV;
  remoteIp: string | null;
  remoteDevice: string | null;
}

export interface Activity {
  w: World;
  rng: Rng;
  /** Hour-of-window picker for user activity. */
  userHour: WeightedPicker<number>;
  sessions: Map<Device, Session[]>;
  admins: Acct[];
  services: Record<'sccm' | 'sql' | 'backup', Acct>;
  /** Workstations of the admins (RemoteInteractive logons to servers come from them). */
  adminWorkstations: Device[];
  dcs: Device[];
  fileServers: Device[];
}

// ---------------------------------------------------------------------------------------------------------------
// Long-lived processes

function boot(w: World, ds: DevState): void {
  const dev = ds.dev;
  const bootT = w.ticksOf(new Date(dev.bootMs).toISOString());
  const at = (k: number): number => Math.min(bootT + k * SEC_TICKS, -SEC_TICKS);
  const b = ds.base;
  if (ds.win) {
    const system = w.existing(dev, 'system');
    b.set('system', system);
    const smss = w.spawn(at(1), system, 'smss', '\\SystemRoot\\System32\\smss.exe', { acct: WELL_KNOWN.system, emit: false });
    const wininit = w.spawn(at(3), smss, 'wininit', 'wininit.exe', { acct: WELL_KNOWN.system, emit: false });
    b.set('winlogon', w.spawn(at(3), smss, 'winlogon', 'winlogon.exe', { acct: WELL_KNOWN.system, emit: false, sessionId: 1 }));
    const services = w.spawn(at(4), wininit, 'services', 'C:\\Windows\\system32\\services.exe', { acct: WELL_KNOWN.system, emit: false });
    b.set('services', services);
    b.set('lsass', w.existing(dev, 'lsass'));
    const svc = (name: string, cmd: string, acct: Acct = WELL_KNOWN.system): void => {
      b.set(name, w.spawn(at(6), services, 'svchost', cmd, { acct, emit: false }));
    };
    svc('dcom', 'svchost.exe -k DcomLaunch -p');
    svc('schedule', 'svchost.exe -k netsvcs -p -s Schedule');
    svc('winmgmt', 'svchost.exe -k netsvcs -p -s Winmgmt');
    svc('gpsvc', 'svchost.exe -k netsvcs -p -s gpsvc');
    svc('appinfo', 'svchost.exe -k netsvcs -p -s Appinfo');
    svc('wer', 'svchost.exe -k WerSvcGroup');
    svc('dnscache', 'svchost.exe -k NetworkService -p -s Dnscache', WELL_KNOWN.network);
    svc('termsvc', 'svchost.exe -k termsvcs -s TermService', WELL_KNOWN.network);
    if (['web-prod', 'web-dmz', 'portal', 'web-legacy', 'sccm', 'app-int', 'rdgw', 'adfs-proxy', 'api-prod'].includes(dev.role)) {
      svc('iis', 'svchost.exe -k iissvcs');
    }
    b.set('msmpeng', w.spawn(at(8), services, 'msmpeng', '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe"', { acct: WELL_KNOWN.system, emit: false }));
    b.set('mssense', w.existing(dev, 'mssense'));
    if (dev.role !== 'dc') b.set('ccmexec', w.spawn(at(20), services, 'ccmexec', 'C:\\Windows\\CCM\\CcmExec.exe', { acct: WELL_KNOWN.system, emit: false }));
  } else if (dev.os.family === 'linux') {
    const systemd = w.spawn(at(0), w.kernel(dev), 'systemd', '/sbin/init splash', { acct: rootAcct(dev), emit: false });
    b.set('systemd', systemd);
    b.set('cron', w.spawn(at(5), systemd, 'cron', '/usr/sbin/cron -f -P', { acct: rootAcct(dev), emit: false }));
    b.set('sshd', w.existing(dev, 'sshdLinux'));
  }
}

export function rootAcct(dev: Device): Acct {
  return { domain: dev.name.split('.')[0]!, name: 'root', sid: null, upn: null, objectId: null, logonId: 0, admin: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Logons and user sessions

export function logonRow(
  a: Activity, t: number, dev: Device, action: 'LogonSuccess' | 'LogonFailed', type: string, acct: Acct,
  o: { protocol?: string | null; failure?: string; remoteIp?: string | null; remoteDevice?: string | null; remotePort?: number | null; local?: boolean; admin?: boolean; initiator?: PV } = {},
): void {
  const w = a.w;
  const ds = w.state(dev);
  const init = o.initiator ?? (ds.win ? ds.base.get('lsass') ?? null : ds.base.get('sshd') ?? null);
  const remoteIp = o.remoteIp ?? null;
  const remoteType = remoteIp === null ? null : remoteIp === '127.0.0.1' || remoteIp === '::1' ? 'Loopback' : /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(remoteIp) ? 'Private' : 'Public';
  w.logon.add(t, dev, {
    ActionType: action, LogonType: type, AccountDomain: acct.domain, AccountName: acct.name, AccountSid: acct.sid,
    Protocol: o.protocol !== undefined ? o.protocol : ds.win ? (type === 'Network' ? 'Kerberos' : 'Negotiate') : null,
    FailureReason: action === 'LogonFailed' ? o.failure ?? 'InvalidUserNameOrPassword' : null,
    IsLocalAdmin: action === 'LogonSuccess' ? o.admin ?? acct.admin : false,
    LogonId: action === 'LogonSuccess' ? acct.logonId || w.newLogonId() : null,
    RemoteDeviceName: o.remoteDevice ?? null, RemoteIP: remoteIp, RemoteIPType: remoteType,
    RemotePort: o.remotePort ?? (remoteIp ? a.rng.int(49152, 65535) : null),
    AdditionalFields: ds.win ? JSON.stringify({ IsLocalLogon: o.local ?? (type === 'Interactive' || type === 'Unlock' || type === 'CachedInteractive') }) : null,
  }, init);
}

function userSessions(a: Activity, ds: DevState): void {
  const { w, rng } = a;
  const dev = ds.dev;
  if (!ds.win || !ds.user || dev.kind !== 'workstation') return;
  const winlogon = ds.base.get('winlogon')!;
  const start = w.clock.startMs;
  // Yesterday's session began before the window; today's begins in the morning (UTC 6:30-9:00).
  const hoursToMorning = ((24 + 6.5 - new Date(start).getUTCHours()) % 24) * HOUR_TICKS;
  const morning = hoursToMorning + rng.int(0, 150) * MIN_TICKS;
  const list: Session[] = [];
  for (const [s, e] of [[-rng.int(2, 6) * HOUR_TICKS, hoursToMorning - rng.int(8, 12) * HOUR_TICKS], [morning, DAY_TICKS]] as const) {
    if (s >= DAY_TICKS) continue;
    const acct: Acct = { ...ds.user, logonId: w.newLogonId() };
    const emit = s > 0;
    if (emit) {
      logonRow(a, s, dev, 'LogonSuccess', dev.localIp.startsWith('192.168') ? 'CachedInteractive' : 'Interactive', acct, { protocol: 'Negotiate', initiator: winlogon });
      // Desktop window manager and font driver sessions start with each interactive logon.
      const sys = (name: string, domain: string, rid: number): Acct => ({ domain, name, sid: `S-1-5-${rid}`, upn: null, objectId: null, logonId: w.newLogonId(), admin: false });
      logonRow(a, s - 2 * SEC_TICKS, dev, 'LogonSuccess', 'Interactive', sys('DWM-2', 'window manager', 90), { protocol: 'Negotiate', initiator: winlogon, local: true });
      logonRow(a, s - 2 * SEC_TICKS, dev, 'LogonSuccess', 'Interactive', sys('UMFD-2', 'font driver host', 96), { protocol: 'Negotiate', initiator: winlogon, local: true });
    }
    const userinit = w.spawn(s + 3 * SEC_TICKS, winlogon, 'userinit', 'C:\\Windows\\system32\\userinit.exe', { acct, emit, sessionId: 2, integrity: 'Medium', elevation: 'TokenElevationTypeLimited' });
    const explorer = w.spawn(s + 4 * SEC_TICKS, userinit, 'explorer', 'C:\\Windows\\Explorer.EXE', { acct, emit });
    if (emit) {
      w.spawn(s + 5 * SEC_TICKS, ds.base.get('schedule')!, 'sihost', 'sihost.exe', { acct, sessionId: 2 });
      w.spawn(s + 6 * SEC_TICKS, ds.base.get('schedule')!, 'taskhostw', 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}', { acct, sessionId: 2 });
      w.spawn(s + 8 * SEC_TICKS, explorer, 'ctfmon', '"ctfmon.exe"', { acct });
      // The logon script of the site GPO maps the home and department drives.
      const gp = ds.base.get('gpsvc')!;
      const script = '\\\\contoso.com\\SysVol\\contoso.com\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\User\\Scripts\\Logon\\map-drives.bat';
      w.regEvent(s + 5 * SEC_TICKS, gp, 'RegistryValueSet', `HKEY_CURRENT_USER\\${acct.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Group Policy\\Scripts\\Logon\\0\\0`, 'Script', 'String', script);
      if (rng.chance(0.3)) w.regEvent(s + 5 * SEC_TICKS, gp, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Group Policy\\Scripts\\Startup\\0\\0', 'Script', 'String', '\\\\contoso.com\\SysVol\\contoso.com\\scripts\\inventory.bat');
      const gs = w.spawn(s + 6 * SEC_TICKS, gp, 'gpscript', 'gpscript.exe /Logon', { acct, loads: false });
      const bat = w.spawn(s + 7 * SEC_TICKS, gs, 'cmd', `C:\\Windows\\system32\\cmd.exe /c ""${script}" "`, { acct });
      w.spawn(s + 7 * SEC_TICKS + 200 * MS_TICKS, bat, 'net', `net  use H: \\\\file-01\\home$\\${acct.name} /persistent:no`, { acct, loads: false });
      w.existing(dev, 'onedrive');
    }
    list.push({ acct, start: s, end: e, explorer, remoteIp: null, remoteDevice: null });
    // Unlocks through the day.
    for (let k = rng.int(1, 5); k > 0; k--) {
      const t = Math.max(s, 1) + rng.int(1, 10) * HOUR_TICKS;
      if (t < Math.min(e, DAY_TICKS) && t > 0) logonRow(a, t, dev, 'LogonSuccess', 'Unlock', acct, { protocol: 'Negotiate', initiator: winlogon });
    }
  }
  a.sessions.set(dev, list);
}

export function sessionAt(a: Activity, dev: Device, t: number): Session | null {
  const list = a.sessions.get(dev);
  if (!list || list.length === 0) return null;
  let best = list[0]!;
  for (const s of list) if (s.start <= t) best = s;
  return best;
}

/** Admins RDP to servers from their workstations: a RemoteInteractive session with an explorer. */
export function adminSession(a: Activity, server: Device, t: number, admin?: Acct, from?: { ip: string; name: string | null }): Session {
  const { w, rng } = a;
  const ds = w.state(server);
  const acct: Acct = { ...(admin ?? rng.pick(a.admins)), logonId: w.newLogonId(), admin: true };
  const src = from ?? (a.adminWorkstations.length ? (() => { const d = rng.pick(a.adminWorkstations); return { ip: d.localIp, name: d.name.split('.')[0]! }; })() : { ip: '10.11.40.77', name: null });
  const remoteIp = src.ip;
  const remoteDevice = src.name;
  logonRow(a, t - 2 * SEC_TICKS, server, 'LogonSuccess', 'Network', acct, { protocol: 'NTLM', remoteIp, remoteDevice, local: false });
  logonRow(a, t, server, 'LogonSuccess', 'RemoteInteractive', acct, { protocol: 'Negotiate', remoteIp, remoteDevice, local: false, initiator: ds.base.get('termsvc') });
  const sessionId = rng.int(2, 6);
  const winlogon = w.spawn(t - SEC_TICKS, ds.base.get('system')!, 'winlogon', 'winlogon.exe', { acct: WELL_KNOWN.system, sessionId });
  const userinit = w.spawn(t + 2 * SEC_TICKS, winlogon, 'userinit', 'C:\\Windows\\system32\\userinit.exe', { acct, sessionId, integrity: 'High', elevation: 'TokenElevationTypeFull', remoteIp, remoteDevice });
  const explorer = w.spawn(t + 3 * SEC_TICKS, userinit, 'explorer', 'C:\\Windows\\Explorer.EXE', { acct });
  const s: Session = { acct, start: t, end: t + rng.int(15, 90) * MIN_TICKS, explorer, remoteIp, remoteDevice };
  const list = a.sessions.get(server) ?? [];
  list.push(s);
  a.sessions.set(server, list);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Activity templates (one call = one piece of work; each writes a few rows to several tables)

type Template = (a: Activity, ds: DevState, t: number) => void;

const CONSOLE = new Set(['taskkill', 'fsutil', 'cipher', 'cmd', 'powershell', 'net', 'net1', 'whoami', 'ipconfig', 'nltest', 'systeminfo', 'tasklist', 'netstat', 'nslookup', 'ping', 'quser', 'reg', 'certutil', 'schtasks', 'sc', 'wmic', 'vssadmin', 'wevtutil', 'bcdedit', 'netsh', 'gpupdate', 'mpcmdrun', 'wbadmin', 'cscript']);

/** Starts a console program with its conhost, as Windows does. */
export function run(a: Activity, t: number, parent: PV, key: string, cmd: string, o: Parameters<World['spawn']>[4] = {}): PV {
  const p = a.w.spawn(t, parent, key, cmd, o);
  if (CONSOLE.has(key) && parent.key !== 'cmd' && parent.key !== 'powershell' && a.w.state(parent.dev).win) {
    a.w.spawn(t + a.rng.int(1, 30) * MS_TICKS, p, 'conhost', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', { loads: false });
  }
  return p;
}

export function psCommands(a: Activity, t: number, ps: PV, cmds: readonly string[]): void {
  cmds.forEach((c, i) => a.w.devEvent(t + (i + 1) * a.rng.int(20, 900) * MS_TICKS, ps.dev, 'PowerShellCommand', { AdditionalFields: JSON.stringify({ Command: c }) }, ps));
}

const userProfile = (ds: DevState): string => `C:\\Users\\${ds.user?.name ?? 'svc_app'}`;
/** Browser extensions of the fleet (inventory, KB and the .crx downloads); the last one is a known-bad id. */
export const EXTENSIONS: readonly { id: string; name: string; vendor: string; version: string; risk: string; description: string; permissions: readonly [string, string][] }[] = [
  { id: 'efaidnbmnnnibpcajpcglclefindmkaj', name: 'Adobe Acrobat: PDF edit, convert, sign tools', vendor: 'Adobe Inc.', version: '24.11.1.1', risk: 'Medium', description: 'Do more in Google Chrome with Adobe Acrobat PDF tools.', permissions: [['tabs', 'Medium'], ['downloads', 'Medium'], ['<all_urls>', 'High']] },
  { id: 'ghbmnnjooekpmoecnnnilnnbdlolhkhi', name: 'Google Docs Offline', vendor: 'Google', version: '1.84.1', risk: 'Low', description: 'Edit, create, and view your documents, spreadsheets, and presentations without internet access.', permissions: [['storage', 'Low'], ['alarms', 'Low']] },
  { id: 'cjpalhdlnbpafiamejdnhcphjbkeiagm', name: 'uBlock Origin', vendor: 'Raymond Hill', version: '1.61.0', risk: 'Medium', description: 'Finally, an efficient blocker. Easy on CPU and memory.', permissions: [['webRequest', 'Medium'], ['<all_urls>', 'High'], ['storage', 'Low']] },
  { id: 'hdokiejnpimakedhajhdlcegeplioahd', name: 'LastPass: Free Password Manager', vendor: 'LastPass', version: '4.137.0', risk: 'High', description: 'LastPass, an award-winning password manager, saves your passwords.', permissions: [['cookies', 'High'], ['<all_urls>', 'High'], ['nativeMessaging', 'Medium']] },
  { id: 'aikflfpejipbpjdlfabpgclhblkpaafo', name: 'Free VPN Proxy - Unlimited', vendor: 'VPNMaster Studio', version: '3.2.1', risk: 'Critical', description: 'Free unlimited VPN proxy for Chrome.', permissions: [['proxy', 'High'], ['cookies', 'High'], ['<all_urls>', 'High'], ['management', 'Critical']] },
];

const DOC_NAMES = ['Budget 2027', 'Team offsite', 'Q4 forecast', 'Customer list', 'Project Falcon status', 'Minutes', 'Travel expenses', 'Roadmap', 'Contract draft', 'Weekly report'];

const browse: Template = (a, ds, t) => {
  const { w, rng } = a;
  const s = sessionAt(a, ds.dev, t);
  if (!s) return;
  const key = rng.chance(0.6) ? 'chrome' : 'msedge';
  const main = w.existing(ds.dev, key);
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const type = rng.pick(['renderer', 'renderer', 'renderer', 'utility', 'gpu-process']);
    const exe = key === 'chrome' ? 'chrome.exe' : 'msedge.exe';
    const extra = type === 'utility' ? ' --utility-sub-type=storage.mojom.StorageService --lang=en-GB --service-sandbox-type=service' : type === 'renderer' ? ` --renderer-client-id=${rng.int(5, 400)} --lang=en-GB --launch-time-ticks=${rng.int(1e9, 9e9)}` : ' --gpu-preferences=WAAAAAAAAADgAAAMAAAAAAAAAAAAAAAAAABgAAEAAAA4AAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAA';
    w.spawn(t + i * rng.int(1, 9000) * MS_TICKS, main, key, `"${exe}" --type=${type}${extra} --field-trial-handle=1980,i,${rng.int(1e15, 9e15)},${rng.int(1e15, 9e15)},262144 --mojo-platform-channel-handle=${rng.int(1000, 9000)} /prefetch:${rng.int(1, 8)}`, { loads: false });
  }
  if (rng.chance(0.1)) {
    const pipe = `\\Device\\NamedPipe\\mojo.${main.pid}.${rng.int(1000, 20000)}.${rng.int(1e17, 9e17)}`;
    w.devEvent(t + rng.int(1, 500) * MS_TICKS, ds.dev, 'NamedPipeEvent', { FileName: pipe.slice(pipe.lastIndexOf('\\') + 1), AdditionalFields: JSON.stringify({ PipeName: pipe, FileOperation: 'File created', NamedPipeEnd: 'Server', ThreadId: rng.int(1000, 30000) }) }, main);
  }
  if (rng.chance(0.12)) {
    const d = rng.pick(DOWNLOADS);
    const dir = `${userProfile(ds)}\\Downloads\\`;
    const tmp = `Unconfirmed ${rng.int(100000, 999999)}.crdownload`;
    const at = t + rng.int(5, 60) * SEC_TICKS;
    const origin = { FileOriginUrl: d.url, FileOriginReferrerUrl: d.referrer, FileOriginIP: rng.pick(['142.250.72.110', '13.107.246.40', '52.109.8.19', '185.199.108.133']) };
    w.fileEvent(at, main, 'FileCreated', dir + tmp, { FileSize: d.size, ...origin });
    const im = w.img(ds.dev, 'dl:' + d.name, { path: dir + d.name, size: d.size, signer: d.signer, company: d.signer === 'google' ? 'Google LLC' : d.signer === 'microsoft' ? 'Microsoft Corporation' : null });
    w.fileEvent(at + rng.int(1, 20) * SEC_TICKS, main, 'FileRenamed', im.path, { PreviousFileName: tmp, PreviousFolderPath: dir + tmp, ...origin }, im);
    if (d.name.endsWith('.exe') && rng.chance(0.4)) {
      w.devEvent(at + 30 * SEC_TICKS, ds.dev, rng.chance(0.5) ? 'SmartScreenAppWarning' : 'SmartScreenUserOverride', { FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, AdditionalFields: JSON.stringify({ Experience: 'Untrusted' }) }, w.spawn(at + 29 * SEC_TICKS, w.state(ds.dev).base.get('dcom')!, 'smartscreen', 'C:\\Windows\\System32\\smartscreen.exe -Embedding', { acct: s.acct, loads: false }));
    }
  }
  if (key === 'chrome' && rng.chance(0.015)) {
    const ext = rng.pick(EXTENSIONS);
    const base = `${userProfile(ds)}\\AppData\\Local\\Google\\Chrome\\User Data\\`;
    w.fileEvent(t + SEC_TICKS, main, 'FileCreated', `${base}Webstore Downloads\\${ext.id}_${rng.int(1000, 99999)}.crx`, { FileSize: rng.int(200_000, 9_000_000), FileOriginUrl: `https://clients2.googleusercontent.com/crx/blobs/${rng.hex(40)}/${ext.id.toUpperCase()}_main.crx` });
    w.fileEvent(t + 2 * SEC_TICKS, main, 'FileCreated', `${base}Default\\Secure Preferences`, { FileSize: rng.int(40_000, 200_000) });
  }
  if (rng.chance(0.05)) {
    const url = rng.pick(['http://login-microsoftonline.com-secure.info/auth', 'http://free-vpn-download.xyz/setup', 'https://contoso-sharepoint.web.app/docs']);
    w.devEvent(t + rng.int(1, 50) * SEC_TICKS, ds.dev, 'SmartScreenUrlWarning', { RemoteUrl: url, AdditionalFields: JSON.stringify({ Experience: rng.pick(['Phishing', 'Malicious', 'Untrusted']) }) }, main);
  }
  if (rng.chance(0.04)) {
    w.devEvent(t + rng.int(1, 50) * SEC_TICKS, ds.dev, rng.chance(0.7) ? 'ExploitGuardNetworkProtectionBlocked' : 'ExploitGuardNetworkProtectionAudited', {
      RemoteUrl: rng.pick(['www.torproject.org', 'pastebin.com', 'crypto-mining.pool.example', 'anydesk.com']),
      AdditionalFields: JSON.stringify({ ResponseCategory: rng.pick(['CustomBlockList', 'CustomPolicy', 'CmdCtrl']), DisplayName: rng.pick(['Block file sharing', 'Block remote tools', '']), IsAudit: false }),
    }, main);
  }
};

const office: Template = (a, ds, t) => {
  const { w, rng } = a;
  const s = sessionAt(a, ds.dev, t);
  if (!s) return;
  const kind = rng.weighted(['winword', 'excel', 'powerpnt'], [5, 4, 2]);
  const ext = kind === 'winword' ? 'docx' : kind === 'excel' ? 'xlsx' : 'pptx';
  const doc = `${userProfile(ds)}\\OneDrive - Contoso\\Documents\\${rng.pick(DOC_NAMES)}.${ext}`;
  const exe = kind === 'winword' ? 'WINWORD.EXE' : kind === 'excel' ? 'EXCEL.EXE' : 'POWERPNT.EXE';
  const app = w.spawn(t, s.explorer, kind, `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\${exe}" /n "${doc}" /o ""`, { loadChance: 0.5 });
  if (rng.chance(0.6)) w.fileEvent(t + rng.int(1, 40) * MIN_TICKS, app, 'FileModified', doc, { FileSize: rng.int(20_000, 3_000_000) });
  if (rng.chance(0.25)) {
    const site = rng.pick(['https://contoso.sharepoint.com/sites/finance/', 'https://contoso-my.sharepoint.com/personal/', 'https://contoso.sharepoint.com/sites/hr/']);
    w.regEvent(t + 2 * SEC_TICKS, app, 'RegistryValueSet', `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Office\\16.0\\Common\\Internet\\Server Cache\\${site}`, 'Type', 'Dword', '1');
  }
  if (rng.chance(0.3)) {
    const lnk = `${userProfile(ds)}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\${doc.slice(doc.lastIndexOf('\\') + 1)}.lnk`;
    w.fileEvent(t + SEC_TICKS, s.explorer, 'FileCreated', lnk, { FileSize: rng.int(900, 2000) });
  }
  if (rng.chance(0.08)) {
    w.devEvent(t + rng.int(1, 100) * SEC_TICKS, ds.dev, 'BrowserLaunchedToOpenUrl', { RemoteUrl: rng.pick(SITES) }, app);
  }
};

const outlookMail: Template = (a, ds, t) => {
  const { w, rng } = a;
  if (!sessionAt(a, ds.dev, t)) return;
  const outlook = w.existing(ds.dev, 'outlook');
  const r = rng.next();
  if (r < 0.4) {
    const name = `${rng.pick(['invoice', 'statement', 'agenda', 'report', 'scan'])}_${rng.int(1000, 99999)}.${rng.pick(['pdf', 'pdf', 'xlsx', 'docx'])}`;
    const folder = `${userProfile(ds)}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${rng.hex(8).toUpperCase()}\\`;
    w.fileEvent(t, outlook, 'FileCreated', folder + name, { FileSize: rng.int(30_000, 900_000) });
  } else if (r < 0.75) {
    const url = rng.chance(0.5) ? `https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent(rng.pick(SITES))}&data=05%7C02%7C&reserved=0` : rng.pick(SITES);
    w.devEvent(t, ds.dev, 'BrowserLaunchedToOpenUrl', { RemoteUrl: url }, outlook);
  } else {
    w.devEvent(t, ds.dev, 'LdapSearch', { AdditionalFields: JSON.stringify({ AttributeList: ['displayName', 'mail', 'thumbnailPhoto'], ScopeOfSearch: 'SubTree', SearchFilter: `(&(objectCategory=person)(mail=${rng.pick(['*@contoso.com', 'j*'])}))`, DistinguishedName: 'DC=contoso,DC=com' }) }, outlook);
  }
};

const TASKS: readonly { key: string; cmd: string; w: number; servers?: boolean }[] = [
  { key: 'taskhostw', cmd: 'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly', w: 5 },
  { key: 'taskhostw', cmd: 'taskhostw.exe Install $(Arg0)', w: 2 },
  { key: 'compattelrunner', cmd: 'C:\\Windows\\system32\\compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun -cv:Zp7hvN0Pq0e4aYbw.2', w: 2 },
  { key: 'mpcmdrun', cmd: '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe" -IdleTask -TaskName WdCacheMaintenance', w: 3 },
  { key: 'mpcmdrun', cmd: '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe" Scan -ScheduleJob -ScanTrigger 55 -IdleScheduledJob', w: 2 },
  { key: 'googleupdate', cmd: '"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /ua /installsource scheduler', w: 2 },
  { key: 'edgeupdate', cmd: '"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /ua /installsource scheduler', w: 2 },
  { key: 'rundll32', cmd: 'C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\Windows.StateRepositoryClient.dll,StateRepositoryDoMaintenanceTasks', w: 1 },
  { key: 'sc', cmd: 'C:\\Windows\\system32\\sc.exe start wuauserv', w: 1 },
  { key: 'gpupdate', cmd: 'gpupdate.exe /target:computer /force', w: 0.3 },
];
const taskPicker = new WeightedPicker(TASKS, TASKS.map((x) => x.w));

const scheduled: Template = (a, ds, t) => {
  const { w, rng } = a;
  const task = taskPicker.pick(rng);
  const p = run(a, t, ds.base.get('schedule')!, task.key, task.cmd, { acct: WELL_KNOWN.system });
  if (task.key === 'mpcmdrun' && rng.chance(0.3)) {
    const guid = `{${rng.guid().toUpperCase()}}`;
    w.fileEvent(t + rng.int(2, 60) * SEC_TICKS, p, 'FileCreated', `C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\${guid}\\mpasdlta.vdm`, { FileSize: rng.int(100_000, 900_000) });
  }
  if ((task.key === 'googleupdate' || task.key === 'edgeupdate') && rng.chance(0.1)) {
    w.devEvent(t - SEC_TICKS, ds.dev, 'ScheduledTaskUpdated', { AdditionalFields: JSON.stringify({ TaskName: task.key === 'googleupdate' ? '\\GoogleUpdateTaskMachineUA' : '\\MicrosoftEdgeUpdateTaskMachineUA' }) }, ds.base.get('schedule')!);
  }
};

const DLLHOST_IDS = ['{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}', '{3EB3C877-1F16-487C-9050-104DBCD66683}', '{973D20D7-562D-44B9-B70B-5A0F49CCDF3F}'];

const comServer: Template = (a, ds, t) => {
  const { w, rng } = a;
  const dcom = ds.base.get('dcom')!;
  const s = sessionAt(a, ds.dev, t);
  const user = s?.acct;
  const r = rng.next();
  if (r < 0.3) {
    const wmi = w.spawn(t, dcom, 'wmiprvse', rng.chance(0.5) ? 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding' : 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -Embedding', { acct: rng.chance(0.5) ? WELL_KNOWN.network : WELL_KNOWN.system });
    ds.base.set('wmiprvse', wmi);
  } else if (r < 0.5 && user) {
    w.spawn(t, dcom, 'runtimebroker', 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding', { acct: user, loads: false });
  } else if (r < 0.7) {
    w.spawn(t, dcom, 'dllhost', `C:\\Windows\\system32\\DllHost.exe /Processid:${rng.pick(DLLHOST_IDS)}`, { acct: user ?? WELL_KNOWN.system, loads: false });
  } else if (r < 0.8 && user) {
    w.spawn(t, dcom, 'backgroundtaskhost', `"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:${rng.pick(['BackgroundTaskHost.WebAccountProvider', 'App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca', 'CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca'])}`, { acct: user, loads: false });
  } else if (r < 0.9) {
    w.spawn(t, dcom, 'rundll32', 'C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding', { acct: user ?? WELL_KNOWN.system });
  } else {
    w.spawn(t, dcom, 'searchprotocolhost', '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe3_ Global\\UsGthrCtrlFltPipeMssGthrPipe3 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"', { acct: WELL_KNOWN.system, loads: false });
  }
};

const SCCM_PS = [
  ['Get-WmiObject', 'Get-ItemProperty', 'Test-Path', 'Out-Default'],
  ['Get-CimInstance', 'Where-Object', 'Select-Object', 'ConvertTo-Json'],
  ['Get-Service', 'Get-Process', 'Measure-Object'],
  ['Get-HotFix', 'Sort-Object', 'Export-Csv'],
];

const sccmScript: Template = (a, ds, t) => {
  const { w, rng } = a;
  const ccm = ds.base.get('ccmexec');
  if (!ccm) return;
  const script = `C:\\WINDOWS\\CCM\\SystemTemp\\${rng.guid()}.ps1`;
  w.fileEvent(t - SEC_TICKS, ccm, 'FileCreated', script, { FileSize: rng.int(800, 9000) });
  const ps = run(a, t, ccm, 'powershell', `"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\PowerShell.exe" -NoLogo -Noninteractive -NoProfile -ExecutionPolicy Bypass "& '${script}'"`, { acct: WELL_KNOWN.system, loadChance: 0.3 });
  if (rng.chance(0.3)) psCommands(a, t, ps, rng.pick(SCCM_PS));
  if (rng.chance(0.5)) {
    const test = `C:\\Windows\\Temp\\__PSScriptPolicyTest_${rng.hex(8)}.${rng.hex(3)}.ps1`;
    w.fileEvent(t + 300 * MS_TICKS, ps, 'FileCreated', test, { FileSize: 1 });
    w.fileEvent(t + 320 * MS_TICKS, ps, 'FileDeleted', test, { FileSize: 1 });
  }
  w.fileEvent(t + rng.int(2, 20) * SEC_TICKS, ccm, 'FileDeleted', script, { FileSize: rng.int(800, 9000) });
};

/** Files Defender reports on during scans: [folder, file, signer]. */
const AV_REPORTED: readonly [string, string, string][] = [
  ['%USER%\\Downloads', 'ChromeSetup.exe', 'Google LLC'],
  ['%USER%\\Downloads', 'Firefox Installer.exe', 'Mozilla Corporation'],
  ['%USER%\\Downloads', 'npp.8.6.9.Installer.x64.exe', 'Notepad++'],
  ['%USER%\\Downloads', '7z2408-x64.exe', 'Igor Pavlov'],
  ['C:\\Windows\\Temp', 'MicrosoftEdgeUpdateSetup.exe', 'Microsoft Corporation'],
  ['C:\\ProgramData\\Package Cache', 'VC_redist.x64.exe', 'Microsoft Corporation'],
];

const defender: Template = (a, ds, t) => {
  const { w, rng } = a;
  const mp = ds.base.get('msmpeng')!;
  const r = rng.next();
  if (r < 0.35) {
    w.regEvent(t, mp, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates', 'AVSignatureVersion', 'String', `1.421.${rng.int(100, 999)}.0`);
  } else if (r < 0.55) {
    w.devEvent(t, ds.dev, 'AntivirusScanCompleted', { AdditionalFields: JSON.stringify({ ScanTypeIndex: rng.pick([1, 2]), ScanId: `{${rng.guid().toUpperCase()}}`, Source: 'Scheduled' }) }, mp);
  } else if (r < 0.7) {
    w.devEvent(t, ds.dev, 'OpenProcessApiCall', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', AdditionalFields: JSON.stringify({ DesiredAccess: 4096 }) }, mp);
  } else if (r < 0.8) {
    const s = w.existing(ds.dev, 'mssense');
    w.devEvent(t, ds.dev, 'OpenProcessApiCall', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', AdditionalFields: JSON.stringify({ DesiredAccess: 4112 }) }, s);
  } else if (r < 0.9) {
    // A file the antivirus reported on, with its signer. `Signer` is the key community queries read from these rows
    // (reprise99 "Device-DetectInvalidCertificates": Signer startswith "INVALID"); no other key of AntivirusReport is
    // documented, so none is made up. The exact text of an invalid signer is not published either: "INVALID: "
    // before the claimed publisher is our choice. (The AV version keys live in DeviceTvmInfoGathering.)
    const [dir, name, signer] = rng.pick(AV_REPORTED);
    const bad = rng.chance(0.08);
    const im = w.img(ds.dev, `avreport:${name}${bad ? ':bad' : ''}`, { path: `${dir.replace('%USER%', userProfile(ds))}\\${name}`, size: rng.int(200_000, 9_000_000) });
    w.devEvent(t, ds.dev, 'AntivirusReport', { FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, MD5: im.md5, FileSize: im.size, AdditionalFields: JSON.stringify({ Signer: bad ? `INVALID: ${signer}` : signer }) }, mp);
  } else {
    const s = w.existing(ds.dev, 'mssense');
    w.regEvent(t, s, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection\\Status', 'LastConnected', 'Qword', String(rng.int(1e15, 9e15)));
  }
};

const ADMIN_CMDS: readonly [string, string][] = [
  ['ipconfig', 'ipconfig /all'], ['ping', 'ping -n 4 dc-01.contoso.com'], ['netstat', 'netstat -ano'], ['tasklist', 'tasklist /v'],
  ['quser', 'quser'], ['sc', 'sc query wuauserv'], ['whoami', 'whoami'], ['nslookup', 'nslookup app-int-01.contoso.com'],
  ['systeminfo', 'systeminfo'], ['net', 'net localgroup administrators'], ['gpupdate', 'gpupdate /force'],
  ['netsh', 'netsh advfirewall show allprofiles'], ['reg', 'reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s'],
  ['certutil', 'certutil -hashfile C:\\Temp\\setup.msi SHA256'],
];

const ADMIN_PS: readonly string[][] = [
  ['Get-Service', 'Where-Object', 'Restart-Service'],
  ['Get-EventLog', 'Select-Object', 'Format-Table'],
  ['Get-ADUser', 'Select-Object', 'Export-Csv'],
  ['Get-ChildItem', 'Measure-Object'],
  ['Invoke-Command', 'Get-Service'],
  ['Get-NetTCPConnection', 'Where-Object'],
];

const adminWork: Template = (a, ds, t) => {
  const { w, rng } = a;
  if (!isServer(ds.dev) || !ds.win) return;
  // Admins work inside the RDP sessions planned for the day (bootAll); no session, no admin work.
  const list = a.sessions.get(ds.dev);
  if (!list || !list.length) return;
  const s = rng.pick(list);
  void t;
  const r = rng.next();
  const at = s.start + rng.int(20, Math.max(21, Math.floor((s.end - s.start) / SEC_TICKS))) * SEC_TICKS;
  if (r < 0.45) {
    const cmd = run(a, at, s.explorer, 'cmd', '"C:\\Windows\\system32\\cmd.exe" ');
    for (let k = rng.int(1, 4); k > 0; k--) {
      const [key, line] = rng.pick(ADMIN_CMDS);
      const p = run(a, at + k * rng.int(5, 90) * SEC_TICKS, cmd, key, line);
      if (key === 'net') w.spawn(at + k * 91 * SEC_TICKS, p, 'net1', 'C:\\Windows\\system32\\net1  localgroup administrators');
    }
  } else if (r < 0.8) {
    const ps = run(a, at, s.explorer, 'powershell', '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ', { loadChance: 0.5 });
    psCommands(a, at, ps, rng.pick(ADMIN_PS));
  } else {
    const msc = ds.dev.role === 'dc' ? 'dsa.msc' : rng.pick(['services.msc', 'eventvwr.msc', 'compmgmt.msc', 'certlm.msc']);
    w.spawn(at, s.explorer, 'mmc', `"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\${msc}" `);
  }
};

const userShell: Template = (a, ds, t) => {
  const { w, rng } = a;
  const s = sessionAt(a, ds.dev, t);
  if (!s) return;
  const r = rng.next();
  if (r < 0.35) {
    const cmd = run(a, t, s.explorer, 'cmd', '"C:\\WINDOWS\\system32\\cmd.exe" ');
    w.regEvent(t - SEC_TICKS, s.explorer, 'RegistryValueSet', `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU`, 'a', 'String', 'cmd\\1');
    const [key, line] = rng.pick(ADMIN_CMDS.slice(0, 8));
    run(a, t + rng.int(3, 60) * SEC_TICKS, cmd, key, line);
  } else if (r < 0.5) {
    const ps = run(a, t, s.explorer, 'powershell', '"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ', { loadChance: 0.5 });
    psCommands(a, t, ps, rng.pick([['Get-ChildItem', 'Set-Location'], ['Get-Process', 'Stop-Process'], ['Get-NetAdapter'], ['Test-NetConnection']]));
  } else if (r < 0.7) {
    w.spawn(t, s.explorer, 'notepad', `"C:\\Windows\\system32\\NOTEPAD.EXE" ${userProfile(ds)}\\Desktop\\notes.txt`, { loads: false });
  } else if (r < 0.8) {
    w.spawn(t, s.explorer, 'taskmgr', '"C:\\WINDOWS\\system32\\taskmgr.exe" /4', { loads: false });
  } else if (r < 0.9) {
    const teams = w.existing(ds.dev, 'teams');
    w.devEvent(t, ds.dev, 'BrowserLaunchedToOpenUrl', { RemoteUrl: rng.pick(SITES) }, teams);
  } else {
    const appinfo = ds.base.get('appinfo')!;
    w.spawn(t, appinfo, 'consent', `consent.exe ${rng.int(800, 9000)} ${rng.int(200, 600)} 000001${rng.hex(10).toUpperCase()}`, { acct: WELL_KNOWN.system, sessionId: 2, loads: false });
  }
};

const installer: Template = (a, ds, t) => {
  const { w, rng } = a;
  const services = ds.base.get('services')!;
  const msi = w.spawn(t, services, 'msiexec', 'C:\\Windows\\system32\\msiexec.exe /V', { acct: WELL_KNOWN.system });
  const child = w.spawn(t + 2 * SEC_TICKS, msi, 'msiexec', `C:\\Windows\\System32\\MsiExec.exe -Embedding ${rng.hex(32).toUpperCase()} E Global\\MSI0000`, { acct: WELL_KNOWN.system, loads: false });
  const product = rng.pick(['Microsoft Teams Meeting Add-in for Microsoft Office', 'Zoom Workplace (64-bit)', 'Microsoft Visual C++ 2022 X64 Minimum Runtime - 14.40.33810', 'Google Chrome', 'Notepad++ (64-bit x64)']);
  const guid = `{${rng.guid().toUpperCase()}}`;
  const key = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${guid}`;
  w.regEvent(t + 3 * SEC_TICKS, msi, 'RegistryKeyCreated', key, null, null, null);
  w.regEvent(t + 3 * SEC_TICKS, msi, 'RegistryValueSet', key, 'DisplayName', 'String', product);
  w.regEvent(t + 3 * SEC_TICKS, msi, 'RegistryValueSet', key, 'InstallDate', 'String', new Date(w.clock.nowMs).toISOString().slice(0, 10).replace(/-/g, ''));
  w.fileEvent(t + 4 * SEC_TICKS, child, 'FileCreated', `C:\\Windows\\Installer\\${rng.hex(6)}.msi`, { FileSize: rng.int(1_000_000, 90_000_000) });
};

const werFault: Template = (a, ds, t) => {
  const { w, rng } = a;
  const s = sessionAt(a, ds.dev, t);
  const crashed = s ? w.existing(ds.dev, rng.pick(['teams', 'outlook', 'onedrive'])) : ds.base.get('dcom')!;
  w.spawn(t, crashed, 'werfault', `C:\\Windows\\system32\\WerFault.exe -u -p ${crashed.pid} -s ${rng.int(200, 9000)}`, { loads: false });
};

const iisWork: Template = (a, ds, t) => {
  const { w, rng } = a;
  const w3 = w.existing(ds.dev, 'w3wp');
  if (rng.chance(0.5)) {
    // ASP.NET compiles pages on first hit after a recycle: a w3wp -> csc -> cvtres chain that web-shell hunts must tolerate.
    const csc = w.spawn(t, w3, 'csc', `"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /noconfig /fullpaths @"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\${rng.hex(8)}\\${rng.hex(8)}\\${rng.hex(8)}.cmdline"`, { loads: false });
    w.spawn(t + SEC_TICKS, csc, 'cvtres', `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\cvtres.exe /NOLOGO /READONLY /MACHINE:IX86 "/OUT:C:\\Windows\\TEMP\\RES${rng.hex(4).toUpperCase()}.tmp"`, { loads: false });
    w.fileEvent(t + 2 * SEC_TICKS, csc, 'FileCreated', `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\${rng.hex(8)}\\${rng.hex(8)}\\App_Web_${rng.hex(8)}.dll`, { FileSize: rng.int(8_000, 90_000) });
  } else {
    w.load(t, w3, rng.pick(['clr', 'mscoree', 'crypt32', 'winhttp']));
  }
};

const winUpdate: Template = (a, ds, t) => {
  const { w, rng } = a;
  const dcom = ds.base.get('dcom')!;
  const ti = w.spawn(t, ds.base.get('services')!, 'trustedinstaller', 'C:\\Windows\\servicing\\TrustedInstaller.exe', { acct: WELL_KNOWN.system, loads: false });
  const worker = w.spawn(t + SEC_TICKS, dcom, 'tiworker', 'C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.20348.2700_none_7b2c4f0c4a6e7f41\\TiWorker.exe -Embedding', { acct: WELL_KNOWN.system, loads: false });
  for (let k = rng.int(1, 3); k > 0; k--) {
    w.fileEvent(t + k * 20 * SEC_TICKS, worker, 'FileCreated', `C:\\Windows\\SoftwareDistribution\\Download\\${rng.hex(32)}\\Windows10.0-KB50${rng.int(30000, 49999)}-x64.cab`, { FileSize: rng.int(1_000_000, 400_000_000) });
  }
  w.regEvent(t + 2 * SEC_TICKS, ti, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing', 'LastTrustTime', 'Qword', String(rng.int(1e17, 2e17)));
};

// Linux
const cronJob: Template = (a, ds, t) => {
  const { w, rng } = a;
  const cron = ds.base.get('cron');
  if (!cron) return;
  const job = rng.pick([
    ['python', 'python3 /opt/contoso/agent/sync.py --quiet'],
    ['logrotate', '/usr/sbin/logrotate /etc/logrotate.conf'],
    ['curl', 'curl -fsS -m 10 --retry 3 https://hc-ping.com/3f0e0a7c-6c1d-4f2a-9a5b-2a1c1f0d9e11'],
    ['python', 'python3 /usr/lib/ubuntu-advantage/timer.py'],
  ] as const);
  const sh = w.spawn(t, cron, 'dash', `/bin/sh -c ${job[1]}`, { loads: false });
  const p = w.spawn(t + 10 * MS_TICKS, sh, job[0], job[1], { loads: false });
  if (job[0] === 'python' && rng.chance(0.3)) w.fileEvent(t + SEC_TICKS, p, 'FileModified', '/opt/contoso/agent/cache/state.json', { FileSize: rng.int(2000, 90_000) });
  if (job[0] === 'logrotate') w.fileEvent(t + SEC_TICKS, p, 'FileCreated', `/var/log/syslog.${rng.int(1, 7)}.gz`, { FileSize: rng.int(20_000, 900_000) });
};

const sshSession: Template = (a, ds, t) => {
  const { w, rng } = a;
  const sshd = ds.base.get('sshd');
  if (!sshd) return;
  const user: Acct = { domain: ds.dev.name.split('.')[0]!, name: rng.pick(['deploy', 'ubuntu', 'ansible']), sid: null, upn: null, objectId: null, logonId: 0, admin: false };
  const from = rng.pick(a.adminWorkstations.length ? a.adminWorkstations : [ds.dev]);
  logonRow(a, t, ds.dev, 'LogonSuccess', 'Network', user, { protocol: null, remoteIp: from.localIp, remoteDevice: null, local: false });
  const child = w.spawn(t + SEC_TICKS, sshd, 'sshd', `sshd: ${user.name} [priv]`, { acct: rootAcct(ds.dev), loads: false });
  const bash = w.spawn(t + 2 * SEC_TICKS, child, 'bash', '-bash', { acct: user, loads: false });
  for (let k = rng.int(1, 4); k > 0; k--) {
    const [key, line] = rng.pick([['ps', 'ps aux'], ['uname', 'uname -a'], ['id', 'id'], ['kubectl', 'kubectl get pods -A'], ['sudo', 'sudo apt-get update'], ['curl', 'curl -s http://localhost:8080/healthz']] as const);
    const p = w.spawn(t + k * rng.int(3, 90) * SEC_TICKS, bash, key, line, { loads: false });
    if (key === 'sudo') w.spawn(t + k * 91 * SEC_TICKS, p, 'aptget', 'apt-get update', { acct: rootAcct(ds.dev), loads: false });
  }
};

const TEMPLATES: Record<string, readonly [Template, number][]> = {
  workstation: [[browse, 30], [office, 12], [outlookMail, 8], [scheduled, 14], [comServer, 14], [sccmScript, 4], [defender, 4], [userShell, 6], [installer, 0.6], [werFault, 1]],
  server: [[scheduled, 20], [comServer, 14], [sccmScript, 6], [defender, 6], [adminWork, 10], [installer, 0.5], [werFault, 0.5], [winUpdate, 1.5]],
  web: [[scheduled, 16], [comServer, 10], [sccmScript, 5], [defender, 5], [adminWork, 4], [iisWork, 14], [winUpdate, 1]],
  linux: [[cronJob, 10], [sshSession, 3]],
};

function templatesFor(ds: DevState): readonly [Template, number][] | null {
  const d = ds.dev;
  if (d.kind === 'discovered' || d.kind === 'mac') return null;
  if (!ds.win) return TEMPLATES.linux!;
  if (d.kind === 'workstation') return TEMPLATES.workstation!;
  if (ds.base.has('iis')) return TEMPLATES.web!;
  return TEMPLATES.server!;
}

// ---------------------------------------------------------------------------------------------------------------
// Fillers: table-specific background that has no process story of its own

/** Share of each table that comes from its filler even when process activity already filled it. */
const MIN_FILL = 0.35;

function fillFiles(a: Activity, target: number, devs: DevState[]): void {
  const { w, rng } = a;
  const winDevs = devs.filter((d) => d.win);
  const ws = devs.filter((d) => d.dev.kind === 'workstation' && d.user);
  let guard = target * 4;
  const goal = Math.max(target, w.file.length + Math.round(target * MIN_FILL));
  while (w.file.length < goal && guard-- > 0) {
    const r = rng.next();
    if (r < 0.35 && a.fileServers.length && ws.length) {
      // SMB writes on the file server: the kernel writes them (InitiatingProcess System), Request* name the client.
      const server = w.state(rng.pick(a.fileServers));
      const client = rng.pick(ws);
      const share = rng.pick(['Finance', 'HR', 'Projects', 'Public', 'Home$']);
      const name = `${rng.pick(DOC_NAMES)} ${rng.int(1, 40)}.${rng.pick(['docx', 'xlsx', 'pdf', 'pptx', 'csv'])}`;
      const t = timeIn(a, client.dev, true);
      w.fileEvent(t, server.base.get('system')!, rng.chance(0.6) ? 'FileModified' : 'FileCreated', `D:\\Shares\\${share}\\${name}`, {
        RequestProtocol: 'SMB', RequestSourceIP: client.dev.localIp, RequestSourcePort: rng.int(49152, 65535), RequestAccountName: client.user!.name,
        RequestAccountDomain: 'CONTOSO', RequestAccountSid: client.user!.sid, ShareName: share, FileSize: rng.int(10_000, 5_000_000),
      });
    } else if (r < 0.6 && ws.length) {
      const ds = rng.pick(ws);
      const t = timeIn(a, ds.dev, true);
      const s = sessionAt(a, ds.dev, t);
      if (!s) continue;
      const od = w.existing(ds.dev, 'onedrive');
      w.fileEvent(t, od, rng.chance(0.7) ? 'FileModified' : 'FileCreated', `${userProfile(ds)}\\OneDrive - Contoso\\${rng.pick(['Documents', 'Desktop', 'Pictures'])}\\${rng.pick(DOC_NAMES)}.${rng.pick(['docx', 'xlsx', 'pptx', 'pdf', 'png'])}`, { FileSize: rng.int(5_000, 8_000_000) });
    } else if (r < 0.8 && winDevs.length) {
      const ds = rng.pick(winDevs);
      const t = timeIn(a, ds.dev, false);
      const svc = ds.base.get('dcom')!;
      const tmp = `C:\\Windows\\Temp\\${rng.pick(['MpCmdRun', 'msedge_installer', 'CCM', 'wct'])}${rng.hex(4).toUpperCase()}.tmp`;
      w.fileEvent(t, svc, 'FileCreated', tmp, { FileSize: rng.int(100, 200_000) });
      if (rng.chance(0.5)) w.fileEvent(t + rng.int(1, 300) * SEC_TICKS, svc, 'FileDeleted', tmp, { FileSize: rng.int(100, 200_000) });
    } else if (r < 0.815) {
      rareFile(a, rng.pick(ws.length ? ws : winDevs));
    } else if (r < 0.9) {
      const linux = devs.filter((d) => !d.win && d.base.has('cron'));
      if (!linux.length) continue;
      const ds = rng.pick(linux);
      const t = timeIn(a, ds.dev, false);
      w.fileEvent(t, ds.base.get('cron')!, 'FileModified', rng.pick(['/var/lib/apt/extended_states', '/etc/ld.so.cache', '/var/lib/dpkg/status', '/tmp/.X11-unix/lock']), { FileSize: rng.int(1_000, 400_000) });
    } else if (ws.length) {
      const ds = rng.pick(ws);
      const t = timeIn(a, ds.dev, true);
      const s = sessionAt(a, ds.dev, t);
      if (!s) continue;
      const lnk = `${userProfile(ds)}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\${rng.pick(DOC_NAMES)}.lnk`;
      w.fileEvent(t, s.explorer, 'FileCreated', lnk, { FileSize: rng.int(900, 2500) });
      if (rng.chance(0.2)) w.devEvent(t, ds.dev, 'ShellLinkCreateFileEvent', { FileName: lnk.slice(lnk.lastIndexOf('\\') + 1), FolderPath: lnk, AdditionalFields: JSON.stringify({ ShellLinkCommandLine: '', ShellLinkIconPath: '', ShellLinkShowCommand: 'SW_SHOWNORMAL' }) }, s.explorer);
    }
  }
}

const SERVICES = ['wuauserv', 'BITS', 'TrustedInstaller', 'Spooler', 'WinDefend', 'Sense', 'CcmExec', 'W32Time', 'gpsvc', 'Dnscache'];

function fillRegistry(a: Activity, target: number, devs: DevState[]): void {
  const { w, rng } = a;
  const winDevs = devs.filter((d) => d.win);
  if (!winDevs.length) return;
  let guard = target * 4;
  const goal = Math.max(target, w.reg.length + Math.round(target * MIN_FILL));
  while (w.reg.length < goal && guard-- > 0) {
    const ds = rng.pick(winDevs);
    const r = rng.next();
    const t = timeIn(a, ds.dev, r < 0.3);
    if (r < 0.3) {
      const s = sessionAt(a, ds.dev, t);
      const sid = s?.acct.sid ?? 'S-1-5-18';
      const exe = rng.pick(['chrome.exe', 'msedge.exe', 'OUTLOOK.EXE', 'ms-teams.exe', 'cmd.exe', 'notepad.exe', 'EXCEL.EXE']);
      w.regEvent(t, ds.base.get('dcom')!, 'RegistryValueSet', `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings\\${sid}`, `\\Device\\HarddiskVolume3\\Program Files\\${exe}`, 'Binary', null);
    } else if (r < 0.5) {
      const svc = rng.pick(SERVICES);
      w.regEvent(t, ds.base.get('services')!, 'RegistryValueSet', `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\${svc}`, rng.pick(['Start', 'Type', 'ErrorControl']), 'Dword', String(rng.pick([2, 3, 4])));
    } else if (r < 0.62) {
      const s = sessionAt(a, ds.dev, t);
      if (!s) continue;
      const od = w.existing(ds.dev, 'onedrive');
      w.regEvent(t, od, 'RegistryValueSet', `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run`, 'OneDrive', 'String', `"${od.path ?? ''}" /background`);
    } else if (r < 0.74) {
      const task = rng.pick(['\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', '\\GoogleUpdateTaskMachineUA', '\\MicrosoftEdgeUpdateTaskMachineCore', '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag']);
      w.regEvent(t, ds.base.get('schedule')!, 'RegistryValueSet', `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree${task}`, 'Index', 'Dword', String(rng.int(1, 4)));
    } else if (r < 0.84) {
      const gp = ds.base.get('gpsvc')!;
      const rule = rng.pick(['9e6c4e1f-7d60-472f-ba1a-a39ef669e4b2', 'd4f940ab-401b-4efc-aadc-ad5f3c50688a', 'be9ba2d9-53ea-4cdc-84e5-9b1eeee46550', 'e6db77e5-3df2-4cf1-b95a-636979351e5b']);
      w.regEvent(t, gp, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Windows Defender Exploit Guard\\ASR\\Rules', rule, 'String', rng.pick(['1', '2']));
    } else if (r < 0.92) {
      const tmpKey = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\InProgress\\${rng.hex(8)}`;
      w.regEvent(t, ds.base.get('services')!, 'RegistryKeyCreated', tmpKey, null, null, null);
      w.regEvent(t + 40 * SEC_TICKS, ds.base.get('services')!, 'RegistryKeyDeleted', tmpKey, null, null, null);
    } else {
      const s = sessionAt(a, ds.dev, t);
      if (!s) continue;
      w.regEvent(t, s.explorer, 'RegistryValueDeleted', `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\FeatureUsage\\AppSwitched`, rng.pick(['Microsoft.Windows.Explorer', 'MSEdge', 'Chrome']), 'Dword', null);
    }
  }
}

function fillImageLoads(a: Activity, target: number, devs: DevState[]): void {
  const { w, rng } = a;
  const winDevs = devs.filter((d) => d.win);
  if (!winDevs.length) return;
  let guard = target * 4;
  const goal = Math.max(target, w.image.length + Math.round(target * MIN_FILL));
  while (w.image.length < goal && guard-- > 0) {
    const ds = rng.pick(winDevs);
    const t = timeIn(a, ds.dev, false);
    const r = rng.next();
    if (r < 0.35) {
      // lsass loads its packages when authentication happens; also a common hunting subject.
      w.load(t, ds.base.get('lsass')!, rng.pick(['msv1_0', 'kerberos', 'wdigest', 'cryptdll', 'rsaenh', 'samlib', 'netapi32', 'dnsapi']));
    } else if (r < 0.6) {
      w.load(t, ds.base.get(rng.pick(['dcom', 'schedule', 'winmgmt', 'dnscache']))!, rng.pick(['taskschd', 'dnsapi', 'crypt32', 'winhttp', 'ws2_32', 'advapi32']));
    } else if (r < 0.8) {
      w.load(t, ds.base.get('msmpeng')!, rng.pick(['crypt32', 'wininet', 'winhttp', 'rsaenh']));
    } else {
      const s = sessionAt(a, ds.dev, t);
      if (!s) continue;
      const proc = w.existing(ds.dev, rng.pick(['outlook', 'teams', 'chrome', 'msedge']));
      w.load(t, proc, rng.pick(['crypt32', 'wininet', 'winhttp', 'dnsapi', 'ws2_32']));
    }
  }
}

function fillLogons(a: Activity, target: number, devs: DevState[]): void {
  const { w, rng } = a;
  const ws = devs.filter((d) => d.dev.kind === 'workstation' && d.user && d.win);
  const servers = devs.filter((d) => d.win && isServer(d.dev));
  const winDevs = devs.filter((d) => d.win);
  if (!ws.length || !servers.length) return;
  let guard = target * 4;
  const goal = Math.max(target, w.logon.length + Math.round(target * MIN_FILL));
  while (w.logon.length < goal && guard-- > 0) {
    const r = rng.next();
    if (r < 0.5) {
      // Users and machine accounts reach servers (SMB, LDAP, SQL): Network logons with Kerberos.
      const client = rng.pick(ws);
      const server = rng.chance(0.5) && a.dcs.length ? w.state(rng.pick(a.dcs)) : rng.chance(0.6) && a.fileServers.length ? w.state(rng.pick(a.fileServers)) : rng.pick(servers);
      const t = timeIn(a, client.dev, true);
      const machine = rng.chance(0.35);
      const acct: Acct = machine
        ? { domain: 'contoso', name: `${client.dev.name.split('.')[0]!.toUpperCase()}$`, sid: `${a.w.domainSid}-${2000 + client.dev.index}`, upn: null, objectId: null, logonId: w.newLogonId(), admin: false }
        : { ...client.user!, logonId: w.newLogonId() };
      const fail = !machine && rng.chance(0.02);
      logonRow(a, t, server.dev, fail ? 'LogonFailed' : 'LogonSuccess', 'Network', acct, {
        protocol: rng.chance(0.9) ? 'Kerberos' : 'NTLM', remoteIp: client.dev.localIp, remoteDevice: client.dev.name.split('.')[0]!, local: false,
        failure: rng.pick(['InvalidUserNameOrPassword', 'InvalidUserNameOrPassword', 'AccountLocked', 'UserLogonTypeNotGranted']),
      });
    } else if (r < 0.75) {
      // Services and scheduled tasks log on as service accounts.
      const ds = rng.pick(winDevs);
      const t = timeIn(a, ds.dev, false);
      const svc = ds.dev.role === 'sql-prod' ? a.services.sql : ds.dev.role === 'file' ? a.services.backup : rng.chance(0.5) ? WELL_KNOWN.system : a.services.sccm;
      logonRow(a, t, ds.dev, 'LogonSuccess', rng.chance(0.6) ? 'Service' : 'Batch', { ...svc, logonId: w.newLogonId() }, { protocol: 'Negotiate', local: true, initiator: ds.base.get('services') });
    } else if (r < 0.85) {
      const ds = rng.pick(ws);
      const t = timeIn(a, ds.dev, true);
      const s = sessionAt(a, ds.dev, t);
      if (!s) continue;
      logonRow(a, t, ds.dev, 'LogonSuccess', 'Unlock', s.acct, { protocol: 'Negotiate', initiator: ds.base.get('winlogon') });
    } else if (r < 0.95) {
      // Failed local unlocks (typos) on workstations.
      const ds = rng.pick(ws);
      const t = timeIn(a, ds.dev, true);
      logonRow(a, t, ds.dev, 'LogonFailed', 'Interactive', { ...ds.user!, logonId: 0 }, { protocol: 'Negotiate', failure: 'InvalidUserNameOrPassword', initiator: ds.base.get('winlogon') });
    } else if (r < 0.955) {
      // Help desk uses the LAPS-managed local Administrator (RID 500) over the network.
      const server = rng.pick(servers);
      const from = rng.pick(a.adminWorkstations.length ? a.adminWorkstations : [ws[0]!.dev]);
      logonRow(a, timeIn(a, server.dev, true), server.dev, 'LogonSuccess', 'Network', { ...server.localAdmin!, logonId: w.newLogonId() }, { protocol: 'NTLM', remoteIp: from.localIp, remoteDevice: from.name.split('.')[0]!, local: false, admin: true });
    } else if (r < 0.965 && a.fileServers.length) {
      // Defender aggregates frequent identical logons into hourly reports.
      const ds = w.state(rng.pick(a.fileServers));
      const client = rng.pick(ws);
      const t = timeIn(a, client.dev, true);
      w.logon.add(t, ds.dev, {
        ActionType: 'LogonSuccessAggregatedReport', LogonType: 'Network', AccountDomain: 'contoso', AccountName: client.user!.name, AccountSid: client.user!.sid,
        Protocol: 'Kerberos', IsLocalAdmin: false, RemoteIP: client.dev.localIp, RemoteIPType: 'Private', RemoteDeviceName: client.dev.name.split('.')[0]!,
        AdditionalFields: JSON.stringify({ uniqueEventsAggregated: rng.int(2, 60), IsLocalLogon: false }),
      }, ds.base.get('lsass')!);
    } else if (r < 0.97) {
      // Scheduled tasks running as the backup account on the file servers.
      const ds = a.fileServers.length ? w.state(rng.pick(a.fileServers)) : rng.pick(servers);
      logonRow(a, timeIn(a, ds.dev, false), ds.dev, 'LogonSuccess', 'Batch', { ...a.services.backup, logonId: w.newLogonId() }, { protocol: 'Negotiate', local: true, initiator: ds.base.get('schedule') });
    } else {
      const server = rng.pick(servers);
      adminSession(a, server.dev, timeIn(a, server.dev, true));
    }
  }
}

function fillDeviceEvents(a: Activity, target: number, devs: DevState[]): void {
  const { w, rng } = a;
  const winDevs = devs.filter((d) => d.win);
  const ws = devs.filter((d) => d.dev.kind === 'workstation' && d.user && d.win);
  if (!winDevs.length) return;
  const dnsNames = ['login.microsoftonline.com', 'outlook.office365.com', 'teams.microsoft.com', 'winatp-gw-weu.microsoft.com', 'www.google.com', 'github.com', 'ctldl.windowsupdate.com', 'dc-01.contoso.com', 'contoso.sharepoint.com', 'settings-win.data.microsoft.com'];
  let guard = target * 4;
  const goal = Math.max(target, w.events.length + Math.round(target * MIN_FILL));
  while (w.events.length < goal && guard-- > 0) {
    const ds = rng.pick(winDevs);
    const t = timeIn(a, ds.dev, false);
    const r = rng.next();
    if (r < 0.3) {
      const name = rng.pick(dnsNames);
      const ip = `${rng.int(13, 52)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      w.devEvent(t, ds.dev, 'DnsQueryResponse', { AdditionalFields: JSON.stringify({ DnsQueryString: name, DnsQueryResult: [{ DnsQueryType: 'A', Result: ip }] }) }, ds.base.get('dnscache')!);
    } else if (r < 0.45) {
      const p = ds.base.get(rng.pick(['dcom', 'schedule', 'services', 'lsass']))!;
      const pipe = rng.pick(['\\Device\\NamedPipe\\lsass', '\\Device\\NamedPipe\\ntsvcs', '\\Device\\NamedPipe\\srvsvc', '\\Device\\NamedPipe\\wkssvc', '\\Device\\NamedPipe\\Winsock2\\CatalogChangeListener-' + rng.hex(3) + '-0', '\\Device\\NamedPipe\\PSHost.' + rng.int(1e17, 9e17) + '.' + rng.int(1000, 9000) + '.DefaultAppDomain.powershell']);
      w.devEvent(t, ds.dev, 'NamedPipeEvent', { FileName: pipe.slice(pipe.lastIndexOf('\\') + 1), AdditionalFields: JSON.stringify({ PipeName: pipe, FileOperation: rng.pick(['File opened', 'File created']), NamedPipeEnd: rng.pick(['Client', 'Server']), ThreadId: rng.int(1000, 30000) }) }, p);
    } else if (r < 0.55) {
      const gp = ds.base.get('gpsvc')!;
      w.devEvent(t, ds.dev, 'LdapSearch', { AdditionalFields: JSON.stringify({ AttributeList: ['gPLink', 'gPOptions', 'distinguishedName'], ScopeOfSearch: 'Base', SearchFilter: '(objectClass=*)', DistinguishedName: `CN=${ds.dev.name.split('.')[0]!.toUpperCase()},OU=Computers,DC=contoso,DC=com` }) }, gp);
    } else if (r < 0.62) {
      const wmi = ds.base.get('wmiprvse') ?? ds.base.get('winmgmt')!;
      w.devEvent(t, ds.dev, 'ProcessCreatedUsingWmiQuery', { FileName: 'MpCmdRun.exe', ProcessCommandLine: '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe" GetDeviceTicket -AccessKey ' + rng.hex(8).toUpperCase(), ProcessId: w.pid(ds.dev) }, wmi);
    } else if (r < 0.7) {
      const p = ds.base.get('msmpeng')!;
      w.devEvent(t, ds.dev, 'AntivirusScanCompleted', { AdditionalFields: JSON.stringify({ ScanTypeIndex: 1, ScanId: `{${rng.guid().toUpperCase()}}`, Source: 'Scheduled' }) }, p);
    } else if (r < 0.735 && ws.length) {
      const d = rng.pick(ws);
      const tt = timeIn(a, d.dev, true);
      const s = sessionAt(a, d.dev, tt);
      if (!s) continue;
      const serial = rng.hex(16).toUpperCase();
      const vendor = rng.pick([['Kingston', 'DataTraveler 3.0', 'VID_0951&PID_1666'], ['SanDisk', 'Cruzer Blade', 'VID_0781&PID_5567'], ['Logitech', 'USB Receiver', 'VID_046D&PID_C52B']] as const);
      w.devEvent(tt, d.dev, 'PnpDeviceConnected', { AdditionalFields: JSON.stringify({ ClassName: vendor[0] === 'Logitech' ? 'HIDClass' : 'DiskDrive', DeviceId: `USB\\${vendor[2]}\\${serial}`, DeviceDescription: vendor[1], VendorIds: `USB\\${vendor[2]}`, ClassId: '{4d36e967-e325-11ce-bfc1-08002be10318}' }) }, d.base.get('services')!);
      if (vendor[0] !== 'Logitech') w.devEvent(tt + 2 * SEC_TICKS, d.dev, 'UsbDriveMounted', { AdditionalFields: JSON.stringify({ DriveLetter: 'E:', ProductName: vendor[1], Manufacturer: vendor[0], SerialNumber: serial, Volume: `\\\\?\\Volume{${rng.guid()}}`, ProductRevision: '1.00', BusType: 7 }) }, d.base.get('services')!);
    } else if (r < 0.8) {
      w.devEvent(t, ds.dev, 'DeviceBootAttestationInfo', { AdditionalFields: JSON.stringify({ SystemGuardSecurityLevel: rng.pick([0, 200, 700]), ReportValidityStartTime: w.clock.format(t - HOUR_TICKS), ReportValidityEndTime: w.clock.format(t + 47 * HOUR_TICKS), IsSecureBootOn: rng.chance(0.95), IsHvciOn: rng.chance(0.6), IsVsmOn: rng.chance(0.7), IsIommuOn: true, IsElamDriverLoaded: true, IsDriverCodeIntegrityEnforced: true, TpmVersion: '2.0', ValidationResult: 'Success' }) }, null);
    } else if (r < 0.86) {
      const p = ds.base.get('svchost') ?? ds.base.get('schedule')!;
      w.devEvent(t, ds.dev, 'ScheduledTaskUpdated', { AdditionalFields: JSON.stringify({ TaskName: rng.pick(['\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', '\\Microsoft\\Windows\\WindowsUpdate\\Scheduled Start', '\\Microsoft\\Office\\Office Automatic Updates 2.0']) }) }, p);
    } else if (r < 0.9) {
      const p = ds.base.get('services')!;
      w.devEvent(t, ds.dev, 'ServiceInstalled', { AdditionalFields: JSON.stringify({ ServiceName: rng.pick(['GoogleUpdaterService131.0.6778.86', 'edgeupdate', 'MozillaMaintenance']), ServiceType: 'Win32OwnProcess', ServiceStartType: 'AutoStart', ServiceAccount: 'LocalSystem' }) }, p);
    } else if (r < 0.94 && ws.length) {
      const d = rng.pick(ws);
      const tt = timeIn(a, d.dev, true);
      if (!sessionAt(a, d.dev, tt)) continue;
      const kind = rng.pick(['AsrOfficeChildProcessAudited', 'AsrExecutableEmailContentAudited', 'AsrObfuscatedScriptAudited', 'AsrUntrustedExecutableAudited', 'AsrScriptExecutableDownloadAudited', 'AsrPersistenceThroughWmiAudited', 'AsrExecutableOfficeContentAudited', 'AsrRansomwareAudited']);
      const proc = w.existing(d.dev, rng.pick(['outlook', 'teams', 'chrome']));
      const im = w.img(d.dev, 'asr:' + kind, { path: `C:\\Users\\${d.user!.name}\\AppData\\Local\\Temp\\${rng.pick(['setup_helper', 'update', 'install'])}_${rng.hex(4)}.exe`, size: rng.int(80_000, 900_000) });
      w.devEvent(tt, d.dev, kind, { FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, MD5: im.md5, FileSize: im.size, AdditionalFields: JSON.stringify({ IsAudit: true, RuleId: rng.guid() }) }, proc);
    } else if (r < 0.97) {
      const p = ds.base.get('dcom')!;
      w.devEvent(t, ds.dev, 'CreateRemoteThreadApiCall', { FileName: 'csrss.exe', FolderPath: 'C:\\Windows\\System32\\csrss.exe', ProcessId: rng.int(400, 700) * 4 }, p);
    } else if (ws.length) {
      rareEvent(a, rng.pick(ws));
    }
  }
}

/** Occasional file events that hunting queries look for: ISO mounts, certificate exports, printer drivers. */
function rareFile(a: Activity, ds: DevState): void {
  const { w, rng } = a;
  const r = rng.int(0, 3);
  if (r === 0 && ds.user) {
    const t = timeIn(a, ds.dev, true);
    const s = sessionAt(a, ds.dev, t);
    if (!s) return;
    const name = `${rng.pick(['Quote', 'Order', 'Scan'])}_${rng.int(1000, 9999)}`;
    const browser = w.existing(ds.dev, 'msedge');
    w.fileEvent(t, browser, 'FileCreated', `${userProfile(ds)}\\Downloads\\${name}.iso`, { FileSize: rng.int(400_000, 3_000_000), FileOriginUrl: `https://files.fabrikam.com/share/${name}.iso`, FileOriginReferrerUrl: 'https://outlook.office365.com/' });
    w.fileEvent(t + 20 * SEC_TICKS, s.explorer, 'FileCreated', `${userProfile(ds)}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\${name}.iso.lnk`, { FileSize: 1_214 });
    w.devEvent(t + 40 * SEC_TICKS, ds.dev, 'BrowserLaunchedToOpenUrl', { RemoteUrl: `https://files.fabrikam.com/share/${name}/readme.html` }, s.explorer);
  } else if (r === 1) {
    // Exported by an admin in an RDP session: a CA server with one that day, else an application server.
    const withSession = (role: string): Device[] => (w.fleet.byRole.get(role) ?? []).filter((d) => a.sessions.get(d)?.length);
    const servers = withSession('ca').length ? withSession('ca') : withSession('app-int');
    if (!servers.length) return;
    const dev = rng.pick(servers);
    const list = a.sessions.get(dev)!;
    const s = rng.pick(list);
    const mmc = w.spawn(s.start + MIN_TICKS, s.explorer, 'mmc', '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\certlm.msc" ', { loads: false });
    w.fileEvent(s.start + 3 * MIN_TICKS, mmc, 'FileCreated', `C:\\Users\\${s.acct.name}\\Desktop\\${rng.pick(['portal', 'web-prod', 'adfs'])}-contoso-com.pfx`, { FileSize: rng.int(2_500, 6_000) });
  } else {
    const servers = w.fleet.byRole.get('print') ?? w.fleet.byRole.get('file') ?? [];
    if (!servers.length) return;
    const dev = rng.pick(servers);
    const st = w.state(dev);
    const t = timeIn(a, dev, false);
    const sp = st.base.get('spoolsv') ?? w.spawn(-HOUR_TICKS, st.base.get('services')!, 'spoolsv', 'C:\\Windows\\System32\\spoolsv.exe', { acct: WELL_KNOWN.system, emit: false });
    st.base.set('spoolsv', sp);
    w.fileEvent(t, sp, 'FileCreated', `C:\\Windows\\System32\\spool\\drivers\\x64\\3\\New\\${rng.pick(['hpcpp255.dll', 'hpmui255.dll', 'PrintConfig.dll', 'unidrv.dll'])}`, { FileSize: rng.int(90_000, 4_000_000) });
  }
}

const PUA = ['PUA:Win32/uTorrent', 'PUA:Win32/Presenoker', 'PUADlManager:Win32/OfferCore', 'PUA:Win32/CandyOpen'];

/** The less common DeviceEvents types, on a workstation during the user's day. */
function rareEvent(a: Activity, ds: DevState): void {
  const { w, rng } = a;
  const t = timeIn(a, ds.dev, true);
  const s = sessionAt(a, ds.dev, t);
  if (!s) return;
  const dev = ds.dev;
  const user = ds.user!;
  const r = rng.int(0, 13);
  const services = ds.base.get('services')!;
  switch (r) {
    case 0: w.devEvent(t, dev, 'ScreenshotTaken', { AdditionalFields: JSON.stringify({ ScreenshotSource: 'SnippingTool' }) }, s.explorer); break;
    case 1: {
      const office = w.existing(dev, 'outlook');
      const name = `${rng.pick(['Quote', 'Statement', 'PO'])}_${rng.int(1000, 9999)}.${rng.pick(['docx', 'xlsx', 'pdf'])}`;
      w.devEvent(t, dev, 'SafeDocFileScan', { FileName: name, FolderPath: `C:\\Users\\${user.name}\\Downloads\\${name}`, SHA256: rng.hex(64), AdditionalFields: JSON.stringify({ VerificationResult: rng.chance(0.9) ? 'clean' : 'malware', FileType: name.split('.').pop() }) }, office);
      break;
    }
    case 2: {
      const p = w.existing(dev, rng.pick(['onedrive', 'teams']));
      w.devEvent(t, dev, rng.chance(0.8) ? 'ControlledFolderAccessViolationAudited' : 'ControlledFolderAccessViolationBlocked', { FileName: 'Budget 2027.xlsx', FolderPath: `C:\\Users\\${user.name}\\Documents\\Budget 2027.xlsx`, AdditionalFields: JSON.stringify({ IsAudit: true }) }, p);
      break;
    }
    case 3: {
      const im = w.img(dev, 'applocker:portable', { path: `C:\\Users\\${user.name}\\Downloads\\${rng.pick(['PortableGit.exe', 'putty.exe', 'WinSCP-Portable.exe'])}`, size: rng.int(900_000, 50_000_000) });
      w.devEvent(t, dev, rng.chance(0.5) ? 'AppLockerBlockExecutable' : 'AppControlExecutableAudited', { FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, AdditionalFields: JSON.stringify({ PolicyName: 'Contoso baseline', RuleId: rng.guid() }) }, s.explorer);
      break;
    }
    case 4: {
      const sp = w.spawn(t - HOUR_TICKS, services, 'spoolsv', 'C:\\Windows\\System32\\spoolsv.exe', { acct: WELL_KNOWN.system, emit: false });
      w.devEvent(t, dev, 'PrintJobBlocked', { AccountName: user.name, AccountDomain: user.domain, AccountSid: user.sid, AdditionalFields: JSON.stringify({ JobOrDocumentName: 'Customer list.xlsx', PrinterName: 'USB Printer', PortName: 'USB001', RestrictionReason: 'DeviceControlPolicy' }) }, sp);
      break;
    }
    case 5: {
      const kind = rng.pick([['Monitor', 'Generic PnP Monitor', 'DISPLAY\\DELA1E6\\5&2b1c7b2&0&UID4352'], ['USB', 'USB Printing Support', 'USB\\VID_03F0&PID_0317\\CN0A1B2C3D'], ['Bluetooth', 'Bose QC45', 'BTHENUM\\{0000110b-0000-1000-8000-00805f9b34fb}']] as const);
      w.devEvent(t, dev, 'PnpDeviceConnected', { AdditionalFields: JSON.stringify({ ClassName: kind[0], DeviceId: kind[2], DeviceDescription: kind[1], VendorIds: kind[2].split('\\').slice(0, 2).join('\\'), ClassId: '{4d36e96e-e325-11ce-bfc1-08002be10318}' }) }, services);
      break;
    }
    case 6: w.devEvent(t, dev, 'CredentialsBackup', { AdditionalFields: JSON.stringify({ TargetName: 'Domain:target=TERMSRV/app-int-01' }) }, w.spawn(t - 5 * SEC_TICKS, s.explorer, 'rundll32', 'rundll32.exe keymgr.dll,KRShowKeyMgr')); break;
    case 7: {
      const ps = w.spawn(t - SEC_TICKS, s.explorer, 'powershell', '"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile', { loads: false });
      w.devEvent(t, dev, 'AmsiScriptDetection', { AdditionalFields: JSON.stringify({ Description: 'Script content matched a known-bad pattern', ScriptContent: 'IEX (New-Object Net.WebClient).DownloadString(...)' }) }, ps);
      break;
    }
    case 8: {
      const im = w.img(dev, 'pua:' + r, { path: `C:\\Users\\${user.name}\\Downloads\\${rng.pick(['uTorrent.exe', 'FreePDFConverterSetup.exe', 'video-downloader.exe'])}`, size: rng.int(1_000_000, 9_000_000) });
      w.devEvent(t, dev, 'AntivirusDetection', { FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, MD5: im.md5, FileSize: im.size, AdditionalFields: JSON.stringify({ ThreatName: rng.pick(PUA), WasRemediated: true, WasExecutingWhileDetected: false, Action: 'Quarantined' }) }, ds.base.get('msmpeng')!);
      break;
    }
    case 9: {
      const p = w.existing(dev, 'teams');
      w.devEvent(t, dev, 'ProcessPrimaryTokenModified', { AdditionalFields: JSON.stringify({ OriginalTokenPrivEnabled: 0, CurrentTokenPrivEnabled: 8388608, OriginalTokenIntegrityLevel: 8192, CurrentTokenIntegrityLevel: 8192, TokenModificationProperties: 'tokenChangeDescription' }) }, p);
      break;
    }
    case 10: {
      const kind = rng.pick(['AsrOfficeChildProcessBlocked', 'AsrExecutableEmailContentBlocked', 'AsrObfuscatedScriptBlocked', 'AsrScriptExecutableDownloadBlocked', 'AsrUntrustedExecutableBlocked']);
      const im = w.img(dev, 'asrblock:' + kind, { path: `C:\\Users\\${user.name}\\AppData\\Local\\Temp\\${rng.pick(['invoice', 'setup', 'doc'])}_${rng.hex(4)}.${kind.includes('Script') ? 'js' : 'exe'}`, size: rng.int(2_000, 900_000) });
      w.devEvent(t, dev, kind, { FileName: im.file, FolderPath: im.path, SHA1: im.sha1, SHA256: im.sha256, AdditionalFields: JSON.stringify({ IsAudit: false }) }, w.existing(dev, 'outlook'));
      break;
    }
    case 11: {
      const mp = ds.base.get('msmpeng')!;
      w.devEvent(t, dev, 'OtherAlertRelatedActivity', { AdditionalFields: JSON.stringify({ Description: `Microsoft Defender Antivirus detected and quarantined ${rng.pick(PUA)}` }) }, mp);
      break;
    }
    case 12: {
      const mp = ds.base.get('msmpeng')!;
      w.devEvent(t, dev, 'AntivirusTroubleshootModeEvent', { AdditionalFields: JSON.stringify({ TroubleshootingState: 'TroubleshootingStarted', TroubleshootingPreviousState: 'NotInTroubleshooting', TroubleshootingStartTime: w.clock.format(t), TroubleshootingStateExpiry: w.clock.format(t + 3 * HOUR_TICKS), TroubleshootingStateRemainingMinutes: 180, TroubleshootingStateChangeReason: 'Troubleshooting mode enabled by admin' }) }, mp);
      break;
    }
    default: {
      const dns = ds.base.get('dnscache')!;
      w.devEvent(t, dev, 'DnsQueryResponse', { AdditionalFields: JSON.stringify({ DnsQueryString: rng.pick(['_dmarc.contoso.com', 'contoso.com', 'selector1._domainkey.contoso.com']), DnsQueryResult: [{ DnsQueryType: 'TEXT', Result: 'v=spf1 include:spf.protection.outlook.com -all' }] }) }, dns);
    }
  }
}

/** Time for an event on a device: user hours for user work, flat otherwise; never after a device went away. */
export function timeIn(a: Activity, dev: Device, user: boolean): number {
  const h = user ? a.userHour.pick(a.rng) : a.rng.int(0, 23);
  let t = h * HOUR_TICKS + Math.floor(a.rng.next() * HOUR_TICKS);
  const end = (24 - dev.goneHoursAgo) * HOUR_TICKS;
  if (t >= end) t = Math.floor(a.rng.next() * end);
  return Math.max(SEC_TICKS, Math.min(t, DAY_TICKS - SEC_TICKS));
}

// ---------------------------------------------------------------------------------------------------------------

export interface Targets { process: number; file: number; logon: number; registry: number; image: number; events: number }

export function makeActivity(w: World): Activity {
  const rng = w.rng;
  const startHour = new Date(w.clock.startMs).getUTCHours();
  const hours = Array.from({ length: 24 }, (_, i) => i);
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.user);
  const adminUsers = ws.slice(0, 4);
  const admins: Acct[] = adminUsers.map((d, i) => ({ domain: 'contoso', name: `adm-${d.user!.name}`, sid: `${w.domainSid}-${1500 + i}`, upn: `adm-${d.user!.upn}`, objectId: rng.guid(), logonId: 0, admin: true }));
  if (!admins.length) admins.push({ domain: 'contoso', name: 'adm-it', sid: `${w.domainSid}-1500`, upn: 'adm-it@contoso.com', objectId: rng.guid(), logonId: 0, admin: true });
  const svc = (name: string, rid: number): Acct => ({ domain: 'contoso', name, sid: `${w.domainSid}-${rid}`, upn: `${name}@contoso.com`, objectId: rng.guid(), logonId: 0, admin: false });
  return {
    w, rng,
    userHour: new WeightedPicker(hours, hours.map((i) => diurnal((startHour + i) % 24))),
    sessions: new Map(), admins,
    services: { sccm: svc('svc_sccm', 1601), sql: svc('svc_sql', 1602), backup: { ...svc('svc_backup', 1603), admin: true } },
    adminWorkstations: adminUsers,
    dcs: w.fleet.byRole.get('dc') ?? [],
    fileServers: w.fleet.byRole.get('file') ?? [],
  };
}

export function bootAll(a: Activity): DevState[] {
  const out: DevState[] = [];
  for (const dev of a.w.fleet.devices) {
    if (dev.kind === 'discovered' || dev.os.family === 'mac') continue;
    const ds = a.w.state(dev);
    boot(a.w, ds);
    userSessions(a, ds);
    out.push(ds);
  }
  // Admins RDP to some servers once or twice a day.
  for (const ds of out) {
    if (!ds.win || !isServer(ds.dev)) continue;
    for (let k = a.rng.weighted([0, 1, 2], [3, 4, 2]); k > 0; k--) adminSession(a, ds.dev, timeIn(a, ds.dev, true));
  }
  return out;
}

export function background(a: Activity, devs: DevState[], targets: Targets): void {
  const { w, rng } = a;
  const pool = devs.filter((d) => templatesFor(d));
  if (pool.length) {
    const picker = new WeightedPicker(pool, pool.map((d) => (d.dev.kind === 'workstation' ? 3 : d.win ? 2 : 0.7)));
    const pickers = new Map<readonly [Template, number][], WeightedPicker<Template>>();
    let guard = targets.process * 3;
    while (w.proc.length < targets.process && guard-- > 0) {
      const ds = picker.pick(rng);
      const list = templatesFor(ds)!;
      let tp = pickers.get(list);
      if (!tp) pickers.set(list, (tp = new WeightedPicker(list.map((x) => x[0]), list.map((x) => x[1]))));
      const tmpl = tp.pick(rng);
      const user = tmpl === browse || tmpl === office || tmpl === outlookMail || tmpl === userShell;
      tmpl(a, ds, timeIn(a, ds.dev, user || ds.dev.kind === 'workstation'));
    }
  }
  fillFiles(a, targets.file, devs);
  fillRegistry(a, targets.registry, devs);
  fillImageLoads(a, targets.image, devs);
  fillLogons(a, targets.logon, devs);
  fillDeviceEvents(a, targets.events, devs);
}
