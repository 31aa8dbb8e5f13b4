import { PoolConfigError } from '../config/PoolConfigError.js';
import { renderValue } from '../config/renderValue.js';
import { Pool } from '../Pool.js';
import type { PullOptions } from './PullOptions.js';

/**
 * The pool a pull-based run goes through: the given `pool`, or a private one made from the
 * options. Validated when the caller is created, with every problem in one `PoolConfigError`.
 */
export function resolvePool(options: PullOptions = {}): Pool {
  const { pool, ...poolOptions } = options;
  if (pool === undefined) return new Pool(poolOptions);
  const problems: string[] = [];
  if (!(pool instanceof Pool)) problems.push(`\`pool\` must be a Pool, received ${renderValue(pool)}`);
  for (const [name, value] of Object.entries(poolOptions)) {
    if (value === undefined) continue;
    problems.push(
      `\`${name}\` must be left out when a \`pool\` is given (set it on the pool), received ${renderValue(value)}`,
    );
  }
  if (problems.length > 0) throw new PoolConfigError(problems);
  return pool;
}
