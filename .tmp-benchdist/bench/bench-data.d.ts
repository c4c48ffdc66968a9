/**
 * Deterministic synthetic telemetry for the seed-detection benchmark, generated straight into columns.
 *
 * Strings are generated as dictionary codes (Int32Array) plus a small dictionary of distinct values, which is both
 * the engine's own storage form (DictVector) and cheap to hand to DuckDB (codes + dictionary tables, joined there).
 * So edgewatch's tables are zero-copy views of these arrays and DuckDB receives exactly the same values.
 *
 * Shape (per the bench issue): N DeviceNetworkEvents over the 24 h before `now`, ~1,000 devices (40-hex ids), 10% of
 * them internet facing according to DeviceInfo rows of the last hour, ~30% InboundConnectionAttempt, RemoteIP
 * drawn from ~100,000 distinct addresses (public IPv4, RFC 1918 ranges, 172.x around the 172.16/12 edges, IPv6),
 * with a few thousand "scanner" addresses that take a fifth of the inbound attempts so the detection finds both
 * heavy hitters and the Poisson tail around the `>= 3` threshold.
 */
import { Table } from '../src/kql/data/batch.js';
import { type Vector } from '../src/kql/data/vector.js';
/** mulberry32 (same generator as src/demo/random.ts, inlined so the hot loops stay monomorphic). */
export declare class Prng {
    private s;
    constructor(seed: number);
    next(): number;
    /** Integer in [0, n). */
    below(n: number): number;
}
/** A dictionary-encoded string column. */
export interface StrCol {
    readonly codes: Int32Array;
    readonly dict: readonly string[];
}
export interface DeviceInfoData {
    readonly n: number;
    /** 100 ns ticks since 1970. */
    readonly timestamp: BigInt64Array;
    readonly deviceId: StrCol;
    readonly deviceName: StrCol;
    readonly isInternetFacing: Uint8Array;
}
export interface NetworkEventsData {
    readonly n: number;
    readonly timestamp: BigInt64Array;
    readonly deviceId: StrCol;
    readonly deviceName: StrCol;
    readonly actionType: StrCol;
    readonly remoteIP: StrCol;
    readonly remotePort: Int32Array;
    readonly localIP: StrCol;
    readonly localPort: Int32Array;
    readonly protocol: StrCol;
}
export interface BenchData {
    /** The pinned clock (ISO) the queries run with. */
    readonly now: string;
    readonly nowTicks: bigint;
    readonly devices: number;
    readonly internetFacing: number;
    readonly info: DeviceInfoData;
    readonly events: NetworkEventsData;
}
export interface GenerateOptions {
    readonly events: number;
    readonly devices?: number;
    readonly distinctIPs?: number;
    readonly seed?: number;
    readonly now?: string;
}
export declare function generate(opts: GenerateOptions): BenchData;
/**
 * Builds an engine Table with the full Defender column list of `tableName`: the generated columns from `given`,
 * every other column empty (strings: "" through one shared all-zero code array; typed: all null through one shared
 * mask), so the schema is exactly what `createEngine({ schema: 'mde' })` declares.
 */
export declare function defenderTable(tableName: string, n: number, given: ReadonlyMap<string, Vector>): Table;
export declare function deviceInfoTable(d: DeviceInfoData): Table;
export declare function networkEventsTable(e: NetworkEventsData): Table;
/** Dotted-quad IPv4 text (0..255, no leading zeros) outside 10/8, 172.16/12 and 192.168/16. */
export declare function isPublicIPv4Text(ip: string): boolean;
/**
 * The seed's answer computed straight from the generated arrays, as a third opinion that shares no code with either
 * engine: RemoteIP -> Connections for inbound attempts on devices internet facing in the last hour, from public
 * IPv4 addresses, kept when >= 3.
 */
export declare function referenceSeedResult(d: BenchData): Map<string, number>;
