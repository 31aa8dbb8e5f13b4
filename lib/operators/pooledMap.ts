import type { ObservableInput, OperatorFunction } from 'rxjs';
import { Pool } from '../Pool.js';
import type { CallContext, PoolEntry } from '../PoolEntry.js';
import type { PoolOptions } from '../PoolOptions.js';

/**
 * Calls a rate-limited API for each row through a private pool and emits one `PoolEntry` per
 * row, in input order, with its ordering and timing audit.
 *
 * Shorthand for `new Pool(options).map(project)`: the pool (permits, gate, throttle) is created
 * once, when the operator is, and shared by every subscription to the result. Create a `Pool`
 * yourself to share it between several pipelines or to read its stats.
 *
 * ```
 * source:  --a--b--c--|
 * calls:     429 ↺ retried after the gate's delay; b and c keep their places
 * output:  ----------A-B-C|
 * ```
 *
 * Options are validated immediately: a bad option throws a `PoolConfigError` listing every problem.
 *
 * @example
 * rows$.pipe(
 *   pooledMap((row, { signal }) => callModel(row, signal), { poolSize: 16 }),
 * ).subscribe((entry) => console.log(entry.submitIndex, entry.result));
 */
export function pooledMap<T, R>(
  project: (row: T, ctx: CallContext) => ObservableInput<R>,
  options?: PoolOptions,
): OperatorFunction<T, PoolEntry<R>> {
  return new Pool(options).map(project);
}
