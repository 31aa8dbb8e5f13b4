import type { SharedPace } from '../shared/SharedPace.js';
import type { DispatchGate } from './DispatchGate.js';
import type { LaneRing } from './LaneRing.js';
import type { RetryQueue } from './RetryQueue.js';
import type { RowBudget } from './RowBudget.js';
import type { RowTicket } from './RowTicket.js';
import type { ServerPause } from './ServerPause.js';

/**
 * Gives up the rows the gate would hold past their deadline, or has held past it: shedding early
 * beats waiting just to fail, and a row not yet dispatched has no deadline to wait for at all.
 * Each method reports whether it gave a row up: the row was emitted, and the subscriber's code
 * may have taken time, so the dispatch loop looks at the clock and the gate again.
 */
export class RowShedder {
  constructor(
    private readonly lanes: LaneRing,
    private readonly retries: RetryQueue,
    private readonly gate: DispatchGate,
    private readonly serverPause: ServerPause,
    private readonly shared: SharedPace | undefined,
    private readonly budget: RowBudget,
  ) {}

  /** Gives the row up if its deadline has passed (a retry that waited too long): true if it did. */
  expired(ticket: RowTicket, now: number): boolean {
    if (ticket.attempts > 0 && now >= this.budget.deadline(ticket)) {
      this.budget.giveUp(ticket, now);
      return true;
    }
    return false;
  }

  /** Gives up the waiting retries whose deadline comes before the gate opens at `slot`. */
  retriesBefore(slot: number, now: number): boolean {
    const expired = this.retries.expiredBefore(slot, this.budget);
    for (const ticket of expired) this.budget.giveUp(ticket, now);
    return expired.length > 0;
  }

  /**
   * While a server-requested pause longer than the row budget holds (see ServerPause), a row not
   * yet dispatched could only wait for it with no deadline: it is given up instead, with the
   * refusal as its error. One row per call, so the caller looks at the clock and the gate again.
   */
  freshWhileRefused(now: number): boolean {
    // The gate keeps a header hold whole: as long as it reaches past the budget, it refuses too.
    const budget = this.budget.ms;
    const held = this.gate.pace.heldUntil - now > budget;
    // A shared gate paused (its store out of reach) for a whole row budget refuses alike.
    const sharedOut = this.shared?.refuses(now, budget) === true;
    if (!held && !sharedOut && !this.serverPause.refuses(now)) return false;
    const at = this.lanes.readyLane();
    if (at === undefined) return false;
    const ticket = this.lanes.take(at);
    ticket.lastError = sharedOut ? this.shared?.reason : this.serverPause.reason;
    this.budget.giveUp(ticket, now);
    return true;
  }
}
