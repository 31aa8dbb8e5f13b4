import { headersOf } from '../errors/headerValue.js';
import { parseRateLimitHeaders, type RateLimitHint } from './parseRateLimitHeaders.js';

/** Spacing kept above the advertised pace, so jitter never puts one request too many in a window. */
export const HEADER_PACE_MARGIN = 1.02;

/**
 * The pace the server's own rate-limit headers advertise, kept up to date from every response the
 * pool sees (success or refusal). It paces the pool before it is refused: the advertised quota per
 * window as the spacing, the remaining quota spread until the reset, and a hold until the reset
 * once nothing remains. Reset times given in whole seconds count only for their certain part (the
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

  /** Reads a call's result (a fetch `Response`, an axios or got response) or error for hints. */
  observe(resultOrError: unknown, now: number): void {
    const headers = headersOf(resultOrError);
    if (headers !== undefined) this.observeHeaders(headers, now);
  }

  observeHeaders(headers: unknown, now: number): void {
    const hint = parseRateLimitHeaders(headers, Date.now());
    if (hint !== undefined) this.apply(hint, now);
  }

  /** Spacing between dispatches at `now` (0 without fresh hints). */
  spacingAt(now: number): number {
    return now <= this.freshUntil ? this.spacing : 0;
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

  private apply(hint: RateLimitHint, now: number): void {
    const { quota, windowMs, remaining, resetMs, resolutionMs } = hint;
    const certainResetMs = resetMs === undefined ? undefined : Math.max(0, resetMs - resolutionMs);
    let spacing = quota !== undefined && windowMs !== undefined ? windowMs / quota : 0;
    if (remaining !== undefined && remaining > 0 && certainResetMs !== undefined) {
      spacing = Math.max(spacing, certainResetMs / remaining);
    }
    if (remaining === 0 && certainResetMs !== undefined) {
      this.holdUntil = Math.max(this.holdUntil, now + certainResetMs);
    }
    this.spacing = spacing * HEADER_PACE_MARGIN;
    this.freshUntil = now + Math.max(resetMs ?? 0, windowMs ?? 0, 1000);
  }
}
