/**
 * What the seed query (shared/seed/port-scan-internet-facing.kql) returns, computed in plain TypeScript over the
 * raw demo rows, independently of the engine (no imports from src/kql):
 *   InternetFacingDevice = DeviceInfo rows with Timestamp > now - 1h and IsInternetFacing, by DeviceId;
 *   DeviceNetworkEvents whose DeviceId has_any of them (a 40-hex id is one term: case-insensitive equality),
 *   ActionType == "InboundConnectionAttempt" (case-sensitive), not(ipv4_is_private(RemoteIP)) (null for
 *   anything that is not IPv4, so IPv6 rows are dropped), counted per RemoteIP (the country is a function of
 *   the IP), kept when >= 3.
 */
import type { DemoData } from '../../src/demo/generate.js';

const HOUR_MS = 3_600_000;

/** Datetime string -> [ms since epoch, 100 ns ticks within the ms], compared as a pair. */
function parseTicks(s: string): [number, number] {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(s);
  if (!m) throw new Error(`bad datetime: ${s}`);
  const frac = (m[2] ?? '').padEnd(7, '0');
  return [Date.parse(`${m[1]}Z`) + Number(frac.slice(0, 3)), Number(frac.slice(3))];
}

function after(a: [number, number], b: [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

/** ipv4_is_private: true / false for dotted-quad IPv4 (optionally with /prefix), null otherwise. */
export function ipv4IsPrivate(ip: string): boolean | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(ip.trim());
  if (!m) return null;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  if (o.some((x) => x > 255) || (m[5] !== undefined && Number(m[5]) > 32)) return null;
  const [a, b] = o as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

export function referenceSeed(data: DemoData): Map<string, number> {
  const now = parseTicks(data.now);
  const cutoff: [number, number] = [now[0] - HOUR_MS, now[1]];
  const facing = new Set<string>();
  for (const r of data.tables.DeviceInfo ?? []) {
    if (r.IsInternetFacing === true && after(parseTicks(String(r.Timestamp)), cutoff)) facing.add(String(r.DeviceId).toLowerCase());
  }
  const counts = new Map<string, number>();
  for (const r of data.tables.DeviceNetworkEvents ?? []) {
    if (!facing.has(String(r.DeviceId).toLowerCase())) continue;
    if (r.ActionType !== 'InboundConnectionAttempt') continue;
    const ip = String(r.RemoteIP ?? '');
    if (ipv4IsPrivate(ip) !== false) continue; // true => private; null => not IPv4: where drops both
    counts.set(ip, (counts.get(ip) ?? 0) + 1);
  }
  for (const [ip, n] of counts) if (n < 3) counts.delete(ip);
  return counts;
}
