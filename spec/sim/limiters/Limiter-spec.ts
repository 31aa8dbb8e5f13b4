// What every limiter family promises through the Limiter interface, for any sequence of requests
// at any times: the simulated API, the benchmarks and the pool's virtual-time specs rely on it.
import { expect } from 'chai';
import fc from 'fast-check';
import { FixedWindow } from '../../../lib/sim/limiters/FixedWindow.js';
import type { Limiter } from '../../../lib/sim/limiters/Limiter.js';
import { MultiLimit } from '../../../lib/sim/limiters/MultiLimit.js';
import { SlidingWindowCounter } from '../../../lib/sim/limiters/SlidingWindowCounter.js';
import { SlidingWindowLog } from '../../../lib/sim/limiters/SlidingWindowLog.js';
import { TokenBucket } from '../../../lib/sim/limiters/TokenBucket.js';

const FAMILIES: Record<string, (countRefused: boolean) => Limiter> = {
  TokenBucket: () => new TokenBucket({ capacityPerSecond: 7, burst: 3 }),
  FixedWindow: () => new FixedWindow({ limit: 3, windowMs: 700 }),
  SlidingWindowLog: (countRefused) => new SlidingWindowLog({ limit: 3, windowMs: 700, countRefused }),
  SlidingWindowCounter: (countRefused) => new SlidingWindowCounter({ limit: 3, windowMs: 700, countRefused }),
  MultiLimit: (countRefused) =>
    new MultiLimit({
      limiters: [
        new SlidingWindowLog({ limit: 2, windowMs: 300, countRefused }),
        new FixedWindow({ limit: 5, windowMs: 2000 }),
      ],
    }),
};

// Steps between requests: often none (bursts), often small, sometimes a window or more.
const steps = fc.array(
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 2500, noNaN: true })),
  {
    maxLength: 80,
  },
);

describe('Limiter', () => {
  for (const [family, make] of Object.entries(FAMILIES)) {
    describe(family, () => {
      it('should admit exactly when it says no wait is needed, and say so once the wait is over', () => {
        fc.assert(
          fc.property(steps, fc.boolean(), (gaps, countRefused) => {
            const limiter = make(countRefused);
            let t = 1000;
            for (const gap of gaps) {
              t += gap;
              const wait = limiter.msUntilAvailable(t);
              expect(wait).to.be.at.least(0);
              expect(limiter.tryTake(t)).to.equal(wait === 0);
              if (wait === 0) continue;
              // Asked again after the refusal (which may have counted), then taken at its word.
              const again = limiter.msUntilAvailable(t);
              t += again;
              expect(limiter.msUntilAvailable(t), `after waiting ${again} ms`).to.equal(0);
            }
          }),
        );
      });

      it('should describe a quota that has remaining requests exactly when one is admitted', () => {
        fc.assert(
          fc.property(steps, fc.boolean(), (gaps, countRefused) => {
            const limiter = make(countRefused);
            let t = 0;
            for (const gap of gaps) {
              t += gap;
              limiter.tryTake(t);
              const { limit, remaining, resetMs, windowMs } = limiter.state(t);
              expect(Number.isInteger(limit) && limit >= 1, `limit ${limit}`).to.equal(true);
              expect(Number.isInteger(remaining) && remaining >= 0 && remaining <= limit).to.equal(true);
              expect(resetMs).to.be.at.least(0);
              expect(windowMs).to.be.above(0);
              expect(remaining > 0).to.equal(limiter.msUntilAvailable(t) === 0);
            }
          }),
        );
      });
    });
  }
});
