import { expect } from 'chai';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { range } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { Pool } from '../../lib/Pool.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import type { GateStore, SyncReply, SyncRequest } from '../../lib/shared/GateStore.js';
import { MemoryGateStore } from '../../lib/shared/MemoryGateStore.js';
import { SharedGateConfigError } from '../../lib/shared/SharedGateConfigError.js';
import type { SharedGateOptions } from '../../lib/shared/SharedGateOptions.js';
import { TokenBucket } from '../../lib/sim/limiters/TokenBucket.js';
import { limitedApi } from '../helpers/limitedApi.js';
import { testScheduler } from '../helpers/marbles.js';

/** A store that can be made to fail (throw) or hang (never answer), counting its round trips. */
class FlakyStore implements GateStore {
  readonly memory: MemoryGateStore;
  state: 'up' | 'throws' | 'hangs' = 'up';
  roundTrips = 0;

  constructor(scheduler: TestScheduler) {
    this.memory = new MemoryGateStore(() => scheduler.now());
  }

  sync(gate: string, request: SyncRequest): SyncReply | PromiseLike<SyncReply> {
    this.roundTrips++;
    if (this.state === 'throws') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    if (this.state === 'hangs') return new Promise<SyncReply>(() => undefined);
    return this.memory.sync(gate, request);
  }
}

interface Run {
  entries: PoolEntry<unknown>[][];
  events: string[][];
  api: ReturnType<typeof limitedApi>['log'];
  store: FlakyStore;
  pools: Pool[];
}

/**
 * `workers` pools (size 8) sharing one FlakyStore gate against a 100 req/s token bucket, `rows`
 * rows each, in virtual time; `script` changes the store at the given times.
 */
function run(
  options: { workers?: number; rows?: number; gate?: Partial<SharedGateOptions>; retrySeconds?: number },
  script: Array<[number, (store: FlakyStore) => void]> = [],
): Run {
  const scheduler = testScheduler();
  const store = new FlakyStore(scheduler);
  const out: Run = {
    entries: [],
    events: [],
    api: { admitted: 0, refused: 0, firstAt: 0, lastAt: 0 },
    store,
    pools: [],
  };
  scheduler.run(() => {
    const api = limitedApi(scheduler, new TokenBucket({ capacityPerSecond: 100, burst: 10 }), {
      headers: false,
      seed: 3,
    });
    out.api = api.log;
    for (let k = 0; k < (options.workers ?? 1); k++) {
      const pool = new Pool({
        poolSize: 8,
        maxCapacityRetrySeconds: options.retrySeconds ?? 30,
        sharedGate: { store, name: 'api', worker: `w${k}`, ...options.gate },
      });
      const entries: PoolEntry<unknown>[] = [];
      const events: string[] = [];
      out.pools.push(pool);
      out.entries.push(entries);
      out.events.push(events);
      pool.sharedGate?.events$.subscribe((event) => events.push(event.type));
      range(0, options.rows ?? 300)
        .pipe(pool.map((row: number) => api.call(row)))
        .subscribe((entry) => entries.push(entry));
    }
    for (const [at, change] of script) scheduler.schedule(() => change(store), at);
  });
  return out;
}

function expectEveryRowOnceInOrder(entries: PoolEntry<unknown>[], rows: number): void {
  expect(entries.map((e) => e.submitIndex)).to.deep.equal([...Array(rows).keys()]);
}

describe('sharedGate', () => {
  it('should join the gate, take its slots and leave no timer behind when the run ends', () => {
    const { entries, events, pools } = run({ workers: 2 });
    for (const list of entries) {
      expectEveryRowOnceInOrder(list, 300);
      expect(list.every((e) => isRight(e.result))).to.equal(true);
    }
    expect(events).to.deep.equal([['joined'], ['joined']]);
    expect(pools[0]?.stats().shared).to.include({ gate: 'api', worker: 'w0', mode: 'shared', workers: 2 });
  });

  it('should cost at most one round trip per dispatch', () => {
    const { store, api } = run({ workers: 3 });
    expect(store.roundTrips).to.be.at.most(api.admitted + api.refused);
  });

  it('should go on alone when the store fails, say so once, and rejoin when it is back', () => {
    const { entries, events, pools } = run({ rows: 600 }, [
      [1000, (s) => (s.state = 'throws')],
      [3500, (s) => (s.state = 'up')],
    ]);
    expectEveryRowOnceInOrder(entries[0] as PoolEntry<unknown>[], 600);
    expect((entries[0] as PoolEntry<unknown>[]).every((e) => isRight(e.result))).to.equal(true);
    expect(events[0]).to.deep.equal(['joined', 'unavailable', 'rejoined']);
    expect(pools[0]?.stats().shared?.mode).to.equal('shared');
  });

  it('should count a store that does not answer within timeoutMs as unavailable', () => {
    const { entries, events } = run({ rows: 400, gate: { timeoutMs: 200 } }, [
      [1000, (s) => (s.state = 'hangs')],
      [2500, (s) => (s.state = 'up')],
    ]);
    expectEveryRowOnceInOrder(entries[0] as PoolEntry<unknown>[], 400);
    expect(events[0]).to.deep.equal(['joined', 'unavailable', 'rejoined']);
  });

  it("should send nothing while the store is out of reach with whenUnavailable: 'pause'", () => {
    const { entries, api } = run({ rows: 400, gate: { whenUnavailable: 'pause' } }, [
      [1000, (s) => (s.state = 'throws')],
      [3000, (s) => (s.state = 'up')],
    ]);
    expectEveryRowOnceInOrder(entries[0] as PoolEntry<unknown>[], 400);
    // 400 rows at 100 req/s take 4 s; the 2 s pause makes it about 6.
    expect(api.lastAt).to.be.at.least(5500);
    const sentDuringOutage = (entries[0] as PoolEntry<unknown>[]).filter(
      (e) => e.completeTime > 1300 && e.completeTime < 3000,
    );
    expect(sentDuringOutage).to.have.length(0);
  });

  it("should give rows up after a whole row budget of outage with whenUnavailable: 'pause', never hang", () => {
    const { entries } = run({ rows: 400, retrySeconds: 2, gate: { whenUnavailable: 'pause' } }, [
      [500, (s) => (s.state = 'throws')],
    ]);
    const list = entries[0] as PoolEntry<unknown>[];
    expectEveryRowOnceInOrder(list, 400);
    const failed = list.filter((e) => isLeft(e.result));
    expect(failed.length).to.be.greaterThan(300);
    const first = failed[0]?.result;
    expect(first !== undefined && isLeft(first) && first.left.reason).to.equal('retry_timeout');
    expect(first !== undefined && isLeft(first) && String(first.left.error)).to.match(/ECONNREFUSED/);
  });

  it('should tell the fleet on rejoining of a refusal met while pacing alone, as one congestion event', () => {
    const scheduler = testScheduler();
    const store = new FlakyStore(scheduler);
    store.state = 'throws';
    scheduler.run(({ cold }) => {
      const pool = new Pool({ poolSize: 1, sharedGate: { store, name: 'api', retryMs: 100 } });
      // Only the first call is refused, while the pool paces alone.
      const project = (row: number, { attempt }: { attempt: number }) =>
        row === 0 && attempt === 1 ? cold<number>('--#', {}, { status: 429 }) : cold('--(x|)', { x: row });
      range(0, 40).pipe(pool.map(project)).subscribe();
      scheduler.schedule(() => (store.state = 'up'), 50);
    });
    const state = store.memory.stateOf('api');
    expect(state?.epoch).to.equal(1);
    expect(state?.cdelay).to.be.greaterThan(0);
  });

  it('should say when the store lost the gate (a restart) and go on with a new one', () => {
    const { entries, events } = run({ rows: 300 }, [[1000, (s) => s.memory.flush()]]);
    expectEveryRowOnceInOrder(entries[0] as PoolEntry<unknown>[], 300);
    expect(events[0]).to.deep.equal(['joined', 'reset']);
  });

  it('should refuse to join a gate that runs other delay settings, naming both', async () => {
    const store = new MemoryGateStore();
    const first = new Pool({ sharedGate: { store, name: 'api' } });
    await first.sharedGate?.connect();
    const other = new Pool({ backoffMultiplier: 3, sharedGate: { store, name: 'api' } });
    const joining = other.sharedGate?.connect();
    try {
      await joining;
      expect.fail('connect() should have rejected');
    } catch (error) {
      expect(error).to.be.instanceOf(SharedGateConfigError);
      expect((error as Error).message).to.match(/x=2.*this pool with .*x=3/);
    }
    expect(other.stats().shared?.mode).to.equal('local');
  });

  it('should check its options when the pool is created, naming each', () => {
    expect(
      () =>
        new Pool({
          sharedGate: { store: {} as GateStore, name: '', horizonMs: 0, whenUnavailable: 'wait' as never },
        }),
    ).to.throw(
      /`sharedGate.store` must be a GateStore.*\n.*`sharedGate.name` must be a non-empty string.*\n.*`sharedGate.horizonMs` must be a finite number > 0, received 0.*\n.*`sharedGate.whenUnavailable` must be 'local' or 'pause', received "wait"/,
    );
  });
});
