// Reading entries without fp-ts: type guards over `PoolEntry.result`, which stays the audited
// `Either` (fp-ts's `isRight`/`isLeft` and these agree; these need no import of fp-ts).
import type { Left, Right } from 'fp-ts/lib/Either.js';
import type { PoolEntry, PoolFailure } from './PoolEntry.js';

/** An entry whose row succeeded: `entry.result.right` is the value. */
export type OkEntry<R> = PoolEntry<R> & { readonly result: Right<R> };
/** An entry whose row failed: `entry.result.left` says why. */
export type FailedEntry<R> = PoolEntry<R> & { readonly result: Left<PoolFailure> };

/** True when the row succeeded. */
export function isOk<R>(entry: PoolEntry<R>): entry is OkEntry<R> {
  return entry.result._tag === 'Right';
}

/** True when the row failed (`retry_timeout`, `permanent_error`, `shutdown_requested`, …). */
export function isFailure<R>(entry: PoolEntry<R>): entry is FailedEntry<R> {
  return entry.result._tag === 'Left';
}
