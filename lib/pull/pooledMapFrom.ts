import { Observable, Subject, takeUntil, type ObservableInput } from 'rxjs';
import type { CallContext, PoolEntry } from '../PoolEntry.js';
import { checkRowSource } from './checkRowSource.js';
import { pulledRows, type RowSource } from './pulledRows.js';
import type { PullOptions } from './PullOptions.js';
import { PullWindow } from './PullWindow.js';
import { resolvePool } from './resolvePool.js';

/**
 * Like `from(source).pipe(pooledMap(project, options))`, but pulling: a row is read from the
 * (async) iterable only while rows read minus entries emitted to the subscriber stay below
 * `maxBuffered`. A slow subscriber or a slow API therefore stops the reading, so a huge or
 * infinite source (a generator, a Node `Readable` of lines) runs in bounded memory.
 *
 * ```
 * source (pulled):  a b c ... d ......... e     maxBuffered = 3
 * calls:            A----B--C
 * output:           -----A--B--C                d is read only once A is out
 * ```
 *
 * Entries come in source order with the same retry and failure rules as `pool.map`. A source
 * that throws emits every earlier row's entry, then the error. Unsubscribing aborts running calls
 * (`ctx.signal`), stops the reading and calls the iterator's `return()`. Option `signal` stops the
reading and the calls too, but every row read still gets its entry (see `PullOptions.signal`).
 *
 * Options are a private pool's options, or `{ pool }` to share an existing pool (its
 * `maxBuffered` is then the window); validated at once.
 *
 * @example
 * pooledMapFrom(readline.createInterface({ input: createReadStream('rows.jsonl') }), (line, { signal }) =>
 *   callModel(JSON.parse(line), signal), { poolSize: 8 },
 * ).subscribe((entry) => write(entry));
 */
export function pooledMapFrom<T, R>(
  source: RowSource<T>,
  project: (row: T, ctx: CallContext) => ObservableInput<R>,
  options?: PullOptions,
): Observable<PoolEntry<R>> {
  checkRowSource(source, project);
  const { pool, signal } = resolvePool(options);
  return new Observable<PoolEntry<R>>((subscriber) => {
    // Credit between the reading and this subscriber.
    const window = new PullWindow(pool.maxBuffered);
    // Registered before anything runs: a synchronous source and project can run the whole loop
    // inside `subscribe`, and an unsubscription from inside it must stop the lane there and then.
    const stop = new Subject<void>();
    subscriber.add(() => stop.next());
    return pool
      .run(pulledRows(source, window, signal), project, signal === undefined ? {} : { signal })
      .pipe(takeUntil(stop))
      .subscribe({
        next(entry) {
          subscriber.next(entry);
          // Consumed only once delivered: the credit bound then holds while the subscriber works.
          window.release();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
  });
}
