import { retryAfterOf } from './retryAfterOf.js';
import { hasBrand } from './brand.js';
import { isCapacityStatus } from './isCapacityStatus.js';
import { isObjectLike } from './isObjectLike.js';
import { isTransientNetworkError } from './isTransientNetworkError.js';

/** What the pool does with a failed call: see DESIGN.md, "Errors and outcomes". */
export type ErrorKind = 'capacity' | 'retryable' | 'permanent' | 'fatal';

/**
 * The default classification, for the package's own errors and for the errors HTTP clients
 * throw as they are (fetch, axios, got, ky, the OpenAI and Anthropic SDKs):
 *
 * 1. `CapacityError`, `RetryableError`, `PermanentError` first, from any copy of this package:
 *    they state the caller's intent (`new PermanentError('…', { statusCode: 503 })` is permanent).
 * 2. An HTTP status on the error or on `error.response` (`status` or `statusCode`): 429, 503 and
 *    529 are capacity; 408, 425, 500, 502, 504 and the other 5xx except 501 and 505 are
 *    retryable; the other 4xx, 501 and 505 are permanent (asking again gets the same answer).
 * 3. A network or timeout failure, on the error or along its `cause` chain (ECONNREFUSED,
 *    ECONNRESET, DNS failures, undici's socket and timeout errors, a `TimeoutError`): retryable.
 * 4. Anything else is fatal, so unknown failures stop the stream instead of being retried blindly.
 */
export function classifyError(error: unknown): ErrorKind {
  if (hasBrand(error, 'CapacityError')) return 'capacity';
  if (hasBrand(error, 'RetryableError')) return 'retryable';
  if (hasBrand(error, 'PermanentError')) return 'permanent';
  const status = statusCodeOf(error);
  if (status !== undefined && status >= 400) return kindOfStatus(status);
  if (isTransientNetworkError(error)) return 'retryable';
  return 'fatal';
}

function kindOfStatus(status: number): ErrorKind {
  if (isCapacityStatus(status)) return 'capacity';
  if (status === 408 || status === 425) return 'retryable';
  if (status === 501 || status === 505 || status < 500) return 'permanent';
  return 'retryable';
}

/**
 * The HTTP status an error carries: `statusCode`, else `status`, on the error itself, else on
 * `error.response` (got's, ky's and axios' errors), whichever first is an integer from 100 to 599.
 */
export function statusCodeOf(error: unknown): number | undefined {
  if (!isObjectLike(error)) return undefined;
  const { response } = error;
  const onResponse = isObjectLike(response) ? [response.statusCode, response.status] : [];
  for (const code of [error.statusCode, error.status, ...onResponse]) {
    if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599) return code;
  }
  return undefined;
}

/**
 * The cooldown the server asked for, in ms: a finite, non-negative `retryAfterMs` property
 * (as on `CapacityError`), else a `retry-after-ms` header (milliseconds, as OpenAI sends it),
 * else a `retry-after` header (seconds or an HTTP-date, measured from `nowMs`). Headers are read
 * from `error.headers` or `error.response.headers` (see `headerValue`). `undefined` when there is
 * no usable value.
 */
export function retryAfterMsOf(error: unknown, nowMs: number): number | undefined {
  return retryAfterOf(error, nowMs)?.ms;
}

/** A short type label for audit records: the error's `name`, else its constructor's, else typeof. */
export function errorTypeOf(error: unknown): string {
  if (error === null) return 'null'; // typeof would say "object", which tells a reader nothing
  if (isObjectLike(error)) {
    if (typeof error.name === 'string' && error.name !== '') return error.name;
    const ctor: unknown = error.constructor;
    if (typeof ctor === 'function' && ctor.name !== '') return ctor.name;
  }
  return typeof error;
}
