import type { Either } from 'fp-ts/lib/Either.js';
import type { ObservableInput } from 'rxjs';
import type { CallContext, PoolFailure } from '../PoolEntry.js';
import type { RowTicket } from './RowTicket.js';

/**
 * One subscription's side of the pool, as the dispatcher sees it. The dispatcher owns the shared
 * resources (permits, gate, throttle, retry queue); the lane owns the rows, their order and the
 * output. Keeping the reorder state on the lane is what makes two subscriptions unable to mix.
 */
export interface Lane {
  /** Calls the API for one row. */
  project(row: unknown, ctx: CallContext): ObservableInput<unknown>;
  /** Whether the lane has a row that may be dispatched for the first time now (window permitting). */
  hasFresh(): boolean;
  /** How many such rows there are now (for a shared gate's reservation). */
  freshCount(): number;
  /** Takes that row; the lane starts tracking it for ordering. */
  takeFresh(): RowTicket;
  /** A call of the lane started (for per-lane concurrency stats). */
  callStarted(): void;
  /** A call of the lane ended, whatever its outcome. */
  callEnded(): void;
  /** The result to settle a row with instead of retrying it (the lane was shut down), if any. */
  refusedRetry(): Either<PoolFailure, never> | undefined;
  /** The row's outcome is final. */
  settle(ticket: RowTicket, result: Either<PoolFailure, unknown>): void;
  /** The row's call raised an unexpected error: stop the lane after every earlier row is out. */
  fail(ticket: RowTicket, error: unknown): void;
}
