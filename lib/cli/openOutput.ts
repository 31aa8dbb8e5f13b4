// Where records go: a file (created, truncated, or appended to by --resume) or stdout. Records
// are written in order through one stream, each as one full line, so whatever reaches the file
// is always a prefix of the complete output, however the process dies: --resume relies on it.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ReaderGoneError } from './ReaderGoneError.js';

export interface OutputSink {
  /** Writes one line; resolves at once unless the stream is full, then when it has drained. */
  write(line: string): void | Promise<void>;
  /** Flushes everything written and closes the file (stdout is flushed, never closed). */
  close(): Promise<void>;
}

/**
 * Opens the output: `path` undefined means stdout. Resolves once a file is open, so an unwritable
 * path fails before any request is sent.
 */
export async function openOutput(path: string | undefined, append: boolean): Promise<OutputSink> {
  if (path === undefined) return sink(process.stdout, false);
  const file = createWriteStream(path, { flags: append ? 'a' : 'w' });
  await once(file, 'open');
  return sink(file, true);
}

function sink(stream: Writable, owned: boolean): OutputSink {
  // A write error (disk full, closed pipe) is kept and thrown by the next write or by close,
  // which stops the run: carrying on would lose records silently. A pipe (or FIFO) whose reader
  // left fails with EPIPE: a ReaderGoneError, which ends the run quietly.
  let failure: Error | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= error.code === 'EPIPE' ? new ReaderGoneError({ cause: error }) : error;
  });
  const check = (): void => {
    if (failure !== undefined) throw failure;
  };
  return {
    write(line) {
      check();
      if (stream.write(line)) return;
      return waitForDrain(stream).then(check);
    },
    async close() {
      check();
      if (owned) {
        stream.end();
        await once(stream, 'close');
      } else {
        await new Promise<void>((resolve) => stream.write('', () => resolve()));
      }
      check();
    },
  };
}

/** 'drain', or an 'error' (rejecting `once` is fine: the error is also kept by `failure`). */
async function waitForDrain(stream: Writable): Promise<void> {
  await once(stream, 'drain').catch(() => undefined);
}
