import type { BurstClock } from './BurstClock.js';
import type { RowTicket } from './RowTicket.js';

/**
 * The pool's permits: one per call running, over every lane. A call takes one as it starts and
 * gives it back as it ends, which is what a stats reader watches (`onChange`).
 */
export class Permits {
  /** Calls running now, over every lane. */
  inFlight = 0;
  /** Highest `inFlight` seen. */
  maxConcurrentReached = 0;
  /** The one call allowed out while the throttle takes the API to be closed. */
  probe: RowTicket | undefined = undefined;
  /** Called after anything a stats reader may care about changed; set only while observed. */
  onChange: (() => void) | undefined = undefined;

  constructor(private readonly clock: BurstClock) {}

  /** The row's call starts: it takes a permit (its context and epochs are already set). */
  take(ticket: RowTicket): void {
    if (++this.inFlight > this.maxConcurrentReached) this.maxConcurrentReached = this.inFlight;
    ticket.runningAtDispatch = this.inFlight;
    ticket.lane.callStarted();
    this.onChange?.();
  }

  /** The row's call settled: it is forgotten, and gives its permit back. */
  end(ticket: RowTicket): void {
    const call = ticket.call;
    ticket.call = undefined;
    ticket.awaited = false;
    ticket.context = undefined;
    // First value wins: a call that keeps emitting is stopped here.
    call?.unsubscribe();
    this.release(ticket);
  }

  /** The row's call is over (settled, or cancelled and stopped): its permit is free. */
  release(ticket: RowTicket): void {
    this.inFlight--;
    if (ticket === this.probe) this.probe = undefined;
    ticket.lane.callEnded();
    if (this.onChange !== undefined) {
      this.onChange();
      this.clock.timePassed();
    }
  }
}
