import { CapacityError } from './CapacityError.js';
import { isCapacityStatus } from './isCapacityStatus.js';
import { parseRetryAfter } from './parseRetryAfter.js';
import { PermanentError } from './PermanentError.js';
import { RetryableError } from './RetryableError.js';

/** What the pool does with a failed call: see DESIGN.md, "Errors and outcomes". */
export type ErrorKind = 'capacity' | 'retryable' | 'permanent' | 'fatal';

/**
 * The default classification.
 *
 * The package's own error classes are checked first because they state the caller's intent:
 * `new PermanentError('…', { statusCode: 503 })` is permanent, not capacity. Only then is any
 * other object with a numeric `status` or `statusCode` of 429, 503 or 529 (a fetch `Response`,
 * most HTTP clients' errors) treated as capacity. Everything else is fatal, so unknown failures
 * stop the stream instead of being retried blindly.
 */
export function classifyError(error: unknown): ErrorKind {
  if (error instanceof CapacityError) return 'capacity';
  if (error instanceof RetryableError) return 'retryable';
  if (error instanceof PermanentError) return 'permanent';
  if (isObjectLike(error) && (isCapacityStatus(error.statusCode) || isCapacityStatus(error.status))) {
    return 'capacity';
  }
  return 'fatal';
}

/** `statusCode`, else `status`, whichever first is an integer from 100 to 599. */
export function statusCodeOf(error: unknown): number | undefined {
  if (!isObjectLike(error)) return undefined;
  for (const code of [error.statusCode, error.status]) {
    if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599) return code;
  }
  return undefined;
}

/**
 * The cooldown the server asked for, in ms: a finite, non-negative `retryAfterMs` property
 * (as on `CapacityError`), else a `retry-after` header found on `error.headers`, which may be a
 * `Headers`-like object with `get()` or a plain record (key matched case-insensitively; an array
 * value, as in Node's `IncomingHttpHeaders`, uses its first element). HTTP-dates are measured
 * from `nowMs`. `undefined` when there is no usable value.
 */
export function retryAfterMsOf(error: unknown, nowMs: number): number | undefined {
  if (!isObjectLike(error)) return undefined;
  const { retryAfterMs } = error;
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return retryAfterMs;
  }
  const header = retryAfterHeader(error.headers);
  return typeof header === 'string' ? parseRetryAfter(header, nowMs) : undefined;
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

function retryAfterHeader(headers: unknown): unknown {
  if (!isObjectLike(headers)) return undefined;
  if (typeof headers.get === 'function')
    return (headers.get as (name: string) => unknown).call(headers, 'retry-after');
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? (value[0] as unknown) : value;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
