import { expect } from 'chai';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { MAX_TIMER_MS, scheduleSafely } from '../../lib/internal/safeDelay.js';
import { recordingScheduler } from '../helpers/recordingScheduler.js';

function virtual() {
  const clock = new VirtualTimeScheduler(VirtualAction, Infinity);
  return { clock, scheduler: recordingScheduler(clock) };
}

describe('scheduleSafely', () => {
  it('should hand a delay a timer can hold to the scheduler as it is', () => {
    const { clock, scheduler } = virtual();
    const fired: number[] = [];
    scheduleSafely(scheduler, () => fired.push(clock.now()), MAX_TIMER_MS);
    clock.flush();
    expect(scheduler.delays).to.deep.equal([MAX_TIMER_MS]);
    expect(fired).to.deep.equal([MAX_TIMER_MS]);
  });

  it('should wait a longer delay in steps no timer overflows, and run the work when due', () => {
    const { clock, scheduler } = virtual();
    const fired: number[] = [];
    const delay = 3 * MAX_TIMER_MS + 5;
    scheduleSafely(scheduler, () => fired.push(clock.now()), delay);
    clock.flush();
    expect(fired).to.deep.equal([delay]);
    expect(scheduler.delays).to.deep.equal([MAX_TIMER_MS, MAX_TIMER_MS, MAX_TIMER_MS, 5]);
  });

  it('should cancel whichever step is pending when unsubscribed', () => {
    const { clock, scheduler } = virtual();
    let fired = false;
    const subscription = scheduleSafely(scheduler, () => (fired = true), 2 * MAX_TIMER_MS);
    clock.schedule(() => subscription.unsubscribe(), MAX_TIMER_MS + 1);
    clock.flush();
    expect(fired).to.equal(false);
    expect(scheduler.delays).to.deep.equal([MAX_TIMER_MS, MAX_TIMER_MS]);
  });
});
