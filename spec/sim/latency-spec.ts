// The seeded randomness: reproducible draws, and a log-normal whose quantiles match the options.
import { expect } from 'chai';
import { outcomeDrawer } from '../../lib/sim/faults.js';
import { createRandom, deriveSeed, logNormalSampler } from '../../lib/sim/latency.js';

const draw = (next: () => number, n: number): number[] => Array.from({ length: n }, next);
const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!;

describe('createRandom', () => {
  it('should repeat the same sequence for the same seed', () => {
    expect(draw(createRandom(42), 100)).to.deep.equal(draw(createRandom(42), 100));
  });

  it('should give different sequences for different seeds, including a derived one', () => {
    const a = draw(createRandom(42), 20);
    expect(a).to.not.deep.equal(draw(createRandom(43), 20));
    expect(a).to.not.deep.equal(draw(createRandom(deriveSeed(42, 1)), 20));
  });

  it('should draw uniformly from [0, 1)', () => {
    const values = draw(createRandom(7), 20_000);
    expect(Math.min(...values)).to.be.at.least(0);
    expect(Math.max(...values)).to.be.below(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).to.be.closeTo(0.5, 0.01);
  });
});

describe('logNormalSampler', () => {
  it('should match the requested median and 99th percentile', () => {
    const sorted = draw(logNormalSampler(20, 80, createRandom(1)), 50_000).sort((a, b) => a - b);
    expect(sorted[0]).to.be.above(0);
    expect(quantile(sorted, 0.5)).to.be.closeTo(20, 0.5);
    expect(quantile(sorted, 0.99)).to.be.closeTo(80, 4);
  });

  it('should be constant when p99 equals the median, and zero for a zero median', () => {
    expect(new Set(draw(logNormalSampler(5, 5, createRandom(1)), 100))).to.deep.equal(new Set([5]));
    expect(new Set(draw(logNormalSampler(0, 0, createRandom(1)), 100))).to.deep.equal(new Set([0]));
  });
});

describe('outcomeDrawer', () => {
  it('should fail every request at rate 1 and none at rate 0', () => {
    expect(new Set(draw(outcomeDrawer(1, 0, createRandom(3)), 1000))).to.deep.equal(new Set([500]));
    expect(new Set(draw(outcomeDrawer(0, 1, createRandom(3)), 1000))).to.deep.equal(new Set([400]));
    expect(new Set(draw(outcomeDrawer(0, 0, createRandom(3)), 1000))).to.deep.equal(new Set([200]));
  });

  it('should split outcomes in the requested proportions', () => {
    const outcomes = draw(outcomeDrawer(0.2, 0.1, createRandom(5)), 20_000);
    const share = (code: number): number => outcomes.filter((o) => o === code).length / outcomes.length;
    expect(share(500)).to.be.closeTo(0.2, 0.01);
    expect(share(400)).to.be.closeTo(0.1, 0.01);
  });
});
