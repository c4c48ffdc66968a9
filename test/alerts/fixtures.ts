import type { Alert, AlertContext } from '../../src/detect/alert.js';
import type { Evidence } from '../../src/alerts/alert-store.js';

type Over = Partial<Omit<Alert, 'entities' | 'context'>> & { entities?: Partial<Alert['entities']>; context?: AlertContext };

export function mkAlert(o: Over = {}): Alert {
  return {
    ruleId: o.ruleId ?? 'scan-vertical',
    title: o.title ?? 'Vertical port scan',
    severity: o.severity ?? 'Medium',
    techniques: o.techniques ?? ['T1595.001'],
    entities: {
      remoteIp: '203.0.113.7',
      deviceIds: ['dev-a'],
      localIps: ['198.51.100.10'],
      ports: [22, 80, 443],
      ...o.entities,
    },
    firstSeen: o.firstSeen ?? '2024-05-01T10:00:00Z',
    lastSeen: o.lastSeen ?? '2024-05-01T10:05:00Z',
    count: o.count ?? 30,
    context: o.context ?? { country: 'NL', scanType: 'vertical', portsAnswered: [443], portsProbedOnly: [22, 80] },
  };
}

export function ev(time: string, port: number, o: Partial<Evidence> = {}): Evidence {
  return { time, deviceId: 'dev-a', localIp: '198.51.100.10', port, protocol: 'Tcp', outcome: 'closed', ...o };
}
