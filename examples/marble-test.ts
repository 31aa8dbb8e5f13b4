// Testing the timing of your own pipeline in virtual time, with RxJS marble diagrams: how far apart
// the pool sends calls, and how it backs off after a 429. No server, no waiting: inside
// `TestScheduler.run` every delay of the pool (gate, AIMD, Retry-After) runs on the virtual clock.
//
//   npx mocha --no-config -r tsx/cjs examples/marble-test.ts
//
// (--no-config: this package's .mocharc would add its whole suite, which imports and runs this
// file too, from spec/examples/examples-spec.ts. In your project it is a spec file like any other.)
//
// Marble syntax: each character is 1 ms of virtual time; `a` a value, `|` completion, `#` an error,
// `(ab)` values in the same frame, `99ms` a pause. https://rxjs.dev/guide/testing/marble-testing
import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';
import { map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { CapacityError, Pool, pooledMap, type PoolEntry } from 'rxjs-pooled-map';

/** What the pipeline under test does: each ticket's label, or the reason it failed. */
const labels = map((entry: PoolEntry<string>) =>
  isRight(entry.result) ? entry.result.right : entry.result.left.reason,
);

// Frames are compared with chai's deep equality, so a failure shows a readable diff.
const newScheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected);
  });

describe('example: timing of a pooled pipeline, in marbles', () => {
  it('sends calls at least minDispatchDelayMs apart, even with permits free', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, hot, expectObservable }) => {
      const sent: number[] = [];
      // Three tickets arrive together; the fake API answers each after 10 ms.
      const tickets = hot('(abc|)');
      const api = (ticket: string): Observable<string> => {
        sent.push(scheduler.now());
        return cold('10ms (x|)', { x: ticket.toUpperCase() });
      };
      const out = tickets.pipe(pooledMap(api, { poolSize: 3, minDispatchDelayMs: 100 }), labels);

      // Sent at 0, 100 and 200, so answered at 10, 110 and 210.
      expectObservable(out).toBe('10ms A 99ms B 99ms (C|)', { A: 'A', B: 'B', C: 'C' });
      scheduler.flush();
      expect(sent).to.deep.equal([0, 100, 200]);
    });
  });

  it('waits out a Retry-After pool-wide, then retries the refused row in its place', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, hot, expectObservable }) => {
      const sent: string[] = [];
      // A pool you create yourself, so the test can read its throttle and counters afterwards.
      const pool = new Pool({ poolSize: 2, minDispatchDelayMs: 100 });
      let refused = false;
      const api = (ticket: string): Observable<string> => {
        sent.push(`${ticket}@${scheduler.now()}`);
        if (ticket === 'a' && !refused) {
          // The first call of `a` gets a 429 after 5 ms asking for 2 s. A `retryAfterMs` is taken
          // as given (a `Retry-After` header, whole seconds, would pause the pool 1 s less).
          refused = true;
          return cold('5ms #', {}, new CapacityError(429, 'Too Many Requests', { retryAfterMs: 2000 }));
        }
        return cold('5ms (x|)', { x: ticket.toUpperCase() });
      };
      const tickets = hot('(abc|)');
      const out = tickets.pipe(pool.map(api), labels);

      // The 429 at 5 stops every dispatch until 2005, though a permit is free: `b` (due at 100)
      // waits too. Then `a` is retried first, keeping its place, as the one probe of an API taken
      // to be closed; once it succeeds the rest follow 100 ms apart.
      expectObservable(out).toBe('2010ms A 99ms B 99ms (C|)', { A: 'A', B: 'B', C: 'C' });
      scheduler.flush();
      expect(sent).to.deep.equal(['a@0', 'a@2005', 'b@2105', 'c@2205']);
      expect(pool.stats()).to.include({ capacityRetries: 1, successes: 3 });
    });
  });
});
