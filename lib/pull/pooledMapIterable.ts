import type { ObservableInput } from 'rxjs';
import type { CallContext, PoolEntry } from '../PoolEntry.js';
import { checkRowSource } from './checkRowSource.js';
import { EntryIterator } from './EntryIterator.js';
import type { RowSource } from './pulledRows.js';
import type { PullOptions } from './PullOptions.js';
import { resolvePool } from './resolvePool.js';

/**
 * Calls `project` for each row of a (possibly huge or infinite) iterable or async iterable through
 * a pool, and yields one `PoolEntry` per row, in source order, for `for await`.
 *
 * Pull-based, for streaming ETL: a row is read from `source` only while rows read minus entries
 * consumed stay below `maxBuffered` (an entry is consumed when the loop asks for the next one), so
 * memory stays bounded and a slow loop body stops the reading.
 *
 * Breaking out of the loop aborts running calls (`ctx.signal`), stops the reading and calls the
 * source iterator's `return()` (a generator's `finally` runs; a stream is destroyed). A source
 * that throws yields every earlier row's entry, then the loop throws its error. Each iteration
 * of the result reads the source anew, and nothing is read before the first `next()`. Option
`signal` stops the reading and the calls, every row read still yielding its entry, and then the
loop ends (see `PullOptions.signal`).
 *
 * Options are a private pool's options, or `{ pool }` to share an existing pool (its
 * `maxBuffered` is then the window); validated at once.
 *
 * @example
 * const lines = readline.createInterface({ input: fs.createReadStream('rows.jsonl') });
 * for await (const entry of pooledMapIterable(lines, (line, { signal }) => callModel(line, signal), { poolSize: 8 })) {
 *   await sink.write(entry);
 * }
 */
export function pooledMapIterable<T, R>(
  source: RowSource<T>,
  project: (row: T, ctx: CallContext) => ObservableInput<R>,
  options?: PullOptions,
): AsyncIterable<PoolEntry<R>> {
  checkRowSource(source, project);
  const { pool, signal } = resolvePool(options);
  return { [Symbol.asyncIterator]: () => new EntryIterator(pool, source, project, signal) };
}
