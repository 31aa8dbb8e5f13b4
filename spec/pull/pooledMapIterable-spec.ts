import { expect } from 'chai';
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';
import { Pool } from '../../lib/Pool.js';
import type { CallContext, PoolEntry } from '../../lib/PoolEntry.js';
import { pooledMapIterable } from '../../lib/pull/pooledMapIterable.js';
import { outcome } from '../helpers/marbles.js';
import { instrumented, ticks } from './instrumented.js';

/** A call that settles after `hops` turns of the event loop. */
async function after<R>(hops: number, value: R): Promise<R> {
  await ticks(hops);
  return value;
}

/** Consumes everything, counting each entry on `source` before anything else. */
async function collect<R>(entries: AsyncIterable<PoolEntry<R>>, consumed = (): void => undefined) {
  const seen: PoolEntry<R>[] = [];
  for await (const entry of entries) {
    consumed();
    seen.push(entry);
  }
  return seen;
}

describe('pooledMapIterable', () => {
  it('should yield one entry per row, in source order, from a synchronous iterable', async () => {
    const entries = await collect(
      pooledMapIterable([3, 1, 2], (row: number) => after(row, row * 10), { poolSize: 3 }),
    );
    expect(entries.map(outcome)).to.deep.equal([30, 10, 20]);
    expect(entries.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2]);
  });

  describe('pull bound', () => {
    for (const kind of ['sync', 'async'] as const) {
      it(`should never have more than maxBuffered rows outstanding with a slow consumer (${kind} source)`, async () => {
        const source = instrumented({ count: 60 });
        const entries = pooledMapIterable(source[kind], (row: number) => after(row % 3, row), {
          poolSize: 3,
          maxBuffered: 5,
        });
        const seen: number[] = [];
        for await (const entry of entries) {
          source.consumed();
          seen.push(outcome(entry) as number);
          // The slow consumer: meanwhile the pool could run ahead, but the source is not read.
          await ticks(5);
          expect(source.taken - seen.length).to.be.at.most(5);
        }
        expect(seen).to.deep.equal([...Array(60).keys()]);
        expect(source.peakOutstanding).to.equal(5);
      });
    }

    it('should not drain a synchronous source of a million rows eagerly', async () => {
      const source = instrumented({ count: 1_000_000 });
      const iterator = pooledMapIterable(source.sync, (row: number) => Promise.resolve(row), { poolSize: 4 })[
        Symbol.asyncIterator
      ]();
      expect(source.taken).to.equal(0); // nothing is read before the first next()
      await iterator.next();
      await ticks(3);
      expect(source.taken).to.equal(64); // the default window: max(64, 8 × poolSize)
      await iterator.return?.();
      expect(source.closed).to.equal(true);
    });

    it('should use the window of a shared pool', async () => {
      const source = instrumented({ count: 30 });
      const pool = new Pool({ poolSize: 2, maxBuffered: 3 });
      const entries = await collect(
        pooledMapIterable(source.sync, (row: number) => after(1, row), { pool }),
        source.consumed,
      );
      expect(entries).to.have.length(30);
      expect(source.peakOutstanding).to.equal(3);
    });
  });

  it('should keep the order under random latencies, within the bound at every pull', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 4 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat({ max: 6 }),
        fc.boolean(),
        async (latencies, poolSize, extra, slowConsumer) => {
          const maxBuffered = poolSize + extra;
          const source = instrumented({
            count: latencies.length,
            row: (i) => ({ i, hops: latencies[i] ?? 0 }),
          });
          const entries = pooledMapIterable(source.async, (row) => after(row.hops, row.i), {
            poolSize,
            maxBuffered,
          });
          const seen: unknown[] = [];
          for await (const entry of entries) {
            source.consumed();
            seen.push(outcome(entry));
            if (slowConsumer) await ticks(2);
          }
          expect(seen).to.deep.equal([...latencies.keys()]);
          expect(source.peakOutstanding).to.be.at.most(maxBuffered);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('should stop an infinite generator on break, aborting in-flight calls', async () => {
    const source = instrumented();
    const signals: AbortSignal[] = [];
    // Every third row hangs until aborted, holding back the rows after it.
    const project = (row: number, ctx: CallContext) => {
      const signal = ctx.signal;
      if (row % 3 !== 2) return Promise.resolve(row);
      signals.push(signal);
      return new Promise<number>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    };
    const pool = new Pool({ poolSize: 4 });
    const seen: number[] = [];
    for await (const entry of pooledMapIterable(source.sync, project, { pool })) {
      seen.push(outcome(entry) as number);
      if (seen.length === 2) break;
    }
    expect(seen).to.deep.equal([0, 1]);
    expect(source.closed).to.equal(true);
    expect(signals.length).to.be.greaterThan(0);
    expect(signals.every((signal) => signal.aborted)).to.equal(true);
    const taken = source.taken;
    await ticks(3);
    expect(source.taken).to.equal(taken);
    // An aborted promise keeps its permit until it settles: the rejections have come by now.
    expect(pool.stats()).to.include({ inFlight: 0, buffered: 0 });
  });

  for (const kind of ['sync', 'async'] as const) {
    it(`should yield the entries of every earlier row, then throw the source's error (${kind})`, async () => {
      const source = instrumented({ failAt: 5 });
      const seen: unknown[] = [];
      let failure: unknown;
      try {
        for await (const entry of pooledMapIterable(source[kind], (row: number) => after(5 - row, row), {
          poolSize: 3,
        })) {
          seen.push(outcome(entry));
        }
      } catch (error) {
        failure = error;
      }
      expect(seen).to.deep.equal([0, 1, 2, 3, 4]);
      expect(failure).to.be.instanceOf(Error).with.property('message', 'source failed at row 5');
    });
  }

  it('should end with the error of a row that fails fatally, after the earlier entries', async () => {
    const boom = new Error('boom');
    const seen: unknown[] = [];
    const iterate = async () => {
      for await (const entry of pooledMapIterable([0, 1, 2, 3], (row: number) =>
        row === 2 ? Promise.reject(boom) : after(1, row),
      )) {
        seen.push(outcome(entry));
      }
    };
    let failure: unknown;
    await iterate().catch((error: unknown) => (failure = error));
    expect(seen).to.deep.equal([0, 1]);
    expect(failure).to.equal(boom);
  });

  describe('Node streams', () => {
    it('should read a Readable of lines and leave no listener behind as it goes', async () => {
      const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
      const stream = Readable.from(lines);
      const counts = new Set<number>();
      const listeners = () => stream.eventNames().reduce((sum, name) => sum + stream.listenerCount(name), 0);
      const entries = await collect(
        pooledMapIterable(stream, (line: string) => {
          counts.add(listeners());
          return after(1, line.toUpperCase());
        }),
      );
      expect(entries.map(outcome)).to.deep.equal(lines.map((line) => line.toUpperCase()));
      // Reading row after row does not pile listeners up: their number never changes.
      expect(counts.size).to.equal(1);
      expect(stream.destroyed).to.equal(true);
    });

    it('should read the lines of readline and destroy the stream on break', async () => {
      const input = Readable.from(['a\nb\n', 'c\nd\ne\n']);
      const seen: string[] = [];
      for await (const entry of pooledMapIterable(
        createInterface({ input, crlfDelay: Infinity }),
        (line: string) => Promise.resolve(line),
      )) {
        seen.push(outcome(entry) as string);
        if (seen.length === 3) break;
      }
      expect(seen).to.deep.equal(['a', 'b', 'c']);
      await ticks(2);
      expect(input.destroyed).to.equal(true);
    });
  });

  describe('protocol', () => {
    it('should answer concurrent next() calls in order, then done', async () => {
      const iterator = pooledMapIterable([1, 2], (row: number) => after(1, row))[Symbol.asyncIterator]();
      const results = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
      expect(results.map((r) => (r.done ? 'done' : outcome(r.value)))).to.deep.equal([1, 2, 'done']);
    });

    it('should read the source anew for each iteration', async () => {
      const entries = pooledMapIterable(['a', 'b'], (row: string) => Promise.resolve(row));
      expect((await collect(entries)).map(outcome)).to.deep.equal(['a', 'b']);
      expect((await collect(entries)).map(outcome)).to.deep.equal(['a', 'b']);
    });

    it('should be done after return()', async () => {
      const iterator = pooledMapIterable([1, 2, 3], (row: number) => Promise.resolve(row))[
        Symbol.asyncIterator
      ]();
      await iterator.next();
      expect(await iterator.return?.()).to.deep.equal({ value: undefined, done: true });
      expect(await iterator.next()).to.deep.equal({ value: undefined, done: true });
    });
  });

  describe('options', () => {
    it('should reject a source that is not iterable, and a project that is not a function', () => {
      expect(() => pooledMapIterable(42 as never, (row: number) => Promise.resolve(row))).to.throw(
        TypeError,
        '`source` must be an Iterable or an AsyncIterable, received 42',
      );
      expect(() => pooledMapIterable([1], 'call' as never)).to.throw(TypeError, /`project`/);
    });

    it('should reject pool options given together with a pool, naming each one', () => {
      expect(() =>
        pooledMapIterable([1], (row: number) => Promise.resolve(row), { pool: new Pool(), poolSize: 4 }),
      )
        .to.throw(PoolConfigError)
        .with.property('problems')
        .that.deep.equals([
          '`poolSize` must be left out when a `pool` is given (set it on the pool), received 4',
        ]);
      expect(() => pooledMapIterable([1], (row: number) => Promise.resolve(row), { pool: {} as Pool }))
        .to.throw(PoolConfigError)
        .with.property('message')
        .that.includes('`pool` must be a Pool, received {}');
    });

    it('should validate the options of a private pool at once', () => {
      expect(() => pooledMapIterable([1], (row: number) => Promise.resolve(row), { poolSize: 0 })).to.throw(
        PoolConfigError,
        /`poolSize`/,
      );
    });
  });

  it('should give every entry a result', async () => {
    const entries = await collect(
      pooledMapIterable(new Set(['x', 'y']), (row: string) => Promise.resolve(row)),
    );
    expect(entries.every((entry) => isRight(entry.result))).to.equal(true);
  });
});
