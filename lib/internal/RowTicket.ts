import type { Subscription } from 'rxjs';
import type { Either } from 'fp-ts/lib/Either.js';
import type { CallContext, PoolFailure } from '../PoolEntry.js';
import type { Lane } from './Lane.js';

/**
 * The pool's record of one row from its first dispatch (or its undispatched settling at a shutdown)
 * to its emission; before that the lane parks only the row and its arrival time. Mutable on
 * purpose: one object per row moves through every stage (in flight ⇄ waiting to retry → done).
 */
export class RowTicket {
  /** Calls started so far. */
  attempts = 0;
  /**
   * Scheduler time of the first dispatch: the per-row deadline counts from here. Times start as
   * NaN, a double, because real clocks give fractional milliseconds: a small-integer start would
   * make V8 migrate every ticket's hidden class on its first timestamp.
   */
  firstDispatchAt = NaN;
  /** Scheduler time of the current (or last) call's dispatch, for attempt events. */
  dispatchedAt = NaN;
  /** The throttle's congestion epoch when the current call was dispatched. */
  dispatchEpoch = 0;
  /** The shared gate's epoch when the call was dispatched through it; -1 when dispatched alone. */
  sharedEpoch = -1;
  /** Calls running when the current call was dispatched (itself included), and the cap's epoch. */
  runningAtDispatch = 0;
  capEpoch = 0;
  /** The running call; undefined between calls. */
  call: Subscription | undefined = undefined;
  /**
   * The running call is a promise the pool awaits (a Promise or an async iterable's first value):
   * it cannot be stopped, so once cancelled it keeps its permit until it settles.
   */
  awaited = false;
  /** The context of the running call, which owns its abort controller. */
  context: RowCallContext | undefined = undefined;
  /** A pending retry back-off timer. */
  timer: Subscription | undefined = undefined;
  /** Set when the row is given up (teardown or a fatal error elsewhere): skip it wherever it waits. */
  cancelled = false;
  /** The last error raised by a call of this row. */
  lastError: unknown = undefined;
  /** Set once the outcome is known. */
  result: Either<PoolFailure, unknown> | undefined = undefined;
  /** Scheduler time the outcome became known (NaN until then, see `firstDispatchAt`). */
  completeTime = NaN;
  completeIndex = 0;

  constructor(
    readonly lane: Lane,
    readonly row: unknown,
    readonly index: number,
    readonly submitTime: number,
  ) {}

  /**
   * Aborts the running call, if any, and forgets it. The call is forgotten before its signal
   * fires: a listener may settle it synchronously (an Observable erroring with the abort reason),
   * and an abort the pool caused must never count as the row's error.
   */
  abortCall(): void {
    const { call, context } = this;
    this.call = undefined;
    this.awaited = false;
    this.context = undefined;
    call?.unsubscribe();
    context?.abort();
  }
}

/** Where `ctx.reportHeaders` sends a response's headers (the call settler, without naming it). */
export interface HeaderSink {
  reportHeaders(headers: unknown): void;
}

/** The `ctx` handed to `project`: one per call, with the signal made on first read. */
export class RowCallContext implements CallContext {
  /** Made on the first read of `signal`; most projects never read it. */
  private controller: AbortController | undefined = undefined;
  /** The call was aborted: a signal first read afterwards must already be aborted. */
  private aborted = false;

  constructor(
    private readonly ticket: RowTicket,
    readonly attempt: number,
    private readonly sink: HeaderSink,
  ) {}

  reportHeaders(headers: unknown): void {
    this.sink.reportHeaders(headers);
  }

  get index(): number {
    return this.ticket.index;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}
