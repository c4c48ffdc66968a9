// The endpoint tables of the demo (processes, files, logons, registry, image loads, device events, certificates,
// adapters, inventory, alerts, identity logons, e-mail): schema conformance, sizes, determinism, consistency
// across tables, and the planted stories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ACTORS, generateDemo, type DemoData, type Row } from '../../src/demo/generate.js';
import { getTable } from '../../src/telemetry/mde-schema.js';
import { tableFromRecords } from '../../src/kql/data/from-rows.js';
import type { Field } from '../../src/kql/data/batch.js';

// One data set with the hunting corpus's network size and the default endpoint size, shared by the tests.
const DATA: DemoData = generateDemo({ events: 50_000 });
const T = DATA.tables;
const NOW_MS = Date.parse(DATA.now);
const START_MS = NOW_MS - 86_400_000;

const EVENT_TABLES = ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceLogonEvents', 'DeviceRegistryEvents', 'DeviceImageLoadEvents', 'DeviceEvents'];
const ENDPOINT_TABLES = [
  ...EVENT_TABLES, 'DeviceFileCertificateInfo', 'DeviceNetworkInfo', 'DeviceTvmSoftwareInventory', 'DeviceTvmBrowserExtensions',
  'DeviceTvmBrowserExtensionsKB', 'AlertInfo', 'AlertEvidence', 'IdentityLogonEvents', 'EmailEvents',
];

const DATETIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

function fits(type: string, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case 'datetime': return typeof v === 'string' && DATETIME_RE.test(v) && !Number.isNaN(Date.parse(v));
    case 'long': case 'int': return typeof v === 'number' && Number.isInteger(v);
    case 'real': return typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case 'string': case 'guid': return typeof v === 'string';
    case 'dynamic': return typeof v === 'object';
    default: throw new Error(`unexpected column type ${type}`);
  }
}

function rows(table: string): Row[] {
  const r = T[table];
  assert.ok(r, `table ${table} generated`);
  return r;
}

function count<K>(items: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of items) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

test('every endpoint table is generated and every row has exactly the schema columns, in order, of the right types', () => {
  for (const table of ENDPOINT_TABLES) {
    const schema = getTable(table)!;
    const names = schema.columns.map((c) => c.name);
    const list = rows(table);
    assert.ok(list.length > 0, `${table} has rows`);
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!;
      const keys = Object.keys(row);
      if (keys.length !== names.length || keys.some((k, j) => k !== names[j])) assert.fail(`${table} row ${i}: columns ${keys.join(',')}`);
      for (const c of schema.columns) if (!fits(c.type, row[c.name])) assert.fail(`${table} row ${i}: ${c.name} (${c.type}) = ${JSON.stringify(row[c.name])}`);
    }
  }
});

test('every table converts through tableFromRecords with the Defender schema without errors', () => {
  for (const [table, list] of Object.entries(T)) {
    const schema = getTable(table)!;
    const fields: Field[] = schema.columns.map((c) => ({ name: c.name, type: c.type })) as Field[];
    const { table: t, errors } = tableFromRecords(list, fields);
    assert.deepEqual(errors.slice(0, 3), [], `${table} converts`);
    assert.equal(t.length, list.length);
  }
});

test('default sizes: the brief\'s moderate day', () => {
  const want: Record<string, [number, number]> = {
    DeviceProcessEvents: [48_000, 56_000], DeviceFileEvents: [29_000, 34_000], DeviceLogonEvents: [9_500, 12_000],
    DeviceRegistryEvents: [9_500, 12_000], DeviceImageLoadEvents: [19_000, 24_000], DeviceEvents: [9_500, 15_000],
  };
  for (const [table, [lo, hi]] of Object.entries(want)) {
    const n = rows(table).length;
    assert.ok(n >= lo && n <= hi, `${table}: ${n} rows, want ${lo}..${hi}`);
  }
  for (const table of ['DeviceFileCertificateInfo', 'DeviceNetworkInfo', 'DeviceTvmSoftwareInventory']) assert.ok(rows(table).length > 500, table);
  assert.ok(rows('AlertInfo').length >= 10 && rows('AlertInfo').length <= 40);
  assert.ok(rows('EmailEvents').length >= 100);
});

test('event rows are inside the window, in time order, with TimeGenerated = Timestamp and per-device increasing ReportId', () => {
  for (const table of [...EVENT_TABLES, 'DeviceFileCertificateInfo', 'DeviceNetworkInfo']) {
    let prev = '';
    const last = new Map<unknown, number>();
    for (const r of rows(table)) {
      const ts = r.Timestamp as string;
      assert.ok(ts >= prev, `${table} ordered`);
      prev = ts;
      assert.equal(r.TimeGenerated, ts);
      const ms = Date.parse(ts);
      if (!(ms >= START_MS && ms < NOW_MS)) assert.fail(`${table}: ${ts} outside the window`);
      const id = r.ReportId as number;
      const before = last.get(r.DeviceId);
      if (before !== undefined && id <= before) assert.fail(`${table}: ReportId not increasing on ${String(r.DeviceId)}`);
      last.set(r.DeviceId, id);
    }
  }
});

test('every DeviceId of the endpoint tables is a DeviceInfo device, under its DeviceInfo name', () => {
  const names = new Map(rows('DeviceInfo').map((r) => [r.DeviceId, r.DeviceName]));
  for (const table of [...EVENT_TABLES, 'DeviceFileCertificateInfo', 'DeviceNetworkInfo', 'DeviceTvmSoftwareInventory', 'DeviceTvmBrowserExtensions', 'DeviceTvmSecureConfigurationAssessment', 'DeviceTvmSoftwareVulnerabilities']) {
    for (const r of rows(table)) {
      if (!names.has(r.DeviceId)) assert.fail(`${table}: unknown DeviceId ${String(r.DeviceId)}`);
      if ('DeviceName' in r && r.DeviceName !== names.get(r.DeviceId)) assert.fail(`${table}: ${String(r.DeviceName)} is not ${String(names.get(r.DeviceId))}`);
    }
  }
  for (const r of rows('AlertEvidence')) if (r.DeviceId !== null) assert.ok(names.has(r.DeviceId), 'alert evidence device');
});

test('a file has one SHA256 and MD5 per SHA1 across every table, and one SHA1 per path on a device', () => {
  // Some rows leave SHA256 or MD5 empty (Defender often does); whatever is filled agrees with the other rows.
  const bySha1 = new Map<string, { sha256: unknown; md5: unknown }>();
  const check = (sha1: unknown, sha256: unknown, md5: unknown, where: string): void => {
    if (typeof sha1 !== 'string') return;
    assert.match(sha1, /^[0-9a-f]{40}$/, where);
    const seen = bySha1.get(sha1) ?? { sha256: null, md5: null };
    if (sha256 !== null && seen.sha256 !== null && sha256 !== seen.sha256) assert.fail(`${where}: SHA1 ${sha1} SHA256 ${String(sha256)} vs ${String(seen.sha256)}`);
    if (md5 !== null && seen.md5 !== null && md5 !== seen.md5) assert.fail(`${where}: SHA1 ${sha1} MD5 ${String(md5)} vs ${String(seen.md5)}`);
    bySha1.set(sha1, { sha256: seen.sha256 ?? sha256, md5: seen.md5 ?? md5 });
  };
  for (const table of ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'DeviceNetworkEvents', 'DeviceLogonEvents', 'DeviceRegistryEvents']) {
    for (const r of rows(table)) {
      if ('SHA1' in r) check(r.SHA1, r.SHA256, r.MD5, `${table}.SHA1`);
      check(r.InitiatingProcessSHA1, r.InitiatingProcessSHA256, r.InitiatingProcessMD5, `${table}.InitiatingProcessSHA1`);
    }
  }
  // Certificates are about files some table saw.
  for (const r of rows('DeviceFileCertificateInfo')) assert.ok(bySha1.has(r.SHA1 as string), `certificate of a seen file ${String(r.SHA1)}`);
  // Within the tables this generator writes, a program's path on a device is one file (documents change).
  const byPath = new Map<string, string>();
  for (const table of ['DeviceProcessEvents', 'DeviceImageLoadEvents', 'DeviceFileEvents']) {
    for (const r of rows(table)) {
      if (typeof r.SHA1 !== 'string' || typeof r.FolderPath !== 'string' || !/\.(exe|dll|sys)$/i.test(r.FolderPath)) continue;
      const k = `${String(r.DeviceId)}|${r.FolderPath.toLowerCase()}`;
      const s = byPath.get(k);
      if (s === undefined) byPath.set(k, r.SHA1);
      else if (s !== r.SHA1) assert.fail(`${table}: ${k} has two hashes`);
    }
  }
  assert.ok(byPath.size > 1000);
});

test('process trees hold together: initiating processes started in the window have their own ProcessCreated row', () => {
  const created = new Set<string>();
  for (const r of rows('DeviceProcessEvents')) created.add(`${String(r.DeviceId)}|${String(r.ProcessId)}|${String(r.ProcessCreationTime)}`);
  let inWindow = 0;
  let resolved = 0;
  for (const table of EVENT_TABLES) {
    for (const r of rows(table)) {
      const c = r.InitiatingProcessCreationTime;
      if (typeof c !== 'string' || Date.parse(c) < START_MS) continue;
      inWindow++;
      if (created.has(`${String(r.DeviceId)}|${String(r.InitiatingProcessId)}|${c}`)) resolved++;
    }
  }
  assert.ok(inWindow > 20_000, `many rows with an in-window initiator (${inWindow})`);
  assert.ok(resolved / inWindow > 0.97, `resolved ${resolved} of ${inWindow}`);
  // Process creation: the row's time is the process's creation time; children name their parent's file.
  for (const r of rows('DeviceProcessEvents').slice(0, 5000)) {
    assert.equal(r.ProcessCreationTime, r.Timestamp);
    assert.equal(typeof r.InitiatingProcessFileName, 'string');
    assert.ok(r.ProcessUniqueId !== r.InitiatingProcessUniqueId);
  }
});

test('realistic Windows shapes: service children, browsers, console hosts, PowerShell with encoded commands', () => {
  const proc = rows('DeviceProcessEvents');
  const parents = count(proc.map((r) => `${String(r.InitiatingProcessFileName)}>${String(r.FileName)}`));
  for (const edge of ['explorer.exe>cmd.exe', 'cmd.exe>powershell.exe', 'svchost.exe>WmiPrvSE.exe', 'services.exe>msiexec.exe', 'svchost.exe>taskhostw.exe', 'chrome.exe>chrome.exe', 'w3wp.exe>csc.exe', 'WINWORD.EXE>powershell.exe', 'gpscript.exe>cmd.exe']) {
    assert.ok((parents.get(edge) ?? 0) > 0, `parent>child ${edge}`);
  }
  const encoded = proc.filter((r) => r.FileName === 'powershell.exe' && /\s-(e|enc|encodedcommand)\s/i.test(String(r.ProcessCommandLine)));
  assert.ok(encoded.length >= 3, `encoded PowerShell chains (${encoded.length})`);
  for (const r of encoded) {
    const b64 = /\s-(?:e|enc|encodedcommand)\s(\S+)/i.exec(String(r.ProcessCommandLine))![1]!;
    assert.match(Buffer.from(b64, 'base64').toString('utf16le'), /IEX|Copy-Item/, 'the encoded command decodes to a script');
  }
  const sched = proc.filter((r) => r.InitiatingProcessCommandLine === 'svchost.exe -k netsvcs -p -s Schedule');
  assert.ok(sched.length > 1000, 'scheduled tasks run under the Schedule service host');
  assert.ok(proc.some((r) => r.AccountSid === 'S-1-5-18' && r.AccountName === 'system' && r.ProcessIntegrityLevel === 'System'));
  assert.ok(proc.some((r) => String(r.AccountSid).startsWith('S-1-5-21-') && r.ProcessIntegrityLevel === 'Medium'));
  assert.ok(proc.some((r) => r.FolderPath === '/usr/bin/bash'), 'Linux process events');
});

test('DeviceEvents cover the ActionTypes hunting queries filter on, with their AdditionalFields', () => {
  const ev = rows('DeviceEvents');
  const types = count(ev.map((r) => r.ActionType as string));
  for (const a of ['AntivirusDetection', 'PowerShellCommand', 'ScheduledTaskCreated', 'ProcessCreatedUsingWmiQuery', 'ExploitGuardNetworkProtectionBlocked', 'ExploitGuardNetworkProtectionAudited', 'AsrOfficeChildProcessAudited', 'AsrLsassCredentialTheftAudited', 'LdapSearch', 'DnsQueryResponse', 'NamedPipeEvent', 'OpenProcessApiCall', 'CreateRemoteThreadApiCall', 'FirewallInboundConnectionBlocked', 'UsbDriveMounted', 'PnpDeviceConnected', 'BrowserLaunchedToOpenUrl', 'SmartScreenUrlWarning', 'SmartScreenAppWarning', 'TamperingAttempt', 'SecurityLogCleared', 'UserAccountCreated', 'UserAccountAddedToLocalGroup', 'ServiceInstalled', 'DriverLoad', 'AmsiScriptDetection', 'ShellLinkCreateFileEvent', 'DeviceBootAttestationInfo', 'RemovableStorageFileEvent']) {
    assert.ok((types.get(a) ?? 0) > 0, `DeviceEvents has ${a}`);
  }
  const af = (a: string): Record<string, unknown>[] => ev.filter((r) => r.ActionType === a).map((r) => JSON.parse(String(r.AdditionalFields)) as Record<string, unknown>);
  assert.ok(af('PowerShellCommand').every((x) => typeof x.Command === 'string'));
  assert.ok(af('AntivirusDetection').every((x) => typeof x.ThreatName === 'string' && typeof x.WasRemediated === 'boolean'));
  assert.ok(af('DnsQueryResponse').every((x) => typeof x.DnsQueryString === 'string' && Array.isArray(x.DnsQueryResult)));
  assert.ok(af('LdapSearch').every((x) => typeof x.SearchFilter === 'string'));
  assert.ok(af('NamedPipeEvent').every((x) => String(x.PipeName).startsWith('\\Device\\NamedPipe\\')));
  assert.ok(af('ScheduledTaskCreated').every((x) => typeof x.TaskName === 'string'));
});

test('network adapters: IPAddresses is a JSON array of {IPAddress, SubnetPrefix, AddressType} holding the device address', () => {
  const info = new Map(rows('DeviceInfo').map((r) => [r.DeviceId, r]));
  const ipOf = new Map<unknown, Set<string>>();
  for (const r of rows('DeviceNetworkEvents')) (ipOf.get(r.DeviceId) ?? ipOf.set(r.DeviceId, new Set()).get(r.DeviceId)!).add(String(r.LocalIP));
  const types = new Set<string>();
  for (const r of rows('DeviceNetworkInfo')) {
    assert.ok(info.has(r.DeviceId));
    const addrs = JSON.parse(String(r.IPAddresses)) as { IPAddress: string; SubnetPrefix: number; AddressType: string }[];
    assert.ok(Array.isArray(addrs) && addrs.length > 0);
    for (const a of addrs) {
      assert.equal(typeof a.IPAddress, 'string');
      assert.ok(Number.isInteger(a.SubnetPrefix));
      assert.ok(['Private', 'Public', 'LinkLocal'].includes(a.AddressType), a.AddressType);
    }
    assert.match(String(r.MacAddress), /^[0-9A-F]{12}$/);
    types.add(String(r.NetworkAdapterType));
    if (r.ConnectedNetworks !== null) assert.ok(Array.isArray(JSON.parse(String(r.ConnectedNetworks))));
    // The adapter that carries the network events' local address lists it.
    if (r.NetworkAdapterType !== 'Ppp') {
      const seen = ipOf.get(r.DeviceId);
      if (seen) for (const ip of seen) if (!ip.includes(':')) assert.ok(addrs.some((a) => a.IPAddress === ip), `${ip} on ${String(r.DeviceName)}`);
    }
  }
  for (const t of ['Ethernet', 'Wireless80211']) assert.ok(types.has(t), t);
});

test('inventory covers the vulnerable software, and alerts hang together', () => {
  const inv = new Set(rows('DeviceTvmSoftwareInventory').map((r) => `${String(r.DeviceId)}|${String(r.SoftwareName)}`));
  for (const r of rows('DeviceTvmSoftwareVulnerabilities')) assert.ok(inv.has(`${String(r.DeviceId)}|${String(r.SoftwareName)}`), `${String(r.DeviceName)} has ${String(r.SoftwareName)} installed`);
  const kb = new Set(rows('DeviceTvmSoftwareVulnerabilitiesKB').map((r) => r.CveId));
  assert.equal(kb.size, rows('DeviceTvmSoftwareVulnerabilitiesKB').length, 'one KB row per CVE');
  for (const r of rows('DeviceTvmSoftwareVulnerabilities')) assert.ok(kb.has(r.CveId));
  const cfgKb = new Set(rows('DeviceTvmSecureConfigurationAssessmentKB').map((r) => r.ConfigurationId));
  for (const r of rows('DeviceTvmSecureConfigurationAssessment')) assert.ok(cfgKb.has(r.ConfigurationId), String(r.ConfigurationId));
  const ids = new Set(rows('AlertInfo').map((r) => r.AlertId));
  assert.equal(ids.size, rows('AlertInfo').length);
  for (const r of rows('AlertEvidence')) assert.ok(ids.has(r.AlertId), 'evidence of a known alert');
  for (const id of ids) assert.ok(rows('AlertEvidence').some((r) => r.AlertId === id), 'every alert has evidence');
});

test('planted: RD-gateway brute force from the 3389 scanner, then hands-on-keyboard from the same address', () => {
  const scanner = DEMO_ACTORS.find((a) => a.ip === '185.220.101.34');
  assert.equal(scanner?.role, 'horizontal', 'the brute forcer is the planted 3389 scanner');
  const mine = rows('DeviceLogonEvents').filter((r) => r.RemoteIP === '185.220.101.34');
  const info = rows('DeviceInfo');
  const rdgw = info.find((r) => r.DeviceId === mine[0]?.DeviceId && r.IsInternetFacing === true);
  assert.ok(rdgw && String(rdgw.DeviceName).startsWith('rdgw-'), 'the target is an internet-facing RD gateway');
  assert.ok(mine.every((r) => r.DeviceId === rdgw.DeviceId && r.RemoteIPType === 'Public'));
  const failed = mine.filter((r) => r.ActionType === 'LogonFailed');
  assert.ok(failed.length >= 500, `failed logons ${failed.length}`);
  assert.ok(new Set(failed.map((r) => r.AccountName)).size >= 10, 'many account names guessed');
  assert.ok(failed.every((r) => r.Protocol === 'NTLM' && r.FailureReason === 'InvalidUserNameOrPassword'));
  const ok = mine.filter((r) => r.ActionType === 'LogonSuccess');
  assert.deepEqual(ok.map((r) => r.LogonType).sort(), ['Network', 'RemoteInteractive']);
  assert.ok(ok.every((r) => r.AccountName === 'svc_backup'));
  const firstOk = Math.min(...ok.map((r) => Date.parse(String(r.Timestamp))));
  assert.ok(failed.every((r) => Date.parse(String(r.Timestamp)) < firstOk), 'the guessing precedes the way in');
  // The session's processes carry the attacker's address as their remote-session IP.
  const hands = rows('DeviceProcessEvents').filter((r) => r.ProcessRemoteSessionIP === '185.220.101.34');
  const names = new Set(hands.map((r) => String(r.FileName).toLowerCase()));
  for (const f of ['cmd.exe', 'whoami.exe', 'powershell.exe', 'certutil.exe', 'procdump64.exe', 'vssadmin.exe', 'wevtutil.exe']) assert.ok(names.has(f), f);
  // The domain controller saw the NTLM validations; MDI raised the brute-force alert; the firewall was off.
  assert.ok(rows('IdentityLogonEvents').filter((r) => r.DeviceName === rdgw.DeviceName && r.ActionType === 'LogonFailed').length >= 100);
  const alert = rows('AlertInfo').find((r) => String(r.Title).includes('brute-force'));
  assert.ok(alert);
  assert.ok(rows('AlertEvidence').some((r) => r.AlertId === alert.AlertId && r.RemoteIP === '185.220.101.34'));
  assert.ok(rows('DeviceTvmSecureConfigurationAssessment').some((r) => r.DeviceId === rdgw.DeviceId && r.ConfigurationId === 'scid-2070' && r.IsCompliant === false));
});

test('planted: SSH guessing on the bastion, phishing, web shell, USB copy', () => {
  const ssh = rows('DeviceLogonEvents').filter((r) => r.RemoteIP === '122.176.43.2');
  assert.equal(ssh.length, 40);
  assert.ok(ssh.every((r) => r.ActionType === 'LogonFailed' && String(r.DeviceName).startsWith('bastion-')));
  const mail = rows('EmailEvents').filter((r) => String(r.Subject).startsWith('Overdue invoice 44871'));
  assert.ok(mail.length >= 3 && mail.some((r) => r.DeliveryAction === 'Delivered') && mail.some((r) => r.DeliveryAction === 'Blocked'));
  const doc = rows('DeviceFileEvents').find((r) => r.FileName === 'Invoice_44871.docm');
  assert.equal(doc?.InitiatingProcessFileName, 'OUTLOOK.EXE');
  assert.ok(rows('DeviceProcessEvents').some((r) => r.DeviceId === doc!.DeviceId && r.InitiatingProcessFileName === 'WINWORD.EXE' && r.FileName === 'powershell.exe'));
  assert.ok(rows('DeviceFileEvents').some((r) => r.InitiatingProcessFileName === 'w3wp.exe' && String(r.FileName).endsWith('.aspx')));
  assert.ok(rows('DeviceProcessEvents').some((r) => r.InitiatingProcessFileName === 'w3wp.exe' && r.FileName === 'cmd.exe'));
  assert.ok(rows('DeviceFileEvents').some((r) => String(r.FolderPath).startsWith('E:\\')));
});

test('deterministic; the seed changes it; scale sizes the endpoint tables and leaves the others alone', () => {
  const opts = { devices: 30, events: 5_000, scale: 0.1 };
  const a = generateDemo(opts);
  const b = generateDemo(opts);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  const c = generateDemo({ ...opts, seed: 7 });
  assert.notEqual(JSON.stringify(c.tables.DeviceProcessEvents), JSON.stringify(a.tables.DeviceProcessEvents));
  const n = a.tables.DeviceProcessEvents!.length;
  assert.ok(n >= 4_500 && n <= 7_000, `scale 0.1: ${n} process events`);
  const none = generateDemo({ ...opts, scale: 0 });
  assert.equal(none.tables.DeviceProcessEvents, undefined);
  // The network, device and firewall rows do not depend on the endpoint tables.
  assert.deepEqual(none.tables.DeviceNetworkEvents, a.tables.DeviceNetworkEvents);
  assert.deepEqual(none.tables.DeviceInfo, a.tables.DeviceInfo);
  assert.deepEqual(none.tables.DeviceTvmSecureConfigurationAssessment, a.tables.DeviceTvmSecureConfigurationAssessment!.slice(0, none.tables.DeviceTvmSecureConfigurationAssessment!.length));
  assert.throws(() => generateDemo({ scale: -1 }), /scale/);
});
