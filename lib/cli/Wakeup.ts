// Lets the writer wait for its next pool entry and still be woken by something else (an invalid
// line to write, an abort) without leaking: racing against one long-lived promise would add a
// reaction to it per row, a million for a million rows.

/** What `race` resolves with when it was woken rather than settled. */
export const WOKEN = Symbol('woken');

export class Wakeup {
  private waiter: (() => void) | undefined = undefined;
  /** A wake that came while nobody waited: the next `race` returns at once, so none is lost. */
  private missed = false;

  /** Settles like `promise`, or with WOKEN as soon as `wake()` is called (or was, since the last race). */
  race<T>(promise: Promise<T>): Promise<T | typeof WOKEN> {
    if (this.missed) {
      this.missed = false;
      return Promise.resolve(WOKEN);
    }
    return new Promise<T | typeof WOKEN>((resolve, reject) => {
      this.waiter = () => resolve(WOKEN);
      promise.then(
        (value) => {
          this.waiter = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.waiter = undefined;
          reject(error);
        },
      );
    });
  }

  /** Bound, so it can be handed out as a callback. */
  readonly wake = (): void => {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter === undefined) this.missed = true;
    else waiter();
  };
}
