/** JSON lines: one alert per line, exactly the Alert shape (store bookkeeping such as id and status left out). */
import type { Writable } from 'node:stream';
import type { Alert } from '../../detect/alert.js';
import type { StoredAlert } from '../alert-store.js';

/** The Alert fields in their documented order, whatever else the object carries. */
export function alertShape(x: Alert | StoredAlert): Alert {
  const a = 'alert' in x && typeof (x as StoredAlert).id === 'number' ? (x as StoredAlert).alert : (x as Alert);
  return {
    ruleId: a.ruleId,
    title: a.title,
    severity: a.severity,
    techniques: [...a.techniques],
    entities: {
      remoteIp: a.entities.remoteIp,
      deviceIds: [...a.entities.deviceIds],
      localIps: [...a.entities.localIps],
      ports: [...a.entities.ports],
    },
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    count: a.count,
    context: a.context,
  };
}

export function toJsonLine(x: Alert | StoredAlert): string {
  return JSON.stringify(alertShape(x));
}

export function formatJsonLines(items: readonly (Alert | StoredAlert)[]): string {
  return items.map((x) => toJsonLine(x) + '\n').join('');
}

/** Writes the lines, honouring back-pressure (a slow pipe must not buffer every alert in memory). */
export async function writeJsonLines(items: Iterable<Alert | StoredAlert>, out: Writable): Promise<void> {
  for (const x of items) {
    if (!out.write(toJsonLine(x) + '\n')) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
}
