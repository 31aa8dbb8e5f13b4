import { Observable, type ObservableInput, type OperatorFunction } from 'rxjs';
import { batchOperator } from './batch/batchOperator.js';
import type { BatchOptions, BatchResult } from './batch/BatchResult.js';
import type { PoolConfig } from './config/PoolConfig.js';
import { renderValue } from './config/renderValue.js';
import type { AttemptEvent } from './AttemptEvent.js';
import { AttemptListeners } from './internal/AttemptListeners.js';
import { Dispatcher } from './internal/Dispatcher.js';
import { laneInternals, type LaneHooks } from './internal/laneInternals.js';
import { parsePoolOptions } from './internal/parsePoolOptions.js';
import type { PauseStats } from './internal/ServerPause.js';
import type { CallContext, PoolEntry } from './PoolEntry.js';
import type { PoolOptions } from './PoolOptions.js';
import type { SharedGate } from './shared/SharedGate.js';
import type { SharedGateStats } from './shared/SharedGateStats.js';
import type { AimdThrottle, ThrottleStats } from './throttle/AimdThrottle.js';

/** A snapshot of a pool: the throttle's counters plus the pool's own. */
export interface PoolStats extends ThrottleStats {
  /** Highest number of calls that ran at once. */
  readonly maxConcurrentReached: number;
  /** Calls running now. */
  readonly inFlight: number;
  /**
   * Calls that may run at once now: `poolSize`, or fewer once the API answered 503 or 529 to too
   * many at once (learnt and probed like the delay; see ConcurrencyCap).
   */
  readonly concurrencyLimit: number;
  /** Entries finished but held back for an earlier row, over every subscription. */
  readonly buffered: number;
  /**
   * The request rate the pool now believes the API allows, and where that belief comes from: the
   * server's rate-limit headers (`'headers'`), or the AIMD delay (`'aimd'`; Infinity while the
   * delay is 0, when nothing has pushed back yet).
   */
  readonly limitPerSecond: number;
  readonly limitSource: 'headers' | 'aimd';
  /** The pause a server asked for (Retry-After) that holds every dispatch now; undefined when none does. */
  readonly pause: PauseStats | undefined;
  /** The pool's standing with its shared gate (option `sharedGate`); undefined without one. */
  readonly shared: SharedGateStats | undefined;
}

/**
 * A concurrency pool with an adaptive dispatch throttle, for calling a rate-limited API.
 *
 * One pool owns one validated config, one `AimdThrottle`, one dispatch gate and `poolSize`
 * permits. Every subscription made through `pool.map(project)` shares those (so two pipelines
 * hitting the same API together stay under one limit) but has its own reorder buffer, indices
 * and entries: results never mix.
 *
 * Options are checked here, when the pool is created: a bad option throws a `PoolConfigError`
 * that lists every problem.
 *
 * @example
 * const pool = new Pool({ poolSize: 8 });
 * rows$.pipe(pool.map((row, { signal }) => fetch(url, { method: 'POST', body: JSON.stringify(row), signal })));
 */
export class Pool {
  readonly config: PoolConfig;
  readonly throttle: AimdThrottle;
  /**
   * Stats on subscribe, then after every dispatch and every finished call. Cheap when nobody
   * listens; when someone does, consider `auditTime` to sample it.
   */
  readonly stats$: Observable<PoolStats>;
  /**
   * One `AttemptEvent` per call of any row of any subscription, as the call settles: retries are
   * seen as they happen, with their outcome, HTTP status and the wait before the next call. Hot:
   * a subscriber sees the calls that settle while it is subscribed. Costs nothing unwatched.
   */
  readonly events$: Observable<AttemptEvent>;
  /** The reorder window of each subscription (option `maxBuffered`), also the pull window. */
  readonly maxBuffered: number;
  /** The gate shared with other workers (option `sharedGate`); undefined when the pool paces alone. */
  readonly sharedGate: SharedGate | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly listeners = new Set<() => void>();

  constructor(options?: PoolOptions) {
    const parsed = parsePoolOptions(options);
    this.config = parsed.config;
    this.throttle = parsed.throttle;
    this.maxBuffered = parsed.maxBuffered;
    this.dispatcher = new Dispatcher(parsed.scheduler, parsed.throttle, parsed.classify, {
      poolSize: parsed.config.poolSize,
      maxCapacityRetryMs: parsed.config.maxCapacityRetrySeconds * 1000,
      sharedGate: parsed.sharedGate,
    });
    this.sharedGate = this.dispatcher.shared;
    this.events$ = new AttemptListeners(this.dispatcher.settler, parsed.onAttempt).events$;
    this.stats$ = new Observable<PoolStats>((subscriber) => {
      const emit = (): void => subscriber.next(this.stats());
      this.listen(emit);
      emit();
      return () => this.unlisten(emit);
    });
  }

  /**
   * Sends each row to `project` through the pool and emits one `PoolEntry` per row, in the order
   * the rows arrived, whatever order the calls finish in.
   *
   * ```
   * rows:     --a--b--c----------|
   * calls:      a:----A     (slow)
   *                b:-B     (fast)
   *                   c:--C
   * output:   --------A-B---C----|   (B waited in the reorder buffer until A was out)
   * ```
   *
   * `project(row, ctx)` returns an ObservableInput (Promise, Observable, async iterable); its first
   * value is the row's result. Capacity errors (HTTP 429/503/529, `CapacityError`) slow the whole
   * pool down and are retried, as are `RetryableError`s, until the row's deadline; a
   * `PermanentError` gives a failed entry; any other error emits every earlier row's entry, then
   * errors the output and aborts the calls of later rows.
   *
   * Unsubscribing aborts running calls (`ctx.signal`), clears every timer and starts no call. An
   * Observable call is unsubscribed with it; a Promise or async-iterable call cannot be stopped, so
   * it keeps its permit (shared with other subscriptions) until it settles.
   *
   * Warning: a push source is not slowed down by the pool. Rows it emits faster than the API
   * accepts wait in memory; use `pooledMapIterable` / `pooledMapFrom` for huge or infinite sources.
   */
  map<T, R>(project: (row: T, ctx: CallContext) => ObservableInput<R>): OperatorFunction<T, PoolEntry<R>> {
    assertProject(project);
    return (source) => this.run(source, project);
  }

  /**
   * Runs each incoming array of rows as one batch and emits one `BatchResult` per batch: exactly
   * one entry per row, in submission order, and the batch's own stats (counters from the batch
   * start; the AIMD delay carries over). Batches run one at a time and never share a reorder
   * buffer; `overlap` says what happens to a batch that arrives while one runs:
   *
   * ```
   * batches:  -a-b---------|        a = [1, 2], b = [3]; poolSize 2, every call takes 3 frames
   * 'queue':  ----A--B-----|        b waits for a to end, then runs
   * 'ignore': ----A--------|        b is dropped, counted in A's stats, passed to onIgnored
   * ```
   */
  batches<T, R>(
    project: (row: T, ctx: CallContext) => ObservableInput<R>,
    options?: BatchOptions<T>,
  ): OperatorFunction<readonly T[], BatchResult<R>> {
    return batchOperator(this, project, options);
  }

  /** Like `map`, with hooks into the run (used by batch mode, see BatchPool). @internal */
  run<T, R>(
    source: Observable<T>,
    project: (row: T, ctx: CallContext) => ObservableInput<R>,
    hooks?: LaneHooks,
  ): Observable<PoolEntry<R>> {
    assertProject(project);
    return new Observable<PoolEntry<R>>((subscriber) => {
      laneInternals(this.dispatcher, source, subscriber, project, this.maxBuffered, hooks);
    });
  }

  /** A snapshot of the pool's counters. */
  stats(): PoolStats {
    const { buffered, serverPause, permits } = this.dispatcher;
    const { inFlight, maxConcurrentReached } = permits;
    const pause = serverPause.stats(this.dispatcher.clock.now());
    const limit = this.dispatcher.gate.limit();
    const shared = this.dispatcher.shared?.stats();
    const concurrencyLimit = this.dispatcher.cap.limit;
    return {
      ...this.throttle.stats(),
      maxConcurrentReached,
      inFlight,
      concurrencyLimit,
      buffered,
      ...limit,
      pause,
      shared,
    };
  }

  private listen(listener: () => void): void {
    this.listeners.add(listener);
    this.dispatcher.permits.onChange = () => this.listeners.forEach((notify) => notify());
  }

  private unlisten(listener: () => void): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.dispatcher.permits.onChange = undefined;
  }
}

function assertProject(project: unknown): void {
  if (typeof project !== 'function') {
    throw new TypeError(`\`project\` must be a function, received ${renderValue(project)}`);
  }
}
