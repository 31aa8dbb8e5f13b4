// The sliding window counter in virtual time: the previous window's count weighed by its share
// still inside the sliding window.
import { expect } from 'chai';
import { SlidingWindowCounter } from '../../../lib/sim/limiters/SlidingWindowCounter.js';
import { admittedAt, admittedOver } from './helpers.js';

describe('SlidingWindowCounter', () => {
  it('should admit limit requests in the first window, as a fixed window would', () => {
    const counter = new SlidingWindowCounter({ limit: 4, windowMs: 1000, startMs: 0 });
    expect(admittedAt(counter, [0, 1, 2, 3, 4, 999])).to.deep.equal([true, true, true, true, false, false]);
  });

  it("should weigh the previous window's count by the share still inside the sliding window", () => {
    const counter = new SlidingWindowCounter({ limit: 4, windowMs: 1000, startMs: 0 });
    admittedAt(counter, [0, 0, 0, 0]);
    // At 1250 the previous 4 weigh 3: one more fits; at 1500 they weigh 2: one more again.
    expect(admittedAt(counter, [1250, 1250, 1500, 1500, 1750])).to.deep.equal([
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(counter.state(1750)).to.deep.equal({ limit: 4, remaining: 0, resetMs: 1250, windowMs: 1000 });
  });

  it('should forget a window that is two or more windows back', () => {
    const counter = new SlidingWindowCounter({ limit: 2, windowMs: 1000, startMs: 0 });
    admittedAt(counter, [0, 0]);
    expect(admittedAt(counter, [2000, 2000, 2000])).to.deep.equal([true, true, false]);
  });

  it('should count refusals when countRefused, so knocking delays the next admission', () => {
    const quiet = new SlidingWindowCounter({ limit: 2, windowMs: 1000, startMs: 0 });
    const knocking = new SlidingWindowCounter({ limit: 2, windowMs: 1000, startMs: 0, countRefused: true });
    for (const counter of [quiet, knocking]) admittedAt(counter, [0, 0, 100, 200, 300]);
    expect(quiet.msUntilAvailable(1000)).to.equal(500); // 2 × (1 − q) ≤ 1 from q = 0.5
    expect(knocking.msUntilAvailable(1000)).to.equal(800); // 5 × (1 − q) ≤ 1 from q = 0.8
    expect(admittedAt(quiet, [1499.9, 1500])).to.deep.equal([false, true]);
    expect(knocking.tryTake(1800)).to.equal(true);
  });

  it('should say when the weight of the previous window has fallen enough', () => {
    const counter = new SlidingWindowCounter({ limit: 10, windowMs: 1000, startMs: 0 });
    admittedOver(counter, 0, 1000, 100); // 10, one per 100 ms
    // At 1000 the 10 become the previous window's and weigh 10; they must weigh 9 or less.
    expect(counter.msUntilAvailable(999)).to.equal(101);
    expect(counter.msUntilAvailable(1000)).to.equal(100);
    expect(admittedAt(counter, [1099, 1100])).to.deep.equal([false, true]);
  });

  it('should hold a client knocking every ms to limit − 1 per window after the first', () => {
    // The previous window always weighs a little (49 × 0.001 at the last ms), so one slot is lost.
    const counter = new SlidingWindowCounter({ limit: 50, windowMs: 1000, startMs: 0 });
    expect(admittedOver(counter, 0, 20_000, 1)).to.equal(50 + 19 * 49);
  });

  it('should describe its quota: the reset is when neither window weighs anything', () => {
    const counter = new SlidingWindowCounter({ limit: 5, windowMs: 1000, startMs: 0 });
    expect(counter.state(100)).to.deep.equal({ limit: 5, remaining: 5, resetMs: 0, windowMs: 1000 });
    admittedAt(counter, [100, 200]);
    expect(counter.state(500)).to.deep.equal({ limit: 5, remaining: 3, resetMs: 1500, windowMs: 1000 });
    expect(counter.state(1500)).to.deep.equal({ limit: 5, remaining: 4, resetMs: 500, windowMs: 1000 });
  });
});
