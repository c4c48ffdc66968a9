/**
 * The slice of better-sqlite3 the alert store uses. The package ships no types and @types/better-sqlite3 is not a
 * dependency, so this file declares what we call and loads the CommonJS module through createRequire.
 */
import { createRequire } from 'node:module';

export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** Calling it runs BEGIN (deferred); `.immediate` runs BEGIN IMMEDIATE, taking the write lock up front. */
export interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
  close(): Database;
  readonly open: boolean;
  readonly name: string;
}

export type DatabaseConstructor = new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => Database;

let ctor: DatabaseConstructor | undefined;

/** Loaded on first use so that commands that never touch the alert store do not pay for the native module. */
export function sqlite(): DatabaseConstructor {
  if (!ctor) {
    try {
      ctor = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
    } catch (e) {
      throw new Error(`the alert store needs the better-sqlite3 package (12.x), which did not load: ${(e as Error).message}`);
    }
  }
  return ctor;
}
