import { getScalarFunction } from '../functions/registry.js';
import { Exprs } from './expr.js';
export function optimize(plan) {
    let p = rewrite(plan, dependentKeys);
    p = rewrite(p, lateProjection);
    p = prune(p, null);
    return p;
}
/** Bottom-up application of a node rewrite. */
function rewrite(p, rule) {
    return rule(mapInputs(p, (c) => rewrite(c, rule)));
}
function mapInputs(p, f) {
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
            return input === p.input ? p : { ...p, input };
        }
    }
}
/** Column names an expression reads. Subqueries read their own tables, not this input. */
export function columnsOf(e, out = new Set()) {
    switch (e.kind) {
        case 'column':
            out.add(e.name);
            break;
        case 'call':
            for (const a of e.args)
                columnsOf(a, out);
            break;
        case 'listMatch':
            columnsOf(e.target, out);
            for (const v of e.values)
                columnsOf(v, out);
            break;
        default:
            break;
    }
    return out;
}
/** Deterministic: no volatile function (rand, new_guid) and no subquery. */
function deterministic(e) {
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
function substitute(e, defs) {
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
function isPassThrough(c) {
    return c.expr.kind === 'column' && c.expr.name === c.name;
}
// ---------------------------------------------------------------- 1. dependent group keys
function dependentKeys(p) {
    if (p.kind !== 'summarize' || p.keys.length < 2)
        return p;
    // Definitions of the computed columns of a projection right below, to see through `extend x = f(col)`.
    const defs = new Map();
    if (p.input.kind === 'project')
        for (const c of p.input.columns)
            if (!isPassThrough(c))
                defs.set(c.name, c.expr);
    const inputPlain = (name) => !defs.has(name);
    const plainKeys = new Set(p.keys.filter((k) => k.expr.kind === 'column' && k.expr.name === k.name && inputPlain(k.name)).map((k) => k.name));
    const dependent = new Map();
    p.keys.forEach((k, i) => {
        if (plainKeys.has(k.name) && k.expr.kind === 'column')
            return;
        const full = substitute(k.expr, defs);
        const cols = columnsOf(full);
        if (cols.size === 0 || ![...cols].every((c) => plainKeys.has(c)))
            return;
        if (!deterministic(full))
            return;
        dependent.set(i, full);
    });
    if (dependent.size === 0)
        return p;
    const keys = p.keys.filter((_k, i) => !dependent.has(i));
    const keyFields = p.schema.slice(0, p.keys.length).filter((_f, i) => !dependent.has(i));
    const aggFields = p.schema.slice(p.keys.length);
    const inner = { ...p, keys, schema: [...keyFields, ...aggFields] };
    const columns = p.schema.map((f, i) => ({
        name: f.name,
        expr: dependent.get(i) ?? Exprs.column(f.name, f.type),
    }));
    const proj = { kind: 'project', input: inner, columns, schema: p.schema, origin: 'summarize (dependent keys)' };
    return proj;
}
// ---------------------------------------------------------------- 2. late projection
/** A projection that keeps every input column (same name, any position) and may add computed ones. */
function isWidening(p) {
    const names = new Set(p.input.schema.map((f) => f.name));
    const kept = p.columns.filter((c) => isPassThrough(c) && names.has(c.name));
    return kept.length === p.input.schema.length;
}
function lateProjection(p) {
    if (p.kind !== 'filter' && p.kind !== 'sort' && p.kind !== 'top' && p.kind !== 'take')
        return p;
    const proj = p.input;
    if (proj.kind !== 'project' || !isWidening(proj))
        return p;
    const computed = new Set(proj.columns.filter((c) => !isPassThrough(c)).map((c) => c.name));
    const reads = new Set();
    if (p.kind === 'filter')
        columnsOf(p.predicate, reads);
    if (p.kind === 'sort' || p.kind === 'top')
        for (const k of p.keys)
            columnsOf(k.expr, reads);
    if ([...reads].some((r) => computed.has(r)))
        return p;
    // Moving a projection that computes something volatile would change how many times it runs; keep those.
    if (!proj.columns.every((c) => deterministic(c.expr)))
        return p;
    const below = { ...p, input: proj.input, schema: proj.input.schema };
    return { ...proj, input: lateProjection(below) };
}
// ---------------------------------------------------------------- 3. pruning
/** Drops computed projection columns that no ancestor reads. `required` null means every column. */
function prune(p, required) {
    switch (p.kind) {
        case 'project': {
            let columns = p.columns;
            let schema = p.schema;
            if (required) {
                const keep = p.columns.map((c) => required.has(c.name));
                columns = p.columns.filter((_c, i) => keep[i]);
                schema = p.schema.filter((_f, i) => keep[i]);
            }
            const need = new Set();
            for (const c of columns)
                columnsOf(c.expr, need);
            return { ...p, columns, schema, input: prune(p.input, need) };
        }
        case 'filter': {
            const need = required ? new Set(required) : null;
            if (need)
                columnsOf(p.predicate, need);
            const input = prune(p.input, need);
            return { ...p, input, schema: input.schema };
        }
        case 'sort':
        case 'top': {
            const need = required ? new Set(required) : null;
            if (need)
                for (const k of p.keys)
                    columnsOf(k.expr, need);
            const input = prune(p.input, need);
            return { ...p, input, schema: input.schema };
        }
        case 'take': {
            const input = prune(p.input, required);
            return { ...p, input, schema: input.schema };
        }
        case 'summarize': {
            const need = new Set();
            for (const k of p.keys)
                columnsOf(k.expr, need);
            for (const a of p.aggregates) {
                for (const x of a.args)
                    columnsOf(x, need);
                for (const x of a.returned ?? [])
                    columnsOf(x, need);
            }
            return { ...p, input: prune(p.input, need) };
        }
        default:
            return mapInputs(p, (c) => prune(c, null));
    }
}
