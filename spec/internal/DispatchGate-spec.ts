import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { DispatchGate } from '../../lib/internal/DispatchGate.js';
import { AimdThrottle } from '../../lib/throttle/AimdThrottle.js';

interface Setup {
  scheduler: TestScheduler;
  throttle: AimdThrottle;
  gate: DispatchGate;
  /** Virtual times at which the gate's timer woke the pool. */
  wakes: number[];
  wake: () => void;
  /** Runs `step` at virtual time `time` (inside `scheduler.run`). */
  at: (time: number, step: () => void) => void;
  /** Timers the gate has armed and not yet fired or cancelled (the test's own steps excluded). */
  armed: () => number;
}

function setup(minDispatchDelayMs = 0, recoveryStepMs = 50): Setup {
  const scheduler = new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected);
  });
  // Linear recovery keeps the delay arithmetic in these cases obvious; the gate does not care how
  // the throttle moves, only that it spaces by max(min, current).
  const throttle = new AimdThrottle({
    minDispatchDelayMs,
    recoveryStepMs,
    maxDispatchDelayMs: 1000,
    recovery: 'linear',
  });
  const gate = new DispatchGate(scheduler, throttle);
  const wakes: number[] = [];
  const steps = new Set<unknown>();
  return {
    scheduler,
    throttle,
    gate,
    wakes,
    wake: () => wakes.push(scheduler.now()),
    at: (time, step) => void steps.add(scheduler.schedule(step, time)),
    armed: () => scheduler.actions.filter((action) => !steps.has(action)).length,
  };
}

describe('DispatchGate', () => {
  describe('nextSlot', () => {
    it('should let the very first dispatch pass at once', () => {
      const { gate, throttle } = setup(30);
      throttle.onCapacityError();
      expect(throttle.currentDelayMs).to.equal(50);
      expect(gate.nextSlot()).to.equal(-Infinity);
    });

    it('should space dispatches by the minimum while the throttle is below it', () => {
      const { gate } = setup(30);
      gate.passed(100);
      expect(gate.nextSlot()).to.equal(130);
    });

    it('should space dispatches by max(min, throttle delay) as the delay moves', () => {
      const { gate, throttle } = setup(30, 50);
      gate.passed(100);
      throttle.onCapacityError(); // bootstrap to max(step, min) = 50
      expect(gate.nextSlot()).to.equal(150);
      throttle.onCapacityError(); // 100
      expect(gate.nextSlot()).to.equal(200);
      throttle.onSuccess(); // 50
      expect(gate.nextSlot()).to.equal(150);
      throttle.onSuccess(); // floored at the minimum, 30
      expect(gate.nextSlot()).to.equal(130);
    });

    it('should measure the spacing from the last dispatch only', () => {
      const { gate } = setup(10);
      gate.passed(0);
      gate.passed(5);
      expect(gate.nextSlot()).to.equal(15);
    });

    it('should be open at once with no minimum and no delay', () => {
      const { gate } = setup(0);
      gate.passed(40);
      expect(gate.nextSlot()).to.equal(40);
    });
  });

  describe('pauseUntil', () => {
    it('should hold even the first dispatch until the cooldown ends', () => {
      const { gate } = setup();
      gate.pauseUntil(500);
      expect(gate.nextSlot()).to.equal(500);
    });

    it('should never shorten a cooldown', () => {
      const { gate } = setup();
      gate.pauseUntil(500);
      gate.pauseUntil(200);
      expect(gate.nextSlot()).to.equal(500);
      gate.pauseUntil(700);
      expect(gate.nextSlot()).to.equal(700);
    });

    it('should take the later of the cooldown and the spacing', () => {
      const { gate } = setup(100);
      gate.passed(450);
      gate.pauseUntil(500);
      expect(gate.nextSlot()).to.equal(550);
      gate.pauseUntil(600);
      expect(gate.nextSlot()).to.equal(600);
    });
  });

  describe('waitUntil', () => {
    it('should wake the pool once, at the slot', () => {
      const { scheduler, gate, wakes, wake, at } = setup(50);
      scheduler.run(() => {
        at(0, () => {
          gate.passed(0);
          gate.waitUntil(gate.nextSlot(), 0, wake);
        });
      });
      expect(wakes).to.deep.equal([50]);
    });

    it('should arm one timer however often it is asked for the same slot', () => {
      const { scheduler, gate, wakes, wake, at, armed } = setup();
      scheduler.run(() => {
        at(0, () => {
          gate.waitUntil(50, 0, wake);
          gate.waitUntil(50, 0, wake);
          expect(armed()).to.equal(1);
        });
        at(20, () => {
          gate.waitUntil(50, 20, wake);
          expect(armed()).to.equal(1);
        });
      });
      expect(wakes).to.deep.equal([50]);
    });

    it('should re-arm for a later slot, dropping the earlier timer', () => {
      const { scheduler, gate, wakes, wake, at, armed } = setup();
      scheduler.run(() => {
        at(0, () => gate.waitUntil(50, 0, wake));
        at(10, () => {
          gate.waitUntil(80, 10, wake);
          expect(armed()).to.equal(1);
        });
      });
      expect(wakes).to.deep.equal([80]);
    });

    it('should re-arm for an earlier slot, dropping the later timer', () => {
      const { scheduler, gate, wakes, wake, at } = setup();
      scheduler.run(() => {
        at(0, () => gate.waitUntil(80, 0, wake));
        at(10, () => gate.waitUntil(30, 10, wake));
      });
      expect(wakes).to.deep.equal([30]);
    });

    it('should arm a fresh timer once the previous one has fired', () => {
      const { scheduler, gate, wakes, at } = setup();
      scheduler.run(() => {
        const wake = (): void => {
          wakes.push(scheduler.now());
          if (wakes.length === 1) gate.waitUntil(50, 20, wake);
        };
        at(0, () => gate.waitUntil(20, 0, wake));
      });
      expect(wakes).to.deep.equal([20, 50]);
    });
  });

  describe('idle', () => {
    it('should cancel the armed timer', () => {
      const { scheduler, gate, wakes, wake, at, armed } = setup();
      scheduler.run(() => {
        at(0, () => gate.waitUntil(50, 0, wake));
        at(20, () => {
          gate.idle();
          expect(armed()).to.equal(0);
        });
      });
      expect(wakes).to.deep.equal([]);
    });

    it('should be harmless with no timer armed', () => {
      const { gate, throttle } = setup();
      gate.idle();
      gate.idle();
      expect(throttle.stats().totalThrottleTimeMs).to.equal(0);
    });

    it('should let a later wait arm a new timer', () => {
      const { scheduler, gate, wakes, wake, at } = setup();
      scheduler.run(() => {
        at(0, () => gate.waitUntil(50, 0, wake));
        at(10, () => gate.idle());
        at(20, () => gate.waitUntil(50, 20, wake));
      });
      expect(wakes).to.deep.equal([50]);
    });
  });

  describe('throttle time', () => {
    it('should add the wait from the first waitUntil to the dispatch that ends it', () => {
      const { scheduler, gate, throttle, at } = setup(50);
      scheduler.run(() => {
        at(0, () => gate.passed(0));
        at(10, () => gate.waitUntil(gate.nextSlot(), 10, () => gate.passed(scheduler.now())));
      });
      expect(throttle.stats().totalThrottleTimeMs).to.equal(40);
    });

    it('should count a wait once, from its start, across re-armed timers', () => {
      const { scheduler, gate, throttle, at } = setup();
      const pass = (): void => gate.passed(scheduler.now());
      scheduler.run(() => {
        at(0, () => gate.waitUntil(50, 0, pass));
        at(10, () => gate.waitUntil(80, 10, pass));
        at(30, () => gate.waitUntil(80, 30, pass));
      });
      expect(throttle.stats().totalThrottleTimeMs).to.equal(80);
    });

    it('should close the wait when the gate goes idle', () => {
      const { scheduler, gate, throttle, wake, at } = setup();
      scheduler.run(() => {
        at(5, () => gate.waitUntil(50, 5, wake));
        at(35, () => gate.idle());
        at(40, () => gate.idle());
        at(60, () => gate.passed(60));
      });
      expect(throttle.stats().totalThrottleTimeMs).to.equal(30);
    });

    it('should add nothing for dispatches that never waited', () => {
      const { gate, throttle } = setup(10);
      gate.passed(0);
      gate.passed(10);
      gate.passed(25);
      expect(throttle.stats().totalThrottleTimeMs).to.equal(0);
    });

    it('should add every separate wait', () => {
      const { scheduler, gate, throttle, at } = setup(20);
      const pass = (): void => gate.passed(scheduler.now());
      scheduler.run(() => {
        at(0, () => gate.passed(0));
        at(5, () => gate.waitUntil(gate.nextSlot(), 5, pass)); // waits 15, passes at 20
        at(30, () => gate.waitUntil(gate.nextSlot(), 30, pass)); // waits 10, passes at 40
      });
      expect(throttle.stats().totalThrottleTimeMs).to.equal(25);
    });
  });
});
