import { expect } from 'chai';
import { left, right } from 'fp-ts/lib/Either.js';
import { isFailure, isOk } from '../../lib/entryResult.js';
import { okValues } from '../../lib/operators/okValues.js';
import type { PoolEntry, PoolFailure } from '../../lib/PoolEntry.js';
import { testScheduler } from '../helpers/marbles.js';

const failure: PoolFailure = { reason: 'permanent_error', error: new Error('bad row'), errorType: 'Error' };
const entry = <R>(submitIndex: number, result: PoolEntry<R>['result']): PoolEntry<R> => ({
  submitIndex,
  completeIndex: submitIndex,
  submitTime: 0,
  completeTime: 0,
  bufferWaitMs: 0,
  attempts: 1,
  result,
});

describe('okValues', () => {
  it('should emit the values of the rows that succeeded and pass each failure to onFailure', () => {
    const failed: Array<[number, string]> = [];
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const entries = cold<PoolEntry<string>>('--a--x--c--|', {
        a: entry(0, right('A')),
        x: entry(1, left(failure)),
        c: entry(2, right('C')),
      });
      const out = entries.pipe(okValues<string>((e, f) => failed.push([e.submitIndex, f.reason])));
      expectObservable(out).toBe('  --A-----C--|', { A: 'A', C: 'C' });
      expectSubscriptions(entries.subscriptions).toBe('^----------!');
    });
    expect(failed).to.deep.equal([[1, 'permanent_error']]);
  });

  it('should pass errors on and stop the source on unsubscribe', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const entries = cold('--a--#', { a: entry(0, right(1)) });
      expectObservable(entries.pipe(okValues())).toBe('--a--#', { a: 1 });
      const endless = cold('--a--a--a--', { a: entry(0, right(1)) });
      expectObservable(endless.pipe(okValues()), '^---!').toBe('--a-', { a: 1 });
      expectSubscriptions(endless.subscriptions).toBe('^---!');
    });
  });

  it('should reject an onFailure that is not a function, when created', () => {
    expect(() => okValues(42 as never)).to.throw(
      TypeError,
      '`onFailure` must be a function when given, received number',
    );
  });
});

describe('isOk / isFailure', () => {
  it('should tell a succeeded entry from a failed one, without fp-ts', () => {
    const ok = entry(0, right('A'));
    const bad = entry(1, left(failure));
    expect([isOk(ok), isFailure(ok), isOk(bad), isFailure(bad)]).to.deep.equal([true, false, false, true]);
    if (isOk(ok)) expect(ok.result.right).to.equal('A');
    if (isFailure(bad)) expect(bad.result.left.reason).to.equal('permanent_error');
  });
});
