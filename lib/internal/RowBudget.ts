import { retryTimeout } from './failures.js';
import type { RowTicket } from './RowTicket.js';

/**
 * The time each row may take (`maxCapacityRetrySeconds`), counted from its first dispatch: a row
 * is not called again past its deadline but given up with `retry_timeout`, so every run ends.
 */
export class RowBudget {
  constructor(readonly ms: number) {}

  /** Scheduler time past which the row is not called again. */
  deadline(ticket: RowTicket): number {
    return ticket.firstDispatchAt + this.ms;
  }

  /** Settles the row with `retry_timeout`: its last error, and the time since its first dispatch. */
  giveUp(ticket: RowTicket, now: number): void {
    const elapsedMs = ticket.attempts === 0 ? 0 : now - ticket.firstDispatchAt;
    ticket.lane.settle(ticket, retryTimeout(ticket.lastError, elapsedMs, this.ms));
  }
}
