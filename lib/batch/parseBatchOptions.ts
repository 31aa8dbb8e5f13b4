import { PoolConfigError } from '../config/PoolConfigError.js';
import { renderValue } from '../config/renderValue.js';
import type { BatchOptions } from './BatchResult.js';

const known = new Set(['overlap', 'onIgnored']);

/** Batch options after validation, with the default filled in. */
export interface ParsedBatchOptions<T> {
  readonly overlap: 'queue' | 'ignore';
  readonly onIgnored: ((rows: readonly T[]) => void) | undefined;
}

/** Checks `pool.batches` options when the operator is created; every problem in one error. */
export function parseBatchOptions<T>(options: BatchOptions<T> = {}): ParsedBatchOptions<T> {
  const problems: string[] = [];
  const problem = (name: string, rule: string, value: unknown): void => {
    problems.push(`\`${name}\` must be ${rule}, received ${renderValue(value)}`);
  };
  if (typeof options !== 'object' || options === null) {
    problem('options', 'an object of batch options (or undefined)', options);
    throw new PoolConfigError(problems);
  }
  const { overlap = 'queue', onIgnored } = options;
  if (overlap !== 'queue' && overlap !== 'ignore') problem('overlap', `'queue' or 'ignore'`, overlap);
  if (onIgnored !== undefined && typeof onIgnored !== 'function')
    problem('onIgnored', 'a function', onIgnored);
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      problem(key, `left out (known: ${[...known].join(', ')})`, (options as Record<string, unknown>)[key]);
  }
  if (problems.length > 0) throw new PoolConfigError(problems);
  return { overlap, onIgnored };
}
