// parseArgs: the command line to options, every problem at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseArgs, type ParsedArgs } from '../../lib/cli/parseArgs.js';

const problemsOf = (parsed: ParsedArgs): string[] => (parsed.kind === 'invalid' ? parsed.problems : []);

describe('pooled-map CLI', () => {
  describe('parseArgs', () => {
    it('should read every flag into options, pool flags as numbers', () => {
      const parsed = parseArgs([
        '--url', 'https://api.example/v1', '-i', 'in.ndjson', '-o', 'out.ndjson', '-c', 'pool.yaml',
        '--pool-size', '8', '--min-delay-ms', '10', '--max-delay-ms', '2000', '--backoff', '1.5',
        '--recovery-step-ms', '25', '--max-retry-seconds', '60', '--max-buffered', '64',
        '-H', 'Authorization: Bearer t0k3n', '--header', 'X-Trace:  a:b ', '--timeout-ms', '1500', '--resume', '-q',
        '--give-up-after', '90',
      ]); // prettier-ignore
      expect(parsed).to.deep.equal({
        kind: 'run',
        options: {
          url: 'https://api.example/v1',
          input: 'in.ndjson',
          output: 'out.ndjson',
          config: 'pool.yaml',
          pool: {
            poolSize: 8,
            minDispatchDelayMs: 10,
            maxDispatchDelayMs: 2000,
            backoffMultiplier: 1.5,
            recoveryStepMs: 25,
            maxCapacityRetrySeconds: 60,
            maxBuffered: 64,
          },
          headers: { Authorization: 'Bearer t0k3n', 'X-Trace': 'a:b' },
          timeoutMs: 1500,
          giveUpAfterMs: 90_000,
          resume: true,
          quiet: true,
          shared: undefined,
        },
      });
    });

    it('should default to stdin and stdout, "-" meaning the same', () => {
      const parsed = parseArgs(['--url', 'http://localhost:8080/', '-i', '-', '-o', '-']);
      expect(parsed).to.deep.include({ kind: 'run' });
      if (parsed.kind !== 'run') return;
      expect(parsed.options).to.include({ input: undefined, output: undefined, resume: false, quiet: false });
      expect(parsed.options.giveUpAfterMs).to.equal(300_000);
      expect(parsed.options.pool).to.deep.equal({});
      expect(parsed.options.headers).to.deep.equal({});
    });

    it('should list every problem of a bad command line, not only the first', () => {
      const problems = problemsOf(
        parseArgs([
          '--pool-size', 'eight', '--nope', '--pool-sise=3', 'stray', '-H', 'no colon', '--timeout-ms', '0',
          '--resume', '--url', 'ftp://files.example/', '--min-delay-ms', '', '--backoff',
        ]), // prettier-ignore
      );
      expect(problems).to.have.members([
        '`--backoff` needs a value',
        '`--nope` is not a known option',
        '`--pool-sise` is not a known option (did you mean --pool-size?)',
        'unexpected argument "stray" (give the input with --input, or on stdin)',
        '`--url` must be an http:// or https:// URL, received "ftp://files.example/"',
        '`--pool-size` must be a number, received "eight"',
        '`--min-delay-ms` must be a number, received ""',
        '`--timeout-ms` must be a finite number > 0 and ≤ 2147483647, received 0',
        '`--header` must look like \'Name: value\', received "no colon"',
        '`--resume` needs `--output <file>`: the run resumes from what that file holds',
      ]);
    });

    it('should require --url and keep what it could read, so the config can be checked too', () => {
      const parsed = parseArgs(['-c', 'pool.yaml', '--pool-size', '0']);
      expect(problemsOf(parsed)).to.deep.equal(['`--url` is required: the endpoint each row is POSTed to']);
      expect(parsed.kind === 'invalid' && parsed.options).to.deep.include({
        config: 'pool.yaml',
        pool: { poolSize: 0 },
      });
    });

    it('should read --give-up-after 0 as never, and refuse a negative one', () => {
      const never = parseArgs(['--url', 'http://x/', '--give-up-after', '0']);
      expect(never.kind === 'run' && never.options.giveUpAfterMs).to.equal(Infinity);
      expect(problemsOf(parseArgs(['--url', 'http://x/', '--give-up-after', '-1']))).to.deep.equal([
        '`--give-up-after` must be a finite number of seconds ≥ 0 (0: never), received -1',
      ]);
    });

    it('should refuse a --timeout-ms longer than a timer holds (Node would fire it after 1 ms)', () => {
      expect(problemsOf(parseArgs(['--url', 'http://x/', '--timeout-ms', '2147483648']))).to.deep.equal([
        '`--timeout-ms` must be a finite number > 0 and ≤ 2147483647, received 2147483648',
      ]);
      expect(parseArgs(['--url', 'http://x/', '--timeout-ms', '2147483647']).kind).to.equal('run');
    });

    it('should print the help to the given writer and say so', () => {
      let help = '';
      expect(parseArgs(['--help'], (text) => (help += text))).to.deep.equal({ kind: 'help' });
      expect(help).to.include('--url <url>').and.include('Exit codes: 0 every row succeeded');
    });

    it("should print the package's version for --version and -V", () => {
      const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
        version: string;
      };
      for (const flag of ['--version', '-V']) {
        let out = '';
        expect(parseArgs([flag], (text) => (out += text))).to.deep.equal({ kind: 'help' });
        expect(out).to.equal(`${version}\n`);
      }
    });
  });
});
