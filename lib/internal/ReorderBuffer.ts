/**
 * Holds the rows of one subscription between their first dispatch and their emission, addressed
 * by submit index, so completions that arrive out of order wait until every earlier row is out.
 *
 * The rows held always form one contiguous index range `[head, head + size)` whose length the
 * pool bounds by its window (`maxBuffered`), so a ring of slots addressed by `index & mask` gives
 * O(1) put, get and release with no scanning or copying per completion. The ring starts small and
 * doubles when the range outgrows it, so a large window costs memory only when it is used.
 */
export class ReorderBuffer<T> {
  /** Ring of slots; the item with submit index `i` lives at `slots[i & mask]`. */
  private slots: (T | undefined)[] = new Array<T | undefined>(16);
  private mask = 15;
  /** Lowest submit index still held: the next one to be emitted. */
  private head = 0;
  /** One past the highest submit index ever put. */
  private end = 0;

  /** Next submit index to emit. */
  get headIndex(): number {
    return this.head;
  }

  /** Number of rows held (in flight, waiting to retry, or completed and waiting for their turn). */
  get size(): number {
    return this.end - this.head;
  }

  /** Adds the row with the next index; indices must arrive in order (first dispatches are FIFO). */
  put(index: number, item: T): void {
    if (index !== this.end) throw new Error(`ReorderBuffer: expected index ${this.end}, got ${index}`);
    if (this.end - this.head > this.mask) this.grow();
    this.slots[index & this.mask] = item;
    this.end = index + 1;
  }

  /** The row held at `index`, or undefined when it is outside the held range. */
  get(index: number): T | undefined {
    return index >= this.head && index < this.end ? this.slots[index & this.mask] : undefined;
  }

  /** The head row, if any. */
  peek(): T | undefined {
    return this.head < this.end ? this.slots[this.head & this.mask] : undefined;
  }

  /** Releases the head row and advances the head. */
  shift(): T | undefined {
    if (this.head === this.end) return undefined;
    const slot = this.head & this.mask;
    const item = this.slots[slot];
    this.slots[slot] = undefined;
    this.head++;
    return item;
  }

  /** Drops every row from `index` on (they will never be emitted), returning them for cleanup. */
  truncate(index: number): T[] {
    const dropped: T[] = [];
    for (let i = Math.max(index, this.head); i < this.end; i++) {
      const slot = i & this.mask;
      dropped.push(this.slots[slot] as T);
      this.slots[slot] = undefined;
    }
    if (index < this.end) this.end = Math.max(index, this.head);
    return dropped;
  }

  private grow(): void {
    const bigger = new Array<T | undefined>(this.slots.length * 2);
    const mask = bigger.length - 1;
    for (let i = this.head; i < this.end; i++) bigger[i & mask] = this.slots[i & this.mask];
    this.slots = bigger;
    this.mask = mask;
  }
}
