import type { BurstClock } from './BurstClock.js';
import type { HeaderSink, RowTicket } from './RowTicket.js';

/**
 * Where a call reports to: the headers its project hands over (`ctx.reportHeaders`), and through
 * its observer (CallObserver) how it ended. An interface of its own, so that neither the call nor
 * its observer names the dispatcher that starts calls and is pumped again as they settle.
 */
export interface CallOutcomes extends HeaderSink {
  /** The pool's clock: each notification of a call is a burst of work of its own. */
  readonly clock: BurstClock;
  /** A call emitted its (first) value: the row succeeded. */
  succeeded(ticket: RowTicket, value: unknown): void;
  /** A call failed: classify the error, and retry, fail the row, or stop the lane. */
  failed(ticket: RowTicket, error: unknown): void;
  /** An awaited call cancelled while it ran has settled (its outcome ignored): free its permit. */
  abandonedCallSettled(ticket: RowTicket): void;
}
