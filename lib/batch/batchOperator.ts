import { concatMap, filter, identity, Observable, type ObservableInput, type OperatorFunction } from 'rxjs';
import type { CallContext } from '../PoolEntry.js';
import type { BatchPool } from './BatchPool.js';
import type { BatchProbe } from './BatchProbe.js';
import type { BatchOptions, BatchResult } from './BatchResult.js';
import { parseBatchOptions } from './parseBatchOptions.js';
import { runBatch } from './runBatch.js';

/**
 * The operator behind `pool.batches(project, options)`: each incoming array is one batch, run
 * through its own lane of `pool` once the previous batch has ended.
 *
 * Batches take turns through `concatMap`, so `'queue'` is concatMap exactly. `'ignore'` filters
 * out the batches that arrive while one runs before they reach `concatMap` (exhaustMap semantics)
 * and reports each one, since a silently dropped batch is a lost user action.
 */
export function batchOperator<T, R>(
  pool: BatchPool,
  project: (row: T, ctx: CallContext) => ObservableInput<R>,
  options?: BatchOptions<T>,
): OperatorFunction<readonly T[], BatchResult<R>> {
  const { overlap, onIgnored } = parseBatchOptions(options);
  return (source) =>
    new Observable<BatchResult<R>>((subscriber) => {
      // Index the next batch to start gets.
      let nextBatch = 0;
      // The batch running now; undefined between batches. Cleared just before its result is
      // emitted, so a batch triggered by that result (a re-triggering UI) is not ignored.
      let running: BatchProbe | undefined = undefined;

      const admit = (rows: readonly T[]): boolean => {
        if (running === undefined) return true;
        running.ignoredBatches++;
        onIgnored?.(rows);
        return false;
      };
      return source
        .pipe(
          overlap === 'ignore' ? filter(admit) : identity,
          concatMap((rows) =>
            runBatch(pool, rows, project, {
              batchIndex: nextBatch++,
              started: (probe) => (running = probe),
              ended: () => (running = undefined),
            }),
          ),
        )
        .subscribe(subscriber);
    });
}
