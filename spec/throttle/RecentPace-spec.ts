import { expect } from 'chai';
import { RecentPace } from '../../lib/throttle/RecentPace.js';

/** Records successes `spacing` ms apart from `from`, `count` of them; returns the last time. */
function answers(pace: RecentPace, from: number, spacing: number, count: number): number {
  let at = from;
  for (let i = 0; i < count; i++) pace.record((at = from + i * spacing));
  return at;
}

describe('RecentPace', () => {
  it('should measure the spacing of the successes answered in the last second', () => {
    const pace = new RecentPace();
    const last = answers(pace, 0, 20, 100); // 50 a second for 2 s
    expect(pace.spacingMs(last)).to.equal(20);
  });

  it('should forget what is older than a second', () => {
    const pace = new RecentPace();
    const slow = answers(pace, 0, 50, 40); // 20 a second for 2 s…
    const last = answers(pace, slow + 10, 10, 100); // …then 100 a second for 1 s
    expect(pace.spacingMs(last)).to.equal(10);
  });

  it('should measure nothing before the first success is a second old: an opening burst is no pace', () => {
    const pace = new RecentPace();
    const last = answers(pace, 0, 5, 50); // 50 in 250 ms
    expect(pace.spacingMs(last)).to.equal(0);
    expect(pace.spacingMs(999)).to.equal(0);
    // A second after the first answer, that one has just left the window: 49 remain.
    expect(pace.spacingMs(1000)).to.equal(1000 / 49);
  });

  it('should measure nothing from fewer than 8 successes in the second', () => {
    const pace = new RecentPace();
    answers(pace, 0, 200, 12); // 5 a second
    expect(pace.spacingMs(2200)).to.equal(0);
  });

  it('should measure over the span of the last 256 when more came within the second', () => {
    const pace = new RecentPace();
    const last = answers(pace, 0, 2, 1000); // 500 a second for 2 s
    expect(pace.spacingMs(last)).to.equal((255 * 2) / 256);
  });
});
