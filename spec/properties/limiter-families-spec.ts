import { expect } from 'chai';
import { range } from 'rxjs';
import { Pool } from '../../lib/Pool.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import { expectEveryRowOkInOrder, FAMILIES, figuresOf, limitedApi } from '../helpers/limitedApi.js';
import { testScheduler } from '../helpers/marbles.js';

const SECONDS = 20;
// Measured with slow start (ConcurrencyCap): without headers 0.88–1.0 of the limit, 0.3–5.2 %
// refused; with them 0.94–0.99, at most 0.3 % refused; three pools 0.85–0.92, 1.1–4.2 %.
// Measured at the commit that added this spec, the floor each figure is held to in brackets:
// without headers 0.887–0.985 of the limit (0.85), 0.6–4.6% refused (10%); with them
// 0.94–0.99 (0.9), at most 2.6% refused (3%); three pools 0.86–0.90 together (0.8), 2.5–3.6% (10%).
// Window families admit a whole window at once, so there goodput can exceed 1.

/**
 * The default pool (size 32), told nothing of the limit, against each limiter family in virtual
 * time; `clients` independent pools share the one limiter. Goodput: requests admitted per second
 * of the run (first request to last admission), over the limit's sustained rate.
 */
function run(family: string, c: number, headers: boolean, clients = 1) {
  const scheduler = testScheduler();
  const limiter = (FAMILIES[family] as (c: number) => ReturnType<(typeof FAMILIES)[string]>)(c);
  const rows = Math.round((c * SECONDS) / clients);
  const outputs: PoolEntry<{ row: number }>[][] = [];
  let log = { admitted: 0, refused: 0, firstAt: 0, lastAt: 0 };
  scheduler.run(() => {
    const api = limitedApi(scheduler, limiter, { headers, seed: 7 });
    log = api.log;
    for (let k = 0; k < clients; k++) {
      const entries: PoolEntry<{ row: number }>[] = [];
      outputs.push(entries);
      range(0, rows)
        .pipe(new Pool({ poolSize: 32 }).map((row: number) => api.call(row)))
        .subscribe((entry) => entries.push(entry));
    }
  });
  expectEveryRowOkInOrder(outputs, rows);
  return {
    ...figuresOf(log, c),
  };
}

describe('the default pool against every limiter family (virtual time)', function () {
  this.timeout(60_000);

  for (const family of Object.keys(FAMILIES)) {
    for (const c of [50, 200]) {
      it(`should use ≥ 0.85 of ${c} req/s behind a ${family}, ≤ 10% refused, without headers`, () => {
        const { goodput, refused } = run(family, c, false);
        expect(goodput).to.be.at.least(0.85);
        expect(refused).to.be.at.most(0.1);
      });

      it(`should use ≥ 0.9 of ${c} req/s behind a ${family}, ≤ 1% refused, from its RateLimit headers`, () => {
        const { goodput, refused } = run(family, c, true);
        expect(goodput).to.be.at.least(0.9);
        // The opening wave was most of what got refused (2.6% behind a 50 req/s bucket with a
        // burst of 5) until slow start: 8 calls go before the first answer brings a header.
        expect(refused).to.be.at.most(0.01);
      });
    }
  }

  for (const family of ['token bucket', 'fixed window 1 s', 'sliding log, refusals counted']) {
    it(`should let 3 independent pools share 200 req/s behind a ${family}: ≥ 0.8 together, ≤ 10% refused`, () => {
      const { goodput, refused } = run(family, 200, false, 3);
      expect(goodput).to.be.at.least(0.8);
      expect(refused).to.be.at.most(0.1);
    });
  }
});
