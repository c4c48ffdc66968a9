import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffDelay, parseRetryAfter, sendWebhook, WebhookError } from '../../src/alerts/outputs/webhook.js';
import { mkAlert } from './fixtures.js';

interface Seen {
  at: number;
  method: string;
  type: string | undefined;
  body: string;
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

/** A real HTTP server on 127.0.0.1 answering request n (0-based) with handler(n, req, res). */
async function serve(handler: (n: number, res: ServerResponse, req: IncomingMessage) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ at: performance.now(), method: req.method ?? '', type: req.headers['content-type'], body: Buffer.concat(chunks).toString() });
      handler(seen.length - 1, res, req);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
}

const reply = (res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}) => {
  res.writeHead(status, headers);
  res.end(body);
};

test('503, 503, then 200: retried with exponential backoff and jitter, the alert posted as JSON each time', async () => {
  const { url, seen } = await serve((n, res) => (n < 2 ? reply(res, 503, 'busy') : reply(res, 200, 'ok')));
  const retries: string[] = [];
  const r = await sendWebhook(url, mkAlert(), { baseDelayMs: 40, onRetry: (i) => retries.push(i.reason) });
  assert.equal(r.status, 200);
  assert.equal(r.attempts, 3);
  assert.equal(seen.length, 3);
  assert.deepEqual(retries, ['HTTP 503: busy', 'HTTP 503: busy']);
  // Retry n waits between d/2 and d, d = 40 ms * 2^(n-1).
  assert.ok(r.delays[0] >= 20 && r.delays[0] <= 40, `first delay ${r.delays[0]}`);
  assert.ok(r.delays[1] >= 40 && r.delays[1] <= 80, `second delay ${r.delays[1]}`);
  // The server saw the waits (timers never fire early; 1 ms for rounding).
  assert.ok(seen[1].at - seen[0].at >= r.delays[0] - 1, `gap 1: ${seen[1].at - seen[0].at}`);
  assert.ok(seen[2].at - seen[1].at >= r.delays[1] - 1, `gap 2: ${seen[2].at - seen[1].at}`);
  for (const s of seen) {
    assert.equal(s.method, 'POST');
    assert.equal(s.type, 'application/json');
    assert.deepEqual(JSON.parse(s.body), JSON.parse(JSON.stringify(mkAlert())));
  }
});

test('400 is not retried, and the error says why', async () => {
  const { url, seen } = await serve((_n, res) => reply(res, 400, '{"error":"bad field"}'));
  await assert.rejects(sendWebhook(url, mkAlert(), { baseDelayMs: 1 }), (e: unknown) => {
    assert.ok(e instanceof WebhookError);
    assert.equal(e.status, 400);
    assert.equal(e.attempts, 1);
    assert.match(e.message, /refused the alert: HTTP 400: \{"error":"bad field"\} \(not retried\)/);
    return true;
  });
  assert.equal(seen.length, 1);
});

test('a redirect is reported, not followed or retried', async () => {
  const { url, seen } = await serve((_n, res) => reply(res, 302, '', { location: '/elsewhere?token=secret' }));
  await assert.rejects(sendWebhook(url, mkAlert()), (e: Error) => /answered 302 redirecting to http:\/\/127\.0\.0\.1:\d+\/elsewhere; configure the final URL/.test(e.message) && !e.message.includes('secret'));
  assert.equal(seen.length, 1);
});

test('429 with Retry-After waits that long; a Retry-After beyond the limit gives up at once', async () => {
  const { url, seen } = await serve((n, res) => (n === 0 ? reply(res, 429, '', { 'retry-after': '1' }) : reply(res, 204)));
  const r = await sendWebhook(url, mkAlert(), { baseDelayMs: 5 });
  assert.equal(r.status, 204);
  assert.deepEqual(r.delays, [1000]);
  assert.ok(seen[1].at - seen[0].at >= 999, `waited ${seen[1].at - seen[0].at} ms`);

  const long = await serve((_n, res) => reply(res, 429, '', { 'retry-after': '3600' }));
  await assert.rejects(sendWebhook(long.url, mkAlert(), { baseDelayMs: 1 }), /HTTP 429 with Retry-After 3600 s, longer than the 300 s allowed; giving up/);
  assert.equal(long.seen.length, 1);

  const plain = await serve((n, res) => (n === 0 ? reply(res, 429) : reply(res, 200)));
  assert.equal((await sendWebhook(plain.url, mkAlert(), { baseDelayMs: 5 })).attempts, 2, '429 without Retry-After backs off and retries');
});

test('always 500: gives up after N attempts with the last error', async () => {
  const { url, seen } = await serve((_n, res) => reply(res, 500, 'boom'));
  const t0 = performance.now();
  await assert.rejects(sendWebhook(url + '?token=secret', mkAlert(), { attempts: 4, baseDelayMs: 10 }), (e: unknown) => {
    assert.ok(e instanceof WebhookError);
    assert.equal(e.attempts, 4);
    assert.equal(e.status, 500);
    assert.match(e.message, /^webhook http:\/\/127\.0\.0\.1:\d+\/hook: gave up after 4 attempts; last error: HTTP 500: boom$/);
    return true;
  });
  assert.equal(seen.length, 4);
  assert.ok(performance.now() - t0 >= 5 + 10 + 20, 'waited at least the lower bounds of three backoffs');
});

test('connection refused is retried, then reported', async () => {
  const { url } = await serve(() => {});
  const dead = servers.pop()!;
  await new Promise<void>((resolve) => dead.close(() => resolve()));
  await assert.rejects(sendWebhook(url, mkAlert(), { attempts: 3, baseDelayMs: 1 }), /gave up after 3 attempts; last error: ECONNREFUSED/);
});

test('each attempt times out on a receiver that never answers', async () => {
  const { url, seen } = await serve(() => {}); // reads the request, never replies
  const t0 = performance.now();
  await assert.rejects(sendWebhook(url, mkAlert(), { attempts: 2, timeoutMs: 150, baseDelayMs: 1 }), /gave up after 2 attempts; last error: timed out after 150 ms/);
  assert.equal(seen.length, 2);
  assert.ok(performance.now() - t0 >= 290, 'two timeouts of 150 ms');
});

test('argument errors', async () => {
  await assert.rejects(sendWebhook('not a url', mkAlert()), /webhook URL is not valid/);
  await assert.rejects(sendWebhook('ftp://x/', mkAlert()), /must be http or https/);
  await assert.rejects(sendWebhook('http://127.0.0.1:1/', mkAlert(), { attempts: 0 }), /positive integer/);
});

test('backoffDelay and parseRetryAfter', () => {
  const cases: [number, number, number, number][] = [
    // [retry, random, base, expected] with max 1000
    [1, 0, 100, 50],
    [1, 1, 100, 100],
    [2, 0, 100, 100],
    [3, 1, 100, 400],
    [5, 1, 100, 1000], // capped
    [10, 0, 100, 500],
  ];
  for (const [n, r, base, want] of cases) assert.equal(backoffDelay(n, base, 1000, () => r), want, `retry ${n} random ${r}`);
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});
