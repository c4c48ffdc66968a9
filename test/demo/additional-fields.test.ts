// AdditionalFields keys that community hunting queries unpack with bag_unpack (a missing key is KS142 there):
// Microsoft's external scan rows, DeviceTvmInfoGathering, AntivirusReport signers and MSOnline PowerShell commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemo, type DemoData, type Row } from '../../src/demo/generate.js';

const DATA: DemoData = generateDemo({ events: 50_000 });
const rows = (t: string): Row[] => DATA.tables[t] ?? [];
const json = (r: Row): Record<string, unknown> => JSON.parse(String(r.AdditionalFields)) as Record<string, unknown>;

test('InboundInternetScanInspected: only devices tagged by an external scan, with PublicScannedIp/Port of the device', () => {
  const info = rows('DeviceInfo');
  const reasonOf = new Map<string, string>();
  const publicIp = new Map<string, unknown>();
  for (const r of info) {
    publicIp.set(String(r.DeviceId), r.PublicIP);
    if (r.IsInternetFacing === true) reasonOf.set(String(r.DeviceId), String(json(r).InternetFacingReason));
  }
  const scans = rows('DeviceNetworkEvents').filter((r) => r.ActionType === 'InboundInternetScanInspected');
  assert.ok(scans.length >= 20 && scans.length <= 200, `${scans.length} scan rows`);
  for (const r of scans) {
    const id = String(r.DeviceId);
    assert.equal(reasonOf.get(id), 'PublicScan', `${r.DeviceName} was tagged by the external scan`);
    const af = json(r);
    assert.equal(af.PublicScannedIp, publicIp.get(id));
    assert.equal(af.PublicScannedPort, r.LocalPort);
    assert.equal(r.RemoteIPType, 'Public');
    assert.equal(r.InitiatingProcessFileName, null, 'no process handled the scan packet');
  }
  // One scanner, never one of the planted or background sources.
  assert.equal(new Set(scans.map((r) => r.RemoteIP)).size, 1);
  const scanner = scans[0]!.RemoteIP;
  assert.ok(!rows('DeviceNetworkEvents').some((r) => r.RemoteIP === scanner && r.ActionType !== 'InboundInternetScanInspected'));
});

test('DeviceTvmInfoGathering: one row per onboarded device, antivirus, LTSC and ASR keys as Defender exports them', () => {
  const tvm = rows('DeviceTvmInfoGathering');
  const onboarded = rows('DeviceInfo').filter((r) => r.OnboardingStatus === 'Onboarded');
  assert.equal(tvm.length, new Set(onboarded.map((r) => r.DeviceId)).size);
  assert.equal(new Set(tvm.map((r) => r.DeviceId)).size, tvm.length);
  const keys = Object.keys(tvm[0]!.AdditionalFields as object);
  for (const k of ['AvMode', 'AvSignatureVersion', 'AvEngineVersion', 'AvPlatformVersion', 'AvScanResults', 'IsWindowsLtscVersionRunning', 'AvIsSignatureUptoDate', 'AsrConfigurationStates']) {
    assert.ok(keys.includes(k), k);
  }
  for (const r of tvm) {
    const af = r.AdditionalFields as Record<string, unknown>;
    assert.deepEqual(Object.keys(af), keys, 'every row has every key (null when not assessed)');
    assert.match(String(af.AvSignatureVersion), /^1\.\d{3}\.\d{3,4}\.0$/);
    assert.equal(typeof af.AvIsSignatureUptoDate, 'boolean');
    const scans = JSON.parse(String(af.AvScanResults)) as Record<string, { ScanStatus: string }>;
    assert.equal(scans.Quick!.ScanStatus, 'Success');
    const win = String(r.OSPlatform).startsWith('Windows');
    assert.equal(af.IsWindowsLtscVersionRunning, win ? (String(r.OSPlatform).startsWith('WindowsServer') ? 'true' : 'false') : null);
    if (win) assert.equal((af.AsrConfigurationStates as Record<string, string>).OfficeChildProcess, 'Audit');
    else assert.equal(af.AsrConfigurationStates, null);
  }
  // Exactly one device is stuck on a January 2023 signature (one of the ASR false-positive versions).
  const stale = tvm.filter((r) => (r.AdditionalFields as Record<string, unknown>).AvIsSignatureUptoDate === false);
  assert.equal(stale.length, 1);
  assert.equal((stale[0]!.AdditionalFields as Record<string, unknown>).AvSignatureVersion, '1.381.2140.0');
});

test('AntivirusReport names the reported file and its Signer; a few signers are invalid', () => {
  const rep = rows('DeviceEvents').filter((r) => r.ActionType === 'AntivirusReport');
  assert.ok(rep.length > 20, `${rep.length} AntivirusReport rows`);
  const signers = rep.map((r) => {
    assert.equal(typeof r.FileName, 'string');
    assert.match(String(r.SHA1), /^[0-9a-f]{40}$/);
    const af = json(r);
    assert.deepEqual(Object.keys(af), ['Signer']);
    return String(af.Signer);
  });
  const invalid = signers.filter((s) => s.startsWith('INVALID'));
  assert.ok(invalid.length >= 1 && invalid.length < rep.length / 4, `${invalid.length} invalid of ${rep.length}`);
  assert.ok(signers.includes('Microsoft Corporation'));
});

test('an admin runs MSOnline cmdlets in PowerShell on their workstation', () => {
  const msol = rows('DeviceEvents').filter((r) => r.ActionType === 'PowerShellCommand' && /-Msol/.test(String(json(r).Command)));
  const cmds = new Set(msol.map((r) => String(json(r).Command)));
  for (const c of ['Connect-MsolService', 'Get-MsolUser', 'Set-MsolUserLicense']) assert.ok(cmds.has(c), c);
  assert.equal(new Set(msol.map((r) => r.DeviceId)).size, 1);
  assert.ok(msol.every((r) => r.InitiatingProcessFileName === 'powershell.exe'));
});
