import type { SharedPace } from '../shared/SharedPace.js';
import type { AimdThrottle } from '../throttle/AimdThrottle.js';
import type { ConcurrencyCap } from '../throttle/ConcurrencyCap.js';
import type { BurstClock } from './BurstClock.js';
import type { CallOutcomes } from './CallOutcomes.js';
import type { DispatchGate } from './DispatchGate.js';
import type { LaneRing } from './LaneRing.js';
import type { Permits } from './Permits.js';
import type { RetryQueue } from './RetryQueue.js';
import { RowCallContext, type RowTicket } from './RowTicket.js';
import type { RowShedder } from './RowShedder.js';
import { startCall } from './startCall.js';

/**
 * Starts calls while permits are free and the gate is open: retries first (their rows hold up the
 * output order), then first attempts taken round-robin from the lanes so that concurrent
 * subscriptions share the pool fairly. While the gate is closed it arms the gate's timer, after
 * giving up the rows the wait would take past their deadline.
 *
 * `pump()` is re-entrant safe, because a synchronous call can settle, emit, and ask for more work
 * while the previous dispatch is still on the stack.
 */
export class DispatchLoop {
  // `pump` is on the stack, and was asked for again meanwhile: it loops once more.
  private pumping = false;
  private pumpAgain = false;

  constructor(
    private readonly clock: BurstClock,
    private readonly permits: Permits,
    private readonly cap: ConcurrencyCap,
    private readonly throttle: AimdThrottle,
    private readonly gate: DispatchGate,
    private readonly shared: SharedPace | undefined,
    private readonly lanes: LaneRing,
    private readonly retries: RetryQueue,
    private readonly shedder: RowShedder,
    /** Where each call reports its headers and its outcome (the settler). */
    private readonly outcomes: CallOutcomes,
  ) {}

  /** Pumps in a burst of its own: for a timer (the gate opens, a back-off ends), a shared reply. */
  readonly wake = (): void => {
    this.clock.enter();
    try {
      this.pump();
    } finally {
      this.clock.exit();
    }
  };

  pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.fill();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private fill(): void {
    while (this.permits.inFlight < this.cap.limit) {
      // This loop re-checks everything each turn, so requests made during the turn are covered.
      this.pumpAgain = false;
      const source = this.readySource();
      if (source === undefined) return this.gate.idle();
      const now = this.clock.now();
      // While closed, one probe at a time: its settlement pumps again.
      if (this.permits.probe !== undefined && this.throttle.closed) return this.gate.hold(now);
      const slot = this.gate.nextSlot(now);
      // A shared gate's answer is on its way: it wakes the pool.
      if (slot !== slot) return this.gate.hold(now);
      if (slot > now) {
        // Rows given up were emitted, and the subscriber's code may have taken time: look again.
        if (this.shedder.retriesBefore(slot, now) || this.shedder.freshWhileRefused(now)) continue;
        return this.gate.waitUntil(slot, now, this.wake);
      }
      const ticket = source < 0 ? this.retries.take() : this.lanes.take(source);
      if (!this.shedder.expired(ticket, now)) this.dispatch(ticket, now);
    }
  }

  /** -1 for the retry queue, a lane index for a first attempt, undefined when nothing is ready. */
  private readySource(): number | undefined {
    return this.retries.hasReady() ? -1 : this.lanes.readyLane();
  }

  private dispatch(ticket: RowTicket, now: number): void {
    this.gate.passed(now);
    if (ticket.attempts++ === 0) ticket.firstDispatchAt = now;
    ticket.dispatchedAt = now;
    ticket.dispatchEpoch = this.throttle.congestionEpoch;
    ticket.sharedEpoch = this.shared?.active === true ? this.shared.epoch : -1;
    if (this.throttle.closed) this.permits.probe = ticket;
    const context = new RowCallContext(ticket, ticket.attempts, this.outcomes);
    ticket.context = context;
    ticket.capEpoch = this.cap.epoch;
    this.permits.take(ticket);
    startCall(ticket, context, this.outcomes);
    // `project`, the hooks and the stats listeners ran: the next dispatch reads the clock again.
    this.clock.timePassed();
  }
}
