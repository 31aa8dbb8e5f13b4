// The one interface every simulated rate limiter implements, so the simulated API, the benchmarks
// and virtual-time specs can swap families (token bucket, fixed window, sliding windows, several
// limits at once) without knowing which one they hold. Pure: time comes in as `now`, in ms.

/** A limiter's quota as rate-limit response headers describe it. */
export interface LimitState {
  /** Requests the policy allows per `windowMs` (a whole number, at least 1). */
  limit: number;
  /** Requests that would be admitted back to back now (a whole number, 0 to limit). */
  remaining: number;
  /**
   * Ms from now until the quota is whole again if no request arrives meanwhile: the end of a
   * fixed window, a full bucket, the newest logged request leaving a sliding log (0: whole now).
   */
  resetMs: number;
  /** The policy's window in ms. */
  windowMs: number;
}

export interface Limiter {
  /** Admits (true) or refuses (false) one request at `now`; a refused request may count (sliding log with countRefused). */
  tryTake(now: number): boolean;
  /** ms from `now` until a request would be admitted (0 if now): exactly 0 when tryTake(now) would admit. */
  msUntilAvailable(now: number): number;
  /** Quota as rate-limit headers describe it, at `now` (after the last tryTake). */
  state(now: number): LimitState;
}
