// Counts of the records written, by outcome: the summary, the progress and the exit code read it.
import type { OutputRecord } from './OutputRecord.js';

export class Tally {
  rows = 0;
  succeeded = 0;
  failed = 0;
  /** Failed records by `failure.reason`; a reason appears once it has happened. */
  readonly failedByReason: Record<string, number> = {};

  add(record: OutputRecord): void {
    this.rows++;
    if (record.ok) {
      this.succeeded++;
      return;
    }
    this.failed++;
    const { reason } = record.failure;
    this.failedByReason[reason] = (this.failedByReason[reason] ?? 0) + 1;
  }
}
