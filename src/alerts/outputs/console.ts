/** The console view of alerts: one compact line each (time, severity, rule, source, country, targets, ports). */
import type { Alert } from '../../detect/alert.js';
import type { StoredAlert } from '../alert-store.js';

/** Ascending ports as ranges: 22,80-82,443. Beyond `max` characters the rest is counted, not listed. */
export function formatPorts(ports: readonly number[], max = 40): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: { text: string; n: number }[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push({ text: j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]), n: j - i + 1 });
    i = j + 1;
  }
  let out = '';
  let shown = 0;
  for (const p of parts) {
    const next = out ? `${out},${p.text}` : p.text;
    if (next.length > max && out) {
      return `${out} (+${sorted.length - shown} more)`;
    }
    out = next;
    shown += p.n;
  }
  return out;
}

/** ISO time to `YYYY-MM-DD HH:MM:SSZ` (the alert times are UTC). */
function shortTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function targets(a: Alert): string {
  const hosts = a.entities.localIps.length ? a.entities.localIps : a.entities.deviceIds;
  if (hosts.length === 0) return '-';
  if (hosts.length === 1) return hosts[0];
  return `${hosts.length} hosts`;
}

function isStored(x: Alert | StoredAlert): x is StoredAlert {
  return (x as StoredAlert).alert !== undefined && typeof (x as StoredAlert).id === 'number';
}

/** A header and one line per alert; stored alerts also show their id and status. */
export function formatAlertTable(items: readonly (Alert | StoredAlert)[]): string {
  const stored = items.some(isStored);
  const header = [...(stored ? ['ID', 'STATUS'] : []), 'LAST SEEN', 'SEVERITY', 'RULE', 'SOURCE', 'CC', 'TARGETS', 'PROBES', 'PORTS'];
  const numeric = new Set(['ID', 'PROBES']);
  const rows = items.map((x) => {
    const a = isStored(x) ? x.alert : x;
    const s = isStored(x) ? x : undefined;
    const sev = a.context.suppressedBy ? `${a.severity} (suppressed: ${a.context.suppressedBy})` : a.severity;
    return [
      ...(stored ? [s ? String(s.id) : '', s ? s.status : ''] : []),
      shortTime(a.lastSeen),
      sev,
      a.ruleId,
      a.entities.remoteIp,
      a.context.country ?? '-',
      targets(a),
      String(a.count),
      formatPorts(a.entities.ports) || '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(header[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
