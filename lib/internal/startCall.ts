import { from } from 'rxjs';
import { CallObserver } from './CallObserver.js';
import type { CallOutcomes } from './CallOutcomes.js';
import { firstValueOfIterable, isAwaitableIterable } from './firstValueOfIterable.js';
import type { RowCallContext, RowTicket } from './RowTicket.js';

/**
 * Calls `project` for the row, `context` its `ctx` (already the ticket's), and watches the call
 * until its first value or its error reaches `outcomes`. A call that throws, or returns something
 * that is not an ObservableInput, fails there and then.
 */
export function startCall(ticket: RowTicket, context: RowCallContext, outcomes: CallOutcomes): void {
  const observer = new CallObserver(outcomes, ticket, context);
  try {
    const input = ticket.lane.project(ticket.row, context);
    const awaited = isPromiseLike(input)
      ? input
      : isAwaitableIterable(input)
        ? firstValueOfIterable(input, ticket.index, context.attempt)
        : undefined;
    if (awaited !== undefined && ticket.context !== context) {
      // Cancelled inside `project` (a run's signal aborted there): its permit is already free.
      awaited.then(undefined, noop);
    } else if (awaited !== undefined) {
      // Straight onto the promise, without `from`'s Observable, subscriber and extra reactions
      // (a third of a Promise project's cost per row). A promise cannot be cancelled: the
      // call's `signal` does the real aborting, and a cancelled call keeps its permit until it
      // settles (see `Dispatcher.cancel`). The callbacks are made here, not per observer, so
      // Observable calls do not pay for them.
      ticket.awaited = true;
      awaited.then(
        (value) => observer.resolve(value),
        (error: unknown) => observer.reject(error),
      );
    } else {
      const call = from(input).subscribe(observer);
      // A call that settled synchronously, or was cancelled meanwhile, is already done with.
      if (ticket.context === context) ticket.call = call;
      else call.unsubscribe();
    }
  } catch (error) {
    // `project` threw, or returned something that is not an ObservableInput.
    if (ticket.context === context) outcomes.failed(ticket, error);
  }
}

const noop = (): void => undefined;

function isPromiseLike(input: unknown): input is PromiseLike<unknown> {
  return typeof (input as PromiseLike<unknown> | null)?.then === 'function';
}
