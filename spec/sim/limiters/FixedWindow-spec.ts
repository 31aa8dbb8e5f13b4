// The fixed window, driven by `now` arguments (virtual time): exact counts, no real waiting.
import { expect } from 'chai';
import { FixedWindow } from '../../../lib/sim/limiters/FixedWindow.js';
import { admittedAt } from './helpers.js';

describe('FixedWindow', () => {
  it('should admit limit requests per window and refuse the rest until the boundary', () => {
    const window = new FixedWindow({ limit: 3, windowMs: 1000, startMs: 0 });
    expect(admittedAt(window, [0, 10, 20, 30, 999])).to.deep.equal([true, true, true, false, false]);
    expect(admittedAt(window, [1000, 1000, 1000, 1000])).to.deep.equal([true, true, true, false]);
  });

  it('should align windows to the start, not to the first request', () => {
    const window = new FixedWindow({ limit: 1, windowMs: 1000, startMs: 0 });
    expect(admittedAt(window, [900, 950, 1000])).to.deep.equal([true, false, true]);
  });

  it('should take the clock reading at construction as the start', () => {
    const clock = { now: 500 };
    const window = new FixedWindow({ limit: 1, windowMs: 1000, clock: () => clock.now });
    expect(window.tryTake()).to.equal(true);
    clock.now = 1499;
    expect(window.tryTake()).to.equal(false);
    clock.now = 1500;
    expect(window.tryTake()).to.equal(true);
  });

  it('should take the first `now` as the start when there is neither clock nor startMs', () => {
    const window = new FixedWindow({ limit: 1, windowMs: 100 });
    expect(admittedAt(window, [250, 349, 350])).to.deep.equal([true, false, true]);
  });

  it('should say how long until the window reopens, and 0 while it is open', () => {
    const window = new FixedWindow({ limit: 2, windowMs: 1000, startMs: 0 });
    expect(window.msUntilAvailable(100)).to.equal(0);
    admittedAt(window, [100, 200]);
    expect(window.msUntilAvailable(250)).to.equal(750);
    expect(window.msUntilAvailable(1000)).to.equal(0);
  });

  it('should describe its quota: limit, remaining, the reset at the window end, the window', () => {
    const window = new FixedWindow({ limit: 5, windowMs: 10_000, startMs: 0 });
    admittedAt(window, [1000, 2000]);
    expect(window.state(2500)).to.deep.equal({ limit: 5, remaining: 3, resetMs: 7500, windowMs: 10_000 });
    admittedAt(window, [3000, 3000, 3000, 3000]);
    expect(window.state(3000)).to.deep.equal({ limit: 5, remaining: 0, resetMs: 7000, windowMs: 10_000 });
    expect(window.state(12_000)).to.deep.equal({ limit: 5, remaining: 5, resetMs: 8000, windowMs: 10_000 });
  });

  it('should count nothing back when time steps backwards', () => {
    const window = new FixedWindow({ limit: 1, windowMs: 1000, startMs: 0 });
    expect(admittedAt(window, [1500, 900, 1600])).to.deep.equal([true, false, false]);
  });

  it('should reject bad options, naming each with its rule and value', () => {
    expect(() => new FixedWindow({ limit: 0.5, windowMs: -1 })).to.throw(
      RangeError,
      'FixedWindow: 2 invalid options:\n  - limit must be an integer >= 1 (received 0.5)\n  - windowMs must be a finite number > 0 (received -1)',
    );
    expect(() => new FixedWindow({ limit: 1, windowMs: 1, clock: 5 as never })).to.throw(
      TypeError,
      'FixedWindow: clock must be a function returning milliseconds (received 5)',
    );
  });

  it('should say so when it has neither `now` nor a clock to read', () => {
    expect(() => new FixedWindow({ limit: 1, windowMs: 1 }).tryTake()).to.throw(
      TypeError,
      'FixedWindow: time must be finite milliseconds (received no `now` and no clock)',
    );
    expect(() => new FixedWindow({ limit: 1, windowMs: 1 }).tryTake(NaN)).to.throw(TypeError, 'now NaN');
  });
});
