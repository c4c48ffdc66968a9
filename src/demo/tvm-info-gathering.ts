/**
 * DeviceTvmInfoGathering: Defender Vulnerability Management's assessment of each onboarded device (antivirus
 * versions and health, attack surface reduction rule states, a few OS facts), one row per device for the day.
 *
 * Key names, their order and value shapes follow a real advanced-hunting export of the table (every key present,
 * null when not assessed; published in the GitHub write-up "Stream data from defender DeviceTvmInfoGathering table
 * to sentinel workspace") and a schema inferred from exported rows (ellen-y-yan/frankly_mssec,
 * data/DeviceTvmInfoGathering_Schema.md: AvIs*Up*to*Date are booleans, the rest strings). AvMode codes ("0" =
 * active) and the AsrConfigurationStates rule names come from community device reports; AvScanResults is a JSON
 * string of {Quick|Full: {ScanStatus, ErrorCode, Timestamp}} (Bert-JanP "AvScanResults" function). Keys whose
 * values are not published (TLS and crypto registry states, rings, heartbeat type, cloud protection state) stay
 * null, as on a device that was not assessed for them.
 *
 * One Windows workstation missed signature updates since January 2023 and still runs 1.381.2140.0, one of the
 * signature versions that turned the ASR rule "Block Win32 API calls from Office macros" on shortcuts
 * (alexverboon "MDE-Signature-FP-ASR" looks for exactly those).
 */
import type { Rng } from './random.js';
import type { Clock, Device, Fleet, Row } from './generate.js';

const HOUR_TICKS = 3_600_000 * 10_000;
const DAY_TICKS = 24 * HOUR_TICKS;
const MIN_TICKS = 60_000 * 10_000;

const CURRENT = { engine: '1.1.24090.11', platform: '4.18.24090.11' };
const STALE = { signature: '1.381.2140.0', engine: '1.1.19900.2', platform: '4.18.2211.5' };

/** ASR rules as DeviceTvmInfoGathering names them; the demo audits most of them (its Asr*Audited events). */
const ASR_RULES = [
  'ExecutableEmailContent', 'OfficeChildProcess', 'ExecutableOfficeContent', 'OfficeProcessInjection', 'ScriptExecutableDownload',
  'ObfuscatedScript', 'OfficeMacroWin32ApiCalls', 'UntrustedExecutable', 'Ransomware', 'LsassCredentialTheft', 'PsexecWmiChildProcess',
  'UntrustedUsbProcess', 'OfficeCommAppChildProcess', 'AdobeReaderChildProcess', 'PersistenceThroughWmi', 'VulnerableSignedDriver',
] as const;
const ASR_BLOCKED = new Set(['UntrustedUsbProcess', 'AdobeReaderChildProcess']);

export function infoGatheringRows(fleet: Fleet, rng: Rng, clock: Clock): Row[] {
  const onboarded = fleet.devices.filter((d) => d.kind !== 'discovered');
  const winClients = onboarded.filter((d) => d.os.family === 'win-client' && d.goneHoursAgo === 0);
  const stale: Device | undefined = winClients.length ? winClients[rng.int(0, winClients.length - 1)] : undefined;
  const rows: { t: number; row: Row }[] = [];
  for (const d of onboarded) {
    const win = d.os.family.startsWith('win');
    const end = DAY_TICKS - d.goneHoursAgo * HOUR_TICKS;
    const t = end - rng.int(20, 8 * 60) * MIN_TICKS - rng.int(0, 9_999);
    const lastSeen = t - rng.int(1, 50) * MIN_TICKS;
    const old = d === stale;
    const sigUpdate = old ? -rng.int(1_380, 1_400) * DAY_TICKS : t - rng.int(1, 20) * HOUR_TICKS;
    const engineUpdate = old ? sigUpdate : t - rng.int(3, 25) * DAY_TICKS;
    const quick = t - rng.int(2, 30) * HOUR_TICKS;
    const scans: Record<string, unknown> = { Quick: { ScanStatus: 'Success', ErrorCode: '0', Timestamp: clock.format(quick) } };
    if (d.kind !== 'workstation' && d.kind !== 'mac') scans.Full = { ScanStatus: 'Success', ErrorCode: '0', Timestamp: clock.format(t - rng.int(1, 7) * DAY_TICKS) };
    const fmt = (x: number): string => clock.format(x);
    const af: Record<string, unknown> = {
      AvMode: '0',
      AvEngineVersion: old ? STALE.engine : CURRENT.engine,
      AvSignatureVersion: old ? STALE.signature : `1.421.${rng.int(100, 999)}.0`,
      AvPlatformVersion: old ? STALE.platform : win ? CURRENT.platform : d.os.clientVersion,
      AvScanResults: JSON.stringify(scans),
      AvModeDataRefreshTime: fmt(t),
      CloudProtectionState: null,
      SslClient20: null, SslClient30: null, SslServer20: null, SslServer30: null,
      TlsClient10: null, TlsClient11: null, TlsClient12: null, TlsServer10: null, TlsServer11: null, TlsServer12: null,
      SchUseStrongCrypto35: null, SchUseStrongCrypto35Wow6432: null, SchUseStrongCrypto40: null, SchUseStrongCrypto40Wow6432: null,
      SystemDefaultTlsVersions35: null, SystemDefaultTlsVersions35Wow6432: null, SystemDefaultTlsVersions40: null, SystemDefaultTlsVersions40Wow6432: null,
      Log4j_CVE_2021_44228: null, LocalCveScannerExecuted: null, Log4jLocalScanVulnerable: null,
      Log4JEnvironmentVariableMitigation: 'false',
      // Windows Server 2019/2022/2025 are Long-Term Servicing Channel releases; the clients here are on the general
      // availability channel. Whether Defender fills the key for servers is not documented; we follow the channel.
      IsWindowsLtscVersionRunning: win ? (d.os.family === 'win-server' ? 'true' : 'false') : null,
      AvEngineUpdateTime: fmt(engineUpdate),
      AvSignatureUpdateTime: fmt(sigUpdate),
      AvPlatformUpdateTime: fmt(engineUpdate),
      AvIsSignatureUptoDate: !old,
      AvIsEngineUptodate: !old,
      AvIsPlatformUptodate: !old,
      WdavorHeartbeatEventType: null,
      AvSignaturePublishTime: fmt(sigUpdate - rng.int(1, 6) * HOUR_TICKS),
      AvPlatformPublishTime: fmt(engineUpdate - rng.int(2, 9) * DAY_TICKS),
      AvEnginePublishTime: fmt(engineUpdate - rng.int(2, 9) * DAY_TICKS),
      AvSignatureRing: null, AvPlatformRing: null, AvEngineRing: null,
      Spring4Shell_CVE_2022_22965: null,
      CVE_2022_30190_Mitigated: null,
      Bootiful_Mind_status: null,
      AvSignatureDataRefreshTime: fmt(t),
      EBPFStatus: null,
      AsrConfigurationStates: win ? Object.fromEntries(ASR_RULES.map((r) => [r, ASR_BLOCKED.has(r) ? 'Block' : 'Audit'])) : null,
    };
    const ts = fmt(t);
    rows.push({ t, row: { Timestamp: ts, TimeGenerated: ts, LastSeenTime: fmt(lastSeen), DeviceId: d.id, DeviceName: d.name, OSPlatform: d.os.platform, AdditionalFields: af } });
  }
  rows.sort((a, b) => a.t - b.t);
  return rows.map((r) => r.row);
}
