import { statusCodeOf } from '../errors/classifyError.js';
import { isOverloadStatus } from '../errors/isOverloadStatus.js';
import { retryAfterOf } from '../errors/retryAfterOf.js';
import type { SharedPace } from '../shared/SharedPace.js';
import type { AimdThrottle } from '../throttle/AimdThrottle.js';
import type { ConcurrencyCap } from '../throttle/ConcurrencyCap.js';
import type { BurstClock } from './BurstClock.js';
import type { DispatchGate } from './DispatchGate.js';
import type { HeaderSink, RowTicket } from './RowTicket.js';
import type { ServerPause } from './ServerPause.js';

/**
 * Tells whatever paces the pool how its calls went: the rate-limit headers' pace (from every
 * answer, and from `ctx.reportHeaders`), the concurrency cap, and the AIMD throttle, or the shared
 * gate while it paces the pool. A capacity refusal also pauses every dispatch for as long as the
 * server asks, bounded by the row budget (see ServerPause).
 */
export class PaceFeedback implements HeaderSink {
  constructor(
    private readonly clock: BurstClock,
    private readonly gate: DispatchGate,
    private readonly throttle: AimdThrottle,
    private readonly cap: ConcurrencyCap,
    private readonly serverPause: ServerPause,
    /** The pool's side of a gate shared with other processes; undefined when it paces alone. */
    private readonly shared: SharedPace | undefined,
  ) {}

  /** A project handed over a response's headers (`ctx.reportHeaders`). */
  reportHeaders(headers: unknown): void {
    this.gate.pace.observeHeaders(headers, this.clock.now());
  }

  /** The row's call succeeded with `value`. */
  succeeded(ticket: RowTicket, value: unknown, now: number): void {
    this.gate.pace.observe(value, now);
    this.cap.succeeded();
    const shared = this.reportingTo(ticket);
    if (shared !== undefined) {
      shared.reportOk(ticket.sharedEpoch);
      this.throttle.countOutcome('success');
    } else {
      this.throttle.onSuccess(ticket.dispatchEpoch, now, this.gate.pace.spacingAt(now));
    }
  }

  /** The row's call failed, not for capacity: only the headers its error carries are heard. */
  failed(error: unknown, now: number): void {
    this.gate.pace.observe(error, now);
  }

  /**
   * The API refused the row's call for capacity: fewer permits or a slower pace, and a pause of
   * every dispatch if the server asks for one. Returns the wait the server asked of the row (its
   * Retry-After in ms; 0 when it named none).
   */
  refused(ticket: RowTicket, error: unknown, now: number): number {
    this.gate.pace.observe(error, now, true);
    if (isOverloadStatus(statusCodeOf(error))) {
      // Too many calls at once: fewer permits, not a slower pace (see ConcurrencyCap), unless
      // the call ran alone. Then the delay backs off as from nothing (no time: the pace one call
      // keeps says nothing of a limit on calls at once), as TCP backs off at a window of one.
      if (this.cap.refused(ticket.runningAtDispatch, ticket.capEpoch)) {
        this.throttle.onCapacityError(ticket.dispatchEpoch);
      } else {
        this.throttle.countOutcome('capacity');
      }
    } else {
      this.cap.paceRefused();
      const shared = this.reportingTo(ticket);
      if (shared !== undefined) {
        shared.reportRefused(ticket.sharedEpoch);
        this.throttle.countOutcome('capacity');
      } else {
        this.throttle.onCapacityError(ticket.dispatchEpoch, now);
        this.shared?.refusedAlone();
      }
    }
    // An HTTP-date is a wall-clock date: measured from the scheduler's clock, a virtual one that
    // starts at 0 would put it decades away. The wait it yields is then timed on the scheduler.
    const wait = retryAfterOf(error, Date.now());
    // A quota its rate-limit headers say is spent until a reset holds the pool too: bounded alike.
    const heldMs = this.gate.pace.heldUntil - now;
    const pauseMs = Math.max(wait === undefined ? 0 : wait.ms - wait.resolutionMs, heldMs);
    if (pauseMs > 0) this.gate.pauseUntil(this.serverPause.request(now, pauseMs, error));
    return wait?.ms ?? 0;
  }

  /**
   * The shared gate, when the call went through it and it still paces the pool: the fleet hears
   * of the call. Undefined otherwise: the pool's own throttle does.
   */
  private reportingTo(ticket: RowTicket): SharedPace | undefined {
    return ticket.sharedEpoch >= 0 && this.shared?.active === true ? this.shared : undefined;
  }
}
