// What an AimdThrottle accepts and reports, and how its delay settings are checked.
import { isLeft } from '../internal/either.js';
import { formatPoolConfigErrors } from '../config/formatPoolConfigErrors.js';
import { ThrottleConfig } from '../config/PoolConfig.js';
import { PoolConfigError } from '../config/PoolConfigError.js';
import type { Recovery } from './recoveredDelay.js';

export interface AimdThrottleOptions {
  minDispatchDelayMs?: number;
  maxDispatchDelayMs?: number;
  backoffMultiplier?: number;
  recoveryStepMs?: number;
  /** default true: a capacity error from a call dispatched before the last increase counts a retry but does not raise again */
  oncePerCongestionEvent?: boolean;
  /** How successes lower the delay: `'adaptive'` (default) or elspeth's `'linear'`; see recoveredDelay.ts. */
  recovery?: Recovery;
}

export interface ThrottleStats {
  capacityRetries: number;
  successes: number;
  peakDelayMs: number;
  currentDelayMs: number;
  totalThrottleTimeMs: number;
}

export type Settings = Readonly<{
  minDispatchDelayMs: number;
  maxDispatchDelayMs: number;
  backoffMultiplier: number;
  recoveryStepMs: number;
}>;

// The throttle and the pool must agree on what a valid delay setting is, so both decode it with the
// config's fields and rules; absent fields take the config defaults, and unknown keys (a typo, a
// pool-only field such as `poolSize`) are reported rather than quietly ignored.
export function validateSettings(options: AimdThrottleOptions): Settings {
  const decoded = ThrottleConfig.decode(options);
  if (isLeft(decoded)) throw new PoolConfigError(formatPoolConfigErrors(decoded.left));
  return decoded.right;
}
