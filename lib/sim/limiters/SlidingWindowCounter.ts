// A sliding window counter, as Cloudflare and many gateway limiters estimate a sliding window:
// counts per fixed window only, and the estimate of the last `windowMs` weighs the previous
// window's count by the share of it still inside the sliding window:
//   estimate = previous × (1 − elapsed / windowMs) + current.
// A request is admitted when the estimate including it stays within `limit`.
import type { LimitState, Limiter } from './Limiter.js';
import { LimiterTime } from './LimiterTime.js';
import { snap } from './snap.js';
import { checkWindowOptions, type WindowOptions } from './windowOptions.js';

export interface SlidingWindowCounterOptions extends WindowOptions {
  /** Whether refused requests are counted too, and so weigh on later ones (default false). */
  countRefused?: boolean;
}

export class SlidingWindowCounter implements Limiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly countRefused: boolean;
  readonly #time: LimiterTime;
  /** Index of the current fixed window (windows since the origin) and the counts. */
  #window = -Infinity;
  #previous = 0;
  #current = 0;

  constructor(options: SlidingWindowCounterOptions) {
    checkWindowOptions('SlidingWindowCounter', options, (p) =>
      p.boolean('countRefused', options.countRefused),
    );
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.countRefused = options.countRefused ?? false;
    this.#time = new LimiterTime('SlidingWindowCounter', options.clock, options.startMs);
  }

  tryTake(now?: number): boolean {
    const t = this.#roll(now);
    const admitted = this.#weighted(t) + this.#current + 1 <= this.limit;
    if (admitted || this.countRefused) this.#current++;
    return admitted;
  }

  msUntilAvailable(now?: number): number {
    const t = this.#roll(now);
    const room = this.limit - this.#current - 1; // what the previous window may still weigh
    if (this.#weighted(t) <= room) return 0;
    const start = this.#start();
    // The previous window's weight falls linearly to 0 at the end of this window...
    if (room >= 0) return start + this.windowMs * (1 - room / this.#previous) - t;
    // ...and when this window's own count is over the limit, it becomes the previous one.
    return start + this.windowMs * (2 - (this.limit - 1) / this.#current) - t;
  }

  /** Remaining: the requests the estimate admits now; reset: when both windows weigh nothing. */
  state(now?: number): LimitState {
    const t = this.#roll(now);
    const estimate = this.#weighted(t) + this.#current;
    const end = this.#start() + this.windowMs;
    const resetMs = this.#current > 0 ? end + this.windowMs - t : this.#previous > 0 ? end - t : 0;
    return {
      limit: this.limit,
      remaining: Math.max(0, Math.floor(snap(this.limit - estimate))),
      resetMs,
      windowMs: this.windowMs,
    };
  }

  /** The previous window's count weighed by its share still inside the sliding window. */
  #weighted(t: number): number {
    return snap(this.#previous * (1 - (t - this.#start()) / this.windowMs));
  }

  #start(): number {
    return this.#time.origin + this.#window * this.windowMs;
  }

  /** Moves to the fixed window holding `now`; returns the time. */
  #roll(now: number | undefined): number {
    const t = this.#time.at(now);
    // As in FixedWindow: a wait that lands on the boundary up to float rounding counts as past it.
    const index = Math.floor((t - this.#time.origin) / this.windowMs + 1e-9);
    if (index !== this.#window) {
      this.#previous = index === this.#window + 1 ? this.#current : 0;
      this.#current = 0;
      this.#window = index;
    }
    return t;
  }
}
