import type { Either } from 'fp-ts/lib/Either.js';
import { left } from './either.js';
import { errorTypeOf, statusCodeOf } from '../errors/classifyError.js';
import type { PoolFailure } from '../PoolEntry.js';

/** A row given up at its deadline after capacity or retryable errors. */
export function retryTimeout(error: unknown, elapsedMs: number, maxMs: number): Either<PoolFailure, never> {
  const statusCode = statusCodeOf(error);
  return left({
    reason: 'retry_timeout',
    error,
    errorType: errorTypeOf(error),
    elapsedMs,
    maxMs,
    ...(statusCode === undefined ? {} : { statusCode }),
  });
}

/** A row whose call failed for good. */
export function permanentError(error: unknown): Either<PoolFailure, never> {
  const statusCode = statusCodeOf(error);
  return left({
    reason: 'permanent_error',
    error,
    errorType: errorTypeOf(error),
    ...(statusCode === undefined ? {} : { statusCode }),
  });
}

/** A row that was never dispatched because its executor shut down. */
export function shutdownRequested(error: unknown): Either<PoolFailure, never> {
  return left({ reason: 'shutdown_requested', error });
}
