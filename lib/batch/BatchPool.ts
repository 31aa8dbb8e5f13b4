import type { Observable, ObservableInput } from 'rxjs';
import type { PoolConfig } from '../config/PoolConfig.js';
import type { LaneHooks } from '../internal/laneInternals.js';
import type { CallContext, PoolEntry } from '../PoolEntry.js';
import type { AimdThrottle } from '../throttle/AimdThrottle.js';

/**
 * What a batch needs of the pool it runs through: Pool, without naming it. Pool makes its
 * `batches` operator from this folder, so an interface of their own keeps the two from importing
 * each other.
 */
export interface BatchPool {
  /** The pool's settings, which a batch's stats repeat. */
  readonly config: PoolConfig;
  /** The pool's throttle: a batch's stats are measured on it (see BatchProbe). */
  readonly throttle: AimdThrottle;
  /** Runs `source` through a lane of its own, with hooks into the run (`Pool.run`). */
  run<T, R>(
    source: Observable<T>,
    project: (row: T, ctx: CallContext) => ObservableInput<R>,
    hooks?: LaneHooks,
  ): Observable<PoolEntry<R>>;
}
