/**
 * The KQL engine: a catalog of tables, a cache of translated plans, and `query()`. It receives its schema from the
 * caller (src/index.ts wires in the Defender schema); it imports nothing outside kql/.
 */
import { Table } from './data/batch.js';
import { toJsonValue } from './data/format-value.js';
import { parseDatetime } from './data/datetime.js';
import { KqlError, runtimeError } from './errors.js';
import { explainPhysical } from './exec/operators/physical-op.js';
import { analyze, buildGlobals } from './language/kusto.js';
import { Translator } from './language/translate.js';
import { explainLogical } from './plan/logical-plan.js';
import { planPhysical } from './plan/physical-planner.js';
import { optimize } from './plan/optimize.js';
export class KqlEngine {
    tables = new Map();
    /** Declared schemas: tables that exist (possibly empty) even before any data is loaded. */
    declared = new Map();
    functions = [];
    globals = null;
    plans = new Map();
    /** Declares a table's schema; it reads as empty until rows are added. */
    declareTable(name, schema) {
        this.declared.set(name, schema);
        this.invalidate();
    }
    declareFunction(decl) {
        this.functions.push(decl);
        this.invalidate();
    }
    /** Adds (or replaces) a table's data. Its schema becomes the table's schema. */
    setTable(name, table) {
        const prev = this.tables.get(name);
        this.tables.set(name, table);
        if (!prev || !sameSchema(prev.schema, table.schema))
            this.invalidate();
    }
    getTable(name) {
        return this.tables.get(name);
    }
    tableNames() {
        return [...new Set([...this.declared.keys(), ...this.tables.keys()])].sort();
    }
    schemaOf(name) {
        return this.tables.get(name)?.schema ?? this.declared.get(name);
    }
    invalidate() {
        this.globals = null;
        this.plans.clear();
    }
    catalog() {
        return this.tableNames().map((name) => ({ name, schema: this.schemaOf(name) }));
    }
    /** Parses, binds and translates (cached per query text until the catalog's schemas change). */
    prepare(text) {
        let t = this.plans.get(text);
        if (t)
            return t;
        this.globals ??= buildGlobals(this.catalog(), this.functions);
        const code = analyze(text, this.globals);
        const translated = new Translator().translateQuery(code);
        t = { ...translated, plan: optimize(translated.plan) };
        this.plans.set(text, t);
        return t;
    }
    explain(text, options = {}) {
        const t = this.prepare(text);
        const ctx = this.context(t, options);
        return { logical: explainLogical(t.plan), physical: explainPhysical(planPhysical(t.plan, ctx)) };
    }
    /** Runs a query to a table (our columnar form). */
    run(text, options = {}) {
        const t = this.prepare(text);
        const ctx = this.context(t, options);
        try {
            return { table: ctx.runSubplan(t.plan), render: t.render };
        }
        catch (e) {
            throw asKqlError(e);
        }
    }
    query(text, options = {}) {
        const { table, render } = this.run(text, options);
        return encodeResult(table, render);
    }
    context(t, options) {
        const now = resolveNow(t.options.get('query_now'), options.now);
        const tables = new Map(this.tables);
        for (const [name, schema] of this.declared)
            if (!tables.has(name))
                tables.set(name, emptyTable(schema));
        const ctx = {
            tables,
            now,
            shared: new Map(),
            runSubplan: (plan) => Table.fromBatches(plan.schema, [...planPhysical(plan, ctx).execute()]),
        };
        return ctx;
    }
}
function sameSchema(a, b) {
    return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.type === b[i].type);
}
function emptyTable(schema) {
    return Table.fromBatches(schema, []);
}
const EPOCH_MS_TICKS = 10000n;
function resolveNow(option, now) {
    if (typeof option === 'bigint')
        return option;
    if (now instanceof Date)
        return BigInt(now.getTime()) * EPOCH_MS_TICKS;
    if (typeof now === 'string') {
        const t = parseDatetime(now);
        if (t === null)
            throw new KqlError('runtime', `not a datetime: ${now}`);
        return t;
    }
    return BigInt(Date.now()) * EPOCH_MS_TICKS;
}
export function encodeResult(table, render = null) {
    const columns = table.schema.map((f) => ({ name: f.name, type: f.type }));
    const rows = new Array(table.length);
    for (let r = 0; r < table.length; r++) {
        const row = new Array(columns.length);
        for (let c = 0; c < columns.length; c++)
            row[c] = toJsonValue(table.columns[c].get(r), columns[c].type);
        rows[r] = row;
    }
    return render ? { columns, rows, render } : { columns, rows };
}
function asKqlError(e) {
    if (e instanceof KqlError)
        return e;
    if (e instanceof RangeError && /Maximum call stack|Invalid array length/.test(e.message))
        return runtimeError(`runtime error: ${e.message}`);
    const err = runtimeError(`runtime error: ${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof Error)
        err.stack = e.stack;
    return err;
}
