/**
 * How a success lowers the dispatch delay.
 *
 * - `'linear'` is elspeth's rule: every success subtracts `recoveryStepMs`. Right when the API's
 *   pace is slow next to the step (an LLM at 2 requests/s, delay ~500 ms), but at 50–200
 *   requests/s the right delay is 5–20 ms and one 50 ms step wipes it out: the pool bursts, gets
 *   rejected, backs off, and repeats. Measured in virtual time against a token bucket
 *   (spec/properties/adaptive-goodput-spec.ts): 93–96% of calls rejected.
 * - `'adaptive'` (default) remembers the delay at which the API last pushed back. Above it, each
 *   success closes 30% of the gap (quick return to the last rate known to be near the limit, as
 *   TCP CUBIC does); at or below it, each success sheds 0.3% of the delay (slow probing for more
 *   capacity), a share that grows by 0.3% every 32 successes without a congestion event, so a
 *   raised limit is found quickly while probing near the limit stays gentle. Either way a success
 *   never subtracts more than `recoveryStepMs`, so for slow APIs it behaves like the linear rule.
 *   Same bench: goodput ≈ 1.0 of capacity with 6–8% rejected; after the limit quadruples
 *   (50 → 200 req/s) 0.96 of the new limit.
 */
export type Recovery = 'adaptive' | 'linear';

/** Share of the gap back to the last congestion delay that one success closes. */
export const FAST_RECOVERY_SHARE = 0.3;
/** Share of the delay that one success sheds at or below the last congestion delay. */
export const PROBE_SHARE = 0.003;
/** Every this many successes without a congestion event, probing sheds one more PROBE_SHARE. */
export const PROBE_SPEEDUP_SUCCESSES = 32;
/** Closer than this to the floor, the delay snaps to it: timers cannot resolve less. */
const SNAP_MS = 0.1;

export function recoveredDelay(
  current: number,
  congestionDelayMs: number,
  settings: { readonly minDispatchDelayMs: number; readonly recoveryStepMs: number },
  recovery: Recovery,
  /** Successes since the last congestion event (or since the start). */
  calmSuccesses = 0,
): number {
  const { minDispatchDelayMs: min, recoveryStepMs: step } = settings;
  if (recovery === 'linear') return Math.max(current - step, min);
  const gap = current - congestionDelayMs;
  // Probing speeds up the longer the API has not pushed back, so a limit that was raised is found
  // in seconds rather than minutes, while near the limit (frequent events) it stays gentle.
  const probe = current * PROBE_SHARE * (1 + calmSuccesses / PROBE_SPEEDUP_SUCCESSES);
  const shed = gap > 0 ? Math.max(gap * FAST_RECOVERY_SHARE, probe) : probe;
  const next = current - Math.min(step, shed);
  return next - min < SNAP_MS ? min : next;
}
