// A ready-made `project` for the pool: POST each row as JSON to one URL over a keep-alive
// connection pool, and turn every way that can go wrong into the error class that tells the pool
// what to do.
import { CapacityError } from '../errors/CapacityError.js';
import { PermanentError } from '../errors/PermanentError.js';
import { RetryableError } from '../errors/RetryableError.js';
import { MAX_TIMER_MS } from '../internal/safeDelay.js';
import type { CallContext } from '../PoolEntry.js';
import { classifyResponse } from './classifyResponse.js';
import { createPoster, TimeoutError } from './poster.js';

export interface HttpProjectOptions<T> {
  /** Extra request headers; `content-type: application/json` is sent unless one is given here. */
  headers?: Record<string, string>;
  /** Per attempt: no answer (headers and body) within this many ms aborts it as a `RetryableError`. */
  timeoutMs?: number;
  /** Turns a row into the request body (default `JSON.stringify`). A row it cannot turn fails for good. */
  body?: (row: T) => string;
}

/** What a successful call yields: the HTTP status and the answer, parsed when it is JSON. */
export interface HttpResult {
  status: number;
  /** The parsed JSON body; the raw text when it is not JSON; null when it is empty. */
  response: unknown;
}

/** The project, plus `close()` to drop its idle keep-alive connections once the run is over. */
export type HttpProject<T> = ((row: T, ctx: CallContext) => Promise<HttpResult>) & { close(): void };

/**
 * Makes a `project` that POSTs each row to `url` and resolves with the answer, for `pool.map`,
 * `pooledMapIterable` or `runPipeline`.
 *
 * - 2xx → `{ status, response }`; 429/503/529 → `CapacityError` (honouring `Retry-After`); 408 and
 *   other 5xx → `RetryableError`; other statuses → `PermanentError` (see `classifyResponse`).
 * - Network failures (reset, refused, DNS) and `timeoutMs` → `RetryableError`.
 * - The call is cancelled through `ctx.signal` when the pool no longer wants it.
 *
 * Requests go over node:http(s) with a keep-alive agent of its own (see poster.ts for why not
 * fetch); every answer's body is read to the end, even an error's, so connections are reused.
 *
 * @example
 * const pool = new Pool({ poolSize: 8 });
 * for await (const entry of pooledMapIterable(rows, httpProject('https://api.example/v1/score'), { pool })) …
 */
export function httpProject<T = unknown>(
  url: string | URL,
  options: HttpProjectOptions<T> = {},
): HttpProject<T> {
  const target = new URL(url); // throws at once on a malformed URL, not on every row
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`httpProject: url must be http:// or https://, received ${target.href}`);
  }
  const { timeoutMs, body: serialize = JSON.stringify } = options;
  // A timer cannot hold more than MAX_TIMER_MS: Node would fire it after 1 ms, failing every call.
  if (
    timeoutMs !== undefined &&
    !(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)
  ) {
    throw new RangeError(
      `httpProject: timeoutMs must be a finite number > 0 and ≤ ${MAX_TIMER_MS}, received ${String(timeoutMs)}`,
    );
  }
  const headers: Record<string, string> = { ...options.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }

  const http = createPoster(target, headers);
  const project = async (row: T, ctx: CallContext): Promise<HttpResult> => {
    let body: string;
    try {
      body = serialize(row);
    } catch (error) {
      throw new PermanentError(`the row cannot be sent: ${messageOf(error)}`, { cause: error });
    }
    try {
      const answer = await http.post(body, ctx.signal, timeoutMs);
      ctx.reportHeaders(answer.headers);
      const error = classifyResponse(answer, answer.text);
      if (error !== undefined) throw error;
      return { status: answer.status, response: parseBody(answer.text) };
    } catch (error) {
      if (isClassified(error) || ctx.signal.aborted) throw error; // the pool ignores an aborted call
      if (error instanceof TimeoutError) throw new RetryableError(error.message, { cause: error });
      throw new RetryableError(`request failed: ${networkMessage(error)}`, { cause: error });
    }
  };
  return Object.assign(project, { close: http.close });
}

function isClassified(error: unknown): boolean {
  return error instanceof CapacityError || error instanceof RetryableError || error instanceof PermanentError;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** "connect ECONNREFUSED 127.0.0.1:80", "socket hang up (ECONNRESET)"…: the code says most. */
function networkMessage(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
