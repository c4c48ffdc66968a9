/**
 * A scan lab built from Linux network namespaces: real nmap and masscan scans and an ordinary client against a
 * target, captured by tcpdump on the target's side, for the real-scan tests.
 *
 * Topology (every name carries the test process id, so parallel runs never collide; documentation addresses
 * only, and no interface leads out of the lab, so no packet can reach any other network):
 *
 *   ew-<pid>-s1..s7 (one scanner each)  --veth-->  ew-<pid>-r: br0 198.51.100.1/24  (router, ip_forward=1)
 *   ew-<pid>-c (client 192.0.2.20)      --veth-->              c0  192.0.2.1/24
 *   ew-<pid>-t (targets 203.0.113.10-17)--veth-->              t0  203.0.113.1/24
 *
 * Each scan runs from its own namespace and address, so the capture tells them apart by source. The target
 * answers as a Linux host does: services on a few ports, RST for closed TCP ports, ICMP port unreachable for
 * closed UDP ports (ICMP rate limiting switched off in its namespace so every closed UDP port answers).
 * Everything is bounded in time; processes are killed and namespaces deleted in `finally`, even on failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVICES = fileURLToPath(new URL('./services.ts', import.meta.url));

export const ROUTER = { scan: '198.51.100.1', client: '192.0.2.1', target: '203.0.113.1' } as const;
export const TARGET = '203.0.113.10';
export const TARGETS = Array.from({ length: 8 }, (_, i) => `203.0.113.${10 + i}`);
export const TARGET_NET = '203.0.113.0/24';
export const CLIENT = '192.0.2.20';

/**
 * The services each target address runs: a main server (.10), a second one with SSH and HTTP (.13), and HTTPS on
 * every address (a web farm), so one sweep finds mostly closed ports and the other only open ones.
 */
export const OPEN: Record<string, { tcp: readonly number[]; udp: readonly number[] }> = Object.fromEntries(
  TARGETS.map((ip) => [ip, { tcp: [443], udp: [] as number[] }]),
);
OPEN['203.0.113.10'] = { tcp: [22, 80, 443, 8080], udp: [53] };
OPEN['203.0.113.13'] = { tcp: [22, 80, 443], udp: [] };
export const isOpenTcp = (ip: string, port: number) => OPEN[ip]?.tcp.includes(port) ?? false;
export const isOpenUdp = (ip: string, port: number) => OPEN[ip]?.udp.includes(port) ?? false;

export const UDP_PORTS = [53, 67, 68, 69, 111, 123, 135, 137, 138, 139, 161, 162, 445, 500, 514, 520, 631, 1434, 1900, 4500];
export const SLOW_PORTS = [21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 3389, 8080];
export const SLOW_DELAY_S = 4;
export const SWEEP_PORTS = [22, 80];
/** The second sweep's port: open on every target, so every probe is answered with a SYN-ACK. */
export const SWEEP_OPEN_PORT = 443;
export const MASSCAN_PORTS = { from: 1, to: 1000 };

export type ScanKind = 'syn' | 'masscan' | 'connect' | 'udp' | 'slow' | 'sweep' | 'sweep-open';

export interface Scanner {
  readonly kind: ScanKind;
  readonly ip: string;
  /** Index of its namespace (ew-<pid>-s<n>) and its MAC's last byte. */
  readonly n: number;
  readonly description: string;
  /** The targets it scans. */
  readonly targets: readonly string[];
}

export const SCANNERS: readonly Scanner[] = [
  { kind: 'syn', ip: '198.51.100.10', n: 1, description: 'nmap -sS -T4 --top-ports 200', targets: [TARGET] },
  { kind: 'masscan', ip: '198.51.100.11', n: 2, description: 'masscan -p1-1000 --rate 2000', targets: [TARGET] },
  { kind: 'connect', ip: '198.51.100.12', n: 3, description: 'nmap -sT -T4 --top-ports 200', targets: [TARGET] },
  { kind: 'udp', ip: '198.51.100.13', n: 4, description: `nmap -sU -T4 (${UDP_PORTS.length} ports)`, targets: [TARGET] },
  { kind: 'slow', ip: '198.51.100.14', n: 5, description: `nmap -sS --scan-delay ${SLOW_DELAY_S}s (${SLOW_PORTS.length} ports)`, targets: [TARGET] },
  { kind: 'sweep', ip: '198.51.100.15', n: 6, description: `nmap -sS -T4 -p ${SWEEP_PORTS.join(',')} over 8 hosts`, targets: TARGETS },
  { kind: 'sweep-open', ip: '198.51.100.16', n: 7, description: `nmap -sS -T4 -p ${SWEEP_OPEN_PORT} over 8 hosts (all open)`, targets: TARGETS },
];
export const scannerOf = (kind: ScanKind): Scanner => SCANNERS.find((s) => s.kind === kind)!;

const BRIDGE_MAC = '02:ee:00:00:00:01';
const scannerMac = (n: number) => `02:ee:01:00:00:${n.toString(16).padStart(2, '0')}`;

export interface StepRecord {
  readonly name: string;
  readonly argv: readonly string[];
  readonly startMs: number;
  readonly ms: number;
  readonly code: number | null;
  readonly output: string;
}

export interface LabResult {
  readonly dir: string;
  readonly pcap: string;
  readonly pcapBytes: number;
  /** Wall-clock start and end of the capture. */
  readonly captureStart: Date;
  readonly captureEnd: Date;
  readonly setupMs: number;
  readonly totalMs: number;
  readonly steps: readonly StepRecord[];
  /** tcpdump's own report at exit (packets captured / dropped by kernel). */
  readonly tcpdumpReport: string;
  readonly clientReport: string;
}

/** Why the lab cannot run here (not root, a tool missing, no network namespaces), or null when it can. */
export function labUnavailable(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root (network namespaces need it)';
  const missing = ['ip', 'tcpdump', 'nmap', 'masscan'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length) return `missing tools: ${missing.join(', ')} (apt-get install -y tcpdump nmap masscan iproute2)`;
  const probe = `ew-${process.pid}-probe`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return `cannot create a network namespace: ${(add.stderr || add.error?.message || '').trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}

/** Runs a command to completion (killed at the timeout); the result carries its output. */
function run(argv: readonly string[], timeoutMs: number, procs: Set<ChildProcess>): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.add(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      procs.delete(child);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      procs.delete(child);
      resolve({ code, out, ms: Date.now() - t0 });
    });
  });
}

/** Starts a long-running command and waits until its output matches `ready`. */
function start(argv: readonly string[], ready: RegExp, timeoutMs: number, procs: Set<ChildProcess>): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.add(child);
    let out = '';
    let done = false;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ child, output: () => out });
    };
    const onData = (d: Buffer) => {
      out += d;
      if (ready.test(out)) finish(null);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (e) => finish(e));
    child.on('close', (code) => {
      procs.delete(child);
      finish(new Error(`${argv.join(' ')} exited (${code}) before it was ready:\n${out}`));
    });
    const timer = setTimeout(() => finish(new Error(`${argv.join(' ')} not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
  });
}

function sh(argv: string[]): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${(r.stderr || r.error?.message || '').trim()}`);
}

const tryRun = (argv: string[]) => spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });

/** Kills what runs inside one of the lab's namespaces (only lab processes can be there) and deletes it. */
function deleteNamespace(name: string): string | null {
  const pids = tryRun(['ip', 'netns', 'pids', name]).stdout?.split(/\s+/).filter(Boolean) ?? [];
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const del = tryRun(['ip', 'netns', 'del', name]);
  return del.status === 0 ? null : (del.stderr ?? '').trim();
}

/** Namespaces left by an earlier lab whose test process died before its `finally` (e.g. killed with -9). */
function removeStaleNamespaces(log: (l: string) => void): void {
  const list = tryRun(['ip', 'netns', 'list']).stdout ?? '';
  for (const line of list.split('\n')) {
    const m = /^(ew-(\d+)-(?:r|t|c|s\d+|probe))(?:\s|$)/.exec(line);
    if (!m || Number(m[2]) === process.pid) continue;
    let alive = true;
    try {
      process.kill(Number(m[2]), 0);
    } catch {
      alive = false;
    }
    if (alive) continue;
    log(`removing stale namespace ${m[1]}`);
    deleteNamespace(m[1]!);
  }
}

export interface LabOptions {
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Where the capture goes (default: a new temporary folder). */
  readonly dir?: string;
}

/** Builds the lab, runs every scan and the client under capture, tears the lab down, and returns the capture. */
export async function runLab(options: LabOptions = {}): Promise<LabResult> {
  const log = options.log ?? (() => {});
  const t0 = Date.now();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'edgewatch-realscan-'));
  const pcap = join(dir, 'capture.pcap');
  const id = `ew-${process.pid}`;
  const ns = {
    router: `${id}-r`,
    target: `${id}-t`,
    client: `${id}-c`,
    scanner: (n: number) => `${id}-s${n}`,
  };
  const all = [ns.router, ns.target, ns.client, ...SCANNERS.map((s) => ns.scanner(s.n))];
  const created: string[] = [];
  const procs = new Set<ChildProcess>();
  const steps: StepRecord[] = [];
  const exec = (name: string) => ['ip', 'netns', 'exec', name];

  removeStaleNamespaces(log);
  try {
    // --- namespaces and links ---------------------------------------------------------------------------------
    for (const n of all) {
      sh(['ip', 'netns', 'add', n]);
      created.push(n);
      sh(['ip', '-n', n, 'link', 'set', 'lo', 'up']);
      // No IPv6: keeps router solicitations and neighbour discovery out of the capture (best effort).
      tryRun([...exec(n), 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    }
    const R = ns.router;
    sh([...exec(R), 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    sh(['ip', '-n', R, 'link', 'add', 'br0', 'type', 'bridge']);
    sh(['ip', '-n', R, 'link', 'set', 'br0', 'address', BRIDGE_MAC]);
    sh(['ip', '-n', R, 'addr', 'add', `${ROUTER.scan}/24`, 'dev', 'br0']);
    sh(['ip', '-n', R, 'link', 'set', 'br0', 'up']);
    for (const s of SCANNERS) {
      const S = ns.scanner(s.n);
      sh(['ip', '-n', S, 'link', 'add', 'eth0', 'address', scannerMac(s.n), 'type', 'veth', 'peer', 'name', `s${s.n}`, 'netns', R]);
      sh(['ip', '-n', S, 'addr', 'add', `${s.ip}/24`, 'dev', 'eth0']);
      sh(['ip', '-n', S, 'link', 'set', 'eth0', 'up']);
      sh(['ip', '-n', S, 'route', 'add', TARGET_NET, 'via', ROUTER.scan]);
      sh(['ip', '-n', R, 'link', 'set', `s${s.n}`, 'master', 'br0', 'up']);
    }
    sh(['ip', '-n', ns.client, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'c0', 'netns', R]);
    sh(['ip', '-n', ns.client, 'addr', 'add', `${CLIENT}/24`, 'dev', 'eth0']);
    sh(['ip', '-n', ns.client, 'link', 'set', 'eth0', 'up']);
    sh(['ip', '-n', ns.client, 'route', 'add', TARGET_NET, 'via', ROUTER.client]);
    sh(['ip', '-n', R, 'addr', 'add', `${ROUTER.client}/24`, 'dev', 'c0']);
    sh(['ip', '-n', R, 'link', 'set', 'c0', 'up']);

    const T = ns.target;
    sh(['ip', '-n', T, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 't0', 'netns', R]);
    for (const ip of TARGETS) sh(['ip', '-n', T, 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
    sh(['ip', '-n', T, 'link', 'set', 'eth0', 'up']);
    sh(['ip', '-n', T, 'route', 'add', '198.51.100.0/24', 'via', ROUTER.target]);
    sh(['ip', '-n', T, 'route', 'add', '192.0.2.0/24', 'via', ROUTER.target]);
    // Every closed UDP port answers (Linux limits ICMP errors per destination by default).
    sh([...exec(T), 'sysctl', '-qw', 'net.ipv4.icmp_ratelimit=0']);
    sh(['ip', '-n', R, 'addr', 'add', `${ROUTER.target}/24`, 'dev', 't0']);
    sh(['ip', '-n', R, 'link', 'set', 't0', 'up']);

    // --- services and capture ---------------------------------------------------------------------------------
    const specs = Object.entries(OPEN).flatMap(([ip, s]) => [...s.tcp.map((p) => `${ip}:${p}`), ...s.udp.map((p) => `${ip}:${p}/udp`)]);
    await start([...exec(T), process.execPath, '--import', 'tsx', SERVICES, 'target', ...specs], /^ready$/m, 20_000, procs);
    const tcpdump = await start(
      // --immediate-mode: libpcap otherwise holds packets in a ring block for up to a second, and a block still
      // open when tcpdump is stopped is lost (the last probe of a scan went missing that way). Immediate mode
      // sizes each ring frame by the snap length, so headers only (-s 256, as many sensors capture) keeps the
      // ring deep enough for a SYN scan's burst (the default 256 KiB snap length dropped ~200 of 4,000 packets).
      [...exec(T), 'tcpdump', '-i', 'eth0', '-n', '--immediate-mode', '-U', '-s', '256', '-B', '32768', '-Z', 'root', '-w', pcap],
      /listening on/, 10_000, procs,
    );
    const setupMs = Date.now() - t0;
    const captureStart = new Date();
    log(`lab ready in ${setupMs} ms (${all.length} namespaces); capturing to ${pcap}`);

    const step = async (name: string, argv: string[], timeoutMs: number): Promise<StepRecord> => {
      const startMs = Date.now() - captureStart.getTime();
      const r = await run(argv, timeoutMs, procs);
      const rec = { name, argv, startMs, ms: r.ms, code: r.code, output: r.out };
      steps.push(rec);
      log(`${name}: exit ${r.code} after ${r.ms} ms`);
      if (r.code !== 0) throw new Error(`${name} failed (exit ${r.code}):\n${argv.join(' ')}\n${r.out}`);
      return rec;
    };
    const nmap = (s: Scanner, args: string[]) => [...exec(ns.scanner(s.n)), 'nmap', '-n', '-Pn', '-e', 'eth0', ...args, ...targetSpec(s)];

    // The slow scan takes a minute: it runs while the others run one after another.
    const slow = scannerOf('slow');
    const slowRun = step('slow', nmap(slow, ['-sS', '--scan-delay', `${SLOW_DELAY_S}s`, '--max-retries', '0', '-p', SLOW_PORTS.join(',')]), 150_000);
    slowRun.catch(() => {}); // awaited below; keeps an early failure from being unhandled meanwhile
    await step('syn', nmap(scannerOf('syn'), ['-sS', '-T4', '--top-ports', '200']), 60_000);
    await step('connect', nmap(scannerOf('connect'), ['-sT', '-T4', '--top-ports', '200']), 60_000);
    await step('udp', nmap(scannerOf('udp'), ['-sU', '-T4', '--max-retries', '1', '-p', UDP_PORTS.join(',')]), 60_000);
    await step('sweep', nmap(scannerOf('sweep'), ['-sS', '-T4', '-p', SWEEP_PORTS.join(',')]), 60_000);
    await step('sweep-open', nmap(scannerOf('sweep-open'), ['-sS', '-T4', '-p', String(SWEEP_OPEN_PORT)]), 60_000);
    const m = scannerOf('masscan');
    await step('masscan', [
      ...exec(ns.scanner(m.n)), 'masscan', TARGET, `-p${MASSCAN_PORTS.from}-${MASSCAN_PORTS.to}`, '--rate', '2000', '--wait', '2',
      // In a namespace masscan cannot find the gateway's MAC itself: name the adapter and the router's bridge.
      '--adapter', 'eth0', '--adapter-ip', m.ip, '--adapter-mac', scannerMac(m.n), '--router-mac', BRIDGE_MAC,
    ], 60_000);
    const client = await step('client', [...exec(ns.client), process.execPath, '--import', 'tsx', SERVICES, 'client', TARGET], 60_000);
    await slowRun;
    // Late answers (none expected) still land in the capture, and tcpdump writes out what it holds.
    await new Promise((r) => setTimeout(r, 1500));

    const captureEnd = new Date();
    tcpdump.child.kill('SIGINT');
    await new Promise<void>((resolve) => {
      if (tcpdump.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        tcpdump.child.kill('SIGKILL');
        resolve();
      }, 5_000);
      tcpdump.child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const tcpdumpReport = tcpdump.output().split('\n').filter((l) => /packets/.test(l)).join('; ');
    log(`tcpdump: ${tcpdumpReport}`);
    return {
      dir, pcap, pcapBytes: statSync(pcap).size, captureStart, captureEnd, setupMs, totalMs: Date.now() - t0,
      steps, tcpdumpReport, clientReport: client.output.trim(),
    };
  } finally {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    for (const n of created.reverse()) {
      // Anything still running inside our own namespaces was started by this lab.
      const err = deleteNamespace(n);
      if (err !== null) log(`could not delete namespace ${n}: ${err}`);
    }
  }
}

function targetSpec(s: Scanner): string[] {
  if (s.targets.length === 1) return [s.targets[0]!];
  // 203.0.113.10-17, nmap's range syntax.
  const last = s.targets[s.targets.length - 1]!.split('.')[3];
  return [`${s.targets[0]}-${last}`];
}

// `node --import tsx test/realscan/lab.ts [DIR]`: runs the lab alone and keeps the capture (DIR/capture.pcap).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const why = labUnavailable();
  if (why) {
    console.error(`cannot run the lab: ${why}`);
    process.exit(1);
  }
  const dir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const r = await runLab({ log: (l) => console.error(l), ...(dir ? { dir } : {}) });
  console.log(r.pcap);
}
