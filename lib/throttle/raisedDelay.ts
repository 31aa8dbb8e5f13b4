import type { Settings } from './throttleSettings.js';

/**
 * The least a raise multiplies the delay by when the pace of the last second is known (or
 * `backoffMultiplier`, if less): a cut of at least a fifth of the rate clears the overshoot that
 * made the API refuse, where falling back to exactly the measured pace would hold the pool on the
 * limit's edge, each refusal another event.
 */
export const LEAST_RAISE = 1.25;

/**
 * The delay a congestion event raises `current` to, before the cap at `maxDispatchDelayMs`.
 * `measuredMs`: the pace the API kept over the last second (0: not known); `sustainedMs`: the mean
 * spacing of the successes since the previous event (0: not known).
 */
export function raisedDelay(
  current: number,
  settings: Settings,
  measuredMs: number,
  sustainedMs: number,
): number {
  const { minDispatchDelayMs: min, backoffMultiplier, recoveryStepMs } = settings;
  // Multiplying 0 (or a small floor) gets nowhere, so a rise from the floor jumps to one recovery
  // step (the smallest delay a success can undo), or to the minimum if that is larger. Elspeth
  // bootstrapped only from exactly 0, so a floor of 10 went to 20. When the floor already equals
  // the bootstrap value (min ≥ step), bootstrapping would leave the delay stuck at the floor for
  // ever, so it multiplies instead: min 100, step 50 goes 0 → 100 → 200.
  const bootstrap = Math.max(recoveryStepMs, min);
  const raised = current <= min && current < bootstrap ? bootstrap : current * backoffMultiplier;
  // With the pace of the last second: that pace, between the least raise and the full multiplier
  // (the rate the API just kept, not half of it, which the sawtooth paid for).
  if (measuredMs > 0) return Math.max(Math.min(raised, measuredMs), Math.min(raised, current * LEAST_RAISE));
  // Without: no faster than the successes since the last event came. A window that admits its
  // quota in a burst and then refuses for the rest of it is only worth its average, not the
  // burst's pace.
  return Math.max(raised, sustainedMs);
}
