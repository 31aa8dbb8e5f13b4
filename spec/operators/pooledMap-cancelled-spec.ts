// Calls the pool gives up while they run (a sibling subscription unsubscribed, a fatal error, a
// crashed batch) whose project ignores `ctx.signal`. An awaited call (a Promise, an async
// iterable) cannot be stopped, so it keeps its permit until it settles: never more than
// `poolSize` calls run. An Observable call is unsubscribed, which ends it: its permit is free at once.
import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';
import { from, lastValueFrom, Observable, of, Subject, toArray } from 'rxjs';
import { PooledExecutor } from '../../lib/batch/PooledExecutor.js';
import { Pool } from '../../lib/Pool.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';

/** Lets queued promise callbacks and immediate timers run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Calls that ignore their signal and settle only when the test says so, counting what really
 * runs: a call runs from its start until its promise settles, whatever the pool thinks of it.
 */
function stubbornCalls() {
  const pending = new Map<string, (value: string) => void>();
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const call = (name: string): Promise<string> => {
    started.push(name);
    peak = Math.max(peak, ++running);
    return new Promise<string>((resolve) => pending.set(name, resolve)).finally(() => running--);
  };
  const settle = async (name: string): Promise<void> => {
    const resolve = pending.get(name);
    if (resolve === undefined) throw new Error(`no call ${name} is pending`);
    pending.delete(name);
    resolve(`${name}!`);
    await tick();
  };
  return {
    call,
    settle,
    started,
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
  };
}

const values = <R>(entries: PoolEntry<R>[]) =>
  entries.map((entry) => (isRight(entry.result) ? entry.result.right : entry.result.left.reason));

describe('pooledMap: calls cancelled while they run', () => {
  it('should keep the permit of an unsubscribed Promise call that ignores its signal until it settles', async () => {
    // The repro: one pool shared by two subscriptions; A's calls ignore the signal.
    const pool = new Pool({ poolSize: 4, maxBuffered: 4 });
    const calls = stubbornCalls();
    const a = from([0, 1, 2, 3])
      .pipe(pool.map((row: number) => calls.call(`a${row}`)))
      .subscribe();
    const b = lastValueFrom(
      from([0, 1, 2, 3, 4, 5, 6, 7]).pipe(
        pool.map((row: number) => calls.call(`b${row}`)),
        toArray(),
      ),
    );
    await tick();
    expect(calls.started).to.deep.equal(['a0', 'a1', 'a2', 'a3']);

    a.unsubscribe();
    await tick();
    // A's four calls still run: none of B's may start yet.
    expect(calls.started).to.have.length(4);
    expect(pool.stats().inFlight).to.equal(4);

    await calls.settle('a1');
    expect(calls.started).to.deep.equal(['a0', 'a1', 'a2', 'a3', 'b0']);
    for (const name of ['a0', 'a2', 'a3']) await calls.settle(name);
    expect(calls.started.slice(4)).to.deep.equal(['b0', 'b1', 'b2', 'b3']);
    for (let row = 0; row < 8; row++) await calls.settle(`b${row}`);

    expect(values(await b)).to.deep.equal(['b0!', 'b1!', 'b2!', 'b3!', 'b4!', 'b5!', 'b6!', 'b7!']);
    expect(calls.peak).to.equal(4);
    expect(pool.stats()).to.include({ inFlight: 0, maxConcurrentReached: 4 });
  });

  it('should keep the permits of later rows aborted by a fatal error until their promises settle', async () => {
    const pool = new Pool({ poolSize: 3 });
    const calls = stubbornCalls();
    const crash = new TypeError('bad row');
    let failure: unknown;
    from([0, 1, 2])
      .pipe(pool.map((row: number) => (row === 0 ? Promise.reject(crash) : calls.call(`a${row}`))))
      .subscribe({ error: (error: unknown) => (failure = error) });
    const next = lastValueFrom(
      of(0, 1).pipe(
        pool.map((row: number) => calls.call(`b${row}`)),
        toArray(),
      ),
    );
    await tick();
    expect(failure).to.equal(crash);
    // Row 0's permit came back; rows 1 and 2 were aborted but still run.
    expect(calls.started).to.deep.equal(['a1', 'a2', 'b0']);
    await calls.settle('a2');
    expect(calls.started).to.deep.equal(['a1', 'a2', 'b0', 'b1']);
    await calls.settle('a1');
    await calls.settle('b0');
    await calls.settle('b1');
    expect(values(await next)).to.deep.equal(['b0!', 'b1!']);
    expect(calls.peak).to.equal(3);
  });

  it('should start the next batch only as the crashed batch’s stubborn calls settle', async () => {
    const executor = new PooledExecutor({ poolSize: 2 });
    const calls = stubbornCalls();
    const crash = new Error('worker crashed');
    const failing = executor.executeBatch([0, 1, 2], async (row: number) => {
      if (row === 0) throw crash;
      return calls.call(`a${row}`);
    });
    const next = executor.executeBatch([0, 1], (row: number) => calls.call(`b${row}`));
    let rejection: unknown;
    await failing.catch((error: unknown) => (rejection = error));
    expect(rejection).to.equal(crash);
    await tick();
    // Row 2 of the crashed batch never started; row 1 was aborted and holds its permit.
    expect(calls.started).to.deep.equal(['a1', 'b0']);
    await calls.settle('a1');
    expect(calls.started).to.deep.equal(['a1', 'b0', 'b1']);
    await calls.settle('b0');
    await calls.settle('b1');
    expect(values(await next)).to.deep.equal(['b0!', 'b1!']);
    expect(calls.peak).to.equal(2);
  });

  it('should keep the permit of an async-iterable call until its pending next() settles, then close it', async () => {
    const pool = new Pool({ poolSize: 1 });
    const calls = stubbornCalls();
    let closed = false;
    const a = of(0)
      .pipe(
        pool.map(async function* () {
          try {
            yield await calls.call('a0');
          } finally {
            closed = true;
          }
        }),
      )
      .subscribe();
    const b = lastValueFrom(of(0).pipe(pool.map(() => calls.call('b0'))));
    await tick();
    a.unsubscribe();
    await tick();
    expect(calls.started).to.deep.equal(['a0']);
    expect(pool.stats().inFlight).to.equal(1);
    await calls.settle('a0');
    expect(closed).to.equal(true);
    expect(calls.started).to.deep.equal(['a0', 'b0']);
    await calls.settle('b0');
    expect(values([await b])).to.deep.equal(['b0!']);
  });

  it('should free the permit of an unsubscribed Observable call at once: unsubscribing ends it', () => {
    const pool = new Pool({ poolSize: 1 });
    const log: string[] = [];
    const call = (name: string) =>
      new Observable<string>(() => {
        log.push(`start ${name}`);
        return () => log.push(`end ${name}`);
      });
    const a = of(0)
      .pipe(pool.map(() => call('a')))
      .subscribe();
    const b = of(0)
      .pipe(pool.map(() => call('b')))
      .subscribe();
    expect(log).to.deep.equal(['start a']);
    a.unsubscribe();
    expect(log).to.deep.equal(['start a', 'end a', 'start b']);
    b.unsubscribe();
    expect(pool.stats().inFlight).to.equal(0);
  });

  it('should tear the lane down at once and count its stubborn calls in inFlight until they settle', async () => {
    const pool = new Pool({ poolSize: 2 });
    const calls = stubbornCalls();
    const rows = new Subject<number>();
    const subscription = rows.pipe(pool.map((row: number) => calls.call(`a${row}`))).subscribe();
    rows.next(0);
    rows.next(1);
    rows.next(2);
    subscription.unsubscribe();
    expect(rows.observed).to.equal(false);
    expect(pool.stats()).to.include({ inFlight: 2, buffered: 0 });
    await calls.settle('a0');
    expect(pool.stats().inFlight).to.equal(1);
    await calls.settle('a1');
    expect(pool.stats().inFlight).to.equal(0);
    // Row 2 waited for a permit: it was dropped with the lane, never started.
    expect(calls.started).to.deep.equal(['a0', 'a1']);
  });
});
