import { expect } from 'chai';
import { Observable, of, Subject, takeUntil } from 'rxjs';
import { Pool } from '../../lib/Pool.js';
import type { CallContext } from '../../lib/PoolEntry.js';

/** A call that errors with the abort reason the moment its signal aborts, as fetch would, but at once. */
function erringOnAbort(ctx: CallContext, whileSubscribing: () => void): Observable<never> {
  return new Observable<never>((subscriber) => {
    ctx.signal.addEventListener('abort', () => subscriber.error(ctx.signal.reason));
    whileSubscribing();
  });
}

describe('pooledMap: aborts the pool causes', () => {
  it('should not count an abort it caused as the row error, even one delivered synchronously', () => {
    const pool = new Pool({ poolSize: 2 });
    const stop = new Subject<void>();
    const seen: string[] = [];
    of('a')
      .pipe(
        // The output is unsubscribed while the call is still being subscribed to: its abort comes
        // back before the pool holds the call's subscription.
        pool.map((_row, ctx) => erringOnAbort(ctx, () => stop.next())),
        takeUntil(stop),
      )
      .subscribe({
        next: () => seen.push('next'),
        error: () => seen.push('error'),
        complete: () => seen.push('complete'),
      });
    expect(seen).to.deep.equal(['complete']);
    expect(pool.stats().inFlight, 'the call is counted out once').to.equal(0);
  });

  it("should not count the abort of a later row, stopped by an earlier row's fatal error, as its error", () => {
    const pool = new Pool({ poolSize: 2 });
    const fatal = new Subject<never>();
    const errors: unknown[] = [];
    of(0, 1)
      .pipe(pool.map((row, ctx) => (row === 0 ? fatal : erringOnAbort(ctx, () => undefined))))
      .subscribe({ error: (error: unknown) => errors.push(error) });
    const bug = new TypeError('a bug in project');
    fatal.error(bug);
    expect(errors).to.deep.equal([bug]);
    expect(pool.stats().inFlight).to.equal(0);
  });
});
