/**
 * Where `externaldata` gets its bytes. A resolver maps a storage connection string (a URL or a file path) to the
 * artifact's content. The engine is synchronous while it executes, so the URLs of a query are resolved before
 * execution (see KqlEngine.queryAsync) and handed to the operator as a map.
 *
 * Off by default: reading a local file or fetching a URL is something the caller opts into, and the error says
 * how. A test (or the hunting corpus runner) maps URLs to local fixture files instead.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KqlError, runtimeError } from '../errors.js';

/** The content of one external artifact, or a promise of it. */
export type ExternalResolver = (url: string) => Uint8Array | Promise<Uint8Array>;

export interface ExternalDataOptions {
  /** Allow local files: plain paths and file:// URLs. */
  readonly files?: boolean;
  /** Allow http:// and https:// URLs (fetched with node's fetch). */
  readonly urls?: boolean;
  /** URL -> local file, checked first and always allowed (tests, offline runs of published queries). */
  readonly map?: Readonly<Record<string, string>>;
  /** Relative paths in `map` are resolved against this folder (default: the current directory). */
  readonly mapBase?: string;
  /** Per-request timeout for URLs, in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  /** Largest artifact read, in bytes (default 100 MB, the documented externaldata limit). */
  readonly maxBytes?: number;
  /** A resolver of your own, consulted after `map` and before the file / URL policy; undefined falls through. */
  readonly resolve?: (url: string) => Uint8Array | Promise<Uint8Array> | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

const HOW_TO_ENABLE_URLS =
  "enable URLs with createEngine({ externalData: { urls: true } }) or `edgewatch query --allow-external-urls`";
const HOW_TO_ENABLE_FILES =
  "enable local files with createEngine({ externalData: { files: true } }) or `edgewatch query --allow-external-files`";

/** What a connection string points at. */
export function classifyUrl(url: string): 'http' | 'file' | 'other' {
  if (/^https?:\/\//i.test(url)) return 'http';
  if (/^file:\/\//i.test(url)) return 'file';
  // Any other scheme (abfss://, s3://, ...) is a storage service this engine has no client for.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return 'other';
  return 'file';
}

export function createResolver(options: ExternalDataOptions = {}): ExternalResolver {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = options.mapBase ?? process.cwd();
  return (url: string) => {
    const mapped = options.map?.[url];
    if (mapped !== undefined) return readLocal(isAbsolute(mapped) ? mapped : resolvePath(base, mapped), url, maxBytes);
    const own = options.resolve?.(url);
    if (own !== undefined) return own;
    const kind = classifyUrl(url);
    if (kind === 'http') {
      if (!options.urls) throw runtimeError(`externaldata: fetching '${url}' is disabled; ${HOW_TO_ENABLE_URLS}`);
      return fetchUrl(url, timeoutMs, maxBytes);
    }
    if (kind === 'file') {
      if (!options.files) throw runtimeError(`externaldata: reading the local file '${url}' is disabled; ${HOW_TO_ENABLE_FILES}`);
      const path = /^file:/i.test(url) ? fileURLToPath(url) : url;
      return readLocal(path, url, maxBytes);
    }
    throw new KqlError('unsupported', `unsupported: externaldata from '${url.replace(/\?.*$/, '?...')}' (only http(s) URLs and local files)`);
  };
}

function readLocal(path: string, url: string, maxBytes: number): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw runtimeError(`externaldata: cannot read '${url}': ${(e as Error).message}`);
  }
  if (size > maxBytes) throw runtimeError(`externaldata: '${url}' is ${size} bytes, more than the limit of ${maxBytes}`);
  return readFileSync(path);
}

async function fetchUrl(url: string, timeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    const why = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e as Error).message;
    throw runtimeError(`externaldata: cannot fetch '${url}': ${why}`);
  }
  if (!res.ok) throw runtimeError(`externaldata: cannot fetch '${url}': HTTP ${res.status} ${res.statusText}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw runtimeError(`externaldata: '${url}' is ${declared} bytes, more than the limit of ${maxBytes}`);
  // Read incrementally so that a server that does not declare its length cannot exceed the limit either.
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) throw runtimeError(`externaldata: '${url}' is more than the limit of ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}

/** The resolver used when none is configured: every URL and file is refused with how to enable it. */
export const denyAll: ExternalResolver = createResolver({});
