/** Builds the Alert (src/detect/alert.ts) a streaming detector emits, from the services a source probed. */
import { formatDatetime } from '../../kql/data/datetime.js';
import type { Alert, ScanType, Severity } from '../alert.js';
import type { NetScope } from './net-scope.js';
import { serviceHost, servicePort, type HostTable } from './services.js';

/** Breadth at or above which a scan is High rather than Medium (either dimension), and whether an open port counts. */
export interface SeverityOptions {
  /**
   * Distinct hosts: default 25, Zeek scan.zeek's Address_Scan threshold (addr_scan_threshold = 25.0, see
   * ../shared/detection/scan-detectors.md section 1.1): a source that reached a whole Zeek sweep is High.
   */
  readonly highHosts: number;
  /**
   * Distinct ports: default 100, a proposal (no tool in the note grades by it): several times every vertical
   * threshold there (15 Zeek / Snort med, 16 CrowdSec, 21 scanlogd weight), i.e. a sweep of a port range.
   */
  readonly highPorts: number;
  /** A scan that found an open service (a probe answered) is High: the note calls it "the highest-risk result". */
  readonly answeredIsHigh: boolean;
}

export const DEFAULT_SEVERITY: SeverityOptions = Object.freeze({ highHosts: 25, highPorts: 100, answeredIsHigh: true });

export function severityOf(hosts: number, ports: number, answered: number, o: SeverityOptions): Severity {
  return hosts >= o.highHosts || ports >= o.highPorts || (o.answeredIsHigh && answered > 0) ? 'High' : 'Medium';
}

/** One host probed on several ports = vertical; one port across hosts = horizontal; otherwise mixed. */
export function scanTypeOf(hosts: number, ports: number): ScanType {
  if (hosts <= 1) return 'vertical';
  if (ports <= 1) return 'horizontal';
  return 'mixed';
}

export interface ScanFacts {
  readonly ruleId: string;
  readonly remoteIp: string;
  /** Service keys probed (see services.ts). */
  readonly services: readonly number[];
  /** Service keys that answered (success). */
  readonly answered: readonly number[];
  readonly firstTicks: bigint;
  readonly lastTicks: bigint;
  /** Probes behind the alert. */
  readonly count: number;
  /** Forces the scan type (the windowed rules know theirs); else derived from hosts and ports. */
  readonly scanType?: ScanType;
  readonly title: (f: { hosts: number; ports: number; scanType: ScanType }) => string;
}

export function buildScanAlert(f: ScanFacts, hosts: HostTable, scope: NetScope, sev: SeverityOptions): Alert {
  const hostIds = new Set<number>();
  const ports = new Set<number>();
  for (const k of f.services) {
    hostIds.add(serviceHost(k));
    ports.add(servicePort(k));
  }
  const answeredPorts = new Set<number>();
  for (const k of f.answered) {
    answeredPorts.add(servicePort(k));
    hostIds.add(serviceHost(k));
    ports.add(servicePort(k));
  }
  const localIps: string[] = [];
  const deviceIds = new Set<string>();
  for (const h of hostIds) {
    localIps.push(hosts.ip(h));
    for (const d of hosts.deviceIds(h)) deviceIds.add(d);
  }
  const sortedPorts = [...ports].sort((a, b) => a - b);
  const scanType = f.scanType ?? scanTypeOf(hostIds.size, ports.size);
  // Probes per minute; a burst inside one second is rated as if it took one second.
  const spanMs = Math.max(1000, Number(f.lastTicks - f.firstTicks) / 10_000);
  return {
    ruleId: f.ruleId,
    title: f.title({ hosts: hostIds.size, ports: ports.size, scanType }),
    severity: severityOf(hostIds.size, ports.size, answeredPorts.size, sev),
    techniques: scope.techniques(f.remoteIp),
    entities: {
      remoteIp: f.remoteIp,
      deviceIds: [...deviceIds].sort(),
      localIps: localIps.sort(),
      ports: sortedPorts,
    },
    firstSeen: formatDatetime(f.firstTicks),
    lastSeen: formatDatetime(f.lastTicks),
    count: f.count,
    context: {
      portsAnswered: sortedPorts.filter((p) => answeredPorts.has(p)),
      portsProbedOnly: sortedPorts.filter((p) => !answeredPorts.has(p)),
      scanType,
      rate: Math.round((f.count * 60_000 * 100) / spanMs) / 100,
      firstProbe: formatDatetime(f.firstTicks),
      lastProbe: formatDatetime(f.lastTicks),
    },
  };
}
