import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { escapeParamValue, formatSyslog5424, octetCountingFrame, sendSyslog, SyslogSender } from '../../src/alerts/outputs/syslog.js';
import { mkAlert } from './fixtures.js';

const TS = new Date('2024-05-01T12:00:00.123Z');
const tricky = mkAlert({
  title: 'Scan "x" [y] \\ z',
  severity: 'High',
  context: { country: 'CH', city: 'Zürich', scanType: 'vertical', asn: 64500, portsAnswered: [443] },
});

interface Parsed {
  pri: number;
  version: string;
  timestamp: string;
  hostname: string;
  app: string;
  procId: string;
  msgId: string;
  sd: { id: string; params: [string, string][] }[];
  msg: string;
}

/** An RFC 5424 parser written from the ABNF (section 6), independent of the formatter under test. */
function parse5424(line: string): Parsed {
  const head = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) /.exec(line);
  assert.ok(head, `header: ${line}`);
  let i = head[0].length;
  const sd: Parsed['sd'] = [];
  if (line[i] === '-') i++;
  else {
    while (line[i] === '[') {
      i++;
      const id = /^[^ =\]"]{1,32}/.exec(line.slice(i));
      assert.ok(id, 'SD-ID');
      i += id[0].length;
      const params: [string, string][] = [];
      while (line[i] === ' ') {
        i++;
        const name = /^([^ =\]"]{1,32})="/.exec(line.slice(i));
        assert.ok(name, `SD-NAME at ${line.slice(i, i + 20)}`);
        i += name[0].length;
        let v = '';
        for (;;) {
          const c = line[i++];
          assert.ok(c !== undefined, 'unterminated PARAM-VALUE');
          if (c === '\\' && ['"', '\\', ']'].includes(line[i])) v += line[i++];
          else if (c === '"') break;
          else {
            assert.ok(c !== ']', 'unescaped ] in PARAM-VALUE');
            v += c;
          }
        }
        params.push([name[1], v]);
      }
      assert.equal(line[i++], ']', 'SD-ELEMENT end');
      sd.push({ id: id[0], params });
    }
  }
  let msg = '';
  if (i < line.length) {
    assert.equal(line[i], ' ');
    msg = line.slice(i + 1);
  }
  return { pri: Number(head[1]), version: head[2], timestamp: head[3], hostname: head[4], app: head[5], procId: head[6], msgId: head[7], sd, msg };
}

function checkMessage(line: string, alert = tricky) {
  const p = parse5424(line);
  assert.equal(p.pri, 4 * 8 + 2, 'facility security (4), High -> critical (2)');
  assert.equal(p.version, '1');
  assert.equal(p.timestamp, '2024-05-01T12:00:00.123Z');
  assert.match(p.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/);
  assert.equal(p.hostname, 'edge-1');
  assert.equal(p.app, 'edgewatch');
  assert.equal(p.procId, String(process.pid));
  assert.equal(p.msgId, alert.ruleId);
  assert.equal(p.sd.length, 1);
  assert.equal(p.sd[0].id, 'edgewatch@32473');
  const params = Object.fromEntries(p.sd[0].params);
  assert.deepEqual(params, {
    ruleId: alert.ruleId,
    title: alert.title,
    severity: alert.severity,
    techniques: 'T1595.001',
    remoteIp: '203.0.113.7',
    deviceIds: 'dev-a',
    localIps: '198.51.100.10',
    ports: '22,80,443',
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    count: String(alert.count),
    scanType: 'vertical',
    country: 'CH',
    city: 'Zürich',
    asn: '64500',
    portsAnswered: '443',
  });
  assert.ok(p.msg.startsWith('\uFEFF'), 'UTF-8 MSG starts with the BOM');
  assert.equal(p.msg.slice(1), `High ${alert.ruleId}: ${alert.title} from 203.0.113.7 (CH) against 1 host, ports 22,80,443, 30 probes`);
}

test('RFC 5424 escaping of PARAM-VALUE', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['a]b', 'a\\]b'],
    ['[x]', '[x\\]'],
    ['Zürich', 'Zürich'],
  ];
  for (const [input, want] of cases) assert.equal(escapeParamValue(input), want);
  const line = formatSyslog5424(tricky, { hostname: 'edge-1', timestamp: TS });
  assert.ok(line.includes('title="Scan \\"x\\" [y\\] \\\\ z"'), line);
  checkMessage(line);
});

test('header fields are sanitised and bounded; options are validated', () => {
  const p = parse5424(
    formatSyslog5424(mkAlert({ ruleId: 'a-very-long-rule-identifier-beyond-32-chars', severity: 'Low' }), {
      hostname: 'my host',
      facility: 13,
      procId: '',
      timestamp: TS,
    }),
  );
  assert.equal(p.pri, 13 * 8 + 5);
  assert.equal(p.hostname, 'my_host');
  assert.equal(p.procId, '-');
  assert.equal(p.msgId, 'a-very-long-rule-identifier-beyo');
  const sevs: [Parameters<typeof mkAlert>[0], number][] = [
    [{ severity: 'High' }, 2],
    [{ severity: 'Medium' }, 4],
    [{ severity: 'Low' }, 5],
    [{ severity: 'Informational' }, 6],
  ];
  for (const [o, sev] of sevs) assert.equal(parse5424(formatSyslog5424(mkAlert(o), { facility: 0 })).pri, sev);
  assert.throws(() => formatSyslog5424(mkAlert(), { facility: 24 }), /facility must be 0..23/);
  assert.throws(() => formatSyslog5424(mkAlert(), { sdId: 'bad id' }), /not a valid SD-NAME/);
  assert.throws(() => new SyslogSender({ host: '127.0.0.1', protocol: 'sctp' as never }), /udp or tcp/);
  assert.throws(() => new SyslogSender({ host: '127.0.0.1', protocol: 'udp', port: 0 }), /1..65535/);
});

test('octet-counting frame counts bytes', () => {
  assert.equal(octetCountingFrame('ab').toString(), '2 ab');
  assert.equal(octetCountingFrame('ü').toString(), '2 ü');
  assert.equal(octetCountingFrame('\uFEFFx').length, '4 '.length + 4);
});

test('UDP: one RFC 5424 message per datagram to a real receiver', async () => {
  const sock = createSocket('udp4');
  const got: string[] = [];
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const arrived = new Promise<void>((resolve) =>
    sock.on('message', (m) => {
      got.push(m.toString('utf8'));
      if (got.length === 2) resolve();
    }),
  );
  const port = (sock.address() as AddressInfo).port;
  const second = { ...tricky, ruleId: 'scan-slow' };
  const n = await sendSyslog([tricky, second], { host: '127.0.0.1', port, protocol: 'udp', hostname: 'edge-1', timestamp: TS });
  assert.equal(n, 2);
  await arrived;
  sock.close();
  checkMessage(got[0]);
  checkMessage(got[1], second);
});

test('TCP: octet-counting framing (RFC 6587) to a real receiver, newlines inside a message survive', async () => {
  const buffers: Buffer[] = [];
  let closed!: () => void;
  const done = new Promise<void>((resolve) => (closed = resolve));
  const server = createServer((c) => {
    c.on('data', (d: Buffer) => buffers.push(d));
    c.on('end', () => closed());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const multiline = { ...tricky, title: 'line one\nline two' };
  await sendSyslog([tricky, multiline, tricky], { host: '127.0.0.1', port, protocol: 'tcp', hostname: 'edge-1', timestamp: TS });
  await done;
  server.close();
  // Deframe: LEN SP then LEN bytes, repeatedly.
  const all = Buffer.concat(buffers);
  const frames: string[] = [];
  for (let i = 0; i < all.length; ) {
    const sp = all.indexOf(0x20, i);
    const len = Number(all.subarray(i, sp).toString('ascii'));
    assert.ok(Number.isInteger(len) && len > 0, `frame length at ${i}`);
    frames.push(all.subarray(sp + 1, sp + 1 + len).toString('utf8'));
    i = sp + 1 + len;
  }
  assert.equal(frames.length, 3);
  checkMessage(frames[0]);
  checkMessage(frames[1], multiline);
  checkMessage(frames[2]);
});

test('TCP: a receiver that is not there is a clear error', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await assert.rejects(sendSyslog([tricky], { host: '127.0.0.1', port, protocol: 'tcp' }), new RegExp(`syslog tcp://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
});
