import type { SchedulerLike } from 'rxjs';
import type { ErrorKind } from '../errors/classifyError.js';
import type { ResolvedSharedGate } from '../shared/SharedGateOptions.js';
import type { SharedHost } from '../shared/SharedHost.js';
import { SharedPace } from '../shared/SharedPace.js';
import type { AimdThrottle } from '../throttle/AimdThrottle.js';
import { ConcurrencyCap } from '../throttle/ConcurrencyCap.js';
import { BurstClock } from './BurstClock.js';
import { CallSettler } from './CallSettler.js';
import { DispatchGate } from './DispatchGate.js';
import type { Lane } from './Lane.js';
import { LaneRing } from './LaneRing.js';
import { RetryQueue } from './RetryQueue.js';
import { PaceFeedback } from './PaceFeedback.js';
import { Permits } from './Permits.js';
import { RowBudget } from './RowBudget.js';
import { RowCallContext, type RowTicket } from './RowTicket.js';
import { ServerPause } from './ServerPause.js';
import { startCall } from './startCall.js';

export interface DispatcherSettings {
  readonly poolSize: number;
  readonly maxCapacityRetryMs: number;
  /** A gate shared with other pools and processes, if any. */
  readonly sharedGate?: ResolvedSharedGate | undefined;
}

/**
 * The shared half of a pool: concurrency permits, the dispatch gate, the AIMD throttle and the
 * queue of rows waiting to retry, serving every lane (subscription) attached to it.
 *
 * `pump()` fills free permits while the gate is open: retries first (their rows hold up the
 * output order), then first attempts taken round-robin from the lanes so that concurrent
 * subscriptions share the pool fairly. It is re-entrant safe, because a synchronous call can
 * settle, emit, and ask for more work while the previous dispatch is still on the stack.
 */
export class Dispatcher {
  /** Entries completed but held for an earlier row, over every lane (kept by the lanes). */
  buffered = 0;
  /** The pool's clock, read once per burst of work. */
  readonly clock: BurstClock;
  /** The calls running now, one permit each. */
  readonly permits: Permits;
  readonly gate: DispatchGate;
  /** The pauses servers asked for, bounded by the row budget. */
  readonly serverPause: ServerPause;
  /** The calls the API takes at once, learnt from its overload answers (at most `poolSize`). */
  readonly cap: ConcurrencyCap;
  /** The pool's side of a gate shared with other processes; undefined when it paces alone. */
  readonly shared: SharedPace | undefined;
  /** Settles the calls that end; holds the attempt listener. */
  readonly settler: CallSettler;
  /** The lanes attached, whose first attempts go round-robin. */
  private readonly lanes = new LaneRing();
  /** Rows to be called again, waiting out a back-off or queued for the gate. */
  private readonly retries: RetryQueue;
  /** Each row's deadline, past which it is given up. */
  private readonly budget: RowBudget;
  private pumping = false;
  private pumpAgain = false;
  private readonly wake = (): void => {
    this.clock.enter();
    try {
      this.pump();
    } finally {
      this.clock.exit();
    }
  };

  constructor(
    scheduler: SchedulerLike,
    readonly throttle: AimdThrottle,
    classify: (error: unknown) => ErrorKind,
    private readonly settings: DispatcherSettings,
  ) {
    const { sharedGate } = settings;
    this.clock = new BurstClock(scheduler);
    this.permits = new Permits(this.clock);
    this.retries = new RetryQueue(scheduler, throttle.settings, this.wake);
    this.shared = sharedGate && new SharedPace(sharedGate, throttle.settings, scheduler, this.sharedHost());
    this.gate = new DispatchGate(scheduler, throttle, undefined, this.shared);
    this.serverPause = new ServerPause(settings.maxCapacityRetryMs);
    this.cap = new ConcurrencyCap(settings.poolSize);
    // The stages a row goes through after the gate, each given only the parts it works with.
    const { clock, permits, retries, shared, gate, serverPause, cap } = this;
    const budget = (this.budget = new RowBudget(settings.maxCapacityRetryMs));
    const feedback = new PaceFeedback(clock, gate, throttle, cap, serverPause, shared);
    const pump = (): void => this.pump();
    this.settler = new CallSettler(clock, permits, feedback, gate, retries, budget, classify, pump);
  }

  attach(lane: Lane): void {
    this.lanes.add(lane);
  }

  /** Forgets a lane whose subscription ended; its rows must already be cancelled. */
  detach(lane: Lane): void {
    this.lanes.remove(lane);
    this.retries.dropLane(lane);
    this.pump();
    if (this.lanes.size === 0) this.shared?.idle();
  }

  /** What a shared gate asks of the pool (kept apart, so the dispatcher's own API stays small). */
  private sharedHost(): SharedHost {
    return {
      wanted: () => {
        const ready = this.retries.size + this.lanes.freshCount();
        return Math.max(1, Math.min(this.settings.poolSize - this.permits.inFlight, ready));
      },
      wake: this.wake,
      busy: () => this.lanes.size > 0,
      hints: (now) => this.gate.hints(now),
      seedDelayMs: () => this.throttle.currentDelayMs,
      adopt: (delayMs) => this.throttle.adopt(delayMs),
      degrade: (spacingMs) => this.throttle.adopt(spacingMs, true),
    };
  }

  /**
   * Gives a row up wherever it is: aborts its call, stops its retry timer. An Observable call is
   * unsubscribed, which ends it, so its permit is free at once; an awaited promise cannot be
   * stopped, so its permit stays taken until it settles (`abandonedCallSettled`): a project that
   * ignores its signal must not let more than `poolSize` calls run.
   */
  cancel(ticket: RowTicket): void {
    ticket.cancelled = true;
    ticket.timer?.unsubscribe();
    ticket.timer = undefined;
    if (ticket.context !== undefined) {
      const awaited = ticket.awaited;
      ticket.abortCall();
      if (!awaited) this.permits.release(ticket);
    }
  }

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
        if (this.shedRetriesBefore(slot, now) || this.shedFreshWhileRefused(now)) continue;
        return this.gate.waitUntil(slot, now, this.wake);
      }
      const ticket = source < 0 ? this.retries.take() : this.lanes.take(source);
      if (ticket.attempts > 0 && now >= this.budget.deadline(ticket)) {
        this.budget.giveUp(ticket, now);
      } else {
        this.dispatch(ticket, now);
      }
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
    const context = new RowCallContext(ticket, ticket.attempts, this.settler);
    ticket.context = context;
    ticket.capEpoch = this.cap.epoch;
    this.permits.take(ticket);
    startCall(ticket, context, this.settler);
    // `project`, the hooks and the stats listeners ran: the next dispatch reads the clock again.
    this.clock.timePassed();
  }

  /**
   * While a server-requested pause longer than the row budget holds (see ServerPause), a row not
   * yet dispatched could only wait for it with no deadline: it is given up instead, with the
   * refusal as its error. One row per call, so the caller looks at the clock and the gate again.
   */
  private shedFreshWhileRefused(now: number): boolean {
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

  /** Gives up the waiting retries whose deadline comes before the gate opens at `slot`. */
  private shedRetriesBefore(slot: number, now: number): boolean {
    const expired = this.retries.expiredBefore(slot, this.budget);
    for (const ticket of expired) this.budget.giveUp(ticket, now);
    return expired.length > 0;
  }
}
