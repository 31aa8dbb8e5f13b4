import { expect } from 'chai';
import { AimdThrottle } from '../../lib/throttle/AimdThrottle.js';
import { LEAST_RAISE } from '../../lib/throttle/raisedDelay.js';
import { PROBE_SHARE_PER_SECOND, PROBE_SPEEDUP_MS } from '../../lib/throttle/recoveredDelay.js';

/**
 * Successes of calls sent at the current epoch, `spacing` ms apart from `from` up to `until`
 * (exclusive); returns the time the next would come.
 */
function succeed(
  throttle: AimdThrottle,
  from: number,
  spacing: number,
  until: number,
  advertisedMs = 0,
): number {
  let at = from;
  for (; at < until; at += spacing) throttle.onSuccess(throttle.congestionEpoch, at, advertisedMs);
  return at;
}

/**
 * A throttle answered every `answerSpacing` ms for 2 s, then found at `delayMs` when a refusal
 * comes, at 1985 ms: the last second's answers are those from 1000 to 1980.
 */
function refusedAt(delayMs: number, answerSpacing: number): AimdThrottle {
  const throttle = new AimdThrottle({ maxDispatchDelayMs: 10_000 });
  throttle.adopt(delayMs, true);
  succeed(throttle, 0, answerSpacing, 1985);
  throttle.adopt(delayMs);
  expect(throttle.onCapacityError(throttle.congestionEpoch, 1985)).to.equal(true);
  return throttle;
}

describe('AimdThrottle with a clock (as the pool drives it)', () => {
  describe('raising to the pace of the last second', () => {
    it('should fall back to the pace the API kept, not to twice the delay', () => {
      // The pool had probed to 15 ms while the API let one call through every 20 ms (a full log).
      expect(refusedAt(15, 20).currentDelayMs).to.be.closeTo(20, 1e-9);
    });

    it(`should raise at least ×${LEAST_RAISE} when the delay was already near that pace`, () => {
      expect(refusedAt(19.9, 20).currentDelayMs).to.be.closeTo(19.9 * LEAST_RAISE, 1e-9);
    });

    it('should raise no more than the multiplier, however slow the pace measured', () => {
      expect(refusedAt(5, 50).currentDelayMs).to.be.closeTo(10, 1e-9);
    });

    it('should return fast to the measured pace after a raise', () => {
      const throttle = refusedAt(15, 20); // → 20, where the API pushed back
      throttle.adopt(40); // as if the raise had gone further: recovery runs back to 20 quickly
      succeed(throttle, 2000, 20, 3000);
      expect(throttle.currentDelayMs).to.be.within(19, 21);
    });
  });

  describe('probing in time', () => {
    it('should shed 5% of the delay a second just after an event, more with the square of the calm', () => {
      const throttle = new AimdThrottle({ maxDispatchDelayMs: 10_000 });
      throttle.adopt(100, true); // congestion delay 100: recovery probes below it from here
      throttle.onSuccess(throttle.congestionEpoch, 0); // the calm starts
      const shares: number[] = [];
      for (let at = 100; at <= 3000; at += 100) {
        const before = throttle.currentDelayMs;
        throttle.onSuccess(throttle.congestionEpoch, at);
        shares.push((before - throttle.currentDelayMs) / before);
      }
      const expected = (calmMs: number): number =>
        PROBE_SHARE_PER_SECOND * (1 + (calmMs / PROBE_SPEEDUP_MS) ** 2) * 0.1;
      expect(shares[0]).to.be.closeTo(expected(100), 1e-12); // 0.5% in the first 100 ms
      expect(shares[9]).to.be.closeTo(expected(1000), 1e-12); // twice that after 1 s
      expect(shares[29]).to.be.closeTo(expected(3000), 1e-12); // ten times after 3 s
    });
  });

  describe('an opening burst', () => {
    // 50 calls let through in the first 250 ms, then refused until the window frees them again.
    function burstThenClosed(reopenAt: number, advertisedMs = 0): AimdThrottle {
      const throttle = new AimdThrottle();
      succeed(throttle, 5, 5, 255, advertisedMs);
      expect(throttle.onCapacityError(throttle.congestionEpoch, 260)).to.equal(true);
      expect(throttle.currentDelayMs, 'no pace measured yet: the bootstrap raise').to.equal(50);
      throttle.onSuccess(throttle.congestionEpoch, reopenAt, advertisedMs); // a probe gets through
      return throttle;
    }

    it('should take the pace kept over the burst and its closure as the limit, once the API reopens', () => {
      // 51 successes from 5 to 1400 ms: recovery returns to that pace, not to the burst's 5 ms.
      const kept = (1400 - 5) / 51;
      expect(burstThenClosed(1400).currentDelayMs).to.be.within(kept, kept * 1.1);
    });

    it("should not take it slower than the server's headers advertise", () => {
      expect(burstThenClosed(1400, 20).currentDelayMs).to.be.within(20, 22);
    });
  });
});
