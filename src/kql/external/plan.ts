/**
 * The externaldata extension node's parameters, and the walk that finds every URL a plan reads, so the engine can
 * fetch them before the (synchronous) execution starts.
 */
import type { LogicalPlan } from '../plan/logical-plan.js';

export const EXTERNALDATA = 'externaldata';

export interface ExternalDataParams {
  readonly urls: readonly string[];
  /** The `format` property as written, or null (detected from each URL's extension). */
  readonly format: string | null;
  readonly ignoreFirstRecord: boolean;
}

/**
 * The URLs of every externaldata node in a plan, in first-seen order. Plans nest in places the walk cannot know
 * (scalar subqueries in expressions, `in (T)` tables, extension parameters), so it visits every object reachable
 * from the root, once.
 */
export function externalUrls(plan: LogicalPlan): string[] {
  const urls = new Set<string>();
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.kind === 'extension' && o.name === EXTERNALDATA) for (const u of (o.params as ExternalDataParams).urls) urls.add(u);
    // Literal rows and schemas hold no plans; skipping them keeps the walk short on large datatables.
    for (const [k, x] of Object.entries(o)) if (k !== 'rows' && k !== 'schema') visit(x);
  };
  visit(plan);
  return [...urls];
}
