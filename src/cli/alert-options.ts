/** Options that `detect` and `watch` share: the allow-list, the hostile-country watchlist, the syslog target. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AllowList } from '../detect/ip-list.js';
import { readCountryList } from '../detect/context.js';
import { packageRoot } from './package-root.js';

type UsageErrorClass = new (m: string) => Error;

export interface SyslogTargetOption {
  readonly protocol: 'udp' | 'tcp';
  readonly host: string;
  readonly port: number;
}

/** `udp://HOST:PORT` or `tcp://HOST:PORT` (IPv6 hosts in brackets). */
export function parseSyslogTarget(v: string, U: UsageErrorClass): SyslogTargetOption {
  const m = /^(udp|tcp):\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(v);
  if (!m) throw new U(`--syslog must look like udp://HOST:PORT or tcp://HOST:PORT (got '${v}')`);
  return { protocol: m[1] as 'udp' | 'tcp', host: m[2].replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

/** `--allow ENTRY`... and `--allow-file FILE` (one entry a line, `#` comments). */
export function allowListFrom(entries: readonly string[] | undefined, file: string | undefined, U: UsageErrorClass): AllowList {
  const allow = new AllowList();
  try {
    for (const a of entries ?? []) allow.add(a);
    if (file) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const t = line.replace(/#.*/, '').trim();
        if (t) allow.add(t);
      }
    }
  } catch (e) {
    throw new U((e as Error).message);
  }
  return allow;
}

/** `--hostile-countries FILE`, default the shipped rules/hostile-countries.txt. */
export function hostileCountriesFrom(file: string | undefined, U: UsageErrorClass): Set<string> {
  try {
    return readCountryList(file ?? join(packageRoot(), 'rules', 'hostile-countries.txt'));
  } catch (e) {
    throw new U(`cannot read the hostile-country watchlist: ${(e as Error).message}`);
  }
}
