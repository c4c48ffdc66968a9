export interface TranslatedRegex {
    /** JS source, to be used with `flags`. */
    readonly source: string;
    /** JS flags: always `u`, plus `i` when the pattern is case-insensitive. */
    readonly flags: string;
    /** Number of capture groups (named ones included), numbered by opening parenthesis as in Kusto and JS. */
    readonly groupCount: number;
    /** groupNames[n] is the name of group n, if it has one. */
    readonly groupNames: readonly (string | undefined)[];
}
/**
 * Translates a Kusto regex to JS. `flags` are Kusto flag letters (`i m s x U`) applied as if the pattern
 * started with `(?flags)`, as `parse kind=regex flags=...` does.
 */
export declare function translateKustoRegex(pattern: string, flags?: string): TranslatedRegex;
/** A non-global JS RegExp for a Kusto regex (safe to share: `test`/`exec` do not use lastIndex). */
export declare function compileKustoRegex(pattern: string, flags?: string): RegExp;
/** A global (`g`) JS RegExp for a Kusto regex; iterate it with `forEachMatch`, which resets lastIndex. */
export declare function compileKustoRegexGlobal(pattern: string, flags?: string): RegExp;
/**
 * Calls `cb` for each successive non-overlapping match of the global regex `re` in `s`, the way RE2/Rust
 * iterate: an empty match that starts where the previous match ended is skipped. Stops if `cb` returns false.
 */
export declare function forEachMatch(re: RegExp, s: string, cb: (m: RegExpExecArray) => boolean | void): void;
/** No row functions here (regex users live in string.ts and string-operators.ts); exported for a uniform registry. */
export declare const functions: import('./scalar-function.js').ScalarFunction[];
