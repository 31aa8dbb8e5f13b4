import { Observable } from 'rxjs';
import type { PullWindow } from './PullWindow.js';

/** Any source `pooledMapFrom` and `pooledMapIterable` accept. */
export type RowSource<T> = Iterable<T> | AsyncIterable<T>;

/**
 * Emits the rows of `source`, pulling the next one only while `window` has room: the credit-based
 * bridge that lets a push-based lane read a huge or infinite source in bounded memory.
 *
 * A synchronous iterable is read in a loop (no promise per row), so it is never drained eagerly:
 * the loop stops as soon as the window is full and resumes when the consumer returns credit. An
 * async iterable has at most one `next()` pending, as `for await` would. Unsubscribing stops the
 * pulling and calls the iterator's `return()` (closing a generator, destroying a stream), but
 * never while a `next()` is still running: it then waits for that call, as `for await` does.
 * An aborted `signal` ends the rows the same way, completing: a row a pending `next()` brings is
 * still emitted (it was read), then nothing more is.
 */
export function pulledRows<T>(source: RowSource<T>, window: PullWindow, signal?: AbortSignal): Observable<T> {
  return new Observable<T>((subscriber) => {
    const isAsync = typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
    // Made on subscribe: each subscription reads its own iterator.
    const iterator: Iterator<T> | AsyncIterator<T> = isAsync
      ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (source as Iterable<T>)[Symbol.iterator]();
    // A pull is under way (the synchronous loop runs, or an async `next()` is pending).
    let pulling = false;
    // Inside `iterator.next()`, or awaiting it: `return()` must wait.
    let inNext = false;
    // The iterator finished by itself, threw, or was returned: never touch it again.
    let ended = false;

    const close = (): void => {
      if (ended) return;
      ended = true;
      try {
        // A failing cleanup has nobody to report to: the consumer has already gone away.
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
      } catch {
        // Same, for a synchronous `return()` that throws.
      }
    };

    // Aborted: close the iterator and complete, once no `next()` is running.
    const abortedStop = (): boolean => {
      if (signal?.aborted !== true || ended || inNext) return false;
      close();
      subscriber.complete();
      return true;
    };

    const fail = (error: unknown): void => {
      ended = true;
      subscriber.error(error);
    };

    const pullSync = (): void => {
      if (pulling) return; // re-entered through onRoom: the running loop will see the new room
      if (abortedStop()) return;
      pulling = true;
      while (!subscriber.closed && window.hasRoom && !ended && !abortedStop()) {
        let step: IteratorResult<T>;
        inNext = true;
        try {
          step = (iterator as Iterator<T>).next();
        } catch (error) {
          fail(error);
          break;
        } finally {
          inNext = false;
        }
        if (step.done) {
          ended = true;
          subscriber.complete();
        } else {
          window.took();
          subscriber.next(step.value);
        }
      }
      pulling = false;
      if (subscriber.closed) close();
    };

    const pullAsync = (): void => {
      if (pulling || ended || subscriber.closed || abortedStop() || !window.hasRoom) return;
      pulling = inNext = true;
      let next: Promise<IteratorResult<T>>;
      try {
        next = Promise.resolve((iterator as AsyncIterator<T>).next());
      } catch (error) {
        pulling = inNext = false;
        return fail(error);
      }
      next.then(
        (step) => {
          pulling = inNext = false;
          if (subscriber.closed) return close();
          if (step.done) {
            ended = true;
            return subscriber.complete();
          }
          window.took();
          subscriber.next(step.value);
          pullAsync();
        },
        (error: unknown) => {
          pulling = inNext = false;
          fail(error);
        },
      );
    };

    const pull = isAsync ? pullAsync : pullSync;
    window.onRoom = pull;
    signal?.addEventListener('abort', pull);
    subscriber.add(() => {
      window.onRoom = undefined;
      signal?.removeEventListener('abort', pull);
      if (!inNext) close();
    });
    pull();
  });
}
