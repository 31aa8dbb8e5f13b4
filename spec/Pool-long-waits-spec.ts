// Waits longer than a timer can hold (2^31−1 ms, 24.8 days), and pauses a server asks for beyond
// the per-row budget: no timer may overflow (Node would fire it after 1 ms, in a loop), and a run
// must always end.
import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { CapacityError } from '../lib/errors/CapacityError.js';
import { RetryableError } from '../lib/errors/RetryableError.js';
import { MAX_TIMER_MS } from '../lib/internal/safeDelay.js';
import { Pool, type PoolStats } from '../lib/Pool.js';
import type { PoolEntry, PoolFailure } from '../lib/PoolEntry.js';
import { outcome, testScheduler } from './helpers/marbles.js';
import { recordingScheduler } from './helpers/recordingScheduler.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function failureOf(entry: PoolEntry<unknown> | undefined): PoolFailure {
  if (entry === undefined || !isLeft(entry.result)) throw new Error('expected a failed entry');
  return entry.result.left;
}

/** Collects the TimeoutOverflowWarnings Node emits while `body` runs. */
async function overflowWarnings(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (warning: Error): void =>
    void (warning.name === 'TimeoutOverflowWarning' && seen.push(warning.message));
  process.on('warning', listen);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('warning', listen);
  }
  return seen;
}

describe('Pool: long waits', () => {
  describe('a Retry-After beyond the row budget', () => {
    it('should pause for the budget only, giving up every waiting row, dispatched or not, until it ends', () => {
      const scheduler = testScheduler();
      const clock = recordingScheduler(scheduler);
      const refusal = new CapacityError(429, 'quota exhausted', { retryAfterMs: 40 * DAY_MS });
      const entries: PoolEntry<string>[] = [];
      const dispatches: Array<[string, number]> = [];
      const stats: Record<number, PoolStats> = {};
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 2, maxCapacityRetrySeconds: 10, scheduler: clock });
        const project = (row: string) => {
          dispatches.push([row, scheduler.now()]);
          if (row === 'a') return cold<string>('-#', {}, refusal);
          return cold('-----(x|)', { x: row.toUpperCase() });
        };
        // a is refused at 1; b is in flight then; c and d wait for a permit; e comes after the pause.
        hot('(abcd) 10s e')
          .pipe(pool.map(project))
          .subscribe((entry) => entries.push(entry));
        for (const time of [2, 10_000, 10_002]) scheduler.schedule(() => (stats[time] = pool.stats()), time);
      });
      expect(dispatches).to.deep.equal([
        ['a', 0],
        ['b', 0],
        ['e', 10_006],
      ]);
      expect(entries.map(outcome)).to.deep.equal([
        'failed:retry_timeout',
        'B',
        'failed:retry_timeout',
        'failed:retry_timeout',
        'E',
      ]);
      // a's retry could only start after its deadline; c and d were never sent.
      expect(failureOf(entries[0])).to.include({ error: refusal, elapsedMs: 1, maxMs: 10_000 });
      for (const entry of [entries[2], entries[3]]) {
        expect(entry).to.include({ attempts: 0, completeTime: 1 });
        expect(failureOf(entry)).to.include({ error: refusal, errorType: 'CapacityError', elapsedMs: 0 });
      }
      expect(stats[2]?.pause).to.deep.equal({
        until: 10_001,
        remainingMs: 9_999,
        requestedMs: 40 * DAY_MS,
        refusing: true,
        error: refusal,
      });
      expect(stats[10_000]?.pause?.remainingMs).to.equal(1);
      expect(stats[10_002]?.pause).to.equal(undefined);
      expect(Math.max(...clock.delays)).to.be.at.most(MAX_TIMER_MS);
    });

    it('should treat a quota its rate-limit headers say is spent for 40 days alike', () => {
      const scheduler = testScheduler();
      const clock = recordingScheduler(scheduler);
      // What an HTTP client's error looks like: a status and the response's headers.
      const refusal = { status: 429, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '3456000' } };
      const entries: PoolEntry<string>[] = [];
      const dispatches: Array<[string, number]> = [];
      let stats: PoolStats | undefined;
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 1, maxCapacityRetrySeconds: 10, scheduler: clock });
        const project = (row: string) => {
          dispatches.push([row, scheduler.now()]);
          return cold<string>('-#', {}, refusal);
        };
        // c comes once the first 10 s are over: the quota is still spent for 40 days.
        hot('(ab) 10s c')
          .pipe(pool.map(project))
          .subscribe((entry) => entries.push(entry));
        scheduler.schedule(() => (stats = pool.stats()), 2);
      });
      expect(dispatches).to.deep.equal([['a', 0]]);
      expect(entries.map(outcome)).to.deep.equal(Array(3).fill('failed:retry_timeout'));
      expect(entries.map((entry) => entry.attempts)).to.deep.equal([1, 0, 0]);
      expect(failureOf(entries[2])).to.include({ error: refusal, elapsedMs: 0 });
      expect(stats?.pause).to.include({ until: 10_001, refusing: true, error: refusal });
      expect(Math.max(...clock.delays)).to.be.at.most(MAX_TIMER_MS);
    });

    it('should hold rows not yet dispatched for a pause within the budget, and report it', () => {
      const scheduler = testScheduler();
      const dispatches: Array<[string, number]> = [];
      let stats: PoolStats | undefined;
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({ poolSize: 2, maxCapacityRetrySeconds: 10 });
        let refused = false;
        const project = (row: string) => {
          dispatches.push([row, scheduler.now()]);
          if (row !== 'a' || refused) return cold('-(x|)');
          refused = true;
          return cold<string>('-#', {}, new CapacityError(503, undefined, { retryAfterMs: 5000 }));
        };
        // b arrives during a's pause (1 → 5001) and waits for it, though a permit is free.
        hot('a-b').pipe(pool.map(project)).subscribe();
        scheduler.schedule(() => (stats = pool.stats()), 100);
      });
      // Retries go first; b follows once the AIMD delay the refusal raised allows.
      expect(dispatches.map(([row]) => row)).to.deep.equal(['a', 'a', 'b']);
      expect(dispatches[1]?.[1]).to.equal(5001);
      expect(dispatches[2]?.[1]).to.be.above(5001);
      expect(stats?.pause).to.include({ until: 5001, remainingMs: 4901, requestedMs: 5000, refusing: false });
    });

    it('should end a real run at once, with no timer overflow, when every answer asks for 40 days', async () => {
      const refusal = () => new CapacityError(429, undefined, { retryAfterMs: 40 * DAY_MS });
      let entries: PoolEntry<never>[] = [];
      const warnings = await overflowWarnings(async () => {
        entries = await lastValueFrom(
          from([1, 2, 3, 4, 5]).pipe(
            new Pool({ poolSize: 2 }).map(() => Promise.reject(refusal())),
            toArray(),
          ),
        );
      });
      expect(entries.map(outcome)).to.deep.equal(Array(5).fill('failed:retry_timeout'));
      expect(warnings).to.deep.equal([]);
    });
  });

  describe('delay options beyond a timer', () => {
    it('should space dispatches by a 30-day minDispatchDelayMs to the millisecond', () => {
      const scheduler = testScheduler();
      const clock = recordingScheduler(scheduler);
      const dispatches: number[] = [];
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({
          minDispatchDelayMs: 30 * DAY_MS,
          maxDispatchDelayMs: 30 * DAY_MS,
          scheduler: clock,
        });
        hot('(ab)')
          .pipe(pool.map(() => (dispatches.push(scheduler.now()), cold('-(x|)'))))
          .subscribe();
      });
      expect(dispatches).to.deep.equal([0, 30 * DAY_MS]);
      expect(Math.max(...clock.delays)).to.be.at.most(MAX_TIMER_MS);
    });

    it('should back a retry off for 30 days when the options say so', () => {
      const scheduler = testScheduler();
      const clock = recordingScheduler(scheduler);
      const dispatches: number[] = [];
      scheduler.run(({ cold, hot }) => {
        const pool = new Pool({
          recoveryStepMs: 30 * DAY_MS,
          maxDispatchDelayMs: 30 * DAY_MS,
          maxCapacityRetrySeconds: (60 * DAY_MS) / 1000,
          scheduler: clock,
        });
        const project = () => {
          dispatches.push(scheduler.now());
          return dispatches.length === 1
            ? cold<string>('-#', {}, new RetryableError('flaky'))
            : cold('-(x|)');
        };
        hot('a').pipe(pool.map(project)).subscribe();
      });
      expect(dispatches).to.deep.equal([0, 1 + 30 * DAY_MS]);
      expect(Math.max(...clock.delays)).to.be.at.most(MAX_TIMER_MS);
    });

    it('should arm no timer Node would cut to 1 ms on the real clock', async () => {
      let calls = 0;
      const warnings = await overflowWarnings(async () => {
        const pool = new Pool({
          poolSize: 2,
          minDispatchDelayMs: 30 * DAY_MS,
          maxDispatchDelayMs: 30 * DAY_MS,
          scheduler: asyncScheduler,
        });
        const subscription = from([1, 2])
          .pipe(pool.map(async () => ++calls))
          .subscribe();
        await new Promise((resolve) => setTimeout(resolve, 30));
        subscription.unsubscribe();
      });
      expect(calls).to.equal(1);
      expect(warnings).to.deep.equal([]);
    });
  });
});
