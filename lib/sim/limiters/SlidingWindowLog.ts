// A sliding log: the exact time of every counted request over the last `windowMs`; a request is
// admitted while fewer than `limit` are logged. No boundary to burst at, but with countRefused
// (as some APIs do) a client that keeps knocking keeps itself locked out.
import type { LimitState, Limiter } from './Limiter.js';
import { LimiterTime } from './LimiterTime.js';
import { checkWindowOptions, type WindowOptions } from './windowOptions.js';

export interface SlidingWindowLogOptions extends WindowOptions {
  /** Whether refused requests are logged too, and so count against later ones (default false). */
  countRefused?: boolean;
}

export class SlidingWindowLog implements Limiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly countRefused: boolean;
  readonly #time: LimiterTime;
  /** Logged times, oldest first, live from #head on (a shifted prefix is dropped in batches). */
  #log: number[] = [];
  #head = 0;

  constructor(options: SlidingWindowLogOptions) {
    checkWindowOptions('SlidingWindowLog', options, (p) => p.boolean('countRefused', options.countRefused));
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.countRefused = options.countRefused ?? false;
    this.#time = new LimiterTime('SlidingWindowLog', options.clock, options.startMs);
  }

  tryTake(now?: number): boolean {
    const t = this.#expire(now);
    const admitted = this.#count() < this.limit;
    if (admitted || this.countRefused) this.#log.push(t);
    return admitted;
  }

  /** Until enough logged requests have left that fewer than `limit` remain. */
  msUntilAvailable(now?: number): number {
    const t = this.#expire(now);
    const excess = this.#count() - this.limit;
    return excess < 0 ? 0 : this.#log[this.#head + excess]! + this.windowMs - t;
  }

  state(now?: number): LimitState {
    const t = this.#expire(now);
    const count = this.#count();
    const newest = this.#log[this.#log.length - 1];
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - count),
      resetMs: count === 0 ? 0 : newest! + this.windowMs - t,
      windowMs: this.windowMs,
    };
  }

  #count(): number {
    return this.#log.length - this.#head;
  }

  /** Drops requests logged `windowMs` or more ago; returns the time. */
  #expire(now: number | undefined): number {
    const t = this.#time.at(now);
    const log = this.#log;
    while (this.#head < log.length && log[this.#head]! + this.windowMs <= t) this.#head++;
    // Compact once the dead prefix is the larger part: amortised O(1) per request.
    if (this.#head > 1024 && this.#head * 2 > log.length) {
      this.#log = log.slice(this.#head);
      this.#head = 0;
    }
    return t;
  }
}
