/**
 * A first-in first-out queue with O(1) `push` and `shift`.
 *
 * A push source (`range(0, 1e6)` feeding slow async calls) can park hundreds of thousands of rows
 * before the pool dispatches them. `Array.prototype.shift` is O(n), which makes draining such a
 * backlog quadratic (it is why `mergeMap` over a large synchronous source degrades). This is a
 * ring of power-of-two size that doubles when full: no shifting, and no resizing of the array on
 * the hot path, where a row is typically pushed and shifted again at once.
 */
export class RingQueue<T> {
  /** Slots; live items sit from `head` for `count` slots, wrapping around. */
  private slots: (T | undefined)[] = new Array<T | undefined>(16);
  private mask = 15;
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count > this.mask) this.grow();
    this.slots[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.slots[this.head];
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.slots[this.head];
    // Drop the reference at once so a consumed row can be collected.
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** Keeps the items that pass `keep`, in order; used to purge a cancelled subscription's rows. */
  retain(keep: (item: T) => boolean): void {
    const live: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = (this.head + i) & this.mask;
      const item = this.slots[at] as T;
      this.slots[at] = undefined;
      if (keep(item)) live.push(item);
    }
    this.head = 0;
    this.count = 0;
    for (const item of live) this.push(item);
  }

  clear(): void {
    this.slots = new Array<T | undefined>(16);
    this.mask = 15;
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const bigger = new Array<T | undefined>(this.slots.length * 2);
    for (let i = 0; i < this.count; i++) bigger[i] = this.slots[(this.head + i) & this.mask];
    this.slots = bigger;
    this.mask = bigger.length - 1;
    this.head = 0;
  }
}
