import { expect } from 'chai';
import { from, lastValueFrom, map, mergeMap, Observable, of, Subject, take, toArray } from 'rxjs';
import { orderedMergeMap } from '../../lib/operators/orderedMergeMap.js';
import { testScheduler } from '../helpers/marbles.js';

/** A project that maps a source key to the inner observable of that name. */
const innerOf =
  (inners: Record<string, Observable<string>>) =>
  (key: string): Observable<string> => {
    const inner = inners[key];
    if (inner === undefined) throw new Error(`no inner for ${key}`);
    return inner;
  };

describe('orderedMergeMap', () => {
  it('should emit every inner value in source order when later inners finish first', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-c----|     ');
      const a = cold('       -----x--y|     ');
      const b = cold('         -z|          ');
      const c = cold('           --w|       ');
      const expected = '    ------x--y(zw|) ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b, c })));
      expectObservable(result).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^---------!');
      expectSubscriptions(a.subscriptions).toBe('     -^--------!');
      expectSubscriptions(b.subscriptions).toBe('     ---^-!     ');
      expectSubscriptions(c.subscriptions).toBe('     -----^--!  ');
    });
  });

  it('should hand the turn to a running inner, emitting what it held at once and the rest as it comes', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b---------| ');
      const a = cold('       ----|         ');
      const b = cold('         -x---y---z| ');
      const expected = '    -----x--y---z| ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b })));
      expectObservable(result).toBe(expected);
      expectSubscriptions(a.subscriptions).toBe('-^---!        ');
      expectSubscriptions(b.subscriptions).toBe('---^---------!');
    });
  });

  it('should run at most `concurrent` inners, an inner that completes before its turn freeing its place', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  (abcd|)        ');
      const a = cold('      ------(x|)     ');
      const b = cold('      -(y|)          ');
      const c = cold('       --z-|         ');
      const d = cold('           -------w| ');
      const expected = '    ------(xyz)-w| ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b, c, d }), 2));
      expectObservable(result).toBe(expected);
      expectSubscriptions(a.subscriptions).toBe('^-----!        ');
      expectSubscriptions(b.subscriptions).toBe('^!             ');
      expectSubscriptions(c.subscriptions).toBe('-^---!         ');
      expectSubscriptions(d.subscriptions).toBe('-----^-------! ');
    });
  });

  it('should run one inner at a time, as concatMap, with concurrent 1', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  (abc|)          ');
      const inner = cold('  -x-(y|)         ');
      const expected = '    -x-yx-yx-(y|)   ';
      const result = source.pipe(orderedMergeMap(() => inner, 1));
      expectObservable(result).toBe(expected);
      expectSubscriptions(inner.subscriptions).toBe(['^--!', '---^--!', '------^--!']);
    });
  });

  it('should hold the values of synchronous inners behind a running one', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-c---|  ');
      const a = cold('       --x-|      ');
      const expected = '    ---x-(yz)|  ';
      const result = source.pipe(
        orderedMergeMap((key: string) => (key === 'a' ? a : of(key === 'b' ? 'y' : 'z'))),
      );
      expectObservable(result).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^--------!');
      expectSubscriptions(a.subscriptions).toBe('     -^---!    ');
    });
  });

  it('should emit the values of synchronous inners in order, each inner in turn', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold(' -(abc|)        ');
      const expected = '    -(pqrstu|)     ';
      const values = { p: 'a1', q: 'a2', r: 'b1', s: 'b2', t: 'c1', u: 'c2' };
      const result = source.pipe(orderedMergeMap((key: string) => [`${key}1`, `${key}2`], 2));
      expectObservable(result).toBe(expected, values);
      expectSubscriptions(source.subscriptions).toBe('^!');
    });
  });

  it('should give project each value with its index', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('  -a-b-c-| ');
      const expected = '    -x-y-z-| ';
      const result = source.pipe(orderedMergeMap((key: string, index) => of(`${key}${index}`)));
      expectObservable(result).toBe(expected, { x: 'a0', y: 'b1', z: 'c2' });
    });
  });

  it('should unsubscribe the source and every running inner when unsubscribed', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b---------| ');
      const a = cold('       ---x----y|    ');
      const b = cold('         -z---|      ');
      const unsub = '       -------!       ';
      const expected = '    ----x---       ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b })));
      expectObservable(result, unsub).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^------!');
      expectSubscriptions(a.subscriptions).toBe('     -^-----!');
      expectSubscriptions(b.subscriptions).toBe('     ---^---!');
    });
  });

  it('should error at once when the source errors, dropping held values', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b--#     ');
      const a = cold('       ---x------|');
      const b = cold('         -z|      ');
      const expected = '    ----x-#     ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b })));
      expectObservable(result).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^-----!');
      expectSubscriptions(a.subscriptions).toBe('     -^----!');
      expectSubscriptions(b.subscriptions).toBe('     ---^-! ');
    });
  });

  it('should error at once when a later inner errors, unsubscribing the earlier one', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-----|  ');
      const a = cold('       ---x------y|');
      const b = cold('         -z-#     ');
      const expected = '    ----x-#     ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b })));
      expectObservable(result).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^-----!');
      expectSubscriptions(a.subscriptions).toBe('     -^----!');
      expectSubscriptions(b.subscriptions).toBe('     ---^--!');
    });
  });

  it('should error at once when the head inner errors, unsubscribing the later ones', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-----|  ');
      const a = cold('       ---x-#     ');
      const b = cold('         -z------|');
      const expected = '    ----x-#     ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b })));
      expectObservable(result).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^-----!');
      expectSubscriptions(a.subscriptions).toBe('     -^----!');
      expectSubscriptions(b.subscriptions).toBe('     ---^--!');
    });
  });

  it('should error when project throws, unsubscribing the source and the running inners', () => {
    const bug = new TypeError('project bug');
    const called: string[] = [];
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  -a-b-c-| ');
      const a = cold('       ----x|  ');
      const expected = '    ---#     ';
      const result = source.pipe(
        orderedMergeMap((key: string) => {
          called.push(key);
          if (key === 'b') throw bug;
          return a;
        }),
      );
      expectObservable(result).toBe(expected, undefined, bug);
      expectSubscriptions(source.subscriptions).toBe('^--!');
      expectSubscriptions(a.subscriptions).toBe('     -^-!');
    });
    expect(called).to.deep.equal(['a', 'b']);
  });

  it('should error, as mergeMap does, when project returns no ObservableInput', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('  -a-| ');
      const project = (): Observable<string> => null as unknown as Observable<string>;
      const expected = '    -#   ';
      const error = new TypeError(
        "You provided 'null' where a stream was expected. You can provide an Observable, Promise, ReadableStream, Array, AsyncIterable, or Iterable.",
      );
      expectObservable(source.pipe(orderedMergeMap(project))).toBe(expected, undefined, error);
      expectObservable(source.pipe(mergeMap(project))).toBe(expected, undefined, error);
    });
  });

  it('should keep each subscription to the result apart', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold(' -a-b|     ');
      const a = cold('       ---x|    ');
      const b = cold('         -y|    ');
      const expected = '    ----x(y|) ';
      const result = source.pipe(orderedMergeMap(innerOf({ a, b })));
      expectObservable(result).toBe(expected);
      expectObservable(result).toBe(expected);
    });
  });

  it('should keep the order with promises settling in reverse', async () => {
    const settle: ((value: string) => void)[] = [];
    const promises = ['a', 'b', 'c'].map(() => new Promise<string>((resolve) => settle.push(resolve)));
    const result = lastValueFrom(
      from([0, 1, 2]).pipe(
        orderedMergeMap((i) => promises[i] as Promise<string>, 2),
        toArray(),
      ),
    );
    settle[1]?.('b');
    await Promise.resolve();
    settle[0]?.('a');
    await Promise.resolve();
    settle[2]?.('c');
    expect(await result).to.deep.equal(['a', 'b', 'c']);
  });

  it('should stop a synchronous inner when the output is taken', () => {
    let pulled = 0;
    function* naturals(): Generator<number> {
      for (let n = 0; n < 1e6; n++, pulled++) yield n;
    }
    const taken: number[] = [];
    of('x')
      .pipe(
        orderedMergeMap(() => naturals()),
        take(3),
      )
      .subscribe((n) => taken.push(n));
    expect(taken).to.deep.equal([0, 1, 2]);
    expect(pulled).to.equal(2);
  });

  it('should keep the order when the output subscriber feeds an inner whose held values go out', () => {
    const head = new Subject<string>();
    const later = new Subject<string>();
    const seen: string[] = [];
    of(head, later)
      .pipe(orderedMergeMap((inner) => inner))
      .subscribe((value) => {
        seen.push(value);
        if (value === 'b1') later.next('b3'); // fed while b1 goes out, before the held b2
      });
    later.next('b1');
    later.next('b2');
    head.next('a1');
    head.complete(); // the turn passes: b1 and b2 go out, b3 comes in meanwhile
    later.next('b4');
    expect(seen).to.deep.equal(['a1', 'b1', 'b2', 'b3', 'b4']);
  });

  it('should stop passing the turn when the output is unsubscribed while held values go out', () => {
    const head = new Subject<string>();
    const later = new Subject<string>();
    const seen: string[] = [];
    of(head, later)
      .pipe(
        orderedMergeMap((inner) => inner),
        map((value) => value.toUpperCase()),
        take(2),
      )
      .subscribe((value) => seen.push(value));
    later.next('b1');
    later.next('b2');
    later.next('b3');
    head.complete();
    expect(seen).to.deep.equal(['B1', 'B2']);
    expect(later.observed).to.equal(false);
  });

  it('should check its arguments when created, naming the argument, the rule and the value', () => {
    const project = (x: number): Observable<number> => of(x);
    expect(() => orderedMergeMap('x' as unknown as typeof project)).to.throw(
      TypeError,
      '`project` must be a function, received "x"',
    );
    for (const [concurrent, shown] of [
      [0, '0'],
      [-1, '-1'],
      [1.5, '1.5'],
      [NaN, 'NaN'],
      [-Infinity, '-Infinity'],
      ['2', '"2"'],
      [null, 'null'],
    ] as const) {
      expect(() => orderedMergeMap(project, concurrent as unknown as number)).to.throw(
        TypeError,
        `\`concurrent\` must be an integer ≥ 1 or Infinity, received ${shown}`,
      );
    }
    expect(() => orderedMergeMap(project, Infinity)).not.to.throw();
    expect(() => orderedMergeMap(project, undefined)).not.to.throw();
  });
});
