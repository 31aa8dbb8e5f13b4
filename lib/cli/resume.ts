// --resume: finds where a previous run stopped from its output alone. Output is written in input
// order, one full line per row, so the output of a killed run is always a prefix of the final
// output, possibly ending in a torn line: drop that line, and the count of lines left is the
// count of input rows already done.
import { open, type FileHandle } from 'node:fs/promises';

export interface ResumePoint {
  /** Complete records found: the rows to skip in the input, and the index the next row gets. */
  rows: number;
  /** Of those, records with `"ok":false` (they count for the exit code of the resumed run). */
  failed: number;
  /** Bytes of a torn last line that were cut off the file (0 when it ended with a newline). */
  droppedBytes: number;
}

/** The output cannot be resumed: not written by pooled-map, or not a clean prefix. */
export class ResumeError extends Error {
  override readonly name = 'ResumeError';
}

// A record starts `{"index":N,"line":L,"ok":…`: these keys come first by construction
// (OutputRecord), so the start of a line is enough, even when the response after it is huge.
const RECORD_START = /^\{"index":(\d+),"line":\d+,"ok":(true|false)[,}]/;
const PREFIX_BYTES = 64;
const CHUNK_BYTES = 1 << 20;

/**
 * Reads the output file `path` of an earlier run, checks that it is a clean prefix (records with
 * indices 0, 1, 2… in order), cuts a torn last line off, and says where to resume. A file that
 * does not exist resumes from row 0. The file is only modified once it has been fully checked.
 *
 * @throws ResumeError when a complete line is not a record or an index is out of sequence.
 */
export async function prepareResume(path: string): Promise<ResumePoint> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { rows: 0, failed: 0, droppedBytes: 0 };
    throw error;
  }
  try {
    const scanner = new RecordScanner(path);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      scanner.scan(buffer.subarray(0, bytesRead), position);
      position += bytesRead;
    }
    const keep = scanner.endOfLastLine;
    if (keep < position) await handle.truncate(keep);
    return { rows: scanner.rows, failed: scanner.failed, droppedBytes: position - keep };
  } finally {
    await handle.close();
  }
}

/** Checks records line by line, looking only at the first bytes of each. */
class RecordScanner {
  rows = 0;
  failed = 0;
  /** Byte offset just after the last newline: everything after it is a torn line. */
  endOfLastLine = 0;
  /** The first bytes of the line being read (it may span chunks). */
  private head = '';

  constructor(private readonly path: string) {}

  scan(chunk: Buffer, position: number): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (this.head.length < PREFIX_BYTES) {
        this.head += chunk.toString('latin1', start, Math.min(end, start + PREFIX_BYTES - this.head.length));
      }
      if (newline === -1) return; // the line goes on in the next chunk (or is the torn last line)
      this.record();
      this.head = '';
      start = newline + 1;
      this.endOfLastLine = position + start;
    }
  }

  private record(): void {
    const lineNumber = this.rows + 1;
    const match = RECORD_START.exec(this.head);
    if (match === null) {
      throw new ResumeError(
        `${this.path}:${lineNumber} is not a pooled-map output record, so the file cannot be resumed`,
      );
    }
    const index = Number(match[1]);
    if (index !== this.rows) {
      throw new ResumeError(
        `${this.path}:${lineNumber} has index ${index} where ${this.rows} was expected: ` +
          'the file is not one clean pooled-map output, so it cannot be resumed',
      );
    }
    this.rows++;
    if (match[2] === 'false') this.failed++;
  }
}
