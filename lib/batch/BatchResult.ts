import type { PoolEntry } from '../PoolEntry.js';

/**
 * Statistics of one batch, in the shape elspeth's `get_stats()` returns (camelCased).
 *
 * Counters cover this batch only; the AIMD delay itself is kept from one batch to the next, so
 * `peakDelayMs` starts at the delay the batch inherited.
 */
export interface BatchStats {
  readonly poolConfig: {
    readonly poolSize: number;
    readonly maxCapacityRetrySeconds: number;
    /** The AIMD delay when the batch ended (before any batch ended: 0). */
    readonly dispatchDelayAtCompletionMs: number;
  };
  readonly poolStats: {
    /** Capacity errors (each one retried or given up) during the batch. */
    readonly capacityRetries: number;
    /** Successful calls during the batch. */
    readonly successes: number;
    /** Highest AIMD delay seen during the batch, from the delay it started with. */
    readonly peakDelayMs: number;
    /** The AIMD delay now. */
    readonly currentDelayMs: number;
    /** Time ready work waited at the dispatch gate during the batch. */
    readonly totalThrottleTimeMs: number;
    /** Highest number of this batch's calls that ran at once. */
    readonly maxConcurrentReached: number;
    /** Batches that arrived while this one ran and were not processed (`overlap: 'ignore'`). */
    readonly ignoredBatches: number;
  };
}

/** What a batch produces: one entry per row, in submission order, and the batch's stats. */
export interface BatchResult<R> {
  /** Position of the batch among the batches this subscription processed, from 0. */
  readonly batchIndex: number;
  /** Exactly one entry per row; `entries[i].submitIndex === i`. */
  readonly entries: readonly PoolEntry<R>[];
  readonly stats: BatchStats;
}

/** Options of `pool.batches(project, options)`. */
export interface BatchOptions<T> {
  /**
   * What happens to a batch that arrives while another one runs.
   * - `'queue'` (default, like `concatMap`): it waits its turn; batches run one at a time.
   * - `'ignore'` (like `exhaustMap`, for re-triggered UIs): it is dropped, and that is reported:
   *   counted in the running batch's `stats.poolStats.ignoredBatches` and passed to `onIgnored`.
   */
  readonly overlap?: 'queue' | 'ignore';
  /** Called with every batch dropped by `overlap: 'ignore'`. */
  readonly onIgnored?: (rows: readonly T[]) => void;
}
