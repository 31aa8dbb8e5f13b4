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
import { DispatchLoop } from './DispatchLoop.js';
import type { Lane } from './Lane.js';
import { LaneRing } from './LaneRing.js';
import { PaceFeedback } from './PaceFeedback.js';
import { Permits } from './Permits.js';
import { RetryQueue } from './RetryQueue.js';
import { RowBudget } from './RowBudget.js';
import { RowShedder } from './RowShedder.js';
import type { RowTicket } from './RowTicket.js';
import { ServerPause } from './ServerPause.js';

export interface DispatcherSettings {
  readonly poolSize: number;
  readonly maxCapacityRetryMs: number;
  /** A gate shared with other pools and processes, if any. */
  readonly sharedGate?: ResolvedSharedGate | undefined;
}

/**
 * The shared half of a pool: concurrency permits, the dispatch gate, the AIMD throttle and the
 * queue of rows waiting to retry, serving every lane (subscription) attached to it. A row goes one
 * way: from its lane through the gate (DispatchLoop) into a call (startCall), whose settlement
 * (CallSettler) hands it back to its lane, which emits it in order.
 *
 * Here the parts are made and wired once per pool; lanes attach, cancel rows and ask for work
 * (`pump`) here, and a shared gate asks for what it needs (SharedHost).
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
  private readonly loop: DispatchLoop;
  /** Pumps in a burst of its own, for a back-off's end or a shared gate's reply (see DispatchLoop). */
  private readonly wake = (): void => this.loop.wake();

  constructor(
    scheduler: SchedulerLike,
    private readonly throttle: AimdThrottle,
    classify: (error: unknown) => ErrorKind,
    private readonly settings: DispatcherSettings,
  ) {
    const { sharedGate, maxCapacityRetryMs } = settings;
    this.clock = new BurstClock(scheduler);
    this.permits = new Permits(this.clock);
    this.retries = new RetryQueue(scheduler, throttle.settings, this.wake);
    this.shared = sharedGate && new SharedPace(sharedGate, throttle.settings, scheduler, this.sharedHost());
    this.gate = new DispatchGate(scheduler, throttle, undefined, this.shared);
    this.serverPause = new ServerPause(maxCapacityRetryMs);
    this.cap = new ConcurrencyCap(settings.poolSize);
    // The stages a row goes through, each given only the parts it works with.
    const { clock, permits, retries, shared, gate, serverPause, cap, lanes } = this;
    const budget = new RowBudget(maxCapacityRetryMs);
    const feedback = new PaceFeedback(clock, gate, throttle, cap, serverPause, shared);
    const pump = (): void => this.loop.pump();
    const settler = new CallSettler(clock, permits, feedback, gate, retries, budget, classify, pump);
    const shedder = new RowShedder(lanes, retries, gate, serverPause, shared, budget);
    this.loop = new DispatchLoop(
      clock,
      permits,
      cap,
      throttle,
      gate,
      shared,
      lanes,
      retries,
      shedder,
      settler,
    );
    this.settler = settler;
  }

  attach(lane: Lane): void {
    this.lanes.add(lane);
  }

  /** Forgets a lane whose subscription ended; its rows must already be cancelled. */
  detach(lane: Lane): void {
    this.lanes.remove(lane);
    this.retries.dropLane(lane);
    this.loop.pump();
    if (this.lanes.size === 0) this.shared?.idle();
  }

  /** Starts calls while permits are free and the gate is open (see DispatchLoop). */
  pump(): void {
    this.loop.pump();
  }

  /**
   * Gives a row up wherever it is: aborts its call, stops its retry timer. An Observable call is
   * unsubscribed, which ends it, so its permit is free at once; an awaited promise cannot be
   * stopped, so its permit stays taken until it settles (CallSettler's `abandonedCallSettled`):
   * a project that ignores its signal must not let more than `poolSize` calls run.
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
}
