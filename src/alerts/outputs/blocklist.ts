/**
 * Blocklists with expiry from alerts: an nftables script (sets with timeouts, IPv4 and IPv6), an `ipset restore`
 * file (hash:ip sets with timeouts, a separate family inet6 set) and CSV.
 *
 * Never blocked: suppressed alerts, allow-listed addresses or ASNs, addresses that are not routable unicast
 * (loopback, multicast, unspecified, broadcast), and by default internal addresses: an internal source is lateral
 * discovery (T1046), a case for triage, and dropping it at the edge firewall could cut off the organisation's own
 * hosts (`includeInternal` overrides).
 *
 * Each file describes the whole set: it flushes the set and adds every entry with its remaining lifetime, so that
 * loading it again refreshes the timeouts (re-adding an existing element does not).
 */
import { BlockList } from 'node:net';
import type { Alert } from '../../detect/alert.js';
import type { StoredAlert } from '../alert-store.js';
import { canonicalIp, type AllowList, type IpFamily } from '../../detect/ip-list.js';

export interface BlocklistOptions {
  /** How long an address stays blocked. Default 86400 s (24 h). */
  readonly ttlSeconds?: number;
  /** Expiry counted from the alert's last activity (default; replayed old captures block nothing) or from now. */
  readonly expiryFrom?: 'lastSeen' | 'now';
  readonly now?: Date;
  /** An AllowList, or a function returning the matching entry (truthy string) for addresses never to block. */
  readonly allowList?: AllowList | ((ip: string, alert: Alert) => string | undefined);
  readonly includeInternal?: boolean;
}

export interface BlockEntry {
  readonly ip: string;
  readonly family: IpFamily;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** ISO 8601 UTC. */
  readonly expires: string;
  /** Remaining lifetime at `now`, whole seconds, at least 1. */
  readonly timeoutSeconds: number;
  readonly rules: readonly string[];
  readonly reason: string;
}

export interface SkippedAddress {
  readonly ip: string;
  readonly ruleId: string;
  readonly why: string;
}

export interface BlocklistPlan {
  readonly generatedAt: string;
  readonly entries: readonly BlockEntry[];
  readonly skipped: readonly SkippedAddress[];
}

const NOT_UNICAST = new BlockList();
for (const [net, len] of [['0.0.0.0', 8], ['127.0.0.0', 8], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) NOT_UNICAST.addSubnet(net, len, 'ipv4');
for (const [net, len] of [['::', 128], ['::1', 128], ['ff00::', 8]] as const) NOT_UNICAST.addSubnet(net, len, 'ipv6');

const INTERNAL = new BlockList();
// RFC 1918, RFC 6598 shared (CGNAT), link-local; IPv6 unique-local and link-local.
for (const [net, len] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['169.254.0.0', 16]] as const) INTERNAL.addSubnet(net, len, 'ipv4');
for (const [net, len] of [['fc00::', 7], ['fe80::', 10]] as const) INTERNAL.addSubnet(net, len, 'ipv6');

function unwrap(x: Alert | StoredAlert): { alert: Alert; suppressed: boolean } {
  if ('alert' in x && typeof (x as StoredAlert).id === 'number') {
    const s = x as StoredAlert;
    return { alert: s.alert, suppressed: s.suppressed || !!s.alert.context.suppressedBy };
  }
  const a = x as Alert;
  return { alert: a, suppressed: !!a.context?.suppressedBy };
}

function ipOrder(a: BlockEntry, b: BlockEntry): number {
  return a.family - b.family || a.ip.localeCompare(b.ip, 'en', { numeric: true });
}

/** Which addresses to block until when, and which were left out and why. */
export function planBlocklist(items: Iterable<Alert | StoredAlert>, options: BlocklistOptions = {}): BlocklistPlan {
  const ttl = options.ttlSeconds ?? 86_400;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new Error(`blocklist TTL must be a positive number of seconds (got ${ttl})`);
  const now = (options.now ?? new Date()).getTime();
  const allow = options.allowList;
  const allowed = (ip: string, a: Alert): string | undefined =>
    allow === undefined ? undefined : typeof allow === 'function' ? allow(ip, a) : allow.match(ip, a.context.asn);

  const byIp = new Map<string, { ip: string; family: IpFamily; first: number; last: number; firstSeen: string; lastSeen: string; rules: Set<string>; reasons: Set<string> }>();
  const skipped: SkippedAddress[] = [];
  for (const x of items) {
    const { alert: a, suppressed } = unwrap(x);
    const skip = (why: string) => skipped.push({ ip: a.entities.remoteIp, ruleId: a.ruleId, why });
    if (suppressed) {
      skip(`suppressed${a.context.suppressedBy ? ` by ${a.context.suppressedBy}` : ''}`);
      continue;
    }
    const c = canonicalIp(a.entities.remoteIp);
    if (!c) {
      skip('not an IP address');
      continue;
    }
    const type = c.family === 4 ? 'ipv4' : 'ipv6';
    if (NOT_UNICAST.check(c.ip, type)) {
      skip('not a routable unicast address');
      continue;
    }
    if (!options.includeInternal && INTERNAL.check(c.ip, type)) {
      skip('internal address (lateral discovery: triage it, do not block it at the edge)');
      continue;
    }
    const entry = allowed(c.ip, a);
    if (entry) {
      skip(`allow-listed by ${entry}`);
      continue;
    }
    const first = Date.parse(a.firstSeen);
    const last = Date.parse(a.lastSeen);
    if (Number.isNaN(first) || Number.isNaN(last)) {
      skip('alert times are not valid');
      continue;
    }
    const cur = byIp.get(c.ip) ?? { ip: c.ip, family: c.family, first, last, firstSeen: a.firstSeen, lastSeen: a.lastSeen, rules: new Set<string>(), reasons: new Set<string>() };
    if (first < cur.first) [cur.first, cur.firstSeen] = [first, a.firstSeen];
    if (last > cur.last) [cur.last, cur.lastSeen] = [last, a.lastSeen];
    cur.rules.add(a.ruleId);
    cur.reasons.add(a.title);
    byIp.set(c.ip, cur);
  }

  const entries: BlockEntry[] = [];
  for (const e of byIp.values()) {
    const expires = (options.expiryFrom === 'now' ? now : e.last) + ttl * 1000;
    if (expires <= now) {
      for (const r of e.rules) skipped.push({ ip: e.ip, ruleId: r, why: `expired at ${new Date(expires).toISOString()}` });
      continue;
    }
    entries.push({
      ip: e.ip,
      family: e.family,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      expires: new Date(expires).toISOString(),
      timeoutSeconds: Math.max(1, Math.ceil((expires - now) / 1000)),
      rules: [...e.rules].sort(),
      reason: [...e.reasons].sort().join('; '),
    });
  }
  entries.sort(ipOrder);
  return { generatedAt: new Date(now).toISOString(), entries, skipped };
}

/** nft identifiers: letters, digits, underscore; a letter first. */
function nftName(n: string, what: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(n)) throw new Error(`nftables ${what} '${n}' must be letters, digits and _ starting with a letter`);
  return n;
}

export interface NftablesOptions {
  /** Default inet. */
  readonly family?: 'inet' | 'ip' | 'ip6';
  /** Default filter. */
  readonly table?: string;
  /** Default edgewatch_block and edgewatch_block6. */
  readonly set4?: string;
  readonly set6?: string;
}

/**
 * An `nft -f` script: creates the table and sets when missing (`add` is idempotent), flushes them, adds every entry
 * with its timeout. A rule such as `ip saddr @edgewatch_block drop` in the table's input chain does the blocking.
 */
export function formatNftables(plan: BlocklistPlan, options: NftablesOptions = {}): string {
  const fam = options.family ?? 'inet';
  const table = nftName(options.table ?? 'filter', 'table');
  const set4 = nftName(options.set4 ?? 'edgewatch_block', 'set');
  const set6 = nftName(options.set6 ?? 'edgewatch_block6', 'set');
  const want4 = fam !== 'ip6';
  const want6 = fam !== 'ip';
  const v4 = plan.entries.filter((e) => e.family === 4);
  const v6 = plan.entries.filter((e) => e.family === 6);
  const out = [
    '#!/usr/sbin/nft -f',
    `# edgewatch blocklist generated ${plan.generatedAt}: ${v4.length} IPv4, ${v6.length} IPv6, ${plan.skipped.length} skipped`,
    `add table ${fam} ${table}`,
  ];
  if (want4) out.push(`add set ${fam} ${table} ${set4} { type ipv4_addr; flags timeout; }`, `flush set ${fam} ${table} ${set4}`);
  if (want6) out.push(`add set ${fam} ${table} ${set6} { type ipv6_addr; flags timeout; }`, `flush set ${fam} ${table} ${set6}`);
  if (!want4 && v4.length) throw new Error(`nftables family ip6 cannot hold the ${v4.length} IPv4 addresses`);
  if (!want6 && v6.length) throw new Error(`nftables family ip cannot hold the ${v6.length} IPv6 addresses`);
  for (const e of v4) out.push(`add element ${fam} ${table} ${set4} { ${e.ip} timeout ${e.timeoutSeconds}s }`);
  for (const e of v6) out.push(`add element ${fam} ${table} ${set6} { ${e.ip} timeout ${e.timeoutSeconds}s }`);
  return out.join('\n') + '\n';
}

export interface IpsetOptions {
  /** Default edgewatch and edgewatch6. */
  readonly set4?: string;
  readonly set6?: string;
  /** Default timeout of the sets (entries carry their own). Default 86400. */
  readonly defaultTimeout?: number;
}

/** ipset's largest timeout, seconds (ipset(8)). */
export const IPSET_MAX_TIMEOUT = 2_147_483;

/**
 * An `ipset restore` file (load with `ipset restore -! < FILE`, -! so that existing sets are reused). No comment
 * lines: not every ipset version skips them.
 */
export function formatIpsetRestore(plan: BlocklistPlan, options: IpsetOptions = {}): string {
  const set4 = options.set4 ?? 'edgewatch';
  const set6 = options.set6 ?? 'edgewatch6';
  for (const n of [set4, set6]) {
    // ipset names are at most 31 characters; keep them to a shell- and parser-safe alphabet.
    if (!/^[A-Za-z0-9_.-]{1,31}$/.test(n)) throw new Error(`ipset set name '${n}' must be 1..31 of letters, digits, _ . -`);
  }
  const def = Math.min(IPSET_MAX_TIMEOUT, options.defaultTimeout ?? 86_400);
  const v4 = plan.entries.filter((e) => e.family === 4);
  const v6 = plan.entries.filter((e) => e.family === 6);
  const maxelem = (n: number) => Math.max(65_536, n);
  const out = [
    `create ${set4} hash:ip family inet hashsize 1024 maxelem ${maxelem(v4.length)} timeout ${def}`,
    `create ${set6} hash:ip family inet6 hashsize 1024 maxelem ${maxelem(v6.length)} timeout ${def}`,
    `flush ${set4}`,
    `flush ${set6}`,
  ];
  for (const e of v4) out.push(`add ${set4} ${e.ip} timeout ${Math.min(IPSET_MAX_TIMEOUT, e.timeoutSeconds)}`);
  for (const e of v6) out.push(`add ${set6} ${e.ip} timeout ${Math.min(IPSET_MAX_TIMEOUT, e.timeoutSeconds)}`);
  return out.join('\n') + '\n';
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (RFC 4180): ip, first_seen, last_seen, expires, rule, reason. Several rules for one address are joined by ';'. */
export function formatBlocklistCsv(plan: BlocklistPlan): string {
  const lines = ['ip,first_seen,last_seen,expires,rule,reason'];
  for (const e of plan.entries) lines.push([e.ip, e.firstSeen, e.lastSeen, e.expires, e.rules.join(';'), e.reason].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
