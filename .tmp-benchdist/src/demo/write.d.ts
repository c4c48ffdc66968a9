import type { DemoData } from './generate.js';
export declare function writeDemo(data: DemoData, dir: string): string[];
