/**
 * `edgewatch alerts [list|show ID|ack ID|close ID|blocklist nft|ipset|csv]`: the alert store from the command line.
 *
 *   list       [--status new|acknowledged|closed|open|all] [--since ISO|DURATION] [--limit N] [--format table|json]
 *              (default: open alerts, i.e. new and acknowledged, most recent first, at most 100)
 *   show ID    [--format table|json]   one alert with its context and evidence
 *   ack ID     mark acknowledged
 *   close ID   close (a later detection of the same source opens a new alert)
 *   blocklist nft|ipset|csv [--ttl DURATION] [--allow ADDR|CIDR|ASN]... [--include-internal] [--now ISO]
 *              a blocklist of the open alerts' sources, on standard output
 *
 * Common: --store DIR (the alert database is DIR/alerts.sqlite; default store .edgewatch/store) or --db FILE.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AlertStore, ALERT_DB_FILE, ALERT_STATUSES, type AlertStatus, type StoredAlertWithEvidence } from '../alerts/alert-store.js';
import { AllowList } from '../detect/ip-list.js';
import { formatAlertTable, formatPorts } from '../alerts/outputs/console.js';
import { alertShape } from '../alerts/outputs/jsonl.js';
import { formatBlocklistCsv, formatIpsetRestore, formatNftables, planBlocklist } from '../alerts/outputs/blocklist.js';
import { DEFAULT_STORE } from '../store/store.js';

export interface AlertsDeps {
  /** The CLI's usage error (exit 2). */
  readonly UsageError?: new (message: string) => Error;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

export function alertDbPath(storeDir: string): string {
  return join(storeDir, ALERT_DB_FILE);
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

function showTable(s: StoredAlertWithEvidence): string {
  const a = s.alert;
  const c = a.context;
  const rows: [string, string | undefined][] = [
    ['id', String(s.id)],
    ['status', s.status + (s.suppressed ? ` (suppressed${c.suppressedBy ? ` by ${c.suppressedBy}` : ''})` : '')],
    ['rule', a.ruleId],
    ['title', a.title],
    ['severity', a.severity],
    ['techniques', a.techniques.join(', ')],
    ['source', a.entities.remoteIp],
    ['location', [c.city, c.country].filter(Boolean).join(', ') || undefined],
    ['asn', c.asn !== undefined ? `AS${c.asn}${c.asnOrg ? ` ${c.asnOrg}` : ''}` : undefined],
    ['hostile country', c.hostileCountry === undefined ? undefined : c.hostileCountry ? 'yes' : 'no'],
    ['devices', a.entities.deviceIds.join(', ')],
    ['local ips', a.entities.localIps.join(', ')],
    ['ports', formatPorts(a.entities.ports, 200)],
    ['ports answered', c.portsAnswered ? formatPorts(c.portsAnswered, 200) || 'none' : undefined],
    ['only probed', c.portsProbedOnly ? formatPorts(c.portsProbedOnly, 200) || 'none' : undefined],
    ['scan type', c.scanType],
    ['probes', String(a.count)],
    ['rate', c.rate !== undefined ? `${c.rate} /min` : undefined],
    ['first seen', a.firstSeen],
    ['last seen', a.lastSeen],
    ['firewall', c.firewall],
    ['exposure', c.exposureLevel],
    ['opened', s.createdAt],
    ['updated', `${s.updatedAt} (${s.updates} update${s.updates === 1 ? '' : 's'})`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const out = rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k.padEnd(w)}  ${v}`);
  if (c.vulnerabilities?.length) {
    out.push('', 'vulnerabilities:');
    for (const v of c.vulnerabilities) out.push(`  ${v.deviceId}  ${v.cveId}  ${v.severity}${v.software ? `  ${v.software}` : ''}`);
  }
  if (c.recommendedActions?.length) {
    out.push('', 'recommended actions:');
    for (const r of c.recommendedActions) out.push(`  - ${r}`);
  }
  out.push('', `evidence (${s.evidence.length}):`);
  for (const e of s.evidence) out.push(`  ${e.time}  ${e.deviceId}  ${e.localIp}:${e.port}/${e.protocol}  ${e.outcome}`);
  return out.join('\n');
}

export async function runAlerts(argv: string[], deps: AlertsDeps = {}): Promise<number> {
  const Usage = deps.UsageError ?? Error;
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        store: { type: 'string', short: 's' },
        db: { type: 'string' },
        status: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        format: { type: 'string', short: 'f' },
        ttl: { type: 'string' },
        allow: { type: 'string', multiple: true },
        'include-internal': { type: 'boolean' },
        now: { type: 'string' },
      },
    });
  } catch (e) {
    throw new Usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [sub = 'list', ...args] = positionals;
  if (values.store !== undefined && values.db !== undefined) throw new Usage('give either --store or --db, not both');
  const path = values.db ?? alertDbPath(values.store ?? DEFAULT_STORE);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new Usage(`--format must be table or json (got '${format}')`);
  let now = new Date();
  if (values.now !== undefined) {
    if (Number.isNaN(Date.parse(values.now))) throw new Usage(`--now is not an ISO datetime: ${values.now}`);
    now = new Date(values.now);
  }

  const id = (): number => {
    if (args.length !== 1) throw new Usage(`alerts ${sub} takes one alert ID`);
    if (!/^\d+$/.test(args[0]) || Number(args[0]) < 1) throw new Usage(`alert ID must be a positive integer (got '${args[0]}')`);
    return Number(args[0]);
  };
  const statuses = (): AlertStatus[] | undefined => {
    const s = values.status ?? 'open';
    if (s === 'all') return undefined;
    if (s === 'open') return ['new', 'acknowledged'];
    const list = s.split(',').map((x) => x.trim());
    for (const x of list) if (!ALERT_STATUSES.includes(x as AlertStatus)) throw new Usage(`--status must be new, acknowledged, closed, open or all (got '${x}')`);
    return list as AlertStatus[];
  };

  if (!['list', 'show', 'ack', 'close', 'blocklist'].includes(sub)) throw new Usage(`unknown alerts command '${sub}' (list, show ID, ack ID, close ID, blocklist nft|ipset|csv)`);
  if (!existsSync(path)) {
    if (sub === 'list' || sub === 'blocklist') {
      err(`no alert store at ${path} yet (edgewatch detect creates it)\n`);
      if (sub === 'list' && format === 'json') return 0;
      if (sub === 'list') out('no alerts\n');
      return 0;
    }
    throw new Error(`no alert store at ${path} (edgewatch detect creates it)`);
  }
  const store = AlertStore.open(path, { mustExist: true });
  try {
    switch (sub) {
      case 'list': {
        if (args.length) throw new Usage('alerts list takes no positional arguments');
        let since: string | undefined;
        if (values.since !== undefined) {
          const d = durationMs(values.since);
          if (d !== undefined) since = new Date(now.getTime() - d).toISOString();
          else if (!Number.isNaN(Date.parse(values.since)) && /T.*(Z|[+-]\d{2}:\d{2})$/.test(values.since)) since = values.since;
          else throw new Usage(`--since must be an ISO time with a zone or a duration such as 24h (got '${values.since}')`);
        }
        let limit = 100;
        if (values.limit !== undefined) {
          if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1) throw new Usage(`--limit must be a positive integer (got '${values.limit}')`);
          limit = Number(values.limit);
        }
        const items = store.list({ status: statuses(), since, limit });
        if (format === 'json') {
          for (const s of items) out(JSON.stringify({ id: s.id, status: s.status, suppressed: s.suppressed, createdAt: s.createdAt, updatedAt: s.updatedAt, alert: alertShape(s) }) + '\n');
        } else out(items.length ? formatAlertTable(items) + '\n' : 'no alerts\n');
        return 0;
      }
      case 'show': {
        const s = store.get(id());
        out(format === 'json' ? JSON.stringify({ ...s, alert: alertShape(s) }) + '\n' : showTable(s) + '\n');
        return 0;
      }
      case 'ack':
      case 'close': {
        const n = id();
        const s = sub === 'ack' ? store.ack(n) : store.close(n);
        out(`alert ${s.id} ${s.status}\n`);
        return 0;
      }
      default: {
        const kind = args[0];
        if (args.length !== 1 || !['nft', 'ipset', 'csv'].includes(kind)) throw new Usage('alerts blocklist takes one of nft, ipset, csv');
        let ttlSeconds = 86_400;
        if (values.ttl !== undefined) {
          const d = durationMs(values.ttl);
          if (d === undefined || d < 1000) throw new Usage(`--ttl must be a duration of at least 1s, such as 24h (got '${values.ttl}')`);
          ttlSeconds = Math.round(d / 1000);
        }
        let allowList: AllowList;
        try {
          allowList = new AllowList(values.allow ?? []);
        } catch (e) {
          throw new Usage((e as Error).message);
        }
        const plan = planBlocklist(store.list({ status: statuses() }), { now, ttlSeconds, allowList, includeInternal: values['include-internal'] ?? false });
        out(kind === 'nft' ? formatNftables(plan) : kind === 'ipset' ? formatIpsetRestore(plan) : formatBlocklistCsv(plan));
        err(`blocklist: ${plan.entries.length} address${plan.entries.length === 1 ? '' : 'es'}, ${plan.skipped.length} skipped\n`);
        for (const s of plan.skipped) err(`  skipped ${s.ip} (${s.ruleId}): ${s.why}\n`);
        return 0;
      }
    }
  } finally {
    store.dispose();
  }
}
