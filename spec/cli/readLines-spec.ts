// readLines and isBlank: bytes to lines, whatever the chunking.
import { expect } from 'chai';
import { isBlank, readLines } from '../../lib/cli/readLines.js';

async function linesOf(chunks: (string | Buffer)[]): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const lines: string[] = [];
  for await (const line of readLines(source())) lines.push(line);
  return lines;
}

describe('pooled-map CLI', () => {
  describe('readLines', () => {
    it('should split on LF and CRLF, keep empty lines, and yield a last line without a newline', async () => {
      expect(await linesOf(['a\r\nb\n\nc'])).to.deep.equal(['a', 'b', '', 'c']);
      expect(await linesOf(['a\n'])).to.deep.equal(['a']);
      expect(await linesOf([''])).to.deep.equal([]);
    });

    it('should join lines split across chunks, multi-byte characters included', async () => {
      const bytes = Buffer.from('{"name":"Zoë"}\r\n{"emoji":"🙂"}\n');
      const chunks = Array.from(bytes, (byte) => Buffer.from([byte])); // one byte per chunk
      expect(await linesOf(chunks)).to.deep.equal(['{"name":"Zoë"}', '{"emoji":"🙂"}']);
    });

    it('should drop a UTF-8 byte-order mark at the very start only', async () => {
      expect(await linesOf([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf, 0x31, 0x0a, 0x32])])).to.deep.equal(
        ['1', '2'],
      );
    });
  });

  describe('isBlank', () => {
    it('should treat empty and whitespace-only lines as blank, and nothing else', () => {
      expect(['', ' ', '\t', ' \t '].map(isBlank)).to.deep.equal([true, true, true, true]);
      expect(['{}', ' 1', 'x', '\t[]'].map(isBlank)).to.deep.equal([false, false, false, false]);
    });
  });
});
