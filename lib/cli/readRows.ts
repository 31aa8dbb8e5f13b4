// The pool's row source for runPipeline: every input line is checked here, once, as it is read.
// Valid rows are handed to the pool (as their original text, so the request body is exactly what
// the user wrote: no re-serialization, no lost big-number precision); blank lines are counted
// and skipped; invalid lines become records that keep their place through RowSlots.
import { invalidRecord } from './OutputRecord.js';
import { isBlank } from './readLines.js';
import type { RowSlots } from './RowSlots.js';

export interface ReadCounters {
  /** Blank (empty or whitespace-only) lines skipped. */
  blankLines: number;
}

export interface ReadStart {
  /** Index of the first row read (rows already done by an earlier run come before). */
  firstIndex: number;
  /** 1-based line number of the first line of `lines` in the whole input. */
  firstLine: number;
}

/**
 * Yields the valid lines of `lines` for the pool, pushing a slot for every row (valid or not) in
 * input order. Pulled by the pool only while its window has room, so reading stops while the API
 * is slow. Stops reading (and closes `lines`) as soon as `signal` is aborted.
 */
export async function* readRows(
  lines: AsyncIterable<string>,
  slots: RowSlots,
  start: ReadStart,
  counters: ReadCounters,
  signal: AbortSignal | undefined,
): AsyncGenerator<string, void> {
  let index = start.firstIndex;
  let lineNumber = start.firstLine - 1;
  for await (const line of lines) {
    lineNumber++;
    if (signal?.aborted) return;
    if (isBlank(line)) {
      counters.blankLines++;
      continue;
    }
    try {
      JSON.parse(line);
    } catch (error) {
      slots.pushInvalid(invalidRecord(index++, lineNumber, error));
      const room = slots.room();
      if (room !== undefined) await room;
      continue;
    }
    // The slot goes first: the pool's entry for this row must find it waiting.
    slots.pushValid(index++, lineNumber);
    yield line;
  }
}
