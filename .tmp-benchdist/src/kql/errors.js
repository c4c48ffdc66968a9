export class KqlError extends Error {
    code;
    diagnostics;
    constructor(code, message, diagnostics = []) {
        super(message);
        this.name = 'KqlError';
        this.code = code;
        this.diagnostics = diagnostics;
    }
}
/** A feature the engine does not implement: always loud, never a wrong answer. */
export function unsupported(what) {
    return new KqlError('unsupported', `unsupported: ${what}`);
}
export function runtimeError(message) {
    return new KqlError('runtime', message);
}
