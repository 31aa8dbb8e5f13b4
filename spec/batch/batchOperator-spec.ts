import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';
import { defer, map, of, Subject, throwError, VirtualTimeScheduler, type Observable } from 'rxjs';
import type { BatchResult } from '../../lib/batch/BatchResult.js';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { Pool } from '../../lib/Pool.js';
import type { CallContext } from '../../lib/PoolEntry.js';
import { outcome, testScheduler } from '../helpers/marbles.js';

/** A batch result reduced to what marbles compare. */
function summary<R>(result: BatchResult<R>) {
  return {
    batch: result.batchIndex,
    outcomes: result.entries.map(outcome),
    submitIndices: result.entries.map((entry) => entry.submitIndex),
    // Rows of a batch arrive in its lane when the batch starts: this is the batch's start time.
    startedAt: result.entries[0]?.submitTime,
    ignored: result.stats.poolStats.ignoredBatches,
  };
}

describe('batchOperator', () => {
  describe("overlap: 'queue'", () => {
    it('should start a batch that arrives during another only once that one has ended', () => {
      testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  -a-b--------|', { a: [1, 2], b: [3] });
        const call = cold('    ---(x|)     ');
        const expected = '    ----A--B----|';
        const pool = new Pool({ poolSize: 2 });
        const result = source.pipe(
          pool.batches((row: number) => call.pipe(map(() => row * 10))),
          map(summary),
        );
        expectObservable(result).toBe(expected, {
          A: { batch: 0, outcomes: [10, 20], submitIndices: [0, 1], startedAt: 1, ignored: 0 },
          B: { batch: 1, outcomes: [30], submitIndices: [0], startedAt: 4, ignored: 0 },
        });
        expectSubscriptions(source.subscriptions).toBe('^-----------!');
        expectSubscriptions(call.subscriptions).toBe(['-^--!', '-^--!', '----^--!']);
      });
    });

    it('should run batches pushed together one after the other, entries never mixed', () => {
      testScheduler().run(({ cold, hot, expectObservable }) => {
        const source = hot('  (ab)------|', { a: [1, 2, 3], b: [4, 5] });
        const call = cold('   --(x|)   ');
        const expected = '    ----A-B---|';
        const result = source.pipe(
          new Pool({ poolSize: 2 }).batches((row: number) => call.pipe(map(() => row))),
          map(summary),
        );
        expectObservable(result).toBe(expected, {
          A: { batch: 0, outcomes: [1, 2, 3], submitIndices: [0, 1, 2], startedAt: 0, ignored: 0 },
          B: { batch: 1, outcomes: [4, 5], submitIndices: [0, 1], startedAt: 4, ignored: 0 },
        });
      });
    });
  });

  describe("overlap: 'ignore'", () => {
    it('should drop a batch that arrives while one runs, report it, and run the next one', () => {
      const ignored: (readonly number[])[] = [];
      testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  -a-b----c---|', { a: [1, 2], b: [3], c: [4] });
        const call = cold('    ---(x|)     ');
        const expected = '    ----A------C|';
        const pool = new Pool({ poolSize: 2 });
        const result = source.pipe(
          pool.batches((row: number) => call.pipe(map(() => row * 10)), {
            overlap: 'ignore',
            onIgnored: (rows) => ignored.push(rows),
          }),
          map(summary),
        );
        expectObservable(result).toBe(expected, {
          A: { batch: 0, outcomes: [10, 20], submitIndices: [0, 1], startedAt: 1, ignored: 1 },
          C: { batch: 1, outcomes: [40], submitIndices: [0], startedAt: 8, ignored: 0 },
        });
        expectSubscriptions(source.subscriptions).toBe('^-----------!');
        expectSubscriptions(call.subscriptions).toBe(['-^--!', '-^--!', '--------^--!']);
      });
      expect(ignored).to.deep.equal([[3]]);
    });

    it('should pass every dropped batch to onIgnored', () => {
      const ignored: (readonly number[])[] = [];
      const batches = new Subject<number[]>();
      const results: BatchResult<number>[] = [];
      const gate = new Subject<number>();
      batches
        .pipe(
          new Pool({ poolSize: 1 }).batches((row: number) => gate.pipe(map(() => row)), {
            overlap: 'ignore',
            onIgnored: (rows) => ignored.push(rows),
          }),
        )
        .subscribe((result) => results.push(result));
      batches.next([1]);
      batches.next([2]);
      batches.next([3, 4]);
      gate.next(0);
      expect(ignored).to.deep.equal([[2], [3, 4]]);
      expect(results.map((r) => r.stats.poolStats.ignoredBatches)).to.deep.equal([2]);
    });

    it('should not ignore a batch pushed from the handler of the previous result', () => {
      const batches = new Subject<number[]>();
      const seen: number[][] = [];
      batches
        .pipe(new Pool().batches((row: number) => of(row), { overlap: 'ignore' }))
        .subscribe((result) => {
          seen.push(result.entries.map(outcome) as number[]);
          if (result.batchIndex === 0) batches.next([2]);
        });
      batches.next([1]);
      expect(seen).to.deep.equal([[1], [2]]);
    });
  });

  describe('stats', () => {
    it('should count a retry in the batch that had it and none in the next, clean batch', () => {
      const results: BatchResult<string>[] = [];
      testScheduler().run(({ cold, hot }) => {
        const source = hot('a------------b|', { a: ['busy', 'ok'], b: ['ok'] });
        const refused = new Set<string>();
        // 'busy' is refused once, at 1: the delay rises and its retry waits at the gate.
        const project = (row: string): Observable<string> =>
          row === 'busy' && !refused.has(row)
            ? defer(() => (refused.add(row), cold('-#', undefined, new CapacityError(429))))
            : cold('---(x|)', { x: row });
        source.pipe(new Pool({ poolSize: 2, recoveryStepMs: 5 }).batches(project)).subscribe((result) => {
          results.push(result);
        });
      });
      const [first, second] = results.map((result) => result.stats);
      expect(first?.poolStats).to.include({ capacityRetries: 1, successes: 2, maxConcurrentReached: 2 });
      expect(first?.poolStats.peakDelayMs).to.equal(5);
      expect(first?.poolStats.totalThrottleTimeMs).to.be.greaterThan(0);
      expect(second?.poolStats).to.include({ capacityRetries: 0, successes: 1, maxConcurrentReached: 1 });
      expect(second?.poolStats.totalThrottleTimeMs).to.equal(0);
      // The delay is not reset: the second batch's peak starts where the first one left it.
      expect(second?.poolStats.peakDelayMs).to.equal(first?.poolConfig.dispatchDelayAtCompletionMs);
      expect(first?.poolConfig.dispatchDelayAtCompletionMs).to.equal(first?.poolStats.currentDelayMs);
    });

    it('should keep the delay across batches and start the next peak from it', () => {
      const scheduler = new VirtualTimeScheduler();
      const pool = new Pool({ poolSize: 1, recoveryStepMs: 100, maxDispatchDelayMs: 10_000, scheduler });
      const batches = new Subject<string[]>();
      const results: BatchResult<string>[] = [];
      const calls: Subject<string>[] = [];
      const project = () => defer(() => calls[calls.push(new Subject<string>()) - 1] as Subject<string>);
      batches.pipe(pool.batches(project)).subscribe((result) => results.push(result));
      batches.next(['a']);
      // Two congestion events while 'a' runs: the delay goes 0 → 100 → 200.
      pool.throttle.onCapacityError();
      pool.throttle.onCapacityError();
      calls[0]?.next('A'); // one success lowers the delay, not to 0: the batch ends with it
      const inherited = pool.throttle.currentDelayMs;
      batches.next(['b']);
      scheduler.flush(); // 'b' waits at the gate for the inherited delay
      calls[1]?.next('B');
      const [first, second] = results.map((r) => r.stats);
      expect(inherited).to.be.greaterThan(0);
      expect(first?.poolStats).to.include({ capacityRetries: 2, successes: 1, peakDelayMs: 200 });
      expect(first?.poolStats.currentDelayMs).to.equal(inherited);
      expect(first?.poolConfig.dispatchDelayAtCompletionMs).to.equal(inherited);
      expect(second?.poolStats).to.include({ capacityRetries: 0, successes: 1, peakDelayMs: inherited });
      expect(second?.poolStats.totalThrottleTimeMs).to.equal(inherited);
      expect(second?.poolStats.currentDelayMs).to.be.lessThan(inherited);
    });

    it('should report maxConcurrentReached per batch: 4 for a batch of 4, then 1 for a batch of 1', () => {
      testScheduler().run(({ cold, hot, expectObservable }) => {
        const source = hot('  a----b---|', { a: [1, 2, 3, 4], b: [5] });
        const call = cold('   --(x|)');
        const result = source.pipe(
          new Pool({ poolSize: 4 }).batches(() => call),
          map(({ stats }) => stats.poolStats.maxConcurrentReached),
        );
        expectObservable(result).toBe('--x----y-|', { x: 4, y: 1 });
      });
    });

    it('should give an empty batch an empty result', () => {
      const results: BatchResult<number>[] = [];
      of([] as number[])
        .pipe(new Pool().batches((row: number) => of(row)))
        .subscribe((result) => results.push(result));
      expect(results).to.have.length(1);
      expect(results[0]?.entries).to.deep.equal([]);
      expect(results[0]?.stats.poolStats).to.include({ successes: 0, maxConcurrentReached: 0 });
    });
  });

  describe('errors', () => {
    it('should error the output when a row fails fatally, after nothing is mixed in', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const source = hot('  a-b|', { a: [1], b: [2] });
        const boom = new Error('boom');
        const project = (row: number) => (row === 2 ? throwError(() => boom) : of(row));
        const result = source.pipe(new Pool().batches(project), map(summary));
        expectObservable(result).toBe(
          'A-#',
          { A: { batch: 0, outcomes: [1], submitIndices: [0], startedAt: 0, ignored: 0 } },
          boom,
        );
      });
    });

    it('should error the output when a batch is not an array', () => {
      const errors: unknown[] = [];
      of('rows' as unknown as string[])
        .pipe(new Pool().batches((row: string) => of(row)))
        .subscribe({ error: (error) => errors.push(error) });
      expect(errors[0]).to.be.instanceOf(TypeError);
    });

    it('should reject bad options when the operator is created, naming each one', () => {
      const pool = new Pool();
      const project = (row: number, _ctx: CallContext) => of(row);
      expect(() => pool.batches(project, { overlap: 'merge' as 'queue', onIgnored: 3 as never }))
        .to.throw(PoolConfigError)
        .with.property('problems')
        .that.deep.equals([
          "`overlap` must be 'queue' or 'ignore', received \"merge\"",
          '`onIgnored` must be a function, received 3',
        ]);
      expect(() => pool.batches(project, { overlab: 'ignore' } as never)).to.throw(/`overlab`/);
    });
  });

  it('should give every batch its own entries even when the pool is shared with another pipeline', () => {
    const pool = new Pool({ poolSize: 3 });
    const results: BatchResult<string>[] = [];
    const mapped: string[] = [];
    const calls = new Subject<void>();
    of(['a', 'b'], ['c'])
      .pipe(pool.batches((row: string) => calls.pipe(map(() => row))))
      .subscribe((result) => results.push(result));
    of('x', 'y')
      .pipe(pool.map((row: string) => calls.pipe(map(() => row))))
      .subscribe((entry) => mapped.push(entry.result._tag === 'Right' ? entry.result.right : '?'));
    calls.next();
    calls.next();
    expect(results.map((r) => r.entries.map(outcome))).to.deep.equal([['a', 'b'], ['c']]);
    expect(results.map((r) => r.entries.map((e) => e.submitIndex))).to.deep.equal([[0, 1], [0]]);
    expect(mapped).to.deep.equal(['x', 'y']);
    expect(results.every((r) => r.entries.every((e) => isRight(e.result)))).to.equal(true);
  });
});
