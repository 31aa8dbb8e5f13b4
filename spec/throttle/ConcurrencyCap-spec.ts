import { expect } from 'chai';
import { ConcurrencyCap } from '../../lib/throttle/ConcurrencyCap.js';

describe('ConcurrencyCap', () => {
  it('should start at the pool size and never grow past it', () => {
    const cap = new ConcurrencyCap(8);
    expect(cap.limit).to.equal(8);
    cap.succeeded();
    expect(cap.limit).to.equal(8);
  });

  it('should drop below the number of calls running when a refused call was sent', () => {
    const cap = new ConcurrencyCap(32);
    cap.refused(5, cap.epoch);
    expect(cap.limit).to.equal(4);
  });

  it('should cut once per event: refusals of calls sent before the cut change nothing', () => {
    const cap = new ConcurrencyCap(32);
    const sentAt = cap.epoch;
    cap.refused(10, sentAt);
    cap.refused(6, sentAt); // sent alongside the first, before the cut
    expect(cap.limit).to.equal(9);
    cap.refused(9, cap.epoch);
    expect(cap.limit).to.equal(8);
  });

  it('should never go below one call', () => {
    const cap = new ConcurrencyCap(4);
    cap.refused(1, cap.epoch);
    expect(cap.limit).to.equal(1);
  });

  it('should grow by one call per round of the cap below the refused level, about ten times slower at it', () => {
    const below = new ConcurrencyCap(32);
    below.refused(4, below.epoch); // 3
    below.refused(2, below.epoch - 1); // an old refusal: ignored
    const grow = (cap: ConcurrencyCap): number => {
      let successes = 0;
      for (const from = cap.limit; cap.limit === from; successes++) cap.succeeded();
      return successes;
    };
    // Refused at 4 running: 3 → 4 probes the level that failed, about ten rounds of 3 calls.
    expect(grow(below)).to.be.within(30, 36);
    const far = new ConcurrencyCap(32);
    far.refused(9, far.epoch); // 8, ceiling 9
    far.refused(4, far.epoch); // 3, ceiling 4
    expect(grow(far)).to.be.within(30, 36);
    const after = new ConcurrencyCap(32);
    after.refused(9, after.epoch); // 8
    after.refused(4, after.epoch); // 3
    after.refused(8, after.epoch); // still 3; ceiling now 8: about one round (+1/3, +1/3.3, …)
    expect(grow(after)).to.equal(4);
  });
});
