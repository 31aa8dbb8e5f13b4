// A token bucket refilled continuously, driven by an injected clock (or the `now` each call
// passes) so its behaviour over any window can be proven in a unit test by advancing a fake clock
// by hand, without real waiting.
import { Problems, atLeastOne, positive } from '../Problems.js';
import type { LimitState, Limiter } from './Limiter.js';
import { LimiterTime, checkTimeOptions } from './LimiterTime.js';
import { snap } from './snap.js';

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained request rate the bucket admits). */
  capacityPerSecond: number;
  /** Most tokens the bucket holds: how many requests an idle client may fire back to back. */
  burst: number;
  /** Milliseconds, monotonic; only differences matter. Without one, pass `now` to every call. */
  clock?: () => number;
}

export class TokenBucket implements Limiter {
  #rate: number;
  #burst: number;
  #tokens: number;
  /** When the tokens were last credited; undefined until the first reading of time. */
  #last: number | undefined;
  readonly #time: LimiterTime;

  /** The bucket starts full: a client that has been idle may spend a whole burst at once. */
  constructor({ capacityPerSecond, burst, clock }: TokenBucketOptions) {
    const p = new Problems();
    p.number('capacityPerSecond', capacityPerSecond, positive, true);
    p.number('burst', burst, atLeastOne, true);
    checkTimeOptions(p, clock, undefined);
    p.throwIfAny('TokenBucket');
    this.#rate = capacityPerSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#time = new LimiterTime('TokenBucket', clock, undefined);
    this.#last = clock === undefined ? undefined : this.#time.at(undefined);
  }

  get capacityPerSecond(): number {
    return this.#rate;
  }

  get burst(): number {
    return this.#burst;
  }

  /** Tokens in the bucket at `now` (fractional between refills). */
  available(now?: number): number {
    this.#refill(now);
    return this.#tokens;
  }

  /** Spends one token if at least one is available at `now`; false means "answer 429". */
  tryTake(now?: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens = snap(this.#tokens - 1);
    return true;
  }

  /** Milliseconds from `now` until one token is available at the current rate (0 if one is). */
  msUntilAvailable(now?: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / this.#rate;
  }

  /**
   * The rate as a whole number of requests per whole seconds, the window long enough to hold the
   * burst (50/s, burst 5: 50 per 1 s; 10/s, burst 100: 100 per 10 s); remaining is the whole
   * tokens held, and the reset is when the bucket is full again.
   */
  state(now?: number): LimitState {
    this.#refill(now);
    const windowMs = 1000 * Math.max(1, Math.ceil(snap(this.#burst / this.#rate)));
    const limit = Math.max(1, Math.floor(snap((this.#rate * windowMs) / 1000)));
    const remaining = Math.min(limit, Math.floor(this.#tokens));
    return { limit, remaining, resetMs: ((this.#burst - this.#tokens) * 1000) / this.#rate, windowMs };
  }

  /**
   * Changes the rate (and optionally the burst) from time `at` on. Time before `at` is credited
   * at the old rate first, so a change never rewrites the past; a smaller burst drops the excess.
   */
  setRate(capacityPerSecond: number, burst: number = this.#burst, at?: number): void {
    this.#refill(at);
    this.#rate = capacityPerSecond;
    this.#burst = burst;
    this.#tokens = Math.min(this.#tokens, burst);
  }

  #refill(now: number | undefined): void {
    const t = this.#time.at(now);
    // Time held at the latest reading: a clock that steps backwards credits nothing.
    const added = this.#last === undefined ? 0 : ((t - this.#last) * this.#rate) / 1000;
    this.#tokens = snap(Math.min(this.#burst, this.#tokens + added));
    this.#last = t;
  }
}
