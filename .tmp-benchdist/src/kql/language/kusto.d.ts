import { type DiagnosticInfo } from '../errors.js';
import type { Schema } from '../data/batch.js';
export type KNode = any;
export declare function kusto(): {
    K: any;
    Bridge: any;
    System: any;
};
export interface TableDecl {
    readonly name: string;
    readonly schema: Schema;
}
/** A scalar function declared to the binder only (a Defender built-in such as DeviceFromIP): name, params, body. */
export interface FunctionDecl {
    readonly name: string;
    readonly parameters: string;
    readonly body: string;
}
export declare function quoteName(name: string): string;
/** Immutable binder state for a set of tables; rebuilt only when the catalog changes. */
export declare function buildGlobals(tables: readonly TableDecl[], functions?: readonly FunctionDecl[]): any;
export declare function kindName(node: KNode): string;
/** Parses and binds; throws a KqlError with Kusto's own diagnostic text, position and a caret on any error. */
export declare function analyze(text: string, globals: any): KNode;
export declare function lineCol(text: string, offset: number): {
    line: number;
    column: number;
};
/** `error KS204: message (line 3, column 9)`, the line itself, and a caret under the spot. */
export declare function formatDiagnostics(text: string, infos: readonly DiagnosticInfo[]): string;
