import { expect } from 'chai';
import { range } from 'rxjs';
import { Pool } from '../../lib/Pool.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import { MemoryGateStore } from '../../lib/shared/MemoryGateStore.js';
import { expectEveryRowOkInOrder, FAMILIES, figuresOf, limitedApi } from '../helpers/limitedApi.js';
import { testScheduler } from '../helpers/marbles.js';

const SECONDS = 20;

/**
 * `workers` pools (size 16 each, default config, told nothing of the limit) against one limiter
 * in virtual time, sharing one gate through an in-memory store, or each pacing alone. Goodput:
 * admissions per second of the run over the limit's rate, as counted at the API.
 */
export function fleet(family: string, c: number, workers: number, shared: boolean, headers = false) {
  const scheduler = testScheduler();
  const limiter = (FAMILIES[family] as (c: number) => ReturnType<(typeof FAMILIES)[string]>)(c);
  const rows = Math.round((c * SECONDS) / workers);
  const store = new MemoryGateStore(() => scheduler.now());
  const outputs: PoolEntry<{ row: number }>[][] = [];
  let log = { admitted: 0, refused: 0, firstAt: 0, lastAt: 0 };
  const pools: Pool[] = [];
  scheduler.run(() => {
    const api = limitedApi(scheduler, limiter, { headers, seed: 11 });
    log = api.log;
    for (let k = 0; k < workers; k++) {
      const entries: PoolEntry<{ row: number }>[] = [];
      outputs.push(entries);
      const sharedGate = shared ? { store, name: 'api', worker: `w${k}` } : undefined;
      const pool = new Pool({ poolSize: 16, sharedGate });
      pools.push(pool);
      range(0, rows)
        .pipe(pool.map((row: number) => api.call(row)))
        .subscribe((entry) => entries.push(entry));
    }
  });
  expectEveryRowOkInOrder(outputs, rows);
  return {
    ...figuresOf(log, c),
    workersSeen: Math.max(...pools.map((p) => p.stats().shared?.workers ?? 0)),
  };
}

// Measured at the commit that added this spec (shared; alone in brackets): token bucket 0.99
// and 0.93 (0.92, 0.91), 2–4 % refused; windows and sliding logs 0.80–0.94 (0.82–0.94). The
// floors below leave a few points for changes that move a figure without breaking the rule.
describe('pools sharing one gate (virtual time)', function () {
  this.timeout(60_000);

  for (const c of [100, 200]) {
    it(`should let 3 pools sharing a gate use ≥ 0.9 of ${c} req/s behind a token bucket, ≤ 10% refused`, () => {
      const { goodput, refused, workersSeen } = fleet('token bucket', c, 3, true);
      expect(goodput).to.be.at.least(0.9);
      expect(refused).to.be.at.most(0.1);
      expect(workersSeen).to.equal(3);
    });
  }

  for (const family of ['fixed window 1 s', 'sliding log, refusals counted', 'sliding counter']) {
    it(`should let 3 pools sharing a gate use ≥ 0.75 of 200 req/s behind a ${family}, ≤ 10% refused`, () => {
      const { goodput, refused } = fleet(family, 200, 3, true);
      expect(goodput).to.be.at.least(0.75);
      expect(refused).to.be.at.most(0.1);
    });
  }

  it("should pace 4 pools sharing a gate by the server's headers: ≥ 0.9 of the limit, ≤ 3% refused", () => {
    const { goodput, refused } = fleet('token bucket', 200, 4, true, true);
    expect(goodput).to.be.at.least(0.9);
    expect(refused).to.be.at.most(0.03);
  });
});
