import { Observable, Subject, takeUntil, type MonoTypeOperatorFunction } from 'rxjs';
import { renderValue } from '../config/renderValue.js';
import { ReorderError } from '../errors/ReorderError.js';
import { argumentError } from '../internal/argumentError.js';

/**
 * Puts values that carry their own index back in index order: each value is emitted as soon as
 * every lower index is out. The indices must be 0, 1, 2, … each exactly once, in any order; for
 * example the tagged results of a `mergeMap` that ran them concurrently.
 *
 * ```
 * source:   -2-0---1-3-|
 * output:   ---0---(12)3|      (indexOf = (v) => v)
 * ```
 *
 * Broken indices fail the output with a `ReorderError` naming them: an index that comes twice or
 * is not an integer ≥ 0 at once; an index that never came when the source completes with values
 * still waiting behind it (a gap that would otherwise hang the output silently). A value whose
 * index is the next one passes straight through; the others wait in a map, so the cost is O(1) per
 * value and the memory is what waits. Errors and unsubscription pass through, dropping what waits.
 *
 * @param indexOf The index a value carries. Checked to be a function when the operator is created.
 */
export function reorder<T>(indexOf: (value: T) => number): MonoTypeOperatorFunction<T> {
  if (typeof indexOf !== 'function') throw argumentError('indexOf', 'a function', indexOf);
  return (source) =>
    new Observable<T>((subscriber) => {
      // The index due next: every lower one has been emitted.
      let next = 0;
      // Values that came before their turn, by index.
      let waiting = new Map<number, T>();

      const fail = (message: string, index: unknown): void =>
        subscriber.error(new ReorderError(message, index));
      // Registered before the source is subscribed: a synchronous source runs its whole loop inside
      // `subscribe`, and the output closing meanwhile (an error of ours, a `take` downstream) must
      // stop it there, which the subscription `subscribe` returns would be too late for.
      const stop = new Subject<void>();
      subscriber.add(() => {
        stop.next();
        waiting = new Map(); // values that will never be emitted: let them go
      });
      source.pipe(takeUntil(stop)).subscribe({
        next: (value) => {
          let index: number;
          try {
            index = indexOf(value);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (index !== next) {
            if (!Number.isInteger(index) || index < 0) {
              return fail(
                `reorder: indexOf must return an integer ≥ 0, returned ${renderValue(index)} for ${renderValue(value)}`,
                index,
              );
            }
            if (index < next || waiting.has(index)) {
              return fail(
                `reorder: index ${index} came twice (the second time with ${renderValue(value)}); each index must come once`,
                index,
              );
            }
            waiting.set(index, value);
            return;
          }
          // Counted before it goes out, so a value fed back meanwhile meets the right `next`.
          next++;
          subscriber.next(value);
          // What waited for this one: every value now in turn, while the subscriber still listens.
          while (waiting.has(next) && !subscriber.closed) {
            const due = waiting.get(next) as T;
            waiting.delete(next);
            next++;
            subscriber.next(due);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (subscriber.closed) return; // stopped by takeUntil: the output has ended already
          if (waiting.size === 0) return subscriber.complete();
          const behind = waiting.size === 1 ? '1 value waits' : `${waiting.size} values wait`;
          fail(`reorder: the source completed without index ${next}; ${behind} behind it`, next);
        },
      });
    });
}
