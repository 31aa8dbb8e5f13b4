import { expect } from 'chai';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { from, lastValueFrom, of, Subject, tap, toArray, type Observable } from 'rxjs';
import { CapacityError } from '../../lib/errors/CapacityError.js';
import { PermanentError } from '../../lib/errors/PermanentError.js';
import { RetryableError } from '../../lib/errors/RetryableError.js';
import { pooledMap } from '../../lib/operators/pooledMap.js';
import { Pool } from '../../lib/Pool.js';
import type { PoolEntry, PoolFailure } from '../../lib/PoolEntry.js';

// Real time, real Promises: every delay here is short (≤ 30 ms) and nothing asserts on speed.

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise resolved or rejected from outside, to settle calls in an order the test chooses. */
interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Blocks the thread: a subscriber doing synchronous work (writing a file, say). */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

/** Waits until `condition` holds (checked every ms), or fails after `ms`. */
async function until(condition: () => boolean, ms = 500): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('condition not reached in time');
    await sleep(1);
  }
}

/** Rejects with an AbortError when the signal aborts, as `fetch` does; never settles otherwise. */
function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

interface Outcome<T> {
  readonly values: T[];
  readonly error?: unknown;
}

/** Subscribes, and resolves once the output completes or errors, with what it emitted. */
function settle<T>(output: Observable<T>): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const values: T[] = [];
    output.subscribe({
      next: (value) => values.push(value),
      error: (error: unknown) => resolve({ values, error }),
      complete: () => resolve({ values }),
    });
  });
}

function valuesOf<R>(entries: PoolEntry<R>[]): (R | PoolFailure['reason'])[] {
  return entries.map(({ result }) => (isRight(result) ? result.right : result.left.reason));
}

function failureOf<R>(result: Either<PoolFailure, R>): PoolFailure {
  if (!isLeft(result)) throw new Error('expected a failed entry');
  return result.left;
}

describe('pooledMap with Promise projects (real time)', () => {
  it('should emit entries in submission order when Promises resolve out of order', async () => {
    const delays = [30, 5, 20, 0, 10, 15];
    const entries = await lastValueFrom(
      from(delays).pipe(
        pooledMap(
          async (ms: number, { index }) => {
            await sleep(ms);
            return `row ${index} after ${ms}`;
          },
          { poolSize: delays.length },
        ),
        toArray(),
      ),
    );
    expect(entries.map((entry) => entry.submitIndex)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(valuesOf(entries)).to.deep.equal(delays.map((ms, index) => `row ${index} after ${ms}`));
    expect(entries.map((entry) => entry.completeIndex).sort()).to.deep.equal([0, 1, 2, 3, 4, 5]);
    for (const entry of entries) {
      expect(entry.attempts).to.equal(1);
      expect(entry.bufferWaitMs).to.be.at.least(0);
      expect(entry.completeTime).to.be.at.least(entry.submitTime);
    }
  });

  it('should record the real completion order in completeIndex and hold later rows back', async () => {
    const calls: Deferred<string>[] = [];
    const output = from(['a', 'b', 'c', 'd']).pipe(
      pooledMap(
        () => {
          const call = deferred<string>();
          calls.push(call);
          return call.promise;
        },
        { poolSize: 4 },
      ),
    );
    const seen: PoolEntry<string>[] = [];
    const done = new Promise<void>((resolve) =>
      output.subscribe({ next: (e) => seen.push(e), complete: resolve }),
    );
    await until(() => calls.length === 4);
    // Finish d, b, c while a is still running: nothing may come out before a.
    for (const [index, value] of [
      [3, 'D'],
      [1, 'B'],
      [2, 'C'],
    ] as const) {
      calls[index]?.resolve(value);
      await sleep(2);
    }
    expect(seen).to.deep.equal([]);
    calls[0]?.resolve('A');
    await done;
    expect(valuesOf(seen)).to.deep.equal(['A', 'B', 'C', 'D']);
    expect(seen.map((entry) => entry.completeIndex)).to.deep.equal([3, 1, 2, 0]);
    expect(seen[0]?.bufferWaitMs).to.equal(0);
  });

  it('should turn a Promise rejected with a PermanentError into a failed entry and carry on', async () => {
    const refused = new PermanentError('content refused', { statusCode: 400 });
    const entries = await lastValueFrom(
      from([1, 2, 3]).pipe(
        pooledMap(
          async (n: number) => {
            await sleep(n * 3);
            if (n === 2) throw refused;
            return n * 10;
          },
          { poolSize: 3 },
        ),
        toArray(),
      ),
    );
    expect(valuesOf(entries)).to.deep.equal([10, 'permanent_error', 30]);
    const failure = failureOf(entries[1]?.result as Either<PoolFailure, number>);
    expect(failure).to.deep.include({
      reason: 'permanent_error',
      errorType: 'PermanentError',
      statusCode: 400,
    });
    expect(failure.reason === 'permanent_error' && failure.error).to.equal(refused);
    expect(entries[1]?.attempts).to.equal(1);
  });

  it('should retry a Promise rejected with a RetryableError and emit its later success', async () => {
    const attempts: number[] = [];
    const entries = await lastValueFrom(
      from(['x']).pipe(
        pooledMap(
          async (row: string, { attempt }) => {
            attempts.push(attempt);
            await sleep(2);
            if (attempt < 3) throw new RetryableError('connection reset');
            return `${row}${attempt}`;
          },
          { recoveryStepMs: 5, maxDispatchDelayMs: 10 },
        ),
        toArray(),
      ),
    );
    expect(attempts).to.deep.equal([1, 2, 3]);
    expect(valuesOf(entries)).to.deep.equal(['x3']);
    expect(entries[0]?.attempts).to.equal(3);
  });

  it('should abort in-flight calls through ctx.signal on unsubscribe and start no other call', async () => {
    const signals: AbortSignal[] = [];
    const aborts: number[] = [];
    const rows = new Subject<number>();
    const subscription = rows
      .pipe(
        pooledMap(
          (row: number, { signal }) => {
            signals.push(signal);
            signal.addEventListener('abort', () => aborts.push(row));
            return hangUntilAborted(signal);
          },
          { poolSize: 2 },
        ),
      )
      .subscribe({ error: (error: unknown) => expect.fail(`unexpected error ${String(error)}`) });
    for (let row = 0; row < 5; row++) rows.next(row);
    await until(() => signals.length === 2);
    expect(signals.map((signal) => signal.aborted)).to.deep.equal([false, false]);

    subscription.unsubscribe();
    expect(signals.map((signal) => signal.aborted)).to.deep.equal([true, true]);
    expect(aborts).to.deep.equal([0, 1]);
    // Rows were waiting for a permit; the AbortError rejections are ignored; nothing else starts.
    rows.next(5);
    await sleep(30);
    expect(signals).to.have.length(2);
    expect(rows.observed).to.equal(false);
  });

  it('should hand an aborted signal to a project that reads it only after the call was dropped', async () => {
    const seen: { aborted: boolean; reason: unknown }[] = [];
    const gate = deferred<void>();
    const subscription = of('row')
      .pipe(
        pooledMap(async (_: string, ctx) => {
          await gate.promise; // say, reading a file before the request
          seen.push({ aborted: ctx.signal.aborted, reason: ctx.signal.reason });
          return 'late';
        }),
      )
      .subscribe();
    await sleep(1);
    subscription.unsubscribe();
    gate.resolve();
    await until(() => seen.length === 1);
    expect(seen[0]?.aborted).to.equal(true);
  });

  it('should abort later calls on a fatal error and emit the earlier entries before the error', async () => {
    const boom = new Error('schema mismatch');
    const signals = new Map<number, AbortSignal>();
    const aborted: number[] = [];
    const outcome = await settle(
      from([0, 1, 2, 3]).pipe(
        pooledMap(
          async (row: number, { signal }) => {
            signals.set(row, signal);
            signal.addEventListener('abort', () => aborted.push(row));
            if (row === 0) {
              await sleep(20);
              return 'first';
            }
            if (row === 1) {
              await sleep(5);
              throw boom;
            }
            return hangUntilAborted(signal);
          },
          { poolSize: 4 },
        ),
      ),
    );
    expect(valuesOf(outcome.values)).to.deep.equal(['first']);
    expect(outcome.error).to.equal(boom);
    expect(aborted.sort()).to.deep.equal([2, 3]);
    expect(signals.get(0)?.aborted).to.equal(false);
    expect(signals.get(2)?.aborted).to.equal(true);
    expect(signals.get(3)?.aborted).to.equal(true);
  });

  it('should take the first value of an async-iterable project and close the iterator', async () => {
    const closed: number[] = [];
    const entries = await lastValueFrom(
      from([1, 2, 3]).pipe(
        pooledMap(
          async function* (n: number) {
            try {
              await sleep(4 - n);
              yield n * 100;
              yield -1;
            } finally {
              closed.push(n);
            }
          },
          { poolSize: 3 },
        ),
        toArray(),
      ),
    );
    expect(valuesOf(entries)).to.deep.equal([100, 200, 300]);
    await until(() => closed.length === 3);
    expect(closed.sort()).to.deep.equal([1, 2, 3]);
  });

  it('should stay usable after a subscription through it failed fatally', async () => {
    const pool = new Pool({ poolSize: 3 });
    const failing = await settle(
      from([0, 1, 2]).pipe(
        pool.map(async (row: number, { signal }) => {
          if (row === 1) {
            await sleep(2);
            throw new TypeError('bad row');
          }
          if (row === 2) return hangUntilAborted(signal);
          return row;
        }),
      ),
    );
    expect(valuesOf(failing.values)).to.deep.equal([0]);
    expect(failing.error).to.be.instanceOf(TypeError);
    // Row 2's aborted promise gives its permit back once it has rejected.
    await until(() => pool.stats().inFlight === 0);

    const entries = await lastValueFrom(
      from([5, 6, 7, 8]).pipe(
        pool.map(async (row: number) => {
          await sleep(9 - row);
          return row * 2;
        }),
        toArray(),
      ),
    );
    expect(valuesOf(entries)).to.deep.equal([10, 12, 14, 16]);
    expect(entries.map((entry) => entry.submitIndex)).to.deep.equal([0, 1, 2, 3]);
    expect(pool.stats()).to.deep.include({ inFlight: 0, buffered: 0 });
  });

  describe('after slow synchronous work in a subscriber', () => {
    // The pool reads the clock once per burst of synchronous work. A subscriber that blocks inside
    // `next` makes that time stale: these rules must still hold against the real clock.

    it('should space real dispatches by minDispatchDelayMs', async () => {
      const pool = new Pool({ poolSize: 2, minDispatchDelayMs: 30 });
      const starts: number[] = [];
      const calls: Deferred<number>[] = [];
      const rows = new Subject<number>();
      const done = new Promise<void>((resolve) =>
        rows
          .pipe(
            pool.map((row: number) => {
              starts.push(Date.now());
              calls[row] = deferred<number>();
              return (calls[row] as Deferred<number>).promise;
            }),
          )
          .subscribe({ next: (entry) => entry.submitIndex === 0 && busy(50), complete: resolve }),
      );
      // Rows 0 and 1 start 30 ms apart; 2 and 3 wait for a permit.
      for (let row = 0; row < 4; row++) rows.next(row);
      rows.complete();
      await sleep(70);
      // Row 0's entry blocks its subscriber for 50 ms, then row 2 starts in the same burst; row 1
      // finishing 5 ms later must not let row 3 start before row 2's start + 30 ms.
      setTimeout(() => calls[1]?.resolve(1), 55);
      calls[0]?.resolve(0);
      await until(() => starts.length === 4, 1000);
      calls[2]?.resolve(2);
      calls[3]?.resolve(3);
      await done;
      const gaps = starts.slice(1).map((start, i) => start - (starts[i] as number));
      // Timers never fire early; 1 ms of slack for the clock's rounding.
      for (const gap of gaps) expect(gap).to.be.at.least(29);
    });

    it('should space a retry from the real start of a call dispatched after the blocking', async () => {
      // No spacing when b starts; its 429 then raises the delay to 40 ms, counted from b's start.
      const pool = new Pool({ poolSize: 1, recoveryStepMs: 40, maxDispatchDelayMs: 100 });
      const starts: number[] = [];
      const { values } = await settle(
        from(['a', 'b']).pipe(
          pool.map(async (row: string, { attempt }) => {
            if (row === 'a') return sleep(5).then(() => row);
            starts.push(Date.now());
            if (attempt === 1) throw new CapacityError(429);
            return row;
          }),
          tap((entry) => entry.submitIndex === 0 && busy(30)),
        ),
      );
      expect(valuesOf(values)).to.deep.equal(['a', 'b']);
      expect(starts).to.have.length(2);
      expect((starts[1] as number) - (starts[0] as number)).to.be.at.least(39);
    });

    it('should never emit an entry before it completed when the subscriber feeds the source', async () => {
      const pool = new Pool({ poolSize: 4 });
      const rows = new Subject<number>();
      // Row 0 is slow, row 1 completes at once and waits for it; on row 0's entry the subscriber
      // works 5 ms, then sends row 2, which completes at once too: rows 1 and 2 leave right after.
      const outcome = settle(
        rows.pipe(
          pool.map((row: number) => (row === 0 ? sleep(5).then(() => row) : of(row))),
          tap((entry) => {
            if (entry.submitIndex !== 0) return;
            busy(5);
            rows.next(2);
            rows.complete();
          }),
        ),
      );
      rows.next(0);
      rows.next(1);
      const { values } = await outcome;
      expect(valuesOf(values)).to.deep.equal([0, 1, 2]);
      for (const entry of values) expect(entry.bufferWaitMs).to.be.at.least(0);
      // Row 1 waited for row 0 and for the subscriber's work on row 0's entry.
      expect(values[1]?.bufferWaitMs).to.be.at.least(5);
    });

    it('should start no retry at or after its deadline', async () => {
      const pool = new Pool({
        poolSize: 1,
        recoveryStepMs: 5,
        maxDispatchDelayMs: 10,
        maxCapacityRetrySeconds: 0.05,
      });
      const starts: number[] = [];
      // Row a fails once at 10 ms and waits to retry (5 ms back-off) while row b, of another
      // subscription, holds the only permit until 40 ms; b's subscriber then blocks for 30 ms.
      const a = settle(
        of('a').pipe(
          pool.map(async (row: string, { attempt }) => {
            starts.push(Date.now());
            await sleep(10);
            if (attempt === 1) throw new RetryableError('connection reset');
            return row;
          }),
        ),
      );
      of('b')
        .pipe(
          pool.map(async (row: string) => {
            await sleep(30);
            return row;
          }),
        )
        .subscribe(() => busy(30));
      const { values } = await a;
      for (const start of starts) expect(start - (starts[0] as number)).to.be.below(50);
      // Given up at its deadline instead of retried past it.
      const failure = failureOf(values[0]?.result as Either<PoolFailure, string>);
      expect(failure.reason).to.equal('retry_timeout');
      expect(values[0]?.attempts).to.equal(1);
    });
  });
});
