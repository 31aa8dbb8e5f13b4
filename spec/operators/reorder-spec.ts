import { expect } from 'chai';
import { from, map, of, Subject, take } from 'rxjs';
import { ReorderError } from '../../lib/errors/ReorderError.js';
import { reorder } from '../../lib/operators/reorder.js';
import { testScheduler } from '../helpers/marbles.js';

/** Marble values carrying their index: a is 0, b is 1, … */
const indexed = { a: 'a', b: 'b', c: 'c', d: 'd', e: 'e' };
const indexOf = (value: string): number => value.charCodeAt(0) - 'a'.charCodeAt(0);

/** A long synchronous source (a million values, `valueAt(n)` for the n-th) that counts how many were pulled. */
function pulls(valueAt: (n: number) => number): Iterable<number> & { pulled: number } {
  return {
    pulled: 0,
    *[Symbol.iterator]() {
      for (let n = 0; n < 1e6; n++) {
        this.pulled++;
        yield valueAt(n);
      }
    },
  };
}

describe('reorder', () => {
  it('should emit each value as soon as every lower index is out', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -c-a---b---d-| ');
      const expected = '    ---a---(bc)d-| ';
      expectObservable(source.pipe(reorder(indexOf))).toBe(expected, indexed);
      expectSubscriptions(source.subscriptions).toBe('^------------!');
    });
  });

  it('should pass values through at once when they come in order', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-c-| ');
      const expected = '    -a-b-c-| ';
      expectObservable(source.pipe(reorder(indexOf))).toBe(expected, indexed);
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });

  it('should error at once on an index that comes again after it was emitted, naming it and the value', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-a-c-| ', { a: { i: 0 }, b: { i: 1 }, c: { i: 2 } });
      const expected = '    -a-b-#     ';
      const error = new ReorderError(
        'reorder: index 0 came twice (the second time with { i: 0 }); each index must come once',
        0,
      );
      const result = source.pipe(reorder((value: { i: number }) => value.i));
      expectObservable(result).toBe(expected, { a: { i: 0 }, b: { i: 1 } }, error);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('should error at once on an index that comes twice before its turn', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -c-c-a-| ');
      const expected = '    ---#     ';
      const error = new ReorderError(
        'reorder: index 2 came twice (the second time with "c"); each index must come once',
        2,
      );
      expectObservable(source.pipe(reorder(indexOf))).toBe(expected, indexed, error);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('should error at once on an index that is not an integer ≥ 0', () => {
    for (const [index, shown] of [
      [-1, '-1'],
      [1.5, '1.5'],
      [NaN, 'NaN'],
      ['1', '"1"'],
      [undefined, 'undefined'],
    ] as const) {
      testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('  -a-x-| ');
        const expected = '    -a-#   ';
        const error = new ReorderError(
          `reorder: indexOf must return an integer ≥ 0, returned ${shown} for "x"`,
          index,
        );
        const result = source.pipe(reorder((value: string) => (value === 'a' ? 0 : (index as number))));
        expectObservable(result).toBe(expected, { a: 'a' }, error);
        expectSubscriptions(source.subscriptions).toBe('^--!');
      });
    }
  });

  it('should error at completion on an index that never came, naming it', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-d-c-| ');
      const expected = '    -a-----# ';
      const error = new ReorderError(
        'reorder: the source completed without index 1; 2 values wait behind it',
        1,
      );
      expectObservable(source.pipe(reorder(indexOf))).toBe(expected, indexed, error);
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });

  it('should complete when the source completes with nothing waiting', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('  -b-a---| ');
      const expected = '    ---(ab)| ';
      expectObservable(source.pipe(reorder(indexOf))).toBe(expected, indexed);
    });
  });

  it('should pass a source error through at once, dropping the values that wait', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -c-a-#   ');
      const expected = '    ---a-#   ';
      expectObservable(source.pipe(reorder(indexOf))).toBe(expected, indexed);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('should error when indexOf throws', () => {
    const bug = new TypeError('no index');
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-c-| ');
      const expected = '    -a-#     ';
      const result = source.pipe(
        reorder((value: string) => {
          if (value === 'b') throw bug;
          return indexOf(value);
        }),
      );
      expectObservable(result).toBe(expected, indexed, bug);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('should unsubscribe the source when unsubscribed', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -b-c-a-| ');
      const unsub = '       ---!     ';
      const expected = '    ----     ';
      expectObservable(source.pipe(reorder(indexOf)), unsub).toBe(expected, indexed);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('should keep each subscription to the result apart', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold(' -b-a---c| ');
      const expected = '    ---(ab)c| ';
      const result = source.pipe(reorder(indexOf));
      expectObservable(result).toBe(expected, indexed);
      expectObservable(result).toBe(expected, indexed);
    });
  });

  it('should carry the index at fault on the error', () => {
    let caught: unknown;
    from([0, 2, 2])
      .pipe(reorder((n) => n))
      .subscribe({ error: (error: unknown) => (caught = error) });
    expect(caught).to.be.instanceOf(ReorderError);
    expect(caught).to.include({ name: 'ReorderError', index: 2 });
  });

  it('should stop a synchronous source when the output is taken', () => {
    const source = pulls((n) => (n % 2 === 0 ? n + 1 : n - 1)); // 1, 0, 3, 2, …
    const taken: number[] = [];
    from(source)
      .pipe(
        reorder((n) => n),
        take(3),
      )
      .subscribe((n) => taken.push(n));
    expect(taken).to.deep.equal([0, 1, 2]);
    expect(source.pulled).to.equal(4);
  });

  it('should stop a synchronous source at its first broken index', () => {
    const source = pulls(() => 0);
    let caught: unknown;
    from(source)
      .pipe(reorder((n) => n))
      .subscribe({ error: (error: unknown) => (caught = error) });
    expect(caught).to.include({ index: 0 });
    expect(source.pulled).to.equal(2);
  });

  it('should keep the order when the output subscriber feeds the source', () => {
    const source = new Subject<number>();
    const seen: number[] = [];
    source.pipe(reorder((n) => n)).subscribe((n) => {
      seen.push(n);
      if (n === 1) source.next(3); // fed while 1 goes out, before the waiting 2
    });
    source.next(2);
    source.next(1);
    source.next(0);
    source.next(4);
    expect(seen).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('should report an index fed back while it goes out as a repeat', () => {
    const source = new Subject<number>();
    let caught: unknown;
    source.pipe(reorder((n) => n)).subscribe({
      next: (n) => source.next(n), // the same index again, while it goes out
      error: (error: unknown) => (caught = error),
    });
    source.next(0);
    expect(caught).to.include({ name: 'ReorderError', index: 0 });
  });

  it('should stop emitting what waits when the output is unsubscribed', () => {
    const seen: number[] = [];
    of(3, 2, 1, 0)
      .pipe(
        reorder((n) => n),
        map((n) => n * 10),
        take(2),
      )
      .subscribe((n) => seen.push(n));
    expect(seen).to.deep.equal([0, 10]);
  });

  it('should check indexOf when created', () => {
    expect(() => reorder(3 as unknown as () => number)).to.throw(
      TypeError,
      '`indexOf` must be a function, received 3',
    );
  });
});
