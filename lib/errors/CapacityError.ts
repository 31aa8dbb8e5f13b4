import { brandClass } from './brand.js';

export interface CapacityErrorOptions {
  /** How long the server asked us to wait (e.g. from `Retry-After`), in ms; finite and ≥ 0. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The API refused a call because it is at capacity (typically HTTP 429, 503 or 529). The pool
 * retries the row and raises its AIMD delay; `retryAfterMs`, when given, pauses every dispatch of
 * the pool for that long less one second, the resolution of `Retry-After` (so a wait of a second
 * or less is left to the AIMD delay).
 */
export class CapacityError extends Error {
  override readonly name = 'CapacityError';

  static {
    // Recognised across copies of the package (CommonJS and ES module builds): see brand.ts.
    brandClass(this, 'CapacityError');
  }

  readonly statusCode: number;
  readonly retryAfterMs: number | undefined;

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
  }
}

// JavaScript callers can pass anything; show strings quoted so "429" is not mistaken for 429.
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
