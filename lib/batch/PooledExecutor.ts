import { lastValueFrom, ReplaySubject, type ObservableInput } from 'rxjs';
import type { Either } from 'fp-ts/lib/Either.js';
import { shutdownRequested } from '../internal/failures.js';
import { Pool } from '../Pool.js';
import type { CallContext, PoolEntry, PoolFailure } from '../PoolEntry.js';
import type { PoolOptions } from '../PoolOptions.js';
import { BatchProbe } from './BatchProbe.js';
import type { BatchStats } from './BatchResult.js';
import { PoolConfigError } from '../config/PoolConfigError.js';
import { renderValue } from '../config/renderValue.js';
import { signalProblem } from '../internal/signalProblem.js';
import type { ExecuteBatchOptions } from './ExecuteBatchOptions.js';
import { runBatch } from './runBatch.js';

const noop = (): void => undefined;

/**
 * elspeth's `PooledExecutor` for callers without RxJS: `executeBatch(rows, project)` resolves to
 * one entry per row, in submission order, and batches run one at a time through one pool.
 *
 * Concurrent `executeBatch` calls are queued (like elspeth's lock): a batch starts once the
 * previous one has ended, and each batch has its own entries, indices and stats.
 *
 * `shutdown()` is graceful: from then on no call starts, first attempt or retry. Every row not
 * dispatched yet (including every row of batches still queued or submitted later) comes back as
 * `shutdown_requested`; calls already running finish and keep their outcome, except that one
 * which would have been retried comes back as `shutdown_requested` too. Calls are not aborted:
 * work already paid for is not thrown away, as in elspeth, whose worker threads could not be
 * interrupted either. (To cut calls short, use `pool.map` and unsubscribe: that aborts
 * `ctx.signal`.)
 *
 * @example
 * const executor = new PooledExecutor({ poolSize: 8 });
 * const entries = await executor.executeBatch(rows, (row, { signal }) => callModel(row, signal));
 * console.log(executor.stats().poolStats.capacityRetries);
 */
export class PooledExecutor {
  /** The pool every batch runs through (its throttle's delay carries over between batches). */
  readonly pool: Pool;
  /** Emits (and replays) the shutdown result: a lane subscribed to it settles its remaining rows. */
  private readonly shutdown$ = new ReplaySubject<Either<PoolFailure, never>>(1);
  private shuttingDown = false;
  /** Settles once every batch submitted so far has ended: the queue batches take turns on. */
  private tail: Promise<void> = Promise.resolve();
  /** Batches started, for `batchIndex`. */
  private started = 0;
  /** The running batch's probe, for live stats. */
  private running: BatchProbe | undefined = undefined;
  /** Stats of the last batch that ended; before any, zero counters at the current delay. */
  private last: BatchStats | undefined = undefined;

  constructor(options?: PoolOptions) {
    this.pool = new Pool(options);
  }

  /**
   * Runs `rows` through the pool once every earlier batch has ended, and resolves to exactly one
   * entry per row (`entries[i].submitIndex === i`). An empty batch resolves to `[]` at once and
   * leaves `stats()` untouched. Rejects when a row fails fatally (`project` throws an error that
   * is not capacity, retryable or permanent); later batches run normally. Options are checked at
   * once: a bad one rejects with a `PoolConfigError`.
   *
   * `options.signal` stops this batch (see `ExecuteBatchOptions`): it still resolves, to one entry
   * per row, the unfinished ones `shutdown_requested`.
   */
  executeBatch<T, R>(
    rows: readonly T[],
    project: (row: T, ctx: CallContext) => ObservableInput<R>,
    options: ExecuteBatchOptions = {},
  ): Promise<PoolEntry<R>[]> {
    if (!Array.isArray(rows)) {
      return Promise.reject(new TypeError(`\`rows\` must be an array, received ${typeof rows}`));
    }
    const problem =
      typeof options !== 'object' || options === null
        ? `\`options\` must be an object (or undefined), received ${renderValue(options)}`
        : signalProblem(options.signal);
    if (problem !== undefined) return Promise.reject(new PoolConfigError([problem]));
    if (rows.length === 0) return Promise.resolve([]);
    const result = this.tail.then(() => this.run(rows, project, options.signal));
    this.tail = result.then(noop, noop);
    return result;
  }

  /**
   * Stops the executor (see the class comment); idempotent. Resolves once every batch submitted
   * before it has ended.
   */
  shutdown(): Promise<void> {
    if (!this.shuttingDown) {
      this.shuttingDown = true;
      this.shutdown$.next(
        shutdownRequested(
          new Error('the executor was shut down before this row could be dispatched (or dispatched again)'),
        ),
      );
    }
    return this.tail;
  }

  /** Whether `shutdown()` was called. */
  get isShutdown(): boolean {
    return this.shuttingDown;
  }

  /**
   * Stats of the running batch so far, else of the last batch that ended. Counters start from 0
   * at each batch; the AIMD delay carries over. `dispatchDelayAtCompletionMs` is set when a batch
   * ends, so during a batch it still holds the previous batch's value.
   */
  stats(): BatchStats {
    const previousDelay = this.last?.poolConfig.dispatchDelayAtCompletionMs ?? 0;
    if (this.running !== undefined) return this.running.stats(previousDelay);
    if (this.last !== undefined) return this.last;
    // Before any batch: what a batch that ran nothing would report (zero counters, current delay).
    const idle = new BatchProbe(this.pool);
    idle.end();
    return idle.stats(0);
  }

  private async run<T, R>(
    rows: readonly T[],
    project: (row: T, ctx: CallContext) => ObservableInput<R>,
    signal: AbortSignal | undefined,
  ): Promise<PoolEntry<R>[]> {
    const batch = runBatch(this.pool, rows, project, {
      batchIndex: this.started++,
      shutdown: this.shutdown$,
      signal,
      started: (probe) => (this.running = probe),
      ended: (stats) => {
        this.running = undefined;
        this.last = stats;
      },
    });
    const { entries } = await lastValueFrom(batch);
    return [...entries];
  }
}
