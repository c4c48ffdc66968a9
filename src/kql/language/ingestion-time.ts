/**
 * ingestion_time(): the translator turns the call into a read of the hidden `$IngestionTime` column, and this file
 * makes that column reach the operator that reads it. The operator's input is rebuilt down to the table scan with
 * the column carried along (the scan reads it from the table's data; see data/ingestion-time.ts), and an operator
 * that passes its input's columns through drops it again, so it never shows in a result.
 *
 * Kusto: "This function must be used in the context of a table or a materialized view. Otherwise, this function
 * produces null values." Rows that are still a table's records (after where, extend, project, sort, take, top,
 * serialize, sample, union, a let or materialize) keep their ingestion time; rows that summarize, datatable, print
 * or range made are not records of a table, so it is null there. Rows built from several records (join, lookup,
 * mv-expand, plugins) are refused: the docs do not say which record's time they would carry. Keeping it through
 * project is our reading of "the context of a table" (the docs do not list operators).
 */
import { unsupported } from '../errors.js';
import { INGESTION_TIME_COLUMN, INGESTION_TIME_FIELD } from '../data/ingestion-time.js';
import { type Expr, Exprs } from '../plan/expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';

/** What `ingestion_time()` translates to inside an operator. */
export function ingestionTimeRef(): Expr {
  return Exprs.column(INGESTION_TIME_COLUMN, 'datetime');
}

/**
 * `node` is an operator translated over `input` whose expressions read ingestion_time(): the same operator over
 * an input that carries the hidden column, and without that column in its own output.
 */
export function readIngestionTime(node: LogicalPlan, input: LogicalPlan, newSharedId: () => number): LogicalPlan {
  const carried = carry(input, newSharedId);
  switch (node.kind) {
    case 'project':
    case 'summarize':
      // Their outputs are the columns they name: the hidden one is not among them.
      if (node.input === input) return { ...node, input: carried };
      break;
    case 'filter':
    case 'sort':
    case 'top':
      if (node.input === input) {
        const inner = { ...node, input: carried, schema: carried.schema } as LogicalPlan;
        return dropHidden(inner, input);
      }
      break;
    default:
      break;
  }
  throw unsupported(`ingestion_time() in '${node.kind}'`);
}

/** `p` with the hidden column appended to its output (null where the rows are not a table's records). */
function carry(p: LogicalPlan, newSharedId: () => number): LogicalPlan {
  if (p.schema.some((f) => f.name === INGESTION_TIME_COLUMN)) return p;
  const schema = [...p.schema, INGESTION_TIME_FIELD];
  switch (p.kind) {
    case 'scan':
      return { ...p, schema };
    case 'filter':
    case 'sort':
    case 'take':
    case 'top':
    case 'serialize':
    case 'sample':
    case 'render':
      return { ...p, input: carry(p.input, newSharedId), schema } as LogicalPlan;
    case 'project':
      return { ...p, input: carry(p.input, newSharedId), columns: [...p.columns, { name: INGESTION_TIME_COLUMN, expr: ingestionTimeRef() }], schema };
    case 'shared':
      // A new shared node: the original (without the column) may be read elsewhere in the query.
      return { ...p, id: newSharedId(), input: carry(p.input, newSharedId), schema };
    case 'union':
      return {
        ...p,
        inputs: p.inputs.map((x) => carry(x, newSharedId)),
        mapping: p.mapping.map((m) => [...m, INGESTION_TIME_COLUMN]),
        schema,
      };
    case 'summarize':
    case 'values':
    case 'range':
    case 'getschema':
      return {
        kind: 'project',
        input: p,
        columns: [
          ...p.schema.map((f) => ({ name: f.name, expr: Exprs.column(f.name, f.type) })),
          { name: INGESTION_TIME_COLUMN, expr: Exprs.literal('datetime', null) },
        ],
        schema,
        origin: 'extend',
      };
    default:
      throw unsupported(`ingestion_time() over the output of '${p.kind === 'extension' ? p.name : p.kind}' (its rows are not one table record each)`);
  }
}

function dropHidden(p: LogicalPlan, like: LogicalPlan): LogicalPlan {
  return {
    kind: 'project',
    input: p,
    columns: like.schema.map((f) => ({ name: f.name, expr: Exprs.column(f.name, f.type) })),
    schema: like.schema,
    origin: 'project-away',
  };
}
