import { brandClass } from './brand.js';

export interface PermanentErrorOptions {
  statusCode?: number;
  cause?: unknown;
}

/**
 * A failure that retrying cannot fix (bad request, content refused): the row gets a failed entry
 * (`permanent_error`) and the stream carries on.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';

  static {
    // Recognised across copies of the package (CommonJS and ES module builds): see brand.ts.
    brandClass(this, 'PermanentError');
  }

  readonly statusCode: number | undefined;

  constructor(message: string, options?: PermanentErrorOptions) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    // Not validated, for the same reason as RetryableError: never throw while reporting a failure.
    this.statusCode = options?.statusCode;
  }
}
