/**
 * Logical rewrites between translation and physical planning. Each keeps the query's meaning exactly.
 *
 * 1. Dependent group keys: `summarize ... by k, f(k)` groups by k alone and computes f(k) once per group, after
 *    the aggregation (f deterministic, depending only on other plain-column keys). The seed's
 *    `by RemoteIP, tostring(IPLocation.country)` thus geolocates once per output row, not once per input address.
 * 2. Late projection: a projection that only appends or recomputes columns moves above a filter, sort, top or
 *    take that does not read what it computes, so it runs on fewer rows.
 * 3. Column pruning: computed columns nobody reads are dropped.
 */
import type { Field, Schema } from '../data/batch.js';
import { getScalarFunction } from '../functions/registry.js';
import { type Expr, Exprs } from './expr.js';
import type { LogicalPlan, NamedExpr, ProjectNode, SummarizeNode } from './logical-plan.js';

export function optimize(plan: LogicalPlan): LogicalPlan {
  let p = rewrite(plan, dependentKeys);
  p = rewrite(p, lateProjection);
  p = prune(p, null);
  return p;
}

/** Bottom-up application of a node rewrite. */
function rewrite(p: LogicalPlan, rule: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  return rule(mapInputs(p, (c) => rewrite(c, rule)));
}

function mapInputs(p: LogicalPlan, f: (c: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'scan':
    case 'values':
    case 'range':
      return p;
    case 'union':
    case 'extension': {
      const inputs = p.inputs.map(f);
      return inputs.every((x, i) => x === p.inputs[i]) ? p : { ...p, inputs };
    }
    case 'join': {
      const left = f(p.left);
      const right = f(p.right);
      return left === p.left && right === p.right ? p : { ...p, left, right };
    }
    default: {
      const input = f(p.input);
      return input === p.input ? p : ({ ...p, input } as LogicalPlan);
    }
  }
}

/** Column names an expression reads. Subqueries read their own tables, not this input. */
export function columnsOf(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case 'column':
      out.add(e.name);
      break;
    case 'call':
      for (const a of e.args) columnsOf(a, out);
      break;
    case 'listMatch':
      columnsOf(e.target, out);
      for (const v of e.values) columnsOf(v, out);
      break;
    default:
      break;
  }
  return out;
}

/** Deterministic: no volatile function (rand, new_guid) and no subquery. */
function deterministic(e: Expr): boolean {
  switch (e.kind) {
    case 'column':
    case 'literal':
      return true;
    case 'call': {
      const fn = getScalarFunction(e.name);
      return !!fn && !fn.volatile && e.args.every(deterministic);
    }
    case 'listMatch':
      return e.tables.length === 0 && deterministic(e.target) && e.values.every(deterministic);
    case 'scalarQuery':
      return false;
  }
}

function substitute(e: Expr, defs: ReadonlyMap<string, Expr>): Expr {
  switch (e.kind) {
    case 'column':
      return defs.get(e.name) ?? e;
    case 'call':
      return Exprs.call(e.name, e.args.map((a) => substitute(a, defs)), e.type);
    case 'listMatch':
      return { ...e, target: substitute(e.target, defs), values: e.values.map((v) => substitute(v, defs)) };
    default:
      return e;
  }
}

function isPassThrough(c: NamedExpr): boolean {
  return c.expr.kind === 'column' && c.expr.name === c.name;
}

// ---------------------------------------------------------------- 1. dependent group keys

function dependentKeys(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'summarize' || p.keys.length < 2) return p;
  // Definitions of the computed columns of a projection right below, to see through `extend x = f(col)`.
  const defs = new Map<string, Expr>();
  if (p.input.kind === 'project') for (const c of p.input.columns) if (!isPassThrough(c)) defs.set(c.name, c.expr);
  const inputPlain = (name: string) => !defs.has(name);
  const plainKeys = new Set(p.keys.filter((k) => k.expr.kind === 'column' && k.expr.name === k.name && inputPlain(k.name)).map((k) => k.name));
  const dependent = new Map<number, Expr>();
  p.keys.forEach((k, i) => {
    if (plainKeys.has(k.name) && k.expr.kind === 'column') return;
    const full = substitute(k.expr, defs);
    const cols = columnsOf(full);
    if (cols.size === 0 || ![...cols].every((c) => plainKeys.has(c))) return;
    if (!deterministic(full)) return;
    dependent.set(i, full);
  });
  if (dependent.size === 0) return p;
  const keys = p.keys.filter((_k, i) => !dependent.has(i));
  const keyFields: Field[] = p.schema.slice(0, p.keys.length).filter((_f, i) => !dependent.has(i));
  const aggFields = p.schema.slice(p.keys.length);
  const inner: SummarizeNode = { ...p, keys, schema: [...keyFields, ...aggFields] };
  const columns: NamedExpr[] = p.schema.map((f, i) => ({
    name: f.name,
    expr: dependent.get(i) ?? Exprs.column(f.name, f.type),
  }));
  const proj: ProjectNode = { kind: 'project', input: inner, columns, schema: p.schema, origin: 'summarize (dependent keys)' };
  return proj;
}

// ---------------------------------------------------------------- 2. late projection

/** A projection that keeps every input column (same name, any position) and may add computed ones. */
function isWidening(p: ProjectNode): boolean {
  const names = new Set(p.input.schema.map((f) => f.name));
  const kept = p.columns.filter((c) => isPassThrough(c) && names.has(c.name));
  return kept.length === p.input.schema.length;
}

function lateProjection(p: LogicalPlan): LogicalPlan {
  if (p.kind !== 'filter' && p.kind !== 'sort' && p.kind !== 'top' && p.kind !== 'take') return p;
  const proj = p.input;
  if (proj.kind !== 'project' || !isWidening(proj)) return p;
  const computed = new Set(proj.columns.filter((c) => !isPassThrough(c)).map((c) => c.name));
  const reads = new Set<string>();
  if (p.kind === 'filter') columnsOf(p.predicate, reads);
  if (p.kind === 'sort' || p.kind === 'top') for (const k of p.keys) columnsOf(k.expr, reads);
  if ([...reads].some((r) => computed.has(r))) return p;
  // Moving a projection that computes something volatile would change how many times it runs; keep those.
  if (!proj.columns.every((c) => deterministic(c.expr))) return p;
  const below = { ...p, input: proj.input, schema: proj.input.schema } as LogicalPlan;
  return { ...proj, input: lateProjection(below) };
}

// ---------------------------------------------------------------- 3. pruning

/** Drops computed projection columns that no ancestor reads. `required` null means every column. */
function prune(p: LogicalPlan, required: Set<string> | null): LogicalPlan {
  switch (p.kind) {
    case 'project': {
      let columns = p.columns;
      let schema: Schema = p.schema;
      if (required) {
        const keep = p.columns.map((c) => required.has(c.name));
        columns = p.columns.filter((_c, i) => keep[i]);
        schema = p.schema.filter((_f, i) => keep[i]);
      }
      const need = new Set<string>();
      for (const c of columns) columnsOf(c.expr, need);
      return { ...p, columns, schema, input: prune(p.input, need) };
    }
    case 'filter': {
      const need = required ? new Set(required) : null;
      if (need) columnsOf(p.predicate, need);
      const input = prune(p.input, need);
      return { ...p, input, schema: input.schema };
    }
    case 'sort':
    case 'top': {
      const need = required ? new Set(required) : null;
      if (need) for (const k of p.keys) columnsOf(k.expr, need);
      const input = prune(p.input, need);
      return { ...p, input, schema: input.schema };
    }
    case 'take': {
      const input = prune(p.input, required);
      return { ...p, input, schema: input.schema };
    }
    case 'summarize': {
      const need = new Set<string>();
      for (const k of p.keys) columnsOf(k.expr, need);
      for (const a of p.aggregates) {
        for (const x of a.args) columnsOf(x, need);
        for (const x of a.returned ?? []) columnsOf(x, need);
      }
      return { ...p, input: prune(p.input, need) };
    }
    default:
      return mapInputs(p, (c) => prune(c, null));
  }
}
