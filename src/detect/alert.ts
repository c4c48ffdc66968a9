/**
 * An alert as every detector emits it and every output writes it (`edgewatch detect --format json` prints one per
 * line in exactly this shape).
 */
export type Severity = 'Informational' | 'Low' | 'Medium' | 'High';

export type ScanType = 'vertical' | 'horizontal' | 'distributed' | 'slow' | 'mixed' | 'seed';

export interface AlertEntities {
  /** The scanning source. */
  readonly remoteIp: string;
  readonly deviceIds: readonly string[];
  readonly localIps: readonly string[];
  /** Ports probed, ascending. */
  readonly ports: readonly number[];
}

export interface AlertContext {
  readonly country?: string;
  readonly city?: string;
  readonly asn?: number;
  readonly asnOrg?: string;
  /** Source country on the hostile-country watchlist. */
  readonly hostileCountry?: boolean;
  /** Device firewall state from DeviceTvmSecureConfigurationAssessment (scid-2070 / scid-2073), else "unknown". */
  readonly firewall?: 'enabled' | 'disabled' | 'unknown' | 'mixed';
  /** Critical and high vulnerabilities of the targeted devices (DeviceTvmSoftwareVulnerabilities). */
  readonly vulnerabilities?: readonly { deviceId: string; cveId: string; severity: string; software?: string }[];
  readonly exposureLevel?: string;
  /** Ports that answered (open) versus only probed (closed / filtered / no answer). */
  readonly portsAnswered?: readonly number[];
  readonly portsProbedOnly?: readonly number[];
  readonly scanType?: ScanType;
  /** Probes per minute over the alert's span. */
  readonly rate?: number;
  readonly firstProbe?: string;
  readonly lastProbe?: string;
  readonly recommendedActions?: readonly string[];
  /** Set when an allow-list entry matched: the alert is recorded as suppressed. */
  readonly suppressedBy?: string;
}

export interface Alert {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  /** MITRE ATT&CK technique ids, e.g. T1595.001, T1046. */
  readonly techniques: readonly string[];
  readonly entities: AlertEntities;
  /** ISO 8601 UTC. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Events (probes) behind the alert. */
  readonly count: number;
  readonly context: AlertContext;
}

/** One probe behind an alert (stored as evidence). */
export interface Evidence {
  /** ISO 8601 UTC. */
  readonly time: string;
  readonly deviceId: string;
  readonly localIp: string;
  /** The probed port (0 for ICMP and other portless protocols). */
  readonly port: number;
  /** e.g. Tcp, Udp. */
  readonly protocol: string;
  /** What the probe got: open, closed, filtered, unknown. */
  readonly outcome: string;
}
