import {
  from,
  mergeMap,
  Observable,
  type ObservableInput,
  type ObservedValueOf,
  type OperatorFunction,
} from 'rxjs';
import { argumentError } from '../internal/argumentError.js';
import { InnerOrder } from '../internal/InnerOrder.js';

/**
 * `mergeMap` whose output keeps the source order: `project(value, index)` runs for each source
 * value, up to `concurrent` of the observables it returns run at once, and their values come out
 * grouped by source index, in source order, as `concatMap` would emit them, only sooner.
 *
 * The values of the earliest inner still running go straight through; a later inner's values are
 * held until every earlier inner has completed. An inner that completes early frees its place at
 * once, so `concurrent` bounds the inners running, not the values held: while an early inner is
 * slow, the later ones' values wait in memory. Errors (of the source, of an inner, thrown by
 * `project`) and unsubscription behave as in `mergeMap`: an error ends the output at once, and
 * values still held are dropped.
 *
 * ```
 * source:  -a-b-c----|
 * a:        -----x--y|
 * b:          -z|
 * c:            --w|
 * output:  ------x--y(zw|)
 * ```
 *
 * (`x` and `y` go out as they come; `z` and `w` wait for `a` to complete.)
 *
 * For rate-limited APIs (retries, pacing, per-row audit, a bounded reorder window) use
 * `pooledMap`; this operator is plain ordered concurrency.
 *
 * @param concurrent The most inners subscribed at once: an integer ≥ 1, or `Infinity` (the
 * default). Checked when the operator is created, like `project`.
 */
export function orderedMergeMap<T, O extends ObservableInput<unknown>>(
  project: (value: T, index: number) => O,
  concurrent: number = Infinity,
): OperatorFunction<T, ObservedValueOf<O>> {
  if (typeof project !== 'function') throw argumentError('project', 'a function', project);
  if (!(concurrent === Infinity || (Number.isInteger(concurrent) && concurrent >= 1))) {
    throw argumentError('concurrent', 'an integer ≥ 1 or Infinity', concurrent);
  }
  return (source) =>
    new Observable<ObservedValueOf<O>>((subscriber) => {
      // This subscription's reorder stage: which inner has the turn, and what later ones hold.
      const order = new InnerOrder<ObservedValueOf<O>>(subscriber);
      const subscription = source
        .pipe(
          mergeMap(
            (value, index) => order.gate(from(project(value, index)) as Observable<ObservedValueOf<O>>),
            concurrent,
          ),
        )
        .subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        order.clear(); // held values of a stream ended early are never emitted: let them go
      };
    });
}
