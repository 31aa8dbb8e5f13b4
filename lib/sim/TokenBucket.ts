// A token bucket refilled continuously, driven by an injected clock so its behaviour over any
// window can be proven in a unit test by advancing a fake clock by hand, without real waiting.

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained request rate the bucket admits). */
  capacityPerSecond: number;
  /** Most tokens the bucket holds: how many requests an idle client may fire back to back. */
  burst: number;
  /** Milliseconds, monotonic; only differences matter. */
  clock: () => number;
}

// Refilling adds fractions (0.1 token per ms at 100/s); summed in binary floating point they can
// land at 0.9999999999 where the exact sum is 1, which would turn a due request into a 429.
// Snapping values within 1e-9 of an integer keeps long windows exact: accepted = rate × t + burst.
const SNAP = 1e-9;
const snap = (x: number): number => {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) < SNAP ? nearest : x;
};

export class TokenBucket {
  #rate: number;
  #burst: number;
  #tokens: number;
  #last: number;
  readonly #clock: () => number;

  /** The bucket starts full: a client that has been idle may spend a whole burst at once. */
  constructor({ capacityPerSecond, burst, clock }: TokenBucketOptions) {
    this.#rate = capacityPerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#clock = clock;
    this.#last = clock();
  }

  get capacityPerSecond(): number {
    return this.#rate;
  }

  get burst(): number {
    return this.#burst;
  }

  /** Tokens in the bucket at `now` (fractional between refills). */
  available(now: number = this.#clock()): number {
    this.#refill(now);
    return this.#tokens;
  }

  /** Spends one token if at least one is available at `now`; false means "answer 429". */
  tryTake(now: number = this.#clock()): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens = snap(this.#tokens - 1);
    return true;
  }

  /** Milliseconds from `now` until one token is available at the current rate (0 if one is). */
  msUntilAvailable(now: number = this.#clock()): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / this.#rate;
  }

  /**
   * Changes the rate (and optionally the burst) from time `at` on. Time before `at` is credited
   * at the old rate first, so a change never rewrites the past; a smaller burst drops the excess.
   */
  setRate(capacityPerSecond: number, burst: number = this.#burst, at: number = this.#clock()): void {
    this.#refill(at);
    this.#rate = capacityPerSecond;
    this.#burst = burst;
    this.#tokens = Math.min(this.#tokens, burst);
  }

  #refill(now: number): void {
    // A clock that steps backwards (or repeats) credits nothing rather than taking tokens away.
    if (!(now > this.#last)) return;
    const added = ((now - this.#last) * this.#rate) / 1000;
    this.#tokens = snap(Math.min(this.#burst, this.#tokens + added));
    this.#last = now;
  }
}
