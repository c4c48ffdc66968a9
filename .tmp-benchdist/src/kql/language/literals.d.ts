/** Converts Kusto.Language literal nodes (boxed Bridge values, token text) to our plain boxed values. */
import type { Boxed, Dyn, KType } from '../data/types.js';
import { type KNode } from './kusto.js';
export declare function literalValue(node: KNode, type: KType): Boxed;
/** JSON, keeping integers beyond 2^53 exact as bigint. */
export declare function parseDynamicText(text: string): Dyn;
