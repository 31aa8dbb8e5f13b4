// Every row gets its record, even when the answer cannot be written back as JSON (nested deeper
// than JSON.stringify's stack allows): a failure record, and the run goes on, resumes included.
import { expect } from 'chai';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { recordLine, type OutputRecord } from '../../lib/cli/OutputRecord.js';
import { readRecords, removeTempDirs, rows, startCli, tempDir, writeLines } from './helpers.js';

/** JSON nested `depth` deep: JSON.parse reads it, JSON.stringify overflows its stack on it. */
const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A server that answers 200 with the request's body: a deep row comes back as a deep answer. */
async function echoServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('pooled-map CLI', function () {
  this.timeout(30_000);
  afterEach(removeTempDirs);

  describe('recordLine', () => {
    const audit = {
      submitIndex: 2,
      completeIndex: 3,
      submitTime: 10,
      completeTime: 20,
      bufferWaitMs: 1,
      attempts: 1,
    };

    it('should write a record as one JSON line', () => {
      const record: OutputRecord = { index: 2, line: 3, ok: true, status: 200, response: { a: 1 }, ...audit };
      expect(recordLine(record)).to.deep.equal({ line: `${JSON.stringify(record)}\n`, record });
    });

    it('should turn an answer it cannot write into the row’s failure, keeping the audit', () => {
      const response = JSON.parse(deepJson(20_000)) as unknown;
      const written = recordLine({ index: 2, line: 3, ok: true, status: 200, response, ...audit });
      const expected = {
        index: 2,
        line: 3,
        ok: false,
        failure: {
          reason: 'unserializable_response',
          statusCode: 200,
          message: 'the answer cannot be written as JSON: Maximum call stack size exceeded',
        },
        ...audit,
      };
      expect(written.record).to.deep.equal(expected);
      expect(written.line).to.equal(`${JSON.stringify(expected)}\n`);
      expect(written.line.startsWith('{"index":2,"line":3,"ok":false,')).to.equal(true);
    });
  });

  describe('an answer that cannot be written as JSON', () => {
    it('should get a failure record while the run goes on, and let --resume pass it', async () => {
      const { url, server } = await echoServer();
      try {
        const dir = tempDir();
        const lines = rows(5);
        lines[2] = deepJson(20_000);
        const input = writeLines(join(dir, 'in.ndjson'), lines);
        const output = join(dir, 'out.ndjson');
        const first = startCli(['--url', url, '-i', input, '-o', output]);
        expect((await first.exited).code, first.stderr()).to.equal(1);
        const written = readRecords(output);
        expect(written.map((record) => record.ok)).to.deep.equal([true, true, false, true, true]);
        expect(written[2]).to.deep.include({ index: 2, line: 3, attempts: 1 });
        expect(written[2]!.failure).to.include({ reason: 'unserializable_response', statusCode: 200 });
        expect(first.stderr()).to.match(/5 rows in .*: 4 succeeded, 1 failed \(unserializable_response 1\)/);

        // As if the run had been killed after two records: --resume writes the deep row's record again.
        const text = readFileSync(output, 'utf8');
        writeFileSync(output, text.split('\n').slice(0, 2).join('\n') + '\n');
        const resumed = startCli(['--url', url, '-i', input, '-o', output, '--resume']);
        expect((await resumed.exited).code, resumed.stderr()).to.equal(1);
        const again = readRecords(output);
        expect(again.map((record) => record.index)).to.deep.equal([0, 1, 2, 3, 4]);
        expect(again[2]!.failure).to.include({ reason: 'unserializable_response' });
        expect(resumed.stderr()).to.match(/resumed after 2 rows/);
      } finally {
        server.close();
      }
    });
  });
});
