import type { BurstClock } from './BurstClock.js';
import type { RowTicket } from './RowTicket.js';

/**
 * Where a call's observer (CallObserver) reports how the call ended. An interface of its own, so
 * the observer names no dispatcher: calls are started from the dispatch loop, and settled back
 * into it, without the two modules importing each other.
 */
export interface CallOutcomes {
  /** The pool's clock: each notification of a call is a burst of work of its own. */
  readonly clock: BurstClock;
  /** A call emitted its (first) value: the row succeeded. */
  succeeded(ticket: RowTicket, value: unknown): void;
  /** A call failed: classify the error, and retry, fail the row, or stop the lane. */
  failed(ticket: RowTicket, error: unknown): void;
  /** An awaited call cancelled while it ran has settled (its outcome ignored): free its permit. */
  abandonedCallSettled(ticket: RowTicket): void;
}
