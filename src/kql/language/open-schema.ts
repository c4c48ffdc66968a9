/**
 * Plugins whose output columns depend on the data (`evaluate bag_unpack(c)` / `evaluate pivot(...)` without an
 * output schema) followed by operators that use those columns.
 *
 * Kusto.Language binds such an evaluate with an open schema, so the operators after it cannot be translated before
 * the data is seen. The translator stops at the first such evaluate and hands the engine its plan (the evaluate and
 * everything it reads: it does not depend on anything after it). The engine runs that plan, learns the columns,
 * writes them into the query text as the plugin's declared output schema (`: (Name:type, ...)`, the form the docs
 * give for naming the output up front) and translates the rewritten query, which the binder now checks like any
 * other: a reference to a key the data does not have is Kusto's KS142 error. The evaluate runs twice (once to learn
 * the schema, once in the whole query); the second run reads the same data and gives the same columns.
 */
import type { Schema } from '../data/batch.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { quoteName } from './kusto.js';

/** Thrown by the translator: run `plan`, then insert its schema into `text` at `at` and translate again. */
export class OpenSchemaNeeded extends Error {
  constructor(
    readonly plan: LogicalPlan,
    /** The text the binder analyzed (it may differ from the caller's: see analyze). */
    readonly text: string,
    /** Where the output schema goes: right after the plugin call. */
    readonly at: number,
  ) {
    super('open schema: the output columns of an evaluate plugin depend on the data');
  }
}

/** The pending part of a query: what to run and where its columns go. */
export interface PendingSchema {
  readonly text: string;
  readonly at: number;
}

/** `text` with ` : (Name:type, ...)` after position `at`. */
export function withDeclaredSchema(text: string, at: number, schema: Schema): string {
  const cols = schema.map((f) => `${quoteName(f.name)}:${f.type}`).join(', ');
  return `${text.slice(0, at)} : (${cols})${text.slice(at)}`;
}
