import { headersOf } from '../errors/headerValue.js';
import { parseRateLimitHeaders, type RateLimitHint } from './parseRateLimitHeaders.js';

/** Spacing kept above the advertised pace, so jitter never puts one request too many in a window. */
export const HEADER_PACE_MARGIN = 1.02;

/**
 * The pace the server's own rate-limit headers advertise, kept up to date from every response the
 * pool sees (success or refusal). It paces the pool before it is refused: the advertised quota per
 * window as the spacing (the remaining quota spread until the reset where no policy is given),
 * and a hold until the reset when a refusal says nothing remains. Reset times given in whole seconds count only for their certain part (the
 * value less one second), as for `Retry-After`. Hints grow stale: past their reset (or one window,
 * or a second) they are forgotten and the AIMD delay paces alone.
 */
export class HeaderPace {
  /** Spacing the hints ask for; 0 when there are none, or they are stale. */
  private spacing = 0;
  /** Scheduler time before which nothing goes (the quota is spent until its reset). */
  private holdUntil = -Infinity;
  /** Scheduler time after which the hints are forgotten. */
  private freshUntil = -Infinity;

  /**
   * Reads a call's result (a fetch `Response`, an axios or got response) or error for hints;
   * `refused` when it is a refusal for capacity.
   */
  observe(resultOrError: unknown, now: number, refused = false): void {
    const headers = headersOf(resultOrError);
    if (headers !== undefined) this.observeHeaders(headers, now, refused);
  }

  observeHeaders(headers: unknown, now: number, refused = false): void {
    const hint = parseRateLimitHeaders(headers, Date.now());
    if (hint !== undefined) this.apply(hint, now, refused);
  }

  /** Spacing between dispatches at `now` (0 without fresh hints). */
  spacingAt(now: number): number {
    return now <= this.freshUntil ? this.spacing : 0;
  }

  /** How much longer the hints stay fresh (0: stale or none). */
  freshForMs(now: number): number {
    return Math.max(0, this.freshUntil - now);
  }

  /** Earliest time the next dispatch may go, whatever the spacing. */
  get heldUntil(): number {
    return this.holdUntil;
  }

  /** Requests per second the headers advertise (NaN without fresh hints). */
  ratePerSecond(now: number): number {
    const spacing = this.spacingAt(now);
    return spacing > 0 ? 1000 / spacing : NaN;
  }

  private apply(hint: RateLimitHint, now: number, refused: boolean): void {
    const { quota, windowMs, remaining, resetMs, resolutionMs } = hint;
    const certainResetMs = resetMs === undefined ? undefined : Math.max(0, resetMs - resolutionMs);
    // An advertised policy is the pace. Only without one is the remaining quota spread until the
    // reset: where the quota refills as it goes (buckets, sliding windows) the reset is when it
    // is whole again, and at the limit's own pace a sliding window's remaining hovers near 0, so
    // spreading it would halve the pace (measured: 0.49 of the limit behind a sliding counter).
    let spacing = quota !== undefined && windowMs !== undefined ? windowMs / quota : 0;
    if (spacing === 0 && remaining !== undefined && remaining > 0 && certainResetMs !== undefined) {
      spacing = certainResetMs / remaining;
    }
    // Only a refusal holds the pool: a success that took the last request says only that the next
    // may be refused, and where the quota refills as it goes its reset (whole again) lies far
    // beyond the next free slot (holding on it gave 0.60 of the limit behind a sliding counter).
    if (refused && remaining === 0 && certainResetMs !== undefined && !refillsBeforeReset(hint)) {
      this.holdUntil = Math.max(this.holdUntil, now + certainResetMs);
    }
    this.spacing = spacing * HEADER_PACE_MARGIN;
    this.freshUntil = now + Math.max(resetMs ?? 0, windowMs ?? 0, 1000);
  }
}

/**
 * Whether the quota comes back before the reset the server names: a reset beyond a whole window
 * is when the quota is whole again, as sliding counters report it (the previous window's weight
 * fading), not when it reopens; the first request frees long before. Fixed windows never name a
 * reset past their window.
 */
function refillsBeforeReset({ windowMs, resetMs }: RateLimitHint): boolean {
  return windowMs !== undefined && resetMs !== undefined && resetMs > windowMs;
}
