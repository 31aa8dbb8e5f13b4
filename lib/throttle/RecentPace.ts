/** The window over which the API's recent pace is measured. */
export const RECENT_WINDOW_MS = 1000;
/** Fewer successes than this in the window say too little about the API's pace. */
const MIN_MEASURED = 8;
/** At most this many answer times are kept: past this rate, the window shrinks to them. */
const CAPACITY = 256;

/**
 * The pace at which the API let calls through over the last second, from the times their
 * successes arrived: what the throttle falls back to when the API pushes back.
 *
 * Why a second, and not the time since the last refusal (the throttle's `sustained` spacing)?
 * A limiter refuses when the calls it counted over its window reach the limit, so at that moment
 * the window's successes are the limit itself, exactly so for a one-second sliding log, the
 * commonest window; the time since the last refusal also holds the slow climb back after it, and
 * measured the pace ~10 % low behind sliding windows, which is where the pool then settled.
 * Behind a longer window the last second is simply the pace that was just too fast.
 */
export class RecentPace {
  // Answer times of the latest successes, a ring: `next` is where the next one goes.
  private readonly times = new Float64Array(CAPACITY);
  private next = 0;
  private count = 0;
  // When the first success came (NaN before): a window younger than a second measures a burst.
  private firstAt = NaN;

  record(now: number): void {
    if (this.firstAt !== this.firstAt) this.firstAt = now;
    this.times[this.next] = now;
    this.next = (this.next + 1) % CAPACITY;
    if (this.count < CAPACITY) this.count++;
  }

  /**
   * Mean spacing of the successes answered in the last second; 0 when there were too few, or
   * when the pool has not been answered for a whole second yet (an opening burst is no pace).
   */
  spacingMs(now: number): number {
    let inWindow = 0;
    let oldest = now;
    while (inWindow < this.count) {
      const at = this.times[(this.next - 1 - inWindow + CAPACITY) % CAPACITY] as number;
      if (now - at >= RECENT_WINDOW_MS) break;
      oldest = at;
      inWindow++;
    }
    if (now - this.firstAt < RECENT_WINDOW_MS || inWindow < MIN_MEASURED) return 0;
    // A full ring inside the window: faster than CAPACITY a second, measured over its span.
    return inWindow === CAPACITY ? (now - oldest) / CAPACITY : RECENT_WINDOW_MS / inWindow;
  }
}
