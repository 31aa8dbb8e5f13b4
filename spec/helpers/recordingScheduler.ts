// A scheduler that passes everything to another one and records every delay asked of it: what the
// pool would hand to a real timer, which must never exceed what a timer can hold.
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

export interface RecordingScheduler extends SchedulerLike {
  /** Every delay passed to `schedule`, in order. */
  readonly delays: number[];
}

export function recordingScheduler(inner: SchedulerLike): RecordingScheduler {
  const delays: number[] = [];
  return {
    delays,
    now: () => inner.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
      delays.push(delay);
      return inner.schedule(work, delay, state);
    },
  };
}
