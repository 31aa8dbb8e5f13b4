import { expect } from 'chai';
import { ConcurrencyCap } from '../../lib/throttle/ConcurrencyCap.js';

describe('ConcurrencyCap', () => {
  it('should start at 8 calls, one more per success (slow start), never past the pool size', () => {
    expect(new ConcurrencyCap(4).limit).to.equal(4);
    const cap = new ConcurrencyCap(12);
    expect(cap.limit).to.equal(8);
    for (let i = 0; i < 3; i++) cap.succeeded();
    expect(cap.limit).to.equal(11);
    for (let i = 0; i < 3; i++) cap.succeeded();
    expect(cap.limit).to.equal(12);
  });

  it('should open every permit at the first refusal for the pace (a 429)', () => {
    const cap = new ConcurrencyCap(32);
    cap.paceRefused();
    expect(cap.limit).to.equal(32);
    cap.refused(20, cap.epoch);
    cap.paceRefused(); // slow start is over: a later 429 leaves the cap alone
    expect(cap.limit).to.equal(19);
  });

  it('should drop below the number of calls running when a refused call was sent', () => {
    const cap = new ConcurrencyCap(32);
    cap.refused(5, cap.epoch);
    expect(cap.limit).to.equal(4);
  });

  it('should cut once per event: refusals of calls sent before the cut change nothing', () => {
    const cap = new ConcurrencyCap(32);
    const sentAt = cap.epoch;
    cap.refused(7, sentAt);
    cap.refused(4, sentAt); // sent alongside the first, before the cut
    expect(cap.limit).to.equal(6);
    cap.refused(6, cap.epoch);
    expect(cap.limit).to.equal(5);
  });

  it('should never go below one call', () => {
    const cap = new ConcurrencyCap(4);
    cap.refused(1, cap.epoch);
    expect(cap.limit).to.equal(1);
  });

  it('should ask for a slower pace only when the refused call ran alone', () => {
    const cap = new ConcurrencyCap(4);
    expect(cap.refused(3, cap.epoch)).to.equal(false); // 2 calls at once will do
    expect(cap.refused(1, cap.epoch - 1)).to.equal(false); // sent before that cut: old news
    expect(cap.refused(1, cap.epoch)).to.equal(true); // one call, refused: others fill the server
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
