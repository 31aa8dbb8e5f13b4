import type { ErrorKind } from './errors/classifyError.js';

/**
 * One call of one row, reported as it settles (`pool.events$`, option `onAttempt`), so a log or a
 * UI sees each retry when it happens rather than in the row's entry at the end. A call the pool
 * aborts (unsubscribe, `signal`, a fatal error elsewhere) never settles, so it is not reported.
 */
export interface AttemptEvent {
  /** Submit index of the row in its subscription (or batch), as in `PoolEntry.submitIndex`. */
  readonly index: number;
  /** 1 for the row's first call, 2 for its first retry, and so on (`ctx.attempt`). */
  readonly attempt: number;
  /** `'ok'` for a value, else how the error was classified. */
  readonly outcome: 'ok' | ErrorKind;
  /** HTTP status of the result or error, when it carries one (see `statusCodeOf`). */
  readonly statusCode?: number;
  /**
   * Retried: the wait before the row's next call may start, as known now (its back-off or the
   * server's Retry-After, and the dispatch gate). Absent when the row is not retried (it
   * succeeded, failed for good, reached its deadline or its run was shut down).
   */
  readonly retryInMs?: number;
  /** The error, for every outcome but `'ok'`. */
  readonly error?: unknown;
  /** Scheduler time at which the call was dispatched. */
  readonly dispatchTime: number;
  /** Scheduler time at which it settled. */
  readonly settleTime: number;
}
