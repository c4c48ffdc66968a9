// Defender's built-in functions over local tables: FileProfile, DeviceFromIP, AssignedIPAddresses, SeenBy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, KqlError } from '../../src/index.js';

const NOW = '2026-11-27T12:00:00Z';

const addrs = (ips: string[]) => JSON.stringify(ips.map((ip) => ({ IPAddress: ip, SubnetPrefix: 24, AddressType: ip.startsWith('10.') ? 'Private' : 'Public' })));

function engine() {
  const e = createEngine({ schema: 'mde' });
  const add = (table: string, rows: Record<string, unknown>[]) => {
    const { errors } = e.addTable(table, rows);
    assert.deepEqual(errors, [], table);
  };
  // evil.exe (sha1 aaa...) runs on d1 and d2, three times; it also starts cmd.exe (initiating-process hashes).
  add('DeviceProcessEvents', [
    { Timestamp: '2026-11-20T10:00:00Z', DeviceId: 'd1', FileName: 'evil.exe', SHA1: 'a1', SHA256: 's1', MD5: 'm1', FileSize: 1234, ProcessVersionInfoCompanyName: 'Evil Corp', ProcessVersionInfoProductName: 'Evil Tool', InitiatingProcessSHA1: 'c1', InitiatingProcessFileName: 'cmd.exe' },
    { Timestamp: '2026-11-21T10:00:00Z', DeviceId: 'd2', FileName: 'evil.exe', SHA1: 'a1', SHA256: 's1', MD5: 'm1', FileSize: 1234 },
    { Timestamp: '2026-11-22T10:00:00Z', DeviceId: 'd2', FileName: 'evil.exe', SHA1: 'a1', SHA256: 's1', MD5: 'm1', FileSize: 1234 },
  ]);
  // A signed DLL seen by image loads on d3, and a script file written on d1.
  add('DeviceImageLoadEvents', [{ Timestamp: '2026-11-23T08:00:00Z', DeviceId: 'd3', FileName: 'good.dll', SHA1: 'b2', SHA256: 's2', FileSize: 10 }]);
  add('DeviceFileEvents', [
    { Timestamp: '2026-11-24T08:00:00Z', DeviceId: 'd1', FileName: 'notes.ps1', SHA1: 'c3', SHA256: 's3', FileSize: 77 },
    { Timestamp: '2026-11-24T09:00:00Z', DeviceId: 'd1', FileName: 'evil.exe', SHA1: 'a1', SHA256: 's1', FileSize: 1234 },
  ]);
  add('DeviceFileCertificateInfo', [
    { Timestamp: '2026-11-20T10:00:00Z', DeviceId: 'd1', SHA1: 'a1', IsSigned: true, Signer: 'Evil Corp', Issuer: 'Cheap CA', SignerHash: 'h1', IsTrusted: false, IsRootSignerMicrosoft: false },
    { Timestamp: '2026-11-23T08:00:00Z', DeviceId: 'd3', SHA1: 'b2', IsSigned: true, Signer: 'Microsoft Windows', Issuer: 'Microsoft Windows Production PCA 2011', SignerHash: 'h2', IsTrusted: true, IsRootSignerMicrosoft: true },
    { Timestamp: '2026-11-24T08:00:00Z', DeviceId: 'd1', SHA1: 'c3', IsSigned: false },
  ]);
  add('DeviceEvents', [{ Timestamp: '2026-11-21T10:05:00Z', DeviceId: 'd2', ActionType: 'AntivirusDetection', SHA1: 'a1', FileName: 'evil.exe', AdditionalFields: '{"ThreatName":"Trojan:Win32/Example","WasRemediated":true}' }]);
  add('DeviceNetworkInfo', [
    { Timestamp: '2026-11-20T10:00:00Z', DeviceId: 'd1', DeviceName: 'pc1.contoso.com', NetworkAdapterName: 'eth0', NetworkAdapterType: 'Ethernet', ConnectedNetworks: '[]', IPAddresses: addrs(['10.0.0.5']) },
    { Timestamp: '2026-11-25T10:00:00Z', DeviceId: 'd1', DeviceName: 'pc1.contoso.com', NetworkAdapterName: 'eth0', NetworkAdapterType: 'Ethernet', ConnectedNetworks: '[]', IPAddresses: addrs(['10.0.0.6', 'fe80::1']) },
    { Timestamp: '2026-11-26T10:00:00Z', DeviceId: 'd2', DeviceName: 'pc2.contoso.com', NetworkAdapterName: 'wifi', NetworkAdapterType: 'Wireless80211', ConnectedNetworks: '[]', IPAddresses: addrs(['10.0.0.5']) },
    { Timestamp: '2026-11-26T10:00:00Z', DeviceId: 'r1', DeviceName: 'tplink-router', NetworkAdapterName: 'eth0', NetworkAdapterType: 'Ethernet', ConnectedNetworks: '[]', IPAddresses: addrs(['10.0.0.1']) },
  ]);
  add('DeviceNetworkEvents', [
    { Timestamp: '2026-11-26T11:00:00Z', DeviceId: 'd1', RemoteIP: '10.0.0.1', LocalIP: '10.0.0.6' },
    { Timestamp: '2026-11-26T12:00:00Z', DeviceId: 'd1', RemoteIP: '10.0.0.1', LocalIP: '10.0.0.6' },
    { Timestamp: '2026-11-26T13:00:00Z', DeviceId: 'd2', RemoteIP: '10.0.0.1', LocalIP: '10.0.0.5' },
  ]);
  add('DeviceInfo', [
    { Timestamp: '2026-11-26T10:00:00Z', DeviceId: 'r1', DeviceName: 'tplink-router', OnboardingStatus: 'Can be onboarded', Vendor: 'TP-LINK' },
    { Timestamp: '2026-11-26T10:00:00Z', DeviceId: 'd1', DeviceName: 'pc1.contoso.com', OnboardingStatus: 'Onboarded' },
  ]);
  return e;
}

const e = engine();

async function query(q: string) {
  return e.query(q, { now: NOW });
}

async function records(q: string): Promise<Record<string, unknown>[]> {
  const r = await query(q);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}

const PROFILE_COLUMNS = [
  'SHA1:string', 'SHA256:string', 'MD5:string', 'FileSize:long', 'GlobalPrevalence:long', 'GlobalFirstSeen:datetime',
  'GlobalLastSeen:datetime', 'Signer:string', 'Issuer:string', 'SignerHash:string', 'IsCertificateValid:bool',
  'IsRootSignerMicrosoft:bool', 'SignatureState:string', 'IsExecutable:bool', 'ThreatName:string', 'Publisher:string',
  'SoftwareName:string', 'ProfileAvailability:string',
];

test('FileProfile adds the documented columns after the input columns', async () => {
  const r = await query('datatable(Name:string, SHA1:string)["x", "a1"] | invoke FileProfile()');
  assert.deepEqual(r.columns.map((c) => `${c.name}:${c.type}`), ['Name:string', ...PROFILE_COLUMNS]);
});

const PROFILES: { hash: string; want: Record<string, unknown> }[] = [
  {
    hash: 'a1',
    want: {
      SHA256: 's1', MD5: 'm1', FileSize: 1234, GlobalPrevalence: 2, GlobalFirstSeen: '2026-11-20T10:00:00Z',
      GlobalLastSeen: '2026-11-24T09:00:00Z', Signer: 'Evil Corp', Issuer: 'Cheap CA', SignerHash: 'h1', IsCertificateValid: false,
      IsRootSignerMicrosoft: false, SignatureState: 'SignedInvalid', IsExecutable: true, ThreatName: 'Trojan:Win32/Example',
      Publisher: 'Evil Corp', SoftwareName: 'Evil Tool', ProfileAvailability: 'Available',
    },
  },
  { hash: 'b2', want: { GlobalPrevalence: 1, SignatureState: 'SignedValid', IsRootSignerMicrosoft: true, IsExecutable: true, Publisher: '' } },
  { hash: 'c3', want: { GlobalPrevalence: 1, SignatureState: 'Unsigned', IsExecutable: false, Signer: '' } },
  // cmd.exe is known only as an initiating process, with no certificate event: its signature state is unknown.
  { hash: 'c1', want: { GlobalPrevalence: 1, SignatureState: 'Unknown', IsCertificateValid: null, IsExecutable: true } },
  // By SHA256 too; hashes are matched exactly (Defender's FileProfile works on lower-case hashes).
  { hash: 's1', want: { SHA1: 'a1', GlobalPrevalence: 2 } },
  { hash: 'A1', want: { GlobalPrevalence: null, GlobalFirstSeen: null, SignatureState: '', IsExecutable: null, ProfileAvailability: 'Missing' } },
  { hash: '', want: { GlobalPrevalence: null, ProfileAvailability: '' } },
];

for (const { hash, want } of PROFILES) {
  test(`FileProfile of '${hash}'`, async () => {
    const [got] = await records(`print h = "${hash}" | invoke FileProfile(h)`);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, k);
  });
}

test('FileProfile: the column argument as a name, a string, a let-bound string, or the SHA1 default', async () => {
  const forms = [
    'DeviceProcessEvents | project FileName, SHA1 | invoke FileProfile(SHA1, 1000)',
    'DeviceProcessEvents | project FileName, SHA1 | invoke FileProfile("SHA1", 10)',
    "DeviceProcessEvents | project FileName, SHA1 | invoke FileProfile('SHA1')",
    'let c = "SHA1"; DeviceProcessEvents | project FileName, SHA1 | invoke FileProfile(c)',
    'DeviceProcessEvents | project FileName, SHA1 | invoke FileProfile()',
  ];
  for (const q of forms) {
    const rows = await records(`${q} | summarize by FileName, GlobalPrevalence, ProfileAvailability`);
    assert.deepEqual(rows, [{ FileName: 'evil.exe', GlobalPrevalence: 2, ProfileAvailability: 'Available' }], q);
  }
  const byParent = await records('DeviceProcessEvents | where isnotempty(InitiatingProcessSHA1) | invoke FileProfile(InitiatingProcessSHA1) | project InitiatingProcessFileName, GlobalPrevalence, SHA1');
  // The input's own SHA1 column is kept; the profile is cmd.exe's.
  assert.deepEqual(byParent, [{ InitiatingProcessFileName: 'cmd.exe', GlobalPrevalence: 1, SHA1: 'a1' }]);
});

test('FileProfile feeds the usual filters of the published queries', async () => {
  const rows = await records(`DeviceFileEvents
    | project CreatedOn = Timestamp, FileName, SHA1
    | invoke FileProfile("SHA1", 500)
    | where GlobalPrevalence < 15 and not(ProfileAvailability =~ "Error")
    | join kind=leftouter DeviceFileCertificateInfo on SHA1
    | where SignatureState == "Unsigned"
    | project FileName`);
  assert.deepEqual(rows, [{ FileName: 'notes.ps1' }]);
});

test('FileProfile with a name that is not a column of the input is the binder error, at the right place', async () => {
  const q = 'DeviceProcessEvents | invoke FileProfile(NoSuchColumn, 10)';
  await assert.rejects(query(q), (err: unknown) => {
    assert.ok(err instanceof KqlError);
    assert.equal(err.code, 'semantic');
    assert.equal(err.diagnostics[0].code, 'KS142');
    assert.equal(err.diagnostics[0].column, q.indexOf('NoSuchColumn') + 1);
    return true;
  });
  // A diagnostic after a rewritten column name still points into the original text.
  const q2 = 'DeviceProcessEvents | invoke FileProfile(SHA1) | where NoSuch > 1';
  await assert.rejects(query(q2), (err: unknown) => {
    assert.ok(err instanceof KqlError);
    assert.equal(err.diagnostics[0].column, q2.indexOf('NoSuch >') + 1);
    assert.match(err.message, /NoSuch > 1\n\s+\^{6}/);
    return true;
  });
});

test('DeviceFromIP: the device each IP was last assigned to, at a point in time', async () => {
  const latest = await records('datatable(IP:string)["10.0.0.5", "10.0.0.6", "203.0.113.1"] | invoke DeviceFromIP()');
  assert.deepEqual(latest, [{ IP: '10.0.0.5', DeviceId: 'd2' }, { IP: '10.0.0.6', DeviceId: 'd1' }]);
  const earlier = await records('datatable(Addr:string)["10.0.0.5", "10.0.0.6"] | invoke DeviceFromIP(Addr, datetime(2026-11-22))');
  assert.deepEqual(earlier, [{ IP: '10.0.0.5', DeviceId: 'd1' }]);
});

test('AssignedIPAddresses: latest addresses of a device by id or name, or at a time', async () => {
  const cols = 'Timestamp:datetime, DeviceId:string, DeviceName:string, IPAddress:string, IPType:string, NetworkAdapterType:string, ConnectedNetworks:string';
  const r = await query('AssignedIPAddresses("pc1.contoso.com")');
  assert.equal(r.columns.map((c) => `${c.name}:${c.type}`).join(', '), cols);
  assert.deepEqual(await records('AssignedIPAddresses("PC1.contoso.com") | project IPAddress, IPType'), [
    { IPAddress: '10.0.0.6', IPType: 'Private' }, { IPAddress: 'fe80::1', IPType: 'Public' },
  ]);
  assert.deepEqual(await records('AssignedIPAddresses("d1", datetime(2026-11-21)) | project Timestamp, IPAddress'), [
    { Timestamp: '2026-11-20T10:00:00Z', IPAddress: '10.0.0.5' },
  ]);
  assert.deepEqual(await records('AssignedIPAddresses("nope")'), []);
});

test('SeenBy: the onboarded devices whose traffic reached a device, as JSON text the queries parse', async () => {
  const rows = await records(`DeviceInfo
    | where OnboardingStatus != "Onboarded"
    | invoke SeenBy()
    | extend parsed = parse_json(SeenBy)
    | mv-expand parsed
    | project DeviceId, SeenByDeviceId = tostring(parsed.DeviceId), LastEncountered = todatetime(parsed.LastEncountered)
    | order by SeenByDeviceId asc`);
  assert.deepEqual(rows, [
    { DeviceId: 'r1', SeenByDeviceId: 'd1', LastEncountered: '2026-11-26T12:00:00Z' },
    { DeviceId: 'r1', SeenByDeviceId: 'd2', LastEncountered: '2026-11-26T13:00:00Z' },
  ]);
  const none = await records('DeviceInfo | where DeviceId == "d1" | invoke SeenBy() | project SeenBy');
  assert.deepEqual(none, [{ SeenBy: '' }]);
});

test('without the mde schema the functions are not declared', async () => {
  await assert.rejects(createEngine({}).query('print h = "x" | invoke FileProfile(h)'), /KS211|FileProfile/);
});
