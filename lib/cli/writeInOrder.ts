// The writer's loop: pool entries and invalid-line records merged back into input order. The
// pool only sees valid rows, so between two of its entries the writer may owe records for the
// invalid lines that sat between those rows (RowSlots says which, in order).
import type { PoolEntry } from '../PoolEntry.js';
import type { HttpResult } from './httpProject.js';
import { entryRecord, type OutputRecord } from './OutputRecord.js';
import type { RowSlots } from './RowSlots.js';
import { WOKEN, type Wakeup } from './Wakeup.js';

/**
 * Writes every record in input order until the entries end, or until `signal` is aborted: then
 * it writes only what is finished and in order right now, and returns true. The caller's
 * `entries.return()` then aborts the calls still running. `wakeup` must be woken when an invalid
 * record is queued and on abort, so neither waits for a pool entry that may be slow to come.
 */
export async function writeInOrder(
  entries: AsyncIterator<PoolEntry<HttpResult>>,
  slots: RowSlots,
  wakeup: Wakeup,
  signal: AbortSignal | undefined,
  write: (record: OutputRecord) => Promise<void>,
): Promise<boolean> {
  const writeInvalidAtHead = async (): Promise<void> => {
    for (let record = slots.shiftInvalid(); record !== undefined; record = slots.shiftInvalid()) {
      await write(record);
    }
  };
  let pending: Promise<IteratorResult<PoolEntry<HttpResult>>> | undefined;
  for (;;) {
    await writeInvalidAtHead();
    // Asking for the next entry also tells the pool the last one is consumed (written): this
    // is what lets it read another row, so memory stays bounded by the window.
    pending ??= entries.next();
    const stopping = signal?.aborted === true;
    const step = await (stopping ? readyNow(pending) : wakeup.race(pending));
    if (step === WOKEN) {
      if (stopping) break;
      continue;
    }
    pending = undefined;
    if (step.done === true) break;
    const slot = slots.shiftValid();
    await write(entryRecord(slot.index, slot.line, step.value));
  }
  await writeInvalidAtHead();
  return signal?.aborted === true;
}

/** The value of `promise` if it settles by the next turn of the event loop, else WOKEN. */
function readyNow<T>(promise: Promise<T>): Promise<T | typeof WOKEN> {
  return Promise.race([promise, new Promise<typeof WOKEN>((resolve) => setImmediate(resolve, WOKEN))]);
}
