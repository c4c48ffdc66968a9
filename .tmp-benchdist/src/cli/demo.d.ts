import { type OutputFormat } from './format.js';
interface DemoDeps {
    seedQuery: string;
    parseFormat(v: string | undefined): OutputFormat;
    UsageError: new (m: string) => Error;
}
export declare function runDemo(argv: string[], deps: DemoDeps): Promise<number>;
export {};
