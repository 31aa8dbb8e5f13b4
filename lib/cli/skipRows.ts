// --resume's input side: skip the rows an earlier run already wrote, counting lines as it goes so
// the records of this run keep the input's true line numbers.
import { isBlank } from './readLines.js';

export interface Skipped {
  /** Rows (non-blank lines) skipped: less than asked when the input ended first. */
  rows: number;
  /** Lines skipped, blank ones included: the next line's number is this + 1. */
  lines: number;
}

/** Reads and drops `rows` rows from `lines`, leaving the iterator on the first row after them. */
export async function skipRows(lines: AsyncIterator<string>, rows: number): Promise<Skipped> {
  const skipped: Skipped = { rows: 0, lines: 0 };
  while (skipped.rows < rows) {
    const step = await lines.next();
    if (step.done === true) break;
    skipped.lines++;
    if (!isBlank(step.value)) skipped.rows++;
  }
  return skipped;
}
