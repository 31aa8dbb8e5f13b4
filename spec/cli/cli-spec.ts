// The pooled-map command end to end: a real child process against the simulated API on port 0.
// Assertions are about behaviour (order, completeness, exit codes, what the server saw), never
// about speed; slow runs are slowed on purpose with --min-delay-ms so a signal lands mid-run.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { simulatedResult } from '../../lib/sim/simulatedResult.js';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import type { SimulatedApi } from '../../lib/sim/SimulatedApi.js';
import type { SimulatedApiOptions } from '../../lib/sim/SimulatedApiOptions.js';
import {
  lineCount,
  readRecords,
  records,
  removeTempDirs,
  requestsSeen,
  rows,
  startCli,
  tempDir,
  until,
  writeLines,
} from './helpers.js';

const root = resolve(__dirname, '../..');

describe('pooled-map CLI', function () {
  // Each run starts a Node process that compiles TypeScript through tsx: a generous limit for a
  // slow machine, not an assertion about speed.
  this.timeout(30_000);

  const servers: SimulatedApi[] = [];
  const serve = async (options: SimulatedApiOptions = {}): Promise<SimulatedApi> => {
    const api = await startSimulatedApi({ latency: { medianMs: 2, p99Ms: 20 }, ...options });
    servers.push(api);
    return api;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((api) => api.close()));
    removeTempDirs();
  });

  /** Every record has index 0, 1, 2…: complete and in input order. */
  const expectOrdered = (list: Record<string, unknown>[], count: number): void => {
    expect(list.map((record) => record.index)).to.deep.equal(Array.from({ length: count }, (_, i) => i));
  };

  it('should write one record per row, in input order, and exit 0 when every row succeeds', async () => {
    const api = await serve({ capacityPerSecond: 1000, burst: 100 });
    const dir = tempDir();
    const input = writeLines(join(dir, 'in.ndjson'), rows(40));
    const output = join(dir, 'out.ndjson');
    const cli = startCli(['--url', api.url, '-i', input, '-o', output, '--pool-size', '8']);
    expect((await cli.exited).code, cli.stderr()).to.equal(0);
    const written = readRecords(output);
    expectOrdered(written, 40);
    written.forEach((record, i) => {
      expect(record).to.include({ ok: true, status: 200, line: i + 1, attempts: 1 });
      expect(record.response).to.deep.equal(simulatedResult({ id: i }));
      expect(record).to.have.all.keys(
        'index line ok status response submitIndex completeIndex submitTime completeTime bufferWaitMs attempts'.split(
          ' ',
        ),
      );
    });
    expect(cli.stderr()).to.match(/40 rows in .*: 40 succeeded, 0 failed/);
  });

  it('should exit 1 with every row written when some fail, an invalid line failing in place with its line number', async () => {
    // Capacity to spare: a 429 would be retried, and this test counts one request per JSON row.
    const api = await serve({ capacityPerSecond: 1000, burst: 100, errorRate400: 0.3, seed: 7 });
    const dir = tempDir();
    const lines = [...rows(3), 'not json', '', ...rows(20).slice(3)];
    const output = join(dir, 'out.ndjson');
    const cli = startCli(['--url', api.url, '-i', writeLines(join(dir, 'in.ndjson'), lines), '-o', output]);
    expect((await cli.exited).code, cli.stderr()).to.equal(1);
    const written = readRecords(output);
    expectOrdered(written, 21); // 20 JSON rows and the invalid line; the blank line is skipped
    expect(written[3]).to.deep.include({ index: 3, line: 4, ok: false, attempts: 0 });
    expect(written[3]!.failure).to.include({ reason: 'invalid_input' });
    expect(written[4]).to.include({ index: 4, line: 6 }); // after the blank line 5
    const permanent = written.filter((r) => (r.failure as { reason?: string })?.reason === 'permanent_error');
    expect(permanent.length).to.be.greaterThan(0);
    expect(permanent[0]!.failure).to.include({ errorType: 'PermanentError', statusCode: 400 });
    // No request for the invalid line: one per JSON row (400s are not retried).
    expect(requestsSeen(api.stats())).to.equal(20);
    expect(cli.stderr())
      .to.match(/invalid_input 1/)
      .and.match(/1 blank line skipped/);
  });

  it('should exit 2 listing every problem of the config and the flags, and send nothing', async () => {
    const api = await serve();
    const dir = tempDir();
    const config = join(dir, 'pool.yaml');
    writeFileSync(config, 'pool:\n  poolSize: 0\n  backoffMultiplier: 1\n  poolsize: 4\n');
    const input = writeLines(join(dir, 'in.ndjson'), rows(5));
    const cli = startCli([
      '--url', api.url, '-i', input, '--config', config, '--max-delay-ms', '-5', '--timeout-ms', 'soon',
    ]); // prettier-ignore
    expect((await cli.exited).code).to.equal(2);
    const stderr = cli.stderr();
    expect(stderr).to.include('nothing was sent (5 problems)');
    expect(stderr).to.include(`${config}: \`pool.poolSize\` must be an integer ≥ 1, received 0`);
    expect(stderr).to.include(
      `${config}: \`pool.backoffMultiplier\` must be a finite number > 1, received 1`,
    );
    expect(stderr).to.include(`${config}: \`pool.poolsize\` is not a known option (did you mean poolSize?`);
    expect(stderr).to.include(
      '`--max-delay-ms` (maxDispatchDelayMs) must be a finite number > 0, received -5',
    );
    expect(stderr).to.include('`--timeout-ms` must be a number, received "soon"');
    expect(cli.stdout()).to.equal('');
    expect(requestsSeen(api.stats())).to.equal(0);
  });

  it('should resume a run killed with SIGKILL so that every row is written exactly once, in order', async () => {
    const api = await serve({ capacityPerSecond: 1000, burst: 100 });
    const dir = tempDir();
    const input = writeLines(join(dir, 'in.ndjson'), [...rows(30), '', ...rows(60).slice(30)]);
    const output = join(dir, 'out.ndjson');
    // 25 rows a second at most: slow enough to be killed mid-way.
    // prettier-ignore
    const slow = startCli(['--url', api.url, '-i', input, '-o', output, '--pool-size', '2', '--min-delay-ms', '40']);
    await until(() => lineCount(output) >= 10 || slow.child.exitCode !== null);
    slow.child.kill('SIGKILL');
    expect((await slow.exited).signal).to.equal('SIGKILL');
    const before = lineCount(output);
    expect(before).to.be.within(10, 59);
    appendFileSync(output, '{"index":'); // as if killed in the middle of a write

    const resumed = startCli(['--url', api.url, '-i', input, '-o', output, '--pool-size', '8', '--resume']);
    expect((await resumed.exited).code, resumed.stderr()).to.equal(0);
    const written = readRecords(output);
    expectOrdered(written, 60);
    written.forEach((record, i) => {
      expect(record.response).to.deep.equal(simulatedResult({ id: i }));
      expect(record.line).to.equal(i < 30 ? i + 1 : i + 2); // line 31 is blank
    });
    expect(resumed.stderr()).to.match(new RegExp(`resumed after ${before} rows .*torn last line of 9 bytes`));
  });

  it('should read rows from stdin and write records to stdout', async () => {
    const api = await serve();
    const cli = startCli(['--url', api.url, '--pool-size', '4'], [...rows(12), '{oops'].join('\n'));
    expect((await cli.exited).code).to.equal(1);
    const written = records(cli.stdout());
    expectOrdered(written, 13);
    expect(written[11]).to.include({ ok: true });
    expect(written[12]).to.deep.include({ line: 13, ok: false });
    expect(cli.stderr()).to.match(/13 rows in .*: 12 succeeded, 1 failed \(invalid_input 1\)/);
  });

  it('should exit 130 on SIGINT after writing an ordered prefix of the records', async () => {
    const api = await serve();
    const dir = tempDir();
    const input = writeLines(join(dir, 'in.ndjson'), rows(200));
    const output = join(dir, 'out.ndjson');
    // prettier-ignore
    const cli = startCli(['--url', api.url, '-i', input, '-o', output, '--pool-size', '4', '--min-delay-ms', '20']);
    await until(() => lineCount(output) >= 5 || cli.child.exitCode !== null);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code, cli.stderr()).to.equal(130);
    const written = readRecords(output); // every line complete: nothing torn
    expect(written.length).to.be.within(5, 199);
    expectOrdered(written, written.length);
    expect(cli.stderr()).to.match(/interrupted: the \d+ rows finished in order are written/);
  });

  it('should show the failures of an unreachable URL as they happen, then give up with exit 3', async () => {
    const dir = tempDir();
    const output = join(dir, 'out.ndjson');
    const input = writeLines(join(dir, 'in.ndjson'), rows(3));
    // Nothing listens on port 1. The progress line comes every 2 s; the run gives up at 3 s.
    const cli = startCli(['--url', 'http://127.0.0.1:1/', '-i', input, '-o', output, '--give-up-after', '3']);
    expect((await cli.exited).code, cli.stderr()).to.equal(3);
    const stderr = cli.stderr();
    expect(stderr).to.match(
      /pooled-map: 0\/3 rows .*\| \d+ failed attempts? \(ECONNREFUSED \d+\), last: request failed: connect ECONNREFUSED/,
    );
    expect(stderr).to.match(/pooled-map: attempts: \d+ failed attempts? \(ECONNREFUSED \d+\)/);
    expect(stderr).to.match(
      /pooled-map: error: gave up: no request has been answered for 3\.\d s while every attempt failed \(last error: request failed: connect ECONNREFUSED 127\.0\.0\.1:1\); see --give-up-after/,
    );
    expect(stderr).to.include('--resume continues from there');
    expect(lineCount(output)).to.equal(0);
  });

  it('should end at once when the server asks for 40 days, saying the pool is paused and why', async () => {
    // Every answer: 429 with a Retry-After of 40 days, beyond a timer and the row budget.
    const server = createServer((req, res) => {
      req.resume().on('end', () => res.writeHead(429, { 'retry-after': '3456000' }).end('quota exhausted'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const cli = startCli(['--url', url, '--pool-size', '2'], rows(6).join('\n'));
      expect((await cli.exited).code, cli.stderr()).to.equal(1);
      const written = records(cli.stdout());
      expectOrdered(written, 6);
      for (const record of written)
        expect(record.failure).to.include({ reason: 'retry_timeout', statusCode: 429 });
      const stderr = cli.stderr();
      expect(stderr).to.match(/6 rows in .*: 0 succeeded, 6 failed \(retry_timeout 6\)/);
      expect(stderr).to.match(
        /pooled-map: paused until [\d:-]+( [\d:]+)? at the server's request \(HTTP 429 Too Many Requests: quota exhausted\): it asked for 40 d, beyond a row's retry budget/,
      );
      expect(stderr).not.to.include('TimeoutOverflowWarning');
    } finally {
      server.close();
    }
  });

  it('should stop quietly, exit 141 as on SIGPIPE, when the reader of stdout leaves (| head -n 1)', async () => {
    const api = await serve({ capacityPerSecond: 5000, burst: 500 });
    const input = writeLines(join(tempDir(), 'in.ndjson'), rows(3000));
    // A real shell pipeline: head reads one record and exits; pooled-map's next writes get EPIPE.
    const script =
      'set -o pipefail; "$0" --import tsx lib/cli/main.ts --url "$1" -i "$2" --pool-size 8 -q | head -n 1; ' +
      'echo "status $?" >&2';
    const shell = spawn('bash', ['-c', script, process.execPath, api.url, input], { cwd: root });
    let stdout = '';
    let stderr = '';
    shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await once(shell, 'close');
    expect(records(stdout).map((record) => record.index)).to.deep.equal([0]);
    expect(stderr).to.equal('status 141\n');
  });

  it('should print the help and exit 0', async () => {
    const cli = startCli(['--help']);
    expect((await cli.exited).code).to.equal(0);
    expect(cli.stdout())
      .to.match(/Usage: pooled-map --url <url> \[options\]/)
      .and.match(/--max-buffered <n>/);
  });
});
