import { Observable, Subscription, type SchedulerLike } from 'rxjs';

/** A notification for `timed`: a value, an error, or the completion. */
export type Timed<T> =
  | { readonly kind: 'N'; readonly value: T }
  | { readonly kind: 'E'; readonly error: unknown }
  | { readonly kind: 'C' };

/**
 * A cold Observable delivering `events`, each `[frame, notification]` counted from the
 * subscription, on `scheduler` (same frame: in list order). Marbles cannot put several events on
 * one frame without a group, which takes frames of its own; generated scenarios need exact frames.
 */
export function timed<T>(
  scheduler: SchedulerLike,
  events: readonly (readonly [number, Timed<T>])[],
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const scheduled = new Subscription();
    for (const [frame, event] of events) {
      const deliver = (): void =>
        event.kind === 'N'
          ? subscriber.next(event.value)
          : event.kind === 'E'
            ? subscriber.error(event.error)
            : subscriber.complete();
      scheduled.add(scheduler.schedule(deliver, frame));
    }
    return scheduled;
  });
}

/** The frames of a list of gaps, each counted from the one before (the first from `start`). */
export const framesOf = (gaps: readonly number[], start = 0): number[] => gaps.map((gap) => (start += gap));
