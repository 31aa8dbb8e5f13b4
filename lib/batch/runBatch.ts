import { from, Observable, type ObservableInput } from 'rxjs';
import type { Either } from 'fp-ts/lib/Either.js';
import type { CallContext, PoolEntry, PoolFailure } from '../PoolEntry.js';
import type { BatchPool } from './BatchPool.js';
import { BatchProbe } from './BatchProbe.js';
import type { BatchResult, BatchStats } from './BatchResult.js';

export interface RunBatchOptions {
  readonly batchIndex: number;
  /** Shuts the batch's lane down when it emits (see `LaneHooks.shutdown`). */
  readonly shutdown?: Observable<Either<PoolFailure, never>>;
  /** Aborts the batch (see `LaneHooks.signal`). */
  readonly signal?: AbortSignal | undefined;
  /** The batch started (on subscribe): its probe measures it until it ends. */
  readonly started?: (probe: BatchProbe) => void;
  /** The batch ended, completed or failed; called before its result is emitted. */
  readonly ended?: (stats: BatchStats) => void;
}

/**
 * One batch through `pool`: its own lane (so its reorder buffer, indices and entries are its own),
 * measured from subscription to end. Emits one `BatchResult` once every row has its entry, then
 * completes; errors like the lane when a row fails fatally. The batch starts when subscribed,
 * which is what lets `concatMap` (or a promise chain) make batches take turns.
 */
export function runBatch<T, R>(
  pool: BatchPool,
  rows: readonly T[],
  project: (row: T, ctx: CallContext) => ObservableInput<R>,
  options: RunBatchOptions,
): Observable<BatchResult<R>> {
  return new Observable<BatchResult<R>>((subscriber) => {
    if (!Array.isArray(rows)) {
      throw new TypeError(`A batch must be an array of rows, received ${typeof rows}`);
    }
    const probe = new BatchProbe(pool);
    // The entries so far, in submission order (the lane emits them in that order).
    const entries: PoolEntry<R>[] = [];
    const end = (): BatchStats => {
      probe.end();
      const stats = probe.stats(pool.throttle.currentDelayMs);
      options.ended?.(stats);
      return stats;
    };
    subscriber.add(() => probe.end());
    options.started?.(probe);
    const { shutdown, signal } = options;
    const hooks = { callStarted: probe.callStarted, shutdown, ...(signal === undefined ? {} : { signal }) };
    return pool.run(from(rows), project, hooks).subscribe({
      next: (entry) => entries.push(entry),
      error: (error: unknown) => {
        end();
        subscriber.error(error);
      },
      complete: () => {
        const stats = end();
        subscriber.next({ batchIndex: options.batchIndex, entries, stats });
        subscriber.complete();
      },
    });
  });
}
