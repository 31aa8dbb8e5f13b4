import type { SchedulerLike } from 'rxjs';

/**
 * The pool's clock: the scheduler's time, read once per synchronous burst of work (an arrival, a
 * call's notification, a timer). The pool's own work lets no time pass, so one reading serves the
 * whole burst instead of three per row (it was the hot path's top cost). User code run inside a
 * burst can (a subscriber writing a file, a slow `project`, stats listener or `classify`):
 * `timePassed` then makes the next reading ask the clock again, for a dispatch or a deadline
 * judged by a time in the past would let a call start too soon or too late.
 */
export class BurstClock {
  /** Depth of the burst of work in progress; 0 outside any. */
  private depth = 0;
  /** The time read when the burst began, or was last read again. */
  private burstNow = 0;
  /** User code may have run since `burstNow` was read: the next reading asks the scheduler. */
  private stale = false;

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Scheduler time; within a burst, the time the burst began or was last read again. */
  now(): number {
    if (this.depth === 0) return this.scheduler.now();
    if (this.stale) this.readAgain();
    return this.burstNow;
  }

  /** Begins a burst of work triggered from outside (always paired with `exit` in a finally). */
  enter(): number {
    if (this.depth++ === 0) {
      this.burstNow = this.scheduler.now();
      this.stale = false;
    } else if (this.stale) {
      this.readAgain();
    }
    return this.burstNow;
  }

  exit(): void {
    this.depth--;
  }

  /** User code is about to run, or just ran, inside the burst: time may have passed. */
  timePassed(): void {
    this.stale = true;
  }

  private readAgain(): void {
    this.stale = false;
    const now = this.scheduler.now();
    // Never backwards within a burst, even if the clock is stepped back.
    if (now > this.burstNow) this.burstNow = now;
  }
}
