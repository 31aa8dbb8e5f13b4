import type { Pool } from '../Pool.js';
import type { PoolOptions } from '../PoolOptions.js';

/**
 * Options of `pooledMapIterable` and `pooledMapFrom`: the options of a private pool, or a `pool`
 * to run through (shared with other pipelines; then its options, `maxBuffered` included, apply
 * and none may be given here).
 */
export interface PullOptions extends PoolOptions {
  pool?: Pool;
}
