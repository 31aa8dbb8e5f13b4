import { expect } from 'chai';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { defer, of, Subject, throwError, type Observable } from 'rxjs';
import { PooledExecutor } from '../../lib/batch/PooledExecutor.js';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import type { CallContext, PoolEntry } from '../../lib/PoolEntry.js';
import { outcome } from '../helpers/marbles.js';

/** Lets queued promise callbacks and immediate timers run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls the test settles by hand, by row, with a log of what started. */
function manualCalls<T>() {
  const calls = new Map<T, Subject<string>>();
  const log: string[] = [];
  const project = (row: T, ctx: CallContext): Observable<string> =>
    defer(() => {
      log.push(`start ${String(row)}#${ctx.attempt}`);
      const call = new Subject<string>();
      calls.set(row, call);
      return call;
    });
  const succeed = (row: T): void => {
    log.push(`end ${String(row)}`);
    calls.get(row)?.next(`${String(row)}!`);
  };
  const refuse = (row: T): void => calls.get(row)?.error(new CapacityError(429));
  return { project, succeed, refuse, log };
}

const reasons = <R>(entries: PoolEntry<R>[]) => entries.map(outcome);

describe('PooledExecutor', () => {
  it('should resolve to one entry per row, in submission order', async () => {
    const executor = new PooledExecutor({ poolSize: 3 });
    const entries = await executor.executeBatch([3, 1, 2], (row: number) =>
      defer(() => new Promise<number>((resolve) => setTimeout(() => resolve(row * 10), row))),
    );
    expect(entries.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2]);
    expect(reasons(entries)).to.deep.equal([30, 10, 20]);
  });

  it('should run concurrent batches of two callers one after the other, never mixed', async () => {
    const executor = new PooledExecutor({ poolSize: 4 });
    const { project, succeed, log } = manualCalls<string>();
    const first = executor.executeBatch(['a1', 'a2'], project);
    const second = executor.executeBatch(['b1', 'b2', 'b3'], project);
    await tick();
    expect(log).to.deep.equal(['start a1#1', 'start a2#1']); // b waits although permits are free
    succeed('a2');
    succeed('a1');
    await tick();
    ['b3', 'b1', 'b2'].forEach(succeed);
    const [a, b] = await Promise.all([first, second]);
    expect(log.slice(0, 6)).to.deep.equal([
      'start a1#1',
      'start a2#1',
      'end a2',
      'end a1',
      'start b1#1',
      'start b2#1',
    ]);
    expect(reasons(a)).to.deep.equal(['a1!', 'a2!']);
    expect(reasons(b)).to.deep.equal(['b1!', 'b2!', 'b3!']);
    expect(b.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2]);
  });

  it('should resolve an empty batch to [] without resetting the stats', async () => {
    const executor = new PooledExecutor();
    await executor.executeBatch([1, 2], (row: number) => of(row));
    const before = executor.stats();
    expect(await executor.executeBatch([], (row: number) => of(row))).to.deep.equal([]);
    expect(executor.stats()).to.deep.equal(before);
    expect(before.poolStats.successes).to.equal(2);
  });

  it('should reset the counters at each batch', async () => {
    const executor = new PooledExecutor({ poolSize: 1, recoveryStepMs: 1 });
    let refused = false;
    const busyOnce = (row: string) =>
      row === 'busy' && !refused
        ? defer(() => ((refused = true), throwError(() => new CapacityError(503))))
        : of(row);
    await executor.executeBatch(['busy', 'x'], busyOnce);
    expect(executor.stats().poolStats).to.include({
      capacityRetries: 1,
      successes: 2,
      maxConcurrentReached: 1,
    });
    await executor.executeBatch(['y'], busyOnce);
    expect(executor.stats().poolStats).to.include({ capacityRetries: 0, successes: 1 });
  });

  it('should show the running batch in stats() while it runs', async () => {
    const executor = new PooledExecutor({ poolSize: 3 });
    const { project, succeed } = manualCalls<string>();
    await executor.executeBatch(['warm-up'], (row: string) => of(row));
    const batch = executor.executeBatch(['a', 'b'], project);
    await tick();
    expect(executor.stats().poolStats).to.include({ successes: 0, maxConcurrentReached: 2 });
    succeed('a');
    expect(executor.stats().poolStats).to.include({ successes: 1 });
    succeed('b');
    await batch;
    expect(executor.stats().poolStats).to.include({ successes: 2, maxConcurrentReached: 2 });
  });

  it('should reject a batch whose project crashes, and run the next batch normally', async () => {
    const executor = new PooledExecutor({ poolSize: 2 });
    const crash = new Error('worker crashed');
    const failing = executor.executeBatch([1, 2, 3], (row: number) => {
      if (row === 2) throw crash;
      return of(row);
    });
    const next = executor.executeBatch([4, 5], (row: number) => of(row));
    let rejection: unknown;
    await failing.catch((error: unknown) => (rejection = error));
    expect(rejection).to.equal(crash);
    expect(reasons(await next)).to.deep.equal([4, 5]);
    expect(executor.pool.stats()).to.include({ inFlight: 0, buffered: 0 });
  });

  describe('shutdown', () => {
    it('should give every row one entry: running calls finish, undispatched rows are shutdown_requested', async () => {
      const executor = new PooledExecutor({ poolSize: 2 });
      const { project, succeed, log } = manualCalls<number>();
      const batch = executor.executeBatch([0, 1, 2, 3, 4], project);
      await tick();
      succeed(0); // row 2 starts in its permit
      const stopped = executor.shutdown();
      succeed(1);
      succeed(2);
      const entries = await batch;
      await stopped;
      expect(entries.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2, 3, 4]);
      expect(reasons(entries)).to.deep.equal([
        '0!',
        '1!',
        '2!',
        'failed:shutdown_requested',
        'failed:shutdown_requested',
      ]);
      expect(entries.slice(3).map((e) => e.attempts)).to.deep.equal([0, 0]);
      expect(log.filter((line) => line.startsWith('start'))).to.have.length(3);
      expect(executor.pool.stats()).to.include({ inFlight: 0, buffered: 0 });
    });

    it('should not retry after a shutdown: a refused running call and a waiting retry are shutdown_requested', async () => {
      const executor = new PooledExecutor({
        poolSize: 2,
        recoveryStepMs: 60_000,
        maxDispatchDelayMs: 60_000,
      });
      const { project, refuse, log } = manualCalls<string>();
      const batch = executor.executeBatch(['waits', 'runs'], project);
      await tick();
      refuse('waits'); // delay 60 s: its retry waits at the gate
      void executor.shutdown();
      refuse('runs'); // refused after the shutdown: no retry either
      const entries = await batch;
      expect(reasons(entries)).to.deep.equal(['failed:shutdown_requested', 'failed:shutdown_requested']);
      expect(entries.map((e) => e.attempts)).to.deep.equal([1, 1]);
      expect(log).to.deep.equal(['start waits#1', 'start runs#1']);
    });

    it('should answer every row of batches queued or submitted after it with shutdown_requested', async () => {
      const executor = new PooledExecutor();
      const { project, succeed, log } = manualCalls<string>();
      const running = executor.executeBatch(['a'], project);
      const queued = executor.executeBatch(['b', 'c'], project);
      await tick();
      const stopped = executor.shutdown();
      succeed('a');
      const later = await executor.executeBatch(['d', 'e', 'f'], project);
      expect(reasons(await running)).to.deep.equal(['a!']);
      for (const entries of [await queued, later]) {
        expect(entries.map((e) => e.submitIndex)).to.deep.equal([...entries.keys()]);
        expect(
          entries.every((e) => isLeft(e.result) && e.result.left.reason === 'shutdown_requested'),
        ).to.equal(true);
      }
      expect(later).to.have.length(3);
      expect(log).to.deep.equal(['start a#1', 'end a']);
      await stopped;
      expect(executor.isShutdown).to.equal(true);
    });

    it('should resolve once the batches submitted before it have ended', async () => {
      const executor = new PooledExecutor();
      const { project, succeed } = manualCalls<string>();
      const batch = executor.executeBatch(['a'], project);
      await tick();
      let stopped = false;
      void executor.shutdown().then(() => (stopped = true));
      await tick();
      expect(stopped).to.equal(false);
      succeed('a');
      const [entry] = await batch;
      await tick();
      expect(stopped).to.equal(true);
      expect(entry !== undefined && isRight(entry.result)).to.equal(true);
    });
  });

  it('should report zero counters at the current delay before any batch', () => {
    expect(new PooledExecutor({ poolSize: 3 }).stats()).to.deep.equal({
      poolConfig: { poolSize: 3, maxCapacityRetrySeconds: 3600, dispatchDelayAtCompletionMs: 0 },
      poolStats: {
        capacityRetries: 0,
        successes: 0,
        peakDelayMs: 0,
        currentDelayMs: 0,
        totalThrottleTimeMs: 0,
        maxConcurrentReached: 0,
        ignoredBatches: 0,
      },
    });
  });

  it('should reject rows that are not an array', async () => {
    const executor = new PooledExecutor();
    let rejection: unknown;
    await executor
      .executeBatch('rows' as unknown as string[], (row: string) => of(row))
      .catch((e: unknown) => {
        rejection = e;
      });
    expect(rejection).to.be.instanceOf(TypeError);
  });
});
