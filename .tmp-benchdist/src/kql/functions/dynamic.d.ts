/**
 * Dynamic (JSON-like) functions: parse_json/todynamic, element access helpers, array_*, bag_*, set_*, zip,
 * jaccard_index, extract_json, gettype, dynamic_to_json.
 * Dynamic values are JSON-like JS values (see data/types.ts); every function treats its inputs as immutable.
 */
import type { Dyn } from '../data/types.js';
import type { ScalarFunction } from './scalar-function.js';
type Bag = {
    [k: string]: Dyn;
};
export declare function isBag(d: Dyn | undefined): d is Bag;
/** Parses JSON text; returns undefined when the text is not valid JSON. */
export declare function tryParseJson(text: string): Dyn | undefined;
/** parse_json of a string: "" gives null, invalid JSON gives the string itself (parse-json-function.md). */
export declare function parseJsonString(s: string): Dyn;
/** `d.key` / `d["key"]`: a missing key or a non-bag gives null. */
export declare function getMember(v: Dyn, key: string): Dyn;
/** `d[i]`: negative indexes count from the end; out of range or non-array gives null. A string index is a key. */
export declare function getIndex(v: Dyn, index: number | bigint | string): Dyn;
export declare const functions: ScalarFunction[];
export {};
