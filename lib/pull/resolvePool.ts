import { PoolConfigError } from '../config/PoolConfigError.js';
import { renderValue } from '../config/renderValue.js';
import { signalProblem } from '../internal/signalProblem.js';
import { Pool } from '../Pool.js';
import type { PullOptions } from './PullOptions.js';

/** The pool a pull-based run goes through, and what stops the run. */
export interface PullRun {
  readonly pool: Pool;
  readonly signal: AbortSignal | undefined;
}

/**
 * The pool a pull-based run goes through: the given `pool`, or a private one made from the
 * options; and the run's `signal`. Validated when the caller is created, with every problem in
 * one `PoolConfigError`.
 */
export function resolvePool(options: PullOptions = {}): PullRun {
  const { pool, signal, ...poolOptions } = options;
  const problems: string[] = [];
  const badSignal = signalProblem(signal);
  if (badSignal !== undefined) problems.push(badSignal);
  let made: Pool | undefined = pool;
  if (pool === undefined) {
    try {
      made = new Pool(poolOptions);
    } catch (error) {
      if (!(error instanceof PoolConfigError)) throw error;
      problems.push(...error.problems);
    }
  } else {
    if (!(pool instanceof Pool)) problems.push(`\`pool\` must be a Pool, received ${renderValue(pool)}`);
    for (const [name, value] of Object.entries(poolOptions)) {
      if (value === undefined) continue;
      problems.push(
        `\`${name}\` must be left out when a \`pool\` is given (set it on the pool), received ${renderValue(value)}`,
      );
    }
  }
  if (problems.length > 0) throw new PoolConfigError(problems);
  return { pool: made as Pool, signal };
}
