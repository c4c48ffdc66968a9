/** Errors the engine raises. `code` tells the caller (and the CLI's exit status) what kind of failure it was. */
export type KqlErrorCode = 'syntax' | 'semantic' | 'unsupported' | 'runtime';

export interface DiagnosticInfo {
  code: string; // Kusto's diagnostic code, e.g. KS142
  message: string;
  start: number; // offset in the query text
  length: number;
  line: number; // 1-based
  column: number; // 1-based
}

export class KqlError extends Error {
  readonly code: KqlErrorCode;
  readonly diagnostics: DiagnosticInfo[];
  constructor(code: KqlErrorCode, message: string, diagnostics: DiagnosticInfo[] = []) {
    super(message);
    this.name = 'KqlError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/** A feature the engine does not implement: always loud, never a wrong answer. */
export function unsupported(what: string): KqlError {
  return new KqlError('unsupported', `unsupported: ${what}`);
}

export function runtimeError(message: string): KqlError {
  return new KqlError('runtime', message);
}
