// The input order, kept outside the pool. Only valid rows go through the pool (an invalid line
// must not take a dispatch slot or count as a success for the AIMD throttle), so the writer needs
// to know where the invalid lines sat between them: each row read leaves a slot here, in order.
import { RingQueue } from '../internal/RingQueue.js';
import type { OutputRecord } from './OutputRecord.js';

/** A row read and not written yet: a valid row waits for its pool entry; an invalid one has its record. */
export interface Slot {
  readonly index: number;
  readonly line: number;
  readonly invalid?: OutputRecord;
}

/**
 * Slots of the rows read but not written, oldest first. Valid slots are bounded by the pool's
 * pull window; invalid ones by `maxInvalid`: the reader waits in `room()` rather than read a long
 * run of bad lines into memory while a slow row holds the head.
 */
export class RowSlots {
  /** Called when an invalid record is queued: the writer may be waiting for the pool only. */
  onInvalid: (() => void) | undefined = undefined;
  private readonly queue = new RingQueue<Slot>();
  private invalidCount = 0;
  private roomWaiter: (() => void) | undefined = undefined;

  constructor(private readonly maxInvalid: number) {}

  pushValid(index: number, line: number): void {
    this.queue.push({ index, line });
  }

  pushInvalid(record: OutputRecord): void {
    this.queue.push({ index: record.index, line: record.line, invalid: record });
    this.invalidCount++;
    this.onInvalid?.();
  }

  /** The record of the invalid row at the head (every row before it is written), if there is one. */
  shiftInvalid(): OutputRecord | undefined {
    const record = this.queue.peek()?.invalid;
    if (record === undefined) return undefined;
    this.queue.shift();
    if (--this.invalidCount < this.maxInvalid) this.wakeReader();
    return record;
  }

  /** The oldest valid row: the row the pool's next entry belongs to (entries come in order). */
  shiftValid(): Slot {
    const slot = this.queue.shift();
    if (slot === undefined || slot.invalid !== undefined) {
      throw new Error('pooled-map: internal error: a pool entry arrived with no row waiting for it');
    }
    return slot;
  }

  /** undefined while there is room for another invalid record, else a promise of room. */
  room(): Promise<void> | undefined {
    if (this.invalidCount < this.maxInvalid) return undefined;
    return new Promise((resolve) => (this.roomWaiter = resolve));
  }

  /** Lets a waiting reader go (to see that the run was aborted). */
  wakeReader(): void {
    const waiter = this.roomWaiter;
    this.roomWaiter = undefined;
    waiter?.();
  }

  get size(): number {
    return this.queue.size;
  }
}
