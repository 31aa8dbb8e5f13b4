import type { SchedulerLike, Subscription } from 'rxjs';
import { scheduleSafely } from '../internal/safeDelay.js';

/**
 * The timer of the next round trip not asked for by a dispatch (reports, lease renewal, a retry
 * while the store is out of reach), and when it is due.
 */
export class SyncTimer {
  /** When the timer fires; Infinity while none is set. */
  at = Infinity;
  private timer: Subscription | undefined = undefined;

  constructor(private readonly scheduler: SchedulerLike) {}

  get set(): boolean {
    return this.timer !== undefined;
  }

  /** Calls `then` in `ms`, instead of what was set before. */
  arm(ms: number, then: () => void): void {
    this.timer?.unsubscribe();
    this.at = this.scheduler.now() + ms;
    this.timer = scheduleSafely(
      this.scheduler,
      () => {
        this.timer = undefined;
        this.at = Infinity;
        then();
      },
      ms,
    );
  }

  disarm(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.at = Infinity;
  }
}
