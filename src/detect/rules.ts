/**
 * Detection rules: YAML files in the format of Microsoft Sentinel analytics rules (id, name, description,
 * severity, queryFrequency, queryPeriod, triggerOperator, triggerThreshold, tactics, relevantTechniques, query,
 * entityMappings), or plain `.kql` files with defaults. A rule that does not parse or bind is refused with its
 * diagnostic; the others still load.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseTimespanLiteral } from '../kql/data/timespan.js';
import type { KqlEngine } from '../kql/engine.js';
import type { Severity } from './alert.js';

export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';

export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  /** How often the rule runs, in 100 ns ticks. */
  readonly queryFrequency: bigint;
  /** How far back each run looks, in 100 ns ticks. */
  readonly queryPeriod: bigint;
  readonly triggerOperator: TriggerOperator;
  readonly triggerThreshold: number;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  readonly query: string;
  readonly entityMappings: readonly unknown[];
  /** The file it came from. */
  readonly source: string;
  readonly enabled: boolean;
}

export interface RuleError {
  readonly source: string;
  readonly message: string;
}

const SEVERITIES: readonly Severity[] = ['Informational', 'Low', 'Medium', 'High'];
const OPERATORS: Record<string, TriggerOperator> = {
  gt: 'gt',
  greaterthan: 'gt',
  lt: 'lt',
  lessthan: 'lt',
  eq: 'eq',
  equal: 'eq',
  ne: 'ne',
  notequal: 'ne',
};
const HOUR = 36_000_000_000n;

/** Sentinel writes periods as `5m`, `1h`, `1d` or ISO 8601 durations (`PT1H`, `P1D`). */
export function parsePeriod(v: unknown, field: string): bigint {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${field} must be a duration such as 1h or PT1H`);
  const s = v.trim();
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && s.toUpperCase() !== 'PT') {
    const [d, h, m, sec] = [iso[1], iso[2], iso[3], iso[4]].map((x) => BigInt(x ?? 0));
    return ((d * 24n + h) * 60n + m) * 600_000_000n + sec * 10_000_000n;
  }
  const t = parseTimespanLiteral(s);
  if (t === null || t <= 0n) throw new Error(`${field}: '${s}' is not a duration such as 5m, 1h, 1d or PT1H`);
  return t;
}

function strings(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${field} must be a list of strings`);
  return v as string[];
}

/** Builds a rule from a parsed YAML document (validated field by field, with messages naming the field). */
export function ruleFromDocument(doc: unknown, source: string): Rule {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('a rule file must hold one YAML mapping');
  const d = doc as Record<string, unknown>;
  const req = (k: string): string => {
    const v = d[k];
    if (typeof v !== 'string' || v.trim() === '') throw new Error(`missing or empty field '${k}'`);
    return v;
  };
  const id = req('id');
  const severity = (d.severity ?? 'Medium') as Severity;
  if (!SEVERITIES.includes(severity)) throw new Error(`severity must be one of ${SEVERITIES.join(', ')} (got '${String(d.severity)}')`);
  const opKey = String(d.triggerOperator ?? 'gt').toLowerCase();
  const triggerOperator = OPERATORS[opKey];
  if (!triggerOperator) throw new Error(`triggerOperator must be gt, lt, eq or ne (got '${String(d.triggerOperator)}')`);
  const triggerThreshold = Number(d.triggerThreshold ?? 0);
  if (!Number.isFinite(triggerThreshold)) throw new Error('triggerThreshold must be a number');
  return {
    id,
    name: typeof d.name === 'string' ? d.name : id,
    description: typeof d.description === 'string' ? d.description.trim() : '',
    severity,
    queryFrequency: d.queryFrequency === undefined ? HOUR : parsePeriod(d.queryFrequency, 'queryFrequency'),
    queryPeriod: d.queryPeriod === undefined ? HOUR : parsePeriod(d.queryPeriod, 'queryPeriod'),
    triggerOperator,
    triggerThreshold,
    tactics: strings(d.tactics, 'tactics'),
    techniques: strings(d.relevantTechniques, 'relevantTechniques'),
    query: req('query'),
    entityMappings: Array.isArray(d.entityMappings) ? d.entityMappings : [],
    source,
    enabled: d.enabled !== false,
  };
}

/** A plain .kql file: the query, with defaults (hourly over the last hour, Medium, alert on any row). */
export function ruleFromKql(text: string, source: string): Rule {
  const id = basename(source, extname(source));
  return {
    id,
    name: id,
    description: '',
    severity: 'Medium',
    queryFrequency: HOUR,
    queryPeriod: HOUR,
    triggerOperator: 'gt',
    triggerThreshold: 0,
    tactics: [],
    techniques: [],
    query: text,
    entityMappings: [],
    source,
    enabled: true,
  };
}

/** Whether a run that returned `rows` rows triggers (Sentinel's triggerOperator / triggerThreshold). */
export function triggers(rule: Rule, rows: number): boolean {
  switch (rule.triggerOperator) {
    case 'gt':
      return rows > rule.triggerThreshold;
    case 'lt':
      return rows < rule.triggerThreshold;
    case 'eq':
      return rows === rule.triggerThreshold;
    case 'ne':
      return rows !== rule.triggerThreshold;
  }
}

function ruleFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new Error(`cannot read rules folder ${dir}: ${(e as Error).message}`);
  }
  return names.filter((n) => /\.(ya?ml|kql)$/i.test(n)).map((n) => join(dir, n)).filter((p) => statSync(p).isFile());
}

export interface LoadedRules {
  readonly rules: Rule[];
  readonly errors: RuleError[];
}

/**
 * Loads every rule of the folders, in order; a later folder's rule replaces an earlier one with the same id.
 * With an engine, each query is parsed and bound now, so a broken rule is refused before it is scheduled.
 */
export function loadRules(dirs: readonly string[], engine?: KqlEngine): LoadedRules {
  const byId = new Map<string, Rule>();
  const errors: RuleError[] = [];
  for (const dir of dirs) {
    for (const file of ruleFiles(dir)) {
      let rule: Rule;
      try {
        const text = readFileSync(file, 'utf8');
        rule = /\.kql$/i.test(file) ? ruleFromKql(text, file) : ruleFromDocument(parseYaml(text), file);
      } catch (e) {
        errors.push({ source: file, message: (e as Error).message });
        continue;
      }
      if (engine) {
        try {
          engine.prepare(rule.query);
        } catch (e) {
          errors.push({ source: file, message: `rule '${rule.id}' refused: ${(e as Error).message}` });
          continue;
        }
      }
      byId.set(rule.id, rule);
    }
  }
  return { rules: [...byId.values()], errors };
}
