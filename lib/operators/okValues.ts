import { Observable, type OperatorFunction } from 'rxjs';
import { isOk } from '../entryResult.js';
import type { PoolEntry, PoolFailure } from '../PoolEntry.js';

/**
 * The values of the rows that succeeded, in input order; a failed row is skipped after
 * `onFailure` (if given) has seen its entry and failure. For a pipeline that wants plain values
 * and logs or counts the failures instead of auditing every entry.
 *
 * ```
 * entries: --a--x--c--|      x failed
 * output:  --A-----C--|      onFailure(x, failure) was called when x passed
 * ```
 */
export function okValues<R>(
  onFailure?: (entry: PoolEntry<R>, failure: PoolFailure) => void,
): OperatorFunction<PoolEntry<R>, R> {
  if (onFailure !== undefined && typeof onFailure !== 'function') {
    throw new TypeError(`\`onFailure\` must be a function when given, received ${typeof onFailure}`);
  }
  return (source) =>
    new Observable<R>((subscriber) =>
      source.subscribe({
        next: (entry) => {
          if (isOk(entry)) subscriber.next(entry.result.right);
          else if (onFailure !== undefined && entry.result._tag === 'Left')
            onFailure(entry, entry.result.left);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
