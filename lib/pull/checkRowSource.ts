import { renderValue } from '../config/renderValue.js';
import type { RowSource } from './pulledRows.js';

/**
 * Rejects, when the caller is created, a source that is neither iterable nor async iterable, and
 * a `project` that is not a function.
 */
export function checkRowSource<T>(source: RowSource<T>, project: unknown): void {
  if (typeof project !== 'function') {
    throw new TypeError(`Expected \`project\` to be a function, received ${typeof project}`);
  }
  const candidate = source as unknown as Partial<Record<symbol, unknown>> | null | undefined;
  const iterable =
    candidate != null &&
    (typeof candidate[Symbol.asyncIterator] === 'function' ||
      typeof candidate[Symbol.iterator] === 'function');
  if (!iterable) {
    throw new TypeError(
      `\`source\` must be an Iterable or an AsyncIterable, received ${renderValue(source)}`,
    );
  }
}
