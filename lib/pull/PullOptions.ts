import type { Pool } from '../Pool.js';
import type { PoolOptions } from '../PoolOptions.js';

/**
 * Options of `pooledMapIterable` and `pooledMapFrom`: the options of a private pool, or a `pool`
 * to run through (shared with other pipelines; then its options, `maxBuffered` included, apply
 * and none may be given here).
 */
export interface PullOptions extends PoolOptions {
  pool?: Pool;
  /**
   * Stops the run when aborted, like p-map's `signal`: the source is read no further (its
   * iterator's `return()` is called), running calls are aborted (`ctx.signal`), no call starts,
   * and every row read but not finished still gets its entry, `shutdown_requested` with the
   * signal's `reason` as `error`; then the run ends normally. Already aborted: nothing is read and
   * the run ends at once. Allowed with `pool`: it stops this run, not the pool.
   */
  signal?: AbortSignal;
}
