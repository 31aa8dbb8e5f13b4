import { Subscription, type SchedulerLike } from 'rxjs';

/**
 * The longest delay a timer keeps: 2^31−1 ms, about 24.8 days. Node (and browsers) run a longer
 * `setTimeout` after 1 ms instead, with a TimeoutOverflowWarning: a long wait became a busy loop.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `scheduler.schedule(work, delayMs)` for any delay. One longer than a timer holds is waited in
 * steps of at most MAX_TIMER_MS, each measured again on the scheduler's clock, so `work` runs when
 * it is due. Unsubscribing the result cancels whichever step is pending.
 */
export function scheduleSafely(scheduler: SchedulerLike, work: () => void, delayMs: number): Subscription {
  if (!(delayMs > MAX_TIMER_MS)) return scheduler.schedule(work, delayMs);
  const due = scheduler.now() + delayMs;
  const steps = new Subscription();
  const step = (): void => {
    const left = due - scheduler.now();
    if (left > 0) steps.add(scheduler.schedule(step, Math.min(left, MAX_TIMER_MS)));
    else work();
  };
  steps.add(scheduler.schedule(step, MAX_TIMER_MS));
  return steps;
}
