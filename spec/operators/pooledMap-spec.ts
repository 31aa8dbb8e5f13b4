import { expect } from 'chai';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { map, type Observable } from 'rxjs';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';
import { pooledMap } from '../../lib/operators/pooledMap.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import { outcome, testScheduler } from '../helpers/marbles.js';

describe('pooledMap', () => {
  it('should emit entries in submission order when later rows finish first', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  abc|      ');
      const a = cold('      -----(A|) ');
      const b = cold('       -(B|)    ');
      const c = cold('        --(C|)  ');
      const expected = '    -----(ABC|)';
      const inner: Record<string, Observable<string>> = { a, b, c };
      const result = source.pipe(
        pooledMap((row: string) => inner[row] as Observable<string>, { poolSize: 3 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected, { A: 'A', B: 'B', C: 'C' });
      expectSubscriptions(a.subscriptions).toBe('^----!    ');
      expectSubscriptions(b.subscriptions).toBe('-^!       ');
      expectSubscriptions(c.subscriptions).toBe('--^-!     ');
    });
  });

  it('should run one call at a time with poolSize 1', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  (abc|)      ');
      const call = cold('   --(x|)      ');
      const expected = '    --x-x-(x|)  ';
      const result = source.pipe(
        pooledMap(() => call, { poolSize: 1 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected);
      expectSubscriptions(call.subscriptions).toBe(['^-!', '--^-!', '----^-!']);
    });
  });

  it('should run up to poolSize calls at once and start the next as one finishes', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  (abcd|)            ');
      const call = cold('   ------(x|)         ');
      const expected = '    ------(xx)--(xx|)  ';
      const result = source.pipe(
        pooledMap(() => call, { poolSize: 2 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected);
      expectSubscriptions(call.subscriptions).toBe(['^-----!', '^-----!', '------^-----!', '------^-----!']);
    });
  });

  it('should space dispatches by minDispatchDelayMs', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  (abc|)  ');
      const call = cold('   -(x|)   ');
      const expected = '    -x--x--(x|)';
      const result = source.pipe(
        pooledMap(() => call, { poolSize: 3, minDispatchDelayMs: 3, maxDispatchDelayMs: 10 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected);
      expectSubscriptions(call.subscriptions).toBe(['^!', '---^!', '------^!']);
    });
  });

  it('should give a permanent error a failed entry after one call and go on', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const source = hot('  (ab|)   ');
      const ok = cold('     --(x|)  ');
      const bad = cold('    -#      ', {}, new PermanentError('bad row', { statusCode: 400 }));
      const expected = '    --(xy|) ';
      let calls = 0;
      const result = source.pipe(
        pooledMap(
          (row: string) => {
            calls++;
            return row === 'a' ? ok : bad;
          },
          { poolSize: 2 },
        ),
        map(outcome),
      );
      expectObservable(result).toBe(expected, { x: 'x', y: 'failed:permanent_error' });
      return () => expect(calls).to.equal(2);
    });
  });

  it('should emit every earlier entry, then error, and abort later calls on an unexpected error', () => {
    const bug = new TypeError('project bug');
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  abc       ');
      const a = cold('      -----(A|) ');
      const b = cold('       -#       ', {}, bug);
      const c = cold('        ------(C|)');
      const expected = '    -----(A#) ';
      const inner: Record<string, Observable<string>> = { a, b, c };
      const result = source.pipe(
        pooledMap((row: string) => inner[row] as Observable<string>, { poolSize: 3 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected, { A: 'A' }, bug);
      expectSubscriptions(c.subscriptions).toBe('--(^!)    ');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('should stop calling and cancel the running call when unsubscribed', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  (abc)     ');
      const a = cold('      ---(A|)   ');
      const b = cold('         ---(B|)');
      const c = cold('            -(C|)');
      const unsub = '       -----!    ';
      const expected = '    ---A-     ';
      const inner: Record<string, Observable<string>> = { a, b, c };
      const result = source.pipe(
        pooledMap((row: string) => inner[row] as Observable<string>),
        map(outcome),
      );
      expectObservable(result, unsub).toBe(expected, { A: 'A' });
      expectSubscriptions(a.subscriptions).toBe('^--!      ');
      expectSubscriptions(b.subscriptions).toBe('---^-!    ');
      expectSubscriptions(c.subscriptions).toBe([]);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('should finish the rows in flight, then complete, when the source completes', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const source = hot('  -a-b|     ');
      const call = cold('    ----(x|) ');
      const expected = '    -----x-(x|)';
      const result = source.pipe(
        pooledMap(() => call, { poolSize: 2 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected);
    });
  });

  it('should finish the rows in flight, then error, when the source errors', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const source = hot('  -a-b#     ', {}, new Error('source broke'));
      const call = cold('    ----(x|) ');
      const expected = '    -----x-(x#)';
      const result = source.pipe(
        pooledMap(() => call, { poolSize: 2 }),
        map(outcome),
      );
      expectObservable(result).toBe(expected, undefined, new Error('source broke'));
    });
  });

  it('should fail fast when project completes without a value', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const source = hot('  a ');
      const empty = cold('  --| ');
      const result = source.pipe(pooledMap(() => empty));
      expectObservable(result).toBe('--#', undefined, new EmptyCallErrorLike(0));
    });
  });

  it('should keep the audit fields: submit and complete indices, times, buffer wait, attempts', () => {
    const entries: PoolEntry<string>[] = [];
    testScheduler().run(({ cold, hot }) => {
      // Completion order 2, 0, 4, 1, 3 (elspeth's scenario): entries still leave as 0..4.
      const source = hot('(abcde)');
      const latency: Record<string, string> = {
        a: '--(A|)',
        b: '----(B|)',
        c: '-(C|)',
        d: '-----(D|)',
        e: '---(E|)',
      };
      source
        .pipe(pooledMap((row: string) => cold<string>(latency[row] as string), { poolSize: 5 }))
        .subscribe((entry) => entries.push(entry));
    });
    expect(entries.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(entries.map((e) => e.completeIndex)).to.deep.equal([1, 3, 0, 4, 2]);
    expect(entries.map((e) => e.completeTime)).to.deep.equal([2, 4, 1, 5, 3]);
    expect(entries.map((e) => e.bufferWaitMs)).to.deep.equal([0, 0, 3, 0, 2]);
    expect(entries.map((e) => e.submitTime)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(entries.every((e) => e.attempts === 1 && isRight(e.result))).to.equal(true);
  });

  it('should report how long a fast row waited behind a slow head', () => {
    const entries: PoolEntry<string>[] = [];
    testScheduler().run(({ cold, hot }) => {
      const source = hot('(ab)');
      const latency: Record<string, string> = { a: '----------(A|)', b: '--(B|)' };
      source
        .pipe(pooledMap((row: string) => cold<string>(latency[row] as string), { poolSize: 2 }))
        .subscribe((entry) => entries.push(entry));
    });
    expect(entries.map((e) => [e.submitIndex, e.completeTime, e.bufferWaitMs])).to.deep.equal([
      [0, 10, 0],
      [1, 2, 8],
    ]);
  });

  it('should retry a capacity error and count it: one 429 then success is two calls', () => {
    const entries: PoolEntry<string>[] = [];
    let calls = 0;
    testScheduler().run(({ cold, hot }) => {
      const source = hot('a');
      source
        .pipe(
          pooledMap(
            () => (++calls === 1 ? cold<string>('-#', {}, new CapacityError(429)) : cold<string>('-(x|)')),
            {
              poolSize: 1,
            },
          ),
        )
        .subscribe((entry) => entries.push(entry));
    });
    expect(calls).to.equal(2);
    expect(entries).to.have.length(1);
    expect(entries[0]?.attempts).to.equal(2);
    expect(isRight(entries[0]!.result)).to.equal(true);
  });

  it('should let another row use the permit while a row waits to retry', () => {
    const entries: PoolEntry<string>[] = [];
    testScheduler().run(({ cold, hot }) => {
      const source = hot('(ab)');
      let firstCallOfA = true;
      const project = (row: string) => {
        if (row === 'a' && firstCallOfA) {
          firstCallOfA = false;
          return cold('-#', {}, new RetryableError('reset'));
        }
        return cold('--(x|)');
      };
      source.pipe(pooledMap(project, { poolSize: 1 })).subscribe((entry) => entries.push(entry));
    });
    // a fails at 1 and backs off 50 ms holding no permit; b runs 1→3; a's retry runs 51→53.
    expect(entries.map((e) => [e.submitIndex, e.completeIndex, e.completeTime, e.attempts])).to.deep.equal([
      [0, 1, 53, 2],
      [1, 0, 3, 1],
    ]);
  });

  it('should call every row exactly twice when each fails once with pool size 2 (no deadlock)', () => {
    const calls = new Map<number, number>();
    const entries: PoolEntry<number>[] = [];
    testScheduler().run(({ cold, hot }) => {
      const source = hot<number>('(abcdef|)', { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5 });
      const project = (row: number) => {
        const n = (calls.get(row) ?? 0) + 1;
        calls.set(row, n);
        return n === 1 ? cold<number>('-#', {}, new CapacityError(503)) : cold('-(x|)', { x: row });
      };
      source.pipe(pooledMap(project, { poolSize: 2 })).subscribe((entry) => entries.push(entry));
    });
    expect([...calls.values()]).to.deep.equal([2, 2, 2, 2, 2, 2]);
    expect(entries.map(outcome)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });
});

/** Matches EmptyCallError by name and message, as TestScheduler compares errors deeply. */
class EmptyCallErrorLike extends Error {
  override readonly name = 'EmptyCallError';
  constructor(
    readonly rowIndex: number,
    readonly attempt = 1,
  ) {
    super(
      `project completed without a value for row ${rowIndex} (attempt ${attempt}); it must emit one result`,
    );
  }
}
void isLeft;
