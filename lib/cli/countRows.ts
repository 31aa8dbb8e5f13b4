// The progress total: rows in the input, counted up front only when that is cheap and exact (a
// regular file of moderate size). A pipe cannot be read twice, and a huge file would delay the
// start by more than a progress bar is worth.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const MAX_COUNTED_BYTES = 512 * 1024 * 1024;
const NEWLINE = 10;

/** Non-blank lines of the file at `path`, or undefined when it is not a regular file or too large. */
export async function countRows(path: string): Promise<number | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile() || info.size > MAX_COUNTED_BYTES) return undefined;
  let rows = 0;
  // Whether the current line has a byte other than space, tab or CR yet (i.e. is not blank).
  let filled = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = 0; at < chunk.length;) {
      if (!filled) {
        const byte = chunk[at]!;
        if (byte === NEWLINE) {
          at++;
          continue;
        }
        if (byte !== 32 && byte !== 9 && byte !== 13) filled = true;
        else {
          at++;
          continue;
        }
      }
      // Inside a non-blank line: jump to its end.
      const end = chunk.indexOf(NEWLINE, at);
      if (end === -1) break;
      rows++;
      filled = false;
      at = end + 1;
    }
  }
  return filled ? rows + 1 : rows;
}
