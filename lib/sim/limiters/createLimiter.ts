// The limiter a resolved `limiter` option describes, on the simulated API's clock.
import type { ResolvedLimiter } from '../LimiterOptions.js';
import { FixedWindow } from './FixedWindow.js';
import type { Limiter } from './Limiter.js';
import { MultiLimit } from './MultiLimit.js';
import { SlidingWindowCounter } from './SlidingWindowCounter.js';
import { SlidingWindowLog } from './SlidingWindowLog.js';
import { TokenBucket } from './TokenBucket.js';

export function createLimiter(spec: ResolvedLimiter, clock: () => number): Limiter {
  switch (spec.kind) {
    case 'token-bucket':
      return new TokenBucket({ capacityPerSecond: spec.capacityPerSecond, burst: spec.burst, clock });
    case 'fixed-window':
      return new FixedWindow({ limit: spec.limit, windowMs: spec.windowMs, clock });
    case 'sliding-log':
      return new SlidingWindowLog({ ...spec, clock });
    case 'sliding-counter':
      return new SlidingWindowCounter({ ...spec, clock });
    case 'multi':
      return new MultiLimit({ limiters: spec.limits.map((member) => createLimiter(member, clock)) });
  }
}
