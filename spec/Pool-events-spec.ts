import { expect } from 'chai';
import { map, of, Subject } from 'rxjs';
import type { AttemptEvent } from '../lib/AttemptEvent.js';
import { PoolConfigError } from '../lib/config/PoolConfigError.js';
import { CapacityError } from '../lib/errors/CapacityError.js';
import { PermanentError } from '../lib/errors/PermanentError.js';
import { RetryableError } from '../lib/errors/RetryableError.js';
import { Pool } from '../lib/Pool.js';
import { outcome, testScheduler } from './helpers/marbles.js';

/** An event without its error object, for deep comparison. */
const brief = ({ error, ...rest }: AttemptEvent) => ({
  ...rest,
  ...(error === undefined ? {} : { failed: true }),
});

describe('Pool attempt events', () => {
  it('should report each call as it settles, a retry with its wait, before the row is out', () => {
    const scheduler = testScheduler();
    const log: string[] = [];
    scheduler.run(({ cold, hot }) => {
      const pool = new Pool({ poolSize: 2 });
      pool.events$.subscribe((e) =>
        log.push(
          `${e.index}#${e.attempt} ${e.outcome} ${e.retryInMs ?? '-'} ${e.dispatchTime}→${e.settleTime}`,
        ),
      );
      const calls = { a: 0, b: 0 };
      const project = (row: 'a' | 'b') =>
        row === 'a' && ++calls.a === 1
          ? cold('--#', {}, new CapacityError(429, 'busy', { retryAfterMs: 10 }))
          : row === 'b' && ++calls.b === 1
            ? cold('-#', {}, new PermanentError('bad row', { statusCode: 400 }))
            : cold('---(x|)', { x: row.toUpperCase() });
      hot<'a' | 'b'>('(ab|)')
        .pipe(pool.map(project))
        .subscribe((entry) => log.push(`entry ${String(outcome(entry))} @${scheduler.now()}`));
    });
    // b's failure is known at 1 but held for a. a's refusal at 2 asks for 10 ms, but the refusal
    // also raised the AIMD delay to 50 from the last dispatch at 0: the wait reported is 48.
    expect(log).to.deep.equal([
      '1#1 permanent - 0→1',
      '0#1 capacity 48 0→2',
      '0#2 ok - 50→53',
      'entry A @53',
      'entry failed:permanent_error @53',
    ]);
  });

  it('should carry the status, the wait before the next call, the error and the dispatch time', () => {
    const events: AttemptEvent[] = [];
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      let calls = 0;
      const pool = new Pool({ poolSize: 1, onAttempt: (event) => events.push(event) });
      const project = () =>
        ++calls === 1
          ? cold('-#', {}, new RetryableError('reset', { statusCode: 502 }))
          : cold<unknown>('--(x|)', { x: { status: 200 } });
      hot('a|').pipe(pool.map(project)).subscribe();
    });
    const [first, second] = events;
    expect(events).to.have.length(2);
    expect(brief(first as AttemptEvent)).to.deep.include({
      index: 0,
      attempt: 1,
      outcome: 'retryable',
      statusCode: 502,
      dispatchTime: 0,
      settleTime: 1,
      failed: true,
    });
    expect(first?.retryInMs).to.be.greaterThan(0);
    expect((first?.error as Error).message).to.equal('reset');
    expect(brief(second as AttemptEvent)).to.deep.equal({
      index: 0,
      attempt: 2,
      outcome: 'ok',
      statusCode: 200,
      dispatchTime: 1 + (first?.retryInMs as number),
      settleTime: 3 + (first?.retryInMs as number),
    });
  });

  it('should report a fatal call, and a refusal past the deadline without a wait', () => {
    const events: AttemptEvent[] = [];
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const pool = new Pool({
        poolSize: 2,
        maxCapacityRetrySeconds: 0.005,
        onAttempt: (e) => events.push(e),
      });
      const project = (row: string) =>
        row === 'a' ? cold('-#', {}, new CapacityError(429)) : cold('-#', {}, new TypeError('bug'));
      hot('(ab|)')
        .pipe(pool.map(project))
        .subscribe({ error: () => undefined });
    });
    expect(
      events.map((e) => `${e.index} ${e.outcome} ${e.statusCode ?? '-'} ${e.retryInMs ?? 'no retry'}`),
    ).to.deep.equal(['0 capacity 429 no retry', '1 fatal - no retry']);
  });

  it('should cost nothing unwatched: the hook is set only while someone listens', () => {
    // The hook sits on the pool's call settler (lib/internal/CallSettler.ts).
    const hookOf = (of: Pool): unknown =>
      (of as unknown as { dispatcher: { settler: { onAttempt: unknown } } }).dispatcher.settler.onAttempt;
    const pool = new Pool();
    expect(hookOf(pool)).to.equal(undefined);
    const one = pool.events$.subscribe();
    const two = pool.events$.subscribe();
    one.unsubscribe();
    expect(hookOf(pool)).to.be.a('function');
    two.unsubscribe();
    expect(hookOf(pool)).to.equal(undefined);
    expect(hookOf(new Pool({ onAttempt: () => undefined }))).to.be.a('function');
  });

  it('should keep running when onAttempt throws, reporting the error as uncaught', async () => {
    const uncaught: unknown[] = [];
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (error) => uncaught.push(error));
    try {
      const pool = new Pool({
        onAttempt: () => {
          throw new Error('log failed');
        },
      });
      const values: string[] = [];
      const done = new Subject<void>();
      of('a', 'b')
        .pipe(
          pool.map((row: string) => Promise.resolve(row)),
          map(outcome),
        )
        .subscribe({ next: (v) => values.push(String(v)), complete: () => done.next() });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(values).to.deep.equal(['a', 'b']);
      expect(uncaught.map((e) => (e as Error).message)).to.deep.equal(['log failed', 'log failed']);
    } finally {
      process.removeAllListeners('uncaughtException');
      listeners.forEach((listener) => process.on('uncaughtException', listener));
    }
  });

  it('should reject an onAttempt that is not a function, naming the option', () => {
    expect(() => new Pool({ onAttempt: 'log' as unknown as () => void }))
      .to.throw(PoolConfigError)
      .with.property('problems')
      .that.deep.equals(['`onAttempt` must be a function, received "log"']);
  });
});
