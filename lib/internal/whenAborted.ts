import type { Subscriber } from 'rxjs';

/**
 * Runs `onAbort` once `signal` aborts, at once when it already has; the listener is removed when
 * `subscriber` ends, so a long-lived signal shared by many runs does not keep them alive.
 */
export function whenAborted(signal: AbortSignal, subscriber: Subscriber<unknown>, onAbort: () => void): void {
  if (signal.aborted) return onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  subscriber.add(() => signal.removeEventListener('abort', onAbort));
}
