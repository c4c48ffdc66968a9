/**
 * Webhook output: each alert is POSTed as JSON (the Alert shape). Network errors, timeouts, 5xx and 429 are retried
 * with exponential backoff and jitter; 429's Retry-After is honoured; any other 4xx is the receiver refusing the
 * request, which a retry would not change, so it fails at once.
 */
import type { Alert } from '../../detect/alert.js';
import type { StoredAlert } from '../alert-store.js';
import { alertShape } from './jsonl.js';

export interface WebhookOptions {
  /** Attempts in all, first included. Default 5. */
  readonly attempts?: number;
  /** Backoff before retry n (1-based) is drawn from [d/2, d], d = min(maxDelayMs, baseDelayMs * 2^(n-1)). Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Default 30 s. */
  readonly maxDelayMs?: number;
  /** Per attempt, connection to end of response. Default 10 s. */
  readonly timeoutMs?: number;
  /** A Retry-After longer than this gives up instead of waiting. Default 5 min. */
  readonly maxRetryAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** For tests and callers with their own scheduling. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called before each wait, e.g. to log "retrying in 1.2 s". */
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface WebhookResult {
  readonly status: number;
  readonly attempts: number;
  /** The waits between attempts, ms. */
  readonly delays: readonly number[];
}

export class WebhookError extends Error {
  readonly attempts: number;
  readonly status?: number;
  constructor(message: string, attempts: number, status?: number) {
    super(message);
    this.name = 'WebhookError';
    this.attempts = attempts;
    this.status = status;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const d = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  // "Equal jitter": half fixed, half random, so concurrent senders spread out yet each waits at least d/2.
  return Math.round(d / 2 + random() * (d / 2));
}

function redact(url: string): string {
  // Webhook URLs often carry a token in the query or userinfo: keep them out of error messages.
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/** POSTs a JSON body with the retry policy above; resolves on 2xx, throws WebhookError otherwise. */
export async function postJson(url: string, body: unknown, options: WebhookOptions = {}): Promise<WebhookResult> {
  const attempts = options.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) throw new WebhookError(`webhook attempts must be a positive integer (got ${attempts})`, 0);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookError(`webhook URL is not valid: ${url}`, 0);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new WebhookError(`webhook URL must be http or https (got ${parsed.protocol})`, 0);
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const timeout = options.timeoutMs ?? 10_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 300_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const payload = JSON.stringify(body);
  const where = redact(url);
  const delays: number[] = [];
  let last = '';
  let lastStatus: number | undefined;

  for (let attempt = 1; attempt <= attempts; attempt++) {
    let wait: number | undefined;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'edgewatch', ...options.headers },
        body: payload,
        signal: AbortSignal.timeout(timeout),
        // A redirect would turn the POST into a GET (301/302) or repost elsewhere: report it instead.
        redirect: 'manual',
      });
      // Read the body so the connection is released, and so that a receiver that stalls mid-body times out here.
      const text = await res.text();
      if (res.ok) return { status: res.status, attempts: attempt, delays };
      lastStatus = res.status;
      const snippet = text.slice(0, 200).replace(/\s+/g, ' ').trim();
      last = `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`;
      if (res.status >= 300 && res.status < 400) {
        const to = res.headers.get('location');
        throw new WebhookError(`webhook ${where} answered ${res.status}${to ? ` redirecting to ${redact(new URL(to, url).href)}` : ''}; configure the final URL (not retried)`, attempt, res.status);
      }
      if (res.status === 429) {
        const ra = parseRetryAfter(res.headers.get('retry-after'));
        if (ra !== undefined && ra > maxRetryAfter) {
          throw new WebhookError(`webhook ${where}: HTTP 429 with Retry-After ${Math.round(ra / 1000)} s, longer than the ${Math.round(maxRetryAfter / 1000)} s allowed; giving up`, attempt, 429);
        }
        wait = ra;
      } else if (res.status < 500) {
        throw new WebhookError(`webhook ${where} refused the alert: ${last} (not retried)`, attempt, res.status);
      }
    } catch (e) {
      if (e instanceof WebhookError) throw e;
      const err = e as Error & { cause?: { code?: string; message?: string } };
      lastStatus = undefined;
      last = err.name === 'TimeoutError' ? `timed out after ${timeout} ms` : `${err.cause?.code ?? err.name}: ${err.cause?.message ?? err.message}`;
    }
    if (attempt === attempts) break;
    const delay = wait ?? backoffDelay(attempt, base, max, random);
    options.onRetry?.({ attempt, delayMs: delay, reason: last });
    delays.push(delay);
    await sleep(delay);
  }
  throw new WebhookError(`webhook ${where}: gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}; last error: ${last}`, attempts, lastStatus);
}

/** Sends one alert (the Alert shape, without store bookkeeping). */
export function sendWebhook(url: string, alert: Alert | StoredAlert, options: WebhookOptions = {}): Promise<WebhookResult> {
  return postJson(url, alertShape(alert), options);
}
