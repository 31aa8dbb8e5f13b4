// Splits a byte stream into text lines, pulling one chunk at a time: a stream read this way is
// paused between pulls, so a huge input costs one chunk of memory (plus the longest line), never
// the whole file. Simpler and faster than node:readline for this one job.
import { StringDecoder } from 'node:string_decoder';

/**
 * Yields the lines of `source` (e.g. `fs.createReadStream(path)` or `process.stdin`) without
 * their `\n` or `\r\n`. A last line without a newline is yielded too; a UTF-8 byte-order mark at
 * the very start is dropped. Multi-byte characters split across chunks are decoded correctly.
 */
export async function* readLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<string, void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let first = true;
  for await (const chunk of source) {
    let text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield stripCr(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
  if (rest !== '') yield stripCr(rest);
}

/** True for a line that holds no row: empty or only spaces and tabs (blank lines are skipped). */
export function isBlank(line: string): boolean {
  const first = line.charCodeAt(0);
  // The common case, a row starting with a printable ASCII character, without scanning the line.
  if (first > 32 && first < 127) return false;
  return line.trim() === '';
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
