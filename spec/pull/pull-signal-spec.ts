import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import { map } from 'rxjs';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';
import { Pool } from '../../lib/Pool.js';
import type { CallContext, PoolEntry } from '../../lib/PoolEntry.js';
import { pooledMapFrom } from '../../lib/pull/pooledMapFrom.js';
import { pooledMapIterable } from '../../lib/pull/pooledMapIterable.js';
import { outcome, testScheduler } from '../helpers/marbles.js';

/** A generator that logs what it yields and whether it was closed. */
function logged(rows: string) {
  const log = { read: [] as string[], closed: false };
  function* generate() {
    try {
      for (const row of rows) {
        log.read.push(row);
        yield row;
      }
    } finally {
      log.closed = true;
    }
  }
  return { log, rows: generate() };
}

const reasonOf = <R>(entry: PoolEntry<R> | undefined): unknown =>
  entry !== undefined && isLeft(entry.result) ? entry.result.left.error : undefined;

describe('pooledMapFrom and pooledMapIterable signal', () => {
  it('should abort running calls, read no further, and end every row read as shutdown_requested', () => {
    const scheduler = testScheduler();
    const { log, rows } = logged('abcdefgh');
    const seen: string[] = [];
    const controller = new AbortController();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const call = cold('----(x|)');
      const project = (row: string) => call.pipe(map(() => row.toUpperCase()));
      const options = { poolSize: 2, maxBuffered: 4, signal: controller.signal };
      pooledMapFrom(rows, project, options).subscribe({
        next: (e) => seen.push(`${outcome(e)}#${e.attempts}@${scheduler.now()}`),
        complete: () => seen.push(`done@${scheduler.now()}`),
      });
      scheduler.schedule(() => controller.abort(), 6);
      // c and d started at 4, when A and B were out, and were cut short at 6.
      expectSubscriptions(call.subscriptions).toBe(['^---!', '^---!', '----^-!', '----^-!']);
    });
    expect(seen).to.deep.equal([
      'A#1@4',
      'B#1@4',
      'failed:shutdown_requested#1@6',
      'failed:shutdown_requested#1@6',
      'failed:shutdown_requested#0@6',
      'failed:shutdown_requested#0@6',
      'done@6',
    ]);
    // e and f were read when A and B left the window; nothing after the abort.
    expect(log.read.join('')).to.equal('abcdef');
    expect(log.closed).to.equal(true);
  });

  it('should read nothing and complete at once when the signal is already aborted', () => {
    const { log, rows } = logged('abc');
    let calls = 0;
    const seen: string[] = [];
    pooledMapFrom(rows, () => Promise.resolve(++calls), { signal: AbortSignal.abort() }).subscribe({
      next: (e) => seen.push(String(outcome(e))),
      complete: () => seen.push('done'),
    });
    expect(seen).to.deep.equal(['done']);
    expect(calls).to.equal(0);
    expect(log.read).to.deep.equal([]);
  });

  it('should stop a for-await loop over a shared pool, yielding every row read once (real time)', async () => {
    const pool = new Pool({ poolSize: 3 });
    const controller = new AbortController();
    async function* rows() {
      for (let i = 0; ; i++) yield i; // infinite: only the signal ends the run
    }
    const project = (row: number, { signal }: CallContext) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => resolve(row), 2);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    const entries: PoolEntry<number>[] = [];
    for await (const entry of pooledMapIterable(rows(), project, { pool, signal: controller.signal })) {
      entries.push(entry);
      if (entries.length === 5) controller.abort(new Error('enough'));
    }
    expect(entries.map((e) => e.submitIndex)).to.deep.equal(entries.map((_, i) => i));
    expect(entries.slice(0, 5).every((e) => e.result._tag === 'Right')).to.equal(true);
    const after = entries.slice(5);
    expect(after.length).to.be.greaterThan(0);
    expect(after.map((e) => outcome(e))).to.deep.equal(after.map(() => 'failed:shutdown_requested'));
    expect((reasonOf(after[0]) as Error).message).to.equal('enough');
    // The aborted calls rejected and gave their permits back: the pool is idle and usable.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.stats().inFlight).to.equal(0);
  });

  it('should give an entry to the row a pending next() brings after the abort, then stop', async () => {
    const controller = new AbortController();
    let reads = 0;
    let returned = false;
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<number>>((resolve) => {
            const row = reads++;
            // The second read is pending when the signal aborts.
            if (row === 1) controller.abort();
            setTimeout(() => resolve({ value: row, done: false }), 5);
          }),
        return: () => {
          returned = true;
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
    const seen: string[] = [];
    for await (const entry of pooledMapIterable(source, (row: number) => Promise.resolve(row), {
      signal: controller.signal,
    })) {
      seen.push(`${entry.submitIndex}:${String(outcome(entry))}`);
    }
    // Row 0 finished before the abort, or was cut short by it: either way one entry each, in order.
    expect(seen.map((s) => s.split(':')[0])).to.deep.equal(['0', '1']);
    expect(seen[1]).to.equal('1:failed:shutdown_requested');
    expect(reads).to.equal(2);
    expect(returned).to.equal(true);
  });

  it('should reject a bad signal with the pool options problems, and allow one beside a pool', () => {
    expect(() => pooledMapFrom([1], () => [1], { signal: 5 as unknown as AbortSignal, poolSize: 0 }))
      .to.throw(PoolConfigError)
      .with.property('problems')
      .that.deep.equals([
        '`signal` must be an AbortSignal, received 5',
        '`poolSize` must be an integer ≥ 1, received 0',
      ]);
    const pool = new Pool();
    expect(() =>
      pooledMapIterable([1], () => [1], { pool, signal: new AbortController().signal }),
    ).not.to.throw();
  });
});
