import { expect } from 'chai';
import { KeptPace } from '../../lib/throttle/KeptPace.js';

/** Records successes `spacing` ms apart from `from`, `count` of them; returns the last time. */
function answers(pace: KeptPace, from: number, spacing: number, count: number): number {
  let at = from;
  for (let i = 0; i < count; i++) pace.record((at = from + i * spacing));
  return at;
}

describe('KeptPace', () => {
  it('should measure the spacing of the successes answered in the last second', () => {
    const pace = new KeptPace();
    const last = answers(pace, 0, 20, 100); // 50 a second for 2 s
    expect(pace.lastSecondMs(last)).to.equal(20);
  });

  it('should forget what is older than a second', () => {
    const pace = new KeptPace();
    const slow = answers(pace, 0, 50, 40); // 20 a second for 2 s…
    const last = answers(pace, slow + 10, 10, 100); // …then 100 a second for 1 s
    expect(pace.lastSecondMs(last)).to.equal(10);
  });

  it('should measure nothing before the first success is a second old: an opening burst is no pace', () => {
    const pace = new KeptPace();
    const last = answers(pace, 0, 5, 50); // 50 in 250 ms
    expect(pace.lastSecondMs(last)).to.equal(0);
    expect(pace.lastSecondMs(999)).to.equal(0);
    // A second after the first answer, that one has just left the window: 49 remain.
    expect(pace.lastSecondMs(1000)).to.equal(1000 / 49);
  });

  it('should measure nothing from fewer than 8 successes in the second', () => {
    const pace = new KeptPace();
    answers(pace, 0, 200, 12); // 5 a second
    expect(pace.lastSecondMs(2200)).to.equal(0);
  });

  it('should measure over the span of the last 256 when more came within the second', () => {
    const pace = new KeptPace();
    const last = answers(pace, 0, 2, 1000); // 500 a second for 2 s
    expect(pace.lastSecondMs(last)).to.equal((255 * 2) / 256);
  });
});

describe('KeptPace over an opening burst', () => {
  it('should give the pace kept through the burst and its closure at the reopening, once', () => {
    const pace = new KeptPace();
    answers(pace, 5, 5, 50); // 50 answered from 5 to 250 ms
    pace.raised(false, 255); // refused before a second of answers: no pace known
    pace.record(1405); // the API reopens
    expect(pace.reopened(1405, 0)).to.equal(1400 / 51);
    // The next reopening starts a new cycle, and only an unmeasured raise is judged.
    answers(pace, 1500, 20, 60);
    pace.raised(true, 2700);
    pace.record(2800);
    expect(pace.reopened(2800, 0)).to.equal(0);
  });

  it('should judge nothing after a short closure: a bucket refilling as it goes, not a spent window', () => {
    const pace = new KeptPace();
    answers(pace, 50, 3, 30); // 30 answered from 50 to 137 ms
    pace.raised(false, 150);
    pace.record(450); // reopened 300 ms later: longer than the burst, shorter than half a second
    expect(pace.reopened(450, 0)).to.equal(0);
  });

  it('should not take it slower than the headers advertise', () => {
    const pace = new KeptPace();
    answers(pace, 5, 5, 50);
    pace.raised(false, 255);
    pace.record(1405);
    expect(pace.reopened(1405, 20)).to.equal(20);
  });
});
