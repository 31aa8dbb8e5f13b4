import { observable } from 'rxjs';
import { EmptyCallError } from '../errors/EmptyCallError.js';

/**
 * Whether `project` returned an async iterable (an async generator, a Node stream) that the pool
 * awaits itself rather than hand to `from`: rxjs stops an unsubscribed iteration only when its
 * next value comes, so through `from` a cancelled call would give up its permit while its
 * `next()` still runs. Interop Observables that are also async iterable stay with `from`, as
 * rxjs would treat them.
 */
export function isAwaitableIterable(input: unknown): input is AsyncIterable<unknown> {
  if (typeof input !== 'object' || input === null) return false;
  const candidate = input as Record<PropertyKey, unknown>;
  return typeof candidate[Symbol.asyncIterator] === 'function' && typeof candidate[observable] !== 'function';
}

/**
 * The first value of `iterable`, after which the iterator is closed (`return()`, so a generator's
 * `finally` runs); an iteration that ends without a value rejects with `EmptyCallError`.
 */
export async function firstValueOfIterable(
  iterable: AsyncIterable<unknown>,
  rowIndex: number,
  attempt: number,
): Promise<unknown> {
  const iterator = iterable[Symbol.asyncIterator]();
  const step = await iterator.next();
  if (step.done === true) throw new EmptyCallError(rowIndex, attempt);
  // Closing is cleanup: the value is already the row's, whatever `return()` does.
  try {
    Promise.resolve(iterator.return?.()).catch(() => undefined);
  } catch {
    // A `return()` that throws has nothing to close.
  }
  return step.value;
}
