import { type Vector } from '../data/vector.js';
import type { CallSite } from '../functions/scalar-function.js';
export type Kernel = (vs: readonly Vector[], n: number) => Vector | null;
export declare function binaryKernel(name: string, site: CallSite): Kernel | null;
