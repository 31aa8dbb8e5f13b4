// The token bucket, driven by a fake clock advanced by hand: exact counts, no real waiting.
import { expect } from 'chai';
import { TokenBucket } from '../../../lib/sim/limiters/TokenBucket.js';

function fakeBucket(capacityPerSecond: number, burst: number) {
  const clock = { now: 0 };
  const bucket = new TokenBucket({ capacityPerSecond, burst, clock: () => clock.now });
  /** Takes tokens until refused; returns how many were granted. */
  const drain = (): number => {
    let taken = 0;
    while (bucket.tryTake()) taken++;
    return taken;
  };
  return { clock, bucket, drain };
}

describe('TokenBucket', () => {
  it('should grant a full burst at once, then refuse', () => {
    const { bucket, drain } = fakeBucket(100, 10);
    expect(drain()).to.equal(10);
    expect(bucket.tryTake()).to.equal(false);
  });

  it('should refill continuously at capacityPerSecond', () => {
    const { clock, bucket, drain } = fakeBucket(100, 10);
    drain();
    clock.now += 5;
    expect(bucket.available()).to.be.closeTo(0.5, 1e-12);
    expect(bucket.tryTake()).to.equal(false);
    clock.now += 5;
    expect(drain()).to.equal(1);
  });

  it('should grant 50 more after 500 ms at 100/s, taken one at a time as they accrue', () => {
    const { clock, drain } = fakeBucket(100, 10);
    drain();
    let granted = 0;
    for (let ms = 0; ms < 500; ms++) {
      clock.now += 1;
      granted += drain();
    }
    expect(granted).to.equal(50);
  });

  it('should accept exactly capacity × time + burst over a long window', () => {
    const { clock, drain } = fakeBucket(100, 10);
    let granted = drain();
    for (let ms = 0; ms < 10_000; ms++) {
      clock.now += 1;
      granted += drain();
    }
    expect(granted).to.equal(100 * 10 + 10);
  });

  it('should stay exact with rates and steps that are not round in binary', () => {
    // Burst 2, not 1: a 7 ms step can carry the bucket past 1 token, and a burst of 1 would
    // (rightly) clip that overshoot, which is the bucket working, not drifting.
    const { clock, drain } = fakeBucket(3, 2);
    let granted = drain();
    for (let step = 0; step < 10_000; step++) {
      clock.now += 7;
      granted += drain();
    }
    expect(granted).to.equal(3 * 70 + 2);
  });

  it('should never hold more than burst, however long it idles', () => {
    const { clock, bucket, drain } = fakeBucket(100, 10);
    drain();
    clock.now += 3_600_000;
    expect(bucket.available()).to.equal(10);
    expect(drain()).to.equal(10);
  });

  it('should say how long until the next token', () => {
    const { clock, bucket, drain } = fakeBucket(100, 10);
    expect(bucket.msUntilAvailable()).to.equal(0);
    drain();
    expect(bucket.msUntilAvailable()).to.equal(10);
    clock.now += 4;
    expect(bucket.msUntilAvailable()).to.be.closeTo(6, 1e-9);
  });

  it('should credit time before a rate change at the old rate and after it at the new one', () => {
    const { clock, bucket, drain } = fakeBucket(100, 100);
    drain();
    clock.now = 1000;
    bucket.setRate(10, 100, 500); // 500 ms at 100/s, then 500 ms at 10/s
    expect(bucket.available()).to.equal(55);
    expect(bucket.capacityPerSecond).to.equal(10);
  });

  it('should drop tokens above a smaller new burst', () => {
    const { bucket } = fakeBucket(100, 10);
    bucket.setRate(100, 2);
    expect(bucket.available()).to.equal(2);
    expect(bucket.burst).to.equal(2);
  });

  it('should neither gain nor lose tokens when the clock steps backwards', () => {
    const { clock, bucket, drain } = fakeBucket(100, 10);
    drain();
    clock.now = 50;
    expect(bucket.available()).to.equal(5);
    clock.now = 20;
    expect(bucket.available()).to.equal(5);
    clock.now = 60;
    expect(bucket.available()).to.equal(6);
  });

  it('should run on the `now` each call passes when it has no clock, full at the first one', () => {
    const bucket = new TokenBucket({ capacityPerSecond: 10, burst: 2 });
    expect([5000, 5000, 5000, 5099, 5100].map((t) => bucket.tryTake(t))).to.deep.equal([
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it('should describe its quota as its rate per whole seconds, the reset when it is full again', () => {
    const { clock, bucket, drain } = fakeBucket(50, 5);
    expect(bucket.state()).to.deep.equal({ limit: 50, remaining: 5, resetMs: 0, windowMs: 1000 });
    drain();
    clock.now += 30;
    expect(bucket.state()).to.deep.equal({ limit: 50, remaining: 1, resetMs: 70, windowMs: 1000 });
    // A window long enough to hold the burst; a rate below one per second, a whole number of seconds.
    expect(new TokenBucket({ capacityPerSecond: 10, burst: 100 }).state(0)).to.include({
      limit: 100,
      windowMs: 10_000,
    });
    expect(new TokenBucket({ capacityPerSecond: 0.25, burst: 1 }).state(0)).to.include({
      limit: 1,
      windowMs: 4000,
    });
  });

  it('should reject bad options, naming each with its rule and value', () => {
    expect(() => new TokenBucket({ capacityPerSecond: 0, burst: 0.5 })).to.throw(
      RangeError,
      'TokenBucket: 2 invalid options:\n  - capacityPerSecond must be a finite number > 0 (received 0)\n  - burst must be a finite number >= 1 (received 0.5)',
    );
  });
});
