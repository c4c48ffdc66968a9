import type { FlatVector } from './vector.js';

/**
 * Where a dictionary's entries come from: entry k is `global[codes[k]]`. A reader that keeps one dictionary per
 * column over many batches says so, and concatenating such batches then merges them by those numbers rather than
 * by hashing every string of every batch again. Entries of one `global` are distinct strings.
 */
const ORIGINS = new WeakMap<FlatVector, { readonly global: readonly string[]; readonly codes: Int32Array }>();

export function noteDictionaryOrigin(dict: FlatVector, global: readonly string[], codes: Int32Array): void {
  ORIGINS.set(dict, { global, codes });
}

export function dictionaryOrigin(dict: FlatVector): { readonly global: readonly string[]; readonly codes: Int32Array } | undefined {
  return ORIGINS.get(dict);
}
