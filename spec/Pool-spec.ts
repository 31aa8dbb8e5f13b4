import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import { defer, finalize, lastValueFrom, map, of, range, take, tap, throwError, toArray } from 'rxjs';
import { PoolConfigError } from '../lib/config/PoolConfigError.js';
import { CapacityError } from '../lib/errors/CapacityError.js';
import { Pool } from '../lib/Pool.js';
import type { PoolEntry } from '../lib/PoolEntry.js';
import { AimdThrottle } from '../lib/throttle/AimdThrottle.js';
import { outcome, testScheduler } from './helpers/marbles.js';

const at429 = () => new CapacityError(429);

describe('Pool', () => {
  describe('AIMD pacing', () => {
    it('should grow the delay on consecutive capacity errors and shrink it on successes', () => {
      const dispatches: number[] = [];
      const delays: number[] = [];
      const scheduler = testScheduler();
      scheduler.run(({ cold, hot, expectObservable }) => {
        // Elspeth's linear recovery keeps the arithmetic readable; the adaptive rule has its own spec.
        const pool = new Pool({ poolSize: 1, throttle: new AimdThrottle({ recovery: 'linear' }) });
        pool.throttle.delay$.subscribe((d) => delays.push(d));
        let calls = 0;
        const project = () => {
          dispatches.push(scheduler.now());
          return ++calls <= 3 ? cold('-#', {}, at429()) : cold('-(x|)');
        };
        // Row a fails at 1, 51 and 151: the delay goes 50, 100, 200, so its attempts start at
        // 0, 50, 150 and 350. Each success then steps the delay down by 50 (150, 100, 50).
        const source = hot('  (abc|)');
        const expected = '    351ms x 149ms x 99ms (x|)';
        expectObservable(source.pipe(pool.map(project), map(outcome))).toBe(expected);
      });
      expect(dispatches).to.deep.equal([0, 50, 150, 350, 500, 600]);
      expect(delays).to.deep.equal([0, 50, 100, 200, 150, 100, 50]);
    });

    it('should raise the delay once for a wave of rejections from calls dispatched together', () => {
      const scheduler = testScheduler();
      let stats: ReturnType<Pool['stats']> | undefined;
      const dispatches: number[] = [];
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 3, throttle: new AimdThrottle({ recovery: 'linear' }) });
        const seen = new Set<string>();
        const project = (row: string) => {
          dispatches.push(scheduler.now());
          if (seen.has(row)) return cold('-(x|)');
          seen.add(row);
          return cold('-#', {}, at429());
        };
        hot('(abc|)').pipe(pool.map(project)).subscribe();
        scheduler.schedule(() => (stats = pool.stats()), 2);
      });
      // Three 429s at frame 1 from calls of one congestion window: delay 50, not 200.
      expect(stats?.capacityRetries).to.equal(3);
      expect(stats?.currentDelayMs).to.equal(50);
      expect(stats?.peakDelayMs).to.equal(50);
      // Retries go through the gate one by one: the first at 0 + 50; its success at 51 drops the
      // delay to 0, so the other two follow at once.
      expect(dispatches).to.deep.equal([0, 0, 0, 50, 51, 51]);
    });

    it('should pause every dispatch of the pool during a Retry-After cooldown', () => {
      const scheduler = testScheduler();
      const dispatches: Array<[string, number]> = [];
      let stats: ReturnType<Pool['stats']> | undefined;
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 2, throttle: new AimdThrottle({ recovery: 'linear' }) });
        let first = true;
        const project = (row: string) => {
          dispatches.push([row, scheduler.now()]);
          if (row === 'a' && first) {
            first = false;
            // Retry-After 1.3 s, given in ms: the pool pauses for all of it.
            return cold('-#', {}, new CapacityError(429, 'slow down', { retryAfterMs: 1300 }));
          }
          return cold('-(x|)');
        };
        // b arrives during a's cooldown (1 → 1301) and must wait for it, though a permit is free.
        hot('a----b|').pipe(pool.map(project)).subscribe();
        scheduler.schedule(() => (stats = pool.stats()), 1400);
      });
      expect(dispatches).to.deep.equal([
        ['a', 0],
        ['a', 1301],
        ['b', 1302],
      ]);
      // a waited out its own Retry-After, not the gate; b waited at the gate from its arrival at
      // 5 to 1301, then from 1301 to 1302, when a's success dropped the delay that spaced it from a.
      expect(stats?.totalThrottleTimeMs).to.equal(1296 + 1);
    });

    it('should measure a Retry-After HTTP-date from the wall clock, whatever clock the scheduler keeps', () => {
      const scheduler = testScheduler();
      const dispatches: number[] = [];
      const entries: PoolEntry<string>[] = [];
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 1 });
        const project = () => {
          dispatches.push(scheduler.now());
          if (dispatches.length > 1) return cold('-(x|)');
          // What a fetch Response refused with a date says: about 3 s from now on the wall clock.
          const headers = { 'retry-after': new Date(Date.now() + 3000).toUTCString() };
          return cold('-#', {}, { status: 503, headers });
        };
        hot('a')
          .pipe(pool.map(project))
          .subscribe((entry) => entries.push(entry));
      });
      // The date has one-second resolution: 2 to 3 s away, and the refused row waits all of it.
      // Measured from virtual time 1 it would lie decades past the deadline.
      expect(entries.map(outcome)).to.deep.equal(['x']);
      expect(dispatches).to.have.length(2);
      expect(dispatches[1]).to.be.within(2001, 3001);
    });
  });

  describe('deadline', () => {
    it('should give up at the exact time the next slot would pass the deadline', () => {
      const scheduler = testScheduler();
      const entries: PoolEntry<string>[] = [];
      const dispatches: number[] = [];
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 1, maxCapacityRetrySeconds: 0.2 });
        const project = () => {
          dispatches.push(scheduler.now());
          return cold<string>('-#', {}, at429());
        };
        hot('a')
          .pipe(pool.map(project))
          .subscribe((entry) => entries.push(entry));
      });
      // The first refusal raises the delay to 50 and the API is taken to be closed: the retries
      // are probes, each refused one putting the next √2 times further off. Attempts at 0, 50 and
      // 50 + 70.7; after the third error the next probe is 100 ms later, past the 200 ms deadline:
      // the row fails at once instead of waiting.
      const third = 50 + 50 * Math.SQRT2;
      expect(dispatches).to.deep.equal([0, 50, third]);
      expect(entries).to.have.length(1);
      const [entry] = entries;
      expect(entry?.completeTime).to.equal(third + 1);
      expect(entry?.attempts).to.equal(3);
      if (entry === undefined || !isLeft(entry.result)) throw new Error('expected a failed entry');
      expect(entry.result.left).to.include({
        reason: 'retry_timeout',
        elapsedMs: third + 1,
        maxMs: 200,
        statusCode: 429,
      });
      expect(entry.result.left).to.have.property('errorType', 'CapacityError');
    });
  });

  describe('isolation', () => {
    it('should share permits between subscriptions but never mix their entries', () => {
      const scheduler = testScheduler();
      const running: number[] = [];
      const seen: Record<'left' | 'right', Array<[number, unknown, number]>> = { left: [], right: [] };
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 2 });
        let inFlight = 0;
        const project = (row: string) =>
          defer(() => {
            running.push(++inFlight);
            return cold('--(x|)', { x: row }).pipe(finalize(() => inFlight--));
          });
        const record = (side: 'left' | 'right') =>
          tap((e: PoolEntry<string>) => seen[side].push([e.submitIndex, outcome(e), scheduler.now()]));
        hot('(abc|)').pipe(pool.map(project), record('left')).subscribe();
        hot('(def|)').pipe(pool.map(project), record('right')).subscribe();
      });
      // The left rows arrive first and take both permits; then the freed permits alternate
      // between the subscriptions (c and d at 2), and e and f follow at 4.
      expect(seen.left).to.deep.equal([
        [0, 'a', 2],
        [1, 'b', 2],
        [2, 'c', 4],
      ]);
      expect(seen.right).to.deep.equal([
        [0, 'd', 4],
        [1, 'e', 6],
        [2, 'f', 6],
      ]);
      expect(Math.max(...running)).to.equal(2);
    });
  });

  describe('reorder window', () => {
    it('should start no new row while maxBuffered rows are in flight or held behind a slow head', () => {
      const scheduler = testScheduler();
      const dispatches: Array<[string, number]> = [];
      const emitted: number[] = [];
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 3, maxBuffered: 3 });
        const latency: Record<string, string> = { a: '----------(x|)', b: '-(x|)', c: '-(x|)' };
        const project = (row: string) => {
          dispatches.push([row, scheduler.now()]);
          return cold(latency[row] ?? '-(x|)');
        };
        // b and c finish at 1 but wait behind a: three rows held, so d and e wait too, though
        // permits are free. When a leaves at 10 the window opens and d, e go.
        hot('(abcde|)')
          .pipe(pool.map(project))
          .subscribe(() => emitted.push(scheduler.now()));
      });
      expect(emitted).to.deep.equal([10, 10, 10, 11, 11]);
      expect(dispatches).to.deep.equal([
        ['a', 0],
        ['b', 0],
        ['c', 0],
        ['d', 10],
        ['e', 10],
      ]);
    });
  });

  describe('stats', () => {
    it('should report concurrency, buffering and throttle counters, live and on stats$', () => {
      const scheduler = testScheduler();
      const snapshots: Array<ReturnType<Pool['stats']>> = [];
      let final: ReturnType<Pool['stats']> | undefined;
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 2 });
        const latency: Record<string, string> = { a: '---(x|)', b: '-(x|)', c: '-(x|)' };
        pool.stats$.subscribe((snapshot) => snapshots.push(snapshot));
        hot('(abc|)')
          .pipe(pool.map((row: string) => cold(latency[row] as string)))
          .subscribe();
        scheduler.schedule(() => (final = pool.stats()), 10);
      });
      expect(final).to.deep.equal({
        capacityRetries: 0,
        successes: 3,
        peakDelayMs: 0,
        currentDelayMs: 0,
        totalThrottleTimeMs: 0,
        maxConcurrentReached: 2,
        inFlight: 0,
        concurrencyLimit: 2, // no 503 or 529: the pool's own limit
        buffered: 0,
        limitPerSecond: Infinity, // nothing pushed back, and no rate-limit headers
        limitSource: 'aimd',
        pause: undefined,
        shared: undefined, // no shared gate
      });
      expect(snapshots[0]?.inFlight).to.equal(0);
      expect(Math.max(...snapshots.map((s) => s.inFlight))).to.equal(2);
      // b finished at 1 and c at 2, both behind a (running until 3): held in the buffer meanwhile.
      expect(Math.max(...snapshots.map((s) => s.buffered))).to.equal(2);
    });
  });

  describe('options', () => {
    it('should list every problem at once when the pool is created', () => {
      const create = () =>
        new Pool({
          poolSize: 0,
          backoffMultiplier: 1,
          maxBuffered: 2.5,
          scheduler: {} as never,
          retries: 3,
        } as never);
      expect(create).to.throw(PoolConfigError);
      try {
        create();
      } catch (error) {
        const { problems } = error as PoolConfigError;
        expect(problems).to.include('`poolSize` must be an integer ≥ 1, received 0');
        expect(problems).to.include('`backoffMultiplier` must be a finite number > 1, received 1');
        expect(problems).to.include('`maxBuffered` must be an integer ≥ poolSize (1), received 2.5');
        expect(problems.some((p) => p.startsWith('`scheduler` must be a SchedulerLike'))).to.equal(true);
        expect(problems.some((p) => p.startsWith('`retries` is not a known option'))).to.equal(true);
        expect(problems).to.have.length(5);
      }
    });

    it('should refuse options that are not an object instead of running with the defaults', () => {
      const rule = '`options` must be an object of options (or undefined for all defaults)';
      expect(() => new Pool(8 as never)).to.throw(PoolConfigError, `${rule}, received 8`);
      expect(() => new Pool(null as never)).to.throw(PoolConfigError, `${rule}, received null`);
      expect(() => new Pool(new Map([['poolSize', 8]]) as never)).to.throw(PoolConfigError, rule);
      expect(new Pool(undefined).config.poolSize).to.equal(1);
    });

    it("should name the pool's own options among the known ones when a key is unknown", () => {
      expect(() => new Pool({ maxbuffered: 32 } as never)).to.throw(
        PoolConfigError,
        /`maxbuffered` is not a known option \(did you mean maxBuffered\? known: poolSize, .*, scheduler, classify, throttle, maxBuffered, sharedGate, onAttempt\)/,
      );
    });

    it('should refuse a maxBuffered below poolSize and a delay set beside a shared throttle', () => {
      expect(() => new Pool({ poolSize: 8, maxBuffered: 4 })).to.throw(
        '`maxBuffered` must be an integer ≥ poolSize (8), received 4',
      );
      const throttle = new AimdThrottle({ minDispatchDelayMs: 10 });
      expect(() => new Pool({ throttle, minDispatchDelayMs: 5 })).to.throw(
        /`minDispatchDelayMs` must be left out/,
      );
    });

    it('should share one throttle between pools, taking the delays from it', () => {
      const throttle = new AimdThrottle({ minDispatchDelayMs: 10, maxDispatchDelayMs: 100 });
      const first = new Pool({ throttle, poolSize: 2 });
      const second = new Pool({ throttle });
      expect(first.throttle).to.equal(throttle);
      expect(second.throttle).to.equal(throttle);
      expect(first.config.minDispatchDelayMs).to.equal(10);
      expect(first.config.poolSize).to.equal(2);
      throttle.onCapacityError();
      expect(second.stats().capacityRetries).to.equal(1);
    });

    it('should reject a project that is not a function', () => {
      expect(() => new Pool().map(42 as never)).to.throw(
        TypeError,
        '`project` must be a function, received 42',
      );
    });
  });

  describe('sources', () => {
    it('should stop an endless synchronous source when the output is cut short', async () => {
      const entries = await lastValueFrom(
        range(0, Number.MAX_SAFE_INTEGER).pipe(
          new Pool({ poolSize: 4 }).map((row: number) => of(row)),
          take(3),
          toArray(),
        ),
      );
      expect(entries.map(outcome)).to.deep.equal([0, 1, 2]);
    });

    it('should stay usable for the next subscription after a fatal error', async () => {
      const pool = new Pool({ poolSize: 2 });
      const failing = of(1, 2, 3).pipe(
        pool.map((row: number) => (row === 2 ? throwError(() => new Error('boom')) : of(row))),
      );
      const error = await lastValueFrom(failing.pipe(toArray())).catch((e: unknown) => e);
      expect(error).to.have.property('message', 'boom');
      const entries = await lastValueFrom(
        of(4, 5).pipe(
          pool.map((row: number) => of(row)),
          toArray(),
        ),
      );
      expect(entries.map(outcome)).to.deep.equal([4, 5]);
      expect(pool.stats().inFlight).to.equal(0);
    });
  });
});
