/**
 * A first-in first-out queue with O(1) `push` and `shift`.
 *
 * A push source (`range(0, 1e6)` feeding slow async calls) can park hundreds of thousands of rows
 * before the pool dispatches them. `Array.prototype.shift` is O(n), which makes draining such a
 * backlog quadratic (it is why `mergeMap` over a large synchronous source degrades), so the queue
 * keeps a read cursor instead and compacts the array only once the consumed prefix dominates it.
 */
export class RingQueue<T> {
  /** Items; slots before `head` are consumed and hold `undefined`. */
  private items: (T | undefined)[] = [];
  /** Index of the oldest live item in `items`. */
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    // Drop the reference at once so a consumed row can be collected before the next compaction.
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Keeps the items that pass `keep`, in order; used to purge a cancelled subscription's rows. */
  retain(keep: (item: T) => boolean): void {
    const live: (T | undefined)[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i] as T;
      if (keep(item)) live.push(item);
    }
    this.items = live;
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
