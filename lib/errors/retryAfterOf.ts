import { headersOf, headerValue } from './headerValue.js';
import { parseRetryAfter } from './parseRetryAfter.js';

/** A wait the server asked for, and how finely it could say it. */
export interface RetryAfter {
  /** The wait, in ms. */
  readonly ms: number;
  /**
   * 1000 for `Retry-After` (whole seconds, or a date to the second: a bucket that refills in
   * 20 ms must still say "1"); 0 for a wait given in milliseconds (`retry-after-ms`, or
   * `retryAfterMs` on the error, which is taken as given).
   */
  readonly resolutionMs: number;
}

/**
 * The wait a refused call's error asks for: a finite, non-negative `retryAfterMs` property (as on
 * `CapacityError`), else a `retry-after-ms` header (OpenAI's), else a `Retry-After` header, looked
 * for on `error.headers` and `error.response.headers`. HTTP-dates are measured from `nowMs`, a
 * wall-clock time. `undefined` when there is no usable value.
 */
export function retryAfterOf(error: unknown, nowMs: number): RetryAfter | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { retryAfterMs } = error as { retryAfterMs?: unknown };
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return { ms: retryAfterMs, resolutionMs: 0 };
  }
  const headers = headersOf(error);
  const precise = headerValue(headers, 'retry-after-ms')?.trim();
  if (precise !== undefined && /^\d+(?:\.\d+)?$/.test(precise)) {
    return { ms: Number(precise), resolutionMs: 0 };
  }
  const ms = parseRetryAfter(headerValue(headers, 'retry-after'), nowMs);
  return ms === undefined ? undefined : { ms, resolutionMs: 1000 };
}
