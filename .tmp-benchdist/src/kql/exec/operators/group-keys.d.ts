import type { Boxed, KType } from '../../data/types.js';
import { type Vector } from '../../data/vector.js';
/**
 * Dense ids for the distinct values of one grouping key. A dictionary-encoded key maps each code to an id once
 * (per dictionary), so grouping by a string column costs an array read per row, not a hash lookup.
 */
export declare class KeyColumn {
    readonly type: KType;
    private readonly ids;
    readonly values: Boxed[];
    private nullId;
    private lastDict;
    private codeIds;
    constructor(type: KType);
    get size(): number;
    private idOf;
    /** Writes the id of each of the n rows into out. */
    assign(v: Vector, n: number, out: Int32Array): void;
    /** The key values of the given ids, as a vector (strings dictionary-encoded again). */
    output(idsByGroup: Int32Array, numGroups: number): Vector;
}
/** Dense group ids for tuples of key ids: folds pairs (a, b) into one id at a time. */
export declare class GroupIndex {
    readonly numKeys: number;
    private readonly pairMaps;
    /** For each fold level, the number of ids assigned. */
    private readonly counts;
    /** Per key: the key's id for each group (for output). */
    readonly keyIdsByGroup: Int32Array[];
    numGroups: number;
    private capacity;
    constructor(numKeys: number);
    /** keyIds[i][k]: id of key i at row k. Writes group ids into out. */
    assign(keyIds: readonly Int32Array[], n: number, out: Int32Array): void;
    private addGroup;
    private grow;
}
