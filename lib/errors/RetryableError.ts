import { brandClass } from './brand.js';

export interface RetryableErrorOptions {
  statusCode?: number;
  cause?: unknown;
}

/**
 * A transient failure (network blip, 5xx that is not a capacity signal): the pool retries the row
 * until its deadline but does not treat it as congestion, so the AIMD delay is left alone.
 */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';

  static {
    // Recognised across copies of the package (CommonJS and ES module builds): see brand.ts.
    brandClass(this, 'RetryableError');
  }

  readonly statusCode: number | undefined;

  constructor(message: string, options?: RetryableErrorOptions) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    // Not validated: this is built on an error path, and throwing here would turn a retryable
    // failure into a fatal one. `statusCodeOf` ignores values outside 100–599.
    this.statusCode = options?.statusCode;
  }
}
