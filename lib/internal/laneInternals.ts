import { Subject, takeUntil, type Observable, type ObservableInput, type Subscriber } from 'rxjs';
import type { Either } from 'fp-ts/lib/Either.js';
import type { CallContext, PoolEntry, PoolFailure } from '../PoolEntry.js';
import type { Dispatcher } from './Dispatcher.js';
import { shutdownRequested } from './failures.js';
import type { Lane } from './Lane.js';
import { ReorderBuffer } from './ReorderBuffer.js';
import { RingQueue } from './RingQueue.js';
import { RowTicket } from './RowTicket.js';
import { whenAborted } from './whenAborted.js';

/** Optional observers and controls of one lane's life, used by batch mode. */
export interface LaneHooks {
  /** A call of this lane started; `running` counts this lane's calls now in flight. */
  callStarted?(running: number): void;
  /**
   * Shuts the lane down gracefully when it emits (`PooledExecutor.shutdown`): no call of the lane
   * starts afterwards, first attempt or retry. Rows not dispatched yet, rows waiting to retry and
   * rows arriving later settle at once with the emitted result, so a finite source still gets one
   * entry per row; calls already running finish, and one that would be retried gets that result.
   */
  shutdown?: Observable<Either<PoolFailure, never>>;
  /**
   * Stops the lane when aborted (option `signal`), as `shutdown` does, and more: calls running
   * then are aborted (their `ctx.signal`) and settle as `shutdown_requested` with the signal's
   * reason. Already aborted: every row settles so, and `project` is never called.
   */
  signal?: AbortSignal;
}

/**
 * Runs one subscription of `pool.map(project)`: takes rows from `source`, hands them to the
 * shared dispatcher, and emits their entries to `subscriber` in submission order.
 *
 * Everything here is per subscription: two subscriptions through one pool share permits, gate
 * and throttle, but never a reorder buffer, an index or an entry.
 *
 * Its teardown, added to `subscriber`, stops the source, cancels every call and timer of this
 * subscription, and drops its rows.
 */
export function laneInternals<T, R>(
  dispatcher: Dispatcher,
  source: Observable<T>,
  subscriber: Subscriber<PoolEntry<R>>,
  project: (row: T, ctx: CallContext) => ObservableInput<R>,
  maxBuffered: number,
  hooks: LaneHooks = {},
): void {
  // The pool's clock, read once per burst of work (see BurstClock).
  const clock = dispatcher.clock;
  // Rows that arrived but were never dispatched: a push source does not wait for the pool.
  // Only the row and its arrival time, in pairs: a fast push source can park hundreds of thousands
  // of rows here, and a full ticket each made the garbage collector the cost of a Promise project.
  const pending = new RingQueue<unknown>();
  // Submit index of the oldest pending row (rows arrive, and leave `pending`, in index order).
  let freshIndex = 0;
  // Rows dispatched at least once and not yet emitted, addressed by submit index.
  const held = new ReorderBuffer<RowTicket>();
  // Submit index the next arriving row gets.
  let nextIndex = 0;
  // Completion counter: the next row to settle gets this `completeIndex`.
  let completions = 0;
  // This lane's calls running now.
  let running = 0;
  // The source completed or errored: no more rows will come.
  let sourceDone = false;
  // The output errors with `stopError` once every row before `stopAt` is emitted; rows from
  // `stopAt` on (a fatal row, or the rows a failing source never sent) are never emitted.
  let stopAt = Infinity;
  let stopError: unknown = undefined;
  // Re-entrancy guard: emitting can synchronously settle another row of this lane.
  let draining = false;
  let drainAgain = false;
  // Fires to stop the source, synchronously even in the middle of a synchronous source's loop.
  const stopSource = new Subject<void>();
  // Set by the `shutdown` hook: the result of every row that will not be dispatched again.
  let shutdownWith: Either<PoolFailure, never> | undefined = undefined;

  const lane: Lane = {
    project: project as Lane['project'],
    hasFresh() {
      return pending.size > 0 && freshIndex < stopAt && held.size < maxBuffered;
    },
    freshCount() {
      const count = Math.min(pending.size / 2, stopAt - freshIndex, maxBuffered - held.size);
      return count > 0 ? count : 0;
    },
    takeFresh() {
      const ticket = new RowTicket(lane, pending.shift(), freshIndex++, pending.shift() as number);
      held.put(ticket.index, ticket);
      return ticket;
    },
    callStarted() {
      hooks.callStarted?.(++running);
    },
    callEnded() {
      running--;
    },
    settle(ticket: RowTicket, result: Either<PoolFailure, unknown>) {
      if (ticket.cancelled) return;
      const now = clock.now();
      record(ticket, result, now);
      if (ticket.index === held.headIndex) drain(now);
    },
    refusedRetry() {
      return shutdownWith;
    },
    fail(ticket: RowTicket, error: unknown) {
      if (ticket.cancelled || ticket.index >= stopAt) return;
      stopAt = ticket.index;
      stopError = error;
      stopIntake();
      // Later rows will never be emitted: abort their calls now rather than waste the API's capacity.
      for (const later of held.truncate(ticket.index + 1)) discard(later);
      drain(clock.now());
    },
  };

  function record(ticket: RowTicket, result: Either<PoolFailure, unknown>, now: number): void {
    ticket.result = result;
    ticket.completeTime = now;
    ticket.completeIndex = completions++;
    dispatcher.buffered++;
  }

  /** Settles every row not finished; `abortRunning` settles running calls too, aborting them. */
  function shutdown(result: Either<PoolFailure, never>, abortRunning = false): void {
    if (shutdownWith !== undefined && !abortRunning) return;
    shutdownWith ??= result;
    const now = clock.now();
    // Rows waiting to retry: their next call would start after the shutdown.
    for (let i = held.headIndex, end = i + held.size; i < end; i++) {
      const ticket = held.get(i) as RowTicket;
      if (ticket.result !== undefined || (ticket.context !== undefined && !abortRunning)) continue;
      dispatcher.cancel(ticket);
      record(ticket, result, now);
    }
    while (pending.size > 0) record(lane.takeFresh(), result, now);
    // Emitting only once every row is recorded: the subscriber may unsubscribe meanwhile.
    drain(now);
  }

  /** Queues a row for dispatch, or settles it at once when the lane is shut down. */
  function arrive(row: unknown, now: number): void {
    if (shutdownWith === undefined) {
      pending.push(row);
      pending.push(now);
      dispatcher.pump();
    } else {
      const ticket = new RowTicket(lane, row, freshIndex++, now);
      held.put(ticket.index, ticket);
      record(ticket, shutdownWith, now);
      if (ticket.index === held.headIndex) drain(now);
    }
  }

  /** Emits every finished row at the head of the order, then ends the output when it is due. */
  function drain(now: number): void {
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    // The first entry leaves at `now`; a later one after the subscriber's code for the previous
    // one ran, which may have taken time and settled rows (so emitting at `now` could precede them).
    let emitted = false;
    do {
      drainAgain = false;
      for (
        let head = held.peek();
        head?.result !== undefined && held.headIndex < stopAt;
        head = held.peek()
      ) {
        held.shift();
        dispatcher.buffered--;
        const emitTime = emitted ? clock.now() : now;
        emitted = true;
        // The subscriber's code may take time, during and before what runs after it.
        clock.timePassed();
        subscriber.next(toEntry<R>(head, emitTime));
        clock.timePassed();
        if (subscriber.closed) return void (draining = false);
      }
    } while (drainAgain);
    draining = false;
    if (held.headIndex === stopAt && pending.size === 0) {
      clock.timePassed();
      subscriber.error(stopError);
    } else if (sourceDone && held.size === 0 && pending.size === 0) {
      clock.timePassed();
      subscriber.complete();
    }
  }

  function stopIntake(): void {
    sourceDone = true;
    stopSource.next();
    pending.clear();
  }

  /** Forgets a row that will never be emitted, cancelling its call if it still runs. */
  function discard(ticket: RowTicket): void {
    if (ticket.result === undefined) dispatcher.cancel(ticket);
    else dispatcher.buffered--;
  }

  // Registered before the source is subscribed: a synchronous source can run its whole loop inside
  // `subscribe`, and an unsubscription during that loop must be able to stop it.
  subscriber.add(() => {
    stopIntake();
    for (const ticket of held.truncate(held.headIndex)) discard(ticket);
    dispatcher.detach(lane);
  });
  dispatcher.attach(lane);
  if (hooks.shutdown !== undefined) subscriber.add(hooks.shutdown.subscribe((result) => shutdown(result)));
  const signal = hooks.signal;
  // Before the source is subscribed, so rows of an already aborted run settle as they arrive.
  if (signal !== undefined) {
    whenAborted(signal, subscriber, () => {
      clock.enter();
      try {
        shutdown(shutdownRequested(signal.reason), true);
        // Observable calls aborted gave their permits back: other lanes may use them.
        dispatcher.pump();
      } finally {
        clock.exit();
      }
    });
  }
  source.pipe(takeUntil(stopSource)).subscribe({
    next(row) {
      const now = clock.enter();
      try {
        nextIndex++;
        arrive(row, now);
      } finally {
        clock.exit();
      }
    },
    error(error: unknown) {
      if (sourceDone) return;
      sourceDone = true;
      // Rows already received are still processed and emitted; the error comes after them.
      if (nextIndex < stopAt) {
        stopAt = nextIndex;
        stopError = error;
      }
      drain(clock.now());
    },
    complete() {
      // takeUntil completes us too when we stop the source ourselves: nothing to do then.
      if (sourceDone) return;
      sourceDone = true;
      drain(clock.now());
    },
  });
}

function toEntry<R>(ticket: RowTicket, emitTime: number): PoolEntry<R> {
  return {
    submitIndex: ticket.index,
    completeIndex: ticket.completeIndex,
    submitTime: ticket.submitTime,
    completeTime: ticket.completeTime,
    bufferWaitMs: emitTime - ticket.completeTime,
    attempts: ticket.attempts,
    result: ticket.result as Either<PoolFailure, R>,
  };
}
