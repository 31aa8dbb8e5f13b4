import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';
import { TestScheduler } from 'rxjs/testing';
import type { PoolEntry } from '../../lib/PoolEntry.js';

/** A TestScheduler whose frames compare with chai's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected);
  });
}

/** An entry reduced to what marbles compare: the value, or the failure reason. */
export function outcome<R>(entry: PoolEntry<R>): R | string {
  return isRight(entry.result) ? entry.result.right : `failed:${entry.result.left.reason}`;
}
