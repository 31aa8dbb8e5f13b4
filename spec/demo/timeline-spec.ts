import { expect } from 'chai';
import { bucketEvents, phaseFigures } from '../../lib/demo/timeline.js';
import type { SimulatedApiEvents } from '../../lib/sim/EventLog.js';

function events(list: Array<[tMs: number, code: number]>): SimulatedApiEvents {
  return {
    count: list.length,
    tMs: Float64Array.from(list.map(([t]) => t)),
    code: Uint16Array.from(list.map(([, code]) => code)),
  };
}

describe('bucketEvents', () => {
  it('should count admissions and capacity refusals per second, ignoring the rest', () => {
    const log = events([
      [0, 200],
      [10, 429],
      [999, 500], // admitted, then a simulated fault: it took a token
      [1000, 503],
      [1500, 400],
      [1600, 405], // refused before the token bucket
      [1700, 0], // still in flight
      [2100, 200],
    ]);
    expect(bucketEvents(log, 3000)).to.deep.equal([
      { startMs: 0, endMs: 1000, accepted: 2, rejected: 1 },
      { startMs: 1000, endMs: 2000, accepted: 1, rejected: 1 },
      { startMs: 2000, endMs: 3000, accepted: 1, rejected: 0 },
    ]);
  });

  it('should merge a last bucket shorter than half a bucket into the one before', () => {
    const log = events([
      [900, 200],
      [1100, 200],
      [1250, 429],
    ]);
    expect(bucketEvents(log, 1300)).to.deep.equal([{ startMs: 0, endMs: 1300, accepted: 2, rejected: 1 }]);
    expect(bucketEvents(log, 1600)).to.have.length(2);
  });

  it('should give no buckets for an empty run', () => {
    expect(bucketEvents(events([]), 0)).to.deep.equal([]);
  });
});

describe('phaseFigures', () => {
  it('should give goodput and rejections per capacity phase, up to the end of the run', () => {
    const log = events([
      [100, 200],
      [200, 429],
      [900, 200],
      [1200, 200],
      [1300, 429],
      [1400, 429],
    ]);
    const capacity = [
      { atMs: 0, capacityPerSecond: 100 },
      { atMs: 1000, capacityPerSecond: 50 },
      { atMs: 5000, capacityPerSecond: 25 }, // after the run: left out
    ];
    expect(phaseFigures(log, capacity, 1500)).to.deep.equal([
      { startMs: 0, endMs: 1000, capacityPerSecond: 100, requests: 3, rejected: 1, goodputPerSecond: 2 },
      { startMs: 1000, endMs: 1500, capacityPerSecond: 50, requests: 3, rejected: 2, goodputPerSecond: 2 },
    ]);
  });
});
