import { expect } from 'chai';
import { HEADER_PACE_MARGIN, HeaderPace } from '../../lib/hints/HeaderPace.js';

describe('HeaderPace', () => {
  it('should space dispatches by the advertised window over the quota, with a small margin', () => {
    const pace = new HeaderPace();
    pace.observe(
      { headers: { 'ratelimit-policy': '50;w=1', ratelimit: 'limit=50, remaining=40, reset=1' } },
      0,
    );
    expect(pace.spacingAt(10)).to.be.closeTo(20 * HEADER_PACE_MARGIN, 1e-9);
    expect(pace.ratePerSecond(10)).to.be.closeTo(50 / HEADER_PACE_MARGIN, 1e-9);
    expect(pace.heldUntil).to.equal(-Infinity);
  });

  it('should spread the remaining quota until the reset where no policy is given, counting a reset in seconds for its certain part', () => {
    const pace = new HeaderPace();
    // 4 left for "5" seconds, so for at least 4 s: one per second.
    pace.observe({ headers: { 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': '5' } }, 0);
    expect(pace.spacingAt(0)).to.be.closeTo(1000 * HEADER_PACE_MARGIN, 1e-9);
    // With a policy, the policy is the pace (a sliding window's remaining hovers near 0 at it).
    pace.observe(
      { headers: { 'ratelimit-policy': '100;w=60', ratelimit: 'limit=100, remaining=4, reset=5' } },
      0,
    );
    expect(pace.spacingAt(0)).to.be.closeTo(600 * HEADER_PACE_MARGIN, 1e-9);
  });

  it('should hold every dispatch until the reset when a refusal says nothing remains', () => {
    const pace = new HeaderPace();
    const spent = {
      headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '750ms' },
    };
    pace.observe(spent, 100); // a success that took the last request: the next may be refused
    expect(pace.heldUntil).to.equal(-Infinity);
    pace.observe(spent, 100, true);
    expect(pace.heldUntil).to.equal(850);
  });

  it('should not hold on a reset beyond a whole window: the quota comes back before it', () => {
    const refusal = (reset: number) => ({
      headers: { 'ratelimit-policy': '200;w=1', ratelimit: `limit=200, remaining=0, reset=${reset}` },
    });
    const pace = new HeaderPace();
    // A sliding counter names when it is whole again (up to two windows away), not when it reopens.
    pace.observe(refusal(2), 100, true);
    expect(pace.heldUntil).to.equal(-Infinity);
    // A fixed window's reset is within its window: held for the certain part of it.
    pace.observe(
      { headers: { 'ratelimit-policy': '200;w=2', ratelimit: 'limit=200, remaining=0, reset=2' } },
      100,
      true,
    );
    expect(pace.heldUntil).to.equal(1100);
  });

  it('should forget stale hints and read nothing from results without headers', () => {
    const pace = new HeaderPace();
    pace.observe(42, 0);
    pace.observe({ headers: { 'content-type': 'text/plain' } }, 0);
    expect(pace.spacingAt(0)).to.equal(0);
    pace.observe({ response: { headers: { 'ratelimit-policy': '10;w=2' } } }, 0);
    expect(pace.spacingAt(1999)).to.be.closeTo(200 * HEADER_PACE_MARGIN, 1e-9);
    expect(pace.spacingAt(2001)).to.equal(0);
    expect(Number.isNaN(pace.ratePerSecond(2001))).to.equal(true);
  });
});
