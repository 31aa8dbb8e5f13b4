import { right } from './either.js';
import type { AttemptEvent } from '../AttemptEvent.js';
import { statusCodeOf, type ErrorKind } from '../errors/classifyError.js';
import type { BurstClock } from './BurstClock.js';
import type { CallOutcomes } from './CallOutcomes.js';
import type { DispatchGate } from './DispatchGate.js';
import { permanentError } from './failures.js';
import type { PaceFeedback } from './PaceFeedback.js';
import type { Permits } from './Permits.js';
import type { RetryQueue } from './RetryQueue.js';
import type { RowBudget } from './RowBudget.js';
import type { RowTicket } from './RowTicket.js';

/**
 * Settles each finished call: gives its permit back and tells the pace how it went
 * (PaceFeedback). A first value settles the row. An error is classified, and the row is retried
 * (after a back-off, or the server's time), given up when its retry could not make the deadline,
 * failed (`permanent`), or its lane is stopped (any other error). The attempt listener hears of
 * each call before its row moves on to its lane; then the freed permit is filled.
 */
export class CallSettler implements CallOutcomes {
  /** Called as each call settles; set only while someone listens (`events$`, `onAttempt`). */
  onAttempt: ((event: AttemptEvent) => void) | undefined = undefined;

  constructor(
    readonly clock: BurstClock,
    private readonly permits: Permits,
    private readonly feedback: PaceFeedback,
    private readonly gate: DispatchGate,
    private readonly retries: RetryQueue,
    private readonly budget: RowBudget,
    private readonly classify: (error: unknown) => ErrorKind,
    /** The dispatch loop's `pump`: starts calls while permits are free and the gate is open. */
    private readonly pump: () => void,
  ) {}

  /** A project handed over a response's headers (`ctx.reportHeaders`). */
  reportHeaders(headers: unknown): void {
    this.feedback.reportHeaders(headers);
  }

  /** A call emitted its (first) value: the row succeeded. */
  succeeded(ticket: RowTicket, value: unknown): void {
    this.permits.end(ticket);
    this.feedback.succeeded(ticket, value, this.clock.now());
    if (this.onAttempt !== undefined) this.attemptSettled(ticket, 'ok', value, undefined);
    ticket.lane.settle(ticket, right(value));
    this.pump();
  }

  /** A call failed: classify the error, and retry, fail the row, or stop the lane. */
  failed(ticket: RowTicket, error: unknown): void {
    this.permits.end(ticket);
    let kind: ErrorKind = 'fatal';
    try {
      kind = this.classify(error);
    } catch (classifyError) {
      error = classifyError;
    }
    ticket.lastError = error;
    // `classify` may be the user's: a cooldown or a back-off measured from a stale time would end
    // too early. Failures are off the hot path.
    this.clock.timePassed();
    const now = this.clock.now();
    if (kind === 'capacity') {
      // The refused row itself never goes back before the server's time.
      this.retry(ticket, now, this.feedback.refused(ticket, error, now), kind);
    } else {
      this.feedback.failed(error, now);
      if (kind === 'retryable') {
        this.retry(ticket, now, this.retries.backoffMs(ticket.attempts), kind);
      } else if (kind === 'permanent') {
        this.attemptSettled(ticket, kind, error, undefined);
        ticket.lane.settle(ticket, permanentError(error));
      } else {
        this.attemptSettled(ticket, kind, error, undefined);
        ticket.lane.fail(ticket, error);
      }
    }
    this.pump();
  }

  /** An awaited call cancelled while it ran has settled (its outcome ignored): free its permit. */
  abandonedCallSettled(ticket: RowTicket): void {
    this.clock.enter();
    try {
      this.permits.release(ticket);
      this.pump();
    } finally {
      this.clock.exit();
    }
  }

  /**
   * Queues the row for another call, or gives it up at once when the earliest slot it could get
   * already lies at or past its deadline (shedding early beats waiting just to fail).
   */
  private retry(ticket: RowTicket, now: number, backoffMs: number, kind: ErrorKind): void {
    const error = ticket.lastError;
    const refused = ticket.lane.refusedRetry();
    if (refused !== undefined) {
      this.attemptSettled(ticket, kind, error, undefined);
      return ticket.lane.settle(ticket, refused);
    }
    const slot = this.gate.nextSlot(now, false);
    const earliest = slot === slot ? Math.max(now + backoffMs, slot) : now + backoffMs;
    if (earliest >= this.budget.deadline(ticket)) {
      this.attemptSettled(ticket, kind, error, undefined);
      return this.budget.giveUp(ticket, now);
    }
    this.attemptSettled(ticket, kind, error, earliest - now);
    this.retries.add(ticket, backoffMs);
  }

  /** Reports a settled call to the attempt listener, if any, before its row moves on. */
  private attemptSettled(
    ticket: RowTicket,
    outcome: AttemptEvent['outcome'],
    valueOrError: unknown,
    retryInMs: number | undefined,
  ): void {
    const listener = this.onAttempt;
    if (listener === undefined) return;
    const statusCode = statusCodeOf(valueOrError);
    listener({
      index: ticket.index,
      attempt: ticket.attempts,
      outcome,
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(retryInMs === undefined ? {} : { retryInMs }),
      ...(outcome === 'ok' ? {} : { error: valueOrError }),
      dispatchTime: ticket.dispatchedAt,
      settleTime: this.clock.now(),
    });
    // The listener is user code.
    this.clock.timePassed();
  }
}
