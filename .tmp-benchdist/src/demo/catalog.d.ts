/**
 * Static catalogues behind the demo data set: operating systems, processes, public services, CVEs and the
 * planted actors. Kept apart from generate.ts so the generator reads as the story of one day of telemetry.
 *
 * Everything here is synthetic. Addresses of public services and scanners are real public blocks so that a
 * geolocation database gives varied countries; hashes are random; the company is Contoso with documentation
 * address space (198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) as its public addresses.
 */
export type OsFamily = 'win-server' | 'win-client' | 'linux' | 'mac';
export interface OsInfo {
    family: OsFamily;
    platform: string;
    build: number | null;
    version: string;
    versionInfo: string | null;
    distribution: string | null;
    clientVersion: string;
}
export declare const OS: Record<string, OsInfo>;
export type Account = 'system' | 'network service' | 'local service' | 'user' | 'root';
/** A program image; one instance per device is created on first use (pid, start time, account). */
export interface ProcProfile {
    file: string;
    /** Folder path of the image; `{user}` is replaced by the device's user. */
    folder: string;
    company: string | null;
    product: string | null;
    version: string | null;
    internal: string | null;
    original: string | null;
    description: string | null;
    size: number;
    cmd: string;
    parent: string;
    account: Account;
}
export declare const PROCS: Record<string, ProcProfile>;
/** Kinds of outbound traffic; each maps to the processes that make it, per OS family. */
export type TrafficClass = 'browser' | 'office' | 'update' | 'dns' | 'mde' | 'dev';
export declare const CLASS_PROCS: Record<TrafficClass, Record<OsFamily, readonly string[]>>;
export interface PublicService {
    ips: readonly string[];
    url: string;
    port: number;
    protocol: 'Tcp' | 'Udp';
    cls: TrafficClass;
    weight: number;
}
/** Public services the fleet talks to. Addresses are in the operators' real blocks (for realistic geolocation). */
export declare const PUBLIC_SERVICES: readonly PublicService[];
/** Internal services (lateral traffic): which listener answers on which port. */
export interface InternalService {
    role: string;
    port: number;
    protocol: 'Tcp' | 'Udp';
    clientProc: Partial<Record<OsFamily, string>>;
    serverProc: string;
    weight: number;
}
export declare const INTERNAL_SERVICES: readonly InternalService[];
/** Ports internet scanners favour (background radiation and scanner port lists). */
export declare const SCAN_PORTS_TOP: readonly number[];
export declare const SCAN_PORT_WEIGHTS: readonly number[];
export interface CveEntry {
    cve: string;
    severity: 'Critical' | 'High' | 'Medium';
    cvss: string;
    exploit: boolean;
    published: string;
    description: string;
    vendor: string;
    software: string;
    version: string | null;
    update: string;
    updateId: string;
    tags: readonly string[];
    appliesTo: OsFamily;
}
/** CVEs for the triage context. Facts are from the public CVE records; update ids are illustrative. */
export declare const CVES: readonly CveEntry[];
/** Secure-configuration ids for the host firewall (names as used in public KQL; verify in the KB table). */
export declare const FIREWALL_SCIDS: readonly {
    id: string;
    name: string;
    impact: number;
    description: string;
}[];
export type ActorRole = 'vertical' | 'horizontal' | 'slow' | 'below-threshold' | 'at-threshold' | 'ipv6-scanner' | 'private-source' | 'non-facing-target' | 'stale-device' | 'loopback' | 'cgnat' | 'public-boundary';
export interface DemoActor {
    ip: string;
    role: ActorRole;
    /** ISO country code the bundled DB-IP database gives ('' = none). */
    country: string;
    /** Whether the seed query reports this address. */
    inSeed: boolean;
    /** Exact number of InboundConnectionAttempt rows on tagged devices, where the design fixes it. */
    attempts?: number;
    note: string;
}
/**
 * The planted actors. The seed query must return exactly the actors with inSeed = true (background
 * traffic never gets an address to 3 attempts). Countries were checked against the DB-IP City Lite
 * database that edgewatch ships.
 */
export declare const DEMO_ACTORS: readonly DemoActor[];
