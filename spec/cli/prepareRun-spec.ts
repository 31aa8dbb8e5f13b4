// prepareRun: every problem found before the first request is a usage error, never a crash.
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CliOptions } from '../../lib/cli/parseArgs.js';
import { prepareRun } from '../../lib/cli/prepareRun.js';
import { removeTempDirs, rows, tempDir, writeLines } from './helpers.js';

describe('pooled-map CLI', () => {
  describe('prepareRun', () => {
    afterEach(removeTempDirs);

    it('should report an output that --resume cannot open as a problem, like one it cannot create', async () => {
      const dir = tempDir();
      const output = join(dir, 'out');
      mkdirSync(output);
      const options: CliOptions = {
        url: 'http://127.0.0.1:9/',
        input: writeLines(join(dir, 'in.ndjson'), rows(2)),
        output,
        config: undefined,
        pool: {},
        headers: {},
        timeoutMs: undefined,
        giveUpAfterMs: Infinity,
        resume: true,
        quiet: true,
        shared: undefined,
      };
      const prepared = await prepareRun(options, false);
      expect(prepared).to.deep.equal({
        ok: false,
        problems: [
          `\`--output\` cannot be opened: EISDIR: illegal operation on a directory, open '${output}'`,
        ],
      });
    });
  });
});
