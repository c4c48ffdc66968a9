/**
 * Bound Kusto.Language syntax tree -> our logical plan. Names and types are read from the binder (every pipe stage
 * has a ResultType); this file never re-derives them. Anything it does not know fails with `unsupported: ...`.
 */
import type { Boxed, KType } from '../data/types.js';
import { normalizeTypeName } from '../data/types.js';
import type { Field, Schema } from '../data/batch.js';
import { KqlError, unsupported } from '../errors.js';
import { type Expr, Exprs, type ListMatchExpr } from '../plan/expr.js';
import type { AggregateCall, JoinKind, LogicalPlan, NamedExpr, SortKey } from '../plan/logical-plan.js';
import { type KNode, kindName, kusto } from './kusto.js';
import { literalValue } from './literals.js';
import { operatorTranslators, sourceTranslators } from './operators/index.js';
import './operators/all.js';
import type { TranslatorApi } from './operators/api.js';
import { OpenSchemaNeeded, type PendingSchema } from './open-schema.js';
import { ingestionTimeRef, readIngestionTime } from './ingestion-time.js';
import { TUPLE_ITEM, carrierFunctionName, getTupleFunction } from '../functions/tuple.js';

/** Query operators the core translator handles (extension operators register in operators/index.ts). */
export const CORE_OPERATORS: readonly string[] = [
  'AsOperator', 'CountOperator', 'DistinctOperator', 'ExtendOperator', 'FilterOperator', 'GetSchemaOperator',
  'InvokeOperator', 'JoinOperator', 'LookupOperator', 'MvExpandOperator', 'PrintOperator', 'ProjectAwayOperator',
  'ProjectKeepOperator', 'ProjectOperator', 'ProjectRenameOperator', 'ProjectReorderOperator', 'RangeOperator',
  'RenderOperator', 'SampleOperator', 'SerializeOperator', 'SortOperator', 'SummarizeOperator', 'TakeOperator',
  'TopOperator', 'UnionOperator',
];

export interface TranslatedQuery {
  readonly plan: LogicalPlan;
  /** `set query_now = datetime(...)` and other query options. */
  readonly options: ReadonlyMap<string, Boxed>;
  /** `render` visualization, if the query ends with one. */
  readonly render: string | null;
  /**
   * Set when an evaluate plugin's columns depend on the data and later operators use them: `plan` is then only
   * that evaluate's plan, to run before the query is translated again with its columns (see open-schema.ts).
   */
  readonly pendingSchema?: PendingSchema;
}

interface Frame {
  /** let-bound scalars and function parameters: Kusto symbol -> expression. */
  readonly scalars: Map<unknown, Expr>;
  /** let-bound tables: Kusto symbol -> plan. */
  readonly tables: Map<unknown, LogicalPlan>;
  /** function parameters by name (the expanded body binds them to fresh symbols). */
  readonly paramScalars: Map<string, Expr>;
  readonly paramTables: Map<string, LogicalPlan>;
  readonly parent: Frame | null;
}

function newFrame(parent: Frame | null): Frame {
  return { scalars: new Map(), tables: new Map(), paramScalars: new Map(), paramTables: new Map(), parent };
}

const BINARY_OPS: Record<string, string> = {
  AddExpression: 'op:+',
  SubtractExpression: 'op:-',
  MultiplyExpression: 'op:*',
  DivideExpression: 'op:/',
  ModuloExpression: 'op:%',
  LessThanExpression: 'op:<',
  LessThanOrEqualExpression: 'op:<=',
  GreaterThanExpression: 'op:>',
  GreaterThanOrEqualExpression: 'op:>=',
  EqualExpression: 'op:==',
  NotEqualExpression: 'op:!=',
  AndExpression: 'op:and',
  OrExpression: 'op:or',
  EqualTildeExpression: 'op:=~',
  BangTildeExpression: 'op:!~',
  HasExpression: 'op:has',
  HasCsExpression: 'op:has_cs',
  NotHasExpression: 'op:!has',
  NotHasCsExpression: 'op:!has_cs',
  HasPrefixExpression: 'op:hasprefix',
  HasPrefixCsExpression: 'op:hasprefix_cs',
  NotHasPrefixExpression: 'op:!hasprefix',
  NotHasPrefixCsExpression: 'op:!hasprefix_cs',
  HasSuffixExpression: 'op:hassuffix',
  HasSuffixCsExpression: 'op:hassuffix_cs',
  NotHasSuffixExpression: 'op:!hassuffix',
  NotHasSuffixCsExpression: 'op:!hassuffix_cs',
  ContainsExpression: 'op:contains',
  ContainsCsExpression: 'op:contains_cs',
  NotContainsExpression: 'op:!contains',
  NotContainsCsExpression: 'op:!contains_cs',
  StartsWithExpression: 'op:startswith',
  StartsWithCsExpression: 'op:startswith_cs',
  NotStartsWithExpression: 'op:!startswith',
  NotStartsWithCsExpression: 'op:!startswith_cs',
  EndsWithExpression: 'op:endswith',
  EndsWithCsExpression: 'op:endswith_cs',
  NotEndsWithExpression: 'op:!endswith',
  NotEndsWithCsExpression: 'op:!endswith_cs',
  MatchesRegexExpression: 'op:matches regex',
  LikeExpression: 'op:like',
  LikeCsExpression: 'op:like_cs',
  NotLikeExpression: 'op:!like',
  NotLikeCsExpression: 'op:!like_cs',
};

const LIST_OPS: Record<string, ListMatchExpr['op']> = {
  InExpression: 'in',
  NotInExpression: '!in',
  InCsExpression: 'in~', // Kusto.Language names the case-insensitive form "InCs"
  NotInCsExpression: '!in~',
  HasAnyExpression: 'has_any',
  HasAllExpression: 'has_all',
};

export function toKType(sym: KNode): KType {
  if (!sym) throw new KqlError('semantic', 'expression has no type');
  const { K } = kusto();
  const kind = sym.Kind;
  const SK = K.Symbols.SymbolKind;
  if (kind === SK.Array || kind === SK.Bag) return 'dynamic';
  if (kind === SK.Tuple) {
    const cols = toArray(sym.Columns);
    if (cols.length === 1) return toKType(cols[0].Type);
  }
  const name = String(sym.Name);
  if (name.startsWith('dynamic')) return 'dynamic';
  const t = normalizeTypeName(name);
  if (!t) throw unsupported(`type '${name}'`);
  if (t === 'decimal') throw unsupported('decimal type');
  return t;
}

export function toArray(list: KNode): KNode[] {
  if (!list) return [];
  const { Bridge } = kusto();
  return Bridge.toArray(list);
}

/** Elements of a SyntaxList of SeparatedElements. */
function elements(list: KNode): KNode[] {
  return toArray(list).map((s: KNode) => (s && s.Element !== undefined ? s.Element : s));
}

export function schemaOf(tableSym: KNode): Schema {
  return toArray(tableSym.Columns).map((c: KNode) => ({ name: String(c.Name), type: toKType(c.Type) }));
}

export class Translator {
  private nextShared = 1;
  /** Numbers the hidden carrier columns of tuple-valued calls. */
  private nextTuple = 0;
  private readonly options = new Map<string, Boxed>();
  private render: string | null = null;
  private readonly K = kusto().K;
  /** The schema of the rows the expressions being translated read (the current operator's input). */
  private rowSchema: Schema = [];
  /** Set when the current operator's expressions call ingestion_time(); null outside any operator. */
  private ingestion: { used: boolean } | null = null;

  /** The query's own syntax tree and text (function bodies from elsewhere have other roots). */
  private root: KNode = null;
  private text = '';
  /** How deep in subqueries over an implicit input (mv-apply, partition bodies). */
  private subqueryDepth = 0;

  translateQuery(code: KNode): TranslatedQuery {
    try {
      return this.translateStatements(code);
    } catch (e) {
      if (!(e instanceof OpenSchemaNeeded)) throw e;
      return { plan: e.plan, options: this.options, render: null, pendingSchema: { text: e.text, at: e.at } };
    }
  }

  private translateStatements(code: KNode): TranslatedQuery {
    const root = code.Syntax;
    this.root = root;
    this.text = String(code.Text);
    const frame = newFrame(null);
    const results: LogicalPlan[] = [];
    for (const st of elements(root.Statements)) {
      const kind = kindName(st);
      if (kind === 'LetStatement') this.letStatement(st, frame);
      else if (kind === 'SetOptionStatement') this.setOption(st, frame);
      else if (kind === 'ExpressionStatement') results.push(this.tabular(st.Expression, frame));
      else throw unsupported(`statement '${kind}'`);
    }
    if (results.length === 0) throw new KqlError('semantic', 'the query has no tabular expression statement');
    if (results.length > 1) throw unsupported('more than one result set (several tabular expression statements)');
    return { plan: results[0], options: this.options, render: this.render };
  }

  private setOption(st: KNode, frame: Frame): void {
    const name = String(st.Name.SimpleName);
    const value = st.ValueClause ? this.constant(this.scalar(st.ValueClause.Expression, frame)) : true;
    this.options.set(name, value);
  }

  private constant(e: Expr): Boxed {
    if (e.kind === 'literal') return e.value;
    throw unsupported('a query option whose value is not a literal');
  }

  private letStatement(st: KNode, frame: Frame): void {
    const sym = st.Name.ReferencedSymbol;
    const value = st.Expression;
    const kind = kindName(value);
    if (kind === 'FunctionDeclaration') return; // expanded at each call site
    if (this.isTabular(value)) {
      const plan = this.tabular(value, frame);
      frame.tables.set(sym, plan.kind === 'shared' ? plan : this.share(plan, String(st.Name.SimpleName)));
    } else {
      frame.scalars.set(sym, this.scalar(value, frame));
    }
  }

  private share(plan: LogicalPlan, name: string): LogicalPlan {
    return Object.freeze({ kind: 'shared', id: this.nextShared++, name, input: plan, schema: plan.schema });
  }

  private isTabular(e: KNode): boolean {
    const t = e.ResultType;
    if (!t) return false;
    const { K } = this;
    return t.Kind === K.Symbols.SymbolKind.Table;
  }

  private resultSchema(node: KNode): Schema {
    const t = node.ResultType;
    if (!t || t.Kind !== this.K.Symbols.SymbolKind.Table) throw new KqlError('semantic', `no table type for ${kindName(node)}`);
    return schemaOf(t);
  }

  // ---------------------------------------------------------------- tabular expressions

  tabular(node: KNode, frame: Frame): LogicalPlan {
    const kind = kindName(node);
    switch (kind) {
      case 'PipeExpression':
        return this.operator(node.Operator, this.tabular(node.Expression, frame), node, frame);
      case 'ParenthesizedExpression':
        return this.tabular(node.Expression, frame);
      case 'NameReference':
      case 'BracketedExpression':
        return this.tableReference(node, frame);
      case 'DataTableExpression':
        return this.datatable(node, frame);
      case 'PrintOperator':
        return this.print(node, frame);
      case 'RangeOperator':
        return Object.freeze({
          kind: 'range',
          from: this.scalar(node.From, frame),
          to: this.scalar(node.To, frame),
          step: this.scalar(node.Step, frame),
          schema: this.resultSchema(node),
        });
      case 'UnionOperator':
        return this.union(node, [], frame);
      case 'MaterializeExpression':
        return this.share(this.tabular(node.Expression, frame), 'materialize');
      case 'FunctionCallExpression':
        return this.tabularCall(node, frame);
      default: {
        const src = sourceTranslators[kind];
        if (src) return src(node, this.api(frame));
        if (kind === 'ExternalDataExpression') throw unsupported('externaldata');
        throw unsupported(`tabular expression '${kind}'`);
      }
    }
  }

  private tableReference(node: KNode, frame: Frame): LogicalPlan {
    const sym = node.ReferencedSymbol;
    const SK = this.K.Symbols.SymbolKind;
    if (!sym) throw new KqlError('semantic', `unresolved name in ${kindName(node)}`);
    if (sym.Kind === SK.Table) {
      return Object.freeze({ kind: 'scan', table: String(sym.Name), schema: this.resultSchema(node) });
    }
    if (sym.Kind === SK.Variable || sym.Kind === SK.Parameter) {
      const plan = this.lookupTable(sym, String(sym.Name), frame);
      if (plan) return plan;
    }
    if (sym.Kind === SK.Function) return this.tabularCall(node, frame);
    throw unsupported(`reference to '${String(sym.Name)}' as a table`);
  }

  private lookupTable(sym: unknown, name: string, frame: Frame | null): LogicalPlan | undefined {
    for (let f = frame; f; f = f.parent) {
      const p = f.tables.get(sym);
      if (p) return p;
    }
    for (let f = frame; f; f = f.parent) {
      const p = f.paramTables.get(name);
      if (p) return p;
    }
    return undefined;
  }

  private lookupScalar(sym: unknown, name: string, frame: Frame | null): Expr | undefined {
    for (let f = frame; f; f = f.parent) {
      const e = f.scalars.get(sym);
      if (e) return e;
    }
    for (let f = frame; f; f = f.parent) {
      const e = f.paramScalars.get(name);
      if (e) return e;
    }
    return undefined;
  }

  private datatable(node: KNode, frame: Frame): LogicalPlan {
    const schema = this.resultSchema(node);
    const values = elements(node.Values).map((v: KNode) => this.scalar(v, frame));
    if (schema.length === 0) throw new KqlError('semantic', 'datatable without columns');
    if (values.length % schema.length !== 0) {
      throw new KqlError('semantic', `datatable has ${values.length} values for ${schema.length} columns`);
    }
    const rows: Boxed[][] = [];
    for (let i = 0; i < values.length; i += schema.length) {
      rows.push(values.slice(i, i + schema.length).map((e, j) => this.datatableValue(e, schema[j])));
    }
    return Object.freeze({ kind: 'values', rows, schema });
  }

  private datatableValue(e: Expr, f: Field): Boxed {
    const v = foldConstant(e);
    if (v === undefined) throw unsupported(`datatable value that is not a literal (column ${f.name})`);
    return coerceLiteral(v, e.type, f.type);
  }

  private print(node: KNode, frame: Frame): LogicalPlan {
    const one: LogicalPlan = Object.freeze({ kind: 'values', rows: [[]], schema: [] });
    const schema = this.resultSchema(node);
    // print's row is no table record (ingestion_time() is null there).
    const savedIngestion = this.ingestion;
    this.ingestion = null;
    let columns: NamedExpr[];
    const carriers: NamedExpr[] = [];
    try {
      columns = this.positionalColumns(elements(node.Expressions), schema, frame, carriers, 'print');
    } finally {
      this.ingestion = savedIngestion;
    }
    const input = withCarriers(one, carriers, 'print');
    return Object.freeze({ kind: 'project', input, columns, schema: typedBy(schema, columns), origin: 'print' });
  }

  private operator(op: KNode, input: LogicalPlan, pipe: KNode, frame: Frame): LogicalPlan {
    const saved = this.rowSchema;
    const savedIngestion = this.ingestion;
    this.rowSchema = input.schema;
    const ingestion = (this.ingestion = { used: false });
    try {
      const out = this.operatorInner(op, input, pipe, frame);
      return ingestion.used ? readIngestionTime(out, input, () => this.nextShared++) : out;
    } finally {
      this.rowSchema = saved;
      this.ingestion = savedIngestion;
    }
  }

  private operatorInner(op: KNode, input: LogicalPlan, pipe: KNode, frame: Frame): LogicalPlan {
    const kind = kindName(op);
    const schema = () => this.resultSchema(pipe);
    switch (kind) {
      case 'FilterOperator':
        return Object.freeze({ kind: 'filter', input, predicate: this.scalar(op.Condition, frame), schema: input.schema });
      case 'ProjectOperator':
        return this.project(op, input, schema(), frame, 'project');
      case 'ExtendOperator':
        return this.extend(op, input, schema(), frame);
      case 'ProjectAwayOperator':
      case 'ProjectKeepOperator':
      case 'ProjectReorderOperator': {
        const s = schema();
        const columns = s.map((f) => ({ name: f.name, expr: Exprs.column(f.name, f.type) }));
        return Object.freeze({ kind: 'project', input, columns, schema: s, origin: kind.replace('Operator', '') });
      }
      case 'ProjectRenameOperator': {
        const s = schema();
        const renames = new Map<string, string>();
        for (const x of elements(op.Expressions)) {
          if (kindName(x) !== 'SimpleNamedExpression') throw unsupported('project-rename form');
          renames.set(String(x.Name.SimpleName), String(x.Expression.ReferencedSymbol?.Name ?? x.Expression.SimpleName));
        }
        const columns = s.map((f) => ({ name: f.name, expr: Exprs.column(renames.get(f.name) ?? f.name, f.type) }));
        return Object.freeze({ kind: 'project', input, columns, schema: s, origin: 'project-rename' });
      }
      case 'SummarizeOperator':
        return this.summarize(op, input, schema(), frame);
      case 'CountOperator': {
        const s = schema();
        return Object.freeze({
          kind: 'summarize',
          input,
          keys: [],
          aggregates: [{ fn: 'count', args: [], outputs: [{ name: s[0].name, type: s[0].type }] }],
          schema: s,
          origin: 'count',
        });
      }
      case 'DistinctOperator': {
        const s = schema();
        const keys: NamedExpr[] = s.map((f) => ({ name: f.name, expr: Exprs.column(f.name, f.type) }));
        const exprs = elements(op.Expressions);
        if (!(exprs.length === 1 && kindName(exprs[0]) === 'StarExpression')) {
          exprs.forEach((x: KNode, i: number) => {
            keys[i] = { name: s[i].name, expr: this.scalar(unname(x), frame) };
          });
        }
        return Object.freeze({ kind: 'summarize', input, keys, aggregates: [], schema: s, origin: 'distinct' });
      }
      case 'SortOperator':
        return Object.freeze({ kind: 'sort', input, keys: this.sortKeys(elements(op.Expressions), frame), schema: input.schema });
      case 'TakeOperator':
        return Object.freeze({ kind: 'take', input, count: this.scalar(op.Expression, frame), schema: input.schema });
      case 'TopOperator':
        return Object.freeze({
          kind: 'top',
          input,
          count: this.scalar(op.Expression, frame),
          keys: this.sortKeys([op.ByExpression], frame),
          schema: input.schema,
        });
      case 'UnionOperator':
        return this.union(op, [input], frame);
      case 'JoinOperator':
        return this.join(op, input, schema, frame, 'join');
      case 'LookupOperator':
        return this.join(op, input, schema, frame, 'lookup');
      case 'MvExpandOperator':
        return this.mvExpand(op, input, schema(), frame);
      case 'GetSchemaOperator':
        // The engine reports ColumnOrdinal as int where Kusto.Language says long (oracle mv-expand-operator-05).
        return Object.freeze({ kind: 'getschema', input, inputSchema: input.schema, schema: schema().map((f) => (f.name === 'ColumnOrdinal' ? { ...f, type: 'int' as KType } : f)) });
      case 'RenderOperator': {
        const viz = String(op.ChartType?.Text ?? '');
        this.render = viz;
        return Object.freeze({ kind: 'render', input, visualization: viz, schema: input.schema });
      }
      case 'SerializeOperator': {
        const exprs = elements(op.Expressions);
        const ser: LogicalPlan = Object.freeze({ kind: 'serialize', input, schema: input.schema });
        if (exprs.length === 0) return ser;
        return this.extend(op, ser, schema(), frame);
      }
      case 'AsOperator': {
        // `as T` names its input for later references in the query; like a let, each reference evaluates it again
        // unless hint.materialized=true (named-expressions-00/01).
        const sym = op.Name?.ReferencedSymbol;
        if (sym) {
          const hint = this.params(op).get('hint.materialized');
          const materialized = !!hint && exprText(hint).toLowerCase() === 'true';
          frame.tables.set(sym, materialized ? this.share(input, String(sym.Name)) : input);
        }
        return input;
      }
      case 'InvokeOperator':
        return this.invoke(op, input, frame);
      case 'SampleOperator':
        return Object.freeze({ kind: 'sample', input, count: this.scalar(op.Expression, frame), schema: input.schema });
      default: {
        const ext = operatorTranslators[kind];
        if (ext) return ext(op, input, pipe, this.api(frame));
        throw unsupported(`operator '${operatorName(kind)}'`);
      }
    }
  }

  private api(frame: Frame): TranslatorApi {
    return {
      scalar: (n) => this.scalar(n, frame),
      tabular: (n) => this.tabular(n, frame),
      resultSchema: (n) => this.resultSchema(n),
      elements,
      kindName,
      params: (op) => this.params(op),
      isTabular: (n) => this.isTabular(n),
      subquery: (n, input) => this.subquery(n, input, frame),
      deferOpenSchema: (op, plan, what) => this.deferOpenSchema(op, plan, what),
    };
  }

  /** Stops translation so that the engine runs `plan` and learns its columns (see open-schema.ts). */
  private deferOpenSchema(op: KNode, plan: LogicalPlan, what: string): never {
    const call = op.FunctionCall;
    if (this.subqueryDepth > 0 || !this.root || op.Root !== this.root || !call || typeof call.End !== 'number') {
      throw unsupported(`${what} without an output schema inside a subquery or function body (its columns depend on the data; add ': (Col:type, ...)')`);
    }
    throw new OpenSchemaNeeded(plan, this.text, call.End);
  }

  /** A subquery whose leftmost operator reads an implicit input (the bodies of mv-apply and partition). */
  private subquery(node: KNode, input: LogicalPlan, frame: Frame): LogicalPlan {
    this.subqueryDepth++;
    try {
      return this.subqueryInner(node, input, frame);
    } finally {
      this.subqueryDepth--;
    }
  }

  private subqueryInner(node: KNode, input: LogicalPlan, frame: Frame): LogicalPlan {
    const kind = kindName(node);
    if (kind === 'PipeExpression') return this.operator(node.Operator, this.subqueryInner(node.Expression, input, frame), node, frame);
    if (kind === 'ParenthesizedExpression') return this.subqueryInner(node.Expression, input, frame);
    if (kind.endsWith('Operator') && kind !== 'RangeOperator' && kind !== 'PrintOperator') return this.operator(node, input, node, frame);
    return this.tabular(node, frame);
  }

  private project(op: KNode, input: LogicalPlan, s: Schema, frame: Frame, origin: string): LogicalPlan {
    const carriers: NamedExpr[] = [];
    const columns = this.positionalColumns(elements(op.Expressions), s, frame, carriers, origin);
    return Object.freeze({ kind: 'project', input: withCarriers(input, carriers, origin), columns, schema: typedBy(s, columns), origin });
  }

  /**
   * The columns of project / print: the binder's schema read positionally, each expression giving one column, or
   * several for a tuple-valued call (whose carrier goes to `carriers`).
   */
  private positionalColumns(exprs: KNode[], s: Schema, frame: Frame, carriers: NamedExpr[], origin: string): NamedExpr[] {
    const width = exprs.reduce((n: number, x: KNode) => n + (this.tupleColumns(namedValue(x))?.length ?? 1), 0);
    if (width !== s.length) throw unsupported(`${origin} with wildcards`);
    const local = newFrame(frame);
    const columns: NamedExpr[] = [];
    for (const x of exprs) {
      const inner = namedValue(x);
      const cols = this.tupleColumns(inner);
      for (const e of cols ? this.tupleCall(inner, cols, local, carriers) : [this.scalar(inner, local)]) {
        const name = s[columns.length].name;
        columns.push({ name, expr: e });
        // A later expression of the same operator may refer to this one by name.
        local.paramScalars.set(name, e);
      }
    }
    return columns;
  }

  /** The output columns of a tuple-valued expression (a call with several outputs), or null for a single value. */
  private tupleColumns(node: KNode): KNode[] | null {
    const t = node.RawResultType ?? node.ResultType;
    if (!t || t.Kind !== this.K.Symbols.SymbolKind.Tuple) return null;
    const cols = toArray(t.Columns);
    return cols.length > 1 ? cols : null;
  }

  /**
   * A built-in call with several outputs: the tuple is computed once per row into a hidden carrier column (added to
   * `carriers`, see functions/tuple.ts) and each output column reads its element from there.
   */
  private tupleCall(node: KNode, cols: KNode[], frame: Frame, carriers: NamedExpr[], onAggregate?: (call: KNode) => Expr): Expr[] {
    const sym = node.ReferencedSymbol;
    if (kindName(node) !== 'FunctionCallExpression' || !sym || !this.K.Functions.All.includes(sym)) {
      throw unsupported(`an expression with several outputs ('${exprText(node)}')`);
    }
    const name = String(sym.Name);
    if (!getTupleFunction(name)) throw unsupported(`function '${name}' with several outputs`);
    const args = (node.ArgumentList ? elements(node.ArgumentList.Expressions) : []).map((a: KNode) => {
      if (kindName(a) === 'StarExpression') throw unsupported(`${name}(*)`);
      if (this.isTabular(a)) throw unsupported(`${name} with a tabular argument`);
      return this.scalar(a, frame, onAggregate);
    });
    const carrier = `__tuple${this.nextTuple++}`;
    carriers.push({ name: carrier, expr: Exprs.call(carrierFunctionName(name), args, 'dynamic') });
    const ref = Exprs.column(carrier, 'dynamic');
    return cols.map((c: KNode, i: number) => Exprs.call(TUPLE_ITEM, [ref, Exprs.literal('long', BigInt(i))], toKType(c.Type)));
  }

  private extend(op: KNode, input: LogicalPlan, s: Schema, frame: Frame): LogicalPlan {
    const inputNames = new Set(input.schema.map((f) => f.name));
    const defs = new Map<string, Expr>();
    const local = newFrame(frame);
    let nextNew = input.schema.length;
    const carriers: NamedExpr[] = [];
    // The binder's name for an unnamed expression (each output column knows the syntax that declared it): it may
    // be an existing column, which the expression then replaces (`extend tostring(a)` turns a into a string).
    const declared = new Map<unknown, string>();
    for (const c of toArray(op.ResultType?.Columns)) if (c.Source) declared.set(c.Source, String(c.Name));
    for (const x of elements(op.Expressions)) {
      const inner = namedValue(x);
      const cols = this.tupleColumns(inner);
      const exprs = cols ? this.tupleCall(inner, cols, local, carriers) : [this.scalar(inner, local)];
      // `(a, b) = f(...)` and `a = f(...)` name the first outputs; the binder names the rest (new columns).
      const given = givenNames(x);
      exprs.forEach((e, i) => {
        let name: string;
        const implied = !cols && given.length === 0 ? declared.get(inner) ?? columnRefName(inner) : undefined;
        if (i < given.length) {
          name = given[i];
          if (!inputNames.has(name) && !defs.has(name)) nextNew++;
        } else if (implied !== undefined && (inputNames.has(implied) || defs.has(implied))) {
          name = implied;
        } else {
          name = s[nextNew++]?.name;
          // e.g. `extend tostring(b), tostring(b)`: the binder keeps one declaration per name.
          if (name === undefined) throw unsupported('extend: an unnamed expression whose column the binder does not report');
        }
        defs.set(name, e);
        local.paramScalars.set(name, e);
      });
    }
    const columns = s.map((f) => ({ name: f.name, expr: defs.get(f.name) ?? Exprs.column(f.name, input.schema.find((c) => c.name === f.name)?.type ?? f.type) }));
    return Object.freeze({ kind: 'project', input: withCarriers(input, carriers, 'extend'), columns, schema: typedBy(s, columns), origin: 'extend' });
  }

  private summarize(op: KNode, input: LogicalPlan, s: Schema, frame: Frame): LogicalPlan {
    const byExprs = op.ByClause ? elements(op.ByClause.Expressions) : [];
    if (op.ByClause?.BinClause) throw unsupported('summarize ... by ... with bin=');
    const keys: NamedExpr[] = byExprs.map((x: KNode, i: number) => ({ name: s[i].name, expr: this.scalar(unname(x), frame) }));
    let pos = keys.length;
    const aggregates: AggregateCall[] = [];
    const post: NamedExpr[] = [];
    let needsPost = false;
    let hidden = 0;
    const carriers: NamedExpr[] = [];
    for (const x of elements(op.Aggregates)) {
      const inner = namedValue(x);
      const tuple = inner.RawResultType;
      const width = tuple && tuple.Kind === this.K.Symbols.SymbolKind.Tuple ? toArray(tuple.Columns).length : 1;
      const outs = s.slice(pos, pos + width);
      pos += width;
      if (this.isAggregateCall(inner)) {
        aggregates.push(this.aggregateCall(inner, outs, frame));
        for (const o of outs) post.push({ name: o.name, expr: Exprs.column(o.name, o.type) });
      } else {
        // An expression over aggregates, e.g. round(avg(x), 2): aggregate into hidden columns, then project.
        needsPost = true;
        const onAggregate = (call: KNode) => {
          const name = `__agg${hidden++}`;
          const t = toKType(call.ResultType);
          aggregates.push(this.aggregateCall(call, [{ name, type: t }], frame));
          return Exprs.column(name, t);
        };
        const cols = width !== 1 ? this.tupleColumns(inner) : null;
        if (width !== 1 && !cols) throw unsupported('summarize expression with several outputs');
        const es = cols ? this.tupleCall(inner, cols, frame, carriers, onAggregate) : [this.scalar(inner, frame, onAggregate)];
        es.forEach((e, i) => post.push({ name: outs[i].name, expr: e }));
      }
    }
    if (pos !== s.length) throw new KqlError('semantic', `summarize output has ${s.length} columns, expected ${pos}`);
    const aggSchema: Schema = [...keys.map((k, i) => s[i]), ...aggregates.flatMap((a) => a.outputs)];
    const node: LogicalPlan = Object.freeze({ kind: 'summarize', input, keys, aggregates, schema: needsPost ? aggSchema : s, origin: 'summarize' });
    if (!needsPost) return node;
    const columns = [...keys.map((k, i) => ({ name: s[i].name, expr: Exprs.column(s[i].name, s[i].type) })), ...post];
    return Object.freeze({ kind: 'project', input: withCarriers(node, carriers, 'summarize'), columns, schema: s, origin: 'summarize' });
  }

  private isAggregateCall(node: KNode): boolean {
    if (kindName(node) !== 'FunctionCallExpression') return false;
    const sym = node.ReferencedSymbol;
    return !!sym && this.K.Aggregates.All.includes(sym);
  }

  private aggregateCall(call: KNode, outs: readonly Field[], frame: Frame): AggregateCall {
    const symName = String(call.ReferencedSymbol.Name);
    // argmax/argmin: the deprecated names of arg_max/arg_min, with the same outputs.
    const fnName = symName === 'argmax' ? 'arg_max' : symName === 'argmin' ? 'arg_min' : symName;
    const argNodes = elements(call.ArgumentList.Expressions);
    const hasStar = argNodes.some((a: KNode) => kindName(a) === 'StarExpression');
    if (fnName === 'arg_max' || fnName === 'arg_min' || fnName === 'take_any' || fnName === 'any' || fnName === 'take_anyif') {
      if (hasStar || ((fnName === 'arg_max' || fnName === 'arg_min') && argNodes.length > 1)) {
        const tupleCols = toArray(call.RawResultType.Columns);
        const first = fnName === 'arg_max' || fnName === 'arg_min' ? 1 : 0;
        const returned: Expr[] = [];
        if (hasStar) {
          for (let i = first; i < tupleCols.length; i++) returned.push(Exprs.column(String(tupleCols[i].Name), toKType(tupleCols[i].Type)));
        } else {
          for (let i = first; i < argNodes.length; i++) returned.push(this.scalar(argNodes[i], frame));
        }
        const args = first ? [this.scalar(argNodes[0], frame)] : [];
        return { fn: fnName, args, outputs: outs, returned };
      }
    }
    if (hasStar) {
      if (fnName === 'count' || fnName === 'dcount') throw unsupported(`${fnName}(*)`);
      throw unsupported(`${fnName} with *`);
    }
    return { fn: fnName, args: argNodes.map((a: KNode) => this.scalar(a, frame)), outputs: outs };
  }

  private sortKeys(nodes: KNode[], frame: Frame): SortKey[] {
    return nodes.map((n: KNode) => {
      let expr = n;
      let ascending = false;
      let nullsFirst: boolean | null = null;
      if (kindName(n) === 'OrderedExpression') {
        expr = n.Expression;
        const ord = n.Ordering;
        if (ord?.AscOrDescKeyword) ascending = String(ord.AscOrDescKeyword.Text).toLowerCase() === 'asc';
        if (ord?.NullsClause) nullsFirst = String(ord.NullsClause.FirstOrLastKeyword.Text).toLowerCase() === 'first';
      }
      return { expr: this.scalar(expr, frame), ascending, nullsFirst: nullsFirst ?? ascending };
    });
  }

  private params(op: KNode): Map<string, KNode> {
    const m = new Map<string, KNode>();
    for (const p of toArray(op.Parameters)) m.set(String(p.Name.SimpleName).toLowerCase(), p.Expression);
    return m;
  }

  private union(op: KNode, leading: LogicalPlan[], frame: Frame): LogicalPlan {
    const params = this.params(op);
    const inputs = [...leading];
    // isfuzzy=true: a leg that does not resolve (a table or view that does not exist) is left out
    // (union-operator.md; oracle union-operator-03); the binder accepts such legs then.
    const fuzzy = params.has('isfuzzy') && /^true$/i.test(String(params.get('isfuzzy').Text ?? params.get('isfuzzy').toString()).trim());
    const kept: KNode[] = [];
    for (const x of elements(op.Expressions)) {
      try {
        inputs.push(this.tabular(x, frame));
        kept.push(x);
      } catch (e) {
        if (!fuzzy || !(e instanceof KqlError) || !/^unresolved name/.test(e.message)) throw e;
      }
    }
    if (inputs.length === 0) throw new KqlError('semantic', 'union isfuzzy=true: no leg resolves');
    // Kusto.Language sometimes types a left-out leg's columns 'unknown' (x_long beside x_unknown), a schema the
    // service would not produce once the leg is gone.
    const unknown = fuzzy ? toArray(op.ResultType?.Columns).find((c: KNode) => String(c.Type?.Name) === 'unknown') : undefined;
    if (unknown) throw unsupported(`union isfuzzy=true: the binder's schema keeps a left-out leg's column '${String(unknown.Name)}'`);
    const schema = this.resultSchema(op);
    const kind = params.get('kind') ? String(params.get('kind').Text ?? params.get('kind').toString()).trim().toLowerCase() : 'outer';
    let source: { name: string; values: string[] } | undefined;
    const ws = params.get('withsource');
    let cols = schema;
    if (ws) {
      const name = String(ws.SimpleName ?? ws.Text ?? ws.toString()).trim();
      const names = kept.map((x: KNode) => exprText(x));
      const values = [...(leading.length ? ['union_arg0'] : []), ...names];
      source = { name, values };
      cols = schema.filter((f) => f.name !== name);
    }
    const mapping = inputs.map((inp) =>
      cols.map((f) => {
        const exact = inp.schema.find((c) => c.name === f.name && c.type === f.type);
        if (exact) return exact.name;
        const suffixed = inp.schema.find((c) => `${c.name}_${c.type}` === f.name);
        if (suffixed) return suffixed.name;
        const sameName = inp.schema.find((c) => c.name === f.name);
        if (sameName) return sameName.name;
        return null;
      }),
    );
    if (kind === 'inner') {
      // inner union keeps only the columns every leg has; the binder's schema already says which.
    }
    return Object.freeze({ kind: 'union', inputs, mapping, source, schema });
  }

  private join(op: KNode, left: LogicalPlan, outputSchema: () => Schema, frame: Frame, origin: 'join' | 'lookup'): LogicalPlan {
    const params = this.params(op);
    const right = this.tabular(op.Expression, frame);
    // Read after the right side: its translation may stop first (an evaluate with columns from the data).
    const s = outputSchema();
    const kp = params.get('kind');
    let joinKind = (kp ? String(kp.Text ?? kp.toString()).trim().toLowerCase() : origin === 'lookup' ? 'leftouter' : 'innerunique') as string;
    if (joinKind === 'left') joinKind = 'leftouter';
    if (joinKind === 'right') joinKind = 'rightouter';
    if (joinKind === 'full' || joinKind === 'outer') joinKind = 'fullouter';
    if (joinKind === 'anti' || joinKind === 'leftantisemi') joinKind = 'leftanti';
    if (joinKind === 'rightantisemi') joinKind = 'rightanti';
    if (joinKind === 'semi') joinKind = 'leftsemi';
    const known: JoinKind[] = ['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi'];
    if (!known.includes(joinKind as JoinKind)) throw unsupported(`join kind=${joinKind}`);
    const clause = origin === 'lookup' ? op.LookupClause : op.ConditionClause;
    if (!clause || kindName(clause) !== 'JoinOnClause') throw unsupported(`${origin} without an 'on' clause (where clause)`);
    const leftKeys: Expr[] = [];
    const rightKeys: Expr[] = [];
    // lookup drops the $right key columns, whichever form names them (lookup-operator.md: "doesn't repeat columns
    // from the $right table that are the basis for the join operation").
    const rightKeyNames: string[] = [];
    const addCond = (c: KNode) => {
      const k = kindName(c);
      if (k === 'AndExpression') {
        addCond(c.Left);
        addCond(c.Right);
        return;
      }
      if (k === 'NameReference' || k === 'BracketedExpression') {
        const name = String(c.ReferencedSymbol?.Name ?? c.SimpleName);
        const lf = left.schema.find((f) => f.name === name);
        const rf = right.schema.find((f) => f.name === name);
        if (!lf || !rf) throw new KqlError('semantic', `join key '${name}' is missing on one side`);
        leftKeys.push(Exprs.column(name, lf.type));
        rightKeys.push(Exprs.column(name, rf.type));
        rightKeyNames.push(name);
        return;
      }
      if (k === 'EqualExpression') {
        const side = (x: KNode): ['left' | 'right', string] => {
          if (kindName(x) === 'PathExpression') {
            const which = String(x.Expression.SimpleName ?? exprText(x.Expression));
            const col = String(x.Selector.ReferencedSymbol?.Name ?? x.Selector.SimpleName);
            if (which === '$left') return ['left', col];
            if (which === '$right') return ['right', col];
          }
          throw unsupported(`join condition '${exprText(c)}'`);
        };
        const a = side(c.Left);
        const b = side(c.Right);
        const [l, r] = a[0] === 'left' ? [a[1], b[1]] : [b[1], a[1]];
        const lf = left.schema.find((f) => f.name === l);
        const rf = right.schema.find((f) => f.name === r);
        if (!lf || !rf) throw new KqlError('semantic', `join key is missing: ${l} / ${r}`);
        leftKeys.push(Exprs.column(l, lf.type));
        rightKeys.push(Exprs.column(r, rf.type));
        rightKeyNames.push(r);
        return;
      }
      throw unsupported(`join condition '${exprText(c)}'`);
    };
    for (const c of elements(clause.Expressions)) addCond(c);
    // Output columns: read the binder's schema positionally against the sides' schemas.
    const output: { side: 'left' | 'right'; column: string; name: string; type: KType }[] = [];
    let sideCols: { side: 'left' | 'right'; column: string }[];
    if (joinKind === 'leftanti' || joinKind === 'leftsemi') sideCols = left.schema.map((f) => ({ side: 'left', column: f.name }));
    else if (joinKind === 'rightanti' || joinKind === 'rightsemi') sideCols = right.schema.map((f) => ({ side: 'right', column: f.name }));
    else if (origin === 'lookup') {
      sideCols = [
        ...left.schema.map((f) => ({ side: 'left' as const, column: f.name })),
        ...right.schema.filter((f) => !rightKeyNames.includes(f.name)).map((f) => ({ side: 'right' as const, column: f.name })),
      ];
    } else {
      sideCols = [...left.schema.map((f) => ({ side: 'left' as const, column: f.name })), ...right.schema.map((f) => ({ side: 'right' as const, column: f.name }))];
    }
    if (sideCols.length !== s.length) throw unsupported(`${origin} output shape (${s.length} columns, expected ${sideCols.length})`);
    s.forEach((f, i) => output.push({ ...sideCols[i], name: f.name, type: f.type }));
    return Object.freeze({ kind: 'join', joinKind: joinKind as JoinKind, left, right, leftKeys, rightKeys, output, schema: s, origin });
  }

  private mvExpand(op: KNode, input: LogicalPlan, s: Schema, frame: Frame): LogicalPlan {
    const params = this.params(op);
    const expansion = String(exprText(params.get('bagexpansion') ?? params.get('kind') ?? '')).trim().toLowerCase();
    const bagAsArray = expansion === 'array';
    const itemIndexNode = params.get('with_itemindex');
    const itemIndex = itemIndexNode ? String(itemIndexNode.SimpleName ?? exprText(itemIndexNode)).trim() : null;
    const inputNames = new Set(input.schema.map((f) => f.name));
    const fresh = s.filter((f) => !inputNames.has(f.name) && f.name !== itemIndex);
    const expand = elements(op.Expressions).map((m: KNode) => {
      const x = m.Expression;
      const e = this.scalar(unname(x), frame);
      let name = kindName(x) === 'SimpleNamedExpression' ? String(x.Name.SimpleName) : e.kind === 'column' ? e.name : null;
      // An unnamed expression takes the binder's name: that of the column it wraps (todynamic(Col) replaces Col),
      // else the next generated name (Column1, ...).
      name ??= String(this.K.KustoFacts.GetExpressionResultName(x, '') ?? '') || null;
      if (!name || !s.some((c) => c.name === name)) name = fresh.find((f) => !inputNames.has(f.name))?.name ?? null;
      if (!name) throw unsupported('mv-expand of an unnamed expression');
      inputNames.add(name);
      const f = s.find((c) => c.name === name);
      return { name, expr: e, type: f ? f.type : 'dynamic' };
    });
    const limit = op.RowLimitClause ? Number(foldConstant(this.scalar(op.RowLimitClause.RowLimit, frame))) : null;
    return Object.freeze({ kind: 'mvexpand', input, expand, limit, itemIndex, bagAsArray, schema: s });
  }

  private invoke(op: KNode, input: LogicalPlan, frame: Frame): LogicalPlan {
    const call = op.Function;
    if (kindName(call) !== 'FunctionCallExpression') throw unsupported('invoke of a non-function');
    return this.tabularCall(call, frame, input);
  }

  /** A call of a user function (let f = ... or a declared Defender function) whose result is a table. */
  private tabularCall(call: KNode, frame: Frame, pipedInput?: LogicalPlan): LogicalPlan {
    const { body, inner } = this.expandCall(call, frame, pipedInput);
    return this.functionBody(body, inner, (e) => this.tabular(e, inner));
  }

  private expandCall(call: KNode, frame: Frame, pipedInput?: LogicalPlan): { body: KNode; inner: Frame } {
    const body = call.GetCalledFunctionBody();
    const sym = call.ReferencedSymbol;
    if (!body) throw unsupported(`function '${String(sym?.Name ?? exprText(call))}'`);
    const sig = call.ReferencedSignature;
    const params = sig ? toArray(sig.Parameters) : [];
    const args = call.ArgumentList ? elements(call.ArgumentList.Expressions) : [];
    const inner = newFrame(frame);
    let ai = 0;
    params.forEach((p: KNode, i: number) => {
      const pname = String(p.Name);
      const declared = toArray(p.DeclaredTypes);
      const isTab = p.TypeKind === this.K.Symbols.ParameterTypeKind.Tabular || (declared.length > 0 && declared[0].Kind === this.K.Symbols.SymbolKind.Table);
      if (i === 0 && pipedInput && isTab) {
        inner.paramTables.set(pname, pipedInput);
        return;
      }
      const a = args[ai++];
      if (a === undefined) {
        if (p.DefaultValue) inner.paramScalars.set(pname, this.scalar(p.DefaultValue, frame));
        else if (p.IsOptional) return;
        else throw new KqlError('semantic', `missing argument '${pname}'`);
        return;
      }
      if (isTab || this.isTabular(a)) inner.paramTables.set(pname, this.tabular(a, frame));
      else inner.paramScalars.set(pname, this.scalar(a, frame));
    });
    return { body, inner };
  }

  private functionBody<T>(body: KNode, frame: Frame, last: (e: KNode) => T): T {
    if (kindName(body) === 'FunctionBody') {
      for (const st of elements(body.Statements)) {
        if (kindName(st) === 'LetStatement') this.letStatement(st, frame);
        else throw unsupported(`statement '${kindName(st)}' in a function body`);
      }
      return last(body.Expression);
    }
    return last(body);
  }

  // ---------------------------------------------------------------- scalar expressions

  scalar(node: KNode, frame: Frame, onAggregate?: (call: KNode) => Expr): Expr {
    const kind = kindName(node);
    const type = () => toKType(node.ResultType);
    const op = BINARY_OPS[kind];
    if (op) {
      return Exprs.call(op, [this.scalar(node.Left, frame, onAggregate), this.scalar(node.Right, frame, onAggregate)], type());
    }
    const listOp = LIST_OPS[kind];
    if (listOp) return this.listMatch(node, listOp, frame, onAggregate);
    switch (kind) {
      case 'ParenthesizedExpression':
        return this.scalar(node.Expression, frame, onAggregate);
      case 'SimpleNamedExpression':
        return this.scalar(node.Expression, frame, onAggregate);
      case 'UnaryMinusExpression':
        return Exprs.call('op:neg', [this.scalar(node.Expression, frame, onAggregate)], type());
      case 'UnaryPlusExpression':
        return this.scalar(node.Expression, frame, onAggregate);
      case 'BetweenExpression':
      case 'NotBetweenExpression': {
        const range = node.Right; // a RangeClause-like expression list: (low .. high)
        const bounds = [range.Left ?? range.GetChild(1), range.Right ?? range.GetChild(3)];
        const fn = kind === 'BetweenExpression' ? 'op:between' : 'op:!between';
        return Exprs.call(fn, [this.scalar(node.Left, frame, onAggregate), ...bounds.map((b: KNode) => this.scalar(b, frame, onAggregate))], 'bool');
      }
      case 'NameReference':
      case 'BracketedExpression':
        return this.nameReference(node, frame);
      case 'PathExpression': {
        const target = this.scalar(node.Expression, frame, onAggregate);
        const sel = node.Selector;
        const key = String(sel.SimpleName ?? (sel.Expression ? literalValue(sel.Expression, 'string') : exprText(sel)));
        return Exprs.call('op:member', [target, Exprs.literal('string', key)], type());
      }
      case 'ElementExpression': {
        const target = this.scalar(node.Expression, frame, onAggregate);
        const sel = node.Selector;
        const inner = kindName(sel) === 'BracketedExpression' ? sel.Expression : sel;
        return Exprs.call('op:index', [target, this.scalar(inner, frame, onAggregate)], type());
      }
      case 'FunctionCallExpression':
        return this.functionCall(node, frame, onAggregate);
      case 'ToScalarExpression': {
        const inner = node.Expression;
        if (this.isTabular(inner)) return { kind: 'scalarQuery', plan: this.tabular(inner, frame), type: type() };
        return this.scalar(inner, frame, onAggregate);
      }
      case 'StarExpression':
        throw unsupported('* in this position');
      case 'TypeOfLiteralExpression': {
        // typeof(T) as an argument (extract, extractjson, ...): the binder already typed the call's result as T,
        // which is what the function implementations read; the argument itself is passed as T's name.
        const m = /^typeof\s*\(\s*(\w+)\s*\)$/.exec(exprText(node));
        return Exprs.literal('string', m ? m[1]! : exprText(node));
      }
      default: {
        if (kind.endsWith('LiteralExpression') || kind === 'DynamicExpression' || kind === 'CompoundStringLiteralExpression') {
          const t = type();
          return Exprs.literal(t, literalValue(node, t));
        }
        throw unsupported(`expression '${kind}'`);
      }
    }
  }

  private nameReference(node: KNode, frame: Frame): Expr {
    const sym = node.ReferencedSymbol;
    if (!sym) throw new KqlError('semantic', `unresolved name '${exprText(node)}'`);
    const SK = this.K.Symbols.SymbolKind;
    const name = String(sym.Name);
    if (sym.Kind === SK.Column) {
      const local = this.lookupScalar(null, name, frame);
      if (local) return local;
      // The input's actual type wins over the binder's where the two differ (see RESULT_TYPE_OVERRIDES).
      const f = this.rowSchema.find((c) => c.name === name);
      return Exprs.column(name, f ? f.type : toKType(sym.Type));
    }
    if (sym.Kind === SK.Variable || sym.Kind === SK.Parameter) {
      const e = this.lookupScalar(sym, name, frame);
      if (e) return e;
      if (node.IsConstant && node.ConstantValue !== undefined) {
        const t = toKType(node.ResultType);
        return Exprs.literal(t, literalValue(node, t));
      }
      throw unsupported(`reference to '${name}' in a scalar position`);
    }
    if (sym.Kind === SK.Function) return this.functionCall(node, frame);
    throw unsupported(`reference to '${name}' (${String(sym.Kind)})`);
  }

  private listMatch(node: KNode, op: ListMatchExpr['op'], frame: Frame, onAggregate?: (call: KNode) => Expr): Expr {
    const target = this.scalar(node.Left, frame, onAggregate);
    const values: Expr[] = [];
    const tables: LogicalPlan[] = [];
    for (const x of elements(node.Right.Expressions)) {
      if (this.isTabular(x)) tables.push(this.tabular(x, frame));
      else values.push(this.scalar(x, frame, onAggregate));
    }
    return Object.freeze({ kind: 'listMatch', op, target, values, tables, type: 'bool' });
  }

  /** Functions that depend on the row's schema rather than on values: resolved here, at translation. */
  private specialCall(name: string, args: KNode[], node: KNode, frame: Frame, onAggregate?: (call: KNode) => Expr): Expr | null {
    switch (name) {
      case 'pack_all': {
        let ignoreNullEmpty = false;
        if (args.length > 0) {
          const v = foldConstant(this.scalar(args[0], frame));
          if (typeof v !== 'boolean') throw unsupported('pack_all with a non-constant ignore_null_empty');
          ignoreNullEmpty = v;
        }
        const parts: Expr[] = [];
        for (const f of this.rowSchema) parts.push(Exprs.literal('string', f.name), Exprs.column(f.name, f.type));
        return Exprs.call(ignoreNullEmpty ? 'bag_pack:nonempty' : 'bag_pack', parts, 'dynamic');
      }
      case 'estimate_data_size': {
        // `*` is every column of the row; the row function (functions/estimate-data-size.ts) sums by type.
        const cols: Expr[] = [];
        for (const a of args) {
          if (kindName(a) === 'StarExpression') for (const f of this.rowSchema) cols.push(Exprs.column(f.name, f.type));
          else cols.push(this.scalar(a, frame, onAggregate));
        }
        return Exprs.call('estimate_data_size', cols, 'long');
      }
      case 'bag_pack_columns': {
        const parts: Expr[] = [];
        for (const a of args) {
          const e = this.scalar(a, frame, onAggregate);
          if (e.kind !== 'column') throw unsupported('bag_pack_columns of an expression that is not a column');
          parts.push(Exprs.literal('string', e.name), e);
        }
        return Exprs.call('bag_pack', parts, 'dynamic');
      }
      case 'ingestion_time': {
        // Outside an operator (print, a let scalar) there is no table record: null, as Kusto documents.
        if (!this.ingestion) return Exprs.literal('datetime', null);
        this.ingestion.used = true;
        return ingestionTimeRef();
      }
      case 'column_names_of': {
        // The names of a table expression's columns (its schema is known at translation).
        if (args.length !== 1 || !this.isTabular(args[0])) return null;
        return Exprs.literal('dynamic', this.tabular(args[0], frame).schema.map((f) => f.name));
      }
      case 'column_ifexists': {
        const colName = foldConstant(this.scalar(args[0], frame));
        if (typeof colName !== 'string') throw unsupported('column_ifexists with a non-constant name');
        const f = this.rowSchema.find((c) => c.name === colName);
        if (f) return Exprs.column(f.name, f.type);
        return this.scalar(args[1], frame, onAggregate);
      }
      default:
        return null;
    }
  }

  private functionCall(node: KNode, frame: Frame, onAggregate?: (call: KNode) => Expr): Expr {
    const sym = node.ReferencedSymbol;
    if (!sym) throw new KqlError('semantic', `unresolved function '${exprText(node)}'`);
    const name = String(sym.Name);
    if (this.K.Aggregates.All.includes(sym)) {
      if (onAggregate) return onAggregate(node);
      throw new KqlError('semantic', `aggregate '${name}' outside summarize`);
    }
    const isBuiltin = this.K.Functions.All.includes(sym);
    if (!isBuiltin) {
      const { body, inner } = this.expandCall(node, frame);
      return this.functionBody(body, inner, (e) => this.scalar(e, inner, onAggregate));
    }
    const args = node.ArgumentList ? elements(node.ArgumentList.Expressions) : [];
    if (name === 'materialize') throw unsupported('materialize in a scalar position');
    const special = this.specialCall(name, args, node, frame, onAggregate);
    if (special) return special;
    const argExprs = args.map((a: KNode) => {
      if (kindName(a) === 'StarExpression') throw unsupported(`${name}(*)`);
      if (this.isTabular(a)) throw unsupported(`${name} with a tabular argument`);
      return this.scalar(a, frame, onAggregate);
    });
    return Exprs.call(name, argExprs, RESULT_TYPE_OVERRIDES[name] ?? toKType(node.ResultType));
  }
}

/**
 * Functions whose result type in the real engine differs from Kusto.Language's signature (each seen in the
 * oracle cases, which hold what the engine returned).
 */
const RESULT_TYPE_OVERRIDES: Record<string, KType> = {
  ceiling: 'real', // ceiling-function-00: ceiling(0) is a real
  datetime_part: 'long', // datetime-part-function-00
  getyear: 'long', // getyear-function-00
  hourofday: 'long', // hour-of-day-function-00
  jaccard_index: 'real', // jaccard-index-function-00
};

/** The binder's schema with each column's type taken from the expression that computes it. */
function typedBy(s: Schema, columns: readonly NamedExpr[]): Schema {
  return s.map((f, i) => (columns[i] && columns[i].expr.type !== f.type ? { name: f.name, type: columns[i].expr.type } : f));
}

/** `extend a`: the name of a plain column reference (the binder declares no new column for it). */
function columnRefName(x: KNode): string | undefined {
  const sym = kindName(x) === 'NameReference' ? x.ReferencedSymbol : null;
  return sym && sym.Kind === kusto().K.Symbols.SymbolKind.Column ? String(sym.Name) : undefined;
}

/** The expression inside `name = expr`. */
function unname(x: KNode): KNode {
  return kindName(x) === 'SimpleNamedExpression' ? x.Expression : x;
}

/** The expression inside `name = expr` or `(name1, name2, ...) = expr`. */
function namedValue(x: KNode): KNode {
  const k = kindName(x);
  return k === 'SimpleNamedExpression' || k === 'CompoundNamedExpression' ? x.Expression : x;
}

/** The names a named expression gives its first outputs (none for an unnamed expression). */
function givenNames(x: KNode): string[] {
  const k = kindName(x);
  if (k === 'SimpleNamedExpression') return [String(x.Name.SimpleName)];
  if (k === 'CompoundNamedExpression') return elements(x.Names.Names).map((n: KNode) => String(n.SimpleName));
  return [];
}

/** `input` with the carrier columns of tuple-valued calls appended, one projection each (a later one may read an earlier one). */
function withCarriers(input: LogicalPlan, carriers: readonly NamedExpr[], origin: string): LogicalPlan {
  let p = input;
  for (const c of carriers) {
    const columns: NamedExpr[] = [...p.schema.map((f) => ({ name: f.name, expr: Exprs.column(f.name, f.type) })), c];
    p = Object.freeze({ kind: 'project', input: p, columns, schema: [...p.schema, { name: c.name, type: c.expr.type }], origin: `${origin} (tuple)` });
  }
  return p;
}

function exprText(x: KNode): string {
  return String(x?.toString?.() ?? '').trim();
}

function operatorName(kind: string): string {
  return kind
    .replace(/Operator$/, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** The value of a constant expression (a literal or a negated numeric literal), or undefined. */
export function foldConstant(e: Expr): Boxed | undefined {
  if (e.kind === 'literal') return e.value;
  if (e.kind === 'call' && e.name === 'op:neg' && e.args[0].kind === 'literal') {
    const v = e.args[0].value;
    if (v === null) return null;
    if (typeof v === 'bigint') return -v;
    if (typeof v === 'number') return -v;
  }
  if (e.kind === 'call' && (e.name === 'dynamic' || e.name === 'todynamic') && e.args.length === 1) return foldConstant(e.args[0]);
  return undefined;
}

/** A datatable literal written as one type but stored in a column of another (e.g. 1 in a real column). */
export function coerceLiteral(v: Boxed, from: KType, to: KType): Boxed {
  if (v === null || from === to) return v;
  switch (to) {
    case 'real':
      return typeof v === 'bigint' || typeof v === 'number' ? Number(v) : v;
    case 'long':
      return typeof v === 'number' ? BigInt(Math.trunc(v)) : v;
    case 'int':
      return typeof v === 'bigint' ? Number(v) : v;
    case 'dynamic':
      return typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v) : v;
    default:
      return v;
  }
}
