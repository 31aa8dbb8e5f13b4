// A fixed window: at most `limit` requests per window of `windowMs`, the windows laid end to end
// from the limiter's start, the count reset at each boundary. The cheapest limiter there is, and
// the one that lets a client spend a whole window's quota in its first instant.
import type { LimitState, Limiter } from './Limiter.js';
import { LimiterTime } from './LimiterTime.js';
import { checkWindowOptions, type WindowOptions } from './windowOptions.js';

export type FixedWindowOptions = WindowOptions;

export class FixedWindow implements Limiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #time: LimiterTime;
  /** Index of the window the count belongs to (windows since the origin). */
  #window = -Infinity;
  #count = 0;

  constructor(options: FixedWindowOptions) {
    checkWindowOptions('FixedWindow', options);
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#time = new LimiterTime('FixedWindow', options.clock, options.startMs);
  }

  tryTake(now?: number): boolean {
    this.#roll(now);
    if (this.#count >= this.limit) return false;
    this.#count++;
    return true;
  }

  msUntilAvailable(now?: number): number {
    const t = this.#roll(now);
    return this.#count < this.limit ? 0 : this.#windowEnd() - t;
  }

  state(now?: number): LimitState {
    const t = this.#roll(now);
    const { limit, windowMs } = this;
    return { limit, remaining: limit - this.#count, resetMs: this.#windowEnd() - t, windowMs };
  }

  /** Moves to the window holding `now` (a new window starts with a count of 0); returns the time. */
  #roll(now: number | undefined): number {
    const t = this.#time.at(now);
    // A caller that waits msUntilAvailable() lands on the boundary up to float rounding
    // (1000.000000000975 + 699.999999999 may fall a hair short of it): within a billionth of a
    // window of the boundary counts as past it, or the promised wait would not admit.
    const index = Math.floor((t - this.#time.origin) / this.windowMs + 1e-9);
    if (index !== this.#window) {
      this.#window = index;
      this.#count = 0;
    }
    return t;
  }

  #windowEnd(): number {
    return this.#time.origin + (this.#window + 1) * this.windowMs;
  }
}
