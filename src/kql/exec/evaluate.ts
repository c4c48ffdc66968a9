/**
 * Compiles a logical expression once per plan into a closure over batches (the physical expression).
 * Column references become slot indices; constants stay constants (ConstVector, never expanded); a function of a
 * dictionary-encoded column is computed once per distinct dictionary entry, lazily, and its result shares the
 * column's codes.
 */
import type { Batch, Schema } from '../data/batch.js';
import type { Boxed, Dyn, KType } from '../data/types.js';
import { ConstVector, DictVector, FlatVector, type Vector, VectorBuilder, allocData, isTypedType } from '../data/vector.js';
import { KqlError, unsupported } from '../errors.js';
import type { Expr, ListMatchExpr } from '../plan/expr.js';
import { getScalarFunction } from '../functions/registry.js';
import type { CallSite, RowFn } from '../functions/scalar-function.js';
import { equalBoxed } from '../functions/operators.js';
import { makeHasAll, makeHasAny } from '../functions/terms.js';
import type { ExecContext } from './context.js';
import { binaryKernel } from './kernels.js';
import { WINDOW_FUNCTIONS, evalWindow } from './window.js';

export interface PhysicalExpr {
  readonly type: KType;
  /** How it runs, for explain. */
  readonly describe: string;
  /** The constant value when the expression does not depend on rows. */
  readonly constant?: { value: Boxed };
  eval(batch: Batch): Vector;
}

export function compileExpr(e: Expr, schema: Schema, ctx: ExecContext): PhysicalExpr {
  switch (e.kind) {
    case 'column': {
      const slot = schema.findIndex((f) => f.name === e.name);
      if (slot < 0) throw new KqlError('semantic', `column '${e.name}' is not in the input (${schema.map((f) => f.name).join(', ')})`);
      return { type: e.type, describe: `#${slot}:${e.name}`, eval: (b) => b.columns[slot] };
    }
    case 'literal': {
      const value = e.value;
      return { type: e.type, describe: describeConst(value, e.type), constant: { value }, eval: (b) => new ConstVector(e.type, value, b.length) };
    }
    case 'call':
      return compileCall(e.name, e.args, e.type, schema, ctx);
    case 'listMatch':
      return compileListMatch(e, schema, ctx);
    case 'scalarQuery': {
      let cached: { value: Boxed } | null = null;
      const get = () => {
        if (!cached) {
          const t = ctx.runSubplan(e.plan);
          cached = { value: t.length > 0 && t.columns.length > 0 ? t.columns[0].get(0) : null };
        }
        return cached.value;
      };
      return { type: e.type, describe: 'toscalar(<subquery>)', eval: (b) => new ConstVector(e.type, get(), b.length) };
    }
  }
}

function describeConst(v: Boxed, t: KType): string {
  if (v === null) return `${t}(null)`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

function compileCall(name: string, argExprs: readonly Expr[], type: KType, schema: Schema, ctx: ExecContext): PhysicalExpr {
  if (WINDOW_FUNCTIONS.has(name)) {
    const wargs = argExprs.map((a) => compileExpr(a, schema, ctx));
    return { type, describe: `${name}(${wargs.map((a) => a.describe).join(', ')})[window]`, eval: (b) => evalWindow(name, wargs, type, b) };
  }
  const fn = getScalarFunction(name);
  if (!fn) throw unsupported(`function '${name.replace(/^op:/, 'operator ')}'`);
  const args = argExprs.map((a) => compileExpr(a, schema, ctx));
  const site: CallSite = {
    name,
    argTypes: args.map((a) => a.type),
    resultType: type,
    constArgs: args.map((a) => (a.constant ? a.constant.value : undefined)),
    now: ctx.now,
  };
  const row = fn.bind(site);
  const describe = `${name}(${args.map((a) => a.describe).join(', ')})`;
  if (!fn.volatile && args.every((a) => a.constant)) {
    const value = normalize(row(args.map((a) => a.constant!.value)), type);
    return { type, describe: describeConst(value, type), constant: { value }, eval: (b) => new ConstVector(type, value, b.length) };
  }
  const kernel = binaryKernel(name, site);
  const memo = new DictMemo(row, type);
  return {
    type,
    describe: kernel ? `${describe}[kernel]` : describe,
    eval(b: Batch): Vector {
      const vs = args.map((a) => a.eval(b));
      if (kernel) {
        const r = kernel(vs, b.length);
        if (r) return r;
      }
      if (!fn.volatile) {
        const d = memo.tryEval(vs, b.length);
        if (d) return d;
      }
      return rowLoop(row, vs, type, b.length);
    },
  };
}

/** Results of a row function per dictionary entry, filled lazily as codes are met. */
class DictMemo {
  private dict: FlatVector | null = null;
  private out: FlatVector | null = null;
  private done: Uint8Array | null = null;
  /** Dictionary entries not computed yet: once 0, batches skip the per-row check. */
  private remaining = 0;
  private builder: VectorBuilder | null = null;
  constructor(
    private readonly row: RowFn,
    private readonly type: KType,
  ) {}

  /** Applies when exactly one argument varies and it is a DictVector. */
  tryEval(vs: readonly Vector[], n: number): Vector | null {
    let at = -1;
    for (let i = 0; i < vs.length; i++) {
      if (vs[i].enc === 'const') continue;
      if (vs[i].enc !== 'dict' || at >= 0) return null;
      at = i;
    }
    if (at < 0) return null;
    const dv = vs[at] as DictVector;
    if (this.dict !== dv.dict) {
      this.dict = dv.dict;
      this.builder = new VectorBuilder(this.type, dv.dict.length);
      if (isTypedType(this.type)) this.builder.nulls = new Uint8Array(dv.dict.length);
      this.out = null;
      this.done = new Uint8Array(dv.dict.length);
      this.remaining = dv.dict.length;
    }
    const done = this.done!;
    const builder = this.builder!;
    const args: Boxed[] = vs.map((v) => (v.enc === 'const' ? v.value : null));
    const codes = dv.codes;
    const sel = dv.sel;
    const dict = dv.dict;
    if (this.remaining > 0) {
      for (let k = 0; k < n; k++) {
        const c = codes[sel ? sel[k] : k];
        if (done[c] === 0) {
          done[c] = 1;
          this.remaining--;
          args[at] = dict.get(c);
          builder.set(c, normalize(this.row(args), this.type));
        }
      }
    }
    this.out ??= builder.finish();
    return new DictVector(this.type, codes, this.out, sel, n);
  }
}

/** Makes a row function's result fit its declared type (e.g. a number where a long is expected). */
function normalize(v: Boxed, type: KType): Boxed {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'long':
    case 'datetime':
    case 'timespan':
      return typeof v === 'bigint' ? v : typeof v === 'number' ? (Number.isFinite(v) ? BigInt(Math.trunc(v)) : null) : v;
    case 'int':
      return typeof v === 'bigint' ? Number(v) : v;
    case 'real':
      return typeof v === 'bigint' ? Number(v) : v;
    case 'string':
      return v;
    default:
      return v;
  }
}

function rowLoop(row: RowFn, vs: readonly Vector[], type: KType, n: number): Vector {
  const b = new VectorBuilder(type, n);
  const args: Boxed[] = new Array(vs.length);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < vs.length; i++) args[i] = vs[i].get(k);
    b.set(k, normalize(row(args), type));
  }
  return b.finish();
}

// ------------------------------------------------------------------ in / !in / in~ / has_any / has_all

function flattenInto(out: Boxed[], v: Boxed | Dyn): void {
  if (Array.isArray(v)) for (const x of v) flattenInto(out, x);
  else out.push(v as Boxed);
}

function compileListMatch(e: ListMatchExpr, schema: Schema, ctx: ExecContext): PhysicalExpr {
  const target = compileExpr(e.target, schema, ctx);
  const values = e.values.map((v) => compileExpr(v, schema, ctx));
  const fixed = values.filter((v) => v.constant);
  const varying = values.filter((v) => !v.constant);
  let fixedItems: Boxed[] | null = null;
  const constantItems = (): Boxed[] => {
    if (fixedItems) return fixedItems;
    const items: Boxed[] = [];
    for (const v of fixed) flattenInto(items, v.constant!.value);
    for (const t of e.tables) {
      const table = ctx.runSubplan(t);
      if (table.columns.length === 0) continue;
      const c = table.columns[0];
      for (let k = 0; k < table.length; k++) flattenInto(items, c.get(k));
    }
    return (fixedItems = items);
  };
  let pred: RowFn | null = null;
  const build = (): RowFn => listPredicate(e.op, constantItems(), target.type);
  const memo = new DictMemo((args) => (pred ??= build())(args), 'bool');
  // List elements that are not constants at compile time (a toscalar(), a function parameter, a column): a batch
  // where they are all constant vectors gets one predicate; otherwise each row builds its own list.
  let lastVarying: readonly Boxed[] | null = null;
  let varyingPred: RowFn | null = null;
  const evalVarying = (b: Batch, tv: Vector): Vector => {
    const vs = varying.map((v) => v.eval(b));
    if (vs.every((v) => v.enc === 'const')) {
      const vals = vs.map((v) => v.get(0));
      if (!varyingPred || !lastVarying || vals.some((x, i) => x !== lastVarying![i])) {
        const items = [...constantItems()];
        for (const x of vals) flattenInto(items, x);
        varyingPred = listPredicate(e.op, items, target.type);
        lastVarying = vals;
      }
      return rowLoop(varyingPred, [tv], 'bool', b.length);
    }
    const out = new VectorBuilder('bool', b.length);
    for (let k = 0; k < b.length; k++) {
      const items = [...constantItems()];
      for (const v of vs) flattenInto(items, v.get(k));
      out.set(k, listPredicate(e.op, items, target.type)([tv.get(k)]));
    }
    return out.finish();
  };
  return {
    type: 'bool',
    describe: `${target.describe} ${e.op} (${[...values.map((v) => v.describe), ...e.tables.map(() => '<subquery>')].join(', ')})`,
    eval(b: Batch): Vector {
      const tv = target.eval(b);
      if (varying.length > 0) return evalVarying(b, tv);
      pred ??= build();
      if (tv.enc === 'const') return new ConstVector('bool', pred([tv.value]), b.length);
      return memo.tryEval([tv], b.length) ?? rowLoop(pred, [tv], 'bool', b.length);
    },
  };
}

function asText(v: Boxed): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function listPredicate(op: ListMatchExpr['op'], items: Boxed[], targetType: KType): RowFn {
  switch (op) {
    case 'in':
    case '!in': {
      const neg = op === '!in';
      if (targetType === 'string') {
        const set = new Set(items.map(asText));
        return ([x]) => set.has(x as string) !== neg;
      }
      const nonNull = items.filter((i) => i !== null);
      const numbers = new Set(nonNull.filter((i) => typeof i === 'number' || typeof i === 'bigint').map((i) => Number(i)));
      return ([x]) => {
        if (x === null) return neg; // `in` is an OR of ==, `!in` an AND of != (semantics.md §6)
        if (typeof x === 'number' || typeof x === 'bigint') return numbers.has(Number(x)) !== neg;
        return nonNull.some((i) => equalBoxed(x, i) || asText(i) === asText(x)) !== neg;
      };
    }
    case 'in~':
    case '!in~': {
      const neg = op === '!in~';
      const set = new Set(items.map((i) => asciiLower(asText(i))));
      return ([x]) => set.has(asciiLower(asText(x))) !== neg;
    }
    case 'has_any':
    case 'has_any_cs': {
      const f = makeHasAny(items.map(asText), op === 'has_any_cs');
      return ([x]) => f(asText(x));
    }
    case 'has_all':
    case 'has_all_cs': {
      const f = makeHasAll(items.map(asText), op === 'has_all_cs');
      return ([x]) => f(asText(x));
    }
  }
}

function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : s;
}

/** Rows where a bool vector is true (null counts as false), as logical positions. */
export function truePositions(v: Vector, n: number, out: Uint32Array): number {
  let m = 0;
  if (v.enc === 'const') {
    if (v.value === true) for (let k = 0; k < n; k++) out[m++] = k;
    return m;
  }
  if (v.enc === 'dict') {
    const child = v.dict;
    const data = child.data as Uint8Array;
    const nulls = child.nulls;
    const codes = v.codes;
    const sel = v.sel;
    if (child.sel) {
      for (let k = 0; k < n; k++) if (v.get(k) === true) out[m++] = k;
      return m;
    }
    for (let k = 0; k < n; k++) {
      const c = codes[sel ? sel[k] : k];
      if (data[c] === 1 && (!nulls || nulls[c] === 0)) out[m++] = k;
    }
    return m;
  }
  const data = v.data as Uint8Array;
  const nulls = v.nulls;
  const sel = v.sel;
  if (!sel && !nulls) {
    for (let k = 0; k < n; k++) if (data[k] === 1) out[m++] = k;
    return m;
  }
  for (let k = 0; k < n; k++) {
    const i = sel ? sel[k] : k;
    if (data[i] === 1 && (!nulls || nulls[i] === 0)) out[m++] = k;
  }
  return m;
}

export { allocData };
