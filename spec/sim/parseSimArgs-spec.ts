// pooled-map-sim's flags → startSimulatedApi's options, and every problem at once in pooled-map's form.
import { expect } from 'chai';
import { parseSimArgs } from '../../lib/sim/parseSimArgs.js';

const problemsOf = (argv: string[]): string[] => {
  const parsed = parseSimArgs(argv);
  return parsed.kind === 'invalid' ? parsed.problems : expect.fail(`expected problems, got ${parsed.kind}`);
};
const optionsOf = (argv: string[]) => {
  const parsed = parseSimArgs(argv);
  return parsed.kind === 'run' ? parsed.options : expect.fail(`expected a run: ${JSON.stringify(parsed)}`);
};

describe('parseSimArgs', () => {
  it("should keep today's token bucket flags", () => {
    const options = optionsOf([
      '--capacity',
      '50',
      '--retry-after',
      '--change-at',
      '1000',
      '--change-to',
      '20',
    ]);
    expect(options).to.deep.include({
      capacityPerSecond: 50,
      headers: ['retry-after'],
      capacityChange: [{ atMs: 1000, capacityPerSecond: 20 }],
      recordEvents: false,
    });
    expect(options.limiter).to.equal(undefined);
  });

  it('should set up each window limiter, with its headers', () => {
    const argv = ['--limiter', 'sliding-log', '--limit', '50', '--window-ms', '1000', '--count-refused'];
    expect(
      optionsOf([...argv, '--headers', 'draft-7,retry-after', '--retry-after-format', 'http-date']),
    ).to.deep.include({
      limiter: { kind: 'sliding-log', limit: 50, windowMs: 1000, countRefused: true },
      headers: ['draft-7', 'retry-after'],
      retryAfterFormat: 'http-date',
    });
    expect(
      optionsOf(['--limiter', 'fixed-window', '--limit', '500', '--window-ms', '10000']).limiter,
    ).to.deep.equal({
      kind: 'fixed-window',
      limit: 500,
      windowMs: 10_000,
    });
  });

  it('should read several limits from --limits', () => {
    const argv = ['--limiter', 'multi', '--limits', 'token-bucket:10/2, sliding-log:300/60000:count-refused'];
    expect(optionsOf(argv).limiter).to.deep.equal({
      kind: 'multi',
      limits: [
        { kind: 'token-bucket', capacityPerSecond: 10, burst: 2 },
        { kind: 'sliding-log', limit: 300, windowMs: 60_000, countRefused: true },
      ],
    });
  });

  it('should list every problem, each naming the flag, its rule and the value received', () => {
    expect(
      problemsOf(['--capacity', 'abc', '--limit', '5', '--nope', '--headers', 'draft-9', 'stray']),
    ).to.deep.equal([
      '`--nope` is not a known option',
      'unexpected argument "stray" (pooled-map-sim takes flags only)',
      '`--limit` does not apply to --limiter token-bucket',
      '`--headers` must list some of retry-after, retry-after-ms, draft-6, draft-7, draft-8, legacy, openai, received "draft-9"',
      '`--capacity` must be a finite number > 0, received "abc"',
    ]);
  });

  it('should say what a limiter lacks and which flags are not its own', () => {
    expect(problemsOf(['--limiter', 'fixed-window', '--capacity', '5', '--count-refused'])).to.deep.equal([
      '`--capacity` does not apply to --limiter fixed-window',
      '`--count-refused` does not apply to --limiter fixed-window',
      '`--limiter fixed-window` needs `--limit`',
      '`--limiter fixed-window` needs `--window-ms`',
    ]);
    expect(problemsOf(['--limiter', 'leaky'])).to.deep.equal([
      '`--limiter` must be one of token-bucket, fixed-window, sliding-log, sliding-counter, multi, received "leaky"',
    ]);
    expect(
      problemsOf(['--limiter', 'multi', '--limits', 'fixed-window:10,sliding-log:5/1000']),
    ).to.deep.equal([
      '`--limits` item 1 must look like kind:limit/windowMs[:count-refused] or token-bucket:capacity[/burst], received "fixed-window:10"',
    ]);
  });

  it("should give rules across flags in the flags' names", () => {
    expect(problemsOf(['--latency-median', '50', '--latency-p99', '10'])).to.deep.equal([
      '`--latency-p99` must be at least `--latency-median` (received p99Ms 10, medianMs 50)',
    ]);
    expect(problemsOf(['--limiter', 'multi', '--limits', 'fixed-window:0.5/1000'])).to.deep.equal([
      "`--limits` item 1's limit must be an integer >= 1 (received 0.5)",
    ]);
  });

  it('should report a flag left without its value, and the change pairs that do not match', () => {
    expect(problemsOf(['--change-at', '500', '--seed'])).to.deep.equal([
      '`--seed` needs a value',
      '`--change-at` and `--change-to` must come in pairs, received 1 and 0',
    ]);
  });
});
