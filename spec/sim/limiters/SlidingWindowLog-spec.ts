// The sliding log in virtual time: an exact count over the last windowMs, refusals counted or not.
import { expect } from 'chai';
import { SlidingWindowLog } from '../../../lib/sim/limiters/SlidingWindowLog.js';
import { admittedAt, admittedOver } from './helpers.js';

describe('SlidingWindowLog', () => {
  it('should admit at most limit requests in any windowMs, with no boundary to burst at', () => {
    const log = new SlidingWindowLog({ limit: 2, windowMs: 1000 });
    expect(admittedAt(log, [0, 600, 999, 1000, 1500, 1599, 1600])).to.deep.equal([
      true,
      true,
      false,
      true, // the request at 0 has left
      false,
      false,
      true, // the one at 600 has
    ]);
  });

  it('should let refused requests pass without a trace by default', () => {
    const log = new SlidingWindowLog({ limit: 1, windowMs: 1000 });
    expect(admittedAt(log, [0, 500, 999, 1000])).to.deep.equal([true, false, false, true]);
  });

  it('should keep a client that keeps knocking locked out when countRefused', () => {
    const log = new SlidingWindowLog({ limit: 1, windowMs: 1000, countRefused: true });
    expect(admittedAt(log, [0, 500, 1000, 1400, 1499, 2499])).to.deep.equal([
      true,
      false,
      false, // the refusal at 500 still counts
      false,
      false,
      true, // the refusal at 1499 has left
    ]);
  });

  it('should admit exactly limit per window under constant pressure', () => {
    const log = new SlidingWindowLog({ limit: 50, windowMs: 1000 });
    expect(admittedOver(log, 0, 10_000, 1)).to.equal(500);
  });

  it('should say how long until enough logged requests have left', () => {
    const log = new SlidingWindowLog({ limit: 2, windowMs: 1000, countRefused: true });
    admittedAt(log, [0, 100, 200, 300]);
    expect(log.msUntilAvailable(300)).to.equal(1000 - 300 + 200); // the one at 200 must leave
    expect(log.msUntilAvailable(1150)).to.equal(50);
    expect(log.tryTake(1200)).to.equal(true);
  });

  it('should describe its quota, the reset being when the newest logged request leaves', () => {
    const log = new SlidingWindowLog({ limit: 3, windowMs: 1000 });
    expect(log.state(0)).to.deep.equal({ limit: 3, remaining: 3, resetMs: 0, windowMs: 1000 });
    admittedAt(log, [100, 400]);
    expect(log.state(500)).to.deep.equal({ limit: 3, remaining: 1, resetMs: 900, windowMs: 1000 });
    expect(log.state(1200)).to.deep.equal({ limit: 3, remaining: 2, resetMs: 200, windowMs: 1000 });
  });

  it('should stay exact over many windows (the log is compacted as it goes)', () => {
    const log = new SlidingWindowLog({ limit: 10, windowMs: 20 });
    // One request a millisecond: ten admitted, ten refused, and so on.
    expect(admittedOver(log, 0, 100_000, 1)).to.equal(50_000);
  });

  it('should reject a countRefused that is not a boolean', () => {
    expect(() => new SlidingWindowLog({ limit: 1, windowMs: 1, countRefused: 'yes' as never })).to.throw(
      TypeError,
      "SlidingWindowLog: countRefused must be a boolean (received 'yes')",
    );
  });
});
