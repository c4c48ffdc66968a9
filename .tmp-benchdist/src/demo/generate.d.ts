export { DEMO_ACTORS } from './catalog.js';
export type { DemoActor, ActorRole } from './catalog.js';
export interface DemoOptions {
    /** PRNG seed (default 42). */
    seed?: number;
    /** Fleet size, 12 to 2,000 (default 300); about 10% are tagged internet-facing. */
    devices?: number;
    /** Target DeviceNetworkEvents rows (default 300,000): the planted actors always, background for the rest. */
    events?: number;
    /** ISO datetime; the data covers the 24 hours before it. */
    now?: string;
}
export type Row = Record<string, unknown>;
export interface DemoData {
    now: string;
    tables: Record<string, Row[]>;
}
export declare const DEFAULT_SEED = 42;
export declare const DEFAULT_DEVICES = 300;
export declare const DEFAULT_EVENTS = 300000;
export declare const DEFAULT_NOW = "2026-11-27T12:00:00.0000000Z";
/** MDE's LocalIPType / RemoteIPType (memoised: the same addresses recur on most rows). */
export declare function ipType(ip: string): string;
export declare function generateDemo(opts?: DemoOptions): DemoData;
