import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import { defer, Subject, type Observable } from 'rxjs';
import { PooledExecutor } from '../../lib/batch/PooledExecutor.js';
import { PoolConfigError } from '../../lib/config/PoolConfigError.js';
import type { CallContext, PoolEntry } from '../../lib/PoolEntry.js';
import { outcome } from '../helpers/marbles.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls settled by hand, by row, each with the signal it was given. */
function manualCalls() {
  const calls = new Map<string, Subject<string>>();
  const signals = new Map<string, AbortSignal>();
  const project = (row: string, ctx: CallContext): Observable<string> =>
    defer(() => {
      const call = new Subject<string>();
      calls.set(row, call);
      signals.set(row, ctx.signal);
      return call;
    });
  return { project, calls, signals };
}

const summary = <R>(entries: PoolEntry<R>[]) => entries.map((e) => `${outcome(e)}#${e.attempts}`);

describe('PooledExecutor signal', () => {
  it('should end every row as shutdown_requested without calling project when already aborted', async () => {
    const executor = new PooledExecutor({ poolSize: 2 });
    const signal = AbortSignal.abort();
    let calls = 0;
    const entries = await executor.executeBatch(['a', 'b', 'c'], () => Promise.resolve(++calls), { signal });
    expect(calls).to.equal(0);
    expect(summary(entries)).to.deep.equal([
      'failed:shutdown_requested#0',
      'failed:shutdown_requested#0',
      'failed:shutdown_requested#0',
    ]);
    const first = entries[0]?.result;
    expect(first !== undefined && isLeft(first) && first.left.error).to.equal(signal.reason);
  });

  it('should abort running calls, start none, and still give one entry per row', async () => {
    const executor = new PooledExecutor({ poolSize: 2 });
    const { project, calls, signals } = manualCalls();
    const controller = new AbortController();
    const batch = executor.executeBatch(['a', 'b', 'c', 'd'], project, { signal: controller.signal });
    await tick();
    calls.get('a')?.next('A');
    await tick();
    expect([...calls.keys()]).to.deep.equal(['a', 'b', 'c']);
    controller.abort(new Error('user cancelled'));
    const entries = await batch;
    expect(entries.map((e) => e.submitIndex)).to.deep.equal([0, 1, 2, 3]);
    expect(summary(entries)).to.deep.equal([
      'A#1',
      'failed:shutdown_requested#1',
      'failed:shutdown_requested#1',
      'failed:shutdown_requested#0',
    ]);
    expect(signals.get('b')?.aborted).to.equal(true);
    expect(calls.get('b')?.observed).to.equal(false);
    expect([...calls.keys()]).to.deep.equal(['a', 'b', 'c']); // d never started
    const failure = entries[3]?.result;
    expect(failure !== undefined && isLeft(failure) && (failure.left.error as Error).message).to.equal(
      'user cancelled',
    );
  });

  it('should stop only its own batch: the next one runs, with the permits of aborted promises back', async () => {
    const executor = new PooledExecutor({ poolSize: 1 });
    const controller = new AbortController();
    // A project that honours its signal: the aborted promise rejects, which frees the permit.
    const project = (row: string, { signal }: CallContext) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => resolve(row.toUpperCase()), row === 'slow' ? 60_000 : 1);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    const first = executor.executeBatch(['slow', 'x'], project, { signal: controller.signal });
    const second = executor.executeBatch(['b', 'c'], project);
    setTimeout(() => controller.abort(), 5);
    expect(summary(await first)).to.deep.equal([
      'failed:shutdown_requested#1',
      'failed:shutdown_requested#0',
    ]);
    expect(summary(await second)).to.deep.equal(['B#1', 'C#1']);
  });

  it('should end a batch aborted while it waited its turn without calling project', async () => {
    const executor = new PooledExecutor({ poolSize: 1 });
    const { project, calls } = manualCalls();
    const controller = new AbortController();
    const first = executor.executeBatch(['a'], project);
    const second = executor.executeBatch(['b', 'c'], project, { signal: controller.signal });
    await tick();
    controller.abort();
    calls.get('a')?.next('A');
    expect(summary(await first)).to.deep.equal(['A#1']);
    expect(summary(await second)).to.deep.equal([
      'failed:shutdown_requested#0',
      'failed:shutdown_requested#0',
    ]);
    expect([...calls.keys()]).to.deep.equal(['a']);
  });

  it('should end every row when project aborts the run itself, synchronously', async () => {
    const executor = new PooledExecutor({ poolSize: 2 });
    const controller = new AbortController();
    const project = (row: string) => {
      if (row === 'b') controller.abort();
      return Promise.resolve(row.toUpperCase());
    };
    const entries = await executor.executeBatch(['a', 'b', 'c'], project, { signal: controller.signal });
    // a and b were both dispatched in one go: a's promise was still pending at the abort.
    expect(summary(entries)).to.deep.equal([
      'failed:shutdown_requested#1',
      'failed:shutdown_requested#1',
      'failed:shutdown_requested#0',
    ]);
    // The pool counted every permit back: a later batch runs at full width.
    expect(summary(await executor.executeBatch(['d', 'e'], project))).to.deep.equal(['D#1', 'E#1']);
    expect(executor.pool.stats().inFlight).to.equal(0);
  });

  it('should still abort the calls a graceful shutdown lets finish', async () => {
    const executor = new PooledExecutor({ poolSize: 1 });
    const { project, calls, signals } = manualCalls();
    const controller = new AbortController();
    const batch = executor.executeBatch(['a', 'b'], project, { signal: controller.signal });
    await tick();
    const shutdown = executor.shutdown(); // b will never start; a runs on
    await tick();
    expect(signals.get('a')?.aborted).to.equal(false);
    controller.abort();
    expect(summary(await batch)).to.deep.equal([
      'failed:shutdown_requested#1',
      'failed:shutdown_requested#0',
    ]);
    expect(signals.get('a')?.aborted).to.equal(true);
    expect(calls.get('a')?.observed).to.equal(false);
    await shutdown;
  });

  it('should reject a signal that is not an AbortSignal, naming the option', async () => {
    const executor = new PooledExecutor();
    const bad = { signal: 'stop' } as unknown as { signal: AbortSignal };
    const error: unknown = await executor.executeBatch(['a'], () => Promise.resolve(1), bad).catch((e) => e);
    expect(error).to.be.instanceOf(PoolConfigError);
    expect((error as PoolConfigError).problems).to.deep.equal([
      '`signal` must be an AbortSignal, received "stop"',
    ]);
  });
});
