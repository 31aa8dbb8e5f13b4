import type { SchedulerLike } from 'rxjs';
import type { Settings } from '../throttle/throttleSettings.js';
import type { Lane } from './Lane.js';
import { RingQueue } from './RingQueue.js';
import type { RowBudget } from './RowBudget.js';
import type { RowTicket } from './RowTicket.js';
import { scheduleSafely } from './safeDelay.js';

/**
 * The rows to be called again, over every lane: each waits out its back-off on its own timer,
 * then in the queue for the gate and a permit. The dispatch loop serves the queue before any
 * first attempt, for these rows hold up their lane's output order.
 */
export class RetryQueue {
  /** Rows whose retry may go as soon as the gate and a permit allow. */
  private readonly queue = new RingQueue<RowTicket>();

  constructor(
    private readonly scheduler: SchedulerLike,
    /** The throttle's delay settings, which the back-off follows. */
    private readonly settings: Settings,
    /** Looks for work again (a back-off ended). */
    private readonly wake: () => void,
  ) {}

  /** Rows queued (not those still in their back-off). */
  get size(): number {
    return this.queue.size;
  }

  /** Whether a row is queued; cancelled rows met at the head are dropped. */
  hasReady(): boolean {
    for (let next = this.queue.peek(); next !== undefined; next = this.queue.peek()) {
      if (!next.cancelled) return true;
      this.queue.shift();
    }
    return false;
  }

  /** Takes the row at the head (`hasReady` said there is one). */
  take(): RowTicket {
    return this.queue.shift() as RowTicket;
  }

  /**
   * Back-off for errors that carry no capacity signal (HTTP 500, resets): grows like the AIMD
   * delay would, per row, so a failing server is not hammered while the pool's pace is kept.
   */
  backoffMs(attempts: number): number {
    const { minDispatchDelayMs, maxDispatchDelayMs, recoveryStepMs, backoffMultiplier } = this.settings;
    const base = Math.max(recoveryStepMs, minDispatchDelayMs, 1);
    return Math.min(maxDispatchDelayMs, base * backoffMultiplier ** (attempts - 1));
  }

  /** Queues the row now, or once `backoffMs` have passed (its timer is the ticket's, and wakes the pool). */
  add(ticket: RowTicket, backoffMs: number): void {
    if (backoffMs === 0) return this.queue.push(ticket);
    ticket.timer = scheduleSafely(
      this.scheduler,
      () => {
        ticket.timer = undefined;
        this.queue.push(ticket);
        this.wake();
      },
      backoffMs,
    );
  }

  /** Forgets the rows of a lane whose subscription ended (cancelled, so their timers are stopped). */
  dropLane(lane: Lane): void {
    this.queue.retain((ticket) => ticket.lane !== lane);
  }

  /**
   * Takes out the queued rows whose deadline comes before the gate opens at `slot` (cancelled
   * rows are dropped on the way).
   */
  expiredBefore(slot: number, budget: RowBudget): RowTicket[] {
    const expired: RowTicket[] = [];
    this.queue.retain((ticket) => {
      if (ticket.cancelled) return false;
      if (budget.deadline(ticket) > slot) return true;
      expired.push(ticket);
      return false;
    });
    return expired;
  }
}
