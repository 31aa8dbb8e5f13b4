import { expect } from 'chai';
import { Readable } from 'node:stream';
import { lastValueFrom, map, NEVER, of, Subject, take, toArray, type Observable } from 'rxjs';
import { Pool } from '../../lib/Pool.js';
import type { CallContext, PoolEntry } from '../../lib/PoolEntry.js';
import { pooledMapFrom } from '../../lib/pull/pooledMapFrom.js';
import { outcome, testScheduler } from '../helpers/marbles.js';
import { instrumented } from './instrumented.js';

describe('pooledMapFrom', () => {
  it('should read a row only when the window has room, and emit entries in order', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const pulls: string[] = [];
      function* rows() {
        for (const row of 'abcdef') {
          pulls.push(`${row}@${scheduler.now()}`);
          yield row;
        }
      }
      const call = cold('   ----(x|)          ');
      const expected = '    ----(AB)(CD)(EF|)';
      const result = pooledMapFrom(rows(), (row: string) => call.pipe(map(() => row.toUpperCase())), {
        poolSize: 2,
        maxBuffered: 3,
      }).pipe(map(outcome));
      expectObservable(result).toBe(expected);
      expectSubscriptions(call.subscriptions).toBe([
        '^---!',
        '^---!',
        '----^---!',
        '----^---!',
        '--------^---!',
        '--------^---!',
      ]);
      // c is read at once (the window is 3) but waits for a permit; d and e only once A and B are out.
      scheduler.schedule(() => expect(pulls).to.deep.equal(['a@0', 'b@0', 'c@0', 'd@4', 'e@4', 'f@8']), 20);
    });
  });

  it('should never have more than maxBuffered rows taken and not yet emitted', () => {
    const source = instrumented({ count: 50 });
    const indices: number[] = [];
    testScheduler().run(({ cold }) => {
      const latencies = ['-(x|)', '---(x|)', '--(x|)', '-----(x|)'];
      const project = (row: number) => cold(latencies[row % 4] as string, { x: row });
      pooledMapFrom(source.sync, project, { poolSize: 3, maxBuffered: 4 }).subscribe((entry) => {
        source.consumed();
        indices.push(entry.submitIndex);
      });
    });
    expect(indices).to.deep.equal([...Array(50).keys()]);
    expect(source.peakOutstanding).to.equal(4);
  });

  it('should not drain a synchronous source of a million rows when the calls are slow', () => {
    const source = instrumented({ count: 1_000_000 });
    const subscription = pooledMapFrom(source.sync, () => NEVER, { poolSize: 2, maxBuffered: 5 }).subscribe();
    expect(source.taken).to.equal(5);
    subscription.unsubscribe();
    expect(source.closed).to.equal(true);
  });

  it('should stop reading when unsubscribed from inside subscribe', () => {
    const source = instrumented();
    // The first entry arrives synchronously, while the source loop still runs inside subscribe.
    const entries: unknown[] = [];
    pooledMapFrom(source.sync, (row: number) => of(row))
      .pipe(take(1))
      .subscribe((entry) => entries.push(outcome(entry)));
    expect(entries).to.deep.equal([0]);
    expect(source.taken).to.equal(1);
    expect(source.closed).to.equal(true);
  });

  it('should abort in-flight calls and close the source on unsubscribe', () => {
    const source = instrumented();
    const signals: AbortSignal[] = [];
    const first = new Subject<number>();
    const pool = new Pool({ poolSize: 4 });
    const project = (row: number, ctx: CallContext): Observable<number> => {
      signals.push(ctx.signal);
      return row === 0 ? first : NEVER;
    };
    const entries: unknown[] = [];
    pooledMapFrom(source.sync, project, { pool })
      .pipe(take(1))
      .subscribe((entry) => entries.push(outcome(entry)));
    expect(signals).to.have.length(4);
    first.next(0);
    expect(entries).to.deep.equal([0]);
    expect(signals.slice(1).every((signal) => signal.aborted)).to.equal(true);
    expect(source.closed).to.equal(true);
    expect(pool.stats()).to.include({ inFlight: 0, buffered: 0 });
  });

  it('should emit the entries of every earlier row, then the error of a throwing source', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = instrumented({ failAt: 3 });
      const result = pooledMapFrom(source.sync, (row: number) => cold('----(x|)', { x: row }), {
        poolSize: 2,
      });
      expectObservable(result.pipe(map(outcome))).toBe(
        '----(ab)(c#)',
        { a: 0, b: 1, c: 2 },
        new Error('source failed at row 3'),
      );
    });
  });

  it('should read an async iterable and a Node Readable', async () => {
    const fromAsync = await lastValueFrom(
      pooledMapFrom(instrumented({ count: 5 }).async, (row: number) => Promise.resolve(row * 2)).pipe(
        toArray(),
      ),
    );
    expect(fromAsync.map(outcome)).to.deep.equal([0, 2, 4, 6, 8]);
    const stream = Readable.from(['x', 'y', 'z']);
    const fromStream: PoolEntry<string>[] = await lastValueFrom(
      pooledMapFrom(stream, (line: string) => Promise.resolve(line.toUpperCase()), { poolSize: 2 }).pipe(
        toArray(),
      ),
    );
    expect(fromStream.map(outcome)).to.deep.equal(['X', 'Y', 'Z']);
  });

  it('should close an async source on unsubscribe once its pending next() settles', async () => {
    const source = instrumented();
    const signals: AbortSignal[] = [];
    const entries = await lastValueFrom(
      pooledMapFrom(source.async, (row: number, ctx: CallContext) => {
        signals.push(ctx.signal);
        return row < 3 ? Promise.resolve(row) : NEVER;
      }).pipe(take(3), toArray()),
    );
    expect(entries.map(outcome)).to.deep.equal([0, 1, 2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.closed).to.equal(true);
    expect(signals.slice(3).every((signal) => signal.aborted)).to.equal(true);
  });

  it('should reject a source that is not iterable when it is created', () => {
    expect(() => pooledMapFrom({} as never, (row: number) => of(row))).to.throw(TypeError, /`source`/);
  });
});
