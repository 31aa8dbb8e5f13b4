import type { Either } from 'fp-ts/lib/Either.js';

/** Why a row failed, with what the audit trail needs to explain it. */
export type PoolFailure =
  | {
      /** Capacity or retryable errors kept coming until the row's deadline. */
      readonly reason: 'retry_timeout';
      /** The last error the call raised. */
      readonly error: unknown;
      /** `name` of that error (e.g. `CapacityError`). */
      readonly errorType: string;
      /** Time from the row's first dispatch to the moment it was given up. */
      readonly elapsedMs: number;
      /** The deadline: `maxCapacityRetrySeconds` in milliseconds. */
      readonly maxMs: number;
      /** HTTP status of the last error, when it carried one. */
      readonly statusCode?: number;
    }
  | {
      /** The call failed in a way retrying cannot fix (HTTP 400, `PermanentError`). */
      readonly reason: 'permanent_error';
      readonly error: unknown;
      readonly errorType: string;
      readonly statusCode?: number;
    }
  | {
      /**
       * The executor was shut down before the row's next call could start: never dispatched
       * (`attempts` 0), or refused by the API and then not retried (`attempts` ≥ 1). Or the run's
       * `signal` aborted before the row finished: its running call, if any, was aborted too, and
       * `error` is the signal's `reason`.
       */
      readonly reason: 'shutdown_requested';
      readonly error: unknown;
    };

/** The outcome of one row, emitted in submission order, with its ordering and timing audit. */
export interface PoolEntry<R> {
  /** Position of the row in its subscription's input, from 0. Entries leave in this order. */
  readonly submitIndex: number;
  /** Position of the row in completion order, from 0: shows how the calls really finished. */
  readonly completeIndex: number;
  /** Scheduler time at which the row arrived from the source. */
  readonly submitTime: number;
  /** Scheduler time at which the row's outcome became known. */
  readonly completeTime: number;
  /** How long the finished row waited for earlier rows before it was emitted (≥ 0). */
  readonly bufferWaitMs: number;
  /** Calls started for the row (1 when the first call settled it). */
  readonly attempts: number;
  /** `right(value)` on success, `left(failure)` when the row failed. */
  readonly result: Either<PoolFailure, R>;
}

/** What `project` receives besides the row. */
export interface CallContext {
  /** Submit index of the row (the same as the entry's `submitIndex`). */
  readonly index: number;
  /** 1 for the first call of the row, 2 for its first retry, and so on. */
  readonly attempt: number;
  /**
   * Aborted when the call is no longer wanted: the output was unsubscribed, or an earlier row failed
   * fatally. Pass it to `fetch` so the HTTP request is cancelled too. Created on first read, so a
   * project that never reads it pays nothing for it.
   *
   * What a cancelled call does with its permit depends on what `project` returned. An Observable
   * is unsubscribed (its teardown runs) and its permit is free at once, so its teardown must end
   * the work. A Promise, or the pending `next()` of an async iterable, cannot be stopped by the
   * pool: the call keeps its permit until it settles, its outcome is ignored (an async iterator
   * is then closed with `return()`), so no more than `poolSize` calls run even when a project
   * ignores the signal. Honouring the signal is what gives the permit back early.
   */
  readonly signal: AbortSignal;
  /**
   * Hands the pool a response's headers, for a project that returns something else (the parsed
   * body): the pool paces itself from rate-limit headers before it is refused (see the README's
   * "Rate limiters"). A result or error that carries `headers` itself (a fetch `Response`, an
   * axios response or error) needs no call.
   */
  reportHeaders(headers: unknown): void;
}
