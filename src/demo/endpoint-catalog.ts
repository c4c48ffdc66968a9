/**
 * Static catalogues behind the endpoint tables of the demo (processes, files, registry, image loads, events):
 * program images with their version info and signers, DLLs, registry locations, installed software.
 * Synthetic: hashes are derived from the path and version (the same build of a file has the same hash on every
 * device, as in a real fleet); names, versions and descriptions are those Windows and the vendors ship.
 */

export interface Signer {
  signer: string;
  issuer: string;
  /** Microsoft at the root of the chain (DeviceFileCertificateInfo.IsRootSignerMicrosoft). */
  msRoot: boolean;
  /** Certificate validity, ISO dates. */
  from: string;
  to: string;
  crl: string;
}

export const SIGNERS: Record<string, Signer> = {
  windows: { signer: 'Microsoft Windows', issuer: 'Microsoft Windows Production PCA 2011', msRoot: true, from: '2024-02-15', to: '2025-02-13', crl: 'http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl' },
  microsoft: { signer: 'Microsoft Corporation', issuer: 'Microsoft Code Signing PCA 2011', msRoot: true, from: '2024-03-14', to: '2025-03-12', crl: 'http://www.microsoft.com/pkiops/crl/MicCodSigPCA2011_2011-07-08.crl' },
  google: { signer: 'Google LLC', issuer: 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1', msRoot: false, from: '2024-07-09', to: '2027-07-08', crl: 'http://crl3.digicert.com/DigiCertTrustedG4CodeSigningRSA4096SHA3842021CA1.crl' },
  anydesk: { signer: 'philandro Software GmbH', issuer: 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1', msRoot: false, from: '2024-01-29', to: '2026-01-28', crl: 'http://crl3.digicert.com/DigiCertTrustedG4CodeSigningRSA4096SHA3842021CA1.crl' },
  // A vulnerable driver signed with a certificate that expired long ago (bring-your-own-vulnerable-driver).
  gigabyte: { signer: 'GIGA-BYTE TECHNOLOGY CO., LTD.', issuer: 'VeriSign Class 3 Code Signing 2010 CA', msRoot: false, from: '2013-04-16', to: '2015-04-15', crl: 'http://csc3-2010-crl.verisign.com/CSC3-2010.crl' },
  oracle: { signer: 'Oracle America, Inc.', issuer: 'DigiCert SHA2 Assured ID Code Signing CA', msRoot: false, from: '2023-05-02', to: '2026-05-05', crl: 'http://crl3.digicert.com/sha2-assured-cs-g1.crl' },
};

/** A program or library file. `version: 'os'` = the device's Windows build (10.0.<build>.<revision>). */
export interface ImageSpec {
  path: string;
  company: string | null;
  product: string | null;
  version: string | null;
  description: string | null;
  original: string | null;
  internal: string | null;
  size: number;
  signer: keyof typeof SIGNERS | null;
}

const MS = 'Microsoft Corporation';
const WINOS = 'Microsoft\u00ae Windows\u00ae Operating System';

function win(path: string, description: string, size: number, original?: string): ImageSpec {
  const file = path.slice(path.lastIndexOf('\\') + 1);
  const base = original ?? file;
  return { path, company: MS, product: WINOS, version: 'os', description, original: base, internal: base.replace(/\.(exe|dll|sys)$/i, ''), size, signer: 'windows' };
}

function app(path: string, company: string | null, product: string | null, version: string | null, description: string | null, size: number, signer: ImageSpec['signer'], original?: string): ImageSpec {
  const file = path.slice(path.lastIndexOf('\\') + 1);
  return { path, company, product, version, description, original: original ?? file, internal: (original ?? file).replace(/\.(exe|dll)$/i, ''), size, signer };
}

function nix(path: string, size: number): ImageSpec {
  return { path, company: null, product: null, version: null, description: null, original: null, internal: null, size, signer: null };
}

const S32 = 'C:\\Windows\\System32\\';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';
const DEFENDER = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\';

export const IMAGES: Record<string, ImageSpec> = {
  smss: win(S32 + 'smss.exe', 'Windows Session Manager', 154_624),
  csrss: win(S32 + 'csrss.exe', 'Client Server Runtime Process', 23_352),
  wininit: win(S32 + 'wininit.exe', 'Windows Start-Up Application', 438_272),
  winlogon: win(S32 + 'winlogon.exe', 'Windows Logon Application', 924_672),
  services: win(S32 + 'services.exe', 'Services and Controller app', 727_952),
  lsass: win(S32 + 'lsass.exe', 'Local Security Authority Process', 71_936),
  svchost: win(S32 + 'svchost.exe', 'Host Process for Windows Services', 57_360),
  userinit: win(S32 + 'userinit.exe', 'Userinit Logon Application', 31_744),
  explorer: win('C:\\Windows\\explorer.exe', 'Windows Explorer', 5_509_016, 'EXPLORER.EXE'),
  sihost: win(S32 + 'sihost.exe', 'Shell Infrastructure Host', 131_072),
  taskhostw: win(S32 + 'taskhostw.exe', 'Host Process for Windows Tasks', 101_888),
  ctfmon: win(S32 + 'ctfmon.exe', 'CTF Loader', 16_384),
  runtimebroker: win(S32 + 'RuntimeBroker.exe', 'Runtime Broker', 135_168),
  searchprotocolhost: win(S32 + 'SearchProtocolHost.exe', 'Microsoft Windows Search Protocol Host', 439_296),
  backgroundtaskhost: win(S32 + 'backgroundTaskHost.exe', 'Background Task Host', 28_672),
  dllhost: win(S32 + 'dllhost.exe', 'COM Surrogate', 21_312),
  wmiprvse: win(S32 + 'wbem\\WmiPrvSE.exe', 'WMI Provider Host', 553_472, 'Wmiprvse.exe'),
  conhost: win(S32 + 'conhost.exe', 'Console Window Host', 1_011_712, 'CONHOST.EXE'),
  cmd: win(S32 + 'cmd.exe', 'Windows Command Processor', 323_584, 'Cmd.Exe'),
  powershell: win(S32 + 'WindowsPowerShell\\v1.0\\powershell.exe', 'Windows PowerShell', 452_608, 'PowerShell.EXE'),
  rundll32: win(S32 + 'rundll32.exe', 'Windows host process (Rundll32)', 71_680, 'RUNDLL32.EXE'),
  regsvr32: win(S32 + 'regsvr32.exe', 'Microsoft(C) Register Server', 25_600, 'REGSVR32.EXE'),
  msiexec: win(S32 + 'msiexec.exe', 'Windows\u00ae installer', 69_632, 'msiexec.exe'),
  schtasks: win(S32 + 'schtasks.exe', 'Task Scheduler Configuration Tool', 235_008, 'schtasks.exe'),
  sc: win(S32 + 'sc.exe', 'Service Control Manager Configuration Tool', 73_728, 'sc.exe'),
  net: win(S32 + 'net.exe', 'Net Command', 59_392, 'net.exe'),
  net1: win(S32 + 'net1.exe', 'Net Command', 183_808, 'net1.exe'),
  whoami: win(S32 + 'whoami.exe', 'whoami - displays logged on user information', 73_728, 'whoami.exe'),
  ipconfig: win(S32 + 'ipconfig.exe', 'IP Configuration Utility', 35_840, 'ipconfig.exe'),
  nltest: win(S32 + 'nltest.exe', 'Microsoft\u00ae Logon Server Test Utility', 180_224, 'nltestrk.exe'),
  systeminfo: win(S32 + 'systeminfo.exe', 'Displays system information', 90_112, 'sysinfo.exe'),
  tasklist: win(S32 + 'tasklist.exe', 'Lists the current running tasks', 86_016, 'tasklist.exe'),
  netstat: win(S32 + 'NETSTAT.EXE', 'TCP/IP Netstat Command', 40_448, 'netstat.exe'),
  nslookup: win(S32 + 'nslookup.exe', 'nslookup', 94_208, 'nslookup.exe'),
  ping: win(S32 + 'PING.EXE', 'TCP/IP Ping Command', 21_504, 'ping.exe'),
  quser: win(S32 + 'quser.exe', 'Query User Utility', 27_648, 'quser.exe'),
  reg: win(S32 + 'reg.exe', 'Registry Console Tool', 73_728, 'reg.exe'),
  certutil: win(S32 + 'certutil.exe', 'CertUtil.exe', 1_596_928, 'CertUtil.exe'),
  bitsadmin: win(S32 + 'bitsadmin.exe', 'BITS administration utility', 200_704, 'bitsadmin.exe'),
  mshta: win(S32 + 'mshta.exe', 'Microsoft (R) HTML Application host', 48_640, 'MSHTA.EXE'),
  wscript: win(S32 + 'wscript.exe', 'Microsoft \u00ae Windows Based Script Host', 167_936, 'wscript.exe'),
  cscript: win(S32 + 'cscript.exe', 'Microsoft \u00ae Console Based Script Host', 161_792, 'cscript.exe'),
  wmic: win(S32 + 'wbem\\WMIC.exe', 'WMI Commandline Utility', 571_392, 'wmic.exe'),
  vssadmin: win(S32 + 'vssadmin.exe', 'Command Line Interface for Microsoft\u00ae Volume Shadow Copy Service', 136_192, 'VSSADMIN.EXE'),
  wevtutil: win(S32 + 'wevtutil.exe', 'Eventing Command Line Utility', 246_272, 'wevtutil.exe'),
  bcdedit: win(S32 + 'bcdedit.exe', 'Boot Configuration Data Editor', 391_680, 'bcdedit.exe'),
  taskkill: win(S32 + 'taskkill.exe', 'Terminates Processes', 89_600, 'taskkill.exe'),
  fsutil: win(S32 + 'fsutil.exe', 'fsutil.exe', 243_712, 'fsutil.exe'),
  cipher: win(S32 + 'cipher.exe', 'File Encryption Utility', 86_016, 'CIPHER.EXE'),
  gpscript: win(S32 + 'gpscript.exe', 'Group Policy Script Application', 60_928, 'GPSCRIPT.EXE'),
  control: win(S32 + 'control.exe', 'Windows Control Panel', 126_464, 'CONTROL.EXE'),
  spoolsv: win(S32 + 'spoolsv.exe', 'Spooler SubSystem App', 937_984, 'spoolsv.exe'),
  wbadmin: win(S32 + 'wbadmin.exe', 'Command Line Interface for Microsoft\u00ae BLB Backup', 380_416, 'WBADMIN.EXE'),
  netsh: win(S32 + 'netsh.exe', 'Network Command Shell', 92_160, 'netsh.exe'),
  gpupdate: win(S32 + 'gpupdate.exe', 'Microsoft\u00ae Windows GPUpdate', 29_696, 'GPUpdate.exe'),
  werfault: win(S32 + 'WerFault.exe', 'Windows Problem Reporting', 571_904, 'WerFault.exe'),
  consent: win(S32 + 'consent.exe', 'Consent UI for administrative applications', 165_376, 'consent.exe'),
  smartscreen: win(S32 + 'smartscreen.exe', 'Windows Defender SmartScreen', 2_433_536, 'smartscreen.exe'),
  compattelrunner: win(S32 + 'CompatTelRunner.exe', 'Microsoft Compatibility Telemetry', 194_048, 'CompatTelRunner.exe'),
  mmc: win(S32 + 'mmc.exe', 'Microsoft Management Console', 2_097_152, 'MMC.EXE'),
  mstsc: win(S32 + 'mstsc.exe', 'Remote Desktop Connection', 1_363_968, 'mstsc.exe'),
  notepad: win(S32 + 'notepad.exe', 'Notepad', 201_216, 'NOTEPAD.EXE'),
  taskmgr: win(S32 + 'Taskmgr.exe', 'Task Manager', 1_400_832, 'Taskmgr.exe'),
  wuauclt: win(S32 + 'wuauclt.exe', 'Windows Update', 93_184, 'wuauclt.exe'),
  tiworker: win('C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.20348.2700_none_7b2c4f0c4a6e7f41\\TiWorker.exe', 'Windows Modules Installer Worker', 240_640, 'TiWorker.exe'),
  trustedinstaller: win('C:\\Windows\\servicing\\TrustedInstaller.exe', 'Windows Modules Installer', 135_680, 'TrustedInstaller.exe'),
  csc: app('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe', MS, 'Microsoft\u00ae .NET Framework', '4.8.9032.0', 'Visual C# Command Line Compiler', 2_759_232, 'microsoft', 'csc.exe'),
  cvtres: app('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\cvtres.exe', MS, 'Microsoft\u00ae .NET Framework', '14.30.34808.0', 'Microsoft\u00ae Resource File To COFF Object Conversion Utility', 49_744, 'microsoft', 'CVTRES.EXE'),
  wsmprovhost: win(S32 + 'wsmprovhost.exe', 'Host process for WinRM plug-ins', 43_520, 'wsmprovhost.exe'),
  msmpeng: app(DEFENDER + 'MsMpEng.exe', MS, WINOS, '4.18.24090.11', 'Antimalware Service Executable', 133_600, 'microsoft'),
  mpcmdrun: app(DEFENDER + 'MpCmdRun.exe', MS, WINOS, '4.18.24090.11', 'Microsoft Malware Protection Command Line Utility', 1_588_808, 'microsoft'),
  sensendr: app('C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseNdr.exe', MS, WINOS, '10.8760.20348.2849', 'Windows Defender Advanced Threat Protection Network Detection and Response', 1_221_120, 'microsoft'),
  ccmexec: app('C:\\Windows\\CCM\\CcmExec.exe', MS, 'System Center Configuration Manager', '5.0.9128.1000', 'SMS Agent Host', 3_034_568, 'microsoft'),
  winword: app(OFFICE + 'WINWORD.EXE', MS, 'Microsoft Office', '16.0.18129.20158', 'Microsoft Word', 1_638_824, 'microsoft', 'WinWord.exe'),
  excel: app(OFFICE + 'EXCEL.EXE', MS, 'Microsoft Office', '16.0.18129.20158', 'Microsoft Excel', 64_832_928, 'microsoft', 'Excel.exe'),
  powerpnt: app(OFFICE + 'POWERPNT.EXE', MS, 'Microsoft Office', '16.0.18129.20158', 'Microsoft PowerPoint', 2_011_096, 'microsoft', 'POWERPNT.EXE'),
  officeclicktorun: app('C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe', MS, 'Microsoft Office', '16.0.18129.20158', 'Microsoft Office Click-to-Run (SxS)', 11_852_712, 'microsoft'),
  googleupdate: app('C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe', 'Google LLC', 'Google Update', '1.3.36.372', 'Google Installer', 159_704, 'google'),
  edgeupdate: app('C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe', MS, 'Microsoft Edge Update', '1.3.195.31', 'Microsoft Edge Update', 216_472, 'microsoft'),
  sevenzip: app('C:\\Program Files\\7-Zip\\7z.exe', 'Igor Pavlov', '7-Zip', '24.08', '7-Zip Console', 575_488, null),
  java: app('C:\\Program Files\\Java\\jre-1.8\\bin\\java.exe', 'Oracle Corporation', 'Java(TM) Platform SE 8', '8.0.4310.10', 'Java(TM) Platform SE binary', 273_832, 'oracle'),
  // Sysinternals and admin tools (signed by Microsoft) and the attack tools of the planted stories.
  procdump: app('C:\\ProgramData\\procdump64.exe', 'Sysinternals - www.sysinternals.com', 'ProcDump', '11.0.0.0', 'Sysinternals process dump utility', 416_144, 'microsoft', 'procdump'),
  psexec: app('C:\\ProgramData\\PsExec64.exe', 'Sysinternals - www.sysinternals.com', 'Sysinternals PsExec', '2.43.0.0', 'Execute processes remotely', 833_472, 'microsoft', 'psexec.exe'),
  psexesvc: app('C:\\Windows\\PSEXESVC.exe', 'Sysinternals - www.sysinternals.com', 'Sysinternals PsExec', '2.43.0.0', 'PsExec Service', 193_360, 'microsoft', 'psexesvc.exe'),
  adfind: app('C:\\ProgramData\\AdFind.exe', 'www.joeware.net', 'AdFind', '1.57.0.0', 'Joeware ADFind', 1_621_504, null, 'AdFind.exe'),
  mimikatz: app('C:\\ProgramData\\m.exe', 'gentilkiwi (Benjamin DELPY)', 'mimikatz', '2.2.0.0', 'mimikatz for Windows', 1_355_680, null, 'mimikatz.exe'),
  payload: app('C:\\ProgramData\\svchosts.exe', null, null, null, null, 287_744, null, ''),
  rclone: app('C:\\ProgramData\\rclone.exe', 'https://rclone.org', 'Rclone', '1.68.1', 'Rsync for cloud storage', 64_315_392, null, 'rclone.exe'),
  anydesk: app('C:\\ProgramData\\AnyDesk\\AnyDesk.exe', 'AnyDesk Software GmbH', 'AnyDesk', '8.1.0', 'AnyDesk', 5_258_672, 'anydesk'),
  // Linux
  systemd: nix('/usr/lib/systemd/systemd', 96_288),
  bash: nix('/usr/bin/bash', 1_396_520),
  dash: nix('/usr/bin/dash', 125_688),
  cron: nix('/usr/sbin/cron', 55_944),
  sudo: nix('/usr/bin/sudo', 232_416),
  aptget: nix('/usr/bin/apt-get', 18_424),
  python: nix('/usr/bin/python3.10', 5_912_936),
  curl: nix('/usr/bin/curl', 260_328),
  wget: nix('/usr/bin/wget', 503_776),
  ps: nix('/usr/bin/ps', 137_688),
  uname: nix('/usr/bin/uname', 35_280),
  id: nix('/usr/bin/id', 39_424),
  base64: nix('/usr/bin/base64', 39_432),
  chmod: nix('/usr/bin/chmod', 64_152),
  crontab: nix('/usr/bin/crontab', 43_720),
  sshd: nix('/usr/sbin/sshd', 921_416),
  kubectl: nix('/usr/local/bin/kubectl', 56_217_752),
  logrotate: nix('/usr/sbin/logrotate', 96_400),
};

export interface DllSpec { path: string; description: string; size: number; signer: keyof typeof SIGNERS | null; company?: string }

function dll(name: string, description: string, size: number, dir = S32): DllSpec {
  return { path: dir + name, description, size, signer: 'windows' };
}

/** Libraries the image-load events report (MDE reports a subset of loads; these are the ones hunting asks about). */
export const DLLS: Record<string, DllSpec> = {
  ntdll: dll('ntdll.dll', 'NT Layer DLL', 2_162_040),
  kernel32: dll('kernel32.dll', 'Windows NT BASE API Client DLL', 772_096),
  advapi32: dll('advapi32.dll', 'Advanced Windows 32 Base API', 712_704),
  wininet: dll('wininet.dll', 'Internet Extensions for Win32', 4_902_400),
  winhttp: dll('winhttp.dll', 'Windows HTTP Services', 1_085_440),
  ws2_32: dll('ws2_32.dll', 'Windows Socket 2.0 32-Bit DLL', 475_136),
  crypt32: dll('crypt32.dll', 'Crypto API32', 1_544_192),
  samlib: dll('samlib.dll', 'SAM Library DLL', 147_456),
  vaultcli: dll('vaultcli.dll', 'Credential Vault Client Library', 294_912),
  dbghelp: dll('dbghelp.dll', 'Windows Image Helper', 1_949_184),
  dbgcore: dll('dbgcore.dll', 'Windows DLL Dump Helper', 172_032),
  comsvcs: dll('comsvcs.dll', 'COM+ Services', 2_433_024),
  amsi: dll('amsi.dll', 'Anti-Malware Scan Interface', 102_400),
  taskschd: dll('taskschd.dll', 'Task Scheduler COM API', 598_016),
  wldp: dll('wldp.dll', 'Windows Lockdown Policy', 352_256),
  mscoree: dll('mscoree.dll', 'Microsoft .NET Runtime Execution Engine', 417_280),
  clr: { path: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll', description: 'Microsoft .NET Runtime Common Language Runtime - WorkStation', size: 10_528_184, signer: 'microsoft' },
  sma: { path: 'C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Manageme2ae8fd3#\\7a2cdb0cd7ba5aa5d2d5c2a4d5c8a4c1\\System.Management.Automation.ni.dll', description: 'System.Management.Automation', size: 30_318_592, signer: 'microsoft' },
  vbe7: { path: 'C:\\Program Files\\Common Files\\Microsoft Shared\\VBA\\VBA7.1\\VBE7.DLL', description: 'Visual Basic for Applications Runtime', size: 3_441_056, signer: 'microsoft' },
  mso: { path: 'C:\\Program Files\\Common Files\\Microsoft Shared\\Office16\\mso.dll', description: 'Microsoft Office component', size: 5_002_144, signer: 'microsoft' },
  wshom: dll('wshom.ocx', 'Windows Script Host Runtime Library', 65_536),
  scrrun: dll('scrrun.dll', 'Microsoft \u00ae Script Runtime', 208_896),
  jscript9: dll('jscript9.dll', 'Microsoft \u00ae JScript', 5_390_336),
  vbscript: dll('vbscript.dll', 'Microsoft \u00ae VBScript', 580_608),
  shell32: dll('shell32.dll', 'Windows Shell Common Dll', 7_631_872),
  urlmon: dll('urlmon.dll', 'OLE32 Extensions for Win32', 1_888_256),
  wmiutils: dll('wbem\\wmiutils.dll', 'WMI', 201_728),
  fastprox: dll('wbem\\fastprox.dll', 'WMI Custom Marshaller', 1_089_536),
  msv1_0: dll('msv1_0.dll', 'Authentication Package v1.0', 483_328),
  kerberos: dll('kerberos.dll', 'Kerberos Security Package', 1_064_960),
  wdigest: dll('wdigest.dll', 'Microsoft Digest Access', 246_784),
  cryptdll: dll('cryptdll.dll', 'Cryptography Manager', 86_016),
  rsaenh: dll('rsaenh.dll', 'Microsoft Enhanced Cryptographic Provider', 249_856),
  netapi32: dll('netapi32.dll', 'Net Win32 API DLL', 118_784),
  dnsapi: dll('dnsapi.dll', 'DNS Client API DLL', 798_720),
  winsta: dll('winsta.dll', 'Winstation Library', 425_984),
  chromeElf: { path: 'C:\\Program Files\\Google\\Chrome\\Application\\131.0.6778.86\\chrome_elf.dll', description: 'Google Chrome', size: 1_491_232, signer: 'google', company: 'Google LLC' },
  edgeElf: { path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\131.0.2903.70\\msedge_elf.dll', description: 'Microsoft Edge', size: 1_896_008, signer: 'microsoft' },
};

/** DLLs each program loads (on start); MDE does not report every load, so these are short lists. */
export const LOADS: Record<string, readonly string[]> = {
  powershell: ['amsi', 'clr', 'mscoree', 'sma', 'wldp', 'winhttp'],
  rundll32: ['shell32', 'advapi32', 'wininet'],
  regsvr32: ['scrrun', 'urlmon'],
  mshta: ['jscript9', 'vbscript', 'urlmon', 'wininet'],
  wscript: ['wshom', 'scrrun', 'jscript9', 'amsi'],
  cscript: ['wshom', 'scrrun', 'vbscript', 'amsi'],
  winword: ['vbe7', 'mso', 'wininet', 'urlmon'],
  excel: ['vbe7', 'mso', 'wininet'],
  powerpnt: ['mso'],
  outlook: ['mso', 'wininet', 'crypt32'],
  wmiprvse: ['wmiutils', 'fastprox'],
  lsass: ['msv1_0', 'kerberos', 'wdigest', 'cryptdll', 'rsaenh', 'samlib'],
  chrome: ['chromeElf', 'winhttp'],
  msedge: ['edgeElf', 'winhttp'],
  mmc: ['clr', 'mscoree'],
  svchost: ['taskschd', 'dnsapi'],
  taskhostw: ['taskschd'],
  certutil: ['crypt32', 'winhttp'],
  schtasks: ['taskschd'],
  net: ['netapi32', 'samlib'],
  nltest: ['netapi32'],
  mstsc: ['winsta', 'crypt32'],
};

/** Internal and public sites users browse (BrowserLaunchedToOpenUrl, downloads, DNS). */
export const SITES: readonly string[] = [
  'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Forms/AllItems.aspx',
  'https://contoso-my.sharepoint.com/personal/',
  'https://portal.azure.com/',
  'https://www.bing.com/search?q=quarterly+report+template',
  'https://github.com/contoso/deploy/releases',
  'https://learn.microsoft.com/en-us/defender-xdr/advanced-hunting-overview',
  'https://www.linkedin.com/feed/',
  'https://docs.google.com/spreadsheets/',
  'https://intranet.contoso.com/hr/holidays',
  'https://zoom.us/j/91234567890',
];

export const DOWNLOADS: readonly { name: string; url: string; referrer: string; size: number; signer: keyof typeof SIGNERS | null }[] = [
  { name: 'ChromeSetup.exe', url: 'https://dl.google.com/tag/s/appguid%3D%7B8A69D345-D564-463C-AFF1-A69D9E530F96%7D/update2/installers/ChromeSetup.exe', referrer: 'https://www.google.com/chrome/', size: 1_378_216, signer: 'google' },
  { name: 'Q3-report.xlsx', url: 'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Q3-report.xlsx', referrer: 'https://contoso.sharepoint.com/sites/finance/', size: 88_120, signer: null },
  { name: 'invoice-2026-11.pdf', url: 'https://billing.fabrikam.com/invoices/2026-11.pdf', referrer: 'https://outlook.office365.com/', size: 241_332, signer: null },
  { name: 'Teams_windows_x64.msi', url: 'https://statics.teams.cdn.office.net/production-windows-x64/24295.606.3238.6194/Teams_windows_x64.msi', referrer: 'https://www.microsoft.com/en-us/microsoft-teams/download-app', size: 132_407_296, signer: 'microsoft' },
  { name: 'npp.8.7.1.Installer.x64.exe', url: 'https://github.com/notepad-plus-plus/notepad-plus-plus/releases/download/v8.7.1/npp.8.7.1.Installer.x64.exe', referrer: 'https://notepad-plus-plus.org/downloads/', size: 5_014_392, signer: null },
  { name: 'onboarding-checklist.docx', url: 'https://intranet.contoso.com/hr/onboarding-checklist.docx', referrer: 'https://intranet.contoso.com/hr/', size: 45_220, signer: null },
];

/** Software inventory: name, vendor, version, EOS status, CPE product part. */
export interface SoftwareSpec { vendor: string; name: string; version: string; eos?: string; eosDate?: string }

export const SOFTWARE_WIN_COMMON: readonly SoftwareSpec[] = [
  { vendor: 'microsoft', name: 'edge', version: '131.0.2903.70' },
  { vendor: 'microsoft', name: '.net_framework', version: '4.8.9032.0' },
  { vendor: 'microsoft', name: 'defender_for_endpoint', version: '10.8760.20348.2849' },
  { vendor: 'microsoft', name: 'visual_c++_2015-2022_redistributable', version: '14.40.33810.0' },
];

export const SOFTWARE_WORKSTATION: readonly SoftwareSpec[] = [
  { vendor: 'google', name: 'chrome', version: '131.0.6778.86' },
  { vendor: 'microsoft', name: 'office', version: '16.0.18129.20158' },
  { vendor: 'microsoft', name: 'teams', version: '24295.606.3238.6194' },
  { vendor: 'microsoft', name: 'onedrive', version: '24.221.1028.0002' },
  { vendor: 'igor_pavlov', name: '7-zip', version: '24.08' },
  { vendor: 'notepad-plus-plus', name: 'notepad++', version: '8.7.1' },
  { vendor: 'microsoft', name: 'azure_information_protection', version: '2.16.79.0' },
  { vendor: 'zoom', name: 'zoom', version: '6.2.11.51233' },
];

export const SOFTWARE_OPTIONAL: readonly SoftwareSpec[] = [
  { vendor: 'oracle', name: 'jre', version: '8.0.4310.10', eos: 'Upcoming EOS Version', eosDate: '2030-12-31' },
  { vendor: 'simon_tatham', name: 'putty', version: '0.81' },
  { vendor: 'wireshark', name: 'wireshark', version: '4.2.5' },
  { vendor: 'insecure', name: 'npcap', version: '1.79' },
  { vendor: 'adobe', name: 'acrobat_reader_dc', version: '24.4.20220' },
  { vendor: 'videolan', name: 'vlc_media_player', version: '3.0.21' },
  { vendor: 'artifex', name: 'ghostscript', version: '10.02.1' },
  { vendor: 'python', name: 'python', version: '3.8.10', eos: 'EOS Version', eosDate: '2024-10-07' },
  { vendor: 'fortinet', name: 'forticlient', version: '7.2.4.0972' },
];

export const SOFTWARE_LINUX: readonly SoftwareSpec[] = [
  { vendor: 'openbsd', name: 'openssh', version: '8.9p1' },
  { vendor: 'openssl', name: 'openssl', version: '3.0.2' },
  { vendor: 'gnu', name: 'bash', version: '5.1' },
  { vendor: 'python', name: 'python', version: '3.10.12' },
  { vendor: 'sudo_project', name: 'sudo', version: '1.9.9' },
  { vendor: 'curl', name: 'curl', version: '7.81.0' },
  { vendor: 'openprinting', name: 'cups', version: '2.4.1' },
];

export const SOFTWARE_ROLE: Record<string, readonly SoftwareSpec[]> = {
  'sql-prod': [{ vendor: 'microsoft', name: 'sql_server_2022', version: '16.0.4135.4' }, { vendor: 'microsoft', name: 'sql_server_management_studio', version: '20.2.30.0' }],
  mail: [{ vendor: 'microsoft', name: 'exchange_server_2019', version: '15.2.1544.4' }],
  'web-prod': [{ vendor: 'microsoft', name: 'internet_information_services', version: '10.0.20348.1' }],
  'web-dmz': [{ vendor: 'microsoft', name: 'internet_information_services', version: '10.0.17763.1' }],
  portal: [{ vendor: 'microsoft', name: 'internet_information_services', version: '10.0.26100.1' }],
  'web-legacy': [{ vendor: 'microsoft', name: 'internet_information_services', version: '10.0.17763.1' }, { vendor: 'oracle', name: 'jre', version: '8.0.2020.8', eos: 'EOS Version', eosDate: '2022-03-31' }],
  sccm: [{ vendor: 'microsoft', name: 'configuration_manager', version: '5.0.9128.1000' }],
};

/** Operating-system products for the inventory (name as TVM writes it, end of support). */
export const OS_SOFTWARE: Record<string, SoftwareSpec> = {
  WindowsServer2019: { vendor: 'microsoft', name: 'windows_server_2019', version: '10.0.17763', eos: 'Upcoming EOS Version', eosDate: '2029-01-09' },
  WindowsServer2022: { vendor: 'microsoft', name: 'windows_server_2022', version: '10.0.20348' },
  WindowsServer2025: { vendor: 'microsoft', name: 'windows_server_2025', version: '10.0.26100' },
  Windows10: { vendor: 'microsoft', name: 'windows_10', version: '10.0.19045', eos: 'EOS Version', eosDate: '2025-10-14' },
  Windows11: { vendor: 'microsoft', name: 'windows_11', version: '10.0.22631' },
};

/** Account names a password-guessing bot tries (the planted brute force). */
export const GUESSED_ACCOUNTS: readonly string[] = [
  'administrator', 'admin', 'user', 'test', 'guest', 'scanner', 'backup', 'support', 'rdp', 'sql', 'office', 'reception',
  'user1', 'test1', 'administrador', 'operator', 'it', 'helpdesk', 'adm', 'server',
];
