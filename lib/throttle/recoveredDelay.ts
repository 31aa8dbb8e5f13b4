/**
 * How a success lowers the dispatch delay.
 *
 * - `'linear'` is elspeth's rule: every success subtracts `recoveryStepMs`. Right when the API's
 *   pace is slow next to the step (an LLM at 2 requests/s, delay ~500 ms), but at 50–200
 *   requests/s the right delay is 5–20 ms and one 50 ms step wipes it out: the pool bursts, gets
 *   rejected, backs off, and repeats. Measured in virtual time against a token bucket
 *   (spec/properties/adaptive-goodput-spec.ts): 93–96% of calls rejected.
 * - `'adaptive'` (default) remembers the delay at which the API last pushed back (the throttle
 *   sets it no lower than the mean spacing of the successes between the last two events). Above
 *   it, each success closes 30% of the gap (quick return to the last rate known to be near the
 *   limit, as TCP CUBIC does); at or below it the delay probes slowly for more capacity. Either
 *   way a success never subtracts more than `recoveryStepMs`, so for slow APIs it behaves like the
 *   linear rule.
 *
 * Probing is counted in time when the caller keeps a clock (the pool does), so recovery neither
 * slows down when the pool goes slowly nor races when it goes fast: 5% of the delay a second just
 * after a congestion event, a share that grows with the square of the calm time (×2 after 1 s,
 * ×5 after 2 s, ×10 after 3 s), as TCP CUBIC's window stays flat near the last loss and then
 * climbs. Near the limit the pool overshoots little, which matters most behind limiters that count
 * refused attempts; a raised limit, or a share freed by a competing client that finished, is still
 * found in seconds. (A linear 20 %/s share, the earlier rule, overshot a sliding log by ~15 % before
 * it refused, and spent ~10 % of its pace on the sawtooth.) Without a clock (a throttle driven by
 * hand) it is counted in successes: 0.3% per success, growing by 0.3% every 32 successes.
 */
export type Recovery = 'adaptive' | 'linear';

/** Share of the gap back to the last congestion delay that one success closes. */
export const FAST_RECOVERY_SHARE = 0.3;
/** With a clock, the gap back to the last congestion delay also halves every this many ms. */
export const FAST_HALF_LIFE_MS = 250;
/** With a clock: share of the delay shed per second at or below the last congestion delay… */
export const PROBE_SHARE_PER_SECOND = 0.05;
/** …times 1 + (calm time / this)²: the calm time is the time since the last congestion event. */
export const PROBE_SPEEDUP_MS = 1000;
/** Without a clock: share of the delay one success sheds at or below the last congestion delay… */
export const PROBE_SHARE = 0.003;
/** …plus one more such share every this many successes without a congestion event. */
export const PROBE_SPEEDUP_SUCCESSES = 32;
/** Closer than this to the floor, the delay snaps to it: timers cannot resolve less. */
export const SNAP_MS = 0.1;

/** Time since the delay was last lowered, and since the last congestion event. */
export interface RecoveryTiming {
  readonly elapsedMs: number;
  readonly calmMs: number;
}

export function recoveredDelay(
  current: number,
  congestionDelayMs: number,
  settings: { readonly minDispatchDelayMs: number; readonly recoveryStepMs: number },
  recovery: Recovery,
  /** Successes since the last congestion event (or since the start). */
  calmSuccesses = 0,
  /** Given when the caller keeps a clock: probing is then counted in time. */
  timing?: RecoveryTiming,
): number {
  const { minDispatchDelayMs: min, recoveryStepMs: step } = settings;
  if (recovery === 'linear') return Math.max(current - step, min);
  const gap = current - congestionDelayMs;
  const probe =
    timing === undefined
      ? current * PROBE_SHARE * (1 + calmSuccesses / PROBE_SPEEDUP_SUCCESSES)
      : current *
        PROBE_SHARE_PER_SECOND *
        (1 + (timing.calmMs / PROBE_SPEEDUP_MS) ** 2) *
        (timing.elapsedMs / 1000);
  const fast =
    gap <= 0
      ? 0
      : timing === undefined
        ? gap * FAST_RECOVERY_SHARE
        : Math.max(gap * FAST_RECOVERY_SHARE, gap * (1 - 0.5 ** (timing.elapsedMs / FAST_HALF_LIFE_MS)));
  const next = current - Math.min(step, Math.max(fast, probe));
  return next - min < SNAP_MS ? min : next;
}
