// The pooled-map-sim command, run as a real child process through tsx.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { post } from './helpers.js';

const root = resolve(__dirname, '../..');

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/sim/simCli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, stderr: () => stderr };
}

describe('pooled-map-sim', function () {
  // Each run starts a Node process that compiles TypeScript through tsx: generous, as a limit on
  // a slow machine only, never an assertion about speed.
  this.timeout(30_000);

  it('should print the URL first, serve it, and exit 0 with final stats on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--capacity', '5', '--stats-interval', '0', '--headers', 'draft-7']);
    const [url] = (await once(createInterface({ input: cli.child.stdout }), 'line')) as [string];
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const answer = await post(url, { id: 1 });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('ratelimit')).to.equal('limit=5, remaining=0, reset=1');
    expect(answer.body).to.have.property('echo').that.deep.equals({ id: 1 });
    cli.child.kill('SIGTERM');
    const [code, signal] = await cli.exited;
    expect({ code, signal }).to.deep.equal({ code: 0, signal: null });
    expect(cli.stderr()).to.match(/final \(SIGTERM\): .*limiter=token-bucket capacity=5\/s .*200=1 /);
  });

  const badRuns: [string[], RegExp][] = [
    [
      ['--capacity', 'abc', '--nope'],
      /^pooled-map-sim: nothing was started \(2 problems\):\n {2}- `--nope` is not a known option\n {2}- `--capacity` must be a finite number > 0, received "abc"\npooled-map-sim: run pooled-map-sim --help for usage\n$/,
    ],
    [['--capasity', '5'], /- `--capasity` is not a known option \(did you mean --capacity\?\)\n/],
    [
      ['--latency-median', '50', '--latency-p99', '10'],
      /`--latency-p99` must be at least `--latency-median`/,
    ],
  ];
  it('should exit 2 with a clear message for bad flags', async () => {
    // In parallel: each run pays tsx's start-up, and they are independent.
    const results = await Promise.all(
      badRuns.map(async ([args]) => {
        const cli = startCli(args);
        const [code] = await cli.exited;
        return { code, stderr: cli.stderr() };
      }),
    );
    results.forEach(({ code, stderr }, i) => {
      expect(code, stderr).to.equal(2);
      expect(stderr).to.match(badRuns[i]![1]);
    });
  });

  it('should exit 3 with an error line and a hint, as pooled-map does, when it cannot listen', async () => {
    const first = startCli(['--port', '0', '--stats-interval', '0']);
    const [url] = (await once(createInterface({ input: first.child.stdout }), 'line')) as [string];
    const port = new URL(url).port;
    try {
      const second = startCli(['--port', port]);
      const [code] = await second.exited;
      expect(code).to.equal(3);
      expect(second.stderr()).to.match(
        new RegExp(
          `^pooled-map-sim: error: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n` +
            'pooled-map-sim: nothing was started; choose another --port \\(0 picks a free one\\) or --host\\n$',
        ),
      );
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});
