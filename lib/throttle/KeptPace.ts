/** The window over which the API's recent pace is measured. */
export const RECENT_WINDOW_MS = 1000;
/** Fewer successes than this say too little about the API's pace. */
export const MIN_SUCCESSES_TO_MEASURE = 8;
/** A closure shorter than this after an opening burst is not taken for a spent window. */
const MIN_CLOSURE_MS = 500;
/** At most this many answer times are kept: past this rate, the window shrinks to them. */
const CAPACITY = 256;

/**
 * The pace at which the API let calls through, from the times their successes were answered:
 * what the throttle falls back to when the API pushes back.
 *
 * Over the last second, mostly. A limiter refuses when the calls it counted over its window reach
 * the limit, so at that moment the window's successes are the limit itself, exactly so for a
 * one-second sliding log, the commonest window. The time since the last refusal (the throttle's
 * `sustained` spacing) also holds the slow climb back after it, and measured the pace ~10 % low
 * behind sliding windows, which is where the pool then settled. Behind a longer window the last
 * second is simply the pace that was just too fast.
 *
 * And over the opening: a pool refused before it had a second of answers sent a burst, which
 * says nothing of the pace until the API reopens; then the successes over the burst and the
 * closure together are the pace the API kept.
 */
export class KeptPace {
  // Answer times of the latest successes, a ring: `next` is where the next one goes.
  private readonly times = new Float64Array(CAPACITY);
  private next = 0;
  private count = 0;
  // When the first success came (NaN before): a window younger than a second measures a burst.
  private firstAt = NaN;
  // Successes since the last reopening (or the first success), and when that was; whether the
  // raise that closed the API came before any pace was measured (the opening burst).
  private cycleAt = NaN;
  private cycleSuccesses = 0;
  private unmeasuredRaise = false;
  // When that raise came: the closure's length, next to the burst's, tells windows from buckets.
  private raisedAt = NaN;

  record(now: number): void {
    if (this.firstAt !== this.firstAt) this.firstAt = this.cycleAt = now;
    this.times[this.next] = now;
    this.next = (this.next + 1) % CAPACITY;
    if (this.count < CAPACITY) this.count++;
    this.cycleSuccesses++;
  }

  /**
   * Mean spacing of the successes answered in the last second; 0 when there were too few, or
   * when the pool has not been answered for a whole second yet (an opening burst is no pace).
   */
  lastSecondMs(now: number): number {
    let inWindow = 0;
    let oldest = now;
    while (inWindow < this.count) {
      const at = this.times[(this.next - 1 - inWindow + CAPACITY) % CAPACITY] as number;
      if (now - at >= RECENT_WINDOW_MS) break;
      oldest = at;
      inWindow++;
    }
    if (now - this.firstAt < RECENT_WINDOW_MS || inWindow < MIN_SUCCESSES_TO_MEASURE) return 0;
    // A full ring inside the window: faster than CAPACITY a second, measured over its span.
    return inWindow === CAPACITY ? (now - oldest) / CAPACITY : RECENT_WINDOW_MS / inWindow;
  }

  /** The API pushed back at `now` and the delay went up; `measured`: whether a pace was known. */
  raised(measured: boolean, now: number): void {
    this.unmeasuredRaise = !measured;
    this.raisedAt = now;
  }

  /**
   * A call sent since the last raise succeeded (the success already recorded): after a raise that
   * came before any pace was known, returns the spacing kept since the burst began, closure
   * included, though no slower than the headers advertise (`advertisedMs`; 0: none), since the
   * burst went faster than they allowed and its closure says nothing they did not. 0 otherwise.
   */
  reopened(now: number, advertisedMs: number): number {
    const span = now - this.cycleAt;
    // A closure shorter than the burst before it, or than half a second, is a bucket refilling as
    // it goes, not a window spent: there the average over both, slow start's ramp included, is
    // slower than the limit (measured in real time: 0.91 of a 200 req/s bucket in some 15 s runs,
    // against 0.96). Probes take a round trip each, so a bucket's closure lasts ~300 ms in real
    // time, longer than its opening burst at 200 req/s; a spent one-second window stays shut for
    // most of its second.
    const closedMs = now - this.raisedAt;
    const windowed = closedMs >= MIN_CLOSURE_MS && closedMs >= this.raisedAt - this.cycleAt;
    const kept =
      this.unmeasuredRaise && windowed && this.cycleSuccesses >= MIN_SUCCESSES_TO_MEASURE && span > 0
        ? span / this.cycleSuccesses
        : 0;
    this.cycleAt = now;
    this.cycleSuccesses = 0;
    this.unmeasuredRaise = false;
    return advertisedMs > 0 ? Math.min(kept, advertisedMs) : kept;
  }
}
