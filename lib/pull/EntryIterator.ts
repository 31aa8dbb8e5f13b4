import type { ObservableInput, Subscription } from 'rxjs';
import { RingQueue } from '../internal/RingQueue.js';
import type { Pool } from '../Pool.js';
import type { CallContext, PoolEntry } from '../PoolEntry.js';
import { pulledRows, type RowSource } from './pulledRows.js';
import { PullWindow } from './PullWindow.js';

interface Waiter<R> {
  resolve(result: IteratorResult<PoolEntry<R>, undefined>): void;
  reject(error: unknown): void;
}

const done = { value: undefined, done: true } as const;

/**
 * One iteration of `pooledMapIterable`: adapts the pool's push-based lane to the pull-based
 * async iterator protocol with a queue of entries not handed out yet.
 *
 * An entry counts as consumed (its credit returns to the window, letting the source be read
 * again) when the consumer asks for the next one, not when it is handed out: until then the
 * consumer may still be working on it, so it still occupies memory. Rows read minus entries
 * consumed thus never exceed `maxBuffered`, wherever the rows are (source read, in flight,
 * reorder buffer, this queue, or the consumer's hands).
 */
export class EntryIterator<T, R> implements AsyncIterableIterator<PoolEntry<R>> {
  private readonly window: PullWindow;
  /** Entries emitted by the lane and not handed out yet. */
  private readonly ready = new RingQueue<PoolEntry<R>>();
  /** `next()` calls waiting for an entry (only while `ready` is empty). */
  private readonly waiting = new RingQueue<Waiter<R>>();
  /** Entries handed out since the consumer last called `next()`. */
  private handedOut = 0;
  /** The lane's subscription, from the first `next()` until the lane ends or `return()`. */
  private subscription: Subscription | undefined = undefined;
  private started = false;
  /** No entry will come any more (the lane ended, or the consumer returned). */
  private finished = false;
  /** The lane's error, thrown after every earlier entry has been handed out. */
  private failure: { readonly error: unknown } | undefined = undefined;

  constructor(
    private readonly pool: Pool,
    private readonly source: RowSource<T>,
    private readonly project: (row: T, ctx: CallContext) => ObservableInput<R>,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.window = new PullWindow(pool.maxBuffered);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<PoolEntry<R>, undefined>> {
    // The consumer is back: it is done with what it was handed, so the source may be read again.
    const consumed = this.handedOut;
    this.handedOut = 0;
    if (!this.started) this.start();
    else this.window.release(consumed);
    const entry = this.ready.shift();
    if (entry !== undefined) {
      this.handedOut++;
      return Promise.resolve({ value: entry, done: false });
    }
    if (this.failure !== undefined) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve(done);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Stops early (`break` in `for await`): aborts running calls and closes the source. */
  return(): Promise<IteratorResult<PoolEntry<R>, undefined>> {
    this.finished = true;
    this.started = true;
    this.failure = undefined;
    this.ready.clear();
    this.stop();
    this.settleWaiters();
    return Promise.resolve(done);
  }

  private start(): void {
    this.started = true;
    const { signal } = this;
    const rows = pulledRows(this.source, this.window, signal);
    const subscription = this.pool.run(rows, this.project, signal === undefined ? {} : { signal }).subscribe({
      next: (entry) => {
        const waiter = this.waiting.shift();
        if (waiter === undefined) return this.ready.push(entry);
        this.handedOut++;
        waiter.resolve({ value: entry, done: false });
      },
      error: (error: unknown) => {
        this.finished = true;
        this.failure = { error };
        this.stop();
        this.settleWaiters();
      },
      complete: () => {
        this.finished = true;
        this.stop();
        this.settleWaiters();
      },
    });
    // The lane may have ended (or `return()` run) inside `subscribe`.
    if (this.finished) subscription.unsubscribe();
    else this.subscription = subscription;
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Only called once nothing more will come: `ready` is empty whenever someone waits. */
  private settleWaiters(): void {
    for (let waiter = this.waiting.shift(); waiter !== undefined; waiter = this.waiting.shift()) {
      if (this.failure === undefined) {
        waiter.resolve(done);
      } else {
        waiter.reject(this.failure.error);
        this.failure = undefined;
      }
    }
  }
}
