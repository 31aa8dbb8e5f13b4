import type { SchedulerLike } from 'rxjs';
import type { AttemptEvent } from './AttemptEvent.js';
import type { PoolConfigInput } from './config/PoolConfig.js';
import type { ErrorKind } from './errors/classifyError.js';
import type { SharedGateOptions } from './shared/SharedGateOptions.js';
import type { AimdThrottle } from './throttle/AimdThrottle.js';

/**
 * Everything a `Pool` (or `pooledMap`) accepts: the config fields plus runtime collaborators.
 *
 * `poolSize` bounds the calls that really run, cancelled ones included: a Promise (or async
 * iterable) call the pool gave up keeps its permit until it settles, since the pool cannot stop
 * it; an Observable call is unsubscribed and frees its permit at once (see `CallContext.signal`).
 */
export interface PoolOptions extends PoolConfigInput {
  /**
   * Clock and timers for every delay, timestamp and deadline. Default `asyncScheduler`; pass a
   * `TestScheduler` (or run inside `TestScheduler.run`) to test timing in virtual time. Only a
   * `Retry-After` HTTP-date is read against the wall clock, being a wall-clock date; the wait it
   * gives is then timed on the scheduler.
   */
  scheduler?: SchedulerLike;
  /**
   * Decides what an error means: `'capacity'` (retry, slow the pool down, honour Retry-After),
   * `'retryable'` (retry after a per-row back-off), `'permanent'` (failed entry) or `'fatal'`
   * (stop the output). Default `classifyError`; call it from yours to extend it.
   */
  classify?: (error: unknown) => ErrorKind;
  /**
   * An AIMD throttle shared with other pools that call the same API. Its own settings then
   * govern the delays, so the delay fields must not also be passed here.
   */
  throttle?: AimdThrottle;
  /**
   * The reorder window: a subscription starts no new row while this many of its rows are in
   * flight, waiting to retry, or finished but waiting for an earlier row. Bounds memory when the
   * head row is slow. Integer ≥ `poolSize`; default `max(64, 8 × poolSize)`.
   */
  maxBuffered?: number;
  /**
   * Share one dispatch gate and one AIMD state with every pool (in this process or others) that
   * names the same gate in the same store: one quota, many workers. Each pool keeps its own
   * permits, order and retries. See `rxjs-pooled-map/redis` for a store across processes.
   */
  sharedGate?: SharedGateOptions;
  /**
   * Called with every call's `AttemptEvent` as it settles (as `pool.events$` emits them), for a
   * log or a progress UI that shows retries as they happen. An error it throws is reported as
   * uncaught and does not stop the pool.
   */
  onAttempt?: (event: AttemptEvent) => void;
}
