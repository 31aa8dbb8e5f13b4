import { brandClass } from './brand.js';

export interface CapacityErrorOptions {
  /**
   * How long the server asked us to wait, in ms, taken as given; finite and ≥ 0. To pass a
   * `Retry-After` header, whose whole seconds may round a wait of 20 ms up to "1", pass `headers`.
   */
  retryAfterMs?: number;
  /**
   * The response's headers (a `Headers`, or a plain record): the pool reads `Retry-After`,
   * `retry-after-ms` and the rate-limit headers from them.
   */
  headers?: unknown;
  cause?: unknown;
}

/**
 * The API refused a call because it is at capacity (typically HTTP 429, 503 or 529). The pool
 * retries the row and raises its AIMD delay. `retryAfterMs`, when given, pauses every dispatch of
 * the pool for that long and the refused row is not retried sooner; a `Retry-After` header found
 * in `headers` holds the row as long, but pauses the pool one second less (its resolution), and
 * leaves the uncertain second to probing (see the README's "Rate limiters"). A pause is at most
 * `maxCapacityRetrySeconds`: a longer wait is cut to it, and the rows waiting meanwhile are given
 * up (`retry_timeout`).
 */
export class CapacityError extends Error {
  override readonly name = 'CapacityError';

  static {
    // Recognised across copies of the package (CommonJS and ES module builds): see brand.ts.
    brandClass(this, 'CapacityError');
  }

  readonly statusCode: number;
  readonly retryAfterMs: number | undefined;
  readonly headers: unknown;

  constructor(statusCode: number, message?: string, options?: CapacityErrorOptions) {
    // Validate before anything else: a bad status or cooldown is a caller bug, and letting it
    // through would silently corrupt classification or schedule a NaN/negative wait.
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
      throw new RangeError(
        `CapacityError: statusCode must be an integer from 100 to 599, received ${describe(statusCode)}`,
      );
    }
    const retryAfterMs = options?.retryAfterMs;
    if (retryAfterMs !== undefined && !(Number.isFinite(retryAfterMs) && retryAfterMs >= 0)) {
      throw new RangeError(
        `CapacityError: retryAfterMs must be a finite number ≥ 0 when given, received ${describe(retryAfterMs)}`,
      );
    }
    super(
      message ?? `API at capacity (HTTP ${statusCode})`,
      options && 'cause' in options ? { cause: options.cause } : undefined,
    );
    this.statusCode = statusCode;
    this.retryAfterMs = retryAfterMs;
    this.headers = options?.headers;
  }
}

// JavaScript callers can pass anything; show strings quoted so "429" is not mistaken for 429.
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
