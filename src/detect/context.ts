/**
 * Triage context for an alert: where the source is (country, city, ASN, hostile-country watchlist), how exposed
 * the targets are (firewall state, critical and high vulnerabilities, exposure level), what the scan reached
 * (ports that answered versus ports only probed), its rate, and what to do about it.
 */
import { readFileSync } from 'node:fs';
import { formatDatetime } from '../kql/data/datetime.js';
import type { KqlEngine } from '../kql/engine.js';
import { geoInfoCached } from '../kql/functions/geo.js';
import type { AlertContext, ScanType } from './alert.js';
import { lookupAsn } from './asn.js';

/** The firewall settings of Defender's secure configuration assessment that say whether inbound traffic is filtered. */
export const FIREWALL_SCIDS = ['scid-2070', 'scid-2073'] as const;

export interface ContextInput {
  readonly remoteIp: string;
  readonly deviceIds: readonly string[];
  readonly ports: readonly number[];
  readonly openPorts: readonly number[];
  readonly count: number;
  readonly firstSeen: bigint;
  readonly lastSeen: bigint;
  readonly scanType: ScanType;
}

/** Reads a watchlist file: one country name per line, `#` comments. */
export function readCountryList(path: string): Set<string> {
  const names = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
  return new Set(names.map((n) => n.toLowerCase()));
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

export class ContextBuilder {
  private readonly firewall = new Map<string, 'enabled' | 'disabled' | 'unknown'>();
  private vulns: { deviceId: string; cveId: string; severity: string; software?: string }[] | null = null;
  private exposure: Map<string, string> | null = null;

  constructor(
    /** The engine over the data (all of it: device state is not limited to a rule's window). */
    private readonly engine: KqlEngine,
    private readonly hostileCountries: ReadonlySet<string>,
    private readonly now: bigint,
  ) {}

  private rows(query: string): unknown[][] {
    return this.engine.query(query, { now: formatDatetime(this.now) }).rows;
  }

  /** Firewall state per device from the latest scid-2070 / scid-2073 assessments; "unknown" without them. */
  private firewallOf(deviceId: string): 'enabled' | 'disabled' | 'unknown' {
    const hit = this.firewall.get(deviceId);
    if (hit) return hit;
    const rows = this.rows(
      `DeviceTvmSecureConfigurationAssessment
       | where DeviceId == ${JSON.stringify(deviceId)} and ConfigurationId in (${quoteList(FIREWALL_SCIDS)}) and IsApplicable
       | summarize arg_max(Timestamp, IsCompliant) by ConfigurationId`,
    );
    let state: 'enabled' | 'disabled' | 'unknown' = 'unknown';
    if (rows.length > 0) state = rows.every((r) => r[2] === true) ? 'enabled' : 'disabled';
    this.firewall.set(deviceId, state);
    return state;
  }

  private vulnerabilities(): { deviceId: string; cveId: string; severity: string; software?: string }[] {
    this.vulns ??= this.rows(
      `DeviceTvmSoftwareVulnerabilities
       | where VulnerabilitySeverityLevel in ("Critical", "High")
       | distinct DeviceId, CveId, VulnerabilitySeverityLevel, SoftwareName`,
    ).map((r) => ({ deviceId: r[0] as string, cveId: r[1] as string, severity: r[2] as string, software: (r[3] as string) || undefined }));
    return this.vulns;
  }

  private exposureOf(deviceId: string): string | undefined {
    this.exposure ??= new Map(
      this.rows(`DeviceInfo | where isnotempty(ExposureLevel) | summarize arg_max(Timestamp, ExposureLevel) by DeviceId`).map((r) => [r[0] as string, r[2] as string]),
    );
    return this.exposure.get(deviceId);
  }

  build(input: ContextInput): AlertContext {
    const geo = geoInfoCached(input.remoteIp) as { country?: string; city?: string } | null;
    const asn = lookupAsn(input.remoteIp);
    const country = geo?.country;
    const hostile = country ? this.hostileCountries.has(country.toLowerCase()) : false;
    const states = input.deviceIds.map((d) => this.firewallOf(d));
    const firewall = states.length === 0 ? 'unknown' : states.every((s) => s === states[0]) ? states[0] : 'mixed';
    const targets = new Set(input.deviceIds);
    const vulns = this.vulnerabilities().filter((v) => targets.has(v.deviceId));
    const levels = input.deviceIds.map((d) => this.exposureOf(d)).filter((x): x is string => !!x);
    const rank = (l: string) => ['None', 'Low', 'Medium', 'High'].indexOf(l);
    const exposureLevel = levels.length ? levels.reduce((a, b) => (rank(b) > rank(a) ? b : a)) : undefined;
    const open = new Set(input.openPorts);
    const spanMinutes = Number(input.lastSeen - input.firstSeen) / 600_000_000;
    const rate = Math.round((input.count / Math.max(spanMinutes, 1)) * 100) / 100;
    const context: AlertContext = {
      country,
      city: geo?.city,
      asn: asn?.asn,
      asnOrg: asn?.org,
      hostileCountry: hostile,
      firewall,
      vulnerabilities: vulns,
      exposureLevel,
      portsAnswered: [...open].sort((a, b) => a - b),
      portsProbedOnly: input.ports.filter((p) => !open.has(p)).sort((a, b) => a - b),
      scanType: input.scanType,
      rate,
      firstProbe: formatDatetime(input.firstSeen),
      lastProbe: formatDatetime(input.lastSeen),
    };
    return { ...context, recommendedActions: recommend(context, input) };
  }
}

/** Plain next steps, most urgent first. */
export function recommend(c: AlertContext, input: ContextInput): string[] {
  const out: string[] = [];
  if (c.portsAnswered && c.portsAnswered.length > 0) {
    out.push(`Confirm that the services answering on port${c.portsAnswered.length > 1 ? 's' : ''} ${c.portsAnswered.join(', ')} are meant to be reachable from ${input.remoteIp}; close or restrict the others.`);
  }
  if (c.vulnerabilities && c.vulnerabilities.length > 0) {
    const cves = [...new Set(c.vulnerabilities.map((v) => v.cveId))].slice(0, 5);
    out.push(`Patch the critical/high vulnerabilities of the scanned device${input.deviceIds.length > 1 ? 's' : ''} first (${cves.join(', ')}${c.vulnerabilities.length > 5 ? ', ...' : ''}).`);
  }
  if (c.firewall === 'disabled' || c.firewall === 'mixed') out.push('Turn on the host firewall (secure configuration scid-2070 / scid-2073 is not compliant).');
  if (c.firewall === 'unknown') out.push('Check the host firewall: no secure configuration assessment (scid-2070 / scid-2073) is on record.');
  if (c.hostileCountry) out.push(`Block ${input.remoteIp} at the edge: the source is in ${c.country}, on the hostile-country watchlist.`);
  else out.push(`Consider blocking ${input.remoteIp} for 24 h (edgewatch alerts blocklist).`);
  if (c.asnOrg) out.push(`Report the activity to the network owner if it persists (AS${c.asn} ${c.asnOrg}).`);
  return out;
}
