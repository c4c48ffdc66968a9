import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MDE_TABLES, getTable, sentinelFlavour, SENTINEL_STREAMED_TABLES, type ColumnType } from '../../src/telemetry/mde-schema.js';

const SCHEMA_MD = readFileSync(new URL('../../../shared/mde/schema.md', import.meta.url), 'utf8');

/** Every `| Column name | Data type | Description |` table in schema.md, keyed by the heading above it. */
function parseSchemaMd(md: string): Map<string, { name: string; type: string }[]> {
  const tables = new Map<string, { name: string; type: string }[]>();
  let heading = '';
  let current: { name: string; type: string }[] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('#')) {
      // "## 1. DeviceInfo", "### DeviceTvmSecureConfigurationAssessmentKB (for names)"
      heading = line.replace(/^#+\s*(\d+(\.\d+)*\.?\s*)?/, '').split(/\s/)[0] ?? '';
      current = undefined;
      continue;
    }
    if (/^\|\s*Column name\s*\|\s*Data type\s*\|/.test(line)) {
      current = [];
      tables.set(heading, current);
      continue;
    }
    if (!line.startsWith('|')) { current = undefined; continue; }
    const m = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|/.exec(line);
    if (current && m) current.push({ name: m[1]!, type: m[2]! });
  }
  return tables;
}

// The docs write both `bool` and `boolean`; Kusto has one bool type.
const docType = (t: string): string => (t === 'boolean' ? 'bool' : t);

const DOCUMENTED = parseSchemaMd(SCHEMA_MD);

test('schema.md parser finds the seven documented tables (guards the checks below)', () => {
  assert.deepEqual([...DOCUMENTED.keys()].sort(), [
    'DeviceInfo', 'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceTvmSecureConfigurationAssessment',
    'DeviceTvmSecureConfigurationAssessmentKB', 'DeviceTvmSoftwareVulnerabilities', 'DeviceTvmSoftwareVulnerabilitiesKB',
  ]);
  assert.equal(DOCUMENTED.get('DeviceNetworkEvents')!.length, 44);
  assert.equal(DOCUMENTED.get('DeviceInfo')!.length, 40);
});

for (const [table, docCols] of DOCUMENTED) {
  test(`${table}: every column of schema.md, with its type, in the documented order`, () => {
    const schema = getTable(table);
    assert.ok(schema, `missing table ${table}`);
    const byName = new Map(schema.columns.map((c, i) => [c.name, { type: c.type, index: i }]));
    let last = -1;
    for (const doc of docCols) {
      const col = byName.get(doc.name);
      assert.ok(col, `${table}.${doc.name} missing`);
      assert.equal(col.type, docType(doc.type), `${table}.${doc.name} type`);
      assert.ok(col.index > last, `${table}.${doc.name} out of documented order`);
      last = col.index;
    }
  });
}

test('no table has duplicate column names, even ignoring case', () => {
  for (const t of MDE_TABLES) {
    const seen = new Set<string>();
    for (const c of t.columns) {
      const k = c.name.toLowerCase();
      assert.ok(!seen.has(k), `${t.name}.${c.name} duplicated`);
      seen.add(k);
    }
  }
});

test('table names are unique and getTable is exact (Kusto names are case-sensitive)', () => {
  assert.equal(new Set(MDE_TABLES.map((t) => t.name)).size, MDE_TABLES.length);
  assert.equal(getTable('DeviceNetworkEvents')?.name, 'DeviceNetworkEvents');
  assert.equal(getTable('devicenetworkevents'), undefined);
  assert.equal(getTable('NoSuchTable'), undefined);
  assert.equal(getTable('constructor'), undefined);
});

test('every column type is one of the Kusto scalar types', () => {
  const valid = new Set<ColumnType>(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid']);
  for (const t of MDE_TABLES) for (const c of t.columns) assert.ok(valid.has(c.type), `${t.name}.${c.name}: ${c.type}`);
});

const REQUIRED_TABLES = [
  'DeviceInfo', 'DeviceNetworkInfo', 'DeviceNetworkEvents', 'DeviceProcessEvents', 'DeviceFileEvents', 'DeviceRegistryEvents',
  'DeviceLogonEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceTvmSoftwareVulnerabilities',
  'DeviceTvmSoftwareVulnerabilitiesKB', 'DeviceTvmSecureConfigurationAssessment', 'DeviceTvmSecureConfigurationAssessmentKB',
  'DeviceTvmSoftwareInventory', 'DeviceTvmInfoGathering', 'DeviceTvmInfoGatheringKB', 'DeviceTvmSoftwareEvidenceBeta',
  'DeviceTvmCertificateInfo', 'DeviceTvmHardwareFirmware', 'DeviceTvmBrowserExtensions', 'DeviceTvmBrowserExtensionsKB',
  'DeviceBaselineComplianceAssessment', 'DeviceBaselineComplianceAssessmentKB', 'AlertInfo', 'AlertEvidence',
  'IdentityLogonEvents', 'IdentityQueryEvents', 'IdentityDirectoryEvents', 'IdentityInfo', 'EmailEvents', 'EmailAttachmentInfo',
  'EmailUrlInfo', 'EmailPostDeliveryEvents', 'UrlClickEvents', 'CloudAppEvents', 'BehaviorInfo', 'BehaviorEntities',
  'ExposureGraphNodes', 'ExposureGraphEdges',
];

test('all tables the hunting corpus binds are present', () => {
  const missing = REQUIRED_TABLES.filter((n) => !getTable(n));
  assert.deepEqual(missing, []);
});

// Current-state snapshots and KB reference tables: Microsoft documents no Timestamp for these.
const DEVICE_TABLES_WITHOUT_TIMESTAMP = [
  'DeviceBaselineComplianceAssessment', 'DeviceBaselineComplianceAssessmentKB', 'DeviceBaselineComplianceProfiles',
  'DeviceTvmBrowserExtensions', 'DeviceTvmBrowserExtensionsKB', 'DeviceTvmCertificateInfo', 'DeviceTvmHardwareFirmware',
  'DeviceTvmInfoGatheringKB', 'DeviceTvmSecureConfigurationAssessmentKB', 'DeviceTvmSoftwareEvidenceBeta',
  'DeviceTvmSoftwareInventory', 'DeviceTvmSoftwareVulnerabilities', 'DeviceTvmSoftwareVulnerabilitiesKB',
];

test('every Device* table with a Timestamp has TimeGenerated right after it and timeColumn Timestamp', () => {
  const device = MDE_TABLES.filter((t) => t.name.startsWith('Device'));
  assert.ok(device.length >= 25, `only ${device.length} Device* tables`);
  for (const t of device) {
    const names = t.columns.map((c) => c.name);
    if (DEVICE_TABLES_WITHOUT_TIMESTAMP.includes(t.name)) {
      assert.ok(!names.includes('Timestamp') && !names.includes('TimeGenerated'), `${t.name} should have no time column`);
      assert.equal(t.timeColumn, undefined, t.name);
      continue;
    }
    const at = names.indexOf('Timestamp');
    assert.ok(at >= 0, `${t.name} has no Timestamp`);
    assert.equal(names[at + 1], 'TimeGenerated', `${t.name}: TimeGenerated must follow Timestamp`);
    assert.equal(t.columns[at + 1]!.type, 'datetime');
    assert.equal(t.columns[at]!.type, 'datetime');
    assert.equal(t.timeColumn, 'Timestamp', t.name);
  }
});

test('non-Device tables get no TimeGenerated (it is Sentinel-only there) but keep timeColumn', () => {
  for (const t of MDE_TABLES.filter((x) => !x.name.startsWith('Device'))) {
    assert.ok(!t.columns.some((c) => c.name === 'TimeGenerated'), t.name);
    assert.equal(t.timeColumn, t.columns.some((c) => c.name === 'Timestamp') ? 'Timestamp' : undefined, t.name);
  }
});

const NETWORK_COLUMNS: [string, ColumnType][] = [
  ['Timestamp', 'datetime'], ['DeviceId', 'string'], ['DeviceName', 'string'], ['ActionType', 'string'],
  ['RemoteIP', 'string'], ['RemotePort', 'int'], ['RemoteUrl', 'string'], ['LocalIP', 'string'], ['LocalPort', 'int'],
  ['Protocol', 'string'], ['LocalIPType', 'string'], ['RemoteIPType', 'string'], ['ReportId', 'long'],
  ['AdditionalFields', 'string'], ['InitiatingProcessId', 'long'], ['IsInitiatingProcessRemoteSession', 'bool'],
];

for (const [name, type] of NETWORK_COLUMNS) {
  test(`DeviceNetworkEvents.${name} is ${type}`, () => {
    assert.equal(getTable('DeviceNetworkEvents')!.columns.find((c) => c.name === name)?.type, type);
  });
}

test('DeviceInfo carries the exposure columns the scan detector reads', () => {
  const t = getTable('DeviceInfo')!;
  const type = (n: string) => t.columns.find((c) => c.name === n)?.type;
  assert.equal(type('IsInternetFacing'), 'bool');
  assert.equal(type('PublicIP'), 'string');
  assert.equal(type('OSBuild'), 'long');
  assert.equal(type('MergedToDeviceId'), 'string');
});

test('sentinelFlavour: JSON columns become dynamic and Log Analytics columns are added', () => {
  const net = sentinelFlavour(getTable('DeviceNetworkEvents')!);
  const type = (t: typeof net, n: string) => t.columns.find((c) => c.name === n)?.type;
  assert.equal(type(net, 'AdditionalFields'), 'dynamic');
  assert.equal(type(net, 'RemotePort'), 'int');
  for (const n of ['MachineGroup', 'TenantId', 'SourceSystem', 'Type', '_BilledSize', '_IsBillable']) assert.ok(type(net, n), n);
  assert.equal(type(getTable('DeviceNetworkEvents')!, 'AdditionalFields'), 'string', 'the Defender table is not mutated');

  const info = sentinelFlavour(getTable('DeviceInfo')!);
  assert.equal(type(info, 'LoggedOnUsers'), 'dynamic');
  assert.equal(info.columns.filter((c) => c.name === 'MachineGroup').length, 1, 'MachineGroup not duplicated');
  const nic = sentinelFlavour(getTable('DeviceNetworkInfo')!);
  assert.equal(type(nic, 'IPAddresses'), 'dynamic');

  const mail = sentinelFlavour(getTable('EmailEvents')!);
  const names = mail.columns.map((c) => c.name);
  assert.equal(names[names.indexOf('Timestamp') + 1], 'TimeGenerated');
  assert.ok(!names.includes('MachineGroup'));

  const kb = getTable('DeviceTvmSoftwareVulnerabilitiesKB')!;
  assert.equal(sentinelFlavour(kb), kb, 'tables not streamed to Sentinel are returned unchanged');
});

test('sentinelFlavour keeps column names unique and covers only known tables', () => {
  for (const name of SENTINEL_STREAMED_TABLES) {
    const t = getTable(name);
    assert.ok(t, name);
    const cols = sentinelFlavour(t).columns.map((c) => c.name);
    assert.equal(new Set(cols).size, cols.length, name);
  }
});
