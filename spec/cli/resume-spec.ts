// prepareResume: where an interrupted run stopped, from its output alone.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareResume, ResumeError } from '../../lib/cli/resume.js';
import { removeTempDirs, tempDir } from './helpers.js';

const record = (index: number, ok = true): string =>
  `${JSON.stringify({ index, line: index + 1, ok, response: { text: '{"index":99,"ok":false}' } })}\n`;

describe('pooled-map CLI', () => {
  describe('prepareResume', () => {
    afterEach(removeTempDirs);

    it('should cut a torn last line off and count the complete records', async () => {
      const path = join(tempDir(), 'out.ndjson');
      const complete = record(0) + record(1, false) + record(2);
      writeFileSync(path, `${complete}{"index":3,"line":4,"ok":tr`);
      expect(await prepareResume(path)).to.deep.equal({ rows: 3, failed: 1, droppedBytes: 27 });
      expect(readFileSync(path, 'utf8')).to.equal(complete);
    });

    it('should leave a file that ends with a newline as it is', async () => {
      const path = join(tempDir(), 'out.ndjson');
      writeFileSync(path, record(0) + record(1));
      expect(await prepareResume(path)).to.deep.equal({ rows: 2, failed: 0, droppedBytes: 0 });
      expect(readFileSync(path, 'utf8')).to.equal(record(0) + record(1));
    });

    it('should start from row 0 when the output does not exist, or holds only a torn line', async () => {
      const dir = tempDir();
      expect(await prepareResume(join(dir, 'missing.ndjson'))).to.deep.equal({
        rows: 0,
        failed: 0,
        droppedBytes: 0,
      });
      writeFileSync(join(dir, 'torn.ndjson'), '{"ind');
      expect(await prepareResume(join(dir, 'torn.ndjson'))).to.deep.equal({
        rows: 0,
        failed: 0,
        droppedBytes: 5,
      });
      expect(readFileSync(join(dir, 'torn.ndjson'), 'utf8')).to.equal('');
    });

    it('should read records longer than its read buffer', async () => {
      const path = join(tempDir(), 'out.ndjson');
      const big = `${JSON.stringify({ index: 0, line: 1, ok: true, response: 'x'.repeat(3 << 20) })}\n`;
      writeFileSync(path, big + record(1) + '{"index":2');
      expect(await prepareResume(path)).to.deep.equal({ rows: 2, failed: 0, droppedBytes: 10 });
    });

    it('should refuse, without touching it, a file that is not a clean pooled-map output', async () => {
      const dir = tempDir();
      const foreign = join(dir, 'foreign.ndjson');
      writeFileSync(foreign, `${record(0)}{"id":1}\n{"torn`);
      const error = await prepareResume(foreign).catch((e: unknown) => e);
      expect(error)
        .to.be.instanceOf(ResumeError)
        .with.property('message')
        .that.includes(`${foreign}:2 is not`);
      expect(readFileSync(foreign, 'utf8')).to.equal(`${record(0)}{"id":1}\n{"torn`);

      const gap = join(dir, 'gap.ndjson');
      writeFileSync(gap, record(0) + record(2));
      const gapError = await prepareResume(gap).catch((e: unknown) => e);
      expect(gapError)
        .to.be.instanceOf(ResumeError)
        .with.property('message')
        .that.includes('index 2 where 1');
    });
  });
});
