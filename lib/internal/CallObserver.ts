import type { Observer } from 'rxjs';
import { EmptyCallError } from '../errors/EmptyCallError.js';
import type { CallOutcomes } from './CallOutcomes.js';
import type { RowCallContext, RowTicket } from './RowTicket.js';

/**
 * Watches one call of one row. The first value settles the row; an error goes to classification;
 * completing without a value is a bug in `project` and fails fast. Notifications for a call the
 * pool has already given up (its context was replaced or cleared) are ignored, which covers calls
 * that settle synchronously inside `subscribe` before the pool holds their subscription; a given
 * up promise's settlement only gives its permit back.
 */
export class CallObserver implements Observer<unknown> {
  constructor(
    private readonly outcomes: CallOutcomes,
    private readonly ticket: RowTicket,
    private readonly context: RowCallContext,
  ) {}

  next(value: unknown): void {
    if (this.ticket.context !== this.context) return;
    this.outcomes.clock.enter();
    try {
      this.outcomes.succeeded(this.ticket, value);
    } finally {
      this.outcomes.clock.exit();
    }
  }

  error(error: unknown): void {
    if (this.ticket.context === this.context) this.fail(error);
  }

  complete(): void {
    if (this.ticket.context === this.context)
      this.fail(new EmptyCallError(this.ticket.index, this.context.attempt));
  }

  /** `next` for a promise's fulfilment; a pool bug must not surface as an unhandled rejection. */
  resolve(value: unknown): void {
    try {
      if (this.ticket.context === this.context) this.next(value);
      else this.abandoned();
    } catch (error) {
      rethrowUncaught(error);
    }
  }

  /** `error` for a promise's rejection, guarded as `resolve` is. */
  reject(error: unknown): void {
    try {
      if (this.ticket.context === this.context) this.error(error);
      else this.abandoned();
    } catch (thrown) {
      rethrowUncaught(thrown);
    }
  }

  /**
   * A promise settles once, and its context is dropped only by its own settlement or by the row's
   * cancellation, which left the permit taken: the cancelled call has ended, the permit is free.
   */
  private abandoned(): void {
    this.outcomes.abandonedCallSettled(this.ticket);
  }

  private fail(error: unknown): void {
    this.outcomes.clock.enter();
    try {
      this.outcomes.failed(this.ticket, error);
    } finally {
      this.outcomes.clock.exit();
    }
  }
}

/** Reports an error thrown from a promise callback as an uncaught error, as rxjs does. */
function rethrowUncaught(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}
