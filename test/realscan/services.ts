/**
 * The lab's programs that run inside a network namespace (started by lab.ts through `ip netns exec`):
 *
 *   services.ts target ADDR:PORT[/udp] ...   listens on each address and port (TCP: an SSH banner on 22, HTTP on
 *                                            80/8080, a silent accept elsewhere; UDP: echoes a DNS-like answer),
 *                                            prints "ready" once every socket is bound, runs until killed.
 *   services.ts client TARGET                an ordinary client: 30 HTTP GETs on port 80 (a new connection each,
 *                                            like a page reloaded), one SSH connection, 5 DNS-like queries on 53.
 */
import { createServer, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { request } from 'node:http';
import { connect } from 'node:net';

function listenTcp(host: string, port: number): Promise<void> {
  const server = createServer((sock: Socket) => {
    sock.on('error', () => {});
    if (port === 22) sock.end('SSH-2.0-OpenSSH_9.2p1 edgewatch-lab\r\n');
    else if (port === 80 || port === 8080) {
      sock.once('data', () =>
        sock.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n'),
      );
    }
    // Other ports accept and wait for the peer to close (a TLS port that never speaks).
    sock.setTimeout(5000, () => sock.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve());
  });
}

function listenUdp(host: string, port: number): Promise<void> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, from) => {
    // Answer with the query's id and the response bit set: enough for a DNS-like reply.
    const reply = Buffer.from(msg.subarray(0, Math.min(msg.length, 12)));
    if (reply.length >= 3) reply[2] = (reply[2]! | 0x80) & 0xff;
    sock.send(reply.length ? reply : Buffer.from('ok'), from.port, from.address);
  });
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => resolve());
  });
}

async function target(specs: string[]): Promise<void> {
  for (const spec of specs) {
    const m = /^([\d.]+):(\d+)(\/udp)?$/.exec(spec);
    if (!m) throw new Error(`bad service spec ${spec}`);
    if (m[3]) await listenUdp(m[1]!, Number(m[2]));
    else await listenTcp(m[1]!, Number(m[2]));
  }
  process.stdout.write('ready\n');
  // Runs until the lab kills it.
  setInterval(() => {}, 1 << 30);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function httpGet(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: 80, path: '/', agent: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function sshBanner(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port: 22 });
    let got = '';
    s.setTimeout(3000, () => s.destroy(new Error('timeout')));
    s.on('data', (d) => (got += d.toString()));
    s.on('end', () => resolve(got.trim()));
    s.on('error', reject);
  });
}

function dnsQuery(host: string, id: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    // A query for example.com A: header (id, RD), one question.
    const q = Buffer.concat([
      Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]),
      Buffer.from([7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0, 0, 1, 0, 1]),
    ]);
    const timer = setTimeout(() => {
      s.close();
      resolve(false);
    }, 2000);
    s.on('message', () => {
      clearTimeout(timer);
      s.close();
      resolve(true);
    });
    s.send(q, 53, host);
  });
}

async function client(host: string): Promise<void> {
  let ok = 0;
  for (let i = 0; i < 30; i++) {
    if ((await httpGet(host)) === 200) ok++;
    await sleep(150);
  }
  const banner = await sshBanner(host);
  let answered = 0;
  for (let i = 0; i < 5; i++) {
    if (await dnsQuery(host, 0x1000 + i)) answered++;
    await sleep(100);
  }
  process.stdout.write(JSON.stringify({ http: ok, ssh: banner, dns: answered }) + '\n');
}

const [role, ...args] = process.argv.slice(2);
if (role === 'target') await target(args);
else if (role === 'client') await client(args[0]!);
else {
  process.stderr.write('usage: services.ts target ADDR:PORT[/udp]... | client TARGET\n');
  process.exit(2);
}
