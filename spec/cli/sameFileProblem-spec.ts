// The output must never be the input file, however it is named: pooled-map would truncate it
// before reading a row. Compared by device and inode, with and without --resume.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { linkSync, openSync, closeSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sameFileProblem } from '../../lib/cli/sameFileProblem.js';
import { removeTempDirs, rows, startCli, tempDir, writeLines } from './helpers.js';

const URL = 'http://127.0.0.1:9/'; // never called: the run stops before the first request

describe('pooled-map CLI', function () {
  this.timeout(30_000);
  afterEach(removeTempDirs);

  describe('sameFileProblem', () => {
    it('should find a hard link to the input, and let distinct or missing files pass', async () => {
      const dir = tempDir();
      const input = writeLines(join(dir, 'in.ndjson'), rows(2));
      linkSync(input, join(dir, 'hard'));
      expect(await sameFileProblem(input, join(dir, 'hard'))).to.equal(
        `\`--output\` ${join(dir, 'hard')} is the same file as \`--input\` ${input}: writing it would destroy the input`,
      );
      expect(await sameFileProblem(input, writeLines(join(dir, 'other'), rows(2)))).to.equal(undefined);
      expect(await sameFileProblem(input, join(dir, 'missing'))).to.equal(undefined);
    });
  });

  describe('an output that is the input', () => {
    const expectRefused = async (cli: ReturnType<typeof startCli>, file: string, before: string) => {
      const { code } = await cli.exited;
      expect(code, cli.stderr()).to.equal(2);
      expect(cli.stderr()).to.include('nothing was sent (1 problem)');
      expect(cli.stderr().match(/is the same file as/g)).to.have.length(1);
      expect(readFileSync(file, 'utf8')).to.equal(before);
    };

    it('should refuse -i X -o ./X with exit 2, leaving X whole', async () => {
      const dir = tempDir();
      const input = writeLines(join(dir, 'rows.ndjson'), rows(3));
      const before = readFileSync(input, 'utf8');
      const cli = startCli(['--url', URL, '-i', input, '-o', join(dir, '.', 'rows.ndjson')]);
      await expectRefused(cli, input, before);
      expect(cli.stderr()).to.include(`\`--output\` ${join(dir, '.', 'rows.ndjson')} is the same file`);
    });

    it('should refuse an input reached through a symlink, with --resume too', async () => {
      const dir = tempDir();
      const file = writeLines(join(dir, 'rows.ndjson'), rows(3));
      const link = join(dir, 'link.ndjson');
      symlinkSync(file, link);
      const before = readFileSync(file, 'utf8');
      await expectRefused(startCli(['--url', URL, '-i', link, '-o', file]), file, before);
      await expectRefused(startCli(['--url', URL, '-i', link, '-o', file, '--resume']), file, before);
    });

    it('should refuse -o X when stdin is X', async () => {
      const dir = tempDir();
      const file = writeLines(join(dir, 'rows.ndjson'), rows(3));
      const before = readFileSync(file, 'utf8');
      const fd = openSync(file, 'r');
      try {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'lib/cli/main.ts', '--url', URL, '-o', file],
          {
            cwd: resolve(__dirname, '../..'),
            stdio: [fd, 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const [code] = (await once(child, 'close')) as [number | null];
        expect(code, stderr).to.equal(2);
        expect(stderr).to.include(`\`--output\` ${file} is the same file as the input (stdin)`);
      } finally {
        closeSync(fd);
      }
      expect(readFileSync(file, 'utf8')).to.equal(before);
    });
  });
});
