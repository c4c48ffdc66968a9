/** Errors the engine raises. `code` tells the caller (and the CLI's exit status) what kind of failure it was. */
export type KqlErrorCode = 'syntax' | 'semantic' | 'unsupported' | 'runtime';
export interface DiagnosticInfo {
    code: string;
    message: string;
    start: number;
    length: number;
    line: number;
    column: number;
}
export declare class KqlError extends Error {
    readonly code: KqlErrorCode;
    readonly diagnostics: DiagnosticInfo[];
    constructor(code: KqlErrorCode, message: string, diagnostics?: DiagnosticInfo[]);
}
/** A feature the engine does not implement: always loud, never a wrong answer. */
export declare function unsupported(what: string): KqlError;
export declare function runtimeError(message: string): KqlError;
