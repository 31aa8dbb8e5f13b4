import { expect } from 'chai';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';
import { AimdThrottle, type AimdThrottleOptions } from '../../lib/throttle/AimdThrottle.js';

function errors(throttle: AimdThrottle, n: number): number[] {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    throttle.onCapacityError();
    seen.push(throttle.currentDelayMs);
  }
  return seen;
}

function recorded(throttle: AimdThrottle): number[] {
  const values: number[] = [];
  throttle.delay$.subscribe((v) => values.push(v));
  return values;
}

describe('AimdThrottle', () => {
  describe('settings', () => {
    it('should default to min 0, max 5000, ×2 and step 50', () => {
      expect(new AimdThrottle().settings).to.deep.equal({
        minDispatchDelayMs: 0,
        maxDispatchDelayMs: 5000,
        backoffMultiplier: 2,
        recoveryStepMs: 50,
      });
    });

    it('should expose frozen settings', () => {
      expect(Object.isFrozen(new AimdThrottle({ recoveryStepMs: 20 }).settings)).to.equal(true);
    });

    const invalid: [AimdThrottleOptions, string][] = [
      [{ minDispatchDelayMs: -1 }, 'minDispatchDelayMs'],
      [{ maxDispatchDelayMs: 0 }, 'maxDispatchDelayMs'],
      [{ minDispatchDelayMs: 200, maxDispatchDelayMs: 100 }, 'maxDispatchDelayMs'],
      [{ backoffMultiplier: 1 }, 'backoffMultiplier'],
      [{ recoveryStepMs: NaN }, 'recoveryStepMs'],
      [{ minDispatchDelayMs: 0, recoveryStepMs: 0 }, 'recoveryStepMs'],
    ];
    for (const [options, field] of invalid) {
      it(`should throw PoolConfigError naming ${field} for ${inspect(options)}`, () => {
        expect(() => new AimdThrottle(options))
          .to.throw(PoolConfigError)
          .with.property('message')
          .that.includes(`\`${field}\``);
      });
    }

    it('should report every invalid field at once', () => {
      expect(() => new AimdThrottle({ minDispatchDelayMs: -1, backoffMultiplier: 0.5 }))
        .to.throw(PoolConfigError)
        .with.property('problems')
        .with.length(2);
    });

    it('should not pass oncePerCongestionEvent to the config decoder', () => {
      expect(() => new AimdThrottle({ oncePerCongestionEvent: false })).to.not.throw();
    });

    it('should report an unknown option instead of running with the default it was meant to change', () => {
      const known =
        'known: minDispatchDelayMs, maxDispatchDelayMs, backoffMultiplier, recoveryStepMs, oncePerCongestionEvent, recovery';
      expect(() => new AimdThrottle({ maxDispatchDelay: 100 } as never)).to.throw(
        PoolConfigError,
        `\`maxDispatchDelay\` is not a known option (did you mean maxDispatchDelayMs? ${known}), received 100`,
      );
      expect(() => new AimdThrottle({ poolSize: 4 } as never)).to.throw(
        PoolConfigError,
        '`poolSize` is not a known option',
      );
      expect(() => new AimdThrottle({ recoverystepms: 10 } as never)).to.throw(
        /did you mean recoveryStepMs\?/,
      );
    });
  });

  describe('capacity errors', () => {
    it('should start at 0 and go to 50 on the first error', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      expect(throttle.currentDelayMs).to.equal(0);
      expect(throttle.onCapacityError()).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(50);
    });

    it('should multiply the delay: 100 → 200 → 400', () => {
      const throttle = new AimdThrottle({ recoveryStepMs: 100 });
      expect(errors(throttle, 3)).to.deep.equal([100, 200, 400]);
    });

    it('should cap the delay at the maximum after many errors', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      const seen = errors(throttle, 20);
      expect(seen.slice(0, 8)).to.deep.equal([50, 100, 200, 400, 800, 1600, 3200, 5000]);
      expect(throttle.currentDelayMs).to.equal(5000);
      expect(throttle.onCapacityError()).to.equal(false);
    });

    it('should use a fractional multiplier as given', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', backoffMultiplier: 1.5, recoveryStepMs: 100 });
      expect(errors(throttle, 3)).to.deep.equal([100, 150, 225]);
    });

    it('should bootstrap to the recovery step from a positive floor (min 10 → 50, not 20)', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', minDispatchDelayMs: 10 });
      expect(throttle.currentDelayMs).to.equal(0);
      throttle.onSuccess(); // 0 → the floor
      expect(throttle.currentDelayMs).to.equal(10);
      expect(throttle.onCapacityError()).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(50);
    });

    it('should bootstrap to the minimum when it exceeds the step (min 100, step 50 → 100, then 200)', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', minDispatchDelayMs: 100, recoveryStepMs: 50 });
      expect(errors(throttle, 3)).to.deep.equal([100, 200, 400]);
    });

    it('should not stick at a floor that equals the bootstrap value', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', minDispatchDelayMs: 100, recoveryStepMs: 50 });
      throttle.onSuccess(); // 0 → 100
      expect(throttle.onCapacityError()).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(200);
      throttle.onSuccess();
      throttle.onSuccess(); // back to the floor, 100
      expect(throttle.onCapacityError()).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(200);
    });

    it('should bootstrap again once successes bring the delay back to the floor', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', minDispatchDelayMs: 10 });
      errors(throttle, 2); // 50, 100
      for (let i = 0; i < 5; i++) throttle.onSuccess();
      expect(throttle.currentDelayMs).to.equal(10);
      throttle.onCapacityError();
      expect(throttle.currentDelayMs).to.equal(50);
    });

    it('should never move when min equals max', () => {
      const throttle = new AimdThrottle({
        recovery: 'linear',
        minDispatchDelayMs: 300,
        maxDispatchDelayMs: 300,
      });
      expect(throttle.onCapacityError()).to.equal(true); // 0 → 300, the fixed delay
      expect(errors(throttle, 2)).to.deep.equal([300, 300]);
      expect(throttle.congestionEpoch).to.equal(1);
      throttle.onSuccess();
      expect(throttle.currentDelayMs).to.equal(300);
      expect(throttle.stats().capacityRetries).to.equal(3);
    });
  });

  describe('successes', () => {
    it('should step the delay down by the recovery step and floor it at the minimum', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', minDispatchDelayMs: 20, recoveryStepMs: 50 });
      errors(throttle, 3); // 50, 100, 200
      const seen: number[] = [];
      for (let i = 0; i < 6; i++) {
        throttle.onSuccess();
        seen.push(throttle.currentDelayMs);
      }
      expect(seen).to.deep.equal([150, 100, 50, 20, 20, 20]);
    });

    it('should floor at 0 with the defaults', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      throttle.onCapacityError();
      throttle.onSuccess();
      throttle.onSuccess();
      expect(throttle.currentDelayMs).to.equal(0);
    });
  });

  describe('stats', () => {
    it('should count capacity retries and successes', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      errors(throttle, 3);
      throttle.onSuccess();
      throttle.onSuccess();
      expect(throttle.stats()).to.deep.equal({
        capacityRetries: 3,
        successes: 2,
        peakDelayMs: 200,
        currentDelayMs: 100,
        totalThrottleTimeMs: 0,
      });
    });

    it('should track the peak delay after the delay falls', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      errors(throttle, 4); // 400
      for (let i = 0; i < 8; i++) throttle.onSuccess();
      expect(throttle.stats().peakDelayMs).to.equal(400);
      expect(throttle.stats().currentDelayMs).to.equal(0);
    });

    it('should add throttle time and ignore negative or non-finite spans', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      throttle.addThrottleTime(120);
      throttle.addThrottleTime(30.5);
      throttle.addThrottleTime(0);
      throttle.addThrottleTime(-10);
      throttle.addThrottleTime(NaN);
      throttle.addThrottleTime(Infinity);
      expect(throttle.stats().totalThrottleTimeMs).to.equal(150.5);
    });

    it('should reset counters, keep the delay and set the peak to the current delay', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      errors(throttle, 4); // peak 400
      throttle.onSuccess(); // 350
      throttle.addThrottleTime(99);
      const epoch = throttle.congestionEpoch;
      throttle.resetStats();
      expect(throttle.currentDelayMs).to.equal(350);
      expect(throttle.congestionEpoch).to.equal(epoch);
      expect(throttle.stats()).to.deep.equal({
        capacityRetries: 0,
        successes: 0,
        peakDelayMs: 350,
        currentDelayMs: 350,
        totalThrottleTimeMs: 0,
      });
    });

    it('should return a snapshot, not a live view', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      const before = throttle.stats();
      throttle.onCapacityError();
      expect(before.capacityRetries).to.equal(0);
    });
  });

  describe('delay$', () => {
    it('should emit the current delay on subscribe, then each change', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      const values = recorded(throttle);
      errors(throttle, 2);
      throttle.onSuccess();
      expect(values).to.deep.equal([0, 50, 100, 50]);
    });

    it('should not emit when the value is unchanged', () => {
      const throttle = new AimdThrottle({ recovery: 'linear', maxDispatchDelayMs: 100 });
      const values = recorded(throttle);
      throttle.onSuccess(); // already at the floor
      errors(throttle, 4); // 50, 100, capped, capped
      throttle.onCapacityError(0); // from an old epoch: ignored
      expect(values).to.deep.equal([0, 50, 100]);
    });

    it('should give a late subscriber the current value', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      errors(throttle, 3);
      expect(recorded(throttle)).to.deep.equal([200]);
    });

    it('should not expose the subject', () => {
      const throttle = new AimdThrottle({ recovery: 'linear' });
      expect(throttle.delay$).to.not.have.property('next');
    });
  });

  describe('once per congestion event', () => {
    it('should count but not raise for a call dispatched before the last raise', () => {
      const throttle = new AimdThrottle();
      const epochAtDispatch = throttle.congestionEpoch; // three calls sent at epoch 0
      expect(throttle.onCapacityError(epochAtDispatch)).to.equal(true);
      expect(throttle.congestionEpoch).to.equal(1);
      expect(throttle.onCapacityError(epochAtDispatch)).to.equal(false);
      expect(throttle.onCapacityError(epochAtDispatch)).to.equal(false);
      expect(throttle.currentDelayMs).to.equal(50);
      expect(throttle.congestionEpoch).to.equal(1);
      expect(throttle.stats().capacityRetries).to.equal(3);
    });

    it('should raise for a call dispatched after the last raise once a success reopened the API', () => {
      const throttle = new AimdThrottle();
      throttle.onCapacityError(throttle.congestionEpoch);
      const epochAtDispatch = throttle.congestionEpoch;
      throttle.onSuccess(epochAtDispatch); // 50 → 50 (the gap to the congestion delay, 0, is one step)
      expect(throttle.closed).to.equal(false);
      const delay = throttle.currentDelayMs;
      expect(throttle.onCapacityError(throttle.congestionEpoch)).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(delay * 2);
      expect(throttle.congestionEpoch).to.equal(2);
    });

    it('should take the API to be closed after a raise, and lengthen the probe interval, not the delay, for refusals of calls sent since', () => {
      const throttle = new AimdThrottle();
      expect(throttle.onCapacityError(0, 0)).to.equal(true);
      expect(throttle).to.include({ closed: true, probeIntervalMs: 50, currentDelayMs: 50 });
      expect(throttle.onCapacityError(1, 60)).to.equal(false); // a probe, refused
      expect(throttle.onCapacityError(1, 140)).to.equal(false);
      expect(throttle.probeIntervalMs).to.be.closeTo(100, 1e-9); // ×√2 per refused probe
      expect(throttle).to.include({ closed: true, currentDelayMs: 50, congestionEpoch: 1 });
      expect(throttle.stats().capacityRetries).to.equal(3);
    });

    it('should not reopen on the success of a call sent before the raise, nor recover then', () => {
      const throttle = new AimdThrottle();
      throttle.onCapacityError(0, 0);
      throttle.onSuccess(0, 10);
      expect(throttle).to.include({ closed: true, currentDelayMs: 50 });
      throttle.onSuccess(1, 20);
      expect(throttle.closed).to.equal(false);
    });

    it('should always raise when no dispatch epoch is given', () => {
      const throttle = new AimdThrottle();
      throttle.onCapacityError(0);
      expect(errors(throttle, 2)).to.deep.equal([100, 200]);
      expect(throttle.congestionEpoch).to.equal(3);
    });

    it('should always raise when the option is false', () => {
      const throttle = new AimdThrottle({ oncePerCongestionEvent: false });
      for (let i = 0; i < 3; i++) expect(throttle.onCapacityError(0)).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(200);
      expect(throttle.congestionEpoch).to.equal(3);
    });

    it('should not open an event while capped, so the next wave still raises after a recovery', () => {
      const throttle = new AimdThrottle({ maxDispatchDelayMs: 100 });
      errors(throttle, 2); // 50, 100 (epoch 2)
      const epochAtDispatch = throttle.congestionEpoch;
      expect(throttle.onCapacityError(epochAtDispatch)).to.equal(false); // capped
      expect(throttle.congestionEpoch).to.equal(2);
      throttle.onSuccess(); // 50
      expect(throttle.onCapacityError(epochAtDispatch)).to.equal(true);
      expect(throttle.currentDelayMs).to.equal(100);
    });
  });

  describe('adaptive recovery (default)', () => {
    it('should close 30% of the gap to the last congestion delay per success, at most one step', () => {
      const throttle = new AimdThrottle();
      errors(throttle, 3); // 50 → 100 → 200: the API pushed back at 100.
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        throttle.onSuccess();
        seen.push(+throttle.currentDelayMs.toFixed(3));
      }
      // Gap 100 → shed min(50, 30) = 30; gap 70 → 21; gap 49 → 14.7.
      expect(seen).to.deep.equal([170, 149, 134.3]);
    });

    it('should never shed more than recoveryStepMs in one success', () => {
      const throttle = new AimdThrottle({ recoveryStepMs: 10, maxDispatchDelayMs: 10_000 });
      errors(throttle, 8); // 10, 20, …, 1280: congestion at 640.
      throttle.onSuccess();
      expect(throttle.currentDelayMs).to.equal(1270);
    });

    it('should probe slowly, 0.3% per success, at or below the last congestion delay', () => {
      const throttle = new AimdThrottle();
      errors(throttle, 2); // 50 → 100: congestion at 50.
      let successes = 0;
      while (throttle.currentDelayMs > 50) {
        throttle.onSuccess();
        successes++;
      }
      expect(successes).to.be.below(20);
      const near = throttle.currentDelayMs;
      expect(near).to.be.within(49.8, 50);
      throttle.onSuccess();
      // 0.3%, plus 0.3% for every 32 successes since the event (see the next case).
      expect(throttle.currentDelayMs).to.be.closeTo(near * (1 - 0.003 * (1 + successes / 32)), 1e-9);
    });

    it('should probe faster the longer no congestion event comes', () => {
      // A large step, so that no shed below is capped by it.
      const throttle = new AimdThrottle({ recoveryStepMs: 1000, maxDispatchDelayMs: 100_000 });
      errors(throttle, 4); // 1000 … 8000: congestion at 4000.
      while (throttle.currentDelayMs > 4000) throttle.onSuccess();
      const sheds: number[] = [];
      for (let i = 0; i < 200; i++) {
        const before = throttle.currentDelayMs;
        throttle.onSuccess();
        sheds.push((before - throttle.currentDelayMs) / before);
      }
      // One more 0.3% share every 32 calm successes: the share keeps growing.
      expect(sheds[199]! / sheds[0]!).to.be.above(5);
      expect(sheds.every((share, i) => i === 0 || share >= sheds[i - 1]!)).to.equal(true);
      const congestion = throttle.currentDelayMs;
      throttle.onCapacityError(); // a new event: probing starts gentle again
      while (throttle.currentDelayMs > congestion) throttle.onSuccess();
      const gentle = throttle.currentDelayMs;
      throttle.onSuccess();
      expect((gentle - throttle.currentDelayMs) / gentle).to.be.below(sheds[199]!);
    });

    it('should snap to the floor once within 0.1 ms of it', () => {
      const throttle = new AimdThrottle();
      throttle.onCapacityError(); // 0 → 50, congestion at 0: the gap closes 30% per success.
      let successes = 0;
      while (throttle.currentDelayMs > 0 && successes < 100) {
        throttle.onSuccess();
        successes++;
      }
      expect(throttle.currentDelayMs).to.equal(0);
      expect(successes).to.be.below(30);
    });

    it('should reject an unknown recovery rule naming the option', () => {
      expect(() => new AimdThrottle({ recovery: 'fast' as never })).to.throw(
        PoolConfigError,
        "`recovery` must be 'adaptive' or 'linear', received \"fast\"",
      );
    });
  });

  describe('invariants', () => {
    const settings = fc
      .record({
        minDispatchDelayMs: fc.integer({ min: 0, max: 2000 }),
        span: fc.integer({ min: 0, max: 10_000 }),
        backoffMultiplier: fc.double({ min: 1.01, max: 10, noNaN: true }),
        recoveryStepMs: fc.integer({ min: 0, max: 1000 }),
        oncePerCongestionEvent: fc.boolean(),
        recovery: fc.constantFrom('adaptive' as const, 'linear' as const),
      })
      .map(({ minDispatchDelayMs, span, recoveryStepMs, ...rest }) => ({
        ...rest,
        minDispatchDelayMs,
        maxDispatchDelayMs: Math.max(1, minDispatchDelayMs + span),
        recoveryStepMs: minDispatchDelayMs === 0 && recoveryStepMs === 0 ? 1 : recoveryStepMs,
      }));
    // An event: a success, or a capacity error whose call was dispatched `lag` raises ago
    // (undefined: no epoch passed, as elspeth did).
    const event = fc.oneof(
      fc.constant({ kind: 'success' as const }),
      fc.record({ kind: fc.constant('error' as const), lag: fc.option(fc.nat(3), { nil: undefined }) }),
    );

    it('should keep min ≤ current ≤ max and peak ≥ current for any sequence of errors and successes', () => {
      fc.assert(
        fc.property(settings, fc.array(event, { maxLength: 200 }), (options, events) => {
          const throttle = new AimdThrottle(options);
          const { minDispatchDelayMs: min, maxDispatchDelayMs: max } = throttle.settings;
          // The delay starts at 0 (DESIGN.md); from the first event on it stays within [min, max].
          expect(throttle.currentDelayMs).to.equal(0);
          const check = (): void => {
            const { currentDelayMs, peakDelayMs } = throttle.stats();
            expect(currentDelayMs).to.be.within(min, max);
            expect(peakDelayMs).to.be.at.least(currentDelayMs);
          };
          let [retries, successes] = [0, 0];
          for (const e of events) {
            if (e.kind === 'success') {
              throttle.onSuccess();
              successes++;
            } else {
              const before = throttle.currentDelayMs;
              const epoch = e.lag === undefined ? undefined : Math.max(0, throttle.congestionEpoch - e.lag);
              // With an epoch, an error from a call sent since the last raise, while the API is
              // taken to be closed, says only that it still is (see Closure.ts).
              const counts =
                !options.oncePerCongestionEvent ||
                epoch === undefined ||
                (epoch >= throttle.congestionEpoch && !throttle.closed);
              const raised = throttle.onCapacityError(epoch);
              expect(raised).to.equal(throttle.currentDelayMs > before);
              // Never stuck: an error that counts always raises a delay that is below the maximum.
              expect(raised).to.equal(counts && before < max);
              retries++;
            }
            check();
          }
          expect(throttle.stats().capacityRetries).to.equal(retries);
          expect(throttle.stats().successes).to.equal(successes);
        }),
      );
    });
  });
});
