// The non-throwing entry: callers that already work with fp-ts (or want to show the errors their
// own way) get every problem as data. Render them with formatPoolConfigErrors.
import type { Either } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { PoolConfig } from './PoolConfig.js';

/**
 * Decodes unknown input (an object of options, or undefined for all defaults) into a validated
 * PoolConfig. Left carries every problem: per-field rules, cross-field rules and unknown keys.
 */
export function decodePoolConfig(u: unknown): Either<t.Errors, PoolConfig> {
  return PoolConfig.decode(u);
}
