// Each limiter family enforced over real HTTP with a fake clock: exact admissions, today's
// counters and event log for every one of them.
import { expect } from 'chai';
import type { LimiterOptions } from '../../lib/sim/LimiterOptions.js';
import { closeAll, fakeServer, post } from './helpers.js';

/** Status of one request at each clock time, in order. */
async function statusesAt(options: LimiterOptions, times: readonly number[]) {
  const { api, clock } = await fakeServer({ limiter: options });
  const statuses: number[] = [];
  for (const t of times) {
    clock.now = t;
    statuses.push((await post(api.url, t)).status);
  }
  return { statuses, stats: api.stats() };
}

describe('startSimulatedApi', () => {
  afterEach(closeAll);

  describe('limiter families', () => {
    it('should enforce a fixed window and count and log each answer', async () => {
      const { statuses, stats } = await statusesAt(
        { kind: 'fixed-window', limit: 2, windowMs: 1000 },
        [0, 10, 20, 999, 1000],
      );
      expect(statuses).to.deep.equal([200, 200, 429, 429, 200]);
      expect(stats).to.include({ accepted: 3, rejected429: 2 });
      expect(Array.from(stats.events.code)).to.deep.equal(statuses);
      expect(Array.from(stats.events.tMs)).to.deep.equal([0, 10, 20, 999, 1000]);
    });

    it('should keep a knocking client out of a sliding log that counts refusals', async () => {
      const times = [0, 500, 1000, 1499, 2499];
      const counting = await statusesAt(
        { kind: 'sliding-log', limit: 1, windowMs: 1000, countRefused: true },
        times,
      );
      const lenient = await statusesAt({ kind: 'sliding-log', limit: 1, windowMs: 1000 }, times);
      expect(counting.statuses).to.deep.equal([200, 429, 429, 429, 200]);
      expect(lenient.statuses).to.deep.equal([200, 429, 200, 429, 200]);
    });

    it('should weigh the previous window in a sliding counter', async () => {
      const kind = 'sliding-counter';
      const { statuses } = await statusesAt({ kind, limit: 2, windowMs: 1000 }, [0, 0, 1000, 1500, 1500]);
      expect(statuses).to.deep.equal([200, 200, 429, 200, 429]);
    });

    it('should admit only what every limit of a multi limiter admits', async () => {
      const { statuses, stats } = await statusesAt(
        {
          kind: 'multi',
          limits: [
            { kind: 'token-bucket', capacityPerSecond: 10, burst: 2 },
            { kind: 'fixed-window', limit: 3, windowMs: 60_000 },
          ],
        },
        [0, 0, 0, 100, 200, 300],
      );
      expect(statuses).to.deep.equal([200, 200, 429, 200, 429, 429]);
      expect(stats).to.include({ accepted: 3, rejected429: 3 });
    });
  });
});
