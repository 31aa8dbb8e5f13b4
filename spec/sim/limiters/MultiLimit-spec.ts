// Several limits at once: admitted only if all admit; a refusal takes nothing from the others.
import { expect } from 'chai';
import { FixedWindow } from '../../../lib/sim/limiters/FixedWindow.js';
import { MultiLimit } from '../../../lib/sim/limiters/MultiLimit.js';
import { SlidingWindowLog } from '../../../lib/sim/limiters/SlidingWindowLog.js';
import { TokenBucket } from '../../../lib/sim/limiters/TokenBucket.js';
import { admittedAt, admittedOver } from './helpers.js';

describe('MultiLimit', () => {
  const perSecondAndMinute = () => {
    const second = new FixedWindow({ limit: 10, windowMs: 1000, startMs: 0 });
    const minute = new FixedWindow({ limit: 30, windowMs: 60_000, startMs: 0 });
    return { second, minute, multi: new MultiLimit({ limiters: [second, minute] }) };
  };

  it('should admit only what every limit admits: 10/s and 30/min give 10, 10, 10, then nothing', () => {
    const { multi } = perSecondAndMinute();
    const perSecond = [0, 1, 2, 3, 4].map((s) => admittedOver(multi, s * 1000, s * 1000 + 1000, 10));
    expect(perSecond).to.deep.equal([10, 10, 10, 0, 0]);
    expect(multi.tryTake(60_000)).to.equal(true);
  });

  it("should not spend one limit's quota on a request another refuses", () => {
    const { second, minute, multi } = perSecondAndMinute();
    admittedOver(multi, 0, 1000, 1); // 10 admitted, 990 refused by the per-second limit
    expect(minute.state(999).remaining).to.equal(20);
    expect(second.state(999).remaining).to.equal(0);
  });

  it('should let a refusal count where the refusing limit counts refusals, and only there', () => {
    const knocking = new SlidingWindowLog({ limit: 1, windowMs: 1000, countRefused: true });
    const bucket = new TokenBucket({ capacityPerSecond: 0.001, burst: 5 });
    const multi = new MultiLimit({ limiters: [knocking, bucket] });
    expect(admittedAt(multi, [0, 500, 1400, 2400])).to.deep.equal([true, false, false, true]);
    expect(knocking.state(2400).remaining).to.equal(0);
    expect(bucket.available(2400)).to.be.closeTo(3, 0.01); // the bucket paid for two admissions only
  });

  it('should wait as long as the slowest limit needs', () => {
    const { multi } = perSecondAndMinute();
    admittedOver(multi, 0, 2500, 1);
    expect(multi.msUntilAvailable(2500)).to.equal(57_500);
    expect(multi.msUntilAvailable(60_000)).to.equal(0);
  });

  it('should report the most constraining limit, and every limit in order', () => {
    const { multi } = perSecondAndMinute();
    expect(multi.state(0)).to.deep.include({ limit: 30, remaining: 30 }); // 30/min is the lower rate
    admittedOver(multi, 0, 500, 100);
    expect(multi.state(500)).to.deep.include({ limit: 30, remaining: 25 }); // 25 in 59.5 s < 5 in 0.5 s
    admittedOver(multi, 500, 1000, 100);
    expect(multi.state(999)).to.deep.equal({ limit: 10, remaining: 0, resetMs: 1, windowMs: 1000 });
    admittedOver(multi, 1000, 2500, 10);
    expect(multi.state(2500)).to.deep.equal({ limit: 30, remaining: 0, resetMs: 57_500, windowMs: 60_000 });
    expect(multi.states(2500).map((s) => s.limit)).to.deep.equal([10, 30]);
  });

  it('should reject an empty or malformed list of limits', () => {
    expect(() => new MultiLimit({ limiters: [] })).to.throw(
      RangeError,
      'MultiLimit: limiters must be a non-empty array (received [])',
    );
    expect(() => new MultiLimit({ limiters: [{}] as never })).to.throw(
      TypeError,
      'MultiLimit: limiters[0] must be a limiter with tryTake, msUntilAvailable and state (received {})',
    );
  });
});
