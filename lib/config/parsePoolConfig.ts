// The throwing entry, for the common case of "validate at start-up or refuse to start".
import { isLeft } from '../internal/either.js';
import { decodePoolConfig } from './decodePoolConfig.js';
import { formatPoolConfigErrors } from './formatPoolConfigErrors.js';
import type { PoolConfig } from './PoolConfig.js';
import { PoolConfigError } from './PoolConfigError.js';

/**
 * Decodes unknown input (an object of options, or undefined for all defaults) into a validated
 * PoolConfig, or throws a PoolConfigError listing every problem.
 *
 * @param pathPrefix where the config sits in a larger document, for the messages (see
 *   formatPoolConfigErrors); omit it when the config stands alone.
 */
export function parsePoolConfig(u: unknown, pathPrefix?: string): PoolConfig {
  const result = decodePoolConfig(u);
  if (isLeft(result)) throw new PoolConfigError(formatPoolConfigErrors(result.left, pathPrefix));
  return result.right;
}
