import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';
import { range } from 'rxjs';
import { Pool } from '../../lib/Pool.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import { AimdThrottle } from '../../lib/throttle/AimdThrottle.js';
import { testScheduler } from '../helpers/marbles.js';
import { virtualApi } from '../helpers/virtualApi.js';

/**
 * The benchmark's adaptive scenario (bench/goodput), replayed in virtual time so it is exact and
 * repeatable: pool size 32, the default config, an API whose capacity the pool is not told.
 * Goodput is admitted requests per second over the run, as a share of the capacity.
 */
function run(
  capacityPerSecond: number,
  rows: number,
  throttle?: AimdThrottle,
  change?: { atMs: number; capacityPerSecond: number },
) {
  const scheduler = testScheduler();
  const entries: PoolEntry<number>[] = [];
  let log = { admitted: 0, rejected: 0, lastAdmittedAt: 0, admittedAfterChange: 0 };
  scheduler.run(() => {
    const api = virtualApi(scheduler, {
      capacityPerSecond,
      burst: Math.max(1, capacityPerSecond / 10),
      medianMs: 60,
      p99Ms: 200,
      rejectMs: 2,
      seed: 7,
      ...(change ? { change } : {}),
    });
    log = api.log;
    const pool = new Pool({ poolSize: 32, ...(throttle ? { throttle } : {}) });
    range(0, rows)
      .pipe(pool.map((row: number) => api.call(row)))
      .subscribe((entry) => entries.push(entry));
  });
  const seconds = log.lastAdmittedAt / 1000;
  return {
    entries,
    goodput: log.admitted / seconds / capacityPerSecond,
    rejectedShare: log.rejected / (log.admitted + log.rejected),
    goodputAfterChange: change
      ? log.admittedAfterChange / ((log.lastAdmittedAt - change.atMs) / 1000) / change.capacityPerSecond
      : NaN,
  };
}

describe('adaptive goodput (virtual time)', function () {
  this.timeout(30_000);

  for (const [capacity, rows] of [
    [50, 1500],
    [200, 4000],
  ] as const) {
    it(`should reach ≥ 0.85 of an unknown ${capacity} req/s limit with ≤ 15% of calls rejected`, () => {
      const { entries, goodput, rejectedShare } = run(capacity, rows);
      expect(entries).to.have.length(rows);
      expect(entries.every((e, i) => e.submitIndex === i && isRight(e.result))).to.equal(true);
      expect(goodput).to.be.at.least(0.85);
      expect(rejectedShare).to.be.at.most(0.15);
    });
  }

  // Measured 0.89 (0.88 before probing grew with the square of the calm time, 0.96 before it was
  // counted in time). A per-success share on top brings it back over 0.9 but cost 3–10 points
  // against sliding windows at 200 req/s in virtual time, and real APIs meet sliding windows more
  // often than a limit that quadruples.
  it('should find a limit that quadruples midway (50 → 200 req/s) and use ≥ 0.85 of it', () => {
    const { goodputAfterChange, rejectedShare } = run(50, 4000, undefined, {
      atMs: 10_000,
      capacityPerSecond: 200,
    });
    expect(goodputAfterChange).to.be.at.least(0.85);
    expect(rejectedShare).to.be.at.most(0.15);
  });

  it("should show why elspeth's linear recovery was replaced: most calls rejected at 200 req/s", () => {
    const { goodput, rejectedShare } = run(200, 2000, new AimdThrottle({ recovery: 'linear' }));
    // The limit is still reached (the bucket is always drained), but by brute force.
    expect(goodput).to.be.at.least(0.85);
    expect(rejectedShare).to.be.above(0.5);
  });
});
